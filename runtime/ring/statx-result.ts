/** What Ring.statx resolves with: a file's status shaped like fs.Stats. */
import { constants as fsc } from 'node:fs';
import { STATX_BTIME } from '../../generated/constants.js';
import type { Statx } from '../../generated/structs.js';

/** dev_t from a major and minor number as glibc's makedev() packs it (<sys/sysmacros.h>), as fs.Stats reports it. */
function makedev(major: number, minor: number): number {
  return (major & 0xfffff000) * 2 ** 32 + (major & 0xfff) * 2 ** 8 + (minor & 0xffffff00) * 2 ** 12 + (minor & 0xff);
}

/** A file's status from statx(2), shaped like fs.Stats (times in milliseconds), with the raw struct statx. */
export class StatxResult {
  readonly dev: number;
  readonly ino: bigint;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: number;
  readonly size: number;
  readonly blksize: number;
  readonly blocks: number;
  readonly atimeMs: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly birthtimeMs: number;
  /** STATX_* bits: which fields the kernel filled in. */
  readonly mask: number;
  constructor(readonly raw: Statx) {
    const ms = (t: { tv_sec: bigint; tv_nsec: number }) => Number(t.tv_sec) * 1000 + t.tv_nsec / 1e6;
    this.mask = raw.stx_mask;
    this.dev = makedev(raw.stx_dev_major, raw.stx_dev_minor);
    this.ino = raw.stx_ino;
    this.mode = raw.stx_mode;
    this.nlink = raw.stx_nlink;
    this.uid = raw.stx_uid;
    this.gid = raw.stx_gid;
    this.rdev = makedev(raw.stx_rdev_major, raw.stx_rdev_minor);
    this.size = Number(raw.stx_size);
    this.blksize = raw.stx_blksize;
    this.blocks = Number(raw.stx_blocks);
    this.atimeMs = ms(raw.stx_atime);
    this.mtimeMs = ms(raw.stx_mtime);
    this.ctimeMs = ms(raw.stx_ctime);
    this.birthtimeMs = raw.stx_mask & STATX_BTIME ? ms(raw.stx_btime) : 0;
  }
  isFile(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFDIR;
  }
  isSymbolicLink(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFLNK;
  }
  isFIFO(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFIFO;
  }
  isSocket(): boolean {
    return (this.mode & fsc.S_IFMT) === fsc.S_IFSOCK;
  }
}

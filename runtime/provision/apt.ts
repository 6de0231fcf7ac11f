/**
 * Debian's packages through apt, verified by apt's signature check: a private
 * apt (its own sources list naming Debian's keyring, its own lists, status and
 * cache) in a temporary folder outside node_modules, removed afterwards. The
 * system's apt configuration is only read (for a proxy, say), never changed.
 */
import { childProcess } from './builtins.js';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyAptOutput, ProvisionError } from './failure.js';

export interface AptOptions {
  suite: string;
  /** The Debian architecture to fetch for. */
  arch: string;
  mirror: string;
  /** The keyring the suite's index must be signed with. */
  keyring: string;
  /** When to give up: a Date.now() deadline. */
  deadline: number;
}

/** A private apt, for one suite and architecture. Call dispose() when done. */
export class AptSession {
  private readonly state: string;
  private readonly opts: string[];

  constructor(private readonly o: AptOptions) {
    this.state = mkdtempSync(join(tmpdir(), 'liburing-ts-apt-'));
    for (const d of ['lists/partial', 'cache/archives/partial']) mkdirSync(join(this.state, d), { recursive: true });
    writeFileSync(join(this.state, 'status'), '');
    const sources = join(this.state, 'sources.list');
    writeFileSync(sources, `deb [signed-by=${o.keyring} arch=${o.arch}] ${o.mirror} ${o.suite} main\n`);
    const seconds = String(Math.max(1, Math.min(30, Math.ceil(this.remaining() / 1000))));
    this.opts = [
      '-o', `Dir::Etc::SourceList=${sources}`,
      '-o', 'Dir::Etc::SourceParts=/nonexistent',
      '-o', `Dir::State::Lists=${join(this.state, 'lists')}`,
      '-o', `Dir::State::Status=${join(this.state, 'status')}`,
      '-o', `Dir::Cache=${join(this.state, 'cache')}`,
      '-o', `APT::Architecture=${o.arch}`,
      '-o', `APT::Architectures=${o.arch}`,
      '-o', 'Acquire::Languages=none',
      '-o', 'Debug::NoLocking=1',
      '-o', 'APT::Sandbox::User=root',
      '-o', 'Acquire::Retries=1',
      '-o', `Acquire::http::Timeout=${seconds}`,
      '-o', `Acquire::https::Timeout=${seconds}`,
    ];
  }

  private remaining(): number {
    return this.o.deadline - Date.now();
  }

  private run(cmd: 'apt-get' | 'apt-cache', args: string[], cwd?: string): string {
    const left = this.remaining();
    if (left <= 0) throw this.timedOut();
    const r = childProcess().spawnSync(cmd, [...this.opts, ...args], { cwd, encoding: 'utf8', timeout: left, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw this.timedOut();
    if (r.error) throw new ProvisionError('failed', `${cmd} could not run: ${r.error.message}`);
    // apt-get update reports an unreachable mirror as a warning with status 0: the output tells.
    const failed = r.status !== 0 || /^(E|W): (Failed to fetch|Some index files failed|GPG error)/m.test(out);
    if (!failed) return out;
    throw (
      classifyAptOutput(out, this.o.mirror, this.o.suite) ??
      new ProvisionError('failed', `${cmd} ${args[0]} failed (status ${r.status}) for Debian ${this.o.suite} at ${this.o.mirror}: ${out.trim().split('\n').slice(-3).join(' / ')}`)
    );
  }

  private timedOut(): ProvisionError {
    return new ProvisionError('timeout', `gave up fetching Debian ${this.o.suite}'s liburing from ${this.o.mirror}: no answer in the time allowed (LIBURING_TS_PROVISION_TIMEOUT, in seconds). Check the network, or set LIBURING_TS_MIRROR to a mirror you can reach.`);
  }

  /** Fetch and verify the suite's signed index. */
  update(): void {
    this.run('apt-get', ['update', '-q']);
  }

  /** A package's version in the index. */
  version(pkg: string): string {
    const v = this.stanza(pkg).Version;
    if (!v) throw new ProvisionError('not-found', `Debian ${this.o.suite} on ${this.o.mirror} has no package ${pkg}`);
    return v;
  }

  /** A package's index stanza (Filename, Size, SHA256, ...), for pinning. */
  stanza(pkg: string): Record<string, string> {
    const out = this.run('apt-cache', ['show', '-q', '--no-all-versions', pkg]);
    const fields: Record<string, string> = {};
    for (const m of out.matchAll(/^([A-Za-z0-9-]+): (.*)$/gm)) fields[m[1]!] ??= m[2]!;
    return fields;
  }

  /** Download `pkg=version` specs into `dir`; apt checks each file against the signed index. Returns the .deb paths. */
  download(specs: string[], dir: string): string[] {
    this.run('apt-get', ['download', '-q', ...specs], dir);
    return specs.map((spec) => {
      const name = spec.split('=')[0]!;
      const file = readdirSync(dir).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
      if (!file) throw new ProvisionError('failed', `apt-get download left no ${name}_*.deb in ${dir}`);
      return join(dir, file);
    });
  }

  dispose(): void {
    rmSync(this.state, { recursive: true, force: true });
  }
}

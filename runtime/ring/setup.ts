/**
 * Creating the io_uring behind a Ring: its options checked, the ring set up
 * with a completion queue of its own size and, by default, with completions
 * run as deferred task work (falling back to the classic mode on kernels
 * before 6.1, which refuse DEFER_TASKRUN with EINVAL).
 */
import {
  IORING_SETUP_CLAMP, IORING_SETUP_CQSIZE, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_NO_SQARRAY,
  IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SUBMIT_ALL, IORING_SETUP_TASKRUN_FLAG,
} from '../../generated/constants.js';
import { io_uring_queue_init_params } from '../../generated/wrappers.js';
import { IoUring, IoUringParams } from '../../generated/structs.js';
import { PreconditionError, UringError } from '../errors.js';
import { describeValue } from '../describe.js';
import { refuse, u32, U32_MAX } from './validate.js';

export interface RingOptions {
  /** Submission queue entries (rounded up to a power of two by the kernel). Default 256. */
  entries?: number;
  /** Completion queue entries (IORING_SETUP_CQSIZE). Default: twice `entries`. */
  cqEntries?: number;
  /** Further IORING_SETUP_* flags: CLAMP, SUBMIT_ALL, SINGLE_ISSUER or NO_SQARRAY. */
  flags?: number;
  /**
   * Run completions as deferred task work (IORING_SETUP_DEFER_TASKRUN with SINGLE_ISSUER and
   * TASKRUN_FLAG), signalled through a registered eventfd: completions from io-wq workers are
   * batched instead of waking the event loop one by one, which is much faster for file I/O.
   * The ring must then be used from the thread that created it (it is, in Node). Default true;
   * falls back to the classic mode on kernels without DEFER_TASKRUN (before 6.1).
   */
  deferTaskrun?: boolean;
}

/** Setup flags a Ring accepts: those that do not change how completions are delivered. */
const ALLOWED_SETUP_FLAGS = IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_NO_SQARRAY;
const DEFERRED_SETUP_FLAGS = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG;

/** What the Ring's options become in io_uring_queue_init_params, whose rules (ranges of entries and cq_entries) are checked by its wrapper. */
const PARAMETER_OF: Readonly<Record<string, string>> = { entries: 'entries', p: 'cqEntries' };

export interface InitializedRing {
  uring: IoUring;
  /** Entries the kernel gave the submission and completion queues. */
  entries: number;
  cqEntries: number;
  /** Completions run as deferred task work. */
  deferred: boolean;
}

function count(fn: string, name: string, v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= U32_MAX) return v;
  return refuse(fn, name, 'range', describeValue(v), `${name} must be a positive integer`);
}

/** io_uring_queue_init_params with `flags`; a refused argument is reported as Ring.create's. */
function init(fn: string, entries: number, cqEntries: number, flags: number): InitializedRing & { deferred: false } {
  const params = new IoUringParams();
  params.flags = flags | IORING_SETUP_CQSIZE;
  params.cq_entries = cqEntries;
  const uring = new IoUring();
  try {
    io_uring_queue_init_params(entries, uring, params);
  } catch (e) {
    if (e instanceof PreconditionError) {
      const parameter = PARAMETER_OF[e.parameter] ?? e.parameter;
      const passedAs = parameter === 'cqEntries' ? 'p.cq_entries' : e.parameter;
      const hint = `(${fn} passes ${parameter} to io_uring_queue_init_params as ${passedAs}.) ${e.hint}`;
      refuse(fn, parameter, e.rule, describeValue(parameter === 'entries' ? entries : cqEntries), e.requirement, hint, e.cCode);
    }
    throw e;
  }
  return { uring, entries: params.sq_entries, cqEntries: params.cq_entries, deferred: false };
}

/** Check `options` and set up the ring they describe. */
export function initRing(options: RingOptions): InitializedRing {
  const fn = 'Ring.create';
  if (typeof options !== 'object' || options === null) refuse(fn, 'options', 'type', describeValue(options), 'options must be an object');
  const entries = options.entries === undefined ? 256 : count(fn, 'entries', options.entries);
  const cqEntries = options.cqEntries === undefined ? entries * 2 : count(fn, 'cqEntries', options.cqEntries);
  const flags = options.flags === undefined ? 0 : u32(fn, 'flags', options.flags);
  if (flags & ~ALLOWED_SETUP_FLAGS) {
    refuse(fn, 'flags', 'flags', `0x${flags.toString(16)}`,
      'flags may hold IORING_SETUP_CLAMP, SUBMIT_ALL, SINGLE_ISSUER and NO_SQARRAY only: the Ring reaps completions on the event loop, which SQPOLL, IOPOLL, DEFER_TASKRUN and COOP_TASKRUN change',
      'Use the checked API (io_uring_queue_init_params) for those setups.');
  }
  if (options.deferTaskrun ?? true) {
    try {
      return { ...init(fn, entries, cqEntries, flags | DEFERRED_SETUP_FLAGS), deferred: true };
    } catch (e) {
      // A kernel before 6.1: no DEFER_TASKRUN.
      if (!(e instanceof UringError && e.code === 'EINVAL')) throw e;
    }
  }
  return init(fn, entries, cqEntries, flags);
}

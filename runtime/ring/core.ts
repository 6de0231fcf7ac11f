/**
 * What the parts of one Ring share: the mapped queues, whether the ring is
 * closed or exited, and the records of its operations in flight. A record's
 * index and generation are the operation's user_data, so a completion finds
 * its operation in one array lookup, and a stale or foreign user_data finds
 * nothing.
 */
import type { IoUring } from '../../generated/structs.js';
import type { FastRing } from '../fast/index.js';
import type { Op } from './op.js';

export class RingCore {
  /** close() was called: new operations are refused. */
  closed = false;
  /** io_uring_queue_exit ran: the mapped queues are gone, nothing may touch them. */
  exited = false;
  private readonly records: (Op | undefined)[] = [undefined];
  private readonly freeIds: number[] = [];
  private seq = 0;
  private live = 0;

  constructor(
    readonly uring: IoUring,
    readonly fast: FastRing,
    /** Completions run as deferred task work (IORING_SETUP_DEFER_TASKRUN), signalled by an eventfd. */
    readonly deferred: boolean,
    /** Called when the first operation goes in flight, and when the last one completed. */
    private readonly onBusy: (busy: boolean) => void,
  ) {}

  /** The mapped SQE array. */
  get sqes(): DataView {
    return this.fast.sqes;
  }

  /** Operations whose final completion has not arrived. */
  get pending(): number {
    return this.live;
  }

  /** Give `op` a record: its id and generation become its user_data. */
  add(op: Op): void {
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.records.push(undefined) - 1;
    op.id = id;
    op.owner = this;
    op.gen = this.seq = (this.seq + 1) >>> 0;
    this.records[id] = op;
    if (++this.live === 1) this.onBusy(true);
  }

  /** The operation a completion's user_data (low and high halves) names, if it is still in flight. */
  find(lo: number, hi: number): Op | undefined {
    const op = this.records[lo];
    return op !== undefined && op.gen === hi ? op : undefined;
  }

  /** `op`'s final completion arrived: free its record. */
  remove(op: Op): void {
    this.records[op.id] = undefined;
    this.freeIds.push(op.id);
    op.done = true;
    this.live--;
  }

  /** After reaping: tell onBusy(false) when nothing is in flight. */
  reportIdle(): void {
    if (this.live === 0) this.onBusy(false);
  }

  /** Every operation in flight. */
  *inFlight(): IterableIterator<Op> {
    for (const op of this.records) if (op) yield op;
  }

  /** Forget every operation in flight (the ring is being exited); returns them. */
  drop(): Op[] {
    const ops = [...this.inFlight()];
    for (const op of ops) {
      this.records[op.id] = undefined;
      op.done = true;
    }
    this.live = 0;
    return ops;
  }
}

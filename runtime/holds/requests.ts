/**
 * Which requests of a ring may still be running, counted by user_data.
 *
 * A final CQE (one without IORING_CQE_F_MORE) names a user_data, not a
 * request: with several requests in flight under one user_data, or CQEs that
 * no request of ours posts (resource tags, msg_ring data, CQEs of
 * IOSQE_CQE_SKIP_SUCCESS requests, which may or may not come), a CQE cannot say
 * which request finished. So each user_data has a group: `outstanding`, the
 * final CQEs that may still come with it (one per request, plus each foreign
 * CQE that may come), and the memory of all its requests. The memory is let go
 * when `outstanding` reaches 0, that is when every CQE that could come with
 * that user_data has been consumed, which proves every request of the group
 * done. A foreign CQE that never comes keeps the group's memory until the ring
 * exits: over-holding, never early release.
 *
 * A group with no memory and nothing foreign is a plain count (no allocation
 * per request): for a small user_data (below SMALL_KEYS, the usual index or
 * counter) in an array slot, with no Map operation at all; one request with
 * its own user_data and memory is released by its first final CQE.
 */
import { absorb, newHeld, release, type Held } from './held.js';

/** A user_data as a Map key: a number when it is exact (below 2^53), else a bigint. */
export type UserDataKey = number | bigint;

const TWO_32 = 2 ** 32;
/** Above this high word, hi * 2^32 + lo is no longer an exact number. */
const EXACT_HI = 2 ** 21;

/** The key of the user_data whose low and high 32-bit words are `lo` and `hi`. */
export function keyOf(lo: number, hi: number): UserDataKey {
  return hi < EXACT_HI ? hi * TWO_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

/** The key of a user_data given as a bigint. */
export function keyOfBig(u: bigint): UserDataKey {
  const v = BigInt.asUintN(64, u);
  return keyOf(Number(v & 0xffffffffn), Number(v >> 32n));
}

/** User_data keys below this count plain requests in an array instead of the Map. */
const SMALL_KEYS = 1024;

function isSmall(key: UserDataKey): key is number {
  return typeof key === 'number' && key < SMALL_KEYS;
}

interface Group {
  /** Final CQEs that may still come with this user_data: its requests', and foreign ones. */
  outstanding: number;
  /** Requests of the group counted in RequestBook.inFlight. */
  requests: number;
  held: Held | null;
}

export class RequestBook {
  /**
   * Per user_data: a count of requests without memory, or a Group. A small key's plain count is in `small`
   * instead (never in both): a small key is in this Map only as a Group.
   */
  readonly groups = new Map<UserDataKey, number | Group>();
  /** Plain counts (requests without memory, nothing foreign) of the small user_data keys. */
  private readonly small = new Uint32Array(SMALL_KEYS);
  /** How many small keys have a plain count. */
  private smallKeys = 0;
  /** Requests counted and not yet proven done. */
  inFlight = 0;
  /**
   * Requests reached the kernel without being seen (their SQE slots were
   * taken again before the books caught up): no CQE proves anything any more,
   * so nothing is released before the ring exits.
   */
  lost = false;
  /** Memory no CQE can prove free: released when the ring exits. */
  readonly untilExit: Held = newHeld();
  /** How many requests' memory is in untilExit. */
  requestsUntilExit = 0;
  /** Memory to let go once no counted request is in flight (buffers a request may have selected). */
  private readonly afterQuiet: Held[] = [];

  /** A request that posts exactly one final CQE went to the kernel with `key`, keeping `held` (if any). */
  submitted(key: UserDataKey, held: Held | undefined): void {
    this.inFlight++;
    const plain = held === undefined || held.values.length === 0;
    if (isSmall(key)) {
      const c = this.small[key]!;
      if (plain && c !== 0) {
        this.small[key] = c + 1;
        return;
      }
      if (plain && (this.groups.size === 0 || !this.groups.has(key))) {
        this.small[key] = 1;
        this.smallKeys++;
        return;
      }
      this.unsmall(key);
    }
    const g = this.groups.get(key);
    if (plain) {
      if (g === undefined) this.groups.set(key, 1);
      else if (typeof g === 'number') this.groups.set(key, g + 1);
      else {
        g.outstanding++;
        g.requests++;
      }
      return;
    }
    if (g === undefined) this.groups.set(key, { outstanding: 1, requests: 1, held });
    else if (typeof g === 'number') this.groups.set(key, { outstanding: g + 1, requests: g + 1, held });
    else {
      g.outstanding++;
      g.requests++;
      if (g.held) absorb(g.held, held);
      else g.held = held;
    }
  }

  /**
   * A request that nothing can prove done went to the kernel (IOSQE_CQE_SKIP_SUCCESS:
   * no CQE on success): its memory stays until exit, it stays in flight, and
   * the CQE it posts if it fails is foreign to the others with `key`.
   */
  unprovable(key: UserDataKey | null, held: Held | undefined): void {
    this.inFlight++;
    this.keepUntilExit(held);
    if (key !== null) this.foreign(key, 1);
  }

  /** Keep `held` until the ring exits. */
  keepUntilExit(held: Held | undefined): void {
    if (!held || held.values.length === 0) return;
    absorb(this.untilExit, held);
    this.requestsUntilExit++;
  }

  /** `n` CQEs with `key` may come that no counted request posts. */
  foreign(key: UserDataKey, n: number): void {
    if (isSmall(key)) this.unsmall(key);
    const g = this.groups.get(key);
    if (g === undefined) this.groups.set(key, { outstanding: n, requests: 0, held: null });
    else if (typeof g === 'number') this.groups.set(key, { outstanding: g + n, requests: g, held: null });
    else g.outstanding += n;
  }

  /** Move a small key's plain count, if it has one, into the Map (where a Group can take it over). */
  private unsmall(key: number): void {
    const c = this.small[key]!;
    if (c === 0) return;
    this.small[key] = 0;
    this.smallKeys--;
    this.groups.set(key, c);
  }

  /** Whether any user_data is counted (a CQE consumed now may be one of ours). */
  counting(): boolean {
    return this.smallKeys !== 0 || this.groups.size !== 0;
  }

  /** A final CQE with `key` was consumed. */
  completed(key: UserDataKey): void {
    if (isSmall(key)) {
      const c = this.small[key]!;
      if (c !== 0) {
        this.small[key] = c - 1;
        if (c === 1) this.smallKeys--;
        if (--this.inFlight === 0) this.quiet();
        return;
      }
    }
    const g = this.groups.get(key);
    if (g === undefined) return;
    if (typeof g === 'number') {
      // No memory and nothing foreign: each CQE is one of these requests done.
      if (g === 1) this.groups.delete(key);
      else this.groups.set(key, g - 1);
      if (--this.inFlight === 0) this.quiet();
      return;
    }
    if (--g.outstanding > 0) return;
    // Every CQE that could come with this user_data came: all of the group's requests are done.
    this.groups.delete(key);
    this.inFlight -= g.requests;
    if (g.held) {
      if (this.lost) this.keepUntilExit(g.held);
      else release(g.held);
    }
    if (this.inFlight === 0) this.quiet();
  }

  /** Let `held` go once no counted request is in flight (at once if none is). */
  releaseWhenQuiet(held: Held): void {
    if (held.values.length === 0) return;
    this.afterQuiet.push(held);
    if (this.inFlight === 0) this.quiet();
  }

  private quiet(): void {
    if (this.lost || this.afterQuiet.length === 0) return;
    for (const h of this.afterQuiet) release(h);
    this.afterQuiet.length = 0;
  }

  /** Requests whose memory is still kept (in flight, or until exit). */
  heldRequests(): number {
    let n = this.requestsUntilExit;
    for (const g of this.groups.values()) if (typeof g !== 'number' && g.held && g.held.values.length) n += g.requests;
    return n;
  }

  /** Memory waiting for quiet (buffer rings unregistered while requests were in flight). */
  heldAfterQuiet(): number {
    return this.afterQuiet.reduce((n, h) => n + h.values.length, 0);
  }

  /** The ring exited: every request is gone, all memory is let go. */
  exit(): void {
    for (const g of this.groups.values()) if (typeof g !== 'number' && g.held) release(g.held);
    this.groups.clear();
    this.small.fill(0);
    this.smallKeys = 0;
    for (const h of this.afterQuiet) release(h);
    this.afterQuiet.length = 0;
    release(this.untilExit);
    this.requestsUntilExit = 0;
    this.inFlight = 0;
    this.lost = false;
  }
}

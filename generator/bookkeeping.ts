/**
 * Effects whose runtime bookkeeping needs more than the ring argument (see
 * FunctionEntry.effect in schema/language.ts): the runtime call each emits.
 */
import type { FunctionEntry } from '../schema/language.js';
import type { ModelFunction } from './model.js';

/**
 * The runtime bookkeeping of effects that need more than the ring: the call,
 * over the wrapper's parameters by name (and `ret`, C's result), and whether
 * it runs before C (counting what may come even if the call fails) or after
 * a successful call.
 */
const BOOKKEEPING: Partial<Record<NonNullable<FunctionEntry['effect']>, { call: string; params: string[]; before?: true }>> = {
  'resource-tags': { call: 'rt.tagsRegistered(ring, tags);', params: ['ring', 'tags'] },
  'msg-ring-sync': { call: 'rt.msgRingSent(sqe);', params: ['sqe'], before: true },
  'register-raw': { call: 'rt.rawRegistered(fd, opcode);', params: ['fd', 'opcode'] },
  'buf-ring-setup': { call: 'if (ret) rt.bufRingRegistered(ring, ret, bgid);', params: ['ring', 'bgid'] },
  'buf-ring-register': { call: 'rt.bufRingRegistered(ring, reg.ring_addr, reg.bgid);', params: ['ring', 'reg'] },
  'buf-ring-unregister': { call: 'rt.bufRingUnregistered(ring, bgid);', params: ['ring', 'bgid'] },
  'buf-ring-add': { call: 'rt.bufRingAdded(br, addr);', params: ['br', 'addr'] },
};

/** The bookkeeping call of `f`'s effect, if it has one; throws when the entry lacks a parameter the call names. */
export function bookkeepingOf(f: ModelFunction, names: readonly string[]): { call: string; before?: true } | undefined {
  const e = f.entry;
  const b = e.effect ? BOOKKEEPING[e.effect] : undefined;
  if (!b) return undefined;
  const missing = b.params.filter((n) => !names.includes(n));
  if (missing.length) throw new Error(`${f.file}: entry ${e.name}: effect ${e.effect} needs parameters named ${missing.join(', ')}`);
  return b;
}

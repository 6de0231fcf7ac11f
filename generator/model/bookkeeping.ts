/**
 * What a wrapper tells the runtime's ring bookkeeping (runtime/ring-state.ts)
 * around its C call, as a table: from the entry's `bookkeeping` kind and its
 * parameters' ownership. Emitters print the calls in order.
 */
import type { FunctionEntry } from '../../schema/language.js';
import type { ModelParam } from './params.js';

/** `rt.<fn>(<args>)`, run only when `guard` holds. */
export interface Call {
  fn: string;
  args: string[];
  guard?: string;
}

export interface ModelBookkeeping {
  /** Before C is called: completions are let go before C hands their CQE slots back to the kernel. */
  before: Call[];
  /** After C returned successfully. */
  after: Call[];
}

type Kind = Exclude<FunctionEntry['bookkeeping'], undefined>;
type KindName = Kind extends infer K ? (K extends string ? K : K extends { kind: infer N } ? N : never) : never;

/** For each bookkeeping kind: the calls it adds, given the ring parameter. */
const TABLE: Record<KindName, (ring: string, k: Kind, params: ModelParam[], where: string) => Partial<ModelBookkeeping>> = {
  'ring-init': () => ({}), // ringInitialized is added with the memory the ring keeps, below
  'ring-exit': (ring) => ({ after: [{ fn: 'ringExited', args: [ring] }] }),
  'ring-remap': (ring) => ({ after: [{ fn: 'ringRemapped', args: [ring] }] }),
  submit: (ring) => ({ after: [{ fn: 'ringSubmitted', args: [ring] }] }),
  'cqe-seen': (ring, _k, params, where) => {
    const cqe = params.find((mp) => mp.role === 'cqe');
    if (!cqe) throw new Error(`${where}: field bookkeeping: cqe-seen needs a struct io_uring_cqe * parameter`);
    return { before: [{ fn: 'cqeSeen', args: [ring, cqe.p.name], guard: cqe.p.nullable ? `${cqe.p.name} !== null` : undefined }] };
  },
  'cq-advance': (ring, k, params, where) => {
    const name = (k as { count: string }).count;
    if (!params.some((mp) => mp.p.name === name && mp.ct.kind === 'int')) throw new Error(`${where}: field bookkeeping.count: ${name} is not an integer parameter`);
    return { before: [{ fn: 'cqAdvanced', args: [ring, `Number(${name})`] }] };
  },
};

export function resolveBookkeeping(entry: FunctionEntry, params: ModelParam[], where: string): ModelBookkeeping {
  const out: ModelBookkeeping = { before: [], after: [] };
  const ring = params.find((mp) => mp.role === 'ring')?.p.name;
  const sqe = params.find((mp) => mp.role === 'sqe')?.p.name;
  const k = entry.bookkeeping;
  if (k !== undefined) {
    if (!ring) throw new Error(`${where}: field bookkeeping: needs a struct io_uring * parameter`);
    const name = (typeof k === 'string' ? k : k.kind) as KindName;
    const add = TABLE[name](ring, k, params, where);
    out.before.push(...(add.before ?? []));
    out.after.push(...(add.after ?? []));
  }
  // Memory the kernel keeps using after the call.
  for (const mp of params) {
    const value = mp.ct.kind === 'string' ? `${mp.p.name}_c` : mp.p.name;
    if (mp.p.ownership === 'completion') {
      if (!sqe) throw new Error(`${where}: params.${mp.p.name}: ownership completion needs a struct io_uring_sqe * parameter`);
      out.after.push({ fn: 'holdUntilCompletion', args: [sqe, value] });
    }
    if (mp.p.ownership === 'ring' && k !== 'ring-init') {
      if (!ring) throw new Error(`${where}: params.${mp.p.name}: ownership ring needs a struct io_uring * parameter`);
      out.after.push({ fn: 'holdForRing', args: [ring, mp.p.name] });
    }
    if (mp.p.ownership === 'consumed') out.after.push({ fn: 'consumed', args: [mp.p.name, `'it was freed by ${entry.name}'`] });
  }
  if (k === 'ring-init') {
    const kept = params.filter((mp) => mp.p.ownership === 'ring').map((mp) => mp.p.name);
    out.after.push({ fn: 'ringInitialized', args: [ring!, `[${kept.join(', ')}]`] });
  }
  return out;
}

/**
 * What a wrapper tells the runtime's ring bookkeeping (runtime/ring-state.ts
 * and runtime/holds/) around its C call, as a table: from the entry's
 * `bookkeeping` kind and its parameters' ownership. Emitters print the calls
 * in order.
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
  /** Right after C returned, whatever it returned (a submit may flush the SQ and then fail). */
  always: Call[];
  /** After C returned successfully. */
  after: Call[];
  /**
   * The SQE a prep helper fills: a refused checked call may have made it a
   * NOP, and a prep (checked or not) starts from what io_uring_get_sqe gives.
   */
  prepStarts: string | null;
  /**
   * What the checked wrapper calls in place of C's function, when calling C
   * itself would be unsafe (munmap of memory a JavaScript view still sees);
   * it keeps C's result convention. The unchecked twin still calls C. Absent
   * for every other function.
   */
  instead?: Call;
}

type Kind = Exclude<FunctionEntry['bookkeeping'], undefined | unknown[]>;
type KindName = Kind extends infer K ? (K extends string ? K : K extends { kind: infer N } ? N : never) : never;

interface Row {
  /** Parameters the calls name, besides the ring (checked against the entry). */
  params: string[];
  calls(ring: string | undefined, k: Kind, params: ModelParam[]): Partial<Omit<ModelBookkeeping, 'prepStarts' | 'instead'>> & { instead?: Call };
}

/** For each bookkeeping kind: the parameters it needs and the calls it adds. */
const TABLE: Record<KindName, Row> = {
  // ringInitialized comes with the memory the ring keeps, below.
  'ring-init': { params: ['ring'], calls: (ring) => ({ after: [{ fn: 'registrations.ringStarted', args: [ring!] }] }) },
  // Before the exit, requests still in the kernel are cancelled and waited for (runtime/holds/exit.ts).
  'ring-exit': { params: ['ring'], calls: (ring) => ({ before: [{ fn: 'ringExiting', args: [ring!] }], after: [{ fn: 'ringExited', args: [ring!] }, { fn: 'registrations.ringEnded', args: [ring!] }] }) },
  'ring-remap': { params: ['ring'], calls: (ring) => ({ after: [{ fn: 'ringRemapped', args: [ring!] }] }) },
  submit: { params: ['ring'], calls: (ring) => ({ always: [{ fn: 'ringSubmitted', args: [ring!] }] }) },
  'cqe-seen': {
    params: ['ring'],
    calls: (ring, _k, params) => {
      const cqe = params.find((mp) => mp.role === 'cqe');
      if (!cqe) throw new Error('field bookkeeping: cqe-seen needs a struct io_uring_cqe * parameter');
      return { before: [{ fn: 'cqeSeen', args: [ring!, cqe.p.name], guard: cqe.p.nullable ? `${cqe.p.name} !== null` : undefined }] };
    },
  },
  'cq-advance': {
    params: ['ring'],
    calls: (ring, k, params) => {
      const name = (k as { count: string }).count;
      if (!params.some((mp) => mp.p.name === name && mp.ct.kind === 'int')) throw new Error(`field bookkeeping.count: ${name} is not an integer parameter`);
      return { before: [{ fn: 'cqAdvanced', args: [ring!, `Number(${name})`] }] };
    },
  },
  // Tags come back as CQEs with user_data = tag: they may look like requests' completions.
  'resource-tags': { params: ['ring', 'tags'], calls: (ring) => ({ after: [{ fn: 'tagsRegistered', args: [ring!, 'tags'] }] }) },
  // Counted before C: the message may arrive even if the call then fails.
  'msg-ring-sync': { params: ['sqe'], calls: () => ({ before: [{ fn: 'msgRingSent', args: ['sqe'] }] }) },
  'register-raw': {
    params: ['fd', 'opcode'],
    calls: () => ({ after: [{ fn: 'rawRegistered', args: ['fd', 'opcode'] }, { fn: 'registrations.rawRegistered', args: ['fd', 'opcode'] }] }),
  },
  'buf-ring-setup': {
    params: ['ring', 'bgid'],
    calls: (ring) => ({ after: [{ fn: 'bufRingRegistered', args: [ring!, 'ret', 'bgid'], guard: 'ret' }, { fn: 'registrations.bufferGroupAdded', args: [ring!, 'bgid'], guard: 'ret' }] }),
  },
  'buf-ring-register': {
    params: ['ring', 'reg'],
    calls: (ring) => ({ after: [{ fn: 'bufRingRegistered', args: [ring!, 'reg.ring_addr', 'reg.bgid'] }, { fn: 'registrations.bufferGroupAdded', args: [ring!, 'reg.bgid'] }] }),
  },
  'buf-ring-unregister': {
    params: ['ring', 'bgid'],
    calls: (ring) => ({ after: [{ fn: 'bufRingUnregistered', args: [ring!, 'bgid'] }, { fn: 'registrations.bufferGroupRemoved', args: [ring!, 'bgid'] }] }),
  },
  'buf-ring-add': { params: ['br', 'addr'], calls: () => ({ after: [{ fn: 'bufRingAdded', args: ['br', 'addr'] }] }) },
  // What the ring has registered (runtime/registrations.ts): after success only.
  'files-register': {
    params: ['ring'],
    calls: (ring, k, params) => ({ after: [{ fn: 'registrations.filesRegistered', args: [ring!, `Number(${intParam(params, (k as { count: string }).count)})`] }] }),
  },
  'files-unregister': { params: ['ring'], calls: (ring) => ({ after: [{ fn: 'registrations.filesUnregistered', args: [ring!] }] }) },
  'buffers-register': {
    params: ['ring'],
    calls: (ring, k, params) => {
      const b = k as { count: string; iovecs?: string; offset?: string };
      const count = `Number(${intParam(params, b.count)})`;
      if (!b.iovecs) return { after: [{ fn: 'registrations.buffersSparse', args: [ring!, count] }] };
      const iovecs = structParam(params, b.iovecs);
      // An update returns how many slots it replaced (fewer when one failed).
      if (b.offset) return { after: [{ fn: 'registrations.buffersUpdated', args: [ring!, `Number(${intParam(params, b.offset)})`, iovecs, `Math.min(${count}, Number(ret))`] }] };
      return { after: [{ fn: 'registrations.buffersRegistered', args: [ring!, iovecs, count] }] };
    },
  },
  'buffers-unregister': { params: ['ring'], calls: (ring) => ({ after: [{ fn: 'registrations.buffersUnregistered', args: [ring!] }] }) },
  'buffers-clone': {
    params: ['dst', 'src'],
    calls: (_ring, k) => ({ after: [{ fn: 'registrations.buffersCloned', args: ['dst', 'src', String((k as { whole: boolean }).whole)] }] }),
  },
  'buffers-provide': { params: ['sqe', 'bgid'], calls: () => ({ after: [{ fn: 'registrations.buffersProvided', args: ['sqe', 'bgid'] }] }) },
  // munmap would leave a JavaScript view over unmapped pages (touching it kills the process): fresh zero pages take the
  // mapping's place in one step instead (mmap MAP_FIXED unmaps the old pages as munmap does), until the last view is collected.
  unmap: { params: ['addr', 'length'], calls: () => ({ instead: { fn: 'unmapMapping', args: ['addr'] } }) },
};

/** The name of an integer parameter a bookkeeping kind names (checked against the entry). */
function intParam(params: ModelParam[], name: string): string {
  if (!params.some((mp) => mp.p.name === name && mp.ct.kind === 'int')) throw new Error(`field bookkeeping: ${name} is not an integer parameter`);
  return name;
}

/** The name of a struct parameter a bookkeeping kind names (checked against the entry). */
function structParam(params: ModelParam[], name: string): string {
  if (!params.some((mp) => mp.p.name === name && mp.ct.kind === 'struct')) throw new Error(`field bookkeeping: ${name} is not a struct parameter`);
  return name;
}

export function resolveBookkeeping(entry: FunctionEntry, params: ModelParam[], where: string): ModelBookkeeping {
  const out: ModelBookkeeping = { before: [], always: [], after: [], prepStarts: null };
  const ring = params.find((mp) => mp.role === 'ring')?.p.name;
  const sqe = params.find((mp) => mp.role === 'sqe')?.p.name;
  const names = params.map((mp) => mp.p.name);
  const kinds: Kind[] = entry.bookkeeping === undefined ? [] : Array.isArray(entry.bookkeeping) ? entry.bookkeeping : [entry.bookkeeping];
  for (const k of kinds) {
    const name = (typeof k === 'string' ? k : k.kind) as KindName;
    const row = TABLE[name];
    const missing = row.params.filter((n) => (n === 'ring' ? !ring : !names.includes(n)));
    if (missing.length) throw new Error(`${where}: field bookkeeping: ${name} needs parameters named ${missing.join(', ')}`);
    let add: ReturnType<Row['calls']>;
    try {
      add = row.calls(ring, k, params);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    out.before.push(...(add.before ?? []));
    out.always.push(...(add.always ?? []));
    out.after.push(...(add.after ?? []));
    if (add.instead) out.instead = add.instead;
  }
  if (entry.category === 'prep' && sqe) out.prepStarts = sqe;
  // Memory the kernel keeps using after the call.
  for (const mp of params) {
    const value = mp.ct.kind === 'string' ? `${mp.p.name}_c` : mp.p.name;
    if (mp.p.ownership === 'completion') {
      if (!sqe) throw new Error(`${where}: params.${mp.p.name}: ownership completion needs a struct io_uring_sqe * parameter`);
      out.after.push({ fn: 'holdUntilCompletion', args: [sqe, value] });
    }
    if (mp.p.ownership === 'ring' && !kinds.includes('ring-init')) {
      // Registered buffers are held by their ring; provided buffers by the ring of the SQE that provides them.
      if (ring) out.after.push({ fn: 'holdForRing', args: [ring, mp.p.name] });
      else if (sqe) out.after.push({ fn: 'holdForRingOfSqe', args: [sqe, mp.p.name] });
      else throw new Error(`${where}: params.${mp.p.name}: ownership ring needs a struct io_uring * or io_uring_sqe * parameter`);
    }
    if (mp.p.ownership === 'consumed') out.after.push({ fn: 'consumed', args: [mp.p.name, `'it was freed by ${entry.name}'`] });
  }
  if (kinds.includes('ring-init')) {
    const kept = params.filter((mp) => mp.p.ownership === 'ring').map((mp) => mp.p.name);
    out.after.push({ fn: 'ringInitialized', args: [ring!, `[${kept.join(', ')}]`] });
  }
  return out;
}

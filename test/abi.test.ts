// The ABI test: the schema's struct layouts and constant values agree with what
// the C compiler says, against the provisioned liburing's headers (2.9 and
// trixie's kernel headers by default; LIBURING_SUITE=sid for 2.15, which also
// proves the structs and constants newer than 2.9).
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSchema } from '../generator/load.js';
import { buildModel, type Model } from '../generator/model.js';
import { provision } from '../runtime/provision/provision.js';
import * as generatedStructs from '../generated/structs.js';
import { headerVersion } from '../generator/header.js';
import { compileAndRun, cTypeOf, haveCc, headersFor, INSTALL_CC, mismatches, newerThan, probesFor, type CompileResult, type Probe } from './support/abi-probe.js';

const root = join(import.meta.dirname, '..');

let model: Model;
let probes: Probe[];
let result: CompileResult;
let version: string | null;

/** Mismatches among the probes whose key starts with one of `kinds`. */
function diff(kinds: string[]): string[] {
  const pick = (p: Probe) => kinds.includes(p.key.split('\t')[0]!);
  return mismatches(probes.filter(pick), { values: result.values, refused: result.refused.filter((r) => pick(r.probe)) });
}

beforeAll(async () => {
  // Not a skip: without a compiler the ABI is unproven, and that must show as a failure.
  if (!haveCc()) throw new Error(INSTALL_CC);
  const install = provision({ log: (l) => console.error(l), headers: true });
  model = buildModel(await loadSchema(join(root, 'schema')));
  // What is newer than the provisioned headers is left out here, and proven with LIBURING_SUITE=sid.
  version = install.include ? headerVersion(install.include) : null;
  probes = probesFor(model, version);
  result = compileAndRun(headersFor(model, version), probes, install.include);
}, 300_000); // loading the schema and compiling ~1100 probes: slow on a loaded machine

describe('ABI: the schema agrees with C', () => {
  test('the probe covers every struct and constant', () => {
    expect(model.structs.size).toBeGreaterThan(0);
    const constants = model.schema.constants.filter((g) => !newerThan(g.entry.since, version)).flatMap((g) => g.entry.values.filter((v) => !newerThan(v.since, version)));
    expect(probes.filter((p) => p.key.startsWith('const\t')).length).toBe(constants.length);
  });

  test('struct sizes and alignments match sizeof and _Alignof', () => {
    expect(diff(['size', 'align'])).toEqual([]);
  });

  test('member offsets and sizes match offsetof and sizeof, flexible arrays included', () => {
    expect(diff(['offset', 'msize', 'flex', 'fsize'])).toEqual([]);
  });

  test('constant values match the headers', () => {
    expect(diff(['const'])).toEqual([]);
  });

  test("the generated struct classes' static size is C's sizeof", () => {
    const classes = generatedStructs as unknown as Record<string, { size?: number; cName?: string } | undefined>;
    const wrong: string[] = [];
    for (const [tag, laid] of model.structs) {
      if (newerThan(laid.entry.since, version)) continue;
      const name = model.classOf(tag);
      const cls = classes[name];
      const c = result.values.get(`size\t${tag}`);
      if (!cls) wrong.push(`${name} (${cTypeOf(model, tag)}): not exported from generated/structs.ts`);
      else if (c === undefined) wrong.push(`${name}: C gave no sizeof(${cTypeOf(model, tag)})`);
      else if (BigInt(cls.size ?? -1) !== c) wrong.push(`${name}.size is ${cls.size}, sizeof(${cTypeOf(model, tag)}) is ${c}`);
    }
    expect(wrong).toEqual([]);
  });
});

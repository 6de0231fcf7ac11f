// The ABI test: the schema's struct layouts and constant values agree with what
// the C compiler says, against the headers of both liburing versions CI runs
// (Debian trixie: liburing 2.9 and Linux 6.12 uapi headers; Debian sid:
// liburing 2.15 and newer uapi headers). Each item is checked against the
// headers of the versions that have it (its `since`, `kernel`, `removed`).
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadSchema } from '../generator/load.js';
import { buildModel, type Model } from '../generator/model.js';
import { provision } from '../runtime/provision/provision.js';
import * as generatedStructs from '../generated/structs.js';
import {
  compileAndRun, cTypeOf, haveCc, headersFor, headerVersions, INSTALL_CC, mismatches, presentAnyway, probesFor,
  type CompileResult, type Gated, type HeaderVersions, type Probe,
} from './support/abi-probe.js';

const root = join(import.meta.dirname, '..');

/** The Debian suites whose headers are checked, and the liburing each must be. */
const SUITES = [
  { suite: 'trixie', liburing: '2.9' },
  { suite: 'sid', liburing: '2.15' },
] as const;

let model: Model;

beforeAll(async () => {
  // Not a skip: without a compiler the ABI is unproven, and that must show as a failure.
  if (!haveCc()) throw new Error(INSTALL_CC);
  model = buildModel(await loadSchema(join(root, 'schema')));
}, 300_000); // loading the schema with its test code: slow on a loaded machine

describe.each(SUITES)('ABI: the schema agrees with C, against Debian $suite headers (liburing $liburing)', ({ suite, liburing }) => {
  let versions: HeaderVersions;
  let include: string;
  let probes: Probe[];
  let gated: Gated[];
  let result: CompileResult;

  /** Mismatches among the probes whose key starts with one of `kinds`. */
  function diff(kinds: string[]): string[] {
    const pick = (p: Probe) => kinds.includes(p.key.split('\t')[0]!);
    return mismatches(probes.filter(pick), { values: result.values, refused: result.refused.filter((r) => pick(r.probe)) });
  }

  beforeAll(() => {
    // The other suite's headers are fetched too (as `npm test`'s pretest fetches this one's): both are checked on every run.
    const install = provision({ suite, log: (l) => console.error(l), headers: true, fetch: true });
    if (!install.include) throw new Error(`provisioning Debian ${suite} gave no headers (${install.origin} install at ${install.ffi}); the ABI test needs liburing-dev and linux-libc-dev`);
    include = install.include;
    versions = headerVersions(include);
    ({ probes, gated } = probesFor(model, versions));
    result = compileAndRun(headersFor(model, versions), probes, include);
    console.log(
      `ABI against ${include}: liburing ${versions.liburing}, Linux ${versions.kernel} uapi headers; ${probes.length} probes, ` +
        `${gated.length} items of other versions not in these headers`,
    );
  }, 600_000); // fetching the headers and compiling ~1200 probes: slow on a loaded machine

  test('the headers are the liburing version this run expects', () => {
    expect(versions.liburing).toBe(liburing);
  });

  test('the probe covers every struct and constant these headers have, and only those are gated out', () => {
    const consts = model.schema.constants.reduce((n, g) => n + g.entry.values.length, 0);
    const probed = probes.filter((p) => p.key.startsWith('const\t')).length;
    expect(probed + gated.filter((g) => g.kind === 'const').length).toBe(consts);
    expect(probed).toBeGreaterThan(0);
  });

  test('no gated item is defined in these headers (its recorded version would be too late)', () => {
    expect(presentAnyway(gated, include)).toEqual([]);
  });

  test('struct sizes and alignments match sizeof and _Alignof', () => {
    expect(diff(['size', 'align'])).toEqual([]);
  });

  test('member offsets and sizes match offsetof and sizeof, flexible arrays included', () => {
    expect(diff(['offset', 'msize', 'flex', 'fsize'])).toEqual([]);
  });

  test('constant values match the headers (with the value each version had)', () => {
    expect(diff(['const'])).toEqual([]);
  });

  test("the generated struct classes' static size is C's sizeof", () => {
    const classes = generatedStructs as unknown as Record<string, { size?: number; cName?: string } | undefined>;
    const wrong: string[] = [];
    for (const tag of model.structs.keys()) {
      if (!probes.some((p) => p.key === `size\t${tag}`)) continue; // a struct these headers do not have
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

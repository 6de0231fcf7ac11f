/**
 * Part e: a cold process that imports the package and makes its first call. The package is
 * built as it ships (`npm run build`'s two steps: tsc -p tsconfig.build.json, then
 * scripts/bundle.mjs, into bench/build/dist) and imported by a fresh
 * `node`; each round times that process from spawn to exit, and a plain `node -e 0` right after
 * it. The cost of the package is the per-round difference.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { here, log, median, notes, now, quick, rows, spread, target } from './common.js';

const root = join(here, '..');

/** Build the package as it ships into bench/build/dist; returns its entry point, or null (with a note) when it cannot. */
export function buildPackage(): string | null {
  const out = join(root, 'bench', 'build', 'dist');
  log('building the package as it ships (tsc -p tsconfig.build.json, then scripts/bundle.mjs) ...');
  // From scratch, as npm run build does: no chunk of an earlier build is left beside the new ones.
  rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), out], { stdio: 'inherit' });
  } catch (e) {
    notes.push(`Part e: the package could not be compiled (${(e as Error).message.split('\n')[0]}).`);
    return null;
  }
  const entry = join(out, 'index.js');
  return existsSync(entry) ? entry : null;
}

function timedRun(args: string[]): { seconds: number; stdout: string } {
  const t0 = now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

export function partE(): void {
  const entry = buildPackage();
  if (!entry) {
    target({ text: 'e: import to first io_uring_queue_init, cold process, beyond node -e 0 (ms)', goal: 100, kind: 'max', unit: ' ms', rounds: [] });
    return;
  }
  log('e. cold import to the first io_uring_queue_init...');
  const program = [
    `import { IoUring, io_uring_queue_init, io_uring_queue_exit } from ${JSON.stringify(pathToFileURL(entry).href)};`,
    'const ring = new IoUring();',
    'io_uring_queue_init(8, ring, 0);',
    // Time since the process started, at the first successful call.
    'process.stdout.write(String(performance.now()));',
    'io_uring_queue_exit(ring);',
  ].join('\n');
  const args = ['--input-type=module', '-e', program];
  // Warm-up: the file system cache of node, the package and liburing.
  timedRun(args);
  timedRun(['-e', '0']);
  const extra: number[] = [];
  const withPkg: number[] = [];
  const plain: number[] = [];
  const firstCall: number[] = [];
  for (let i = 0; i < (quick ? 5 : 21); i++) {
    const a = timedRun(args);
    const b = timedRun(['-e', '0']);
    withPkg.push(a.seconds * 1000);
    plain.push(b.seconds * 1000);
    firstCall.push(Number(a.stdout));
    extra.push((a.seconds - b.seconds) * 1000);
  }
  rows.push({ part: 'e', what: '`node -e 0`', value: `${median(plain).toFixed(0)} ms`, ratio: '' });
  rows.push({
    part: 'e',
    what: "import 'liburing-ts' + io_uring_queue_init(8) + exit",
    value: `${median(withPkg).toFixed(0)} ms (first call at ${median(firstCall).toFixed(0)} ms)`,
    ratio: `+${median(extra).toFixed(0)} ms over node -e 0 (rounds ${spread(extra, 0)})`,
  });
  target({ text: 'e: import to first io_uring_queue_init, cold process, beyond node -e 0 (ms)', goal: 100, kind: 'max', unit: ' ms', rounds: extra });
}

/**
 * Child processes for the reliability tests: a test that needs its own
 * process (a seccomp filter, a lowered rlimit, --expose-gc, a SIGKILL) runs a
 * script from test/support/ under `node --import tsx`, and reads back the one
 * `RESULT <json>` line the script prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The package root (the child runs there, so `--import tsx` resolves). */
export const root = join(import.meta.dirname, '..', '..');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  /** Run this instead of node (a launcher), with node and its arguments after "--". */
  launcher?: { path: string; args: string[] };
  /** Node flags, e.g. ['--expose-gc']. */
  nodeArgs?: string[];
  /** Variables to set (undefined removes one) on top of this process's environment. */
  env?: Record<string, string | undefined>;
  /** Kill the child (SIGKILL) after this many milliseconds. Default 60 s. */
  timeoutMs?: number;
  /** Called with the child once it is spawned (to talk to it or kill it). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Run `node --import tsx <script> ...args` from the package root and collect its output. */
export function runNode(script: string, args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  const nodeArgv = [...(options.nodeArgs ?? []), '--import', 'tsx', join(root, script), ...args];
  const [cmd, argv] = options.launcher
    ? [options.launcher.path, [...options.launcher.args, '--', process.execPath, ...nodeArgv]]
    : [process.execPath, nodeArgv];
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/** The JSON of the child's `RESULT` line; throws with the child's output when there is none. */
export function resultOf<T = Record<string, unknown>>(r: ChildResult): T {
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    throw new Error(`the child printed no RESULT line (exit code ${r.code}, signal ${r.signal})\nstdout:\n${r.stdout.slice(-4000)}\nstderr:\n${r.stderr.slice(-4000)}`);
  }
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

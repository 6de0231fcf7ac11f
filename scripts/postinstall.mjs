// npm install's postinstall: provision liburing (idempotent). A failure here only warns:
// the library is provisioned again at first use, with a message naming the fix.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'runtime', 'provision', 'cli.js');
const source = join(root, 'runtime', 'provision', 'cli.ts');
const args = existsSync(built)
  ? [built, '--quiet']
  : ['--import', 'tsx', source, '--quiet'];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.warn('liburing-ts: liburing was not provisioned now; it will be tried again at first use (or run `npx liburing-ts provision`).');
}

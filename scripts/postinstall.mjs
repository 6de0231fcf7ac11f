// npm install's postinstall: provision liburing (idempotent). A failure here only warns:
// the library is provisioned again at first use, with a message naming the fix.
// Runs the built provisioner (dist/, in the published package) or, in a clone
// without a build, the TypeScript source through tsx (a devDependency). In a
// clone (a git checkout) the headers come too: the ABI test, check-header and
// the bench compile against them.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'runtime', 'provision', 'cli.js');
const source = join(root, 'runtime', 'provision', 'cli.ts');
const useBuilt = existsSync(built);
const args = ['--quiet', ...(existsSync(join(root, '.git')) ? ['--headers'] : [])];
// Import the module and call provisionCommand, rather than running the file as a
// script: that does not depend on how the module recognizes being the entry point.
const url = pathToFileURL(useBuilt ? built : source).href;
const code = `const { provisionCommand } = await import(${JSON.stringify(url)}); process.exitCode = provisionCommand(${JSON.stringify(args)});`;
const nodeArgs = [...(useBuilt ? [] : ['--import', 'tsx']), '--input-type=module', '--eval', code];
// An install should not hang for minutes offline: 2 minutes, unless LIBURING_TS_PROVISION_TIMEOUT says otherwise.
const env = { ...process.env, LIBURING_TS_PROVISION_TIMEOUT: process.env.LIBURING_TS_PROVISION_TIMEOUT || '120' };
const r = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit', env });
if (r.status !== 0) {
  console.warn('liburing-ts: liburing was not provisioned now; it will be tried again at first use (or run `npx liburing-ts provision`).');
}

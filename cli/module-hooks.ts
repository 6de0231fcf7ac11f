/**
 * Module resolution hooks for the schema commands, so they work in ordinary
 * projects, not only in an ESM project with a flat node_modules:
 *
 *   - A CommonJS project (no "type": "module"): Node would load the project's
 *     TypeScript schema entries as CommonJS, and their `export default` makes
 *     Node 20.19+ re-load them as ES modules from inside the CommonJS loader,
 *     which fails ("Cannot require() ES Module ... in a cycle"). Schema entries
 *     are ES modules whatever the project's type: every .ts file outside
 *     node_modules is loaded as one.
 *   - A package the generator imports (ts-morph) that the project has but
 *     that cannot be reached from where liburing-ts is installed (pnpm's
 *     isolated node_modules, a nested node_modules of a workspace): a bare
 *     import from inside liburing-ts that fails is tried again from the
 *     project (the working folder).
 *
 * The hooks run in Node's loader thread, so they are a self-contained module
 * source, registered once per process with module.register (Node >= 20.6).
 */
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const HOOKS = `
let pkg = '';
let project = '';
export function initialize(data) {
  pkg = data.pkg;
  project = data.project;
}
const bare = (s) => !/^(\\.{0,2}\\/|[a-z][a-z0-9+.-]*:)/i.test(s);
export async function resolve(specifier, context, next) {
  let r;
  try {
    r = await next(specifier, context);
  } catch (e) {
    if (e && e.code === 'ERR_MODULE_NOT_FOUND' && bare(specifier) && context.parentURL && context.parentURL.startsWith(pkg)) {
      return next(specifier, { ...context, parentURL: project });
    }
    throw e;
  }
  if (r.format === 'commonjs' && /\\.ts$/.test(r.url.split('?')[0]) && !r.url.includes('/node_modules/')) return { ...r, format: 'module' };
  return r;
}
`;

let registered = false;

/** Register the hooks (once) for the liburing-ts package at packageDir. Call before the first import of a schema entry or of the generator. */
export function registerSchemaHooks(packageDir: string): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, {
    data: { pkg: pathToFileURL(packageDir + '/').href, project: pathToFileURL(join(process.cwd(), 'package.json')).href },
  });
}

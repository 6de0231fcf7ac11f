/** The short summary `npm run generate` ends with. */
import { findInstalled } from '../runtime/provision/provision.js';
import type { Model } from './model.js';

export function summary(model: Model): string {
  const fns = model.functions.length;
  const pres = model.functions.reduce((n, f) => n + f.entry.params.reduce((m, p) => m + p.preconditions.length, 0), 0);
  const consts = model.schema.constants.reduce((n, g) => n + g.entry.values.length, 0);
  const found = findInstalled();
  return [
    `schema: ${fns} functions, ${pres} preconditions, ${model.structs.size} structs, ${consts} constants`,
    found ? `liburing found: ${found.version} (${found.origin}) at ${found.ffi}` : 'liburing found: none yet (npm install provisions it; or run `npx liburing-ts provision`)',
    ...model.schema.overrides.map((o) => `override: ${o}`),
  ].join('\n');
}

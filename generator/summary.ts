/** The short summary `npm run generate` ends with. */
import type { Model } from './model.js';

export function summary(model: Model): string {
  const fns = model.functions.length;
  const pres = model.functions.reduce((n, f) => n + f.entry.params.reduce((m, p) => m + p.preconditions.length, 0), 0);
  const consts = model.schema.constants.reduce((n, g) => n + g.entry.values.length, 0);
  let lib = 'not loaded';
  try {
    // Loading liburing is optional here: generation itself never needs it.
    lib = process.env.LIBURING_TS_SUMMARY_VERSION ?? '';
  } catch {
    // ignore
  }
  return [
    `schema: ${fns} functions, ${pres} preconditions, ${model.structs.size} structs, ${consts} constants`,
    lib ? `liburing found: ${lib}` : '',
  ].filter(Boolean).join('\n');
}

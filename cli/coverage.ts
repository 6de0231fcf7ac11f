/**
 * `liburing-ts coverage` (`npm run coverage:api`): the functions the loaded
 * liburing exports against the schema, covered/total per category. Exits 1
 * when an exported function is neither in the schema nor excluded with a
 * reason in schema/coverage-exclusions.ts.
 */
import { provision } from '../runtime/provision/provision.js';
import { loadSchema } from '../generator/load.js';
import { coverage, coverageFails, formatCoverage, formatProofs, proofCoverage } from '../generator/coverage.js';
import { builtinSchemaDir, enableTypeScriptImports, Progress, schemaDirs } from './tooling.js';
import { CliError, runCommand } from './errors.js';
import { parseCommandArgs } from './args.js';

export const coverageUsage = `usage: liburing-ts coverage [--schema DIR ...] [--verbose] [--json] [--quiet]

The API coverage report: reads the functions the loaded liburing-ffi.so.2 and
liburing.so.2 export (nm -D --defined-only), compares them with the schema
(the built-in one, plus --schema folders), and prints covered/total per
category, the functions excluded with a reason (schema/coverage-exclusions.ts),
and the schema entries newer than the loaded liburing (version-gated). Then
the rules proven by raw calls: the share of the schema's preconditions whose
generated test makes the unchecked C call with the violating arguments and
sees C's errno or the bad effect the rule records (implicit ring-state and
element-count checks counted apart).

The loaded liburing is the one the package uses: LIBURING_FFI_PATH, or the
provisioned one (LIBURING_SUITE picks the Debian suite, e.g. sid for 2.15); it
is provisioned first when needed.

Options:
  --schema DIR  also load the schema entries in DIR (as generate does); repeatable
  --verbose     list the newer entries with their versions, every exclusion's reason,
                and every rule not proven with its reason
  --json        print the report as JSON instead
  --quiet       no progress lines on stderr

Exits 1 when an exported function is neither in the schema nor excluded, or
when a schema entry the loaded version should export is missing from it; 0
otherwise. Needs nm (binutils) and tsx.`;

export function coverageCommand(argv: string[]): Promise<number> {
  return runCommand(async () => {
    const { values } = parseCommandArgs('coverage', argv, {
      schema: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
    });
    if (values.help) {
      console.log(coverageUsage);
      return 0;
    }
    const progress = new Progress('coverage', values.quiet === true || values.json === true);
    const user = schemaDirs(values.schema, 'coverage');
    await enableTypeScriptImports('coverage');
    progress.step('finding liburing');
    let install;
    try {
      install = provision({ log: (l) => process.stderr.write(l + '\n') });
    } catch (e) {
      throw new CliError(`liburing-ts coverage: no liburing to measure against: ${(e as Error).message}`);
    }
    progress.step('loading the schema');
    const schema = await loadSchema(builtinSchemaDir(), user, { testCode: false });
    progress.step(`reading the symbols of liburing ${install.version}`);
    const entries = schema.functions.map((f) => f.entry);
    const report = coverage(entries, install);
    const proofs = proofCoverage(entries, install.version);
    if (values.json) console.log(JSON.stringify({ ...report, proofs }, null, 2));
    else console.log(`${formatCoverage(report, { verbose: values.verbose === true })}\n\n${formatProofs(proofs, { verbose: values.verbose === true })}`);
    progress.done();
    return coverageFails(report) ? 1 : 0;
  });
}

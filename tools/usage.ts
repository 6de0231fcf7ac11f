/** The tools' --help: the leading doc comment of the script, which is its usage text (one place to write it). */
import { readFileSync } from 'node:fs';

/** Print the doc comment at the top of the script at `scriptUrl` (import.meta.url) and exit. */
export function printUsageAndExit(scriptUrl: string): never {
  process.stdout.write(readFileSync(new URL(scriptUrl), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, '') + '\n');
  process.exit(0);
}

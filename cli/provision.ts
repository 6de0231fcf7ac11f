/**
 * `liburing-ts provision`: the provisioner's own command (runtime/provision/cli.ts,
 * also run by postinstall), behind the CLI's strict argument parsing.
 */
import { provisionCommand } from '../runtime/provision/cli.js';
import { runCommand } from './errors.js';
import { parseCommandArgs } from './args.js';

export function provisionSubcommand(argv: string[]): Promise<number> {
  return runCommand(() => {
    const { values } = parseCommandArgs('provision', argv, { quiet: { type: 'boolean' } });
    return provisionCommand(values.help ? ['--help'] : values.quiet ? ['--quiet'] : []);
  });
}

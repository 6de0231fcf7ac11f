#!/usr/bin/env node
/**
 * The `liburing-ts` command: dispatch to one subcommand. Each subcommand lives
 * in its own module and is a function from its arguments to an exit code;
 * each parses its arguments with cli/args.ts (unknown options: exit code 2).
 * bin/liburing-ts.mjs runs it, from dist/ in the published package and from
 * the TypeScript sources (through tsx) in a clone.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../runtime/provision/paths.js';
import { provisionSubcommand } from './provision.js';
import { doctorCommand } from './doctor.js';
import { generateCommand } from './generate.js';
import { coverageCommand } from './coverage.js';
import { checkHeaderCommand } from './check-header.js';

export interface Command {
  summary: string;
  run(argv: string[]): number | Promise<number>;
}

/** The subcommands. A new one is a module exporting its run function, plus one entry here. */
export const commands: Record<string, Command> = {
  provision: { summary: 'find liburing 2.9+ or fetch Debian trixie\'s packages of it into .liburing/', run: provisionSubcommand },
  doctor: { summary: 'check that io_uring can be used here, and say how to fix what stops it', run: doctorCommand },
  generate: { summary: 'compile the built-in schema merged with your schema folders into your project (with tests)', run: generateCommand },
  coverage: { summary: 'which functions the loaded liburing exports the schema covers, per category', run: coverageCommand },
  'check-header': { summary: 'compare every schema prototype with liburing.h (the provisioned one by default)', run: checkHeaderCommand },
};

/** Subcommands that are planned but not in this version, so asking for one gets a precise answer. */
const planned: string[] = [];

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: liburing-ts <command> [options]
       liburing-ts --version

Commands:
${lines.join('\n')}

Run \`liburing-ts <command> --help\` for a command's options.`;
}

/** The package's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(usage());
    return 2;
  }
  if (name === '--version' || name === '-v') {
    if (rest.length) {
      console.error(`liburing-ts: --version takes no arguments, got ${rest.join(' ')}.`);
      return 2;
    }
    console.log(version());
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0];
    if (topic && commands[topic]) return commands[topic].run(['--help']);
    console.log(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const why = planned.includes(name) ? `'${name}' is planned but not available in this version` : name.startsWith('-') ? `unknown option ${name} (options go after the command)` : `unknown command '${name}'`;
    console.error(`liburing-ts: ${why}.\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    // npx and npm's bin links reach this file through a symlink.
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}

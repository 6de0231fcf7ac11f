#!/usr/bin/env node
// The `liburing-ts` command. In the published package it runs the compiled CLI
// (dist/cli/main.js). In a clone, where the TypeScript sources are beside this
// file, it runs them through tsx (a dev dependency), so the command works right
// after `npm install && npm run generate`, with no build step, and never runs a
// stale dist/ left by an earlier build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'cli', 'main.ts');
const built = join(root, 'dist', 'cli', 'main.js');

async function load() {
  if (existsSync(source)) {
    try {
      const { register } = await import('tsx/esm/api');
      register();
    } catch {
      console.error(`liburing-ts: ${root} is a clone of liburing-ts (it has cli/main.ts), and its CLI runs through tsx, which is not installed: run \`npm install\` there.`);
      process.exit(1);
    }
    return import(pathToFileURL(source).href);
  }
  if (!existsSync(built)) {
    console.error(`liburing-ts: ${built} is missing: the package is incomplete; reinstall liburing-ts.`);
    process.exit(1);
  }
  return import(pathToFileURL(built).href);
}

const { main } = await load();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  console.error(e);
  process.exitCode = 1;
}

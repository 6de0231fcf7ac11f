/**
 * The Node modules only provisioning and the library lookup's slow paths use, loaded at their
 * first use: importing the package must not pay for child_process and crypto (issue 11 part e).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}

export function crypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}

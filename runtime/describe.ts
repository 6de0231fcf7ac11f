/** Short, safe descriptions of argument values for error messages. */
import { memoryByteLength } from './memory.js';

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
    case 'boolean':
      return String(v);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  // memoryByteLength: a DataView of a detached buffer throws on byteLength, and a description must not.
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} of ${memoryByteLength(v)} bytes`;
  if (v instanceof ArrayBuffer) return `ArrayBuffer of ${v.byteLength} bytes`;
  const name = (v as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/** Lazily bound koffi declarations: a function is looked up in liburing the first time it is called. */
import type { LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;
import { bind } from './library.js';

export interface Declaration {
  since: string;
  library: 'ffi' | 'liburing';
  result: string;
  params: readonly string[];
}

/**
 * An object with one property per declaration. Reading a property binds the
 * C function (or throws UnsupportedError when the loaded liburing lacks it)
 * and replaces the property with the bound function, so later calls pay
 * nothing for the laziness.
 */
export function lazyBindings<T extends Record<string, Declaration>>(decls: T): { readonly [K in keyof T]: KoffiFunction } {
  const table = {} as Record<string, KoffiFunction>;
  for (const [name, d] of Object.entries(decls)) {
    Object.defineProperty(table, name, {
      configurable: true,
      enumerable: true,
      get() {
        const fn = bind(name, d.since, d.library, d.result, [...d.params]);
        Object.defineProperty(table, name, { value: fn, enumerable: true, writable: false, configurable: false });
        return fn;
      },
    });
  }
  return table as { readonly [K in keyof T]: KoffiFunction };
}

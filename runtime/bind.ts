/** Lazily bound koffi declarations: a function is looked up in liburing (or libc) the first time it is called. */
import koffi, { type LibraryHandle } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;
import { bind } from './library.js';
import { bindLibc } from './libc.js';

export interface Declaration {
  /** The liburing version that introduced it, or for library 'libc' the glibc one ("glibc 2.27"). */
  since: string;
  library: 'ffi' | 'liburing' | 'libc';
  /** A koffi type name, or the tag of a struct returned by value (declared in `byValue`). */
  result: string;
  params: readonly string[];
}

/** The members of a struct C returns by value, in order, as koffi types: koffi lays them out as the C ABI does. */
export type ByValueStruct = Readonly<Record<string, string>>;

/**
 * An object with one property per declaration. Reading a property binds the
 * C function (or throws UnsupportedError when the loaded library lacks it)
 * and replaces the property with the bound function, so later calls pay
 * nothing for the laziness. A libc function never loads liburing. A result
 * named in `byValue` is a struct returned by value: koffi returns it as an
 * object with those members.
 */
export function lazyBindings<T extends Record<string, Declaration>>(decls: T, byValue: Readonly<Record<string, ByValueStruct>> = {}): { readonly [K in keyof T]: KoffiFunction } {
  const table = {} as Record<string, KoffiFunction>;
  const structTypes = new Map<string, ReturnType<typeof koffi.struct>>();
  const resultType = (result: string) => {
    const members = byValue[result];
    if (!members) return result;
    let t = structTypes.get(result);
    if (!t) structTypes.set(result, (t = koffi.struct({ ...members })));
    return t;
  };
  for (const [name, d] of Object.entries(decls)) {
    Object.defineProperty(table, name, {
      configurable: true,
      enumerable: true,
      get() {
        const fn = d.library === 'libc' ? bindLibc(name, d.since, d.result, [...d.params]) : bind(name, d.since, d.library, resultType(d.result), [...d.params]);
        Object.defineProperty(table, name, { value: fn, enumerable: true, writable: false, configurable: false });
        return fn;
      },
    });
  }
  return table as { readonly [K in keyof T]: KoffiFunction };
}

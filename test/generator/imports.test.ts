// The imports of one generated file (generator/imports.ts): declared as code is printed, rendered
// once, and refused when a name would come from two modules or is never used.
import { describe, expect, test } from 'vitest';
import { Imports } from '../../generator/imports.js';

describe('Imports', () => {
  test('renders one statement per module, in the order first wanted, names sorted, types marked', () => {
    const i = new Imports('generated/x.ts');
    i.named('vitest', 'test');
    i.named('../index.js', 'io_uring_get_sqe');
    i.named('vitest', 'describe');
    i.named('../index.js', 'IoUringSqe', true);
    i.namespace('../../runtime/index.js', 'rt');
    i.named('../../runtime/index.js', 'z');
    i.default('fast-check', 'fc');
    const code = 'describe(() => test(() => { const s: IoUringSqe = io_uring_get_sqe(rt.x, z, fc); }));';
    expect(i.render(code)).toBe(
      [
        "import { describe, test } from 'vitest';",
        "import { io_uring_get_sqe, type IoUringSqe } from '../index.js';",
        "import * as rt from '../../runtime/index.js';",
        "import { z } from '../../runtime/index.js';",
        "import fc from 'fast-check';",
      ].join('\n'),
    );
  });

  test('a name wanted as a value and as a type is imported once, as a value', () => {
    const i = new Imports('x');
    i.named('../index.js', 'IoUring', true);
    i.named('../index.js', 'IoUring');
    i.named('../index.js', 'IoUring', true);
    expect(i.render('new IoUring()')).toBe("import { IoUring } from '../index.js';");
  });

  test('a default import beside named ones', () => {
    const i = new Imports('x');
    i.default('m', 'd');
    i.named('m', 'a');
    expect(i.render('d(a)')).toBe("import d, { a } from 'm';");
  });

  test('the same name from two modules is an error naming the file and both modules', () => {
    const i = new Imports('generated/tests/io_uring_x.test.ts');
    i.named('../index.js', 'errnoNumber');
    expect(() => i.named('../../runtime/testing.js', 'errnoNumber')).toThrow(
      'generated/tests/io_uring_x.test.ts: errnoNumber would be imported from both ../index.js and ../../runtime/testing.js',
    );
    expect(() => i.default('fast-check', 'errnoNumber')).toThrow('errnoNumber would be imported from both');
    // Wanting it again from the same module is fine.
    expect(() => i.named('../index.js', 'errnoNumber')).not.toThrow();
  });

  test('an unused import is an error naming every unused name', () => {
    const i = new Imports('generated/functions/io_uring_x.ts');
    i.named('vitest', 'expect');
    i.named('vitest', 'vi');
    i.named('../index.js', 'At');
    expect(() => i.render('expect(1);')).toThrow('generated/functions/io_uring_x.ts: imports vi, At but does not use them');
    const one = new Imports('f.ts');
    one.named('m', 'a');
    expect(() => one.render('b();')).toThrow('f.ts: imports a but does not use it');
  });

  test('a name only in a comment, a string, a template\'s text, or as a property or part of a longer name, is not a use', () => {
    const codes = ['// At offset 8', '/* liburing */ x;', "test('liburing: a call', () => {});", 'const t = `At ${1}`;', 'rt.liburing;', 'liburingVersion();', 'myAt = 1;'];
    for (const code of codes) {
      const i = new Imports('f.ts');
      i.named('m', code.includes('At') ? 'At' : 'liburing');
      expect(() => i.render(code), code).toThrow('but does not use it');
    }
    const i = new Imports('f.ts');
    i.named('m', '$x');
    expect(i.render('f($x);')).toBe("import { $x } from 'm';");
  });

  test('uses in a template expression, a type, or after a string holding // count', () => {
    for (const code of ['const t = `a ${x} b`;', 'let v: x;', "const u = 'http://host'; f(x);", 'new x();']) {
      const i = new Imports('f.ts');
      i.named('m', 'x');
      expect(i.render(code), code).toBe("import { x } from 'm';");
    }
  });

  test('has() tells what is already imported', () => {
    const i = new Imports('f.ts');
    i.named('m', 'a');
    expect([i.has('a'), i.has('b')]).toEqual([true, false]);
  });
});

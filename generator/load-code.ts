/**
 * Test code of a function entry, read from its source: the schema's test
 * functions are real TypeScript (type-checked with the project), and the
 * generated tests are built from their text. For each function, the names
 * it destructures from its scope parameter become the generated test's
 * imports, and the names it destructures from a fixture become locals.
 */
import { Node, Project, SyntaxKind, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { dirname, resolve } from 'node:path';

/** A test function's code. */
export interface CodeBlock {
  /** Names taken from the test scope: imports of the generated test. */
  scope: string[];
  /** Names taken from the valid-arguments fixture (violation code only). */
  fixture: string[];
  /** Statements (dedented), or the expression of an expression-bodied arrow function. */
  body: string;
  expression: boolean;
}

/** A replacement argument: a literal, or code. */
export type ArgCode = { literal: string } | CodeBlock;

export interface TestCode {
  effect?: CodeBlock;
  valid?: CodeBlock;
  violations: Record<string, { args: Record<string, ArgCode>; before?: CodeBlock }>;
  /** The entry file's type-only imports: local name to the absolute path of the module (without extension). */
  typeImports: Map<string, string>;
}

const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } });

function dedent(code: string): string {
  const lines = code.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const widths = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

function bindingNames(node: Node | undefined, where: string): string[] {
  if (!node) return [];
  const name = Node.isParameterDeclaration(node) ? node.getNameNode() : node;
  if (Node.isIdentifier(name)) return [];
  if (!Node.isObjectBindingPattern(name)) throw new Error(`${where}: a test function's parameters are destructured objects ({ a, b }) or an unused name`);
  return name.getElements().map((el) => {
    if (el.getPropertyNameNode() || el.getDotDotDotToken() || el.getInitializer()) throw new Error(`${where}: destructure plain names only ({ a, b }), not renames, defaults or rest`);
    return el.getName();
  });
}

/** The function a property of the test object holds: a method, or a property with an arrow or function expression. */
function functionOf(prop: Node, where: string): CodeBlock {
  let fn: Node | undefined = prop;
  if (Node.isPropertyAssignment(prop)) fn = prop.getInitializer();
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) {
    throw new Error(`${where}: must be a function written right here in the entry (not a name or a call)`);
  }
  const params = fn.getParameters();
  const body = (fn as import("ts-morph").ArrowFunction).getBody();
  const expression = !Node.isBlock(body);
  const text = expression ? body.getText() : dedent(body.getText().replace(/^\{/, '').replace(/\}$/, ''));
  const violationCode = params.length === 2 || /violations\./.test(where);
  return {
    fixture: violationCode ? bindingNames(params[0], where) : [],
    scope: bindingNames(violationCode ? params[1] : params[0], where),
    body: expression && Node.isParenthesizedExpression(body) ? body.getExpression().getText() : text,
    expression,
  };
}

function literalOf(v: unknown, where: string): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  throw new Error(`${where}: a replacement argument is a number, bigint, boolean, null, string or a function`);
}

function entryObject(sf: SourceFile): ObjectLiteralExpression {
  // Read from the syntax alone: asking for the default export's symbol would type-check the entry and all it imports.
  const exp = sf.getStatements().find((s) => Node.isExportAssignment(s) && !s.isExportEquals());
  let e: Node | undefined = exp && Node.isExportAssignment(exp) ? exp.getExpression() : undefined;
  while (e && Node.isCallExpression(e)) e = e.getArguments()[0];
  while (e && (Node.isAsExpression(e) || Node.isSatisfiesExpression(e) || Node.isParenthesizedExpression(e))) e = e.getExpression();
  if (!e || !Node.isObjectLiteralExpression(e)) throw new Error('the entry must be `export default defineFunction({ ... })` with the object written in place');
  return e;
}

function prop(obj: ObjectLiteralExpression, name: string): Node | undefined {
  return obj.getProperty(name) ?? undefined;
}

/**
 * Read the test code of the entry in `file`. `runtime` is the loaded entry's
 * test object, for the literal values of replacement arguments.
 */
export function readTestCode(file: string, runtime: { violations?: Record<string, { args?: Record<string, unknown> }> }): TestCode {
  const abs = resolve(file);
  const sf = project.getSourceFile(abs) ?? project.addSourceFileAtPath(abs);
  const out: TestCode = { violations: {}, typeImports: new Map() };
  for (const imp of sf.getImportDeclarations()) {
    const spec = imp.getModuleSpecifierValue();
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(abs), spec).replace(/\.(js|ts)$/, '');
    const names = imp.isTypeOnly() ? imp.getNamedImports() : imp.getNamedImports().filter((n) => n.isTypeOnly());
    for (const n of names) out.typeImports.set(n.getAliasNode()?.getText() ?? n.getName(), target);
  }
  const test = prop(entryObject(sf), 'test');
  const testObj = test && Node.isPropertyAssignment(test) ? test.getInitializer() : undefined;
  if (!testObj || !Node.isObjectLiteralExpression(testObj)) throw new Error('field test: must be an object written in place');
  for (const key of ['effect', 'valid'] as const) {
    const p = prop(testObj, key);
    if (p) out[key] = functionOf(p, `field test.${key}`);
  }
  const vs = prop(testObj, 'violations');
  if (vs) {
    const vobj = Node.isPropertyAssignment(vs) ? vs.getInitializer() : undefined;
    if (!vobj || !Node.isObjectLiteralExpression(vobj)) throw new Error('field test.violations: must be an object written in place');
    for (const p of vobj.getProperties()) {
      if (!Node.isPropertyAssignment(p)) throw new Error('field test.violations: each entry is `id: { args?, before? }`');
      const id = p.getNameNode().getText().replace(/^['"]|['"]$/g, '');
      const where = `field test.violations.${id}`;
      const v = p.getInitializer();
      if (!v || !Node.isObjectLiteralExpression(v)) throw new Error(`${where}: must be an object written in place`);
      const entry: TestCode['violations'][string] = { args: {} };
      const args = prop(v, 'args');
      if (args) {
        const aobj = Node.isPropertyAssignment(args) ? args.getInitializer() : undefined;
        if (!aobj || !Node.isObjectLiteralExpression(aobj)) throw new Error(`${where}.args: must be an object written in place`);
        for (const a of aobj.getProperties()) {
          if (!Node.isPropertyAssignment(a) && !Node.isMethodDeclaration(a)) throw new Error(`${where}.args: each entry is \`param: value\``);
          const name = a.getNameNode().getText().replace(/^['"]|['"]$/g, '');
          const init = Node.isPropertyAssignment(a) ? a.getInitializer() : a;
          if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init) || Node.isMethodDeclaration(init))) {
            entry.args[name] = functionOf(a, `${where}.args.${name}`);
          } else {
            entry.args[name] = { literal: literalOf(runtime.violations?.[id]?.args?.[name], `${where}.args.${name}`) };
          }
        }
      }
      const before = prop(v, 'before');
      if (before) entry.before = functionOf(before, `${where}.before`);
      out.violations[id] = entry;
    }
  }
  return out;
}

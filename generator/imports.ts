/**
 * The imports of one generated file. Emitters declare what their code needs
 * as they write it (as webidl2js's emitters return code with its requires);
 * a name wanted from two modules, or imported and never used, is an error.
 */
import { ts } from 'ts-morph';

export type ImportSpec = { named: string[]; types: string[]; namespace?: string; default?: string };

export class Imports {
  private readonly modules = new Map<string, { named: Set<string>; types: Set<string>; namespace?: string; default?: string }>();
  private readonly owner = new Map<string, string>();

  constructor(private readonly where: string) {}

  private module(from: string) {
    let m = this.modules.get(from);
    if (!m) this.modules.set(from, (m = { named: new Set(), types: new Set() }));
    return m;
  }

  private claim(name: string, from: string): void {
    const prev = this.owner.get(name);
    if (prev !== undefined && prev !== from) throw new Error(`${this.where}: ${name} would be imported from both ${prev} and ${from}`);
    this.owner.set(name, from);
  }

  /** `import { name } from 'from'` (type-only when `type`). */
  named(from: string, name: string, type = false): string {
    this.claim(name, from);
    const m = this.module(from);
    if (type) {
      if (!m.named.has(name)) m.types.add(name);
    } else {
      m.types.delete(name);
      m.named.add(name);
    }
    return name;
  }

  /** `import * as alias from 'from'`. */
  namespace(from: string, alias: string): string {
    this.claim(alias, from);
    this.module(from).namespace = alias;
    return alias;
  }

  /** `import name from 'from'`. */
  default(from: string, name: string): string {
    this.claim(name, from);
    this.module(from).default = name;
    return name;
  }

  has(name: string): boolean {
    return this.owner.has(name);
  }

  /**
   * The import statements, in the order modules were first wanted; every
   * imported name must appear in `code` (the rest of the file).
   */
  render(code: string): string {
    const used = identifiersIn(code);
    const unused = [...this.owner.keys()].filter((n) => !used.has(n));
    if (unused.length) throw new Error(`${this.where}: imports ${unused.join(', ')} but does not use ${unused.length === 1 ? 'it' : 'them'}`);
    const lines: string[] = [];
    for (const [from, m] of this.modules) {
      if (m.namespace) lines.push(`import * as ${m.namespace} from '${from}';`);
      const parts = [...[...m.named].sort(byName), ...[...m.types].sort(byName).map((t) => `type ${t}`)];
      if (m.default && parts.length) lines.push(`import ${m.default}, { ${parts.join(', ')} } from '${from}';`);
      else if (m.default) lines.push(`import ${m.default} from '${from}';`);
      else if (parts.length) lines.push(`import { ${parts.join(', ')} } from '${from}';`);
    }
    return lines.join('\n');
  }
}

/**
 * The identifiers code uses, from its syntax tree: a name in a string, a
 * template's text or a comment is not a use, nor is a property after a dot.
 */
function identifiersIn(code: string): Set<string> {
  const sf = ts.createSourceFile('generated.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

function byName(a: string, b: string): number {
  return a.replace(/^type /, '').localeCompare(b.replace(/^type /, ''), 'en');
}

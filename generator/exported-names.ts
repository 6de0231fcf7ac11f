/**
 * The names a module exports, read from its syntax: `export` declarations,
 * `export { a, b as c } from`, `export * as ns from`. Asking the type checker
 * instead (getExportedDeclarations) type-checks the module and everything it
 * imports, seconds per run (so do isExported() and isDefaultExport(), which
 * look for export statements elsewhere: the export keyword is what counts
 * here); only a bare `export * from` needs it, to follow.
 */
import { existsSync } from 'node:fs';
import { Node, Project } from 'ts-morph';

export function exportedNames(path: string): string[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  // In an installed package only the compiled .d.ts files are there.
  const sf = project.addSourceFileAtPath(existsSync(path) ? path : path.replace(/\.ts$/, '.d.ts'));
  const names = new Set<string>();
  for (const s of sf.getStatements()) {
    if (Node.isExportDeclaration(s)) {
      const ns = s.getNamespaceExport();
      if (ns) names.add(ns.getName());
      else if (s.hasNamedExports()) for (const n of s.getNamedExports()) names.add(n.getAliasNode()?.getText() ?? n.getName());
      else return [...sf.getExportedDeclarations().keys()].filter((n) => n !== 'default').sort();
    } else if (Node.isVariableStatement(s)) {
      if (s.hasExportKeyword()) for (const d of s.getDeclarations()) names.add(d.getName());
    } else if (Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isInterfaceDeclaration(s) || Node.isTypeAliasDeclaration(s) || Node.isEnumDeclaration(s)) {
      const name = s.getName();
      if (s.hasExportKeyword() && !s.hasDefaultKeyword() && name) names.add(name);
    } else if (Node.isModuleDeclaration(s) && s.hasExportKeyword()) names.add(s.getName());
  }
  names.delete('default');
  return [...names].sort();
}

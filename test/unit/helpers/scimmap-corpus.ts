// The .scimmap texts the test suite holds: files under a folder, and the sources written inside the
// tests themselves. Formatting and the Entra round trip run over all of them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from '../../../server/src/syntax/parser';
import { repositoryRoot } from '../../support/repository';
import { marked } from './markers';

const root = repositoryRoot(__dirname);

export function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

/**
 * Every .scimmap source written in the test suite: string literals and `[...].join('\n')` line
 * arrays in test/**\/*.ts (cursor markers removed) that contain a block and parse without errors.
 */
export function fixturesInTestSources(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  for (const path of filesUnder(join(root, 'test'), '.ts')) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, false);
    const visit = (node: ts.Node): void => {
      let text: string | undefined;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
      else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'join' &&
        ts.isArrayLiteralExpression(node.expression.expression)
      ) {
        const parts = node.expression.expression.elements;
        const separator = node.arguments[0];
        if (parts.every(ts.isStringLiteral) && separator && ts.isStringLiteral(separator))
          text = parts.map((part) => (part as ts.StringLiteral).text).join(separator.text);
      }
      if (text !== undefined && /\b(users|groups)\s*\{/.test(text)) {
        const clean = marked(text).text;
        if (parse(clean).diagnostics.length === 0)
          found.push({
            name: `${path.slice(root.length + 1)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`,
            text: clean,
          });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

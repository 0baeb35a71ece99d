// The diagnostic catalogue (server/src/documentation/diagnostics.json) is the one source of
// docs/diagnostics.md's tables and of the SARIF rules' texts: the docs are its rendering, and each
// code's entry points at its section of the page on the repository named in package.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  diagnosticDoc,
  diagnosticTablesMarkdown,
  generatedTablesEnd,
  generatedTablesStart,
} from '../../../server/src/documentation/diagnostics';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);

test("docs/diagnostics.md's tables are the catalogue's (npm run docs:diagnostics rewrites them)", () => {
  const page = readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8');
  const start = page.indexOf(generatedTablesStart);
  const end = page.indexOf(generatedTablesEnd);
  assert.ok(start >= 0 && end > start, 'the generated-tables comments are there');
  assert.equal(page.slice(start + generatedTablesStart.length, end), `\n\n${diagnosticTablesMarkdown()}\n`);
});

test("a code's entry: a one-sentence summary, what to do, and the address of its section on the repository's page", () => {
  const { repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
  const page = `${repository.url.replace(/\.git$/, '')}/blob/main/docs/diagnostics.md`;
  assert.equal(diagnosticDoc('syntax')?.helpUri, `${page}#syntax-reported-by-the-parser`);
  const unknownTarget = diagnosticDoc('unknown-target');
  assert.equal(unknownTarget?.helpUri, `${page}#target-attributes`);
  assert.equal(unknownTarget?.whatToDo, 'Use the suggestion.');
  assert.equal(diagnosticDoc('no-such-code'), undefined);
  const headings = new Set(
    [...readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8').matchAll(/^## (.*)$/gm)].map((match) => match[1]),
  );
  assert.ok(headings.has('Syntax (reported by the parser)') && headings.has('Target attributes'));
});

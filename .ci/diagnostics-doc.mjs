// `npm run docs:diagnostics`: writes docs/diagnostics.md's tables from the diagnostic catalogue
// (server/src/documentation/diagnostics.json), between the two generated-tables comments. Run after
// changing the catalogue; a unit test fails until you do.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { diagnosticTablesMarkdown, generatedTablesStart, generatedTablesEnd } = require('../out/server/src/documentation/diagnostics.js');
const page = new URL('../docs/diagnostics.md', import.meta.url);
const text = readFileSync(page, 'utf8');
const start = text.indexOf(generatedTablesStart);
const end = text.indexOf(generatedTablesEnd);
if (start < 0 || end < start) throw new Error('docs/diagnostics.md lacks the generated-tables comments');
writeFileSync(page, text.slice(0, start + generatedTablesStart.length) + '\n\n' + diagnosticTablesMarkdown() + '\n' + text.slice(end));
console.log('wrote the tables of docs/diagnostics.md');

// `npm run diagrams`: writes docs/grammar.html, the syntax diagrams of the parser's grammar
// (server/src/syntax/diagrams.ts). Run after changing the grammar; a unit test fails until you do.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { syntaxDiagramsPage } = require('../out/server/src/syntax/diagrams.js');
writeFileSync(new URL('../docs/grammar.html', import.meta.url), syntaxDiagramsPage());
console.log('wrote docs/grammar.html');

// The syntax diagrams of the .scimmap grammar (docs/grammar.html), drawn by Chevrotain from the
// parser's own rules, so the picture cannot drift from what the parser accepts. `npm run diagrams`
// writes the page; test/unit/syntax/diagrams.test.ts checks that the committed page is current.
// Not part of the server bundle: only the script and the test import it.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { serializedGrammar } from './parser';

/** Where the page finds Chevrotain's diagram scripts and style: the installed package, so it works offline. */
const RESOURCES = '../node_modules/chevrotain/diagrams/';

export function syntaxDiagramsPage(): string {
  return createSyntaxDiagramsCode(serializedGrammar(), { resourceBase: RESOURCES, css: `${RESOURCES}diagrams.css` });
}

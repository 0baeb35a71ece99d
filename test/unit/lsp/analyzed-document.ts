// Builds what the server's DocumentStore would hold for a text, without a connection: the analysis
// and its line index. `<|>` cursor markers (test/unit/helpers/markers.ts) give the offsets.
import { analyze, type TargetChoice } from '../../../server/src/validation/analyze';
import { LineIndex } from '../../../server/src/syntax/positions';
import type { AnalyzedDocument } from '../../../server/src/documents';
import { marked } from '../helpers/markers';

export function analyzedDocument(text: string, targets?: TargetChoice): AnalyzedDocument {
  const { file, diagnostics, target } = analyze(text, targets);
  return { uri: 'file:///test.scimmap', version: 1, text, lines: new LineIndex(text), file, diagnostics, target };
}

/** The document of a source with one `<|>` marker, and the marker's offset. */
export function atCursor(source: string, targets?: TargetChoice): { document: AnalyzedDocument; offset: number } {
  const { text, offset } = marked(source);
  return { document: analyzedDocument(text, targets), offset };
}

/** Half-typed and broken inputs: every feature must answer at every offset of these without throwing. */
export const brokenInputs: readonly string[] = [
  '',
  'users {',
  'users {\n  emails[type eq "',
  'users {\n  x <- Switch((((((,,',
  '('.repeat(500),
  '\u0000\u0001\uffff{[("\ud800',
  'users {\n  scope "x" {\n    [a] NOT REGEX',
  '}}}} users groups { <- <- [ ] ) ( , , ,',
  'users {\n  title <- [jobTitle] match default on always none\n  urn:::: <- "\\',
  'groups {\n  \u201cdisplayName\u201d <- \u2018x\u2019\n}',
  'users {\n  a <- b\r\n  c <- IIF([d] = , "x" & , )\r\n}',
  'users {\n  emails[type eq "work" and primary eq \'True\'].value <- [mail] # c\n  phoneNumbers[type eq "work"]. <- \n}\ngroups {\n  actions update,\n',
];

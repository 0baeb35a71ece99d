// Builds what the server's DocumentStore would hold for a text, without a connection: the analysis
// and its line index. `<|>` cursor markers (test/unit/helpers/markers.ts) give the offsets.
import { analyze } from '../../../server/src/core/analyze';
import { LineIndex } from '../../../server/src/core/positions';
import type { AnalyzedDocument } from '../../../server/src/documents';
import { marked } from '../helpers/markers';

export function analyzedDocument(text: string): AnalyzedDocument {
  const { file, diagnostics } = analyze(text);
  return { uri: 'file:///test.scimmap', version: 1, text, lines: new LineIndex(text), file, diagnostics };
}

/** The document of a source with one `<|>` marker, and the marker's offset. */
export function atCursor(source: string): { document: AnalyzedDocument; offset: number } {
  const { text, offset } = marked(source);
  return { document: analyzedDocument(text), offset };
}

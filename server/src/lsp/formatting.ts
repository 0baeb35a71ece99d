// Format Document and Format Selection through the core formatter (core/format.ts, rules in
// docs/formatting.md). A file with syntax errors gets no edits: formatting never loses work. The
// editor's tab size is not consulted: .scimmap files always indent by two spaces, like the examples.
import type { TextEdit } from 'vscode-languageserver';
import type { Span } from '../syntax/ast';
import { formatDocument } from '../syntax/format';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

/** The edits that format the document, or with `within` the items that span touches. */
export function formattingEdits(document: AnalyzedDocument, within?: Span): TextEdit[] {
  const result = formatDocument(document.text, within);
  if (result.kind === 'refused') return [];
  return result.edits.map((edit) => ({ range: document.lines.rangeOf(edit.span), newText: edit.newText }));
}

export const formattingFeature: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register(connection, store) {
    connection.onDocumentFormatting(({ textDocument }) => {
      const document = store.get(textDocument.uri);
      return document ? formattingEdits(document) : [];
    });
    connection.onDocumentRangeFormatting(({ textDocument, range }) => {
      const document = store.get(textDocument.uri);
      return document ? formattingEdits(document, document.lines.spanOf(range)) : [];
    });
  },
};

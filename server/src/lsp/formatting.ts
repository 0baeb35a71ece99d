// Format Document and Format Selection through the core formatter (core/format.ts, rules in
// docs/formatting.md). A file with syntax errors gets no edits: formatting never loses work. The
// editor's tab size is not consulted: .scimmap files always indent by two spaces, like the examples.
import { DocumentFormattingRequest, DocumentRangeFormattingRequest, type TextEdit } from 'vscode-languageserver';
import type { Span } from '../syntax/ast';
import { formatDocument } from '../syntax/format';
import { parseDiagnosticCodes } from '../syntax/parser';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import type { RequestContext } from './handlers';

/** The edits that format the document, or with `within` the items that span touches. */
export function formattingEdits(document: AnalyzedDocument, within?: Span): TextEdit[] {
  // The analysis already shows a syntax error: no need to parse the text again to refuse. Without
  // one, its AST is the text's (incremental analysis gives what a whole parse gives).
  if (document.diagnostics.some((diagnostic) => parseDiagnosticCodes.has(diagnostic.code))) return [];
  const result = formatDocument(document.text, within, document.file);
  if (result.kind === 'refused') return [];
  return result.edits.map((edit) => ({ range: document.lines.rangeOf(edit.span), newText: edit.newText }));
}

export const formattingFeature: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register(handlers) {
    // Formatting a large file takes a while: the edits are dropped when the editor cancelled the
    // request or the text changed meanwhile (edits against an old version would garble the new one).
    const format = async (document: AnalyzedDocument, within: Span | undefined, { checkpoint }: RequestContext) => {
      await checkpoint();
      const edits = formattingEdits(document, within);
      await checkpoint();
      return edits;
    };
    handlers.onDocumentRequest(DocumentFormattingRequest.type, (document, _params, context) => format(document, undefined, context));
    handlers.onDocumentRequest(DocumentRangeFormattingRequest.type, (document, { range }, context) =>
      format(document, document.lines.spanOf(range), context),
    );
  },
};

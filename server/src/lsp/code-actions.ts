// Code actions: the quick fixes of core/quick-fixes.ts for the diagnostics under the cursor or
// selection (only those the request's context names, when it names any), each tied to its
// diagnostic (code and data as published) and carried as a WorkspaceEdit. The server's own analysis
// is the source of truth, not the diagnostics the client echoes back, so a fix never applies to
// stale offsets.
import { CodeActionKind, CodeActionRequest, type CodeAction, type CodeActionContext } from 'vscode-languageserver';
import type { Span } from '../syntax/ast';
import { quickFixes } from '../validation/quick-fixes';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import { toLspDiagnostic } from './lsp-convert';

export function codeActions(
  document: AnalyzedDocument,
  range: Span,
  { only, diagnostics: asked = [] }: Partial<Pick<CodeActionContext, 'only' | 'diagnostics'>> = {},
): CodeAction[] {
  if (
    only &&
    !only.some(
      (kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`),
    )
  )
    return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of document.diagnostics) {
    if (diagnostic.span.start > range.end || diagnostic.span.end < range.start) continue;
    // Several diagnostics can share a range (each missing required target is on `users`): the
    // client asks for the fixes of those in its context, known by code and message.
    if (asked.length > 0 && !asked.some((d) => d.code === diagnostic.code && d.message === diagnostic.message)) continue;
    for (const fix of quickFixes(document.text, document.file, diagnostic)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(diagnostic, document.lines)],
        isPreferred: fix.preferred,
        edit: {
          changes: { [document.uri]: fix.edits.map((edit) => ({ range: document.lines.rangeOf(edit.span), newText: edit.newText })) },
        },
      });
    }
  }
  return actions;
}

export const codeActionsFeature: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } },
  register(handlers) {
    handlers.onDocumentRequest(CodeActionRequest.type, (document, { range, context }) =>
      codeActions(document, document.lines.spanOf(range), context),
    );
  },
};

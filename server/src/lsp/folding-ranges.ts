// Folding ranges: blocks and scoping filters (their closing `}` stays visible, as in other brace
// languages), mappings whose expression spans several lines and the calls inside them that do, and
// runs of two or more whole-line comments.
import { FoldingRangeKind, FoldingRangeRequest, type FoldingRange } from 'vscode-languageserver';
import type { Expression, Span } from '../syntax/ast';
import { lineStartAt } from '../syntax/positions';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

export function foldingRanges(document: AnalyzedDocument): FoldingRange[] {
  const { file, lines, text } = document;
  const ranges: FoldingRange[] = [];
  const lineOf = (offset: number) => lines.positionAt(offset).line;

  /** A brace construct folds up to the line before its `}` when the `}` starts its line. */
  const addBraced = (span: Span, closeBrace: Span | undefined) => {
    const start = lineOf(span.start);
    let end = lineOf(span.end);
    if (closeBrace && /^[ \t]*$/.test(text.slice(lineStartAt(text, closeBrace.start), closeBrace.start)))
      end = lineOf(closeBrace.start) - 1;
    if (end > start) ranges.push({ startLine: start, endLine: end });
  };
  const addSpan = (span: Span) => {
    const start = lineOf(span.start);
    const end = lineOf(span.end);
    if (end > start) ranges.push({ startLine: start, endLine: end });
  };
  const addCalls = (expression: Expression | undefined) => {
    if (!expression) return;
    if (expression.kind === 'call') {
      addSpan(expression.span);
      expression.args.forEach(addCalls);
    } else if (expression.kind === 'comparison' || expression.kind === 'concat') {
      addCalls(expression.left);
      addCalls(expression.right);
    }
  };

  for (const block of file.blocks) {
    addBraced(block.span, block.closeBrace);
    for (const mapping of block.mappings) {
      addSpan(mapping.span);
      if (mapping.source.kind === 'expression') addCalls(mapping.source.expression);
    }
    for (const scope of block.scopes) {
      const closeBrace = text[scope.span.end - 1] === '}' ? { start: scope.span.end - 1, end: scope.span.end } : undefined;
      addBraced(scope.span, closeBrace);
    }
  }

  // Runs of whole-line comments on consecutive lines.
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of file.comments) {
    const position = lines.positionAt(comment.span.start);
    const wholeLine = text.slice(comment.span.start - position.character, comment.span.start).trim() === '';
    if (!wholeLine) continue;
    if (run && position.line === run.end + 1) run.end = position.line;
    else {
      flush();
      run = { start: position.line, end: position.line };
    }
  }
  flush();

  // One fold per start line (editors keep only one): the one reaching furthest.
  const byStartLine = new Map<number, FoldingRange>();
  for (const range of ranges) {
    const kept = byStartLine.get(range.startLine);
    if (!kept || range.endLine > kept.endLine) byStartLine.set(range.startLine, range);
  }
  return [...byStartLine.values()].sort((a, b) => a.startLine - b.startLine);
}

export const foldingRangesFeature: Feature = {
  capabilities: { foldingRangeProvider: true },
  register(handlers) {
    handlers.onDocumentRequest(FoldingRangeRequest.type, (document) => foldingRanges(document));
  },
};

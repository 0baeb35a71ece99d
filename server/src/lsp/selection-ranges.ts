// Selection ranges (Expand / Shrink Selection): from the token under the cursor outwards through
// the AST, token -> argument -> call -> expression -> mapping -> block -> file, using the node chain
// of core/locate. Inside a string or an attribute reference the text between the delimiters comes
// first, so a first expand selects `mail` in `[mail]` and the value in `"work"`.
import { SelectionRangeRequest, type SelectionRange } from 'vscode-languageserver';
import type { Span } from '../syntax/ast';
import { nodePathAt, type Located } from '../syntax/node-path';
import type { Position } from '../syntax/positions';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

/** The text between the delimiters of a string or an attribute reference. */
function innerSpan(located: Located): Span | undefined {
  const node = located.node;
  if (!('kind' in node)) return undefined;
  if (node.kind === 'attribute') return node.nameSpan;
  if (node.kind === 'string' && node.span.end - node.span.start >= 2) return { start: node.span.start + 1, end: node.span.end - 1 };
  return undefined;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The spans to select at `offset`, outermost first, each containing the next, none repeated. */
export function selectionSpans(document: AnalyzedDocument, offset: number): Span[] {
  const spans: Span[] = [];
  const add = (span: Span | undefined) => {
    if (!span) return;
    const last = spans[spans.length - 1];
    if (last && (!contains(last, span) || (last.start === span.start && last.end === span.end))) return;
    spans.push(span);
  };
  const path = nodePathAt(document.file, offset);
  // The file's span is the whole text, even when blocks leave whitespace around them.
  add({ start: 0, end: document.text.length });
  for (const located of path.slice(1)) add(located.node.span);
  const inner = innerSpan(path[path.length - 1]);
  if (inner && inner.start <= offset && offset <= inner.end) add(inner);
  return spans;
}

export function selectionRanges(document: AnalyzedDocument, positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => {
    const spans = selectionSpans(document, document.lines.offsetAt(position));
    let range: SelectionRange | undefined;
    for (const span of spans) range = { range: document.lines.rangeOf(span), ...(range ? { parent: range } : {}) };
    return range!;
  });
}

export const selectionRangesFeature: Feature = {
  capabilities: { selectionRangeProvider: true },
  register(handlers) {
    handlers.onDocumentRequest(SelectionRangeRequest.type, (document, { positions }) => selectionRanges(document, positions));
  },
};

// Applies offset edits (non-overlapping, in any order) to a text, as an editor applies a
// WorkspaceEdit: for formatting and quick-fix tests.
import type { TextEdit } from '../../../server/src/syntax/format';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start))
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

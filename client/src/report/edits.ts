// A report's links point into the mapping's text as it was when the simulation ran. The person goes
// on editing: these pure functions (no `vscode`, unit-tested) move a link's range through the edits
// made since the run, as VS Code moves its own decorations, and say when the link's own text was
// edited; and tell whether two mapping texts are the same file content.

/** One edit as VS Code reports it: the replaced range (start line, character, end line, character, in the text before it) and the new text. */
export interface TextEdit {
  readonly range: readonly [number, number, number, number];
  readonly text: string;
}

interface Position {
  readonly line: number;
  readonly character: number;
}

/** Where a run-time range is now; `edited` when an edit touched the range's own text (it was rewritten, not only moved). */
export interface MovedRange {
  readonly range: [number, number, number, number];
  readonly edited: boolean;
}

/** `range` (start line, character, end line, character) moved through `edits`, applied in order as the document applied them. */
export function moveRange(range: readonly number[], edits: readonly TextEdit[]): MovedRange {
  let start: Position = { line: range[0], character: range[1] };
  let end: Position = { line: range[2], character: range[3] };
  let edited = false;
  for (const edit of edits) {
    const editStart: Position = { line: edit.range[0], character: edit.range[1] };
    const editEnd: Position = { line: edit.range[2], character: edit.range[3] };
    // An edit after the range, or text typed right at its end, leaves it where it is.
    if (compare(editStart, end) >= 0) continue;
    if (compare(editEnd, start) <= 0) {
      // Wholly before the range (text typed right at its start included): the range moves.
      start = shifted(start, editStart, editEnd, edit.text);
      end = shifted(end, editStart, editEnd, edit.text);
      continue;
    }
    // The edit overlaps the range: the range now spans what is left of it and the new text.
    edited = true;
    const newEnd = shifted(editEnd, editStart, editEnd, edit.text);
    start = compare(start, editStart) < 0 ? start : editStart;
    end = compare(end, editEnd) > 0 ? shifted(end, editStart, editEnd, edit.text) : newEnd;
  }
  return { range: [start.line, start.character, end.line, end.character], edited };
}

/** Whether two mapping texts are the same file content: a byte order mark and CRLF against LF line endings do not count (git and editors change those). */
export function sameMappingText(a: string, b: string): boolean {
  return normalized(a) === normalized(b);
}

function normalized(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Position `at` (at or after `editEnd`) after the text from `editStart` to `editEnd` was replaced by `text`. */
function shifted(at: Position, editStart: Position, editEnd: Position, text: string): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const lastLineLength = lines[lines.length - 1].length;
  const endOfNewText: Position =
    lines.length === 1
      ? { line: editStart.line, character: editStart.character + lastLineLength }
      : { line: editStart.line + lines.length - 1, character: lastLineLength };
  if (at.line === editEnd.line) return { line: endOfNewText.line, character: endOfNewText.character + (at.character - editEnd.character) };
  return { line: at.line + endOfNewText.line - editEnd.line, character: at.character };
}

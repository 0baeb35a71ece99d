// Converts between source offsets (what the AST stores) and zero-based line/character positions
// (what LSP and the CLI speak). Characters are UTF-16 code units, as in LSP and JavaScript strings.
// A line ends at `\r\n`, `\n` or a lone `\r`: the three line breaks of the LSP specification
// ("Text Documents": "\n", "\r\n" and "\r"), which VS Code also honours. A byte order mark at the
// start is not a character of line 0: editors drop it, so a file a Windows tool saved with one has
// the columns the editor shows.
import type { Span } from './ast';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

const LF = 10;
const CR = 13;
const BYTE_ORDER_MARK = 0xfeff;

/** Where line 0 starts: after a byte order mark, which no editor counts as a column. */
function firstLineStart(text: string): number {
  return text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
}

/** The offsets where each line starts: 0 (1 after a byte order mark), then after every line break. */
function lineStartsOf(text: string): Int32Array {
  const starts = [firstLineStart(text)];
  if (text.indexOf('\r') < 0) {
    // indexOf, not a loop over characters: several times faster on a large document.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else pushLineStarts(text, 0, text.length, starts);
  return Int32Array.from(starts);
}

/** Pushes onto `starts` the start of the line after each line break that begins in [from, to) of `text` (a `\r\n` whole). */
function pushLineStarts(text: string, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) starts.push(i + 1);
    else if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(i + 1);
    }
  }
}

/** The index of the first element of the ascending `starts` at or above `offset` (`starts.length` when none is). */
function firstAtOrAbove(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The offset of the first line break (`\r` or `\n`) at or after `from`, or the text's length. */
export function lineEndAt(text: string, from: number): number {
  for (let i = Math.max(0, from); i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

/** The offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i + 1;
  }
  return 0;
}

/** The offset just after the line break that ends the line holding `offset` (the text's length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (end >= text.length) return text.length;
  return text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
}

/** The line break new lines get: the document's own (`\r\n`, else `\n`, else a lone `\r`), `\n` when it has none. */
export function lineBreakOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  if (text.includes('\n') || !text.includes('\r')) return '\n';
  return '\r';
}

/** Whether `text` holds a line break of any kind. */
export function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

export class LineIndex {
  private readonly lineStarts: Int32Array;

  /** The index of `text`; `lineStarts` only from edited(), which found them. */
  constructor(
    private readonly text: string,
    lineStarts?: Int32Array,
  ) {
    this.lineStarts = lineStarts ?? lineStartsOf(text);
  }

  /**
   * The index of `text`, which is this index's text with [start, end) replaced by `length`
   * characters. The line starts before the edit are kept, those of the lines it touched found again,
   * and those after it moved: a keystroke in a large document costs one copy of the starts, not a
   * scan of the whole text (the server's document, text-document.ts, keeps its index this way).
   */
  edited(text: string, start: number, end: number, length: number): LineIndex {
    const old = this.lineStarts;
    // Starts before the edit's start stay; one at its start is found again (a \r just before it may pair with an inserted \n).
    const kept = Math.max(1, firstAtOrAbove(old, start));
    const newEnd = start + length;
    // Line breaks beginning from the kept line to the edit's end (an inserted \r at its end takes the \n after it along).
    const found: number[] = [];
    pushLineStarts(text, kept === 1 ? 0 : old[kept - 1], newEnd, found);
    // Old starts after the edit, moved; those the scan found again are skipped. Breaks that begin past the scan are as they were.
    const lastFound = found.length > 0 ? found[found.length - 1] : old[kept - 1];
    const delta = newEnd - end;
    let after = Math.max(1, firstAtOrAbove(old, end + 1)); // old[0] follows no line break (it is 1 after a byte order mark)
    while (after < old.length && old[after] + delta <= lastFound) after++;
    const starts = new Int32Array(kept + found.length + old.length - after);
    starts.set(old.subarray(0, kept));
    starts[0] = firstLineStart(text); // an edit at the start may add or remove the byte order mark
    starts.set(found, kept);
    for (let i = kept + found.length; after < old.length; i++, after++) starts[i] = old[after] + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between the `\r` and the `\n` of one line break is the end of its line.
    clamped = Math.min(clamped, this.lineEnd(low));
    return { line: low, character: Math.max(0, clamped - this.lineStarts[low]) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    return Math.min(lineStart + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** The offset of the end of line `line`, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1] - 1;
    if (this.text.charCodeAt(end) === LF && end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  spanOf(range: Range): Span {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }
}

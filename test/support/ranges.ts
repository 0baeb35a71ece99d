// Whether what a server answers lies inside the document as the client has it (LSP "Text
// Documents": `\n`, `\r\n` and a lone `\r` all end a line, and a position between `\r` and `\n` is
// none): every `{start, end}` range anywhere in an answer, and semantic tokens. Used by the fuzz
// run (fuzz.ts) and the hostile-input tests over stdio.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-protocol';

/** Why a position is not in the document (a line past the last, a character past its line's end, between `\r` and `\n`), or undefined. */
export function outside(document: TextDocument, position: Position): string | undefined {
  if (position.line < 0 || position.line >= document.lineCount) return `is on line ${position.line} of ${document.lineCount}`;
  const lineEnd = document.offsetAt({ line: position.line, character: Number.MAX_SAFE_INTEGER });
  const length = lineEnd - document.offsetAt({ line: position.line, character: 0 });
  return position.character < 0 || position.character > length ? `is at character ${position.character} of a line of ${length}` : undefined;
}

/** What is wrong with every `{start, end}` range anywhere in `answer`: outside the document, or ending before it starts. */
export function rangeProblems(document: TextDocument, answer: unknown): string[] {
  const problems: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    if (isPosition(record.start) && isPosition(record.end)) {
      const { start, end } = record as unknown as Range;
      const problem =
        outside(document, start) ??
        outside(document, end) ??
        (start.line > end.line || (start.line === end.line && start.character > end.character) ? 'ends before it starts' : undefined);
      if (problem) problems.push(`range ${JSON.stringify(record)} ${problem}`);
    }
    for (const item of Object.values(record)) visit(item);
  };
  visit(answer);
  return problems;
}

/** What is wrong with semantic tokens (LSP's relative encoding): the first token not within one line of the document. */
export function tokenProblems(document: TextDocument, data: readonly number[]): string[] {
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const problem = outside(document, { line, character }) ?? outside(document, { line, character: character + data[i + 2] });
    if (problem) return [`token at ${line}:${character} length ${data[i + 2]} ${problem}`];
  }
  return [];
}

function isPosition(value: unknown): value is Position {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Position).line === 'number' &&
    typeof (value as Position).character === 'number'
  );
}

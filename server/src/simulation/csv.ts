// An RFC 4180 CSV reader that takes its input in chunks, so a million-row export is read with
// constant memory: quoted fields (commas, doubled quotes and line breaks inside), CRLF, LF or lone
// CR line ends, a UTF-8 byte order mark; `;` as the separator for a file saved with that list
// separator (csvSeparatorOf). A row is reported with the line it starts on.
// A quote never closed would swallow every row after it, and one "closed" by a stray quote lines
// later every row in between: the reader keeps the raw text after that row's first line (up to
// maxFieldLength) and, when the row turns out broken (at its end, or at the end of the input), reads
// that text again as rows. Should that text hold another such row, its own rest is read with quoted
// values ending at their line, so the work stays linear in the input whatever it holds.

export interface CsvRow {
  readonly fields: string[];
  /** 1-based line the row starts on. */
  readonly line: number;
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

/** The raw text after a row's first line, the line it starts on, and whether the break before it was a CR. */
interface SwallowedLines {
  text: string;
  readonly line: number;
  readonly afterCr: boolean;
}

/** A field longer than this is junk, not a directory value: the row is reported and skipped. */
export const maxFieldLength = 1 << 20;

export class CsvReader {
  /** `,` (RFC 4180), or `;` for a file saved where the list separator is one (csvSeparatorOf). */
  constructor(private readonly separator: ',' | ';' = ',') {}

  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes, the previous character was a quote (end of quotes, or the first of a doubled one). */
  private quoteSeen = false;
  private afterCr = false;
  /** The value just read was quoted and its closing quote was the last character: only a comma or a line end may follow. */
  private afterClosingQuote = false;
  /** Why the row being read is broken (RFC 4180 quoting): it is reported and skipped at its end. */
  private broken: string | undefined;
  private line = 1;
  private rowLine = 1;
  private first = true;
  private oversized = false;
  /**
   * While a quoted value spans lines: the raw text after its row's first line, the line that text
   * starts on, and whether the line break before it was a CR (a CRLF's LF then starts the text).
   * Undefined when the value is on one line or that text outgrew maxFieldLength.
   */
  private rest: SwallowedLines | undefined;
  private restOutgrown = false;
  /** How often the text being read was read before: 0 the input, 1 a broken row's rest, 2 a rest's rest. */
  private depth = 0;
  /** The depth of the text the row being read starts in: from 2 on, its quoted values end at their line. */
  private rowDepth = 0;

  /** Whether the row being read already holds a value over maxFieldLength (it will be skipped). */
  get rowOversized(): boolean {
    return this.oversized;
  }

  /** Feeds a chunk; calls `row` for every complete row and `problem` for broken ones. */
  push(chunk: string, row: (row: CsvRow) => void, problem: (problem: CsvProblem) => void): void {
    let start = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i];
      // The LF of a CRLF: the CR already ended the line (or the row).
      const crlf = c === '\n' && this.afterCr;
      this.afterCr = c === '\r';
      if (this.rest) {
        if (this.rest.text.length < maxFieldLength) this.rest.text += c;
        else [this.rest, this.restOutgrown] = [undefined, true];
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === '"') {
            this.append('"');
            continue;
          }
          this.quoted = false; // the quote closed the value; c is what follows it
          this.afterClosingQuote = true;
        } else if (c === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (c === '\r' || (c === '\n' && !crlf)) {
            this.line++;
            if (this.rowDepth >= 2) {
              problem({ line: this.rowLine, message: 'a quoted value is not closed on its line; the row is skipped' });
              this.startRow(this.line, c === '\r');
              continue;
            }
            if (!this.rest && !this.restOutgrown) this.rest = { text: '', line: this.line, afterCr: c === '\r' };
          }
          this.append(c);
          continue;
        }
      }
      if (crlf) continue;
      if (c === this.separator) {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        const swallowed = this.endRow(row, problem);
        this.line++;
        this.rowLine = this.line;
        this.rowDepth = this.depth;
        if (swallowed) this.reread(swallowed, row, problem);
      } else if (this.afterClosingQuote) {
        // "Open quote,"Support": a quote inside a quoted value must be doubled (RFC 4180 §2.7).
        this.broken ??= `text after the closing quote of ${excerpt(this.field)} (a quote inside a quoted value is written twice)`;
        this.afterClosingQuote = false;
      } else if (c === '"') {
        if (this.field === '') this.quoted = true;
        else this.broken ??= `a quote inside the unquoted value ${excerpt(this.field)} (such a value is quoted, its quotes written twice)`;
      } else {
        this.append(c);
      }
    }
  }

  /** The end of the input: the last row without a line break, or an unterminated quote. */
  end(row: (row: CsvRow) => void, problem: (problem: CsvProblem) => void): void {
    while (this.quoted && !this.quoteSeen) {
      const { rest, restOutgrown } = this;
      if (restOutgrown) {
        problem({
          line: this.rowLine,
          message: `a quoted value is not closed before the end of the file; the row and the rest of the file (over ${maxFieldLength} characters) are skipped`,
        });
        return;
      }
      problem({ line: this.rowLine, message: 'a quoted value is not closed before the end of the file; the row is skipped' });
      if (!rest) return;
      this.reread(rest, row, problem);
    }
    this.quoted = false;
    this.quoteSeen = false;
    if (this.field === '' && this.fields.length === 0) return;
    const swallowed = this.endRow(row, problem);
    if (swallowed) {
      this.reread(swallowed, row, problem);
      this.end(row, problem);
    }
  }

  private append(c: string): void {
    if (this.field.length >= maxFieldLength) this.oversized = true;
    else this.field += c;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.afterClosingQuote = false;
  }

  /** Reads a broken row's rest (the lines after its first, taken into a quoted value) again as rows. */
  private reread(rest: SwallowedLines, row: (row: CsvRow) => void, problem: (problem: CsvProblem) => void): void {
    const depth = this.depth;
    this.depth = this.rowDepth + 1;
    this.startRow(rest.line, rest.afterCr);
    this.push(rest.text, row, problem);
    // A row the rest leaves open goes on into the text after it, keeping the depth it started at.
    this.depth = depth;
  }

  /** Forgets the row in progress: the next character starts a row on `line`. */
  private startRow(line: number, afterCr: boolean): void {
    this.field = '';
    this.fields = [];
    this.quoted = this.quoteSeen = this.oversized = this.restOutgrown = this.afterClosingQuote = false;
    this.broken = undefined;
    this.rest = undefined;
    this.afterCr = afterCr;
    this.line = this.rowLine = line;
    this.rowDepth = this.depth;
  }

  /** Ends the row; returns the text after its first line when the row is broken and that text is to be read again. */
  private endRow(row: (row: CsvRow) => void, problem: (problem: CsvProblem) => void): SwallowedLines | undefined {
    this.endField();
    const fields = this.fields;
    this.fields = [];
    const { rest, restOutgrown } = this;
    this.rest = undefined;
    this.restOutgrown = false;
    const broken = this.broken;
    this.broken = undefined;
    if (this.oversized) {
      this.oversized = false;
      problem({ line: this.rowLine, message: `a value is longer than ${maxFieldLength} characters; the row is skipped` });
      return;
    }
    if (broken) {
      // A quoted value that ran over lines before it broke took those lines' rows in: read them again.
      const skipped = rest
        ? 'its first line is skipped and the lines after it are read again as rows'
        : restOutgrown
          ? `the row and the lines after its first (over ${maxFieldLength} characters) are skipped`
          : 'the row is skipped';
      problem({ line: this.rowLine, message: `the row is not valid CSV: ${broken}; ${skipped}` });
      return rest;
    }
    if (fields.length === 1 && fields[0] === '') return; // a blank line
    row({ fields, line: this.rowLine });
  }
}

/**
 * The separator of a CSV from its text up to the header row's end: `;` when that row holds semicolons
 * and no comma (Excel saves "CSV" with the list separator of the system's region, `;` in much of
 * Europe; PowerShell's `Export-Csv -UseCulture` too), else `,`. A Users CSV's header names no column
 * with either in its name, so the header row alone tells.
 */
export function csvSeparatorOf(start: string): ',' | ';' {
  const headerRow = start.replace(/^\uFEFF/, '').split(/[\r\n]/, 1)[0];
  return headerRow.includes(';') && !headerRow.includes(',') ? ';' : ',';
}

/** A value as a message quotes it, its first 40 characters. */
function excerpt(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

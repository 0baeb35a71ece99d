// The .scimmap formatter: text -> formatted text and the edits that get there. Pure, no LSP.
//
// It only ever rewrites the whitespace between tokens (and trailing spaces after comments): token
// text is never touched, so a formatting can reorder nothing and lose nothing. The AST says where
// each item starts; the rules are in docs/formatting.md. Two guarantees:
// - a file with syntax errors is refused (no edits): its structure is uncertain and the user is
//   still typing;
// - the result is parsed again and must mean the same (same AST without offsets), or it is refused.
import type { TokenType } from 'chevrotain';
import type { MappingFile, ObjectBlock, Span } from './ast';
import * as T from './lexer';
import { parse } from './parser';
import { hasLineBreak, lineBreakOf } from './positions';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export type FormatResult =
  | { readonly kind: 'formatted'; readonly text: string; readonly edits: TextEdit[] }
  /** `syntax-errors`: the file does not parse cleanly. `meaning-changed`: a safety net that should never trigger. */
  | { readonly kind: 'refused'; readonly reason: 'syntax-errors' | 'meaning-changed' };

const INDENT = '  ';
/** A target this many times wider or narrower than its section's usual width starts a new alignment section. */
const SECTION_RATIO = 2;

interface Token {
  readonly start: number;
  /** End of the token; for a comment, of its text without trailing whitespace. */
  readonly end: number;
  /** Undefined for a comment. */
  readonly type: TokenType | undefined;
}

/** Where an item (a block, setting, mapping, scope or clause) or a closing brace starts a line. */
interface LineStart {
  readonly indent: number;
  readonly closes: boolean;
}

/**
 * Formats a whole document, or with `within` only the items (mappings, settings, scoping filters,
 * block headers) that the span touches. `parsed`: the text's AST, from a parse without syntax errors,
 * when the caller has one (the language server's analysis), so the text is not parsed again. Never throws.
 */
export function formatDocument(text: string, within?: Span, parsed?: MappingFile): FormatResult {
  let file = parsed;
  if (file === undefined) {
    const result = parse(text);
    if (result.diagnostics.length > 0) return { kind: 'refused', reason: 'syntax-errors' };
    file = result.file;
  }
  const layout = new Layout(text, file);
  const separators = layout.separators();
  const tokens = layout.tokens;
  let formatted = '';
  tokens.forEach((token, i) => (formatted += separators[i] + text.slice(token.start, token.end)));
  formatted += separators[tokens.length];
  // A text formatted already (a format on save) is its own result: nothing to parse again.
  if (formatted !== text) {
    const reparsed = parse(formatted);
    if (reparsed.diagnostics.length > 0 || meaningOf(reparsed.file) !== meaningOf(file))
      return { kind: 'refused', reason: 'meaning-changed' };
  }

  const included = within ? layout.tokensTouchedBy(within) : undefined;
  const edits: TextEdit[] = [];
  for (let i = 0; i <= tokens.length; i++) {
    if (included && !included(i)) continue;
    const span = layout.gapBefore(i);
    if (text.slice(span.start, span.end) !== separators[i]) edits.push({ span, newText: separators[i] });
  }
  return { kind: 'formatted', text: formatted, edits };
}

/**
 * The meaning of a file: its AST without offsets, as a string, so two files compare with `===`. A
 * target's `text` and `name` are compared without whitespace (its parts, quoted names included, are
 * compared on their own) and a comment without trailing whitespace.
 */
export function meaningOf(file: MappingFile): string {
  return JSON.stringify(file, function (this: Record<string, unknown>, key, value: unknown) {
    if (isSpan(value)) return undefined;
    if ((key === 'text' || key === 'name') && typeof value === 'string' && this.kind === 'target') return value.replace(/\s+/g, '');
    if (key === 'text' && typeof value === 'string' && this.kind === 'comment') return value.trimEnd();
    return value;
  });
}

function isSpan(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

function lineBreaks(gap: string): number {
  let count = 0;
  for (let i = 0; i < gap.length; i++) {
    const c = gap[i];
    if (c === '\n' || (c === '\r' && gap[i + 1] !== '\n')) count++;
  }
  return count;
}

class Layout {
  readonly tokens: Token[];
  private readonly eol: string;
  private readonly indexOfStart = new Map<number, number>();
  private readonly indexOfEnd = new Map<number, number>();
  private readonly lineStarts = new Map<number, LineStart>();
  private readonly openBraces = new Set<number>();
  private readonly propertyStarts = new Set<number>();
  private readonly mappingArrows = new Set<number>();
  /** Spans range formatting works in units of. */
  private readonly units: Span[] = [];

  constructor(
    private readonly text: string,
    private readonly file: MappingFile,
  ) {
    const lexed = T.tokenize(text);
    const tokens: Token[] = lexed.tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType }));
    for (const c of lexed.comments) tokens.push({ start: c.startOffset, end: c.startOffset + c.image.trimEnd().length, type: undefined });
    tokens.sort((a, b) => a.start - b.start);
    this.tokens = tokens;
    this.eol = lineBreakOf(text);
    tokens.forEach((token, i) => {
      this.indexOfStart.set(token.start, i);
      if (token.type) this.indexOfEnd.set(token.end, i);
    });
    // The top-level statements (the target declaration, the cycle's settings) start their lines at the left margin.
    for (const statement of [...(file.target ? [file.target] : []), ...(file.cycle ?? [])]) {
      this.lineStarts.set(statement.span.start, { indent: 0, closes: false });
      this.units.push(statement.span);
    }
    for (const block of file.blocks) this.annotateBlock(block);
  }

  private annotateBlock(block: ObjectBlock): void {
    this.lineStarts.set(block.span.start, { indent: 0, closes: false });
    if (block.openBrace) {
      this.openBraces.add(block.openBrace.start);
      this.units.push({ start: block.span.start, end: block.openBrace.end });
    }
    if (block.closeBrace) {
      this.lineStarts.set(block.closeBrace.start, { indent: 0, closes: true });
      this.units.push(block.closeBrace);
    }
    const item = { indent: INDENT.length, closes: false };
    for (const setting of [block.enabled, block.actions]) {
      if (!setting) continue;
      this.lineStarts.set(setting.span.start, item);
      this.units.push(setting.span);
    }
    for (const mapping of block.mappings) {
      this.lineStarts.set(mapping.span.start, item);
      this.units.push(mapping.span);
      if (mapping.arrow) this.mappingArrows.add(mapping.arrow.start);
      for (const property of mapping.properties) this.propertyStarts.add(property.span.start);
    }
    for (const scope of block.scopes) {
      this.lineStarts.set(scope.span.start, item);
      this.units.push(scope.span);
      for (
        let i = this.indexOfStart.get(scope.span.start) ?? this.tokens.length;
        i < this.tokens.length && this.tokens[i].start < scope.span.end;
        i++
      ) {
        if (this.tokens[i].type === T.LBrace) {
          this.openBraces.add(this.tokens[i].start);
          break;
        }
      }
      const last = this.indexOfEnd.get(scope.span.end);
      if (last !== undefined && this.tokens[last].type === T.RBrace)
        this.lineStarts.set(this.tokens[last].start, { indent: INDENT.length, closes: true });
      for (const clause of scope.clauses) this.lineStarts.set(clause.span.start, { indent: 2 * INDENT.length, closes: false });
    }
  }

  /** The whitespace before token `i` (before the end of the text for `i === tokens.length`). */
  gapBefore(i: number): Span {
    const start = i === 0 ? 0 : this.tokens[i - 1].end;
    const end = i < this.tokens.length ? this.tokens[i].start : this.text.length;
    return { start, end };
  }

  /** Range formatting: the tokens of the units the span touches, and the comments inside it. */
  tokensTouchedBy(within: Span): (i: number) => boolean {
    const spans = [within, ...this.units.filter((unit) => unit.start <= within.end && unit.end >= within.start)];
    return (i) => {
      if (i >= this.tokens.length) return false;
      const token = this.tokens[i];
      return spans.some((span) => span.start <= token.start && token.start < Math.max(span.end, span.start + 1));
    };
  }

  /** The separator to write before each token, and after the last one (index tokens.length). */
  separators(): string[] {
    const { tokens, text, eol } = this;
    const result: string[] = [];
    let itemIndent = 0;
    let parenDepth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const previous = i > 0 ? tokens[i - 1] : undefined;
      const gap = text.slice(this.gapBefore(i).start, token.start);
      const breaks = lineBreaks(gap);
      const lineStart = token.type ? this.lineStarts.get(token.start) : undefined;
      if (lineStart) {
        itemIndent = lineStart.indent;
        parenDepth = 0;
      }
      if (!previous) {
        result.push(text.startsWith('\ufeff') ? '\ufeff' : '');
      } else if (!token.type) {
        // A comment: trailing on its line, or on a line of its own indented like what follows it.
        result.push(breaks === 0 ? ' ' : this.newLines(breaks, i) + ' '.repeat(this.commentIndent(i, itemIndent, parenDepth)));
      } else if (lineStart) {
        result.push(this.newLines(breaks, i) + ' '.repeat(lineStart.indent));
      } else if (this.openBraces.has(token.start)) {
        result.push(previous.type ? ' ' : eol + ' '.repeat(itemIndent));
      } else if (breaks > 0) {
        result.push(this.newLines(breaks, i) + ' '.repeat(continuationIndent(token, itemIndent, parenDepth)));
      } else {
        result.push(this.inlineSpace(previous, token));
      }
      if (token.type === T.LParen) parenDepth++;
      else if (token.type === T.RParen) parenDepth--;
    }
    result.push(tokens.length > 0 ? eol : text.startsWith('\ufeff') ? '\ufeff' : '');
    this.alignArrows(result);
    return result;
  }

  /**
   * One line break before token `i`, or two (one blank line) where the user left blank lines,
   * except right after `{` (and its trailing comment) or before `}`.
   */
  private newLines(breaks: number, i: number): string {
    if (breaks < 2 || this.lineStarts.get(this.tokens[i].start)?.closes) return this.eol;
    let previous = i - 1;
    while (
      previous > 0 &&
      !this.tokens[previous].type &&
      !this.text.slice(this.tokens[previous - 1].end, this.tokens[previous].start).match(/[\r\n]/)
    )
      previous--;
    return this.openBraces.has(this.tokens[previous].start) ? this.eol : this.eol + this.eol;
  }

  private commentIndent(i: number, itemIndent: number, parenDepth: number): number {
    let next = i + 1;
    while (next < this.tokens.length && !this.tokens[next].type) next++;
    if (next >= this.tokens.length) return 0;
    const token = this.tokens[next];
    const lineStart = this.lineStarts.get(token.start);
    if (lineStart) return lineStart.closes ? lineStart.indent + INDENT.length : lineStart.indent;
    if (this.openBraces.has(token.start)) return itemIndent;
    return continuationIndent(token, itemIndent, parenDepth);
  }

  private inlineSpace(previous: Token, token: Token): string {
    const p = previous.type;
    const t = token.type;
    if (p === T.Comma) return ' ';
    if (t === T.Comma) return '';
    if (p === T.LParen || t === T.RParen || t === T.LParen) return '';
    if (p === T.Dot || t === T.Dot || p === T.LBracket || t === T.LBracket || t === T.RBracket) return '';
    // `urn:...:User:"Département"`: a URN that ends on `:` is glued to the quoted name after it.
    if (p === T.Urn && this.text.charCodeAt(previous.end - 1) === 58 /* : */) return '';
    // `[x]<-10` in a condition is `<` then `-10`: the two must stay together.
    if (p === T.Arrow && !this.mappingArrows.has(previous.start)) return '';
    // Properties are set off from the source by two spaces.
    if (this.propertyStarts.has(token.start)) return '  ';
    return ' ';
  }

  /** Pads the separators before `<-` so that arrows line up within each section of a run of one-line mappings. */
  private alignArrows(separators: string[]): void {
    for (const block of this.file.blocks) {
      const items = [
        ...block.mappings.map((m) => ({ span: m.span, mapping: m })),
        ...[block.enabled, block.actions, ...block.scopes]
          .filter((s) => s !== undefined)
          .map((s) => ({ span: s.span, mapping: undefined })),
      ];
      items.sort((a, b) => a.span.start - b.span.start);
      let run: RunEntry[] = [];
      let previousLast = -1;
      for (const { span, mapping } of items) {
        const first = this.indexOfStart.get(span.start)!;
        const last = this.indexOfEnd.get(span.end)!;
        const oneLine = separators.slice(first + 1, last + 1).every((s) => !hasLineBreak(s));
        const arrow = mapping?.arrow ? this.indexOfStart.get(mapping.arrow.start) : undefined;
        // Consecutive: on the next line, with at most a trailing comment between.
        const consecutive =
          previousLast >= 0 && separators[first] === this.eol + INDENT && this.trailingOnly(previousLast + 1, first, separators);
        if (!consecutive || !oneLine || arrow === undefined) {
          alignRun(run, separators);
          run = [];
        }
        if (oneLine && arrow !== undefined) {
          let width = 0;
          for (let i = first; i < arrow; i++) width += (i > first ? separators[i].length : 0) + this.tokens[i].end - this.tokens[i].start;
          run.push({ arrow, width, qualified: mapping!.target.schema !== undefined });
        }
        previousLast = last;
      }
      alignRun(run, separators);
    }
  }

  /** Tokens from..to-1 are all comments on the line of the token before `from`. */
  private trailingOnly(from: number, to: number, separators: string[]): boolean {
    for (let i = from; i < to; i++) if (this.tokens[i].type || hasLineBreak(separators[i])) return false;
    return true;
  }
}

function continuationIndent(token: Token, itemIndent: number, parenDepth: number): number {
  if (token.type === T.RParen) return itemIndent + INDENT.length * Math.max(0, parenDepth - 1);
  return itemIndent + INDENT.length * Math.max(1, parenDepth);
}

interface RunEntry {
  /** Index of the `<-` token. */
  readonly arrow: number;
  /** Width of the formatted target. */
  readonly width: number;
  /** A fully qualified (URN) target. */
  readonly qualified: boolean;
}

/**
 * Splits a run into sections and pads each section's arrows to its widest target. A section ends
 * where targets switch between fully qualified and plain, or (as gofmt does) where a target is at
 * least twice as wide, or at most half as wide, as the section's targets on average (geometric mean).
 */
function alignRun(run: readonly RunEntry[], separators: string[]): void {
  let section: RunEntry[] = [];
  let logSum = 0;
  const flush = () => {
    const column = Math.max(...section.map((entry) => entry.width));
    for (const entry of section) separators[entry.arrow] = ' '.repeat(column - entry.width + 1);
    section = [];
    logSum = 0;
  };
  for (const entry of run) {
    if (section.length > 0) {
      const ratio = entry.width / Math.exp(logSum / section.length);
      if (entry.qualified !== section[0].qualified || ratio >= SECTION_RATIO || ratio <= 1 / SECTION_RATIO) flush();
    }
    section.push(entry);
    logSum += Math.log(Math.max(1, entry.width));
  }
  if (section.length > 0) flush();
}

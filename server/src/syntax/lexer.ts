// The .scimmap lexer (Chevrotain). Built once at module load. Keywords are categories of
// Identifier with `longer_alt: Identifier`, so `createdBy` or `defaultValue` stay identifiers and a
// keyword is still accepted where the grammar wants a name (an attribute called `on`, say).
import { createToken, Lexer, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import { nextLineStart } from './positions';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff\u2028\u2029]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

/**
 * Token categories for the parser (never lexed): `AnyToken` is every token, so recovery can skip
 * whatever it meets in the grammar's own terms; `OperatorWord` is a word of a scoping operator
 * (`EQUALS`, `NOT`, `&`, `!&`).
 */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
export const OperatorWord = createToken({ name: 'OperatorWord', pattern: Lexer.NA, categories: [AnyToken] });

/**
 * A name. Inside it may carry RFC 7643's `-` (ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" /
 * DIGIT / ALPHA) so `cost-center` is one target name; it ends on a letter, digit or `_`, as a URN
 * does. Entra's expressions have no `-` operator, so no expression is read differently.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?/,
  categories: [OperatorWord, AnyToken],
});

function keyword(word: string): TokenType {
  return createToken({
    name: `Kw_${word}`,
    label: `'${word}'`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier, OperatorWord, AnyToken],
  });
}

export const Keywords = {
  users: keyword('users'),
  groups: keyword('groups'),
  enabled: keyword('enabled'),
  actions: keyword('actions'),
  match: keyword('match'),
  default: keyword('default'),
  on: keyword('on'),
  create: keyword('create'),
  always: keyword('always'),
  none: keyword('none'),
  scope: keyword('scope'),
  true: keyword('true'),
  false: keyword('false'),
  target: keyword('target'),
} as const;

/** The keywords that start a property after a mapping's value (`match 1`, `default "x"`, `on create`, `always`): the parser and the cursor scanner both read this list. */
export const propertyKeywords = ['match', 'default', 'on', 'always'] as const satisfies ReadonlyArray<keyof typeof Keywords>;

/** RFC 8141's NSS characters in ASCII (letters, digits, `-._~`, `%`, `!$&'()*+,;=`, `:`, `@`, `/`), by character code. */
const URN_ASCII = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:@/") URN_ASCII[c.charCodeAt(0)] = 1;

/** A letter, digit or mark beyond ASCII: Entra takes any in a schema URN (`urn:...:extension:société:2.0:User`). */
function isOtherLetterOrDigit(c: number): boolean {
  return c > 127 && /[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(c));
}

/** A character of a schema URN (RFC 8141's NSS and letters beyond ASCII): a code point. */
export function isUrnChar(c: number): boolean {
  return c < 128 ? URN_ASCII[c] === 1 : isOtherLetterOrDigit(c);
}

/**
 * A fully qualified attribute up to (not including) any value filter: `urn:...:2.0:User:manager`,
 * `urn:...:extension:acme~corp:2.0:User:badge`; or a schema URN and its last `:` right before a quoted
 * attribute name: `urn:...:2.0:User:"Département"`. The URN takes RFC 8141's NSS characters; what follows
 * its last `:` is the attribute, which the parser reads (a name that is no ATTRNAME is reported there).
 * One pass, no backtracking: the token ends on the last letter, digit or `_` of the run.
 */
function matchUrn(text: string, offset: number): RegExpExecArray | null {
  if (
    (text.charCodeAt(offset) | 32) !== 117 /* u */ ||
    (text.charCodeAt(offset + 1) | 32) !== 114 /* r */ ||
    (text.charCodeAt(offset + 2) | 32) !== 110 /* n */ ||
    text.charCodeAt(offset + 3) !== 58 /* : */
  )
    return null;
  let end = offset + 4;
  let lastNameEnd = -1;
  while (end < text.length) {
    const c = text.codePointAt(end)!;
    if (!isUrnChar(c)) break;
    end += c > 0xffff ? 2 : 1;
    if (c >= 128 || isNameChar(c)) lastNameEnd = end;
  }
  if (end > offset + 4 && text.charCodeAt(end - 1) === 58 && text.charCodeAt(end) === 34) return execResult(text.slice(offset, end));
  return lastNameEnd < 0 ? null : execResult(text.slice(offset, lastNameEnd));
}

export const Urn = createToken({
  name: 'Urn',
  pattern: { exec: matchUrn },
  line_breaks: false,
  start_chars_hint: ['u', 'U'],
  longer_alt: Identifier,
  categories: [AnyToken],
});

const QUOTE_CHARS = '"\'\u201c\u201d\u2018\u2019';

/** The quotes a string may open with (typographic ones too, so a pasted string is read as one): a character code. */
export function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * `[attribute]` as one token, but only where it cannot be a value filter: a `[` right after a name,
 * a `]` or a quoted name's closing `"` (`emails[type eq "work"]`, `"e-mails"[type eq "work"]`) is a
 * bracket of the target path.
 */
function matchAttributeRef(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 91 /* [ */) return null;
  if (offset > 0) {
    const before = text.charCodeAt(offset - 1);
    if (isNameChar(before) || before === 93 || before === 34) return null;
  }
  // `[o'brien]`: a quote inside a name ends the reference at its `]` (the parser reports the quote)
  // instead of opening a string that swallows the rest of the line; with no `]` before the next `[`
  // or line end (`[o'brien, [mail]`), at the name's end. A quote in anything else does not.
  let word = true;
  let quote = false;
  /** Where the first word ended, when it holds a quote. */
  let nameEnd = -1;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 93 /* ] */) return execResult(text.slice(offset, i + 1));
    if (c === 91 || c === 10 || c === 13) {
      const end = word && quote ? i : nameEnd;
      return end < 0 ? null : execResult(text.slice(offset, end));
    }
    if (isQuote(c)) {
      if (i === offset + 1 || (!word && nameEnd < 0)) return null;
      quote = true;
    } else if (word && !isNameChar(c) && !isOtherLetterOrDigit(c)) {
      word = false;
      if (quote) nameEnd = i;
    }
  }
  return quote ? execResult(text.slice(offset, word ? text.length : nameEnd)) : null;
}

/**
 * Strings: `"..."` (with `\"` and `\\`), `'...'` (value filters), and strings delimited by the
 * typographic quotes ‘ ’ “ ” that documents and chat tools put in (reported, with a quick fix). A
 * string never spans lines, so an unterminated one stops at the end of its line.
 */
function matchString(text: string, offset: number): RegExpExecArray | null {
  if (!isQuote(text.charCodeAt(offset))) return null;
  return execResult(text.slice(offset, scanString(text, offset).end));
}

/** Where the string opening at `offset` ends (exclusive), and whether a closing quote ends it. */
export function scanString(text: string, offset: number): { end: number; closed: boolean } {
  const open = text.charCodeAt(offset);
  const singleTypographic = open === 0x2018 || open === 0x2019;
  const doubleTypographic = open === 0x201c || open === 0x201d;
  let typographicEnd = -1;
  let i = offset + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < text.length && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) {
      i++;
      continue;
    }
    if (c === 10 || c === 13) break;
    if (c === open) return { end: i + 1, closed: true };
    if (singleTypographic && (c === 0x2018 || c === 0x2019 || c === 39)) return { end: i + 1, closed: true };
    if (doubleTypographic && (c === 0x201c || c === 0x201d || c === 34)) return { end: i + 1, closed: true };
    // `"abc”`: a straight opener closed by a typographic quote, when no straight quote follows.
    if (open === 34 && typographicEnd < 0 && (c === 0x201c || c === 0x201d)) typographicEnd = i;
  }
  return typographicEnd >= 0 ? { end: typographicEnd + 1, closed: true } : { end: i, closed: false };
}

function execResult(image: string): RegExpExecArray {
  return [image] as unknown as RegExpExecArray;
}

export const StringLiteral = createToken({
  name: 'String',
  pattern: { exec: matchString },
  line_breaks: false,
  start_chars_hint: [...QUOTE_CHARS],
  categories: [AnyToken],
});
export const AttributeRef = createToken({
  name: 'AttributeRef',
  pattern: { exec: matchAttributeRef },
  line_breaks: false,
  start_chars_hint: ['['],
  categories: [AnyToken],
});

/**
 * Every character a token can start with (whitespace, a comment's `#`, a name, number or URN, a
 * quote, a bracket, an operator), by character code; lexer.test checks that no token starts with any other.
 */
const TOKEN_STARTS = new Uint8Array(0x10000);
for (const c of ` \t\r\n\f\v\u00a0\ufeff\u2028\u2029#${QUOTE_CHARS}[]{}(),.:<>=&!-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ`)
  TOKEN_STARTS[c.charCodeAt(0)] = 1;

export function startsNoToken(c: number): boolean {
  return TOKEN_STARTS[c] === 0;
}

/** The UTF-16 code units that start no token. */
function unlexableCodes(): number[] {
  const codes: number[] = [];
  for (let c = 0; c < TOKEN_STARTS.length; c++) if (startsNoToken(c)) codes.push(c);
  return codes;
}

/**
 * A run of characters that no token starts with (a file of NUL bytes, a binary file) as one token,
 * read as a lexing error by tokenize. Chevrotain's own recovery would try every pattern at each of
 * them (168 ms per 100 KB of NULs). Listed last, so it is only tried where no other token matches.
 */
function matchUnlexable(text: string, offset: number): RegExpExecArray | null {
  let end = offset;
  while (end < text.length && startsNoToken(text.charCodeAt(end))) end++;
  return end === offset ? null : execResult(text.slice(offset, end));
}

export const Unlexable = createToken({
  name: 'Unlexable',
  pattern: { exec: matchUnlexable },
  line_breaks: false,
  group: 'unlexable',
  // Every UTF-16 code unit that starts no token, so that Chevrotain keeps its first-character index.
  start_chars_hint: unlexableCodes(),
});

export const LBrace = createToken({ name: 'LBrace', label: "'{'", pattern: /{/, categories: [AnyToken] });
export const RBrace = createToken({ name: 'RBrace', label: "'}'", pattern: /}/, categories: [AnyToken] });
export const LParen = createToken({ name: 'LParen', label: "'('", pattern: /\(/, categories: [AnyToken] });
export const RParen = createToken({ name: 'RParen', label: "')'", pattern: /\)/, categories: [AnyToken] });
export const LBracket = createToken({ name: 'LBracket', label: "'['", pattern: /\[/, categories: [AnyToken] });
export const RBracket = createToken({ name: 'RBracket', label: "']'", pattern: /]/, categories: [AnyToken] });
export const Comma = createToken({ name: 'Comma', label: "','", pattern: /,/, categories: [AnyToken] });
export const Dot = createToken({ name: 'Dot', label: "'.'", pattern: /\./, categories: [AnyToken] });
export const Arrow = createToken({ name: 'Arrow', label: "'<-'", pattern: /<-/, categories: [AnyToken] });
/** Other languages' assignment arrows (`->`, `:=`), as one token so the parser reports the mapping arrow once; `=>` lexes as `=` `>` (a comparison slip in expressions). */
export const MistypedArrow = createToken({ name: 'MistypedArrow', pattern: /->|:=/, categories: [AnyToken] });
export const NotEqual = createToken({ name: 'NotEqual', label: "'<>'", pattern: /<>/, categories: [AnyToken] });
export const LessEqual = createToken({ name: 'LessEqual', label: "'<='", pattern: /<=/, categories: [AnyToken] });
export const GreaterEqual = createToken({ name: 'GreaterEqual', label: "'>='", pattern: />=/, categories: [AnyToken] });
export const Less = createToken({ name: 'Less', label: "'<'", pattern: /</, categories: [AnyToken] });
export const Greater = createToken({ name: 'Greater', label: "'>'", pattern: />/, categories: [AnyToken] });
export const Equal = createToken({ name: 'Equal', label: "'='", pattern: /=/, categories: [AnyToken] });
export const HexNumber = createToken({ name: 'HexNumber', pattern: /&[Hh][0-9A-Fa-f]+/, categories: [AnyToken] });
export const NotAmpersand = createToken({ name: 'NotAmpersand', label: "'!&'", pattern: /!&/, categories: [OperatorWord, AnyToken] });
export const Ampersand = createToken({ name: 'Ampersand', label: "'&'", pattern: /&/, categories: [OperatorWord, AnyToken] });
export const NumberLiteral = createToken({ name: 'Number', pattern: /-?[0-9]+(?:\.[0-9]+)?/, categories: [AnyToken] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Urn,
  ...Object.values(Keywords),
  Identifier,
  StringLiteral,
  AttributeRef,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Arrow,
  MistypedArrow,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equal,
  HexNumber,
  NotAmpersand,
  Ampersand,
  NumberLiteral,
  Unlexable,
];

const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: true });

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  /** Characters no token matches: offset and length of each run. */
  readonly errors: Array<{ readonly offset: number; readonly length: number }>;
}

/** Lines are lexed about this many characters at a time (see tokenizeChunk). */
const CHUNK = 32_768;

/**
 * Lexes the chunk of whole lines of `text` that starts at `start` (about CHUNK characters), and says
 * where the next one starts. No token spans a line break and none looks back past one, so chunk by
 * chunk the tokens are those of tokenize(text) (offsets relative to the chunk); but a parser that
 * lexes as it goes lets each chunk's token objects die young, where lexing a large file at once
 * keeps them all alive long enough to be copied by the garbage collector, which doubles the cost.
 */
export function tokenizeChunk(text: string, start: number): { lexed: LexResult; end: number } {
  let end = Math.min(text.length, start + CHUNK);
  if (end < text.length) end = nextLineStart(text, end);
  return { lexed: tokenize(start === 0 && end === text.length ? text : text.slice(start, end)), end };
}

export function tokenize(text: string): LexResult {
  const result = lexer.tokenize(text);
  return {
    tokens: result.tokens,
    comments: result.groups.comments ?? [],
    errors: errorRuns(result.errors, result.groups.unlexable ?? []),
  };
}

/** Chevrotain's errors and the Unlexable runs in order, runs that touch joined: `!` then NULs is one. */
function errorRuns(errors: readonly ILexingError[], unlexable: readonly IToken[]): LexResult['errors'] {
  const runs = [
    ...errors.map((e) => ({ offset: e.offset, length: e.length })),
    ...unlexable.map((token) => ({ offset: token.startOffset, length: token.image.length })),
  ].sort((a, b) => a.offset - b.offset);
  const joined: Array<{ offset: number; length: number }> = [];
  for (const run of runs) {
    const last = joined.at(-1);
    if (last && last.offset + last.length === run.offset) last.length += run.length;
    else joined.push(run);
  }
  return joined;
}

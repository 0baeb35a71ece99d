// .NET regular expressions (Entra's dialect) translated to JavaScript, with .NET replacement
// substitutions. What cannot be translated faithfully is rejected with a message naming the
// construct. JavaScript regexes cannot be interrupted, so a pattern is also checked for shapes that
// backtrack catastrophically (nested repetition, ambiguous repeated alternation) and, at match time,
// for a polynomial worst case too large for the input length (docs/semantics.md "Regular expressions").
import { EvaluationLimit, ValueError } from './values';

export interface DotNetRegex {
  /** The JavaScript translation, without the global flag. */
  readonly regex: RegExp;
  /** The same with the global flag, for replacing every match (reset lastIndex before use). */
  readonly globalRegex: RegExp;
  /** Capture groups in order of appearance (JavaScript numbering); `name` for named groups. */
  readonly groups: ReadonlyArray<{ readonly name?: string }>;
  /** .NET group number -> JavaScript group index (.NET numbers unnamed groups before named ones). */
  readonly dotNetNumbers: ReadonlyMap<number, number>;
  /** Quantifiers whose repetition count varies (`*`, `+`, `?`, `{n,m}`): the degree of the worst case. */
  readonly variableQuantifiers: number;
  /**
   * The number of alternatives of each group (or of the whole pattern) whose alternatives can match
   * the same text: a match may try each, so the worst case is multiplied by each ((a|a)(a|a)... is 2^k).
   */
  readonly ambiguousAlternations: readonly number[];
  /** The pattern starts with `^` or `\A`: it is tried at one position only. */
  readonly anchoredStart: boolean;
}

/**
 * A valid .NET pattern this translation cannot run: a construct with no JavaScript equivalent, or a
 * shape that could backtrack catastrophically. Entra runs it; only evaluation here refuses it.
 */
class Untranslatable extends EvaluationLimit {}

/** Worst-case backtracking steps a match may take: input length ^ degree must stay below this. */
const BACKTRACK_BUDGET = 1e8;

const WORD = String.raw`\p{L}\p{Mn}\p{Nd}\p{Pc}`;
const SPACE = String.raw`\f\n\r\t\v\x85\p{Z}`;
// .NET's \b and \B use its Unicode word characters; JavaScript's are ASCII only.
const WORD_BOUNDARY = `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
const NOT_WORD_BOUNDARY = `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const GENERAL_CATEGORY = /^(?:L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/;

interface GroupFrame {
  /** Index into the output where the group's translation starts. */
  readonly capture?: { readonly name?: string };
  hasVariable: boolean;
  /** It holds, itself or in a group inside it, alternatives other than distinct single characters. */
  hasAlternatives: boolean;
  alternatives: string[][];
  lookaround: boolean;
}

interface Quantifier {
  readonly min: number;
  readonly max: number;
  readonly length: number;
}

function readQuantifier(pattern: string, at: number): Quantifier | undefined {
  const ch = pattern[at];
  if (ch === '*') return { min: 0, max: Infinity, length: 1 };
  if (ch === '+') return { min: 1, max: Infinity, length: 1 };
  if (ch === '?') return { min: 0, max: 1, length: 1 };
  if (ch !== '{') return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  if (max < min) throw new ValueError(`the quantifier ${match[0]} has its range backwards`);
  return { min, max, length: match[0].length };
}

/** An octal escape's character: up to 3 octal digits, truncated to 8 bits as .NET does (`\\777` is `\\xFF`). */
function octal(pattern: string, at: number): { code: number; length: number } {
  const digits = /^[0-7]{1,3}/.exec(pattern.slice(at))?.[0] ?? '';
  return { code: parseInt(digits || '0', 8) & 0xff, length: digits.length };
}

function hexEscape(code: number): string {
  return `\\u{${code.toString(16)}}`;
}

/**
 * Translates one escape (`pattern[at]` is the backslash). Returns the JavaScript text, the pattern
 * length consumed and, outside classes, the literal character it stands for (for alternation analysis).
 * `captureCount`: the pattern's capture groups, which tell `\\101` (octal when there is no group 101,
 * as .NET reads it) from a back-reference; Infinity while they are not counted yet.
 */
function translateEscape(
  pattern: string,
  at: number,
  inClass: boolean,
  onBackReference: (reference: string) => string,
  captureCount: number,
): { text: string; length: number; literal?: string } {
  const ch = pattern[at + 1];
  if (ch === undefined) throw new ValueError('the pattern ends with a lone backslash');
  switch (ch) {
    case 'd':
      return { text: '\\p{Nd}', length: 2 };
    case 'D':
      return { text: '\\P{Nd}', length: 2 };
    case 'w':
      return { text: inClass ? WORD : `[${WORD}]`, length: 2 };
    case 's':
      return { text: inClass ? SPACE : `[${SPACE}]`, length: 2 };
    case 'W':
    case 'S':
      if (inClass) throw new Untranslatable(`\\${ch} inside a character class cannot be translated; list the characters instead`);
      return { text: ch === 'W' ? `[^${WORD}]` : `[^${SPACE}]`, length: 2 };
    case 'b':
      return { text: inClass ? '\\x08' : WORD_BOUNDARY, length: 2 };
    case 'B':
      if (inClass) throw new ValueError('\\B is not valid inside a character class');
      return { text: NOT_WORD_BOUNDARY, length: 2 };
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
      if (inClass) throw new ValueError(`\\${ch} is not valid inside a character class`);
      if (ch === 'G') throw new Untranslatable('\\G (contiguous matches) has no JavaScript equivalent');
      return { text: ch === 'A' ? '(?<![\\s\\S])' : ch === 'z' ? '(?![\\s\\S])' : '(?=\\n?(?![\\s\\S]))', length: 2 };
    case 't':
    case 'n':
    case 'r':
    case 'f':
    case 'v':
      return { text: `\\${ch}`, length: 2, literal: ch };
    case 'e':
      return { text: '\\x1B', length: 2, literal: '\x1b' };
    case 'a':
      return { text: '\\x07', length: 2, literal: '\x07' };
    case 'x': {
      const hex = /^[0-9a-fA-F]{2}/.exec(pattern.slice(at + 2))?.[0];
      if (!hex) throw new ValueError('\\x must be followed by two hexadecimal digits');
      return { text: `\\x${hex}`, length: 4, literal: String.fromCharCode(parseInt(hex, 16)) };
    }
    case 'u': {
      const hex = /^[0-9a-fA-F]{4}/.exec(pattern.slice(at + 2))?.[0];
      if (!hex) throw new ValueError('\\u must be followed by four hexadecimal digits');
      return { text: `\\u${hex}`, length: 6, literal: String.fromCharCode(parseInt(hex, 16)) };
    }
    case 'c': {
      const letter = pattern[at + 2];
      if (!letter || !/[A-Za-z]/.test(letter)) throw new ValueError('\\c must be followed by a letter');
      return { text: `\\c${letter}`, length: 3 };
    }
    case 'p':
    case 'P': {
      const name = /^\{([^}]*)\}/.exec(pattern.slice(at + 2));
      if (!name) throw new ValueError(`\\${ch} must be followed by a Unicode category in braces, e.g. \\p{Lu}`);
      if (!GENERAL_CATEGORY.test(name[1])) {
        throw new Untranslatable(
          `\\${ch}{${name[1]}}: only Unicode general categories (L, Lu, Nd, ...) can be translated, not named blocks`,
        );
      }
      return { text: `\\${ch}{${name[1]}}`, length: name[0].length + 2 };
    }
    case 'k': {
      const name = /^(?:<([^>]+)>|'([^']+)')/.exec(pattern.slice(at + 2));
      if (!name) throw new ValueError('\\k must be followed by a group name: \\k<name>');
      if (inClass) throw new ValueError('a back-reference is not valid inside a character class');
      return { text: onBackReference(name[1] ?? name[2]), length: name[0].length + 2 };
    }
  }
  if (ch >= '1' && ch <= '9' && !inClass) {
    // .NET: a number naming a group, or of one digit, is a back-reference; any other is an octal escape.
    const digits = /^\d+/.exec(pattern.slice(at + 1))![0];
    if (Number(digits) <= captureCount || digits.length === 1) return { text: onBackReference(digits), length: digits.length + 1 };
  }
  if (ch >= '0' && ch <= '7') {
    const { code, length } = octal(pattern, at + 1);
    return { text: hexEscape(code), length: length + 1, literal: String.fromCharCode(code) };
  }
  if (/[A-Za-z0-9_]/.test(ch)) throw new ValueError(`unrecognised escape \\${ch}`);
  // An escaped symbol is that symbol; JavaScript's unicode mode only accepts escapes of its own syntax characters.
  const text = JS_SYNTAX.has(ch) || (inClass && ch === '-') ? `\\${ch}` : ch;
  return { text, length: 2, literal: ch };
}

/**
 * A pattern in JavaScript's syntax without flags, as `new RegExp(pattern)` reads a target schema's
 * value format, rather than .NET's: translate then only analyses its shape for the backtracking
 * guard (its output is not run). The pattern is known to be valid JavaScript.
 */
interface JavaScriptSyntax {
  /** It has named groups: `\k<name>` is then a back-reference, else the letter k. */
  readonly namedGroups: boolean;
}

/**
 * One escape of a JavaScript pattern (Annex B: an unknown escape is the character itself, so are `\8`
 * and `\x` without digits), for the analysis: its length and the character it stands for, if one.
 */
function javaScriptEscape(
  pattern: string,
  at: number,
  inClass: boolean,
  captureCount: number,
  syntax: JavaScriptSyntax,
): { text: string; length: number; literal?: string } {
  const ch = pattern[at + 1];
  const rest = pattern.slice(at + 2);
  const character = (length: number, code: number) => ({ text: '', length, literal: String.fromCharCode(code) });
  if ('dDwWsS'.includes(ch) || (!inClass && 'bB'.includes(ch))) return { text: '', length: 2 };
  if (!inClass && ch >= '1' && ch <= '9') {
    const digits = /^\d+/.exec(pattern.slice(at + 1))![0];
    if (Number(digits) <= captureCount) return { text: '', length: digits.length + 1 };
  }
  if (!inClass && ch === 'k' && syntax.namedGroups) return { text: '', length: pattern.indexOf('>', at) - at + 1 };
  const octalDigits = /^(?:[0-3][0-7]{0,2}|[4-7][0-7]?)/.exec(pattern.slice(at + 1))?.[0];
  if (octalDigits) return character(octalDigits.length + 1, parseInt(octalDigits, 8));
  const control = ({ t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', b: '\b' } as Record<string, string>)[ch];
  if (control) return character(2, control.charCodeAt(0));
  const hex = ch === 'x' ? /^[0-9a-fA-F]{2}/.exec(rest) : ch === 'u' ? /^[0-9a-fA-F]{4}/.exec(rest) : null;
  if (hex) return character(hex[0].length + 2, parseInt(hex[0], 16));
  // `\c` without a control letter is a backslash, and the c is read after it.
  if (ch === 'c') return (inClass ? /^[A-Za-z0-9_]/ : /^[A-Za-z]/).test(rest) ? character(3, rest.charCodeAt(0) % 32) : character(1, 0x5c);
  return character(2, ch.charCodeAt(0));
}

interface Translation {
  source: string;
  flags: string;
  groups: Array<{ name?: string }>;
  variableQuantifiers: number;
  ambiguousAlternations: number[];
  anchoredStart: boolean;
}

/**
 * `captureCount`: as translateEscape takes it; translate counts the groups, then translates again when
 * that decides an escape. With `javaScript`, the pattern is JavaScript's and `captureCount` its groups.
 */
function translate(pattern: string, captureCount = Infinity, javaScript?: JavaScriptSyntax): Translation {
  let flags = 'u';
  let at = 0;
  // Inline options are translatable only at the very start, where they apply to the whole pattern.
  // .NET reads them in order, `-` turning the following ones off and `+` on again: (?i-i) is none.
  const options = /^\(\?([imnsx+-]*[imnsx][imnsx+-]*)\)/.exec(pattern);
  if (options) {
    const on = new Set<string>();
    let off = false;
    for (const option of options[1]) {
      if (option === '-' || option === '+') off = option === '-';
      else if (off) on.delete(option);
      else on.add(option);
    }
    for (const option of on) {
      if (option === 'n' || option === 'x') throw new Untranslatable(`the inline option (?${option}) has no JavaScript equivalent`);
      flags += option;
    }
    at = options[0].length;
  }
  const multiline = flags.includes('m');
  const dotAll = flags.includes('s');
  const groups: Array<{ name?: string }> = [];
  const backReferences: string[] = [];
  const stack: GroupFrame[] = [{ hasVariable: false, hasAlternatives: false, alternatives: [[]], lookaround: false }];
  let out = '';
  let variableQuantifiers = 0;
  const ambiguousAlternations: number[] = [];
  const ignoreCase = flags.includes('i');
  const ambiguous = (frame: GroupFrame) => frame.alternatives.length > 1 && !distinctSingleCharacters(frame.alternatives, ignoreCase);
  let lastAtom: { kind: 'group'; frame: GroupFrame } | { kind: 'single'; literal?: string } | undefined;
  const anchoredStart = pattern.startsWith('^', at) || pattern.startsWith('\\A', at);
  const top = () => stack[stack.length - 1];
  const pushLiteral = (literal: string | undefined) => {
    const alternatives = top().alternatives;
    alternatives[alternatives.length - 1].push(literal ?? '\u0000class');
  };
  const onBackReference = (reference: string) => {
    backReferences.push(reference);
    return /^\d+$/.test(reference) ? `\\${reference}` : `\\k<${reference}>`;
  };

  while (at < pattern.length) {
    const ch = pattern[at];
    const quantifier = readQuantifier(pattern, at);
    if (quantifier) {
      if (!lastAtom) throw new ValueError(`the quantifier at position ${at + 1} follows nothing`);
      let text = pattern.slice(at, at + quantifier.length);
      at += quantifier.length;
      if (pattern[at] === '?') {
        text += '?';
        at++;
      }
      if (readQuantifier(pattern, at)) throw new ValueError(`nested quantifier at position ${at + 1}`);
      const repeats = quantifier.max > 1;
      if (quantifier.min !== quantifier.max) {
        variableQuantifiers++;
        top().hasVariable = true;
      }
      if (lastAtom.kind === 'group' && repeats) {
        const inner = lastAtom.frame;
        if (inner.hasVariable) {
          throw new Untranslatable(
            'a repeated group contains another variable repetition (like (a+)+): this can backtrack catastrophically; rewrite it without nesting',
          );
        }
        if (inner.hasAlternatives) {
          throw new Untranslatable(
            'a repeated group contains alternatives (like (a|ab)*, or (a|A)* with (?i)): this can backtrack catastrophically; use a character class or rewrite it',
          );
        }
        if (inner.lookaround && !javaScript) throw new Untranslatable('a repeated lookaround cannot be translated');
      }
      out += text;
      lastAtom = undefined;
      continue;
    }
    if (ch === '\\') {
      const escape = javaScript
        ? javaScriptEscape(pattern, at, false, captureCount, javaScript)
        : translateEscape(pattern, at, false, onBackReference, captureCount);
      out += escape.text;
      at += escape.length;
      lastAtom = { kind: 'single', literal: escape.literal };
      pushLiteral(escape.literal);
      continue;
    }
    if (ch === '[') {
      const cls = translateClass(pattern, at, javaScript);
      out += cls.text;
      at = cls.end;
      lastAtom = { kind: 'single' };
      pushLiteral(undefined);
      continue;
    }
    if (ch === '(') {
      const rest = pattern.slice(at);
      if (rest.startsWith('(?#')) {
        const end = pattern.indexOf(')', at);
        if (end < 0) throw new ValueError('unclosed comment (?#');
        at = end + 1;
        continue;
      }
      let open: string;
      let frame: GroupFrame;
      const named = /^\(\?(?:<([^>]*)>|'([^']*)')/.exec(rest);
      if (named && !rest.startsWith('(?<=') && !rest.startsWith('(?<!')) {
        const name = named[1] ?? named[2];
        if (name.includes('-')) throw new Untranslatable(`balancing group (?<${name}>) has no JavaScript equivalent`);
        if (!javaScript && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
          throw new Untranslatable(`group name "${name}" cannot be translated: use letters, digits and _ and start with a letter`);
        if (!javaScript && groups.some((group) => group.name === name)) throw new Untranslatable(`group name "${name}" is used twice`);
        groups.push({ name });
        open = `(?<${name}>`;
        frame = { capture: { name }, hasVariable: false, hasAlternatives: false, alternatives: [[]], lookaround: false };
        at += named[0].length;
      } else if (/^\(\?(?:=|!|<=|<!)/.test(rest)) {
        open = /^\(\?(?:=|!|<=|<!)/.exec(rest)![0];
        frame = { hasVariable: false, hasAlternatives: false, alternatives: [[]], lookaround: true };
        at += open.length;
      } else if (rest.startsWith('(?:')) {
        open = '(?:';
        frame = { hasVariable: false, hasAlternatives: false, alternatives: [[]], lookaround: false };
        at += 3;
      } else if (rest.startsWith('(?>')) {
        throw new Untranslatable('atomic groups (?>...) have no JavaScript equivalent');
      } else if (rest.startsWith('(?(')) {
        throw new Untranslatable('conditional groups (?(...)...) have no JavaScript equivalent');
      } else if (rest.startsWith('(?')) {
        throw new Untranslatable(
          `the group "${rest.slice(0, 6)}..." cannot be translated (inline options only at the start of the pattern)`,
        );
      } else {
        groups.push({});
        open = '(';
        frame = { capture: {}, hasVariable: false, hasAlternatives: false, alternatives: [[]], lookaround: false };
        at += 1;
      }
      out += open;
      stack.push(frame);
      lastAtom = undefined;
      continue;
    }
    if (ch === ')') {
      if (stack.length === 1) throw new ValueError(`unbalanced ")" at position ${at + 1}`);
      const frame = stack.pop()!;
      if (frame.hasVariable) top().hasVariable = true;
      // Nested or not, such alternatives let a repetition match the same text many ways: ((a|a))*.
      if (ambiguous(frame)) {
        frame.hasAlternatives = true;
        ambiguousAlternations.push(frame.alternatives.length);
      }
      if (frame.hasAlternatives) top().hasAlternatives = true;
      out += ')';
      at++;
      lastAtom = { kind: 'group', frame };
      pushLiteral(undefined);
      continue;
    }
    at++;
    lastAtom = undefined;
    if (ch === '|') {
      top().alternatives.push([]);
      out += '|';
    } else if (ch === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      lastAtom = { kind: 'single' };
      pushLiteral(undefined);
    } else if (ch === '^') {
      out += multiline ? '(?<![^\\n])' : '^';
    } else if (ch === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    } else {
      // Every other character is itself; a `{`, `}` or `]` that is not syntax in .NET is escaped.
      out += JS_SYNTAX.has(ch) ? `\\${ch}` : ch;
      lastAtom = { kind: 'single', literal: ch };
      pushLiteral(ch);
    }
  }
  if (stack.length > 1) throw new ValueError('a group is not closed: missing ")"');
  if (captureCount === Infinity && backReferences.some((reference) => /^\d{2,}$/.test(reference) && Number(reference) > groups.length))
    return translate(pattern, groups.length);
  const mixedGroups = groups.some((group) => group.name === undefined) && groups.some((group) => group.name !== undefined);
  for (const reference of backReferences) {
    if (mixedGroups && /^\d+$/.test(reference)) {
      throw new Untranslatable(
        `the numbered back-reference \\${reference} in a pattern with both named and unnamed groups is numbered differently in .NET; use \\k<name>`,
      );
    }
    const exists = /^\d+$/.test(reference)
      ? Number(reference) >= 1 && Number(reference) <= groups.length
      : groups.some((group) => group.name === reference);
    if (!exists) throw new ValueError(`the back-reference to group "${reference}" names no group`);
  }
  // `^a|b` is tried at every position through its second alternative.
  if (ambiguous(stack[0])) ambiguousAlternations.push(stack[0].alternatives.length);
  return {
    source: out,
    flags,
    groups,
    variableQuantifiers,
    ambiguousAlternations,
    anchoredStart: anchoredStart && stack[0].alternatives.length === 1,
  };
}

/**
 * Whether the alternatives are single characters no two of which match the same input character, so
 * a repetition of them matches a text one way only. Under (?i) different characters can: a and A, k
 * and the Kelvin sign, s and ſ, even ΐ U+0390 and U+1FD3. The engine that runs the translation
 * decides which it folds together, so it is asked. A character with no case mapping folds to no
 * other, so only cased ones are compared; each one kept is in a case class of its own, which bounds
 * `cased` by the number of such classes (a few thousand), whatever the pattern's length.
 */
function distinctSingleCharacters(alternatives: string[][], ignoreCase: boolean): boolean {
  const seen = new Set<string>();
  let cased = '';
  for (const alternative of alternatives) {
    if (alternative.length !== 1 || alternative[0].length !== 1 || seen.has(alternative[0])) return false;
    const ch = alternative[0];
    seen.add(ch);
    if (ignoreCase && (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch)) {
      if (new RegExp(`[${hexEscape(ch.charCodeAt(0))}]`, 'iu').test(cased)) return false;
      cased += ch;
    }
  }
  return true;
}

/** `javaScript`: as translate takes it; JavaScript has no subtraction, and its `[]` is an empty class. */
function translateClass(pattern: string, start: number, javaScript?: JavaScriptSyntax): { text: string; end: number } {
  let at = start + 1;
  let text = '[';
  if (pattern[at] === '^') {
    text += '^';
    at++;
  }
  // In .NET a `]` right after the opening bracket is a literal.
  if (pattern[at] === ']' && !javaScript) {
    text += '\\]';
    at++;
  }
  while (at < pattern.length && pattern[at] !== ']') {
    const ch = pattern[at];
    if (ch === '-' && pattern[at + 1] === '[' && !javaScript)
      throw new Untranslatable('character class subtraction [a-z-[aeiou]] has no JavaScript equivalent');
    if (ch === '\\') {
      const escape = javaScript
        ? javaScriptEscape(pattern, at, true, 0, javaScript)
        : translateEscape(pattern, at, true, () => '', Infinity);
      text += escape.text;
      at += escape.length;
      // After a class escape (\w, \d, \p{..}) .NET reads a `-` as a literal; JavaScript would see a range.
      if ('dwspDP'.includes(pattern[at - escape.length + 1]) && pattern[at] === '-' && pattern[at + 1] !== ']') {
        text += '\\-';
        at++;
      }
      continue;
    }
    text += ch === '[' ? '\\[' : ch;
    at++;
  }
  if (at >= pattern.length) throw new ValueError('a character class is not closed: missing "]"');
  return { text: text + ']', end: at + 1 };
}

/** A pattern as messages quote it: whole when short, else its start and its length (a 60 KB pattern must not fill the screen). */
export function shownPattern(pattern: string): string {
  return pattern.length <= 80 ? `"${pattern}"` : `"${pattern.slice(0, 60)}…" (${pattern.length} characters)`;
}

const cache = new Map<string, DotNetRegex | ValueError>();
const CACHE_SIZE = 512;

/** Translates and compiles a .NET pattern; throws ValueError with the reason when it cannot. */
function compile(pattern: string): DotNetRegex {
  const translation = translate(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(translation.source, translation.flags + 'd');
  } catch (error) {
    // V8's message repeats the whole pattern (`Invalid regular expression: /…/d: reason`): keep the reason.
    throw new ValueError(
      `the pattern cannot be translated: ${(error as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '')}`,
    );
  }
  const dotNetNumbers = new Map<number, number>();
  let number = 0;
  translation.groups.forEach((group, index) => group.name === undefined && dotNetNumbers.set(++number, index + 1));
  translation.groups.forEach((group, index) => group.name !== undefined && dotNetNumbers.set(++number, index + 1));
  return {
    regex,
    globalRegex: new RegExp(regex.source, regex.flags + 'g'),
    groups: translation.groups,
    dotNetNumbers,
    variableQuantifiers: translation.variableQuantifiers,
    ambiguousAlternations: translation.ambiguousAlternations,
    anchoredStart: translation.anchoredStart,
  };
}

/**
 * What check says of a .NET regular expression, or undefined when it is fine. It is read by the
 * translation evaluation uses, so check and evaluation agree: `invalid` is not a .NET pattern
 * (invalid-regex); `untranslatable` is a valid one only the translation cannot run (Entra runs it,
 * scimmap cannot evaluate it: unevaluable-regex).
 */
export function dotNetRegexProblem(pattern: string): { readonly kind: 'invalid' | 'untranslatable'; readonly message: string } | undefined {
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof Untranslatable) return { kind: 'untranslatable', message: error.message };
    if (error instanceof ValueError) return { kind: 'invalid', message: error.message };
    throw error;
  }
}

/** Translates and compiles a .NET pattern (cached); throws ValueError when it cannot be translated. */
export function compileDotNetRegex(pattern: string): DotNetRegex {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = compile(pattern);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      compiled =
        error instanceof EvaluationLimit
          ? new EvaluationLimit(`scimmap cannot evaluate the regular expression ${shownPattern(pattern)}: ${error.message}`)
          : new ValueError(`regular expression ${shownPattern(pattern)}: ${error.message}`);
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, compiled);
  }
  if (compiled instanceof ValueError) throw compiled;
  return compiled;
}

type Shape = Pick<DotNetRegex, 'variableQuantifiers' | 'ambiguousAlternations' | 'anchoredStart'>;

/** Whether the pattern's worst-case backtracking on an input of this length is over the budget. */
function overBudget(shape: Shape, inputLength: number): boolean {
  const degree = shape.variableQuantifiers + (shape.anchoredStart ? 0 : 1);
  const paths = shape.ambiguousAlternations.reduce((sum, count) => sum + Math.log10(count), 0);
  return (degree > 1 || paths > 0) && degree * Math.log10(inputLength + 1) + paths > Math.log10(BACKTRACK_BUDGET);
}

/**
 * Why a JavaScript pattern (a target schema's value format, which validation and the preview run on
 * every value with `new RegExp(pattern)`) could hang, by the guard .NET patterns get: a shape that
 * backtracks catastrophically, or ambiguous alternatives too many to try even on an empty value.
 * Undefined when the guard finds it bounded. The pattern must be valid JavaScript.
 */
export function javaScriptBacktrackingProblem(pattern: string): string | undefined {
  let shape: Shape;
  try {
    // The groups decide what `\12` and `\k<name>` are; a first reading counts them (running the
    // pattern to count them could itself hang).
    const { groups } = translate(pattern, Infinity, { namedGroups: false });
    shape = translate(pattern, groups.length, { namedGroups: groups.some((group) => group.name !== undefined) });
  } catch (error) {
    if (error instanceof ValueError) return error.message;
    throw error;
  }
  if (!overBudget(shape, 0)) return undefined;
  return `it has ${shape.ambiguousAlternations.length} groups of alternatives that can match the same text, and trying every way through them could hang on any value; use character classes or rewrite it`;
}

/** Refuses inputs on which the pattern's worst-case backtracking could run for too long. */
function guardInput(compiled: DotNetRegex, input: string, maxInputLength: number, pattern: string): void {
  if (input.length > maxInputLength) {
    throw new EvaluationLimit(
      `scimmap cannot evaluate the regular expression ${shownPattern(pattern)} on this input: it is ${input.length} characters, over scimmap's limit of ${maxInputLength}`,
    );
  }
  if (overBudget(compiled, input.length)) {
    const alternations = compiled.ambiguousAlternations;
    const groups = alternations.length > 0 ? ` and ${alternations.length} groups of alternatives that can match the same text` : '';
    throw new EvaluationLimit(
      `scimmap cannot evaluate the regular expression ${shownPattern(pattern)} on this input: it has ${compiled.variableQuantifiers} variable repetitions${groups}, and on an input of ${input.length} characters its worst case could hang the evaluation; simplify the pattern or anchor it with ^`,
    );
  }
}

function groupIndex(compiled: DotNetRegex, name: string, pattern: string): number {
  const index = compiled.groups.findIndex((group) => group.name === name);
  if (index >= 0) return index + 1;
  if (/^\d+$/.test(name) && compiled.dotNetNumbers.has(Number(name))) return compiled.dotNetNumbers.get(Number(name))!;
  throw new ValueError(`regular expression ${shownPattern(pattern)} has no group named "${name}"`);
}

type ReplacementPart = string | { group: number } | { special: '&' | '`' | "'" | '+' | '_' };

/** Parses a .NET replacement string: `$1`, `${name}`, `$$`, `$&`, `` $` ``, `$'`, `$+`, `$_`. */
function parseReplacement(compiled: DotNetRegex, replacement: string): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch !== '$' || i + 1 >= replacement.length) {
      literal += ch;
      continue;
    }
    const next = replacement[i + 1];
    let part: ReplacementPart | undefined;
    let consumed = 1;
    if (next === '$') {
      literal += '$';
      i++;
      continue;
    } else if (next === '{') {
      const close = replacement.indexOf('}', i + 2);
      const name = close > 0 ? replacement.slice(i + 2, close) : '';
      const index = compiled.groups.findIndex((group) => group.name === name);
      if (index >= 0) part = { group: index + 1 };
      else if (/^\d+$/.test(name) && (name === '0' || compiled.dotNetNumbers.has(Number(name))))
        part = { group: name === '0' ? 0 : compiled.dotNetNumbers.get(Number(name))! };
      consumed = close - i;
    } else if (next >= '0' && next <= '9') {
      // .NET reads every digit after `$` (RegexParser.ScanDollar, ScanDecimal): a number that names no
      // group leaves the whole `$10` as text ("Substitutions in Regular Expressions"). Backing off to
      // `$1` and `0` is RegexOptions.ECMAScript's reading, which Entra does not use.
      let end = i + 1;
      while (end < replacement.length && replacement[end] >= '0' && replacement[end] <= '9') end++;
      const number = Number(replacement.slice(i + 1, end));
      if (number === 0 || compiled.dotNetNumbers.has(number)) {
        part = { group: number === 0 ? 0 : compiled.dotNetNumbers.get(number)! };
        consumed = end - i - 1;
      }
    } else if (next === '&' || next === '`' || next === "'" || next === '+' || next === '_') {
      part = { special: next };
    }
    if (part === undefined) {
      literal += ch;
      continue;
    }
    if (literal) parts.push(literal);
    literal = '';
    parts.push(part);
    i += consumed;
  }
  if (literal) parts.push(literal);
  return parts;
}

function substitute(parts: ReplacementPart[], match: RegExpExecArray, input: string): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('group' in part) out += match[part.group] ?? '';
    else if (part.special === '&') out += match[0];
    else if (part.special === '`') out += input.slice(0, match.index);
    else if (part.special === "'") out += input.slice(match.index + match[0].length);
    else if (part.special === '_') out += input;
    else out += match.length > 1 ? (match[match.length - 1] ?? '') : match[0];
  }
  return out;
}

export interface RegexLimits {
  readonly maxInputLength: number;
  readonly maxOutputLength: number;
}

/** Replaces every match, building each piece with `piece`; stops as soon as the output is too long. */
function replaceMatches(pattern: string, input: string, limits: RegexLimits, piece: (match: RegExpExecArray) => string): string {
  const compiled = compileDotNetRegex(pattern);
  guardInput(compiled, input, limits.maxInputLength, pattern);
  const regex = compiled.globalRegex;
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let match = regex.exec(input); match; match = regex.exec(input)) {
    out += input.slice(last, match.index) + piece(match);
    last = match.index + match[0].length;
    if (match[0].length === 0) regex.lastIndex += input.codePointAt(regex.lastIndex)! > 0xffff ? 2 : 1;
    if (out.length > limits.maxOutputLength)
      throw new ValueError(`the result of Replace is longer than ${limits.maxOutputLength} characters`);
    if (regex.lastIndex > input.length) break;
  }
  return out + input.slice(last);
}

/** Regex.Replace(input, pattern, replacement) with .NET substitutions. */
export function regexReplace(pattern: string, input: string, replacement: string, limits: RegexLimits): string {
  const parts = parseReplacement(compileDotNetRegex(pattern), replacement);
  return replaceMatches(pattern, input, limits, (match) => substitute(parts, match, input));
}

/** In each match, replaces only the text the named group captured (Replace with regexGroupName). */
export function regexReplaceGroup(pattern: string, input: string, groupName: string, replacement: string, limits: RegexLimits): string {
  const index = groupIndex(compileDotNetRegex(pattern), groupName, pattern);
  return replaceMatches(pattern, input, limits, (match) => {
    const span = match.indices?.[index];
    if (!span) return match[0];
    const offset = match.index;
    return match[0].slice(0, span[0] - offset) + replacement + match[0].slice(span[1] - offset);
  });
}

/** The text the named group captured in the first match, or null when nothing matched. */
export function regexGroupValue(pattern: string, input: string, groupName: string, limits: RegexLimits): string | null {
  const compiled = compileDotNetRegex(pattern);
  const index = groupIndex(compiled, groupName, pattern);
  guardInput(compiled, input, limits.maxInputLength, pattern);
  const match = compiled.regex.exec(input);
  return match?.[index] ?? null;
}

/** Whether the .NET pattern matches anywhere in the input (scoping REGEX MATCH). */
export function regexTest(pattern: string, input: string, maxInputLength: number): boolean {
  const compiled = compileDotNetRegex(pattern);
  guardInput(compiled, input, maxInputLength, pattern);
  return compiled.regex.test(input);
}

// Text transformations with .NET's behaviour: invariant casing (one character to one character,
// as String.ToUpperInvariant does: "ß" stays "ß"), culture casing for the cultures whose rules
// differ, TextInfo.ToTitleCase for PCase, the NormalizeDiacritics table, and the byte encodings.
import diacritics from '../data/normalize-diacritics.json';
import { ValueError } from './values';

const ASCII = /^[\x00-\x7f]*$/;

function mapChars(text: string, map: (ch: string) => string): string {
  let out = '';
  for (const ch of text) {
    const mapped = map(ch);
    // .NET maps each character to one character; a multi-character JavaScript mapping keeps the original.
    out += mapped.length === ch.length ? mapped : ch;
  }
  return out;
}

// The invariant culture keeps the Turkish İ when lowering (JavaScript's "i̇" is two characters, so
// mapChars keeps it) and ı when upper-casing, as Windows does and .NET copies on ICU (pal_casing.c,
// GlobalizationNative_ChangeCaseInvariant).
function upperInvariant(text: string): string {
  return ASCII.test(text) ? text.toUpperCase() : mapChars(text, (ch) => (ch === '\u0131' ? ch : ch.toUpperCase()));
}

function lowerInvariant(text: string): string {
  return ASCII.test(text) ? text.toLowerCase() : mapChars(text, (ch) => ch.toLowerCase());
}

/**
 * The languages whose casing differs from Unicode's, Turkish and Azeri (I and ı, İ and i are case
 * pairs: ChangeCaseTurkish). .NET gives no other culture casing of its own: Lithuanian's dot added
 * above a lowered Ì, which JavaScript's "lt" adds, never happens there.
 */
const CULTURE_CASING = new Set(['tr', 'az']);
const CULTURE_NAME = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The language of a culture argument; undefined for the invariant culture (none given). */
function cultureLanguage(culture: string | undefined): string | undefined {
  if (culture === undefined || culture === '') return undefined;
  if (!CULTURE_NAME.test(culture)) throw new ValueError(`"${culture}" is not a culture name (RFC 4646, e.g. en-US or tr-TR)`);
  return culture.split('-')[0].toLowerCase();
}

// A named culture without rules of its own cases each character as Unicode does (pal_casing.c,
// GlobalizationNative_ChangeCase): unlike the invariant culture, it lowers İ to i and upper-cases ı to I.

/** ToUpper: the invariant culture unless a culture is named. */
export function toUpper(text: string, culture?: string): string {
  const language = cultureLanguage(culture);
  if (language === undefined) return upperInvariant(text);
  return mapChars(text, (ch) => (CULTURE_CASING.has(language) ? ch.toLocaleUpperCase(language) : ch.toUpperCase()));
}

/** ToLower: the invariant culture unless a culture is named. */
export function toLower(text: string, culture?: string): string {
  const language = cultureLanguage(culture);
  if (language === undefined) return lowerInvariant(text);
  return mapChars(text, (ch) => (CULTURE_CASING.has(language) ? ch.toLocaleLowerCase(language) : ch === '\u0130' ? 'i' : ch.toLowerCase()));
}

/**
 * What VB's text comparison ignores (Strings.vb STANDARD_COMPARE_FLAGS: IgnoreCase, IgnoreWidth,
 * IgnoreKanaType), folded one character for one so positions stay: full- and half-width forms to
 * their usual width (Ａ to A, ｶ to カ), katakana to hiragana, then case.
 */
export function foldForTextCompare(text: string): string {
  const folded = mapChars(text, (ch) => {
    const code = ch.charCodeAt(0);
    const width = code === 0x3000 || (code >= 0xff00 && code <= 0xffef) ? ch.normalize('NFKC') : ch;
    const kana = width.charCodeAt(0);
    return kana >= 0x30a1 && kana <= 0x30f6 ? String.fromCharCode(kana - 0x60) : width;
  });
  return upperInvariant(lowerInvariant(folded));
}

// The Unicode categories .NET's TextInfo.ToTitleCase treats as word separators.
const DEFAULT_SEPARATOR = /[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;
const LETTER = /\p{L}/u;

/**
 * The letters whose title case differs from their upper case, as .NET's ToTitleCase writes a word's
 * first letter (TextInfo.AddTitlecaseLetter): ǆ -> ǅ, not Ǆ.
 */
const TITLECASE_DIGRAPHS: Readonly<Record<string, string>> = {
  '\u01c4': '\u01c5',
  '\u01c5': '\u01c5',
  '\u01c6': '\u01c5',
  '\u01c7': '\u01c8',
  '\u01c8': '\u01c8',
  '\u01c9': '\u01c8',
  '\u01ca': '\u01cb',
  '\u01cb': '\u01cb',
  '\u01cc': '\u01cb',
  '\u01f1': '\u01f2',
  '\u01f2': '\u01f2',
  '\u01f3': '\u01f2',
};

/**
 * PCase. Entra's examples ("PABLO GONSALVES (SECOND)" -> "Pablo Gonsalves (Second)") show the
 * whole string is lower-cased first, so all-uppercase words are not kept as .NET's ToTitleCase
 * would. Without separators a word starts at a letter and runs to the next separator character
 * (an apostrophe inside a word does not split it, as in .NET); with `separators`, only those do.
 */
export function properCase(text: string, separators?: string): string {
  const isSeparator =
    separators === undefined ? (ch: string) => ch !== "'" && DEFAULT_SEPARATOR.test(ch) : (ch: string) => separators.includes(ch);
  let out = '';
  let inWord = false;
  for (const ch of lowerInvariant(text)) {
    if (isSeparator(ch)) {
      inWord = false;
      out += ch;
    } else if (!inWord && (separators !== undefined || LETTER.test(ch))) {
      inWord = true;
      out += TITLECASE_DIGRAPHS[ch] ?? upperInvariant(ch);
    } else {
      out += ch;
    }
  }
  return out;
}

const DIACRITICS: Readonly<Record<string, string>> = diacritics.map;

// Longest keys first, each in its NFC and NFD spelling, so a letter with two marks is one match.
const DIACRITIC_KEYS = new Map<string, string>();
for (const [key, value] of Object.entries(DIACRITICS)) {
  DIACRITIC_KEYS.set(key, value);
  DIACRITIC_KEYS.set(key.normalize('NFD'), value);
}
const DIACRITIC_PATTERN = new RegExp(
  [...DIACRITIC_KEYS.keys()]
    .sort((a, b) => b.length - a.length)
    // A key is a whole letter: not the first marks of a letter with more (decomposed ễ is not ê).
    .map((key) => `${key.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(?!\\p{M})`)
    .join('|'),
  'gu',
);

/**
 * NormalizeDiacritics with Entra's table; characters not in the table pass unchanged. `decomposed`
 * is called when a letter written decomposed (NFD: a base letter and combining marks) was replaced,
 * which Entra's table, written composed, may not do (docs/semantics.md).
 */
export function normalizeDiacritics(text: string, decomposed?: () => void): string {
  if (ASCII.test(text)) return text;
  return text.replace(DIACRITIC_PATTERN, (match) => {
    if (decomposed && match.length > 1 && match !== match.normalize('NFC')) decomposed();
    return DIACRITIC_KEYS.get(match)!;
  });
}

/**
 * ConvertToBase64: Base64 of the UTF-16LE bytes (.NET Encoding.Unicode), whose replacement fallback
 * writes U+FFFD for a lone surrogate, as ConvertToUTF8Hex's UTF-8 does.
 */
export function base64Utf16(text: string): string {
  return Buffer.from(text.replace(/\p{Cs}/gu, '\ufffd'), 'utf16le').toString('base64');
}

/** ConvertToUTF8Hex: the UTF-8 bytes in upper-case hex. */
export function utf8Hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').toUpperCase();
}

// Entra's app-provisioning expression functions (Microsoft Learn "Reference for writing expressions for attribute mappings in Microsoft Entra Application Provisioning"), each
// with the semantics documented there; choices where Entra's documentation is silent are recorded
// in docs/semantics.md and, when they affected a value, reported as an EvalNote.
import {
  cultureDependentPattern,
  dateAdd,
  dateDiff,
  dateFromFileTime,
  dateFromJsDate,
  dateToText,
  fileTimeFromDate,
  formatDate,
  parseDate,
  parseDateExact,
  parseInterval,
} from './dates';
import { acceptsArgumentCount, findFunction, type FunctionSignature } from '../schema/functions';
import { regexGroupValue, regexReplace, regexReplaceGroup } from './regex';
import { base64Utf16, foldForTextCompare, normalizeDiacritics, properCase, toLower, toUpper, utf8Hex } from './text';
import {
  boolText,
  EvaluationLimit,
  FlowIgnored,
  isCondition,
  isDate,
  isEnum,
  isNullOrEmpty,
  ValueError,
  type Call,
  type DateValue,
  type Value,
} from './values';

/** How the evaluator applies a function. Its argument counts and required arguments are the catalogue's (data/functions.json), which validation checks too. */
export interface FunctionSpec {
  /**
   * Applied to each value when the first argument is multi-valued (Entra documents none of these
   * for multi-valued input; docs/semantics.md).
   */
  readonly perValue?: boolean;
  /** Arguments that carry a placeholder (`«Guid()»`) through as text; otherwise the result is a placeholder. */
  readonly passesPlaceholders?: (argIndex: number) => boolean;
  readonly apply: (call: Call) => Value;
}

// ---- argument coercion ----

function argValue(call: Call, index: number): Value | undefined {
  return call.args[index]?.value;
}

/** A single string (null for null/absent); DateTime values become Entra's `M/d/yyyy h:mm:ss tt`. */
export function asText(value: Value | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 1) return value[0];
    throw new ValueError(`expected a single value but got a multi-valued attribute with ${value.length} values`);
  }
  if (isDate(value)) return dateToText(value);
  if (isCondition(value)) return boolText(value.result);
  throw new ValueError(`"${value.name}" is not a value here`);
}

function text(call: Call, index: number): string | null {
  return asText(argValue(call, index));
}

function requiredText(call: Call, index: number, what: string): string {
  const value = text(call, index);
  if (value === null) throw new ValueError(`${what} is null`);
  return value;
}

function values(value: Value | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  const single = asText(value);
  return single === null ? [] : [single];
}

const INTEGER = /^\s*([+-]?\d+)\s*$/;
// VB reads the prefix in either case: &HF and &hf are both 15.
const VB_HEX = /^\s*&[Hh]([0-9A-Fa-f]+)\s*$/;
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/;

export function parseInteger(value: string): bigint | undefined {
  const integer = INTEGER.exec(value);
  if (integer) return BigInt(integer[1]);
  const hex = VB_HEX.exec(value);
  return hex ? BigInt('0x' + hex[1]) : undefined;
}

export function isNumeric(value: string): boolean {
  return NUMBER.test(value) || VB_HEX.test(value);
}

function integer(call: Call, index: number, what: string): bigint {
  const value = text(call, index);
  const parsed = value === null ? undefined : parseInteger(value);
  if (parsed === undefined) throw new ValueError(`${what} must be a whole number, not ${value === null ? 'null' : `"${value}"`}`);
  return parsed;
}

function smallInteger(call: Call, index: number, what: string): number {
  const value = integer(call, index, what);
  if (value > 1_000_000_000n || value < -1_000_000_000n) throw new ValueError(`${what} ${value} is out of range`);
  return Number(value);
}

function date(call: Call, index: number, what: string): DateValue {
  const value = argValue(call, index);
  if (isDate(value)) return value;
  const source = asText(value);
  if (source === null) throw new ValueError(`${what} is null`);
  return parseDate(source);
}

/**
 * Whether DateAdd's or DateDiff's date argument `index` is null: then the result is null, as the
 * other date functions pass null on, with a note, since Entra documents nothing for it (docs/semantics.md).
 */
function nullDate(call: Call, index: number, what: string): boolean {
  const value = argValue(call, index);
  if (isDate(value) || asText(value) !== null) return false;
  call.ctx.note(
    call.args[index].span,
    `${call.name}: ${what} is null, so no value flows and the attribute is not sent, as for CDate and FormatDateTime; Entra documents nothing for a null date and may fail the user instead (docs/semantics.md)`,
  );
  return true;
}

/** Entra's boolean strings and numbers as a condition (IIF, CBool): "True"/"False", non-zero. */
export function truth(value: string): boolean {
  if (/^true$/i.test(value.trim())) return true;
  if (/^false$/i.test(value.trim())) return false;
  if (isNumeric(value)) return Number(VB_HEX.test(value) ? parseInteger(value) : value) !== 0;
  throw new ValueError(`"${value}" is neither True/False nor a number`);
}

/** The condition of IIF/CBool: null when Entra's condition check fails (a null or empty compared attribute). */
function condition(call: Call): boolean | null {
  const value = argValue(call, 0);
  if (isCondition(value)) {
    if (value.failed) {
      call.ctx.note(
        call.args[0].span,
        `${call.name}: the condition compares an attribute that is null or empty; Entra documents that "the condition check fails", so no value flows (docs/semantics.md)`,
      );
      return null;
    }
    return value.result;
  }
  const source = asText(value);
  if (source === null || source === '') {
    call.ctx.note(
      call.args[0].span,
      `${call.name}: the condition is null or empty, so the condition check fails and no value flows (docs/semantics.md)`,
    );
    return null;
  }
  return truth(source);
}

/**
 * PCase: an empty wordSeparators is read as none given, as a null one is (a .NET string.IsNullOrEmpty
 * test is the likely reading; Entra documents neither), so .NET's ToTitleCase separators apply, with a note.
 */
function pCase(source: string, call: Call): string {
  const separators = text(call, 1);
  if (separators === '')
    call.ctx.note(
      call.args[1].span,
      'PCase: wordSeparators is empty, so scimmap title-cases as PCase without it does (spaces, punctuation and symbols separate words); Entra documents only a given or an omitted wordSeparators (docs/semantics.md)',
    );
  return properCase(source, separators || undefined);
}

// ---- random values ----

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
// The special characters of the Windows password-complexity policy.
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';

function randomString(call: Call): string {
  const length = smallInteger(call, 0, 'Length');
  const minimums = [1, 2, 3, 4].map((index) =>
    smallInteger(call, index, ['MinimumNumbers', 'MinimumSpecialCharacters', 'MinimumCapital', 'MinimumLowerCase'][index - 1]),
  );
  const avoid = text(call, 5) ?? '';
  if (length < 1 || length > 256) throw new ValueError(`Length must be between 1 and 256, not ${length}`);
  if (minimums.some((minimum) => minimum < 0)) throw new ValueError('the minimums cannot be negative');
  // Entra's rule leaves MinimumLowerCase out: Length >= MinimumNumbers + MinimumSpecialCharacters + MinimumCapital.
  const required = minimums[0] + minimums[1] + minimums[2];
  if (required > length) {
    throw new ValueError(
      `Length ${length} is smaller than the sum of the minimums MinimumNumbers, MinimumSpecialCharacters and MinimumCapital (${required})`,
    );
  }
  if (minimums[3] > length - required) {
    call.ctx.note(
      call.span,
      `RandomString: MinimumLowerCase ${minimums[3]} does not fit beside the other minimums in Length ${length}. Entra's rule for Length leaves MinimumLowerCase out and it documents nothing for this case; scimmap gives the ${length - required} lower-case characters that fit (docs/semantics.md)`,
    );
    minimums[3] = length - required;
  }
  const classes = [DIGITS, SPECIAL, UPPER, LOWER].map((chars) => [...chars].filter((ch) => !avoid.includes(ch)).join(''));
  classes.forEach((chars, index) => {
    if (minimums[index] > 0 && chars === '') throw new ValueError('CharactersToAvoid leaves no character for a required class');
  });
  const random = call.ctx.random;
  if (!random) {
    call.ctx.placeholder({
      kind: 'randomString',
      span: call.span,
      note: `a new random string of ${length} characters (at least ${minimums[0]} digits, ${minimums[1]} special, ${minimums[2]} capital, ${minimums[3]} lower-case) at each evaluation`,
    });
    return `\u00abRandomString(${length})\u00bb`;
  }
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)];
  const chars: string[] = [];
  classes.forEach((pool, index) => {
    for (let i = 0; i < minimums[index]; i++) chars.push(pick(pool));
  });
  const all = classes.join('');
  if (all === '') throw new ValueError('CharactersToAvoid leaves no character to use');
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function guid(call: Call): string {
  const random = call.ctx.random;
  if (!random) {
    call.ctx.placeholder({ kind: 'guid', span: call.span, note: 'a new random GUID at each evaluation' });
    return '\u00abGuid()\u00bb';
  }
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- Replace ----

function replace(call: Call): Value {
  const filled = (index: number) => call.args[index] !== undefined && call.args[index].value !== undefined;
  const source = text(call, 0);
  const limits = { maxInputLength: call.ctx.limits.maxRegexInputLength, maxOutputLength: call.ctx.limits.maxStringLength };
  if (filled(1)) {
    const oldValue = text(call, 1) ?? '';
    if (oldValue === '') throw new ValueError('oldValue is empty');
    if (filled(6)) {
      // oldValue is a placeholder in the template; the source value takes its place.
      if (source === null) return null;
      const template = text(call, 6) ?? '';
      return call.ctx.checkLength(replaceAll(template, oldValue, source, call), call.span, () => 'the result of Replace');
    }
    if (filled(4)) {
      if (source === null) return null;
      return replaceAll(source, oldValue, text(call, 4) ?? '', call);
    }
    throw new ValueError('with oldValue, give replacementValue (slot 5) or template (slot 7)');
  }
  if (filled(2)) {
    const pattern = requiredText(call, 2, 'regexPattern');
    if (filled(3)) {
      const groupName = requiredText(call, 3, 'regexGroupName');
      if (filled(5)) {
        // Keep the source when it has a value; otherwise take the named group from the other attribute.
        if (source !== null && source !== '') return source;
        const other = text(call, 5);
        return other === null ? null : regexGroupValue(pattern, other, groupName, limits);
      }
      if (filled(4)) return source === null ? null : regexReplaceGroup(pattern, source, groupName, text(call, 4) ?? '', limits);
      throw new ValueError('with regexPattern and regexGroupName, give replacementValue (slot 5) or replacementAttributeName (slot 6)');
    }
    if (filled(4)) return source === null ? null : regexReplace(pattern, source, text(call, 4) ?? '', limits);
    throw new ValueError('with regexPattern, give replacementValue (slot 5)');
  }
  throw new ValueError('give oldValue (slot 2) or regexPattern (slot 3); this argument combination matches none of the five modes');
}

/** Ordinal replace of every occurrence, refusing results over the length limit before building them. */
function replaceAll(source: string, oldValue: string, newValue: string, call: Call): string {
  let count = 0;
  for (let at = source.indexOf(oldValue); at >= 0; at = source.indexOf(oldValue, at + oldValue.length)) count++;
  const length = source.length + count * (newValue.length - oldValue.length);
  if (length > call.ctx.limits.maxStringLength)
    throw new EvaluationLimit(`the result would be ${length} characters, over the limit of ${call.ctx.limits.maxStringLength}`);
  return source.split(oldValue).join(newValue);
}

// ---- the table ----

const any = () => true;

function switchValue(call: Call): Value {
  const source = text(call, 0);
  for (let i = 2; i < call.args.length; i += 2) {
    const key = text(call, i) ?? '';
    // A "" key matches an empty or absent source; other keys compare case-sensitively.
    if (key === '' ? source === null || source === '' : key === source) return argValue(call, i + 1) ?? null;
  }
  return argValue(call, 1) ?? null;
}

const joinedNothingNote =
  'Join had no value to join (every source null or empty), so it gives "" (no separator), sent as an empty string; Entra does not document whether a tenant sends "" or nothing here (docs/semantics.md): IgnoreFlowIfNullOrEmpty(Join(...)) sends nothing for certain';

function join(call: Call): Value {
  const separator = text(call, 0) ?? '';
  const parts: string[] = [];
  let length = 0;
  let skippedEmpty = false;
  for (let i = 1; i < call.args.length; i++) {
    for (const value of values(argValue(call, i))) {
      if (value === '') {
        skippedEmpty = true;
        continue;
      }
      length += value.length + (parts.length > 0 ? separator.length : 0);
      if (length > call.ctx.limits.maxStringLength)
        throw new EvaluationLimit(`the result is longer than ${call.ctx.limits.maxStringLength} characters`);
      parts.push(value);
    }
  }
  // Entra documents no result for joining nothing: "" (what joining no value gives) is our choice, said where it matters.
  if (parts.length === 0) call.ctx.note(call.span, joinedNothingNote);
  else if (skippedEmpty) {
    call.ctx.note(call.span, "Join skipped an empty value, as Entra's documented example implies (docs/semantics.md)");
  }
  return parts.join(separator);
}

function coalesce(call: Call): Value {
  for (let i = 0; i < call.args.length; i++) {
    const value = argValue(call, i);
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (value === '' && call.args.slice(i + 1).some((arg) => !isNullOrEmpty(arg.value))) {
      call.ctx.note(call.args[i].span, 'Coalesce took an empty string: Entra documents skipping only NULL values (docs/semantics.md)');
    }
    return value;
  }
  return null;
}

function inStr(call: Call): string {
  const haystack = text(call, 0) ?? '';
  const needle = text(call, 1) ?? '';
  const start = call.args[2]?.value === undefined ? 1 : smallInteger(call, 2, 'start');
  if (start < 1) throw new ValueError(`start must be 1 or more, not ${start}`);
  const compare = argValue(call, 3);
  let textCompare = false;
  if (compare !== undefined) {
    const name = isEnum(compare) ? compare.name : asText(compare);
    if (name === 'vbTextCompare' || name === '1') textCompare = true;
    else if (name !== 'vbBinaryCompare' && name !== '0')
      throw new ValueError(`compareType must be vbBinaryCompare or vbTextCompare, not "${name}"`);
  }
  // VB's test (InternalInStrBinary): the search may start just past the end, where only "" is found.
  if (haystack === '' || start - 1 > haystack.length) return '0';
  if (needle === '') return String(start);
  const fold = (value: string) => (textCompare ? foldForTextCompare(value) : value);
  return String(fold(haystack).indexOf(fold(needle), start - 1) + 1);
}

function left(call: Call): string {
  const source = text(call, 0) ?? '';
  const count = smallInteger(call, 1, 'NumChars');
  if (count < 0) return source;
  return source.slice(0, count);
}

function mid(call: Call): string {
  const source = text(call, 0);
  const start = smallInteger(call, 1, 'start');
  const length = smallInteger(call, 2, 'length');
  if (start < 1) throw new ValueError(`start must be 1 or more, not ${start}`);
  if (length < 0) throw new ValueError(`length cannot be negative (${length})`);
  if (source === null) {
    // Entra documents "" for Left of a null string only; VB.NET's Strings.Mid gives "" too (docs/semantics.md).
    call.ctx.note(
      call.args[0].span,
      'Mid: source is null, so Mid gives "" (sent as an empty string), as Entra documents for Left and VB\'s Mid does; Entra documents nothing for Mid, and IgnoreFlowIfNullOrEmpty(...) sends nothing for certain (docs/semantics.md)',
    );
    return '';
  }
  return source.slice(start - 1, start - 1 + length);
}

/** .NET's Char.IsWhiteSpace: JavaScript's \s plus U+0085, less U+FEFF. */
const DOTNET_WHITE_SPACE = /[^\S\uFEFF]|\u0085/;

/**
 * An empty (or null) delimiter: .NET's String.Split, given no separator characters or strings, splits
 * on white space. Entra documents no empty delimiter, so the reading is an inference and says so.
 */
function noteEmptyDelimiter(call: Call, name: string, index: number): void {
  call.ctx.note(
    call.args[index]?.span ?? call.span,
    `${name} has an empty delimiter: split on white space, as .NET String.Split does when given no separator (inferred: Microsoft does not document an empty delimiter; docs/semantics.md)`,
  );
}

function word(call: Call): string {
  const source = text(call, 0);
  const number = smallInteger(call, 1, 'WordNumber');
  const delimiters = text(call, 2) ?? '';
  if (source === null || number < 1) return '';
  if (delimiters === '') noteEmptyDelimiter(call, 'Word', 2);
  const isDelimiter = delimiters === '' ? (ch: string) => DOTNET_WHITE_SPACE.test(ch) : (ch: string) => delimiters.includes(ch);
  const words: string[] = [];
  let current = '';
  for (const ch of source) {
    if (isDelimiter(ch)) {
      if (current !== '') words.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') words.push(current);
  return words[number - 1] ?? '';
}

function item(call: Call): Value {
  const list = values(argValue(call, 0));
  const index = smallInteger(call, 1, 'index');
  if (argValue(call, 0) === null) return null;
  if (index < 1 || index > list.length)
    throw new ValueError(
      `index ${index} is out of range: the attribute has ${list.length} value${list.length === 1 ? '' : 's'} (Item counts from 1)`,
    );
  return list[index - 1];
}

function split(call: Call): Value {
  const source = text(call, 0);
  const delimiter = text(call, 1) ?? '';
  if (source === null) return null;
  if (delimiter === '') noteEmptyDelimiter(call, 'Split', 1);
  const parts = source.split(delimiter === '' ? DOTNET_WHITE_SPACE : delimiter);
  if (parts.some((part) => part !== part.trim())) {
    call.ctx.note(
      call.span,
      "Split keeps the spaces around each value, as .NET String.Split does; Entra's documented example shows them trimmed (docs/semantics.md)",
    );
  }
  return parts;
}

function bitAnd(call: Call): string {
  return String(integer(call, 0, 'value1') & integer(call, 1, 'value2'));
}

function cBool(call: Call): Value {
  const result = condition(call);
  return result === null ? null : boolText(result);
}

function iif(call: Call): Value {
  const result = condition(call);
  if (result === null) return null;
  return argValue(call, result ? 1 : 2) ?? null;
}

function not(call: Call): string {
  const source = text(call, 0);
  // .NET's bool.Parse ignores letter case and surrounding white space.
  if (source !== null && source !== 'True' && source !== 'False' && /^\s*(true|false)\s*$/i.test(source)) {
    call.ctx.note(call.args[0].span, `Not read "${source}" as a boolean ignoring case and surrounding white space (docs/semantics.md)`);
  }
  return source !== null && /^\s*true\s*$/i.test(source) ? 'False' : 'True';
}

function formatDateTime(call: Call): string | null {
  // Four slots (source, dateTimeStyles, inputFormat, outputFormat), or Graph's three-argument form
  // (source, inputFormat, outputFormat): the same with dateTimeStyles empty.
  const four = call.args.length === 4;
  const [input, output] = four ? [2, 3] : [1, 2];
  const source = text(call, 0);
  if (source === null) return null;
  if (four) dateTimeStyles(text(call, 1));
  const inputFormat = requiredText(call, input, 'inputFormat');
  const outputFormat = requiredText(call, output, 'outputFormat');
  const value = formatDate(parseDateExact(source, inputFormat), outputFormat);
  cultureNote(call, input, inputFormat);
  cultureNote(call, output, outputFormat);
  return value;
}

/** A standard format whose meaning depends on the culture is read in the invariant culture: say so where it was used. */
function cultureNote(call: Call, index: number, format: string): void {
  const pattern = cultureDependentPattern(format);
  if (pattern !== undefined)
    call.ctx.note(
      call.args[index].span,
      `FormatDateTime: the standard format "${format}" depends on the culture; read in en-US as "${pattern.enUS}", the culture Entra writes its dates in (the invariant culture would give "${pattern.invariant}"; docs/semantics.md)`,
    );
}

const DATE_TIME_STYLES = [
  'None',
  'AllowLeadingWhite',
  'AllowTrailingWhite',
  'AllowInnerWhite',
  'AllowWhiteSpaces',
  'NoCurrentDateDefault',
  'AdjustToUniversal',
  'AssumeLocal',
  'AssumeUniversal',
  'RoundtripKind',
];

/** Checks a dateTimeStyles argument; every style gives the same UTC result here (docs/semantics.md). */
function dateTimeStyles(styles: string | null): void {
  if (styles === null || styles.trim() === '' || /^\d+$/.test(styles.trim())) return;
  for (const style of styles.split(',')) {
    if (!DATE_TIME_STYLES.some((name) => name.toLowerCase() === style.trim().toLowerCase())) {
      throw new ValueError(`"${style.trim()}" is not a DateTimeStyles value (${DATE_TIME_STYLES.join(', ')})`);
    }
  }
}

function isString(value: Value | undefined): boolean {
  return typeof value === 'string' || isDate(value) || isCondition(value) || (Array.isArray(value) && value.length === 1);
}

function removeDuplicates(call: Call): Value {
  const value = argValue(call, 0);
  if (value === null || value === undefined) return null;
  const unique = [...new Set(values(value))];
  return Array.isArray(value) ? unique : (unique[0] ?? null);
}

function selectUniqueValue(call: Call): Value {
  const rules = call.args.length;
  call.ctx.placeholder({
    kind: 'selectUniqueValue',
    span: call.span,
    note: `uniqueness checked at run time: Entra sends the first of the ${rules} rules whose value is not already in the target; the preview shows the first rule with a value`,
  });
  return call.args.find((arg) => !isNullOrEmpty(arg.value))?.value ?? null;
}

function singleAppRoleAssignment(call: Call): Value {
  const roles = values(argValue(call, 0));
  if (roles.length > 1) {
    call.ctx.placeholder({
      kind: 'appRoleAssignments',
      span: call.span,
      note: `the user has ${roles.length} app roles; Entra picks one of them and does not guarantee which (the preview shows the first)`,
    });
  }
  return roles[0] ?? null;
}

function appRoleAssignmentsComplex(call: Call): Value {
  const roles = values(argValue(call, 0));
  return roles.length > 0 ? roles : null;
}

function now(call: Call): Value {
  if (call.ctx.now) return dateFromJsDate(call.ctx.now);
  call.ctx.placeholder({ kind: 'now', span: call.span, note: 'the current UTC time when Entra evaluates the mapping' });
  return '\u00abNow()\u00bb';
}

function defaultDomain(call: Call): Value {
  if (call.ctx.defaultDomain) return call.ctx.defaultDomain;
  call.ctx.placeholder({
    kind: 'defaultDomain',
    span: call.span,
    note: "the tenant's default verified domain (set one for the preview to use it)",
  });
  return '\u00abDefaultDomain()\u00bb';
}

function ignoreFlowIfNullOrEmpty(call: Call): Value {
  const value = argValue(call, 0) ?? null;
  if (nullOrEmptyArgument(call)) throw new FlowIgnored(call.span);
  return value;
}

/**
 * Null or empty, as the "null or empty" tests read their argument. A multi-valued value whose every
 * value is "" counts as empty: Entra most likely keeps no empty values in a multi-valued attribute,
 * which leaves none. Undocumented, so it is noted.
 */
function nullOrEmptyArgument(call: Call): boolean {
  const value = argValue(call, 0);
  if (Array.isArray(value) && value.length > 0 && value.every((each) => each === '')) {
    call.ctx.note(
      call.args[0].span,
      `${call.name}: every value is empty (${value.length} empty string${value.length === 1 ? '' : 's'}), read as empty (inferred: Microsoft does not document a multi-valued value of empty strings; docs/semantics.md)`,
    );
    return true;
  }
  return isNullOrEmpty(value);
}

function unary(transform: (value: string, call: Call) => Value): (call: Call) => Value {
  return (call) => {
    const source = text(call, 0);
    return source === null ? null : transform(source, call);
  };
}

const textFunction = (apply: (call: Call) => Value): FunctionSpec => ({ perValue: true, apply });

const DEFINITIONS: Readonly<Record<string, FunctionSpec>> = {
  Append: {
    perValue: true,
    passesPlaceholders: any,
    apply: (call) => {
      const source = text(call, 0);
      return source === null ? null : source + (text(call, 1) ?? '');
    },
  },
  AppRoleAssignmentsComplex: { apply: appRoleAssignmentsComplex },
  AssertiveAppRoleAssignmentsComplex: { apply: appRoleAssignmentsComplex },
  BitAnd: { apply: bitAnd },
  CBool: { apply: cBool },
  CDate: { apply: (call) => (text(call, 0) === null ? null : date(call, 0, 'expression')) },
  Coalesce: { passesPlaceholders: any, apply: coalesce },
  ConvertToBase64: textFunction(unary(base64Utf16)),
  ConvertToUTF8Hex: textFunction(unary(utf8Hex)),
  Count: { apply: (call) => String(values(argValue(call, 0)).length) },
  CStr: { passesPlaceholders: any, apply: (call) => text(call, 0) },
  DateAdd: {
    apply: (call) => {
      const interval = parseInterval(requiredText(call, 0, 'interval'));
      const amount = integer(call, 1, 'value');
      return nullDate(call, 2, 'dateTime') ? null : dateAdd(interval, amount, date(call, 2, 'dateTime'));
    },
  },
  DateDiff: {
    apply: (call) => {
      const interval = parseInterval(requiredText(call, 0, 'interval'));
      if (nullDate(call, 1, 'date1') || nullDate(call, 2, 'date2')) return null;
      return String(dateDiff(interval, date(call, 1, 'date1'), date(call, 2, 'date2')));
    },
  },
  DateFromNum: { apply: (call) => (text(call, 0) === null ? null : dateFromFileTime(integer(call, 0, 'value'))) },
  DefaultDomain: { apply: defaultDomain },
  FormatDateTime: { perValue: true, apply: formatDateTime },
  Guid: { apply: guid },
  IgnoreFlowIfNullOrEmpty: { passesPlaceholders: any, apply: ignoreFlowIfNullOrEmpty },
  IIF: { passesPlaceholders: (index) => index > 0, apply: iif },
  InStr: { apply: inStr },
  IsNull: { passesPlaceholders: any, apply: (call) => boolText(argValue(call, 0) === null || argValue(call, 0) === undefined) },
  IsNullOrEmpty: { passesPlaceholders: any, apply: (call) => boolText(nullOrEmptyArgument(call)) },
  IsPresent: { passesPlaceholders: any, apply: (call) => boolText(!nullOrEmptyArgument(call)) },
  IsString: { passesPlaceholders: any, apply: (call) => boolText(isString(argValue(call, 0))) },
  Item: { passesPlaceholders: (index) => index === 0, apply: item },
  Join: { passesPlaceholders: any, apply: join },
  Left: { apply: left },
  Len: { apply: (call) => String((text(call, 0) ?? '').length) },
  Mid: { apply: mid },
  NormalizeDiacritics: textFunction(
    unary((source, call) =>
      normalizeDiacritics(source, () =>
        call.ctx.note(
          call.args[0].span,
          'NormalizeDiacritics read a decomposed letter (a base letter and combining marks, Unicode NFD) like its composed form; Entra documents its table in composed letters only (docs/semantics.md)',
        ),
      ),
    ),
  ),
  Not: { apply: not },
  Now: { apply: now },
  NumFromDate: { apply: (call) => (text(call, 0) === null ? null : String(fileTimeFromDate(date(call, 0, 'value')))) },
  PCase: textFunction(unary(pCase)),
  RandomString: { apply: randomString },
  Redact: { passesPlaceholders: any, apply: (call) => argValue(call, 0) ?? null },
  RemoveDuplicates: { passesPlaceholders: any, apply: removeDuplicates },
  Replace: { perValue: true, apply: replace },
  SelectUniqueValue: { passesPlaceholders: any, apply: selectUniqueValue },
  SingleAppRoleAssignment: { apply: singleAppRoleAssignment },
  Split: { apply: split },
  StripSpaces: textFunction(unary((source) => source.replaceAll(' ', ''))),
  Switch: { passesPlaceholders: (index) => index === 1 || (index > 2 && index % 2 === 1), apply: switchValue },
  ToLower: textFunction(unary((source, call) => toLower(source, text(call, 1) ?? undefined))),
  ToUpper: textFunction(unary((source, call) => toUpper(source, text(call, 1) ?? undefined))),
  Word: { apply: word },
};

const NO_PLACEHOLDERS = () => false;

/** A function as the evaluator runs it: its spec and the catalogue's signatures. */
export interface EvaluatedFunction extends Required<FunctionSpec> {
  readonly signatures: readonly FunctionSignature[];
  /** The catalogue signature that takes `count` arguments (remembered per count: evaluation asks for every call). */
  signatureFor(count: number): FunctionSignature | undefined;
}

function signatureLookup(signatures: readonly FunctionSignature[]): (count: number) => FunctionSignature | undefined {
  const byCount = new Map<number, FunctionSignature | undefined>();
  return (count) => {
    if (!byCount.has(count))
      byCount.set(
        count,
        signatures.find((signature) => acceptsArgumentCount(signature, count)),
      );
    return byCount.get(count);
  };
}

function catalogueSignatures(name: string): readonly FunctionSignature[] {
  const info = findFunction(name);
  if (!info) throw new Error(`${name} is evaluated but missing from data/functions.json`);
  return info.signatures;
}

/** Every spec with the same properties, so the evaluator's property reads stay monomorphic (fast). */
export const FUNCTIONS: Readonly<Record<string, EvaluatedFunction>> = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([name, spec]) => {
    const signatures = catalogueSignatures(name);
    const evaluated: EvaluatedFunction = {
      signatures,
      signatureFor: signatureLookup(signatures),
      perValue: spec.perValue ?? false,
      passesPlaceholders: spec.passesPlaceholders ?? NO_PLACEHOLDERS,
      apply: spec.apply,
    };
    return [name, evaluated];
  }),
);

const BY_LOWER_NAME = new Map(Object.keys(FUNCTIONS).map((name) => [name.toLowerCase(), name]));

/** The function's canonical name: exact first, then ignoring case (validation reports the wrong case). */
export function lookupFunction(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? name : BY_LOWER_NAME.get(name.toLowerCase());
}

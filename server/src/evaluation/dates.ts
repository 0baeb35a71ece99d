// .NET DateTime as Entra's expression functions use it: UTC ticks (100 ns since 0001-01-01),
// lenient parsing for CDate, .NET custom and standard format strings for FormatDateTime (parse and
// write, English names, en-US standard formats), VB DateAdd/DateDiff interval arithmetic, and AD FILETIME conversions.
// Ticks are BigInt so FILETIME values (18 digits) keep their last digit.
import { ValueError, type DateValue } from './values';

const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
const TICKS_PER_WEEK = 7n * TICKS_PER_DAY;
const MAX_TICKS = 3_155_378_975_999_999_999n; // DateTime.MaxValue
const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
const FILETIME_EPOCH_TICKS = 504_911_232_000_000_000n; // 1601-01-01
const DAYS_TO_UNIX_EPOCH = 719_162; // days from 0001-01-01 to 1970-01-01

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Ticks within the second, 0..9,999,999. */
  fraction: number;
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian, as .NET uses), days since 1970-01-01.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function checkTicks(ticks: bigint, dateKind: DateValue['dateKind'] = 'utc'): DateValue {
  if (ticks < 0n || ticks > MAX_TICKS) throw new ValueError('the date is outside the range .NET DateTime supports (years 1 to 9999)');
  return { kind: 'date', ticks, dateKind };
}

/** Builds a UTC date from calendar parts written at `offsetMinutes` from UTC. */
export function dateFromParts(parts: DateParts, offsetMinutes = 0, dateKind: DateValue['dateKind'] = 'utc'): DateValue {
  const { year, month, day, hour, minute, second, fraction } = parts;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValueError(`${year}-${month}-${day} is not a valid calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new ValueError(`${hour}:${minute}:${second} is not a valid time of day`);
  const days = BigInt(daysFromCivil(year, month, day) + DAYS_TO_UNIX_EPOCH);
  const ticks =
    days * TICKS_PER_DAY +
    BigInt(hour) * TICKS_PER_HOUR +
    BigInt(minute) * TICKS_PER_MINUTE +
    BigInt(second) * TICKS_PER_SECOND +
    BigInt(fraction) -
    BigInt(offsetMinutes) * TICKS_PER_MINUTE;
  return checkTicks(ticks, dateKind);
}

export function partsOf(date: DateValue): DateParts & { dayOfWeek: number } {
  const days = Number(date.ticks / TICKS_PER_DAY);
  let rest = date.ticks % TICKS_PER_DAY;
  const hour = Number(rest / TICKS_PER_HOUR);
  rest %= TICKS_PER_HOUR;
  const minute = Number(rest / TICKS_PER_MINUTE);
  rest %= TICKS_PER_MINUTE;
  const second = Number(rest / TICKS_PER_SECOND);
  const fraction = Number(rest % TICKS_PER_SECOND);
  return { ...civilFromDays(days - DAYS_TO_UNIX_EPOCH), hour, minute, second, fraction, dayOfWeek: (days + 1) % 7 };
}

export function dateFromJsDate(value: Date): DateValue {
  return checkTicks(BigInt(value.getTime()) * 10_000n + UNIX_EPOCH_TICKS);
}

/** The instant of a date as a JavaScript Date (to the millisecond). */
export function jsDateOf(date: DateValue): Date {
  return new Date(Number((date.ticks - UNIX_EPOCH_TICKS) / 10_000n));
}

/**
 * A clock given as text (`--now`, a test file's `now`) read as CDate reads the same text: without an
 * offset it is UTC, as Entra's clock is, whatever the machine's time zone. An impossible date throws
 * ValueError, saying what is expected and why, rather than rolling over.
 */
export function clockOf(text: string): Date {
  try {
    return jsDateOf(parseDate(text));
  } catch (error) {
    const why = error instanceof ValueError && !error.message.includes('CDate can parse') ? ` (${error.message})` : '';
    throw new ValueError(`an ISO 8601 date such as 2026-03-01T09:30:00Z, not "${text}"${why}`);
  }
}

// ---- CDate: lenient parsing of the forms Entra's examples and outputs use ----

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7})\d*)?)?\s*([AaPp][Mm])?`;
const ZONE = String.raw`\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)${TIME})?${ZONE}$`, 'i');
// Year first with slashes (2021/06/30): DateTime.Parse reads it so in en-US and the invariant culture alike.
const YEAR_FIRST_SLASH_DATE = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+${TIME})?${ZONE}$`, 'i');
const US_DATE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?${ZONE}$`, 'i');
const DAY_MONTH_NAME = new RegExp(String.raw`^(?:([A-Za-z]+),?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})(?:,?\s+${TIME})?${ZONE}$`, 'i');
const MONTH_NAME_DAY = new RegExp(
  String.raw`^(?:([A-Za-z]+),?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?${ZONE}$`,
  'i',
);

/** The index of a month or day name, written whole or as its first three letters, in any case. */
function nameIndex(names: readonly string[], name: string, what: string): number {
  const lower = name.toLowerCase();
  const index = names.findIndex((each) => each.toLowerCase() === lower || (lower.length === 3 && each.toLowerCase().startsWith(lower)));
  if (index < 0) throw new ValueError(`"${name}" is not a ${what} name`);
  return index;
}

/**
 * .NET's parsing refuses a day name that is not the date's (DateTimeParse.TryParse and DoStrictParse:
 * Format_BadDayOfWeek), judged on the date as written, before any offset.
 */
function checkDayOfWeek(text: string, parts: DateParts, dayOfWeek: number | undefined): void {
  if (dayOfWeek === undefined) return;
  const actual = partsOf(dateFromParts(parts)).dayOfWeek;
  if (actual !== dayOfWeek) {
    throw new ValueError(
      `"${text}" is not a valid date: ${parts.year}-${pad(parts.month, 2)}-${pad(parts.day, 2)} is a ${DAYS[actual]}, not a ${DAYS[dayOfWeek]}`,
    );
  }
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!match) throw new ValueError(`"${zone}" is not a UTC offset`);
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) throw new ValueError(`the UTC offset ${zone} is out of range`);
  return match[1] === '-' ? -minutes : minutes;
}

function timeParts(match: RegExpExecArray, first: number): Pick<DateParts, 'hour' | 'minute' | 'second' | 'fraction'> {
  let hour = Number(match[first] ?? 0);
  const designator = match[first + 4]?.toUpperCase();
  if (designator) {
    if (hour < 1 || hour > 12) throw new ValueError(`${hour} is not an hour of a ${designator} time`);
    hour = (hour % 12) + (designator === 'PM' ? 12 : 0);
  }
  const fractionDigits = match[first + 3] ?? '';
  return {
    hour,
    minute: Number(match[first + 1] ?? 0),
    second: Number(match[first + 2] ?? 0),
    fraction: Number(fractionDigits.padEnd(7, '0')),
  };
}

/**
 * Parses a date the way CDate does for the forms Entra documents: ISO 8601 with or without a time
 * and offset (`2020-03-16-07:00`, `2009-06-15T01:45:30-07:00`), also with slashes (`2020/03/16`), Entra's own output
 * `M/d/yyyy h:mm:ss tt`, and English month names. A date without an offset is UTC.
 */
export function parseDate(text: string): DateValue {
  const trimmed = text.trim();
  let match = ISO_DATE.exec(trimmed) ?? YEAR_FIRST_SLASH_DATE.exec(trimmed);
  if (match) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    return dateFromParts({ ...date, ...timeParts(match, 4) }, zoneMinutes(match[9]));
  }
  match = US_DATE.exec(trimmed);
  if (match) {
    const date = { year: Number(match[3]), month: Number(match[1]), day: Number(match[2]) };
    return dateFromParts({ ...date, ...timeParts(match, 4) }, zoneMinutes(match[9]));
  }
  match = DAY_MONTH_NAME.exec(trimmed);
  const dayFirst = match !== null;
  match ??= MONTH_NAME_DAY.exec(trimmed);
  if (match) {
    const [day, month] = dayFirst ? [match[2], match[3]] : [match[3], match[2]];
    const parts = { year: Number(match[4]), month: nameIndex(MONTHS, month, 'month') + 1, day: Number(day), ...timeParts(match, 5) };
    checkDayOfWeek(text, parts, match[1] === undefined ? undefined : nameIndex(DAYS, match[1], 'day'));
    return dateFromParts(parts, zoneMinutes(match[10]));
  }
  throw new ValueError(`"${text}" is not a date CDate can parse (use ISO 8601, e.g. 2021-06-30T08:00:00Z)`);
}

// ---- .NET custom format strings ----

/** `zone`: an unquoted `Z`, a literal letter when writing but the UTC designator when parsing. */
type FormatToken = { readonly literal: string; readonly zone?: true } | { readonly field: string; readonly width: number };

/**
 * DateTime.ParseExact reads an unquoted `Z` of the format as the time zone name "Z" or "GMT" (any
 * case, not followed by a letter), making the value UTC (DateTimeParse.ParseByFormat, GetTimeZoneName);
 * DateTime.ToString writes it as the letter.
 */
const UTC_DESIGNATOR: FormatToken = Object.freeze({ literal: 'Z', zone: true });

// The standard (one-letter) format strings. o, r, s and u are the same in every culture.
const CULTURE_INDEPENDENT_FORMATS: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

// The others depend on the culture. Entra writes DateTime values as en-US's "G" does
// (M/d/yyyy h:mm:ss tt, .NET's DateTime.ToString() in en-US), so its service formats in en-US
// (docs/semantics.md); the invariant culture's patterns are kept for the note that says so.
const EN_US_FORMATS: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

const INVARIANT_FORMATS: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  t: 'HH:mm',
  T: 'HH:mm:ss',
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

/** For a culture-dependent standard format: the pattern used (en-US) and the invariant culture's; else undefined. */
export function cultureDependentPattern(format: string): { readonly enUS: string; readonly invariant: string } | undefined {
  return Object.prototype.hasOwnProperty.call(EN_US_FORMATS, format)
    ? { enUS: EN_US_FORMATS[format], invariant: INVARIANT_FORMATS[format] }
    : undefined;
}

function standardPattern(format: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(CULTURE_INDEPENDENT_FORMATS, format)) return CULTURE_INDEPENDENT_FORMATS[format];
  return cultureDependentPattern(format)?.enUS;
}

const FIELD_LETTERS = new Set(['d', 'f', 'F', 'g', 'h', 'H', 'K', 'm', 'M', 's', 't', 'y', 'z']);

export function tokenizeFormat(format: string): FormatToken[] {
  if (format.length === 0) throw new ValueError('the date format is empty');
  let pattern = format;
  if (format.length === 1) {
    const standard = standardPattern(format);
    if (standard === undefined) throw new ValueError(`"${format}" is not a .NET standard date format`);
    pattern = standard;
  }
  const tokens: FormatToken[] = [];
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (FIELD_LETTERS.has(ch)) {
      let width = 1;
      while (pattern[i + width] === ch) width++;
      if ((ch === 'f' || ch === 'F') && width > 7) throw new ValueError(`"${ch.repeat(width)}": at most 7 fraction digits`);
      tokens.push({ field: ch, width });
      i += width;
    } else if (ch === "'" || ch === '"') {
      let literal = '';
      let j = i + 1;
      while (j < pattern.length && pattern[j] !== ch) {
        if (pattern[j] === '\\' && j + 1 < pattern.length) j++;
        literal += pattern[j++];
      }
      if (j >= pattern.length) throw new ValueError(`unclosed quote ${ch} in the date format "${format}"`);
      tokens.push({ literal });
      i = j + 1;
    } else if (ch === '%') {
      const next = pattern[i + 1];
      if (next === undefined || next === '%') throw new ValueError(`"%" must be followed by one format letter in "${format}"`);
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= pattern.length) throw new ValueError(`the date format "${format}" ends with a lone backslash`);
      tokens.push({ literal: pattern[i + 1] });
      i += 2;
    } else {
      tokens.push(ch === 'Z' ? UTC_DESIGNATOR : { literal: ch });
      i++;
    }
  }
  return tokens;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Writes a UTC date with a .NET custom or standard format string (names in English, standard formats in en-US). */
export function formatDate(date: DateValue, format: string): string {
  const p = partsOf(date);
  let out = '';
  for (const token of tokenizeFormat(format)) {
    if ('literal' in token) {
      out += token.literal;
      continue;
    }
    const { field, width } = token;
    switch (field) {
      case 'd':
        out += width === 1 ? String(p.day) : width === 2 ? pad(p.day, 2) : width === 3 ? DAYS[p.dayOfWeek].slice(0, 3) : DAYS[p.dayOfWeek];
        break;
      case 'M':
        out +=
          width === 1
            ? String(p.month)
            : width === 2
              ? pad(p.month, 2)
              : width === 3
                ? MONTHS[p.month - 1].slice(0, 3)
                : MONTHS[p.month - 1];
        break;
      case 'y':
        out += width === 1 ? String(p.year % 100) : width === 2 ? pad(p.year % 100, 2) : pad(p.year, width);
        break;
      case 'h':
        out += width === 1 ? String(p.hour % 12 || 12) : pad(p.hour % 12 || 12, 2);
        break;
      case 'H':
        out += width === 1 ? String(p.hour) : pad(p.hour, 2);
        break;
      case 'm':
        out += width === 1 ? String(p.minute) : pad(p.minute, 2);
        break;
      case 's':
        out += width === 1 ? String(p.second) : pad(p.second, 2);
        break;
      case 'f':
        out += pad(p.fraction, 7).slice(0, width);
        break;
      case 'F': {
        const digits = pad(p.fraction, 7).slice(0, width).replace(/0+$/, '');
        // .NET drops the decimal point before an all-zero F field.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't':
        out += (p.hour < 12 ? 'AM' : 'PM').slice(0, width === 1 ? 1 : 2);
        break;
      case 'z':
        out += width === 1 ? '+0' : width === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        // .NET writes Z for a UTC value, the local offset for a local one, nothing when unspecified.
        out += date.dateKind === 'utc' ? 'Z' : date.dateKind === 'local' ? '+00:00' : '';
        break;
      case 'g':
        out += 'A.D.';
        break;
    }
  }
  return out;
}

/** Entra's DateTime-as-string form: `M/d/yyyy h:mm:ss tt` (e.g. `7/2/2021 3:33:38 PM`). */
export function dateToText(date: DateValue): string {
  return formatDate(date, 'M/d/yyyy h:mm:ss tt');
}

function readDigits(text: string, at: number, min: number, max: number): { value: number; end: number } | undefined {
  let end = at;
  while (end < text.length && end - at < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  if (end - at < min) return undefined;
  return { value: Number(text.slice(at, end)), end };
}

function readName(text: string, at: number, names: string[], width: number): { value: number; end: number } | undefined {
  const rest = text.slice(at).toLowerCase();
  // Longest names first so "June" is not read as "Jun".
  const candidates = names.map((name, index) => ({ name: (width === 3 ? name.slice(0, 3) : name).toLowerCase(), index }));
  candidates.sort((a, b) => b.name.length - a.name.length);
  const found = candidates.find((candidate) => rest.startsWith(candidate.name));
  return found && { value: found.index, end: at + found.name.length };
}

function readOffset(text: string, at: number, width: number): { value: number; end: number } | undefined {
  const match = (width >= 3 ? /^([+-])(\d{2}):(\d{2})/ : /^([+-])(\d{1,2})/).exec(text.slice(at));
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return { value: match[1] === '-' ? -minutes : minutes, end: at + match[0].length };
}

/**
 * DateTime.ParseExact with a .NET custom format, as FormatDateTime's inputFormat. Leading and
 * trailing white space is allowed (the default styles); parts the format lacks default to
 * 0001-01-01 00:00:00; a parsed offset converts the value to UTC.
 */
export function parseDateExact(text: string, format: string): DateValue {
  const input = text.trim();
  const parts: DateParts = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0 };
  let designator: 'AM' | 'PM' | undefined;
  let hour12: number | undefined;
  let offset = 0;
  let dateKind: DateValue['dateKind'] = 'unspecified';
  let dayOfWeek: number | undefined;
  let at = 0;
  const mismatch = (): never => {
    throw new ValueError(`"${text}" does not match the date format "${format}"`);
  };
  for (const token of tokenizeFormat(format)) {
    if ('literal' in token && token.zone) {
      const name = /^(?:GMT|Z)(?![\p{L}])/iu.exec(input.slice(at));
      // A Z after an offset other than zero is "pattern 'Z' appears more than once with different values".
      if (!name || offset !== 0) mismatch();
      at += name![0].length;
      dateKind = 'utc';
      continue;
    }
    if ('literal' in token) {
      if (!input.startsWith(token.literal, at)) mismatch();
      at += token.literal.length;
      continue;
    }
    const { field, width } = token;
    const short = width === 1;
    let read: { value: number; end: number } | undefined;
    switch (field) {
      case 'd':
        if (width <= 2) {
          read = readDigits(input, at, short ? 1 : 2, 2);
          if (read) parts.day = read.value;
        } else {
          read = readName(input, at, DAYS, width);
          if (read) dayOfWeek = read.value;
        }
        break;
      case 'M':
        if (width <= 2) {
          read = readDigits(input, at, short ? 1 : 2, 2);
          if (read) parts.month = read.value;
        } else {
          read = readName(input, at, MONTHS, width);
          if (read) parts.month = read.value + 1;
        }
        break;
      case 'y':
        read = width <= 2 ? readDigits(input, at, short ? 1 : 2, 2) : readDigits(input, at, width, Math.max(width, 4));
        // .NET's two-digit year window: 00-49 -> 2000s, 50-99 -> 1900s.
        if (read) parts.year = width <= 2 ? read.value + (read.value < 50 ? 2000 : 1900) : read.value;
        break;
      case 'h':
        read = readDigits(input, at, short ? 1 : 2, 2);
        if (read) hour12 = read.value;
        break;
      case 'H':
        read = readDigits(input, at, short ? 1 : 2, 2);
        if (read) parts.hour = read.value;
        break;
      case 'm':
        read = readDigits(input, at, short ? 1 : 2, 2);
        if (read) parts.minute = read.value;
        break;
      case 's':
        read = readDigits(input, at, short ? 1 : 2, 2);
        if (read) parts.second = read.value;
        break;
      case 'f':
      case 'F':
        read = readDigits(input, at, field === 'f' ? width : 0, width);
        if (read) parts.fraction = Number(input.slice(at, read.end).padEnd(7, '0'));
        break;
      case 't': {
        const found = /^([AaPp])([Mm])?/.exec(input.slice(at));
        if (found && (width === 1 || found[2])) {
          designator = found[1].toUpperCase() === 'A' ? 'AM' : 'PM';
          read = { value: 0, end: at + (width === 1 ? 1 : 2) };
        }
        break;
      }
      case 'z':
        read = readOffset(input, at, width);
        if (read) {
          offset = read.value;
          dateKind = 'local';
        }
        break;
      case 'K':
        if (input[at] === 'Z' || input[at] === 'z') {
          read = { value: 0, end: at + 1 };
          dateKind = 'utc';
        } else {
          read = readOffset(input, at, 3);
          if (read) dateKind = 'local';
          else read = { value: 0, end: at };
        }
        offset = read.value;
        break;
      case 'g':
        read = input.startsWith('A.D.', at) ? { value: 0, end: at + 4 } : undefined;
        break;
    }
    if (!read) mismatch();
    at = read!.end;
  }
  if (at !== input.length) mismatch();
  if (hour12 !== undefined) {
    if (hour12 < 1 || hour12 > 12) mismatch();
    parts.hour = (hour12 % 12) + (designator === 'PM' ? 12 : 0);
  } else if (designator === 'PM' && parts.hour < 12) parts.hour += 12;
  checkDayOfWeek(text, parts, dayOfWeek);
  // RoundtripKind: a parsed offset converts to local time (UTC on Entra's servers), a Z stays UTC.
  return dateFromParts(parts, offset, dateKind);
}

// ---- VB DateAdd / DateDiff ----

export type DateInterval = 'yyyy' | 'q' | 'm' | 'y' | 'd' | 'w' | 'ww' | 'h' | 'n' | 's';
const INTERVALS: readonly DateInterval[] = ['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's'];

export function parseInterval(text: string): DateInterval {
  const interval = INTERVALS.find((candidate) => candidate === text.toLowerCase());
  if (!interval) throw new ValueError(`"${text}" is not a date interval (use yyyy, q, m, y, d, w, ww, h, n or s)`);
  return interval;
}

function addMonths(date: DateValue, months: bigint): DateValue {
  const p = partsOf(date);
  const total = BigInt(p.year) * 12n + BigInt(p.month - 1) + months;
  if (total < 12n || total >= 120_000n) throw new ValueError('the date is outside the range .NET DateTime supports (years 1 to 9999)');
  const year = Number(total / 12n);
  const month = Number(total % 12n) + 1;
  return dateFromParts({ ...p, year, month, day: Math.min(p.day, daysInMonth(year, month)) }, 0, date.dateKind);
}

/** VB DateAdd: months and years clamp the day to the end of the month (.NET AddMonths). */
export function dateAdd(interval: DateInterval, amount: bigint, date: DateValue): DateValue {
  switch (interval) {
    case 'yyyy':
      return addMonths(date, amount * 12n);
    case 'q':
      return addMonths(date, amount * 3n);
    case 'm':
      return addMonths(date, amount);
    case 'y':
    case 'd':
    case 'w':
      return checkTicks(date.ticks + amount * TICKS_PER_DAY, date.dateKind);
    case 'ww':
      return checkTicks(date.ticks + amount * TICKS_PER_WEEK, date.dateKind);
    case 'h':
      return checkTicks(date.ticks + amount * TICKS_PER_HOUR, date.dateKind);
    case 'n':
      return checkTicks(date.ticks + amount * TICKS_PER_MINUTE, date.dateKind);
    case 's':
      return checkTicks(date.ticks + amount * TICKS_PER_SECOND, date.dateKind);
  }
}

/**
 * VB DateDiff (date2 - date1): calendar fields for yyyy/q/m, truncated elapsed time for d/h/n/s,
 * and for ww the weeks between the Sundays starting each date's week (calendar-boundary counting,
 * which gives Entra's -493 in its example where truncating the elapsed weeks would give -492).
 */
export function dateDiff(interval: DateInterval, date1: DateValue, date2: DateValue): bigint {
  const a = partsOf(date1);
  const b = partsOf(date2);
  const elapsed = date2.ticks - date1.ticks;
  switch (interval) {
    case 'yyyy':
      return BigInt(b.year - a.year);
    case 'q':
      return BigInt((b.year - a.year) * 4 + Math.floor((b.month - 1) / 3) - Math.floor((a.month - 1) / 3));
    case 'm':
      return BigInt((b.year - a.year) * 12 + b.month - a.month);
    case 'y':
    case 'd':
      return elapsed / TICKS_PER_DAY;
    case 'w':
      return elapsed / TICKS_PER_WEEK;
    case 'ww': {
      const start1 = date1.ticks - BigInt(a.dayOfWeek) * TICKS_PER_DAY;
      const start2 = date2.ticks - BigInt(b.dayOfWeek) * TICKS_PER_DAY;
      return (start2 - start1) / TICKS_PER_WEEK;
    }
    case 'h':
      return elapsed / TICKS_PER_HOUR;
    case 'n':
      return elapsed / TICKS_PER_MINUTE;
    case 's':
      return elapsed / TICKS_PER_SECOND;
  }
}

// ---- AD FILETIME ----

export function dateFromFileTime(fileTime: bigint): DateValue {
  // .NET's DateTime.FromFileTimeUtc throws for a negative FILETIME ("Not a valid Win32 FileTime").
  if (fileTime < 0n) throw new ValueError(`the FILETIME ${fileTime} is out of range: it counts from 1601-01-01 and cannot be negative`);
  return checkTicks(fileTime + FILETIME_EPOCH_TICKS);
}

export function fileTimeFromDate(date: DateValue): bigint {
  const fileTime = date.ticks - FILETIME_EPOCH_TICKS;
  if (fileTime < 0n) throw new ValueError('dates before 1601-01-01 have no FILETIME value');
  return fileTime;
}

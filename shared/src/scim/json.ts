// JSON from a peer, parsed with a depth bound: the transport already caps the size of an answer, but
// JSON.parse of a few megabytes of `[[[[...` builds millions of nested arrays (hundreds of MB). A
// SCIM, OAuth or Graph document nests a handful of levels, so a linear scan refuses anything deeper
// than maxJsonDepth before JSON.parse runs. JSON read whole before anyone knows what it holds (a file
// of the target's state) is checked after parsing, object by object, with nestsDeeperThan. Peers and
// files alike may hold integers past 2^53, which JSON.parse rounds: parseKeepingLongIntegers keeps
// their digits.

/** Deeper than any SCIM, OAuth or Graph document (RFC 7643 resources nest four or five levels). */
export const maxJsonDepth = 64;

/** Thrown for an answer nested deeper than the bound; callers report it as an answer that is not what it should be. */
export class JsonTooDeepError extends SyntaxError {
  constructor(readonly depth: number) {
    super(`the JSON nests deeper than ${depth} levels`);
  }
}

/**
 * JSON.parse after a linear scan that refuses nesting deeper than `depth` (strings are skipped,
 * escapes included), keeping integers past 2^53 as the strings of their digits
 * (parseKeepingLongIntegers): a target's GET of a user holding employeeNumber 129699324000000001
 * as a number compares equal to the digits Entra sends, as a dump of the target's state does.
 */
export function parsePeerJson(text: string, depth = maxJsonDepth): unknown {
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (code === 0x5b || code === 0x7b) {
      if (++level > depth) throw new JsonTooDeepError(depth);
    } else if (code === 0x5d || code === 0x7d) {
      level--;
    }
  }
  return parseKeepingLongIntegers(text, depth);
}

/**
 * JSON.parse keeping every digit of an integer past 2^53 (an AD FILETIME, an employeeNumber a target
 * holds as a number), which JSON.parse rounds silently: a parsed document holding one at most
 * `depth` levels down is parsed again with such integers as the strings of their digits
 * (withLongIntegersQuoted), as Entra's values reach expressions as text (an Int64 as its digits). So
 * the digits a target holds compare equal to the digits Entra sends rather than to a rounded
 * neighbour. Only such documents are parsed twice; the rounded value is let go first, so a large
 * file's objects are not held twice.
 */
export function parseKeepingLongIntegers(json: string, depth: number): unknown {
  let value: unknown = JSON.parse(json);
  if (!holdsRoundedInteger(value, depth)) return value;
  value = undefined;
  return JSON.parse(withLongIntegersQuoted(json));
}

/**
 * Whether a parsed value nests deeper than `depth` levels, counting each object or array as parsePeerJson
 * does. It looks no deeper than that, so it recurses at most `depth` calls whatever the value holds.
 */
export function nestsDeeperThan(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth === 0) return true;
  // Index and for-in loops: Object.values' array per object made the check of 100,000 SCIM users 5 times slower.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], depth - 1)) return true;
  } else {
    for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], depth - 1)) return true;
  }
  return false;
}

/**
 * Sets an own property, as JSON.parse does: for "__proto__" too, which an assignment would turn into
 * the object's prototype, dropping the entry. Keys read from a file are data.
 */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Whether a parsed value holds, at most `depth` levels down, an integer past 2^53 (which JSON.parse
 * rounded). The bound keeps a document of `[[[[...` from overflowing the stack here.
 */
export function holdsRoundedInteger(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (value === null || typeof value !== 'object' || depth === 0) return false;
  // Index and for-in loops, as nestsDeeperThan, for a whole dump of the target's state.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsRoundedInteger(value[i], depth - 1)) return true;
  } else {
    for (const key in value) if (holdsRoundedInteger((value as Record<string, unknown>)[key], depth - 1)) return true;
  }
  return false;
}

/**
 * Valid JSON with each integer that a double cannot hold exactly written as a string of its digits;
 * strings are matched whole, so digits inside them stay. An integer written with a fraction or an
 * exponent (`129699324000000001.0`, `1.29699324000000001e17`) is the same integer, as `1.0` reads as
 * 1: it gets its digits too.
 */
export function withLongIntegersQuoted(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) => {
    if (token.charCodeAt(0) === 0x22 || Number.isSafeInteger(Number(token))) return token;
    const digits = integerDigits(token);
    return digits === undefined ? token : `"${digits}"`;
  });
}

/** Integers this long at most get their digits (UInt64 has 20): `1e400` is not written out as 401 digits. */
const maxIntegerDigits = 20;

/** The digits of the integer a JSON number stands for exactly, or undefined when it is not an integer (or too long to spell). */
function integerDigits(token: string): string | undefined {
  const parts = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!parts) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = parts;
  // The number is `whole.fraction` * 10^exponent: its digits with the point moved.
  const exponent = Number(exponentText);
  const mantissa = whole + fraction;
  const point = whole.length + exponent;
  if (point > maxIntegerDigits + mantissa.length) return undefined;
  const integer = point <= 0 ? '' : point >= mantissa.length ? mantissa + '0'.repeat(point - mantissa.length) : mantissa.slice(0, point);
  const rest = point <= 0 ? mantissa : point >= mantissa.length ? '' : mantissa.slice(point);
  if (/[^0]/.test(rest)) return undefined;
  const digits = integer.replace(/^0+(?=\d)/, '') || '0';
  if (digits.length > maxIntegerDigits) return undefined;
  return digits === '0' ? '0' : `${sign}${digits}`;
}

/** A boolean, or its text in any case (`"True"`, `"false"`), as servers write them; undefined otherwise. */
export function looseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

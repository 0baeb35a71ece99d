// JSON from a peer, parsed with a depth bound: the transport already caps the size of an answer, but
// JSON.parse of a few megabytes of `[[[[...` builds millions of nested arrays (hundreds of MB). A
// SCIM, OAuth or Graph document nests a handful of levels, so a linear scan refuses anything deeper
// than maxJsonDepth before JSON.parse runs. JSON read whole before anyone knows what it holds (a file
// of the target's state) is checked after parsing, object by object, with nestsDeeperThan.

/** Deeper than any SCIM, OAuth or Graph document (RFC 7643 resources nest four or five levels). */
export const maxJsonDepth = 64;

/** Thrown for an answer nested deeper than the bound; callers report it as an answer that is not what it should be. */
export class JsonTooDeepError extends SyntaxError {
  constructor(readonly depth: number) {
    super(`the JSON nests deeper than ${depth} levels`);
  }
}

/** JSON.parse after a linear scan that refuses nesting deeper than `depth` (strings are skipped, escapes included). */
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
  return JSON.parse(text) as unknown;
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

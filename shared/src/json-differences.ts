// Where two JSON values differ, by RFC 6901 pointer: what push reports the service normalised in the
// schema it kept, against the one it was sent.
import { isDeepStrictEqual } from 'node:util';
import { pointerToken } from './json-pointer';

/** One difference: `sent`/`kept` absent when the member or element is only on the other side. */
export interface JsonDifference {
  readonly pointer: string;
  readonly sent?: unknown;
  readonly kept?: unknown;
}

/** The differences of two parsed JSON values: members by key, array elements by position. */
export function jsonDifferences(sent: unknown, kept: unknown, pointer = ''): JsonDifference[] {
  if (isDeepStrictEqual(sent, kept)) return [];
  const sentIsArray = Array.isArray(sent);
  if (sentIsArray && Array.isArray(kept)) {
    const length = Math.max(sent.length, kept.length);
    return Array.from({ length }, (_, i) => childDifferences(sent, kept, i, pointer)).flat();
  }
  if (isObject(sent) && !sentIsArray && isObject(kept) && !Array.isArray(kept)) {
    const keys = [...new Set([...Object.keys(sent), ...Object.keys(kept)])];
    return keys.flatMap((key) => childDifferences(sent, kept, key, pointer));
  }
  return [{ pointer: pointer || '/', sent, kept }];
}

function childDifferences(sent: object, kept: object, key: string | number, pointer: string): JsonDifference[] {
  const child = `${pointer}/${pointerToken(key)}`;
  const inSent = Object.hasOwn(sent, key);
  const inKept = Object.hasOwn(kept, key);
  const sentValue = (sent as Record<string, unknown>)[key];
  const keptValue = (kept as Record<string, unknown>)[key];
  if (inSent && inKept) return jsonDifferences(sentValue, keptValue, child);
  return [inSent ? { pointer: child, sent: sentValue } : { pointer: child, kept: keptValue }];
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** One line for a difference: `/pointer: "sent" -> "kept"`, long values cut. */
export function describeJsonDifference(difference: JsonDifference): string {
  const { pointer } = difference;
  if (!('sent' in difference)) return `${pointer}: added ${shortJson(difference.kept)}`;
  if (!('kept' in difference)) return `${pointer}: dropped ${shortJson(difference.sent)}`;
  return `${pointer}: ${shortJson(difference.sent)} -> ${shortJson(difference.kept)}`;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

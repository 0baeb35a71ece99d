// Where two JSON values differ, by RFC 6901 pointer: what push reports the service normalised in the
// schema it kept, against the one it was sent.
import { isDeepStrictEqual } from 'node:util';
import { pointerToken } from './json-pointer';

/**
 * One difference: `sent`/`kept` absent when the member or element is only on the other side. The
 * pointer locates it in the JSON sent (an element only kept: in the JSON kept). `reordered`: the
 * elements of the array at the pointer, paired by identity, are in another order; `sent` and `kept`
 * list their identities in each order.
 */
export interface JsonDifference {
  readonly pointer: string;
  readonly sent?: unknown;
  readonly kept?: unknown;
  readonly reordered?: true;
}

/**
 * The member of each object that identifies it within an array, by the name of the member holding
 * the array (objectMappings: name). Elements of such an array are paired by it, so one inserted or
 * removed element does not shift every later one; an array whose elements lack it, or share one, is
 * paired by position.
 */
export type ArrayIdentities = ReadonlyMap<string, string>;

/** The differences of two parsed JSON values: members by key, array elements by identity (`identities`) or position. */
export function jsonDifferences(sent: unknown, kept: unknown, identities: ArrayIdentities = new Map()): JsonDifference[] {
  return differencesAt(sent, kept, '', undefined, identities);
}

function differencesAt(
  sent: unknown,
  kept: unknown,
  pointer: string,
  identity: string | undefined,
  identities: ArrayIdentities,
): JsonDifference[] {
  if (isDeepStrictEqual(sent, kept)) return [];
  const sentIsArray = Array.isArray(sent);
  if (sentIsArray && Array.isArray(kept)) {
    const sentIds = identity === undefined ? undefined : identitiesOf(sent, identity);
    const keptIds = identity === undefined ? undefined : identitiesOf(kept, identity);
    if (sentIds && keptIds) return pairedDifferences(sent, kept, sentIds, keptIds, pointer, identities);
    const length = Math.max(sent.length, kept.length);
    return Array.from({ length }, (_, i) => childDifferences(sent, kept, i, pointer, identities)).flat();
  }
  if (isObject(sent) && !sentIsArray && isObject(kept) && !Array.isArray(kept)) {
    const keys = [...new Set([...Object.keys(sent), ...Object.keys(kept)])];
    return keys.flatMap((key) => childDifferences(sent, kept, key, pointer, identities));
  }
  return [{ pointer: pointer || '/', sent, kept }];
}

/** Each element's identity, or undefined when one lacks it or two share it. */
function identitiesOf(elements: readonly unknown[], identity: string): string[] | undefined {
  const ids = elements.map((element) => (isObject(element) ? (element as Record<string, unknown>)[identity] : undefined));
  if (!ids.every((id): id is string => typeof id === 'string') || new Set(ids).size !== ids.length) return undefined;
  return ids;
}

/** Elements paired by identity: one sent and not kept is dropped, one kept and not sent added, a pair compared. */
function pairedDifferences(
  sent: readonly unknown[],
  kept: readonly unknown[],
  sentIds: readonly string[],
  keptIds: readonly string[],
  pointer: string,
  identities: ArrayIdentities,
): JsonDifference[] {
  const keptIndex = new Map(keptIds.map((id, index) => [id, index]));
  const sentIdSet = new Set(sentIds);
  const differences: JsonDifference[] = [];
  const keptPositions: number[] = [];
  sentIds.forEach((id, index) => {
    const at = keptIndex.get(id);
    if (at === undefined) {
      differences.push({ pointer: `${pointer}/${index}`, sent: sent[index] });
    } else {
      keptPositions.push(at);
      differences.push(...differencesAt(sent[index], kept[at], `${pointer}/${index}`, undefined, identities));
    }
  });
  keptIds.forEach((id, index) => {
    if (!sentIdSet.has(id)) differences.push({ pointer: `${pointer}/${index}`, kept: kept[index] });
  });
  if (keptPositions.some((at, i) => i > 0 && at < keptPositions[i - 1])) {
    const paired = (id: string) => sentIdSet.has(id) && keptIndex.has(id);
    differences.unshift({ pointer: pointer || '/', sent: sentIds.filter(paired), kept: keptIds.filter(paired), reordered: true });
  }
  return differences;
}

function childDifferences(
  sent: object,
  kept: object,
  key: string | number,
  pointer: string,
  identities: ArrayIdentities,
): JsonDifference[] {
  const child = `${pointer}/${pointerToken(key)}`;
  const inSent = Object.hasOwn(sent, key);
  const inKept = Object.hasOwn(kept, key);
  const sentValue = (sent as Record<string, unknown>)[key];
  const keptValue = (kept as Record<string, unknown>)[key];
  if (inSent && inKept)
    return differencesAt(sentValue, keptValue, child, typeof key === 'string' ? identities.get(key) : undefined, identities);
  return [inSent ? { pointer: child, sent: sentValue } : { pointer: child, kept: keptValue }];
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** One line for a difference: `/pointer: "sent" -> "kept"`, long values cut. */
export function describeJsonDifference(difference: JsonDifference): string {
  const { pointer } = difference;
  if (difference.reordered) return `${pointer}: reordered ${shortJson(difference.sent)} -> ${shortJson(difference.kept)}`;
  if (!('sent' in difference)) return `${pointer}: added ${shortJson(difference.kept)}`;
  if (!('kept' in difference)) return `${pointer}: dropped ${shortJson(difference.sent)}`;
  return `${pointer}: ${shortJson(difference.sent)} -> ${shortJson(difference.kept)}`;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

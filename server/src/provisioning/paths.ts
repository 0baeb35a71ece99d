// Target attribute paths as Entra writes them, resolved into where a value goes in a SCIM body and
// read back from a target resource (Microsoft Learn "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"; "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service").
import type { TargetPath } from '../syntax/ast';
import { isRecord } from '../../../shared/src/json-object';

export const coreSchemaPrefix = 'urn:ietf:params:scim:schemas:core:';

export interface ResolvedPath {
  /** The target attribute name as Entra has it (`"Département"` is `Département`): Entra sends it as configured (PATCH paths, filters). */
  readonly text: string;
  /** The extension schema URN of a URN-qualified path; undefined for core attributes. */
  readonly extension?: string;
  readonly attribute: string;
  /** `[type eq "work"]`: the attribute/value pairs that pick the element of a multi-valued attribute. */
  readonly filter?: ReadonlyArray<{ readonly attribute: string; readonly value: string }>;
  /** The sub-attribute (`value` of `emails[...].value`, `givenName` of `name.givenName`). */
  readonly sub?: string;
}

export function resolvePath(target: TargetPath): ResolvedPath {
  const [first, ...rest] = target.segments;
  const schema = target.schema?.text;
  const extension = schema !== undefined && !schema.startsWith(coreSchemaPrefix) ? schema : undefined;
  const filter = first?.filter?.comparisons.map((comparison) => ({ attribute: comparison.attribute.text, value: comparison.value.value }));
  const attribute = first?.name.text ?? '';
  const sub = rest.length > 0 ? rest.map((segment) => segment.name.text).join('.') : undefined;
  return { text: target.name, extension, attribute, filter, sub };
}

/** The current value at a path in a target resource (null when absent), compared against what Entra would send. */
export function readTargetValue(resource: Readonly<Record<string, unknown>>, path: ResolvedPath): unknown {
  const container = path.extension !== undefined ? resource[path.extension] : resource;
  if (!isRecord(container)) return null;
  const value = memberOf(container, path.attribute);
  if (path.filter) {
    const element = Array.isArray(value) ? elementAt(value, path.filter) : undefined;
    if (!element) return null;
    return memberOf(element, path.sub ?? 'value') ?? null;
  }
  if (path.sub !== undefined) return isRecord(value) ? (memberOf(value, path.sub) ?? null) : null;
  return value ?? null;
}

/** The element of a multi-valued attribute a value filter picks (`[type eq "work"]`), if any. */
export function elementAt(list: readonly unknown[], filter: NonNullable<ResolvedPath['filter']>): Record<string, unknown> | undefined {
  return list.find(
    (item): item is Record<string, unknown> =>
      isRecord(item) && filter.every((pair) => equalsIgnoreCase(memberOf(item, pair.attribute), pair.value)),
  );
}

/**
 * A member of a SCIM object by name: SCIM attribute names are case-insensitive (RFC 7643 §2.1). Its
 * own members only: `in` would answer `toString` or `constructor` with Object's functions.
 */
export function memberOf(record: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/** A filter's value against an element's: `primary eq "True"` finds `"primary": true` as well as `"True"`. */
function equalsIgnoreCase(value: unknown, expected: string): boolean {
  return (
    (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') &&
    String(value).toLowerCase() === expected.toLowerCase()
  );
}

/** The path of a multi-valued attribute's element by its value, as the flag's remove of a member addresses it: `members[value eq "id"]`. */
export function elementPath(attribute: string, value: string): string {
  return `${attribute}[value eq ${JSON.stringify(value)}]`;
}

/** The value an elementPath names its element by; undefined for another path. */
export function elementPathValue(path: string): string | undefined {
  const literal = /\[value eq ("(?:[^"\\]|\\.)*")\]$/.exec(path)?.[1];
  if (literal === undefined) return undefined;
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

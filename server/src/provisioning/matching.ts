// The queries Entra sends to find an object in the target (Microsoft Learn "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID",
// §4.8): matching attributes in ascending precedence, the first match stops the search, an attribute
// without a value is skipped; values are JSON strings inside the filter (RFC 7644 §3.4.2.2: `"` and
// `\` escaped), booleans and numbers bare. Users: `GET /Users?filter=userName eq "..."`; multi-valued attributes are queried by
// their full path (`emails[type eq "work"].value eq "..."`). Groups: `GET /Groups?excludedAttributes=members&filter=...`.
import type { AttributeMapping, ObjectBlock } from '../syntax/ast';
import { quote } from './json-string';

/**
 * The value as a filter's compValue (RFC 7644 §3.4.2.2): `true`/`false` bare for a boolean target
 * attribute and a number bare for a numeric one, as the target's schema types them; else a JSON string,
 * `"` and `\` escaped as filters require.
 */
function compValue(value: string, type: string | undefined): string {
  if (type === 'boolean') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === 'false') return lower;
  } else if ((type === 'integer' && /^-?(?:0|[1-9]\d*)$/.test(value)) || (type === 'decimal' && /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/.test(value)))
    return value;
  return quote(value);
}

/** What comes before the value in each matching attribute's query, by object: made once, not for every object matched. */
const queryStarts = { users: new Map<string, string>(), groups: new Map<string, string>() };

/** The request path of a matching query; `attribute` is the target path as written in the mapping, `type` its type in the target schema. */
export function matchingQueryPath(object: ObjectBlock['object'], attribute: string, value: string, type?: string): string {
  const starts = queryStarts[object];
  let start = starts.get(attribute);
  if (start === undefined) {
    start = `${object === 'users' ? '/Users?' : '/Groups?excludedAttributes=members&'}filter=${attribute} eq `;
    // Attribute paths come from mappings: a bounded set, unless a long session edits many; then the cache starts over.
    if (starts.size >= 1_000) starts.clear();
    starts.set(attribute, start);
  }
  return start + compValue(value, type);
}

const matchingCache = new WeakMap<ObjectBlock, ReadonlyArray<{ readonly mapping: AttributeMapping; readonly precedence: number }>>();

/** The block's matching mappings, lowest precedence first (ties keep source order); computed once per block node. */
export function matchingMappings(block: ObjectBlock): ReadonlyArray<{ readonly mapping: AttributeMapping; readonly precedence: number }> {
  const cached = matchingCache.get(block);
  if (cached) return cached;
  const result: Array<{ mapping: AttributeMapping; precedence: number }> = [];
  for (const mapping of block.mappings) {
    for (const property of mapping.properties) {
      if (property.kind === 'match' && property.precedence !== undefined && property.precedence > 0)
        result.push({ mapping, precedence: property.precedence });
    }
  }
  result.sort((a, b) => a.precedence - b.precedence);
  matchingCache.set(block, result);
  return result;
}

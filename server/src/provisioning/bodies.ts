// Request bodies exactly as Entra builds them (Microsoft Learn "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"; "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service"):
// a create body (schemas, values placed by path, meta.resourceType, nulls omitted) and PATCH
// operations in Entra's default dialect or the aadOptscim062020 one.
import { pointerToken } from '../../../shared/src/json-pointer';
import { isRecord } from './paths';
import type { CompatMode, RequestNote, RequestPlaceholder } from './types';
import { patchOpSchema } from './types';
import { rolePatch, wireInto, wireValue, type EvaluatedMapping, type ValueNote } from './values';
import type { Span } from '../syntax/ast';

/** A mapping's value bound for a request. */
export interface OutgoingValue {
  readonly entry: EvaluatedMapping;
  readonly value: string | string[];
  readonly placeholders: RequestPlaceholder[];
}

export interface BuiltBody {
  readonly body: Record<string, unknown>;
  readonly sources: Record<string, Span>;
  readonly placeholders: Record<string, RequestPlaceholder[]>;
  readonly notes: RequestNote[];
}

/** A body and what is recorded about its values while it is built: itself the BuiltBody, not copied into one. */
class BodyBuilder implements BuiltBody {
  readonly sources: Record<string, Span> = {};
  readonly placeholders: Record<string, RequestPlaceholder[]> = {};
  readonly notes: RequestNote[] = [];

  constructor(readonly body: Record<string, unknown>) {}

  record(pointer: string, outgoing: OutgoingValue, notes: ReadonlyArray<Omit<RequestNote, 'pointer'>>): void {
    this.sources[pointer] = outgoing.entry.mapping.span;
    if (outgoing.placeholders.length > 0) this.placeholders[pointer] = outgoing.placeholders;
    // Indexed loops: most lists are shared frozen empties, whose for-of would make an iterator each time.
    for (let index = 0; index < notes.length; index++) this.notes.push({ ...notes[index], pointer });
    const pathNotes = outgoing.entry.pathNotes;
    for (let index = 0; index < pathNotes.length; index++) this.notes.push({ ...pathNotes[index], pointer });
  }
}

/**
 * POST /Users or /Groups: `schemas` (the core schema, then each extension of the target schema the
 * values use; custom extension URNs are not added, as Entra's SCIM client omits them), the values
 * placed by path, then `meta: { resourceType }`.
 */
export function createBody(resourceType: string, schemas: readonly string[], values: readonly OutgoingValue[]): BuiltBody {
  const body: Record<string, unknown> = { schemas: schemas.slice() };
  const builder = new BodyBuilder(body);
  // One list for every value's warnings, emptied for the next: most values have none.
  const notes: ValueNote[] = [];
  for (const outgoing of values) {
    if (notes.length > 0) notes.length = 0;
    const wire = wireInto(outgoing.entry, outgoing.value, 'json', notes);
    const pointer = place(body, outgoing.entry, wire);
    if (pointer === undefined) {
      builder.notes.push({
        severity: 'error',
        message: `${outgoing.entry.path.text} conflicts with another mapping of ${outgoing.entry.path.attribute} (one maps it whole, the other a part): the value is left out`,
        span: outgoing.entry.mapping.span,
      });
      continue;
    }
    builder.record(pointer, outgoing, notes);
  }
  body.meta = { resourceType };
  return builder;
}

/** Puts a value where its path says; returns its JSON pointer, or undefined when another mapping holds the place with another shape. */
function place(body: Record<string, unknown>, entry: EvaluatedMapping, value: unknown): string | undefined {
  const path = entry.path;
  let container = body;
  if (path.extension !== undefined) {
    const existing = body[path.extension];
    if (existing !== undefined && !isRecord(existing)) return undefined;
    container = (existing as Record<string, unknown> | undefined) ?? {};
    body[path.extension] = container;
  }
  const { attribute, sub } = entry.placement;
  if (path.filter) {
    const existing = container[attribute];
    if (existing !== undefined && !Array.isArray(existing)) return undefined;
    const elements = existing as Array<Record<string, unknown>> | undefined;
    let index = -1;
    if (elements !== undefined)
      for (let candidate = 0; candidate < elements.length && index === -1; candidate++)
        if (matchesFilter(elements[candidate], path.filter)) index = candidate;
    if (index === -1) {
      const element: Record<string, unknown> = {};
      for (const pair of path.filter) element[pair.attribute] = pair.value;
      element[sub!] = value;
      // The list made with its first element: an empty one grows to sixteen places at its first push.
      if (elements === undefined) container[attribute] = [element];
      else elements.push(element);
      return pointerOf(entry, elements === undefined ? 0 : elements.length - 1);
    }
    elements![index][sub!] = value;
    return pointerOf(entry, index);
  }
  if (sub !== undefined) {
    const existing = container[attribute];
    if (existing !== undefined && !isRecord(existing)) return undefined;
    const object = (existing as Record<string, unknown> | undefined) ?? {};
    container[attribute] = object;
    object[sub] = value;
    return pointerOf(entry, -1);
  }
  if (container[attribute] !== undefined) return undefined;
  container[attribute] = value;
  return pointerOf(entry, -1);
}

function matchesFilter(element: Record<string, unknown>, filter: NonNullable<EvaluatedMapping['path']['filter']>): boolean {
  for (const pair of filter) if (element[pair.attribute] !== pair.value) return false;
  return true;
}

/** The value's JSON pointer (index: the array element of a filtered path, else -1); built once per mapping and index, so every preview shares the string. */
function pointerOf(entry: EvaluatedMapping, index: number): string {
  const cached = entry.pointers;
  let pointer = cached[index + 1];
  if (pointer === undefined) {
    pointer = `${entry.path.extension !== undefined ? `/${pointerToken(entry.path.extension)}` : ''}/${pointerToken(entry.placement.attribute)}`;
    const sub = entry.placement.sub;
    if (index >= 0) pointer += `/${index}`;
    if (sub !== undefined) pointer += `/${pointerToken(sub)}`;
    cached[index + 1] = pointer;
  }
  return pointer;
}

/** One attribute that changes: `current` is the target's value (null when it has none). */
export interface Change extends OutgoingValue {
  readonly current: unknown;
}

/**
 * The PatchOp body for a set of changes. Default dialect: one op per attribute, `Add` when the target
 * has no value, else `Replace`, booleans as "True"/"False". With aadOptscim062020: lower-case ops,
 * JSON booleans, adds and filtered paths as ops of their own, and two or more other replacements
 * merged into one path-less `replace` whose value uses the paths (dotted, URN-qualified) as keys,
 * placed after the ops with a path as Microsoft's sample orders them (Microsoft Learn "Known issues and resolutions with SCIM 2.0 protocol compliance", multi-attribute replace). Roles from a role function keep their own op in both formats
 * (rolePatch) and never join the merged replace.
 */
export function patchBody(changes: readonly Change[], compat: CompatMode): BuiltBody {
  const operations: Array<Record<string, unknown>> = [];
  const builder = new BodyBuilder({ schemas: [patchOpSchema], Operations: operations });
  const flag = compat === 'aadOptscim062020';
  const mergeable = flag ? changes.filter((change) => !isAdd(change) && !change.entry.path.filter && !change.entry.roleFunction) : [];
  const merge = mergeable.length >= 2;
  const merged = new Set(merge ? mergeable : []);
  for (const change of changes) {
    if (merged.has(change)) continue;
    const wire = wireValue(change.entry, change.value, flag ? 'json' : 'string');
    const pointer = `/Operations/${operations.length}/value`;
    if (change.entry.roleFunction) {
      const roles = rolePatch(change.entry, change.value, compat);
      operations.push({ op: roles.op, path: change.entry.path.text, value: roles.value });
      builder.record(pointer, change, wire.notes);
      if (roles.placeholders.length > 0) builder.placeholders[pointer] = [...(builder.placeholders[pointer] ?? []), ...roles.placeholders];
      continue;
    }
    const op = isAdd(change) ? 'Add' : 'Replace';
    operations.push({ op: flag ? op.toLowerCase() : op, path: change.entry.path.text, value: wire.value });
    builder.record(pointer, change, wire.notes);
  }
  if (merge) {
    const value: Record<string, unknown> = {};
    const mergedIndex = operations.push({ op: 'replace', value }) - 1;
    for (const change of mergeable) {
      const wire = wireValue(change.entry, change.value, 'json');
      value[change.entry.path.text] = wire.value;
      builder.record(`/Operations/${mergedIndex}/value/${pointerToken(change.entry.path.text)}`, change, wire.notes);
    }
  }
  return builder;
}

function isAdd(change: Change): boolean {
  return change.current === null || change.current === undefined;
}

/** A PatchOp body from ready operations (manager, members), with the source of each op's value. */
export function patchOperations(
  operations: ReadonlyArray<{ readonly op: Record<string, unknown>; readonly span?: Span; readonly placeholders?: RequestPlaceholder[] }>,
): BuiltBody {
  const builder = new BodyBuilder({ schemas: [patchOpSchema], Operations: operations.map(({ op }) => op) });
  operations.forEach(({ op, span, placeholders }, index) => {
    const pointer = op.value === undefined ? `/Operations/${index}/path` : `/Operations/${index}/value`;
    if (span) builder.sources[pointer] = span;
    if (placeholders && placeholders.length > 0) builder.placeholders[pointer] = placeholders;
  });
  return builder;
}

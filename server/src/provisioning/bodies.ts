// Request bodies exactly as Entra builds them (Microsoft Learn "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"; "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service"):
// a create body (schemas, values placed by path, meta.resourceType, nulls omitted) and PATCH
// operations in Entra's default dialect or the aadOptscim062020 one.
import { pointerToken } from '../../../shared/src/json-pointer';
import { isRecord } from '../../../shared/src/json-object';
import type { CompatMode, RequestNote, RequestPlaceholder } from './types';
import { patchOpSchema } from './types';
import { rolePatch, roleType, wireInto, wireValue, type ElementPair, type EvaluatedMapping, type ValueNote } from './values';
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
  readonly placeholders: Record<string, RequestPlaceholder[]> = {};
  readonly notes: RequestNote[] = [];

  constructor(
    readonly body: Record<string, unknown>,
    readonly sources: Record<string, Span> = {},
  ) {}

  record(pointer: string, outgoing: OutgoingValue, notes: ReadonlyArray<Omit<RequestNote, 'pointer'>>): void {
    this.sources[pointer] = outgoing.entry.mapping.span;
    this.annotate(pointer, outgoing, notes);
  }

  /** What `record` keeps of a value besides its source: its placeholders and notes. */
  annotate(pointer: string, outgoing: OutgoingValue, notes: ReadonlyArray<Omit<RequestNote, 'pointer'>>): void {
    if (outgoing.placeholders.length > 0) this.placeholders[pointer] = outgoing.placeholders;
    // Indexed loops: most lists are shared frozen empties, whose for-of would make an iterator each time.
    for (let index = 0; index < notes.length; index++) this.notes.push({ ...notes[index], pointer });
    const pathNotes = outgoing.entry.pathNotes;
    for (let index = 0; index < pathNotes.length; index++) this.notes.push({ ...pathNotes[index], pointer });
  }
}

/** Where each value of a create body goes, for one combination of a block's values present (CreateLayouts). */
interface BodyLayout {
  readonly schemas: readonly string[];
  /** By value, in order: the element index of a filtered path (else -1), or undefined where another mapping holds the place (place). */
  readonly indices: ReadonlyArray<number | undefined>;
  readonly pointers: ReadonlyArray<string | undefined>;
  /** The body's `sources`: the same for every object with these values, so made once, shared and frozen. */
  readonly sources: Readonly<Record<string, Span>>;
}

/** More combinations of values than any real directory has: past it, bodies are placed by searching (a bound on memory). */
const maxLayouts = 1_024;

/**
 * Where a block's create bodies put their values (the place `place` searches for), by which of the
 * block's mappings have a value: worked out once per combination and then followed for every object
 * with the same values present, with the `sources` of the body made once. Only where the places do
 * not depend on the values themselves (placeable): otherwise every body is placed by searching.
 */
export class CreateLayouts {
  private readonly layouts = new Map<number, BodyLayout>();
  private readonly placeable: boolean;

  /**
   * `entries`: the block's evaluated mappings, whose positions are the bits of `present` (of);
   * `schemas`: the body's `schemas` for a set of values, a new list each call.
   */
  constructor(
    entries: readonly EvaluatedMapping[],
    readonly schemas: (values: readonly OutgoingValue[]) => string[],
  ) {
    this.placeable = entries.length <= 30 && placeable(entries);
  }

  /** The layout for these values, whose entries' positions are the bits of `present`; undefined where bodies are placed by searching. */
  of(present: number, values: readonly OutgoingValue[]): BodyLayout | undefined {
    if (!this.placeable) return undefined;
    let layout = this.layouts.get(present);
    if (layout === undefined && this.layouts.size < maxLayouts) this.layouts.set(present, (layout = this.layout(values)));
    return layout;
  }

  /** The places the search finds for these values, found in a body of stand-ins (placeable: the values do not change them). */
  private layout(values: readonly OutgoingValue[]): BodyLayout {
    const body: Record<string, unknown> = { schemas: [] };
    const indices: Array<number | undefined> = [];
    const pointers: Array<string | undefined> = [];
    const sources: Record<string, Span> = {};
    for (const { entry } of values) {
      const index = locate(body, entry);
      const pointer = index === undefined ? undefined : pointerOf(entry, index);
      indices.push(index);
      pointers.push(pointer);
      if (pointer === undefined) continue;
      placeAt(body, entry, true, index!);
      sources[pointer] = entry.mapping.span;
    }
    return { schemas: this.schemas(values), indices, pointers, sources: Object.freeze(sources) };
  }
}

/**
 * Whether the places of a block's values depend only on which values are present: no key
 * `__proto__` (a store there sets a prototype), no mapping of the body's own `schemas`, and no list
 * that a mapping fills whole while another picks its elements by filter, or whose elements' filters
 * test a sub-attribute that a mapping writes (the value written would decide which element matches).
 */
function placeable(entries: readonly EvaluatedMapping[]): boolean {
  const lists = new Map<string, { whole: boolean; filtered: boolean; tested: Set<string>; written: Set<string> }>();
  for (const entry of entries) {
    if (entry.role !== 'value') continue;
    const { extension, filter } = entry.path;
    const { attribute, sub } = entry.placement;
    if (extension === undefined && attribute === 'schemas') return false;
    if (extension === '__proto__' || attribute === '__proto__' || sub === '__proto__') return false;
    const key = `${extension ?? ''} ${attribute}`;
    let list = lists.get(key);
    if (!list) lists.set(key, (list = { whole: false, filtered: false, tested: new Set(), written: new Set() }));
    if (filter) {
      list.filtered = true;
      for (const pair of filter) {
        if (pair.attribute === '__proto__') return false;
        list.tested.add(pair.attribute);
      }
      list.written.add(sub!);
    } else if (sub === undefined) list.whole = true;
  }
  for (const list of lists.values()) {
    if (list.whole && list.filtered) return false;
    for (const sub of list.written) if (list.tested.has(sub)) return false;
  }
  return true;
}

/**
 * POST /Users or /Groups: `schemas` (the URNs of Entra's documented body, then each extension of the
 * target schema the values use; custom extension URNs are not added, as Entra's SCIM client omits
 * them), the values placed by path, then `meta: { resourceType }` (`User` or `Group`). `present`: the values' entries, by their positions
 * in the block's (CreateLayouts).
 */
export function createBody(resourceType: string, values: readonly OutgoingValue[], layouts: CreateLayouts, present: number): BuiltBody {
  const layout = layouts.of(present, values);
  // A layout's list is shared, so the body takes a copy; without one, the list is made for this body.
  const body: Record<string, unknown> = { schemas: layout ? layout.schemas.slice() : layouts.schemas(values) };
  const builder = new BodyBuilder(body, layout?.sources as Record<string, Span> | undefined);
  // One list for every value's warnings, emptied for the next: most values have none.
  const notes: ValueNote[] = [];
  for (let position = 0; position < values.length; position++) {
    const outgoing = values[position];
    if (notes.length > 0) notes.length = 0;
    const wire = wireInto(outgoing.entry, outgoing.value, 'json', notes);
    if (layout === undefined) {
      const index = locate(body, outgoing.entry);
      if (index !== undefined) {
        placeAt(body, outgoing.entry, wire, index);
        builder.record(pointerOf(outgoing.entry, index), outgoing, notes);
        continue;
      }
    } else {
      const pointer = layout.pointers[position];
      if (pointer !== undefined) {
        placeAt(body, outgoing.entry, wire, layout.indices[position]!);
        builder.annotate(pointer, outgoing, notes);
        continue;
      }
    }
    builder.notes.push({
      severity: 'error',
      message: `${outgoing.entry.path.text} conflicts with another mapping of ${outgoing.entry.path.attribute} (one maps it whole, the other a part): the value is left out`,
      span: outgoing.entry.mapping.span,
    });
  }
  body.meta = { resourceType };
  return builder;
}

/**
 * Where a value goes in the body so far: the index of the element its filter picks in a multi-valued
 * attribute (the list's length for a new one), -1 for any other path, or undefined when another
 * mapping holds the place with another shape.
 */
function locate(body: Record<string, unknown>, entry: EvaluatedMapping): number | undefined {
  const path = entry.path;
  let container = body;
  if (path.extension !== undefined) {
    const existing = body[path.extension];
    if (existing === undefined) return path.filter ? 0 : -1;
    if (!isRecord(existing)) return undefined;
    container = existing;
  }
  const { attribute, sub } = entry.placement;
  const existing = container[attribute];
  if (path.filter) {
    if (existing === undefined) return 0;
    if (!Array.isArray(existing)) return undefined;
    const pairs = entry.placement.filter!;
    for (let candidate = 0; candidate < existing.length; candidate++) if (matchesFilter(existing[candidate], pairs)) return candidate;
    return existing.length;
  }
  if (existing === undefined) return -1;
  return sub !== undefined && isRecord(existing) ? -1 : undefined;
}

/** Puts a value where `locate` found its place: a new element when the index is past the list's end. */
function placeAt(body: Record<string, unknown>, entry: EvaluatedMapping, value: unknown, index: number): void {
  const path = entry.path;
  const container = path.extension === undefined ? body : ((body[path.extension] ??= {}) as Record<string, unknown>);
  const { attribute, sub, filter } = entry.placement;
  if (filter) {
    const elements = container[attribute] as Array<Record<string, unknown>> | undefined;
    if (elements !== undefined && index < elements.length) {
      elements[index][sub!] = value;
      return;
    }
    const element: Record<string, unknown> = {};
    for (let pair = 0; pair < filter.length; pair++) element[filter[pair].attribute] = filter[pair].value;
    // A role carries Entra's type, as in the documented POST of SingleAppRoleAssignment.
    if (entry.roleFunction && sub !== 'type') element.type = roleType;
    element[sub!] = value;
    // The list made with its first element: an empty one grows to sixteen places at its first push.
    if (elements === undefined) container[attribute] = [element];
    else elements.push(element);
    return;
  }
  if (sub !== undefined) ((container[attribute] ??= {}) as Record<string, unknown>)[sub] = value;
  else container[attribute] = value;
}

function matchesFilter(element: Record<string, unknown>, filter: readonly ElementPair[]): boolean {
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
    const pointer = `/Operations/${operations.length}/value`;
    if (change.entry.roleFunction) {
      // Roles go to the whole list (`roles`), also from a mapping to one of its elements.
      const roles = rolePatch(change.entry, change.value, compat);
      operations.push({ op: roles.op, path: change.entry.rolesPath!.text, value: roles.value });
      const places = rolePlaces(change.entry, pointer, roles.value);
      // A note on the op's shape once, at its first value.
      places.forEach((place, index) => builder.record(place, change, index === 0 ? roles.notes : []));
      if (roles.placeholders.length > 0)
        builder.placeholders[places[0]] = [...(builder.placeholders[places[0]] ?? []), ...roles.placeholders];
      continue;
    }
    const wire = wireValue(change.entry, change.value, flag ? 'json' : 'string');
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

/**
 * Where a role operation holds its mapping's values: for a mapping to one element
 * (`roles[primary eq "True"].value`), each element's sub-attribute, as in its create
 * (`/roles/0/value`), so that both name the value by the mapping's target; else the whole value.
 */
function rolePlaces(entry: EvaluatedMapping, pointer: string, value: unknown): string[] {
  const { filter, sub } = entry.placement;
  if (!filter || sub === undefined || !Array.isArray(value) || value.length === 0) return [pointer];
  return value.map((_, index) => `${pointer}/${index}/${pointerToken(sub)}`);
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

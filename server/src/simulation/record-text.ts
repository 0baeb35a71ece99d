// A simulation record written straight to its JSON text: the text is what a cycle outputs (the CLI's
// jsonl and json lines, the editor's stored rows), so the record is not built as objects first and
// serialised later; a reader that wants the object parses the text. Every writer here produces
// exactly what JSON.stringify gives for the object it stands for: the same keys in the same order.
import { pointerTokens } from '../../../shared/src/json-pointer';
import { escaped, quote } from '../provisioning/json-string';
import { memberOf } from '../provisioning/paths';
import { isRecord } from '../../../shared/src/json-object';

/**
 * `text` laid out in one piece, for a text kept and written into many records. A string made by
 * concatenation is a tree of its pieces until something reads its characters, and a tree held by a
 * record's text is walked again, piece by piece, each time a record is laid out: a kept step of 15
 * pieces cost as much in every record as 15 pieces written for it. JSON.parse makes a new string in
 * one piece, with the same characters (lone surrogates too).
 */
export function inOnePiece(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Variants a TextCache keeps of a text (a request count past that is rare). */
const variantsKept = 64;

/**
 * Texts the cycle writes again and again, by what they are made of (a step for a summary shared by
 * every object, a list of the same note), each in a few variants (a small number: what comes before
 * or after it): made once, as long as there are not too many kinds. Each is one piece of the record
 * rather than several: a record is a string of pieces, and the pieces, not the bytes, are most of
 * what building and writing it costs.
 */
export class TextCache {
  private readonly texts = new Map<string, string[]>();

  constructor(private readonly kept = 1_000) {}

  get(key: string, variant = 0): string | undefined {
    return this.texts.get(key)?.[variant];
  }

  /** `text`, kept for `key` and `variant` (in one piece) while the cache has room. */
  keep(key: string, text: string, variant = 0): string {
    if (variant >= variantsKept) return text;
    let variants = this.texts.get(key);
    if (variants === undefined) {
      if (this.texts.size >= this.kept) return text;
      this.texts.set(key, (variants = []));
    }
    return (variants[variant] = inOnePiece(text));
  }
}

/** A list of strings or plain objects: `[]` without the call for the empty list most records have; a list of one string (a note every object gets) made once. */
const singleNoteLists = new TextCache();

export function listText(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  const only = items.length === 1 ? items[0] : undefined;
  if (typeof only !== 'string') return JSON.stringify(items);
  return singleNoteLists.get(only) ?? singleNoteLists.keep(only, `[${quote(only)}]`);
}

/** A step's fixed opening up to its description's text, `{"name":…,"provisioningStepType":…,"status":…,"description":"`: made once per kind of step. */
export function stepOpening(name: string, type: string, status: string): string {
  return inOnePiece(`{"name":${quote(name)},"provisioningStepType":${quote(type)},"status":${quote(status)},"description":"`);
}

/** A step from its opening (stepOpening), description and details (JSON text). */
export function stepText(opening: string, description: string, details: string): string {
  return `${opening}${escaped(description)}","details":${details}}`;
}

/** `"name":"` and `","name":"` (after the previous value) by detail name: each step names the same few. */
const detailOpenings = new Map<string, readonly string[]>();

/**
 * A step's details object from its names and values in order, without its braces and from its first
 * name to its last value's text (no closing quote; empty for none), so that the fixed text around it
 * can be one piece with what comes before and after. A name given twice keeps its first place and
 * its last value, as assigning to an object's key does.
 */
export function detailEntries(names: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let index = 0; index < names.length; index++) {
    if (names.indexOf(names[index]) !== index) continue;
    const value = values[names.lastIndexOf(names[index])];
    text += `${detailOpening(names[index])[text === '' ? 0 : 1]}${escaped(value)}`;
  }
  return text;
}

/** A step's details object (detailEntries) with its braces. */
export function detailsText(names: readonly string[], values: readonly string[]): string {
  const entries = detailEntries(names, values);
  return entries === '' ? '{}' : `{${entries}"}`;
}

function detailOpening(name: string): readonly string[] {
  let ways = detailOpenings.get(name);
  if (ways === undefined) {
    ways = [`${quote(name)}:"`, `",${quote(name)}:"`].map(inOnePiece);
    if (detailOpenings.size < openingsKept) detailOpenings.set(name, ways);
  }
  return ways;
}

/** Where a record's list of requests is: just opened, after a request without a body (its path's quote open), or after a body. */
export type RequestsEnd = 0 | 1 | 2;

/** What closes the last request (requestsEnd) before the list's `]`. */
export const requestClosings = ['', '"}', '}'] as const;

/** `{"method":"GET","path":"` by method, after each of requestClosings with the comma between two requests. */
const requestOpenings = new Map<string, readonly string[]>();

/** The fixed text into a request's path in its wire form (`{"method","path","body"?}`), after `end`. */
export function requestOpening(method: string, end: RequestsEnd): string {
  let ways = requestOpenings.get(method);
  if (ways === undefined) {
    const opening = `{"method":${quote(method)},"path":"`;
    ways = [opening, `"},${opening}`, `},${opening}`].map(inOnePiece);
    if (requestOpenings.size < openingsKept) requestOpenings.set(method, ways);
  }
  return ways[end];
}

/**
 * A record's modifiedProperties as they are written, `{"displayName","oldValue","newValue"}`. A
 * property set from nothing (a create's, an add's), the most written, is one piece from the previous
 * value's closing to its own value's opening quote (propertyWays), then its value: a string's text is
 * the piece after it, null is in the piece. A property with an old value (an update's) is written
 * piece by piece.
 */
export class PropertiesText {
  private written = '';
  /** What the last property written was: none yet, a null, or a string still open (propertyWays' prefixes). */
  private last: 0 | 1 | 2 = 0;

  /** A property set from nothing whose new value is `value`'s text between quotes (escaped), given its openings (propertyWays). */
  addEscaped(ways: readonly string[], value: string): void {
    this.written += `${ways[this.last * 2 + 1]}${value}`;
    this.last = 2;
  }

  /** A property with its new value (null: none, as after a remove) and its old value (null: none, or not known). */
  add(name: string, value: string | null, old: string | null = null): void {
    if (old !== null) {
      const newValue = value === null ? 'null' : `"${escaped(value)}`;
      this.written += `${propertyBefore[this.last]}{"displayName":${quote(name)},"oldValue":"${escaped(old)}","newValue":${newValue}`;
      this.last = value === null ? 1 : 2;
    } else if (value !== null) this.addEscaped(propertyWays(name), escaped(value));
    else {
      this.written += propertyWays(name)[this.last * 2];
      this.last = 1;
    }
  }

  /**
   * Each leaf of `value` below `prefix` (a PATCH operation's value), its old value the leaf at the
   * same place in `old` (the target's value the operation replaces), where it has one.
   */
  addLeaves(value: unknown, prefix: string, old?: unknown): void {
    if (Array.isArray(value)) {
      const olds = Array.isArray(old) ? old : undefined;
      for (let index = 0; index < value.length; index++) this.addLeaves(value[index], propertyName(prefix, index), olds?.[index]);
    } else if (isRecord(value)) {
      const olds = isRecord(old) ? old : undefined;
      for (const key in value)
        if (Object.prototype.hasOwnProperty.call(value, key))
          this.addLeaves(value[key], propertyName(prefix, key), olds && memberOf(olds, key));
    } else {
      // A leaf with neither value (a member's "$ref": null) changes nothing.
      const newValue = leafText(value);
      const oldValue = leafText(old);
      if (newValue !== null || oldValue !== null) this.add(prefix, newValue, oldValue);
    }
  }

  text(): string {
    return this.closedBy(propertiesClosings);
  }

  /** The list's text followed by one of `closings` (propertiesFollowedBy), chosen by how the list ends. */
  closedBy(closings: readonly string[]): string {
    return `${this.written}${closings[this.last]}`;
  }
}

/** What closes the list: nothing written, a null value's property, a string value's (its quote open). */
const listClosings = ['[]', '}]', '"}]'];
const propertiesClosings = propertiesFollowedBy('');

/** The list's closings (PropertiesText.closedBy), each followed by `next` in one piece. */
export function propertiesFollowedBy(next: string): readonly string[] {
  return listClosings.map((closing) => inOnePiece(`${closing}${next}`));
}

/** A leaf's value as a property writes it (true, 42, the string itself); null for none, and for an object or list, which is no leaf. */
function leafText(value: unknown): string | null {
  return value === null || value === undefined || typeof value === 'object' ? null : String(value);
}

/**
 * Whether a property names the body's envelope, its `schemas` list or its `meta` (or what is below
 * them), rather than an attribute the mapping sets: the log lists what the mapping changes.
 */
export function isEnvelope(name: string): boolean {
  return envelopeMembers.some(
    (member) => name.startsWith(member) && (name.length === member.length || name[member.length] === '.' || name[member.length] === '['),
  );
}

const envelopeMembers = ['schemas', 'meta'];

/** What comes before a property: the list's `[`, or the closing of a null value's property or of a string value's (its quote). */
const propertyBefore = ['[', '},', '"},'];

/**
 * A property with a null old value, up to its new value, by property name: after each of
 * propertyBefore, then with `null` or with the new value's opening quote; PropertiesText picks one by
 * what came before.
 */
const propertyOpenings = new Map<string, readonly string[]>();
const openingsKept = 10_000;

function propertyWays(name: string): readonly string[] {
  let ways = propertyOpenings.get(name);
  if (ways === undefined) {
    const opening = `{"displayName":${quote(name)},"oldValue":null,"newValue":`;
    ways = propertyBefore.flatMap((before) => [`${before}${opening}null`, `${before}${opening}"`]).map(inOnePiece);
    if (propertyOpenings.size < openingsKept) propertyOpenings.set(name, ways);
  }
  return ways;
}

/**
 * A create body's JSON text, as JSON.stringify writes it. A body holding what this walk does not
 * write as JSON.stringify does (a class instance, a function) is written by JSON.stringify.
 */
export function createdBodyText(body: Record<string, unknown>): { readonly text: string; readonly verbatim: boolean } {
  const walk: CreatedWalk = { regular: true, verbatim: true, text: '', last: bodyRoot, lastString: false };
  createdValue(body, bodyRoot, walk);
  return walk.regular
    ? { text: `${walk.text}${walk.last.exit(walk.lastString)}`, verbatim: walk.verbatim }
    : { text: JSON.stringify(body), verbatim: false };
}

/**
 * A create's modifiedProperties: one for each mapping whose value its POST sets (the body's
 * `sources`, in the mapping's order), named by the mapping's target as it is written
 * (`emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:department`), the name an update's
 * PATCH operation gives it: one attribute has one name in every record, as in Entra's Modified
 * Properties, not a place in the body that holds another attribute from user to user (`emails[0]`).
 * What no mapping sets, the envelope (`schemas`, `meta`) and an element's filter pairs (`type`), is
 * not listed. A value that is a list or object lists its leaves below the name, as an update's does.
 * `targets`: each mapping's target by the start of its span (mappingTargets).
 */
export function createdProperties(
  body: Record<string, unknown>,
  sources: Readonly<Record<string, { readonly start: number }>>,
  targets: ReadonlyMap<number, string>,
  properties: PropertiesText,
  /** createdBodyText's verdict that none of the body's strings needs an escape: its values go in as they are, unchecked again. */
  verbatim: boolean,
): void {
  const places = createdPlaces(sources, targets);
  for (let index = 0; index < places.length; index++) {
    const { tokens, name, openings } = places[index];
    const value = valueAt(body, tokens);
    if (typeof value === 'string') properties.addEscaped(openings, verbatim ? value : escaped(value));
    else properties.addLeaves(value, name);
  }
}

/** What `value` holds at a pointer's tokens (undefined past a leaf). */
function valueAt(value: unknown, tokens: readonly string[]): unknown {
  for (let token = 0; token < tokens.length && typeof value === 'object' && value !== null; token++)
    value = (value as Record<string, unknown>)[tokens[token]];
  return value;
}

/**
 * The values a mapping sets inside a PATCH operation on another path, each named by the mapping's
 * target as its create names it: a role function's operation goes to the whole list (`roles`), also
 * for a mapping to one of its elements (`roles[primary eq "True"].value`), whose values are each
 * element's sub-attribute (the request's `sources`). Empty for any other operation, which is named
 * by its path: one attribute has one name in every record.
 */
export function mappedValuesIn(
  operation: { readonly index: number; readonly path: string; readonly value: unknown },
  sources: Readonly<Record<string, { readonly start: number }>>,
  targets: ReadonlyMap<number, string>,
): Array<{ readonly name: string; readonly value: unknown; readonly pointer: string }> {
  const inside = `/Operations/${operation.index}/value/`;
  const found: Array<{ name: string; value: unknown; pointer: string }> = [];
  for (const pointer in sources) {
    if (!pointer.startsWith(inside)) continue;
    const name = targets.get(sources[pointer].start);
    if (name !== undefined && name !== operation.path)
      found.push({ name, value: valueAt(operation.value, pointerTokens(pointer.slice(inside.length - 1))), pointer });
  }
  return found;
}

/** A value a create body holds for a mapping: its pointer's tokens, the mapping's target and its property's openings (propertyWays). */
interface CreatedPlace {
  readonly tokens: readonly string[];
  readonly name: string;
  readonly openings: readonly string[];
}

/** The places of a body's `sources`, kept for a shared (frozen) one: the bodies of one layout share theirs (bodies.ts). */
const createdPlacesKept = new WeakMap<object, readonly CreatedPlace[]>();

function createdPlaces(
  sources: Readonly<Record<string, { readonly start: number }>>,
  targets: ReadonlyMap<number, string>,
): readonly CreatedPlace[] {
  let places = createdPlacesKept.get(sources);
  if (places !== undefined) return places;
  const found: CreatedPlace[] = [];
  for (const pointer in sources) {
    const name = targets.get(sources[pointer].start);
    if (name !== undefined && !isEnvelope(name)) found.push({ tokens: pointerTokens(pointer), name, openings: propertyWays(name) });
  }
  places = found;
  if (Object.isFrozen(sources)) createdPlacesKept.set(sources, places);
  return places;
}

/**
 * The walk of a create body. The body's text is written leaf by leaf (a string, number, boolean,
 * null, or an empty object or array): each leaf's value after one piece of fixed text from the
 * previous leaf (its closing quote, the brackets it closes, the comma, the members and brackets it
 * opens), which its place keeps by previous place.
 */
interface CreatedWalk {
  regular: boolean;
  /** Whether every string so far is written as it is, with no escape. */
  verbatim: boolean;
  /** The body's text up to the last leaf's value. */
  text: string;
  /** The last leaf's place (the root before the first leaf) and whether its value was a string (its quote still open). */
  last: BodyPlace;
  lastString: boolean;
}

/**
 * A place in a create body (`emails[0].value`), as the walk writes it: the places below it, and the
 * fixed text from each place the walk writes before it. Bodies of one mapping have the same few places and the same
 * order of leaves: each place is made once, and a leaf's fixed text is made once per previous place.
 */
class BodyPlace {
  private readonly members = new Map<string, BodyPlace>();
  private readonly elements: BodyPlace[] = [];
  /** The places from the root to this one. */
  private readonly path: readonly BodyPlace[];
  /** The fixed text into this leaf from each previous leaf (fixedBetween), four ways by whether each is a string. */
  private readonly entries = new Map<BodyPlace, string[]>();
  /** The fixed text from this leaf to the end of the body, by whether it is a string. */
  private readonly exits: string[] = [];

  constructor(
    /** Its member's key, or nothing for an array's element (and the root). */
    readonly key?: string,
    parent?: BodyPlace,
  ) {
    this.path = parent ? [...parent.path, this] : [this];
  }

  member(key: string): BodyPlace {
    let place = this.members.get(key);
    if (place === undefined) {
      place = new BodyPlace(key, this);
      if (placesMade++ < placesKept) this.members.set(key, place);
    }
    return place;
  }

  element(index: number): BodyPlace {
    let place = this.elements[index];
    if (place === undefined) {
      place = new BodyPlace(undefined, this);
      if (index < 16 && placesMade++ < placesKept) this.elements[index] = place;
    }
    return place;
  }

  /** The fixed text from the walk's last leaf (or the start) to this leaf's value. */
  entry(walk: CreatedWalk, string: boolean): string {
    const from = walk.last;
    let ways = this.entries.get(from);
    if (ways === undefined) {
      ways = [];
      if (this.entries.size < entriesKept) this.entries.set(from, ways);
    }
    const way = (walk.lastString ? 2 : 0) + (string ? 1 : 0);
    return (ways[way] ??= inOnePiece(fixedBetween(from === bodyRoot ? undefined : from.path, walk.lastString, this.path, string)));
  }

  /** The fixed text from this leaf's value to the end of the body. */
  exit(string: boolean): string {
    return (this.exits[string ? 1 : 0] ??= inOnePiece(fixedBetween(this.path, string, undefined, false)));
  }

  /** `"key":` in its container, as the first member or after a comma (an element has only the comma). */
  opening(first: boolean): string {
    const comma = first ? '' : ',';
    return this.key === undefined ? comma : `${comma}${quote(this.key)}:`;
  }

  /** The bracket of the container this place is in. */
  openingBracket(): string {
    return this.key === undefined ? '[' : '{';
  }

  closingBracket(): string {
    return this.key === undefined ? ']' : '}';
  }
}

/**
 * The fixed text between two leaves given their paths from the root (the start or the end of the body
 * for none): the first's closing quote, the containers it closes, the comma in the container both
 * are in, the containers the second opens with their first member's opening, its opening quote.
 */
function fixedBetween(
  from: readonly BodyPlace[] | undefined,
  fromString: boolean,
  to: readonly BodyPlace[] | undefined,
  toString: boolean,
): string {
  let shared = 0;
  while (from && to && shared < from.length && shared < to.length && from[shared] === to[shared]) shared++;
  let text = fromString ? '"' : '';
  if (from) for (let index = from.length - 1; index > shared; index--) text += from[index].closingBracket();
  if (!to) return text;
  if (from) text += to[shared].opening(false);
  for (let index = shared + 1; index < to.length; index++) text += `${to[index].openingBracket()}${to[index].opening(true)}`;
  return toString ? `${text}"` : text;
}

const placesKept = 10_000;
const entriesKept = 64;
let placesMade = 0;
const bodyRoot = new BodyPlace();

/** Writes a value at its place; false where JSON.stringify leaves a member out. */
function createdValue(value: unknown, place: BodyPlace, walk: CreatedWalk): boolean {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const elementPlace = place.element(index);
      if (!createdValue(value[index], elementPlace, walk)) leaf(elementPlace, 'null', false, walk);
    }
    if (value.length === 0) leaf(place, '[]', false, walk);
    return true;
  }
  if (isRecord(value)) {
    if (Object.getPrototypeOf(value) !== Object.prototype) walk.regular = false;
    let written = false;
    for (const key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key) && createdValue(value[key], place.member(key), walk)) written = true;
    }
    if (!written) leaf(place, '{}', false, walk);
    return true;
  }
  if (typeof value === 'string') {
    const text = escaped(value);
    if (text !== value) walk.verbatim = false;
    leaf(place, text, true, walk);
    return true;
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    leaf(place, typeof value === 'number' && !Number.isFinite(value) ? 'null' : String(value), false, walk);
    return true;
  }
  if (value === null) {
    leaf(place, 'null', false, walk);
    return true;
  }
  if (value !== undefined) walk.regular = false;
  return false;
}

/** A leaf's value (a string's text between its quotes) after the fixed text from the previous leaf. */
function leaf(place: BodyPlace, value: string, string: boolean, walk: CreatedWalk): void {
  walk.text += `${place.entry(walk, string)}${value}`;
  walk.last = place;
  walk.lastString = string;
}

/** A modified property's name below `prefix` (a list's or object's leaves): `roles[0].value`, `name.givenName`. */
export function propertyName(prefix: string, key: string | number): string {
  if (typeof key === 'number') return elementName(prefix, key);
  return prefix === '' || key.startsWith('urn:') ? key : memberName(prefix, key);
}

/**
 * `prefix.key` and `prefix[index]`, made once and reused: every record of a cycle names the same few
 * properties, and building each name again for every object was a good part of the simulation's garbage.
 */
const memberNames = new Map<string, Map<string, string>>();
const elementNames = new Map<string, string[]>();
const namesKept = 10_000;

function memberName(prefix: string, key: string): string {
  let byKey = memberNames.get(prefix);
  if (!byKey) {
    if (memberNames.size >= namesKept) return `${prefix}.${key}`;
    memberNames.set(prefix, (byKey = new Map()));
  }
  let name = byKey.get(key);
  if (name === undefined) {
    name = `${prefix}.${key}`;
    if (byKey.size < namesKept) byKey.set(key, name);
  }
  return name;
}

function elementName(prefix: string, index: number): string {
  if (index >= 16) return `${prefix}[${index}]`;
  let byIndex = elementNames.get(prefix);
  if (!byIndex) {
    if (elementNames.size >= namesKept) return `${prefix}[${index}]`;
    elementNames.set(prefix, (byIndex = []));
  }
  return (byIndex[index] ??= `${prefix}[${index}]`);
}

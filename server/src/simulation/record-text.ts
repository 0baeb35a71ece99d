// A simulation record written straight to its JSON text: the text is what a cycle outputs (the CLI's
// jsonl and json lines, the editor's stored rows), so the record is not built as objects first and
// serialised later; a reader that wants the object parses the text. Every writer here produces
// exactly what JSON.stringify gives for the object it stands for: the same keys in the same order.
import { isRecord } from '../provisioning/paths';

/** Whether JSON.stringify writes the string other than as it is: a quote, backslash, control character or surrogate. */
function needsEscape(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/**
 * A string's JSON text between its quotes: the string itself when it needs no escape (most), so the
 * writers put the quotes into their fixed text around it and add no piece of their own.
 */
export function escaped(text: string): string {
  return needsEscape(text) ? JSON.stringify(text).slice(1, -1) : text;
}

/** A string as a JSON string literal, as JSON.stringify writes it. */
export function quote(text: string): string {
  return needsEscape(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A JSON string literal, or null. */
export function quoteOrNull(text: string | null): string {
  return text === null ? 'null' : quote(text);
}

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

/**
 * Texts the cycle writes again and again, by what they are made of (a step for a summary shared by
 * every object, a list of the same note): made once, as long as there are not too many kinds. Each is
 * one piece of the record rather than several: a record is a string of pieces, and the pieces, not
 * the bytes, are most of what building and writing it costs.
 */
export class TextCache {
  private readonly texts = new Map<string, string>();

  constructor(private readonly kept = 1_000) {}

  get(key: string): string | undefined {
    return this.texts.get(key);
  }

  /** `text`, kept for `key` (in one piece) while the cache has room. */
  keep(key: string, text: string): string {
    if (this.texts.size >= this.kept) return text;
    const kept = inOnePiece(text);
    this.texts.set(key, kept);
    return kept;
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

/** `"name":"` and `,"name":"` by detail name: each step names the same few. */
const detailOpenings = new Map<string, readonly string[]>();

/**
 * A step's details object from its names and values in order; a name given twice keeps its first
 * place and its last value, as assigning to an object's key does.
 */
export function detailsText(names: readonly string[], values: readonly string[]): string {
  let text = '{';
  let first = true;
  for (let index = 0; index < names.length; index++) {
    if (names.indexOf(names[index]) !== index) continue;
    const value = values[names.lastIndexOf(names[index])];
    text += `${waysOf(detailOpenings, names[index], `${quote(names[index])}:`)[first ? 2 : 3]}${escaped(value)}"`;
    first = false;
  }
  return `${text}}`;
}

/** `{"method":"GET","path":"` by method. */
const requestOpenings = new Map<string, string>();

/** One request in its wire form, `{"method","path","body"?}`, as wireRequests makes it and JSON.stringify writes it. */
export function wireRequestText(method: string, path: string, body: string | undefined): string {
  let opening = requestOpenings.get(method);
  if (opening === undefined) requestOpenings.set(method, (opening = inOnePiece(`{"method":${quote(method)},"path":"`)));
  return body === undefined ? `${opening}${escaped(path)}"}` : `${opening}${escaped(path)}","body":${body}}`;
}

/** A record's modifiedProperties as they are written: each a property set from nothing, `{"displayName","oldValue":null,"newValue"}`. */
export class PropertiesText {
  private written = '[';
  private count = 0;

  /** A property whose new value is `value`'s text between quotes (escaped), given its openings (propertyWays). */
  addEscaped(ways: readonly string[], value: string): void {
    this.written += `${ways[this.count++ === 0 ? 2 : 3]}${value}"}`;
  }

  add(name: string, value: string | null): void {
    const ways = propertyWays(name);
    if (value !== null) this.addEscaped(ways, escaped(value));
    else this.written += `${ways[this.count++ === 0 ? 0 : 1]}null}`;
  }

  /** Each leaf of `value` below `prefix` (a PATCH operation's value). */
  addLeaves(value: unknown, prefix: string): void {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) this.addLeaves(value[index], propertyName(prefix, index));
    } else if (isRecord(value)) {
      for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) this.addLeaves(value[key], propertyName(prefix, key));
    } else {
      this.add(prefix, value === null || value === undefined ? null : String(value));
    }
  }

  text(): string {
    return `${this.written}]`;
  }
}

/**
 * `"key":` by key and `{"displayName":"emails[0].value","oldValue":null,"newValue":` by property name,
 * each four ways (waysOf): every record of a cycle writes the same few.
 */
const memberOpenings = new Map<string, readonly string[]>();
const propertyOpenings = new Map<string, readonly string[]>();
const openingsKept = 10_000;

function memberWays(key: string): readonly string[] {
  return waysOf(memberOpenings, key, `${quote(key)}:`);
}

function propertyWays(name: string): readonly string[] {
  return waysOf(propertyOpenings, name, `{"displayName":${quote(name)},"oldValue":null,"newValue":`);
}

/** An opening as it comes first and after a comma, then both followed by a string's opening quote. */
function waysOf(openings: Map<string, readonly string[]>, name: string, opening: string): readonly string[] {
  let ways = openings.get(name);
  if (ways === undefined) {
    ways = [opening, `,${opening}`, `${opening}"`, `,${opening}"`].map(inOnePiece);
    if (openings.size < openingsKept) openings.set(name, ways);
  }
  return ways;
}

/**
 * A create body's JSON text, as JSON.stringify writes it, with each of its leaves added to `properties`
 * on the way (but meta's, and a leaf named schemas: the log lists the values the create sets). A body
 * holding what this walk does not write as JSON.stringify does (a class instance, a function) is
 * written by JSON.stringify.
 */
export function createdBodyText(body: Record<string, unknown>, properties: PropertiesText): string {
  const walk = { properties, regular: true };
  const text = createdValueText(body, bodyRoot, walk);
  return walk.regular && text !== undefined ? text : JSON.stringify(body);
}

interface CreatedWalk {
  readonly properties: PropertiesText;
  regular: boolean;
}

/**
 * A place in a create body (`emails[0].value`), as the walk writes it: its property name, its
 * member's and its property's openings (first or after a comma, before a string's quote or not),
 * whether the log lists it, and the places below it. Bodies of one mapping have the same few places:
 * each is made once, and the walk goes from place to place instead of looking every name up.
 */
class BodyPlace {
  private readonly members = new Map<string, BodyPlace>();
  private readonly elements: BodyPlace[] = [];
  readonly listed: boolean;
  private memberOpenings?: readonly string[];
  /** Its property's openings (propertyWays). */
  readonly propertyOpenings: readonly string[];

  constructor(
    readonly name: string,
    private readonly key?: string,
  ) {
    this.listed = name !== 'schemas' && !name.startsWith('meta');
    this.propertyOpenings = propertyWays(name);
  }

  member(key: string): BodyPlace {
    let place = this.members.get(key);
    if (place === undefined) {
      place = new BodyPlace(propertyName(this.name, key), key);
      if (placesMade++ < placesKept) this.members.set(key, place);
    }
    return place;
  }

  element(index: number): BodyPlace {
    let place = this.elements[index];
    if (place === undefined) {
      place = new BodyPlace(propertyName(this.name, index));
      if (index < 16 && placesMade++ < placesKept) this.elements[index] = place;
    }
    return place;
  }

  /** `"key":`, first or after a comma, before a string's quote or not. */
  memberOpening(first: boolean, string: boolean): string {
    this.memberOpenings ??= memberWays(this.key!);
    return this.memberOpenings[(first ? 0 : 1) + (string ? 2 : 0)];
  }
}

const placesKept = 10_000;
let placesMade = 0;
const bodyRoot = new BodyPlace('');

/** A value's JSON text (undefined where JSON.stringify leaves a member out), its leaves added as properties. */
function createdValueText(value: unknown, place: BodyPlace, walk: CreatedWalk): string | undefined {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      const element = value[index];
      const elementPlace = place.element(index);
      if (typeof element === 'string') text += `${index === 0 ? '"' : ',"'}${createdString(element, elementPlace, walk)}"`;
      else text += `${index === 0 ? '' : ','}${createdValueText(element, elementPlace, walk) ?? 'null'}`;
    }
    return `${text}]`;
  }
  if (isRecord(value)) {
    if (Object.getPrototypeOf(value) !== Object.prototype) walk.regular = false;
    let text = '{';
    let first = true;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const member = value[key];
      const memberPlace = place.member(key);
      if (typeof member === 'string') {
        text += `${memberPlace.memberOpening(first, true)}${createdString(member, memberPlace, walk)}"`;
      } else {
        const memberText = createdValueText(member, memberPlace, walk);
        if (memberText === undefined) continue;
        text += `${memberPlace.memberOpening(first, false)}${memberText}`;
      }
      first = false;
    }
    return `${text}}`;
  }
  if (typeof value === 'string') return `"${createdString(value, place, walk)}"`;
  if (typeof value === 'boolean' || typeof value === 'number') {
    const text = String(value);
    if (place.listed) walk.properties.addEscaped(place.propertyOpenings, text);
    return typeof value === 'number' && !Number.isFinite(value) ? 'null' : text;
  }
  if (place.listed) walk.properties.add(place.name, value === null || value === undefined ? null : String(value));
  if (value === null) return 'null';
  if (value !== undefined) walk.regular = false;
  return undefined;
}

/** A string leaf's text between its quotes, added as a property if the log lists its place. */
function createdString(value: string, place: BodyPlace, walk: CreatedWalk): string {
  const text = escaped(value);
  if (place.listed) walk.properties.addEscaped(place.propertyOpenings, text);
  return text;
}

/** A modified property's name below `prefix`: `emails[0].value`, an extension's `urn:...:User.department`. */
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

// A simulation record written straight to its JSON text: the text is what a cycle outputs (the CLI's
// jsonl and json lines, the editor's stored rows), so the record is not built as objects first and
// serialised later; a reader that wants the object parses the text. Every writer here produces
// exactly what JSON.stringify gives for the object it stands for: the same keys in the same order.
import { isRecord } from '../provisioning/paths';

/**
 * A string as a JSON string literal, as JSON.stringify writes it. Most values need no escape (no quote,
 * backslash, control character or surrogate): those are quoted as they are, without the call.
 */
export function quote(text: string): string {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** A JSON string literal, or null. */
export function quoteOrNull(text: string | null): string {
  return text === null ? 'null' : quote(text);
}

/** A list of strings or plain objects: `[]` without the call for the empty list most records have. */
export function listText(items: readonly unknown[]): string {
  return items.length === 0 ? '[]' : JSON.stringify(items);
}

/** A step's fixed opening, `{"name":…,"provisioningStepType":…,"status":…,"description":`: made once per kind of step, not per record. */
export function stepOpening(name: string, type: string, status: string): string {
  return `{"name":${quote(name)},"provisioningStepType":${quote(type)},"status":${quote(status)},"description":`;
}

/** A step from its opening (stepOpening), description and details (JSON text). */
export function stepText(opening: string, description: string, details: string): string {
  return `${opening}${quote(description)},"details":${details}}`;
}

/**
 * A step's details object from its names and values in order; a name given twice keeps its first
 * place and its last value, as assigning to an object's key does.
 */
export function detailsText(names: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let index = 0; index < names.length; index++) {
    if (names.indexOf(names[index]) !== index) continue;
    const value = values[names.lastIndexOf(names[index])];
    text += `${text === '' ? '' : ','}${quote(names[index])}:${quote(value)}`;
  }
  return `{${text}}`;
}

/** One request in its wire form, `{"method","path","body"?}`, as wireRequests makes it and JSON.stringify writes it. */
export function wireRequestText(method: string, path: string, body: string | undefined): string {
  return `{"method":${quote(method)},"path":${quote(path)}${body === undefined ? '' : `,"body":${body}`}}`;
}

/** A record's modifiedProperties as they are written: each a property set from nothing, `{"displayName","oldValue":null,"newValue"}`. */
export class PropertiesText {
  private written = '';
  private count = 0;

  /** A property whose new value is already JSON text (a string literal, or null). */
  addText(name: string, value: string): void {
    this.written += `${propertyOpening(name, this.count++ === 0)}${value}}`;
  }

  add(name: string, value: string | null): void {
    this.addText(name, quoteOrNull(value));
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
    return `[${this.written}]`;
  }
}

/**
 * A create body's JSON text, as JSON.stringify writes it, with each of its leaves added to `properties`
 * on the way (but meta's, and a leaf named schemas: the log lists the values the create sets). A body
 * holding what this walk does not write as JSON.stringify does (a class instance, a function) is
 * written by JSON.stringify.
 */
export function createdBodyText(body: Record<string, unknown>, properties: PropertiesText): string {
  const walk = { properties, regular: true };
  const text = createdValueText(body, '', walk);
  return walk.regular && text !== undefined ? text : JSON.stringify(body);
}

/** A value's JSON text (undefined where JSON.stringify leaves a member out), its leaves added as properties. */
function createdValueText(
  value: unknown,
  prefix: string,
  walk: { readonly properties: PropertiesText; regular: boolean },
): string | undefined {
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++)
      text += `${index === 0 ? '' : ','}${createdValueText(value[index], propertyName(prefix, index), walk) ?? 'null'}`;
    return `${text}]`;
  }
  if (isRecord(value)) {
    if (Object.getPrototypeOf(value) !== Object.prototype) walk.regular = false;
    let text = '{';
    let first = true;
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const member = createdValueText(value[key], propertyName(prefix, key), walk);
      if (member === undefined) continue;
      text += `${memberOpening(key, first)}${member}`;
      first = false;
    }
    return `${text}}`;
  }
  const listed = prefix !== 'schemas' && !prefix.startsWith('meta');
  if (typeof value === 'string') {
    const text = quote(value);
    if (listed) walk.properties.addText(prefix, text);
    return text;
  }
  if (typeof value === 'boolean' || typeof value === 'number') {
    const text = String(value);
    if (listed) walk.properties.addText(prefix, `"${text}"`);
    return typeof value === 'number' && !Number.isFinite(value) ? 'null' : text;
  }
  if (listed) walk.properties.add(prefix, value === null || value === undefined ? null : String(value));
  if (value === null) return 'null';
  if (value !== undefined) walk.regular = false;
  return undefined;
}

/** `"key":` and `,"key":` by key, and `{"displayName":"emails[0].value","oldValue":null,"newValue":` with and without its comma by property name: every record of a cycle writes the same few. */
const memberOpenings = new Map<string, readonly [string, string]>();
const propertyOpenings = new Map<string, readonly [string, string]>();
const openingsKept = 10_000;

function memberOpening(key: string, first: boolean): string {
  return openingOf(memberOpenings, key, `${quote(key)}:`)[first ? 0 : 1];
}

function propertyOpening(name: string, first: boolean): string {
  return openingOf(propertyOpenings, name, `{"displayName":${quote(name)},"oldValue":null,"newValue":`)[first ? 0 : 1];
}

function openingOf(openings: Map<string, readonly [string, string]>, name: string, opening: string): readonly [string, string] {
  let pair = openings.get(name);
  if (pair === undefined) {
    pair = [opening, `,${opening}`];
    if (openings.size < openingsKept) openings.set(name, pair);
  }
  return pair;
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

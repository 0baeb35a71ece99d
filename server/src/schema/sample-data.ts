// Sample data for previews: Entra users and groups as JSON (docs/requests.md "Sample data").
// A samples file is `{ "users": [...], "groups": [...] }`; each entry is an object of Entra attribute
// names to values, plus reserved `$` keys: `$id` (the sample's id, referenced by managers and group
// members), `$description` (shown in the picker) and `$target` (the object's current state in the
// target, for update previews). Loading never throws: bad input gives errors that say where and why.
import sampleDataSchema from '../data/sample-data.schema.json';
import type { SourceObject } from '../evaluation/types';
import { isRecord } from '../../../shared/src/json-object';
import { duplicateKeys, parseJson as jsonValue, parseJsonTree, repeatedKeyMessage } from '../entra/json-tree';
import { pointerToken } from '../../../shared/src/json-pointer';
import { holdsRoundedInteger, maxJsonDepth, nestsDeeperThan, setOwn, withLongIntegersQuoted } from '../../../shared/src/scim/json';

/** The current state of an object in the target, as the target's SCIM GET returns it. */
export type TargetResource = Readonly<Record<string, unknown>>;

export interface SampleUser {
  readonly id: string;
  readonly description?: string;
  /** Entra attributes; `manager` is `{ "ref": "<sample id>" }` when present. */
  readonly attributes: SourceObject;
  readonly target?: TargetResource;
}

export interface SampleGroup {
  readonly id: string;
  readonly description?: string;
  /** Entra group attributes except members (displayName, objectId, mail, ...). */
  readonly attributes: SourceObject;
  /** Sample ids of the member users. */
  readonly members: string[];
  readonly target?: TargetResource;
}

export interface SampleSet {
  readonly users: SampleUser[];
  readonly groups: SampleGroup[];
}

export type SampleResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

const reservedKeys = new Set(['$id', '$description', '$target']);

interface DeclaredType {
  readonly types: readonly string[];
  /** What a string must match, when the schema says (accountEnabled's "True"/"False"). */
  readonly pattern?: RegExp;
}

/**
 * The JSON types the schema (data/sample-data.schema.json, which the editor checks samples files
 * against) gives the attributes it names, such as accountEnabled: boolean, "True"/"False" or null.
 * The loader checks the same, so a file the editor accepts is one the preview accepts.
 */
function declaredTypes(properties: Readonly<Record<string, object>>): ReadonlyMap<string, DeclaredType> {
  const types = new Map<string, DeclaredType>();
  for (const [name, property] of Object.entries(properties)) {
    const { type, pattern } = property as { readonly type?: string | readonly string[]; readonly pattern?: string };
    if (type !== undefined && !name.startsWith('$'))
      types.set(name, {
        types: typeof type === 'string' ? [type] : type,
        pattern: pattern === undefined ? undefined : new RegExp(pattern),
      });
  }
  return types;
}

const userTypes = declaredTypes(sampleDataSchema.definitions.user.properties);
const groupTypes = declaredTypes(sampleDataSchema.definitions.group.properties);

/**
 * The value as the attribute keeps it, when it has one of the types the schema declares for it (any,
 * when it declares none); undefined, with the error, when not. A boolean written as Entra shows
 * booleans, "True" or "False", becomes the boolean.
 */
function declaredValue(types: ReadonlyMap<string, DeclaredType>, name: string, value: unknown, where: string, errors: string[]): unknown {
  const declared = types.get(name);
  if (!declared) return value;
  const { types: allowed, pattern } = declared;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const typed = allowed.includes(type) || (type === 'number' && allowed.includes('integer') && Number.isInteger(value));
  if (typed && !(typeof value === 'string' && pattern && !pattern.test(value)))
    return typeof value === 'string' && allowed.includes('boolean') ? value.toLowerCase() === 'true' : value;
  const kinds = allowed.map((candidate) =>
    candidate === 'array'
      ? 'an array'
      : candidate === 'null'
        ? 'null'
        : candidate === 'string' && allowed.includes('boolean')
          ? 'the string "True" or "False"'
          : `a ${candidate}`,
  );
  errors.push(`${where} must be ${kinds.join(' or ')}, not ${describe(value)}`);
  return undefined;
}

/** How a sample is named to the user: its displayName, else its userPrincipalName, else its id. */
export function sampleLabel(sample: SampleUser | SampleGroup): string {
  const name = [sample.attributes.displayName, sample.attributes.userPrincipalName].find(
    (value) => typeof value === 'string' && value !== '',
  );
  return (name as string | undefined) ?? sample.id;
}

/** A reference to another sample (`manager`, group members). */
export function referenceOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.ref === 'string' && Object.keys(value).length === 1) return value.ref;
  return undefined;
}

/** One entry of a samples file as read: the sample (partial when `errors` has any) and the errors that concern it alone, each starting with its place (`users[3]`). */
export interface SampleEntry<T> {
  readonly sample: T | undefined;
  readonly errors: readonly string[];
}

/** A samples file's entries one by one, and the errors of the file itself, in the order they were found. */
export interface SampleEntries {
  readonly users: ReadonlyArray<SampleEntry<SampleUser>>;
  readonly groups: ReadonlyArray<SampleEntry<SampleGroup>>;
  /** Errors that are no one entry's (an unknown top-level key, a list that is not an array). */
  readonly fileErrors: readonly string[];
  /** Every error, the file's and the entries', in the order of the file (what parseSampleFile reports). */
  readonly errors: readonly string[];
}

/**
 * Reads a samples file entry by entry, without checking references: a directory read from it skips
 * only the entries with errors (parseSampleFile refuses the file for any).
 */
export function readSampleEntries(text: string): SampleResult<SampleEntries> {
  return readJson(text, sampleEntries);
}

function sampleEntries(root: unknown): SampleResult<SampleEntries> {
  if (!isRecord(root)) {
    return fail(`a samples file is an object {"users": [...], "groups": [...]}, not ${describe(root)}`);
  }
  const errors: string[] = [];
  const fileErrors: string[] = [];
  const fileError = (message: string) => {
    fileErrors.push(message);
    errors.push(message);
  };
  for (const key of Object.keys(root)) {
    if (key !== 'users' && key !== 'groups' && key !== '$schema')
      fileError(`unknown top-level key "${key}": expected "users", "groups" or "$schema"`);
  }
  const users: Array<SampleEntry<SampleUser>> = [];
  const groups: Array<SampleEntry<SampleGroup>> = [];
  for (const [key, list] of [
    ['users', root.users],
    ['groups', root.groups],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      fileError(`"${key}" must be an array, not ${describe(list)}`);
      continue;
    }
    list.forEach((entry, index) => {
      const where = `${key}[${index}]`;
      const entryErrors: string[] = [];
      if (key === 'users') users.push({ sample: readUser(entry, where, entryErrors), errors: entryErrors });
      else groups.push({ sample: readGroup(entry, where, entryErrors), errors: entryErrors });
      errors.push(...entryErrors);
    });
  }
  return { ok: true, value: { users, groups, fileErrors, errors } };
}

/** What is said of a samples file without a user or group (and no errors). */
export const noSamples = 'the file holds no sample users or groups';

/** Parses a samples file (`{ "users": [...], "groups": [...] }`); references are checked across the file. */
export function parseSampleFile(text: string): SampleResult<SampleSet> {
  const read = readSampleEntries(text);
  if (!read.ok) return read;
  const errors = [...read.value.errors];
  const samples = <T>(entries: ReadonlyArray<SampleEntry<T>>) => entries.flatMap(({ sample }) => (sample ? [sample] : []));
  const users = samples(read.value.users);
  const groups = samples(read.value.groups);
  if (users.length === 0 && groups.length === 0 && errors.length === 0) errors.push(noSamples);
  checkReferences(users, groups, errors);
  return withoutRepeatedKeys(text, errors.length > 0 ? { ok: false, errors } : { ok: true, value: { users, groups } });
}

/** Parses one user object (the CLI's USER.json): Entra attribute names to values. */
export function parseSampleUser(text: string): SampleResult<SampleUser> {
  return withoutRepeatedKeys(
    text,
    readJson(text, (value): SampleResult<SampleUser> => {
      if (isRecord(value) && (Array.isArray(value.users) || Array.isArray(value.groups))) {
        return fail('this is a samples file with "users"/"groups" lists; give one user object of Entra attribute names to values');
      }
      const errors: string[] = [];
      const user = readUser(value, 'the user', errors);
      return user && errors.length === 0 ? { ok: true, value: user } : { ok: false, errors };
    }),
  );
}

/** Parses a target resource (the CLI's CURRENT.json): the object as the target's SCIM GET returns it. */
export function parseTargetResource(text: string): SampleResult<TargetResource> {
  return withoutRepeatedKeys(
    text,
    readJson(text, (value): SampleResult<TargetResource> => {
      const errors: string[] = [];
      const target = readTarget(value, 'the target state', errors);
      return target && errors.length === 0 ? { ok: true, value: target } : { ok: false, errors };
    }),
  );
}

/**
 * `result`, or its errors and one for each key that `text` (a JSON document read whole) gives twice in
 * one object with different values: JSON.parse keeps the last without a word, so a samples file with
 * "users" twice lost its first list ("has no sample") and a user with two userPrincipalNames previewed
 * the second. The same value twice loses nothing and is let be.
 */
function withoutRepeatedKeys<T>(text: string, result: SampleResult<T>): SampleResult<T> {
  if (!result.ok && result.errors[0]?.startsWith('not valid JSON')) return result;
  let repeated: string[];
  try {
    repeated = duplicateKeys(parseJsonTree(text), text)
      .filter((duplicate) => !duplicate.sameValue)
      .map(({ object, key, count }) => repeatedKeyMessage(`${object.pointer}/${pointerToken(key)}`, count));
  } catch (error) {
    // JSON.parse read it, so the tree refuses only a value nested past its bound: a kept one is already
    // an error of the result (too deep for a sample); one JSON.parse dropped is said here.
    repeated = result.ok ? [(error as Error).message] : [];
  }
  if (repeated.length === 0) return result;
  return { ok: false, errors: [...repeated, ...(result.ok ? [] : result.errors)] };
}

function readUser(entry: unknown, where: string, errors: string[]): SampleUser | undefined {
  const common = readCommon(entry, where, errors);
  if (!common) return undefined;
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(common.entry)) {
    if (reservedKeys.has(name)) continue;
    if (name.startsWith('$')) {
      errors.push(`${where}: unknown key "${name}" ("$" keys are "$id", "$description" and "$target")`);
    } else if (name === 'manager' && value !== null && typeof value !== 'string') {
      if (referenceOf(value) === undefined)
        errors.push(`${where}.manager: write the manager as {"ref": "<sample id of the manager>"}, not ${describe(value)}`);
      else setOwn(attributes, name, value);
    } else {
      const typed = declaredValue(userTypes, name, value, `${where}.${name}`, errors);
      if (typed === undefined) continue;
      const checked =
        name === 'appRoleAssignments'
          ? checkRoles(typed, `${where}.${name}`, errors)
          : checkAttributeValue(typed, `${where}.${name}`, errors);
      if (checked) setOwn(attributes, name, typed);
    }
  }
  return { id: common.id ?? idFrom(attributes, where), description: common.description, attributes, target: common.target };
}

function readGroup(entry: unknown, where: string, errors: string[]): SampleGroup | undefined {
  const common = readCommon(entry, where, errors);
  if (!common) return undefined;
  const attributes: Record<string, unknown> = {};
  const members: string[] = [];
  for (const [name, value] of Object.entries(common.entry)) {
    if (reservedKeys.has(name)) continue;
    if (name.startsWith('$')) {
      errors.push(`${where}: unknown key "${name}" ("$" keys are "$id", "$description" and "$target")`);
    } else if (name === 'members') {
      if (!Array.isArray(value)) {
        errors.push(
          `${where}.members must be an array of member references ("<sample id>" or {"ref": "<sample id>"}), not ${describe(value)}`,
        );
        continue;
      }
      value.forEach((member, index) => {
        const ref = referenceOf(member);
        if (ref === undefined)
          errors.push(`${where}.members[${index}]: write a member as "<sample id>" or {"ref": "<sample id>"}, not ${describe(member)}`);
        else members.push(ref);
      });
    } else {
      const typed = declaredValue(groupTypes, name, value, `${where}.${name}`, errors);
      if (typed !== undefined && checkAttributeValue(typed, `${where}.${name}`, errors)) setOwn(attributes, name, typed);
    }
  }
  return { id: common.id ?? idFrom(attributes, where), description: common.description, attributes, members, target: common.target };
}

function readCommon(entry: unknown, where: string, errors: string[]) {
  if (!isRecord(entry)) {
    errors.push(`${where} must be an object of Entra attribute names to values, not ${describe(entry)}`);
    return undefined;
  }
  const id = entry.$id;
  if (id !== undefined && (typeof id !== 'string' || id === ''))
    errors.push(`${where}.$id must be a non-empty string, not ${describe(id)}`);
  const description = entry.$description;
  if (description !== undefined && typeof description !== 'string')
    errors.push(`${where}.$description must be a string, not ${describe(description)}`);
  const target = entry.$target === undefined ? undefined : readTarget(entry.$target, `${where}.$target`, errors);
  return {
    entry,
    id: typeof id === 'string' && id !== '' ? id : undefined,
    description: typeof description === 'string' ? description : undefined,
    target,
  };
}

function readTarget(value: unknown, where: string, errors: string[]): TargetResource | undefined {
  if (!isRecord(value)) {
    errors.push(`${where} must be the object as the target returns it (e.g. {"id": "...", "userName": "..."}), not ${describe(value)}`);
    return undefined;
  }
  if (value.id !== undefined && typeof value.id !== 'string') errors.push(`${where}.id must be a string, not ${describe(value.id)}`);
  const tooDeep = tooDeeplyNested(value);
  if (tooDeep) errors.push(`${where}: ${tooDeep}`);
  else if (holdsRoundedInteger(value, maxJsonDepth)) roundedInteger = true;
  return value;
}

/**
 * Why a target resource is not read, when an attribute of it nests deeper than any SCIM resource does
 * (maxJsonDepth levels, the resource itself the first): previews walk the target's values to compare,
 * copy and write them, and a value thousands of levels deep would overflow the stack there.
 */
export function tooDeeplyNested(resource: TargetResource): string | undefined {
  for (const name in resource)
    if (nestsDeeperThan(resource[name], maxJsonDepth - 1))
      return `"${name}" nests deeper than ${maxJsonDepth} levels, which no SCIM resource does`;
  return undefined;
}

/** Entra values: strings, booleans, numbers, null, or an array of strings for a multi-valued attribute. */
function checkAttributeValue(value: unknown, where: string, errors: string[]): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) {
      if (!Number.isSafeInteger(value) && Number.isInteger(value)) roundedInteger = true;
      return true;
    }
    errors.push(`${where} must be a finite number`);
    return false;
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex((item) => typeof item !== 'string');
    if (bad === -1) return true;
    errors.push(`${where}[${bad}]: a multi-valued attribute holds strings, not ${describe(value[bad])}`);
    return false;
  }
  errors.push(`${where} must be a string, boolean, number, null or an array of strings, not ${describe(value)}`);
  return false;
}

/** App role assignments: role values, or `{"value", "displayName"?, "id"?}` objects when the role's name and id matter. */
function checkRoles(value: unknown, where: string, errors: string[]): boolean {
  if (value === null) return true;
  if (!Array.isArray(value)) {
    errors.push(`${where} must be an array of role values or {"value", "displayName", "id"} objects, not ${describe(value)}`);
    return false;
  }
  const bad = value.findIndex(
    (item) =>
      typeof item !== 'string' &&
      !(
        isRecord(item) &&
        typeof item.value === 'string' &&
        Object.entries(item).every(([key, field]) => ['value', 'displayName', 'id'].includes(key) && typeof field === 'string')
      ),
  );
  if (bad === -1) return true;
  errors.push(
    `${where}[${bad}]: an app role assignment is a role value or {"value": "...", "displayName": "...", "id": "..."}, not ${describe(value[bad])}`,
  );
  return false;
}

/** Without `$id`, a sample is known by its objectId, else its userPrincipalName or displayName. */
function idFrom(attributes: Record<string, unknown>, where: string): string {
  for (const key of ['objectId', 'userPrincipalName', 'displayName']) {
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return where;
}

function checkReferences(users: SampleUser[], groups: SampleGroup[], errors: string[]): void {
  const userIds = new Set<string>();
  for (const [kind, list] of [
    ['user', users],
    ['group', groups],
  ] as const) {
    const seen = new Set<string>();
    for (const sample of list) {
      if (seen.has(sample.id)) errors.push(`two sample ${kind}s have the id "${sample.id}": give each a distinct "$id"`);
      seen.add(sample.id);
      if (kind === 'user') userIds.add(sample.id);
    }
  }
  for (const user of users) {
    const ref = referenceOf(user.attributes.manager);
    if (ref !== undefined && !userIds.has(ref)) errors.push(`user "${user.id}": manager refers to "${ref}", which is not a sample user id`);
    if (ref === user.id) errors.push(`user "${user.id}" is their own manager`);
  }
  for (const group of groups) {
    for (const member of group.members) {
      if (!userIds.has(member)) errors.push(`group "${group.id}": member "${member}" is not a sample user id`);
    }
  }
}

/**
 * A JSON document; a leading byte order mark (Windows Notepad saves one) is no part of it. Not JSON:
 * the line and column, one character quoted (jsonValue), not JSON.parse's message, which quoted the
 * file's first characters (a token's, given /proc/self/environ).
 */
function parseJson(text: string): SampleResult<unknown> {
  try {
    return { ok: true, value: jsonValue(text) };
  } catch (error) {
    return fail(`not valid JSON: ${(error as Error).message}`);
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether a reader met an attribute value (or a target resource's) that is an integer past 2^53, which JSON.parse rounded (readJson). */
let roundedInteger = false;

/**
 * Reads a JSON document with `read`. When `read` meets an integer attribute past 2^53 (an AD
 * FILETIME such as accountExpires), which JSON.parse rounds, the document is read again with such
 * integers as the strings of their digits: Entra's values reach expressions as text (an Int64 as its
 * digits), so every digit is kept. Only such documents are parsed twice; the check rides on the
 * readers' own look at each value.
 */
function readJson<T>(text: string, read: (value: unknown) => SampleResult<T>): SampleResult<T> {
  const json = parseJson(text);
  if (!json.ok) return json;
  roundedInteger = false;
  const result = read(json.value);
  if (!roundedInteger) return result;
  roundedInteger = false;
  return read(JSON.parse(withLongIntegersQuoted(withoutBom(text))));
}

function fail(message: string): { ok: false; errors: string[] } {
  return { ok: false, errors: [message] };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

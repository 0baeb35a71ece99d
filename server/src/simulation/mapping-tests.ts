// Mapping test files (`*.scimmap-test.json`, docs/testing.md): a mapping, the directory it runs over
// (and optionally the target's state), and per directory object the expected action, the values its
// request sends at target paths, or a snapshot of its exact requests, kept in a snapshot file beside
// the test file. Reading a file checks its shape and says where a mistake is by JSON pointer.
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { TargetPath } from '../syntax/ast';
import type { Target, TargetResource } from '../schema/target';
import { isTargetFileReference } from '../schema/target-format';
import { checkTarget } from '../validation/targets';
import { Reporter, type DiagnosticCode } from '../validation/report';
import { parse } from '../syntax/parser';
import { clockOf } from '../evaluation/dates';
import { elementAt, memberOf, resolvePath, type ResolvedPath } from '../provisioning/paths';
import { isRecord } from '../../../shared/src/json-object';
import type { ProvisioningRecord, SimulatedAction } from './simulate';
import { JsonSyntaxError, member, parseJson, parseJsonTree, type JsonNode } from '../entra/json-tree';
import { pointerToken } from '../../../shared/src/json-pointer';
import { maxJsonDepth, nestsDeeperThan, setOwn } from '../../../shared/src/scim/json';
import { isDiscoveredTestFile } from '../../../shared/src/test-files';

export interface ObjectExpectation {
  readonly action?: SimulatedAction;
  /** Target path as a mapping writes it -> the value the object's requests send there (sentValue; null: not sent). */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Compare the exact requests with the snapshot file's entry for this object. */
  readonly snapshot?: boolean;
}

export interface MappingTestFile {
  readonly path: string;
  /** Absolute paths, resolved against the test file's folder. */
  readonly mapping: string;
  readonly directory: readonly string[];
  readonly targetState?: readonly string[];
  readonly snapshots: string;
  readonly now?: Date;
  readonly seed?: number;
  readonly defaultDomain?: string;
  readonly expect: Readonly<Record<string, ObjectExpectation>>;
}

export const simulatedActions: readonly SimulatedAction[] = ['create', 'update', 'disable', 'delete', 'skip', 'noChange', 'failure'];

/** A test file that cannot be read as one: the file and the JSON pointer of the mistake. */
export class TestFileError extends Error {
  constructor(
    message: string,
    /** Where in the test file, when the file is JSON. */
    readonly pointer?: string,
  ) {
    super(message);
  }
}

/** The test file at `path` (an absolute path or one relative to the working folder), given its text. */
export function readMappingTestFile(path: string, source: string): MappingTestFile {
  let root: unknown;
  try {
    root = parseJson(source);
  } catch (error) {
    throw new TestFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  const fail = (pointer: string, message: string): never => {
    throw new TestFileError(`${path} ${pointer || '/'}: ${message}`, pointer);
  };
  if (!isRecord(root)) fail('', 'a test file is a JSON object with "mapping", "directory" and "expect"');
  const file = root as Record<string, unknown>;
  const known = new Set(['$schema', 'mapping', 'directory', 'targetState', 'snapshots', 'now', 'seed', 'defaultDomain', 'expect']);
  for (const key of Object.keys(file))
    if (!known.has(key)) fail(`/${pointerToken(key)}`, `unknown property (expected one of ${[...known].join(', ')})`);
  const folder = dirname(resolve(path));
  const text = (key: string): string | undefined => {
    const value = file[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') fail(`/${key}`, 'expected a non-empty string');
    return value as string;
  };
  // The file system throws a TypeError, not a file error, on a name with a NUL in it.
  const fileName = (pointer: string, name: string): string =>
    name.includes('\0') ? fail(pointer, 'a file name cannot hold the NUL character (U+0000)') : name;
  const paths = (key: string): string[] | undefined => {
    const value = file[key];
    if (value === undefined) return undefined;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0) fail(`/${key}`, 'expected a relative path or a non-empty array of them');
    const pointer = (index: number) => (typeof value === 'string' ? `/${key}` : `/${key}/${index}`);
    return (list as unknown[]).map((item, index) =>
      typeof item === 'string' && item !== ''
        ? resolve(folder, fileName(pointer(index), item))
        : fail(`/${key}/${index}`, 'expected a relative path'),
    );
  };
  const mapping = fileName('/mapping', text('mapping') ?? fail('/mapping', 'missing: the .scimmap file to test, relative to this file'));
  const directory = paths('directory') ?? fail('/directory', 'missing: the directory or samples file(s), relative to this file');
  const nowText = text('now');
  const now = nowText === undefined ? undefined : clockIn(nowText, (message) => fail('/now', message));
  if (file.seed !== undefined && !Number.isInteger(file.seed)) fail('/seed', 'expected an integer');
  // Checked although unused: the editor's layout of the file walks every value, and only checked values are shallow.
  if (file.$schema !== undefined && typeof file.$schema !== 'string') fail('/$schema', "expected the JSON schema's URI or path");
  if (!isRecord(file.expect) || Object.keys(file.expect).length === 0)
    fail('/expect', 'expected an object of directory object ids to expectations, with at least one');
  const expect: Record<string, ObjectExpectation> = {};
  for (const [id, value] of Object.entries(file.expect as Record<string, unknown>))
    setOwn(expect, id, readExpectation(value, `/expect/${pointerToken(id)}`, fail));
  // --update writes the snapshot file: a test file from someone else must not name one elsewhere on the disk.
  const snapshots = resolve(folder, fileName('/snapshots', text('snapshots') ?? defaultSnapshotFile(basename(path))));
  if (!isUnderFolder(folder, snapshots))
    fail(
      '/snapshots',
      `"${file.snapshots as string}" is outside this test file's folder: scimmap test --update writes the snapshot file, so it must be in that folder or under it`,
    );
  if (snapshots === resolve(path))
    fail('/snapshots', 'names this test file: the snapshot file is another file, which scimmap test --update rewrites');
  // --update replaces the snapshot file whole: naming an input of the test, or a test file, would lose it.
  const targetState = paths('targetState');
  const inputs: Array<[string, readonly string[]]> = [
    ['/mapping', [resolve(folder, mapping)]],
    ['/directory', directory],
    ['/targetState', targetState ?? []],
  ];
  for (const [pointer, files] of inputs)
    if (files.includes(snapshots))
      fail(
        '/snapshots',
        `"${file.snapshots as string}" is also this test's ${pointer.slice(1)} file: scimmap test --update rewrites the snapshot file, so it must be another file`,
      );
  if (isDiscoveredTestFile(basename(snapshots)))
    fail(
      '/snapshots',
      `"${file.snapshots as string}" is a test file: scimmap test --update rewrites the snapshot file, so it must be another file (such as ${defaultSnapshotFile(basename(path))})`,
    );
  // Last: the values JSON.parse kept are checked by now, so only a dropped one can be too deep for the tree.
  const repeated = repeatedKey(treeOf(source, fail));
  if (repeated)
    fail(repeated, 'given twice in this object: JSON keeps only the last, so the earlier one would never be checked; merge them into one');
  return {
    path,
    mapping: resolve(folder, mapping),
    directory,
    targetState,
    snapshots,
    now,
    seed: file.seed as number | undefined,
    defaultDomain: text('defaultDomain'),
    expect,
  };
}

/**
 * The pointer of the first key given a second time in the test file's own objects (the file, `expect`,
 * each expectation and its `attributes`): JSON.parse keeps the last and drops the earlier silently.
 */
function repeatedKey(root: JsonNode): string | undefined {
  const expect = member(root, 'expect');
  const expectations = expect?.kind === 'object' ? expect.members.map((item) => item.value) : [];
  for (const node of [root, expect, ...expectations.flatMap((item) => [item, member(item, 'attributes')])]) {
    if (node?.kind !== 'object') continue;
    const seen = new Set<string>();
    for (const { key } of node.members) {
      if (seen.has(key)) return `${node.pointer}/${pointerToken(key)}`;
      seen.add(key);
    }
  }
  return undefined;
}

function treeOf(source: string, fail: (pointer: string, message: string) => never): JsonNode {
  try {
    return parseJsonTree(source);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return fail(error.pointer, error.message);
    throw error;
  }
}

function readExpectation(value: unknown, pointer: string, fail: (pointer: string, message: string) => never): ObjectExpectation {
  if (!isRecord(value)) return fail(pointer, 'expected an object with "action", "attributes" and/or "snapshot"');
  for (const key of Object.keys(value))
    if (!['action', 'attributes', 'snapshot'].includes(key))
      fail(`${pointer}/${pointerToken(key)}`, 'unknown property (expected action, attributes or snapshot)');
  if (value.action !== undefined && !simulatedActions.includes(value.action as SimulatedAction))
    fail(`${pointer}/action`, `expected one of ${simulatedActions.join(', ')}`);
  if (value.attributes !== undefined) {
    if (!isRecord(value.attributes)) fail(`${pointer}/attributes`, 'expected an object of target paths to values');
    const paths = new Map<string, string>();
    for (const [path, expected] of Object.entries(value.attributes as object)) {
      const target = targetPathOf(path);
      if (!target)
        fail(
          `${pointer}/attributes/${pointerToken(path)}`,
          `"${path}" is not a target path as a mapping writes it (userName, emails[type eq "work"].value, urn:...:User:department)`,
        );
      // SCIM names are case-insensitive (RFC 7643 §2.1): `USERNAME` is `userName`, and only one of the two values could hold.
      const same = paths.get(target!.name.toLowerCase());
      if (same !== undefined)
        fail(`${pointer}/attributes/${pointerToken(path)}`, `the same target path as "${same}" before it: give one expected value`);
      paths.set(target!.name.toLowerCase(), path);
      // Compared and printed by walking it: a value thousands of levels deep would overflow the stack there.
      if (nestsDeeperThan(expected, maxJsonDepth))
        fail(`${pointer}/attributes/${pointerToken(path)}`, `nests deeper than ${maxJsonDepth} levels, which no attribute value does`);
    }
  }
  if (value.snapshot !== undefined && typeof value.snapshot !== 'boolean') fail(`${pointer}/snapshot`, 'expected true or false');
  // An empty "attributes" checks nothing, as "snapshot": false does not.
  const attributes = value.attributes === undefined ? 0 : Object.keys(value.attributes as object).length;
  if (value.action === undefined && attributes === 0 && value.snapshot !== true)
    fail(pointer, 'expects nothing: give "action", "attributes" or "snapshot": true');
  return value as ObjectExpectation;
}

/** Whether `path` (absolute) is in `folder` or under it, by its text: `sub/../..` and another drive are not. */
export function isUnderFolder(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder !== '' && fromFolder.split(/[\\/]/)[0] !== '..' && !isAbsolute(fromFolder);
}

/** `genesys.scimmap-test.json` -> `genesys.scimmap-test.snap.json`. */
export function defaultSnapshotFile(testFile: string): string {
  return testFile.replace(/(\.json)?$/i, '.snap.json');
}

/** A target path parsed by the language's own parser, so it means what it means in a mapping. */
export function targetPathOf(text: string): TargetPath | undefined {
  if (/[\n{}]|<-/.test(text)) return undefined;
  const { file, diagnostics } = parse(`users {\n${text} <- ""\n}`);
  const mappings = file.blocks[0]?.mappings ?? [];
  return diagnostics.length === 0 && mappings.length === 1 && mappings[0].target.text === text.trim() ? mappings[0].target : undefined;
}

/**
 * A target path of a test's `attributes` (or of a request's operation) resolved; `extensions`: the
 * resource's extension schema URNs, of which a bare one (`urn:...:enterprise:2.0:User`) names the
 * extension's object: `attribute` is then ''. Undefined for text that is no target path.
 */
export function sentPath(text: string, extensions: readonly string[]): ResolvedPath | undefined {
  const urn = extensions.find((id) => id.toLowerCase() === text.trim().toLowerCase());
  if (urn !== undefined) return { text: urn, extension: urn, attribute: '' };
  const target = targetPathOf(text);
  return target && resolvePath(target);
}

/** A target's errors that still leave a path naming something a request can hold: the path is read here, not written. */
const writingProblems: ReadonlySet<string> = new Set<DiagnosticCode>(['read-only-target', 'complex-target', 'requires-on-create']);

/**
 * A test's target path resolved against the resource the object is provisioned to, checked as a
 * mapping's target is (validation/targets.ts): one that names nothing there would read null forever,
 * so the problem's message, with its did-you-mean, comes back instead.
 */
export function expectedPath(text: string, resource: TargetResource, target: Target): ResolvedPath | { readonly problem: string } {
  const path = sentPath(text, extensionsOf(resource))!;
  if (path.attribute === '') return path;
  const reporter = new Reporter();
  checkTarget(targetPathOf(text)!, resource, target.name, reporter, isTargetFileReference(target.origin) ? target.origin : undefined);
  const problem = reporter.diagnostics.find((diagnostic) => diagnostic.severity === 'error' && !writingProblems.has(diagnostic.code));
  return problem ? { problem: problem.message } : path;
}

/** The resource's extension schema URNs, of which a bare one names the extension's object. */
export function extensionsOf(resource: TargetResource | undefined): string[] {
  return (resource?.schemas ?? []).map((schema) => schema.id).filter((id) => id !== resource?.coreSchema);
}

type WireRequest = ProvisioningRecord['simulation']['requests'][number];

/**
 * The value an object's requests send at a path, read as one resource: the create's body, then every
 * PATCH operation in order on top (RFC 7644 §3.5.2), as the target applies them: a created user's
 * manager, set in a second request (Entra's order), is there. Null when not sent. When the requests
 * remove elements of the multi-valued attribute the path names whole (a group's members), the value
 * is `{"add": [elements added], "remove": [elements removed]}`: a removal is seen, where the resource
 * alone would not hold the element either way.
 */
export function sentValue(requests: readonly WireRequest[], path: ResolvedPath, extensions: readonly string[]): unknown {
  const resource: Record<string, unknown> = {};
  const removed = new Map<string, unknown[]>();
  for (const request of requests) {
    const body = request.body;
    if (!isRecord(body)) continue;
    if (request.method === 'POST') assignInto(resource, structuredClone(body));
    else if (request.method === 'PATCH' && Array.isArray(body.Operations))
      for (const operation of body.Operations) if (isRecord(operation)) applyOperation(resource, removed, operation, extensions);
  }
  const value = valueAt(resource, path);
  const removals = path.filter || path.sub !== undefined ? undefined : removed.get(removalKey(path));
  return removals ? { add: value ?? [], remove: removals } : value;
}

/**
 * One PATCH operation applied to the resource the requests make so far. A path-less operation's
 * members are paths each (Entra's merged replace writes `name.givenName` and URN-qualified keys).
 */
function applyOperation(
  resource: Record<string, unknown>,
  removed: Map<string, unknown[]>,
  operation: Record<string, unknown>,
  extensions: readonly string[],
): void {
  const op = String(operation.op).toLowerCase();
  const apply = (text: string, value: unknown) => {
    const path = sentPath(text, extensions);
    if (!path) return;
    if (op === 'remove') removeAt(resource, removed, path, structuredClone(value));
    else applyAt(resource, op, path, structuredClone(value));
  };
  if (typeof operation.path === 'string') apply(operation.path, operation.value);
  else if (isRecord(operation.value)) for (const [key, value] of Object.entries(operation.value)) apply(key, value);
}

/** Elements removed (`members` with a value list, or one by its filter, `members[value eq "id"]`) are noted; a single value removed is gone. */
function removeAt(resource: Record<string, unknown>, removed: Map<string, unknown[]>, path: ResolvedPath, value: unknown): void {
  const elements = path.filter && path.sub === undefined ? [filterElement(path.filter)] : Array.isArray(value) ? value : undefined;
  if (elements) {
    removed.set(removalKey(path), [...(removed.get(removalKey(path)) ?? []), ...elements]);
    return;
  }
  const container = path.extension === undefined ? resource : memberOf(resource, path.extension);
  if (!isRecord(container)) return;
  const list = memberOf(container, path.attribute);
  const holder = path.filter ? (Array.isArray(list) ? elementAt(list, path.filter) : undefined) : path.sub === undefined ? container : list;
  if (isRecord(holder)) delete holder[keyIn(holder, path.sub ?? path.attribute)];
}

/** The multi-valued attribute whose removals a path's value shows, however its name and URN are cased. */
function removalKey(path: ResolvedPath): string {
  return `${path.extension ?? ''} ${path.attribute}`.toLowerCase();
}

/** The element a value filter names: `[type eq "work"]` is `{"type": "work"}`. */
function filterElement(filter: NonNullable<ResolvedPath['filter']>): Record<string, unknown> {
  const element: Record<string, unknown> = {};
  for (const pair of filter) setOwn(element, pair.attribute, pair.value);
  return element;
}

/** `add` or `replace` of `value` at `path`: a filter path makes or finds its element, an add to a list appends. */
function applyAt(resource: Record<string, unknown>, op: string, path: ResolvedPath, value: unknown): void {
  const container = path.extension === undefined ? resource : recordAt(resource, path.extension);
  if (path.attribute === '') return assignInto(container, value);
  const key = keyIn(container, path.attribute);
  if (path.filter) {
    if (!Array.isArray(container[key])) setOwn(container, key, []);
    const list = container[key] as unknown[];
    let element = elementAt(list, path.filter);
    if (!element) list.push((element = filterElement(path.filter)));
    if (path.sub === undefined) assignInto(element, value);
    else setOwn(element, keyIn(element, path.sub), value);
  } else if (path.sub !== undefined) {
    const parent = recordAt(container, key);
    setOwn(parent, keyIn(parent, path.sub), value);
  } else {
    const existing = container[key];
    setOwn(container, key, op === 'add' && Array.isArray(existing) && Array.isArray(value) ? [...existing, ...value] : value);
  }
}

/** The value at a path as the requests' resource holds it: for a filter without sub-attribute, the element; names case-insensitive (RFC 7643 §2.1). */
function valueAt(resource: Readonly<Record<string, unknown>>, path: ResolvedPath): unknown {
  const container = path.extension === undefined ? resource : memberOf(resource, path.extension);
  if (!isRecord(container)) return null;
  if (path.attribute === '') return container;
  const value = memberOf(container, path.attribute);
  if (path.filter) {
    const element = Array.isArray(value) ? elementAt(value, path.filter) : undefined;
    if (!element) return null;
    return path.sub === undefined ? element : (memberOf(element, path.sub) ?? null);
  }
  if (path.sub !== undefined) return isRecord(value) ? (memberOf(value, path.sub) ?? null) : null;
  return value ?? null;
}

/** The key `name` has in `record` (SCIM names are case-insensitive), or `name` for a new one. */
function keyIn(record: Readonly<Record<string, unknown>>, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower) ?? name;
}

/** The complex value at `name`, made when there is none. */
function recordAt(record: Record<string, unknown>, name: string): Record<string, unknown> {
  const key = keyIn(record, name);
  if (!isRecord(record[key])) setOwn(record, key, {});
  return record[key] as Record<string, unknown>;
}

function assignInto(record: Record<string, unknown>, value: unknown): void {
  if (isRecord(value)) for (const [key, member] of Object.entries(value)) setOwn(record, keyIn(record, key), member);
}

/** One checked expectation: what a test report lists and Test Explorer shows as one test. */
export interface ExpectationCase {
  /** The object's id as the test file writes it. */
  readonly id: string;
  /** The JSON pointer of the expectation in the test file: `/expect/chloe/action`, `/expect/chloe/attributes/title`. */
  readonly pointer: string;
  /** `chloe: action`, `chloe: title`, `chloe: requests (snapshot)`: the report's and JUnit's test name. */
  readonly name: string;
  readonly check:
    | { readonly kind: 'action'; readonly expected: SimulatedAction }
    | { readonly kind: 'attribute'; readonly path: string; readonly expected: unknown }
    | { readonly kind: 'snapshot' };
}

/** The JSON pointer of an object's expectation: `/expect/group:sales`. */
export function objectPointer(id: string): string {
  return `/expect/${pointerToken(id)}`;
}

/** The cases an object's expectation holds, in the order they are checked and reported. */
export function expectationCases(id: string, expectation: ObjectExpectation): ExpectationCase[] {
  const object = objectPointer(id);
  const cases: ExpectationCase[] = [];
  if (expectation.action !== undefined)
    cases.push({ id, pointer: `${object}/action`, name: `${id}: action`, check: { kind: 'action', expected: expectation.action } });
  for (const [path, expected] of Object.entries(expectation.attributes ?? {}))
    cases.push({
      id,
      pointer: `${object}/attributes/${pointerToken(path)}`,
      name: `${id}: ${path}`,
      check: { kind: 'attribute', path, expected },
    });
  if (expectation.snapshot)
    cases.push({ id, pointer: `${object}/snapshot`, name: `${id}: requests (snapshot)`, check: { kind: 'snapshot' } });
  return cases;
}

/** Where a value sits in the test file's text (offsets, end exclusive): from its key to the end of its value. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** A test file's objects and expectations with where each is written, for an editor to show them in place. */
export interface MappingTestLayout {
  readonly file: MappingTestFile;
  readonly objects: ReadonlyArray<{
    readonly id: string;
    readonly pointer: string;
    readonly span: TextSpan;
    readonly cases: ReadonlyArray<ExpectationCase & { readonly span: TextSpan }>;
  }>;
}

/** Reads the test file (TestFileError as readMappingTestFile) and locates every object and expectation in its text. */
export function layoutMappingTestFile(path: string, text: string): MappingTestLayout {
  const file = readMappingTestFile(path, text);
  const tree = parseJsonTree(text);
  const objects = Object.entries(file.expect).map(([id, expectation]) => ({
    id,
    pointer: objectPointer(id),
    span: spanAt(tree, objectPointer(id)),
    cases: expectationCases(id, expectation).map((item) => ({ ...item, span: spanAt(tree, item.pointer) })),
  }));
  return { file, objects };
}

/**
 * The span of the member a pointer names (its key through its value); the pointer's nearest
 * existing parent when the text lacks it; the whole text for "". Duplicate keys: the last, as JSON.parse.
 */
export function spanAt(tree: JsonNode, pointer: string): TextSpan {
  let node = tree;
  let span: TextSpan = { start: tree.start, end: tree.end };
  for (const token of pointer.split('/').slice(1)) {
    if (node.kind !== 'object') break;
    const member = [...node.members].reverse().find((candidate) => pointerToken(candidate.key) === token);
    if (!member) break;
    node = member.value;
    span = { start: member.keyStart, end: member.value.end };
  }
  return span;
}

/** A test file's `now`, read as `--now` is (evaluation/dates.ts clockOf). */
function clockIn(text: string, fail: (message: string) => never): Date {
  try {
    return clockOf(text);
  } catch (error) {
    return fail(`expected ${(error as Error).message}`);
  }
}

// Running one mapping test file (docs/testing.md): its directory goes through its mapping as one
// simulated cycle, and each expectation (the action, the values sent at target paths, the exact
// requests against the snapshot file) is compared with what the cycle did. `scimmap test` and the
// editor's Test Explorer (through the language server) both run tests here.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { unreadableReason } from '../../../shared/src/reading-file';
import { isDiscoveredTestFile } from '../../../shared/src/test-files';
import { pointerToken } from '../../../shared/src/json-pointer';
import { maxJsonDepth, nestsDeeperThan, setOwn } from '../../../shared/src/scim/json';
import { parseJson } from '../entra/json-tree';
import { isRecord } from '../../../shared/src/json-object';
import type { Diagnostic } from '../syntax/ast';
import type { Analysis } from '../validation/analyze';
import { findTargetResource, type Target } from '../schema/target';
import type { DirectoryProblem } from './directory';
import { InputError } from './input-error';
import { directoryEntries, readDirectoryFiles, readTargetStateFiles, simulationOver, type InputFiles } from './input';
import {
  expectationCases,
  expectedPath,
  extensionsOf,
  isUnderFolder,
  objectPointer,
  readMappingTestFile,
  sentPath,
  sentValue,
  TestFileError,
  type ExpectationCase,
  type MappingTestFile,
} from './mapping-tests';
import { diffLines } from './line-diff';
import { cycleSettingsOf, cycleStopText, type ProvisioningRecord } from './simulate';
import { TargetIndex } from './target-state';

export interface CaseFailure {
  readonly message: string;
  /** A line diff of the JSON values (`- ` expected, `+ ` actual), or '' when there is nothing to compare or none was asked for. */
  readonly details: string;
  /** The values as pretty JSON, for an editor's diff view; absent when the case has no such value. */
  readonly expected?: string;
  readonly actual?: string;
}

export interface CaseOutcome {
  /** The expectation's JSON pointer in the test file. */
  readonly pointer: string;
  readonly name: string;
  readonly failure?: CaseFailure;
}

export interface MappingTestRun {
  readonly cases: readonly CaseOutcome[];
  /** The mapping's errors when it has any: then no expectation was checked, and each failed for them. */
  readonly mappingErrors?: { readonly text: string; readonly diagnostics: readonly Diagnostic[] };
  /** With `update`: the snapshot file as read and the snapshots just taken, for snapshotUpdates. */
  readonly snapshots?: SnapshotsTaken;
}

export interface SnapshotsTaken {
  readonly path: string;
  readonly stored: Snapshots;
  readonly fresh: Snapshots;
  /** How the file as read is laid out, which its new text keeps: the diff of an update shows only what changed. */
  readonly layout: SnapshotLayout;
}

interface SnapshotLayout {
  readonly indent: string;
  readonly newline: string;
}

/** A snapshot file's new text (the caller writes it), and how many snapshots it holds. */
export interface SnapshotUpdate {
  readonly path: string;
  readonly text: string;
  readonly count: number;
}

export interface MappingTestOptions {
  readonly files: InputFiles;
  /** The mapping at a path, analysed against its target schema (the editor's unsaved text, when it has one). */
  readonly analyzeMapping: (path: string) => Analysis & { readonly text: string };
  /** Rewrite the snapshots of the expectations that run from what the mapping sends now. */
  readonly update?: boolean;
  /** Only these expectations (or objects) by JSON pointer; every one when absent. */
  readonly only?: readonly string[];
  /** A path as messages show it. */
  readonly display?: (path: string) => string;
  /** A broken directory row or target-state entry (skipped). */
  readonly problem?: (problem: DirectoryProblem) => void;
  /** Called between stages and every few hundred objects; throws to stop the run (cancellation). */
  readonly checkpoint?: () => Promise<void>;
  /**
   * Whether failures carry `details`, the line diff `scimmap test` prints (the default); the editor
   * shows `expected` and `actual` in its own diff view and asks for none.
   */
  readonly textDiffs?: boolean;
}

export type Snapshots = Record<string, unknown>;

/** How many directory objects are simulated between two checkpoints. */
const objectsPerCheckpoint = 250;

/** Runs a test file's expectations; throws TestFileError for a snapshot file that is not one, or a file it names that cannot be read. */
export async function runMappingTestFile(file: MappingTestFile, options: MappingTestOptions): Promise<MappingTestRun> {
  const display = options.display ?? ((path: string) => path);
  const problem = options.problem ?? (() => undefined);
  const checkpoint = options.checkpoint ?? (async () => undefined);
  const textDiffs = options.textDiffs ?? true;
  const selected = (item: ExpectationCase) =>
    !options.only || options.only.includes(item.pointer) || options.only.includes(objectPointer(item.id));
  const planned = Object.entries(file.expect).flatMap(([id, expectation]) => expectationCases(id, expectation).filter(selected));

  const mapping = namedFile(file, '/mapping', () => options.analyzeMapping(file.mapping));
  const mappingErrors = mapping.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (mappingErrors.length > 0) {
    const message = `${display(file.mapping)} has errors (scimmap check ${display(file.mapping)})`;
    return {
      cases: planned.map((item) => ({ pointer: item.pointer, name: item.name, failure: { message, details: '' } })),
      mappingErrors: { text: mapping.text, diagnostics: mappingErrors },
    };
  }
  await checkpoint();

  const target =
    file.targetState &&
    new TargetIndex(namedFile(file, '/targetState', () => readTargetStateFiles(file.targetState!, problem, options.files)));
  const input = namedFile(file, '/directory', () => readDirectoryFiles(file.directory, problem, options.files));
  const simulation = simulationOver(mapping.file, input, {
    targetSchema: mapping.target,
    now: file.now,
    seed: file.seed,
    defaultDomain: file.defaultDomain,
    settings: cycleSettingsOf(mapping.file),
    target,
  });
  const records = new Map<string, ProvisioningRecord[]>();
  let simulated = 0;
  try {
    for await (const entry of directoryEntries(input, problem)) {
      const record = simulation.simulate(entry);
      // An expectation names the object by its key (`user:amelia`), its input's id (a sample's $id) or its Entra object id.
      for (const key of new Set([record.id, entry.sample.id, record.sourceIdentity.id]))
        if (Object.hasOwn(file.expect, key)) records.set(key, [...(records.get(key) ?? []), record]);
      if (++simulated % objectsPerCheckpoint === 0) await checkpoint();
    }
  } catch (error) {
    // A CSV refused at its header (the only input, and no user can be read under it).
    throw asTestFileError(file, '/directory', error);
  }
  // The expectations hold for the records as simulate writes them; a stopped cycle sends none of its disables and deletes.
  const summary = simulation.summary();
  if (summary.stopsCycle)
    problem({
      where: display(file.path),
      message: `${cycleStopText(summary)}; what this file expects of them is not sent in this cycle`,
    });
  await checkpoint();

  if (!staysUnderFolder(file))
    throw new TestFileError(
      `${file.path} /snapshots: ${display(file.snapshots)} leads out of this test file's folder through a symbolic link: the snapshot file, which scimmap test --update writes, must be in that folder or under it`,
      '/snapshots',
    );
  const { stored, layout } = readSnapshots(file, options.files, display);
  const fresh: Snapshots = {};
  const cases: CaseOutcome[] = [];
  for (const item of planned) {
    const found = records.get(item.id) ?? [];
    const outcome = (failure?: CaseFailure): CaseOutcome => ({ pointer: item.pointer, name: item.name, failure });
    if (found.length !== 1) {
      // Each of the object's expectations fails for it: a report counts what the file expects.
      const message =
        found.length === 0
          ? `no directory object "${item.id}" in ${file.directory.map(display).join(', ')}`
          : `"${item.id}" is both a user and a group: write user:${item.id} or group:${item.id}`;
      cases.push(outcome({ message, details: '' }));
      continue;
    }
    const [record] = found;
    if (item.check.kind === 'action')
      cases.push(
        outcome(
          compare(
            item.check.expected,
            record.simulation.action,
            textDiffs,
            `expected ${item.check.expected}, got ${record.simulation.action}: ${record.simulation.summary}`,
          ),
        ),
      );
    else if (item.check.kind === 'attribute')
      cases.push(outcome(compare(item.check.expected, attributeSent(file, item, record, mapping.target), textDiffs)));
    else {
      const actual = JSON.parse(JSON.stringify(record.simulation.requests)) as unknown;
      setOwn(fresh, item.id, actual);
      if (options.update) cases.push(outcome());
      else if (!Object.hasOwn(stored, item.id))
        cases.push(
          outcome({
            message: `no snapshot of "${item.id}" in ${display(file.snapshots)}: run scimmap test --update to write it`,
            details: textDiffs ? diffLines([], pretty(actual).split('\n')) : '',
            actual: pretty(actual),
          }),
        );
      else
        cases.push(
          outcome(
            compare(
              stored[item.id],
              actual,
              textDiffs,
              'the requests differ from the snapshot: run scimmap test --update if the change is intended',
            ),
          ),
        );
    }
  }
  return { cases, snapshots: options.update ? { path: file.snapshots, stored, fresh, layout } : undefined };
}

/**
 * The value the object's requests send at an attribute expectation's path, resolved against the
 * resource it is provisioned to; a path that names nothing there is a mistake in the test file.
 */
function attributeSent(file: MappingTestFile, item: ExpectationCase, record: ProvisioningRecord, target: Target): unknown {
  const { path } = item.check as Extract<ExpectationCase['check'], { kind: 'attribute' }>;
  const resource = findTargetResource(target, record.sourceIdentity.identityType === 'Group' ? 'groups' : 'users');
  const extensions = extensionsOf(resource);
  const resolved = resource ? expectedPath(path, resource, target) : sentPath(path, extensions)!;
  if ('problem' in resolved) throw new TestFileError(`${file.path} ${item.pointer}: ${resolved.problem}`, item.pointer);
  return sentValue(record.simulation.requests, resolved, extensions);
}

/**
 * Whether the snapshot file stays under the test file's folder once symbolic links are followed:
 * reading the test file checks the path's text, but a repository can hold a linked folder (or a
 * linked snapshot file, dangling or not) that points anywhere, which --update would write.
 */
function staysUnderFolder(file: MappingTestFile): boolean {
  let existing = file.snapshots;
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch {
      existing = dirname(existing);
    }
  }
  try {
    const real = realpathSync(existing);
    const folder = realpathSync(dirname(resolve(file.path)));
    return real === folder ? existing !== file.snapshots : isUnderFolder(folder, real);
  } catch {
    return false; // a dangling link
  }
}

/**
 * The snapshot files after an update of the test files that ran (each file once, however many of
 * them share it): the snapshots just taken, the stored ones that a snapshot expectation asks for
 * and did not take (it did not run, or its test file is not in the run), and no entry that no test
 * file asks for. Test files outside the run are found where they can be: a test file names a snapshot
 * file in its folder or under it, so they are the *.scimmap-test.json of the snapshot file's folder
 * and of the folders above it; while one of those cannot be read, no entry is dropped (nothing says
 * it is unused). Entries keep their place in the file, new ones come last. An object whose requests
 * two test files of the run take differently is said in `conflicts` (the first file's are written).
 * A file nothing changes in is left out.
 */
export function snapshotUpdates(
  runs: ReadonlyArray<{ readonly file: MappingTestFile; readonly taken: SnapshotsTaken }>,
  files: InputFiles,
): { readonly updates: SnapshotUpdate[]; readonly conflicts: string[] } {
  const updates: SnapshotUpdate[] = [];
  const conflicts: string[] = [];
  const ran = new Set(runs.map((run) => resolve(run.file.path)));
  for (const path of new Set(runs.map((run) => run.taken.path))) {
    const sharing = runs.filter((run) => run.taken.path === path);
    const { stored, layout } = sharing[0].taken;
    const fresh: Snapshots = {};
    const asked = new Set<string>();
    for (const { file, taken } of sharing) {
      for (const [id, expectation] of Object.entries(file.expect)) if (expectation.snapshot) asked.add(id);
      for (const [id, requests] of Object.entries(taken.fresh))
        if (!Object.hasOwn(fresh, id)) setOwn(fresh, id, requests);
        else if (!isDeepStrictEqual(fresh[id], requests))
          conflicts.push(`${file.path}: "${id}" sends other requests than in another test file sharing ${path}; the first is written`);
    }
    // No snapshot taken (the last `"snapshot": true` removed) still drops the entries nothing asks for.
    const outside = askedOutside(path, ran, files);
    const kept = (id: string) => Object.hasOwn(fresh, id) || asked.has(id) || outside === undefined || outside.has(id);
    const next: Snapshots = {};
    for (const id of Object.keys(stored)) if (kept(id)) setOwn(next, id, Object.hasOwn(fresh, id) ? fresh[id] : stored[id]);
    for (const id of Object.keys(fresh)) if (!Object.hasOwn(next, id)) setOwn(next, id, fresh[id]);
    if (isDeepStrictEqual(next, stored)) continue;
    const text = `${JSON.stringify(next, null, layout.indent)}\n`.replace(/\n/g, layout.newline);
    updates.push({ path, text, count: Object.keys(next).length });
  }
  return { updates, conflicts };
}

/**
 * The snapshot ids that the test files not in the run that name `snapshots` ask for: those files are
 * in its folder or a folder above it, up to the git work tree's root. Undefined when such a folder
 * holds a test file that cannot be read.
 */
function askedOutside(snapshots: string, ran: ReadonlySet<string>, files: InputFiles): Set<string> | undefined {
  const asked = new Set<string>();
  for (let folder = dirname(snapshots); ; folder = dirname(folder)) {
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      // A folder that cannot be listed holds no test file this user could run either.
    }
    for (const name of names.filter(isDiscoveredTestFile)) {
      const path = join(folder, name);
      if (ran.has(path)) continue;
      let other: MappingTestFile;
      try {
        other = readMappingTestFile(path, files.text(path));
      } catch {
        return undefined;
      }
      if (other.snapshots !== snapshots) continue;
      for (const [id, expectation] of Object.entries(other.expect)) if (expectation.snapshot) asked.add(id);
    }
    // The repository's root is the last: a test file outside the checkout does not name a file in it.
    if (dirname(folder) === folder || names.includes('.git')) return asked;
  }
}

/**
 * Reads a file the test file names at `pointer`; one that cannot be read is a TestFileError naming
 * the test file and the pointer, as `scimmap test --help` promises.
 */
function namedFile<T>(file: MappingTestFile, pointer: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw asTestFileError(file, pointer, error);
  }
}

/** A failure to read a file the test file names at `pointer` as a TestFileError; any other error as it is. */
function asTestFileError(file: MappingTestFile, pointer: string, error: unknown): unknown {
  // A file read but unusable as what the pointer gives it for (a directory file cut off, a UTF-16 export).
  if (error instanceof InputError) return new TestFileError(`${file.path} ${pointer}: ${error.message}`, pointer);
  const reason = unreadableReason(error);
  if (reason === undefined) return error;
  return new TestFileError(`${file.path} ${pointer}: cannot read ${(error as NodeJS.ErrnoException).path}: ${reason}`, pointer);
}

function readSnapshots(
  file: MappingTestFile,
  files: InputFiles,
  display: (path: string) => string,
): { stored: Snapshots; layout: SnapshotLayout } {
  const path = file.snapshots;
  let text: string;
  try {
    text = files.text(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { stored: {}, layout: { indent: '  ', newline: '\n' } };
    throw error;
  }
  let snapshots: unknown;
  try {
    snapshots = parseJson(text);
  } catch (error) {
    throw new TestFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  // --update replaces the file whole: one that holds anything else (a directory file, a test file) would be lost.
  const notSnapshotFile = (what: string) =>
    new TestFileError(
      `${file.path} /snapshots: ${display(path)} is not a snapshot file (${what}): scimmap test --update would replace it; name another file`,
      '/snapshots',
    );
  if (!isRecord(snapshots)) throw notSnapshotFile('a JSON object of object ids to requests');
  // Compared and printed by walking them: requests thousands of levels deep would overflow the stack there.
  for (const id in snapshots)
    if (nestsDeeperThan(snapshots[id], maxJsonDepth))
      throw new TestFileError(
        `${path} /${pointerToken(id)}: nests deeper than ${maxJsonDepth} levels, which no snapshot of requests does: delete it and run scimmap test --update`,
      );
  for (const id in snapshots)
    if (!isSnapshot(snapshots[id]))
      throw notSnapshotFile(`its /${pointerToken(id)} is not a list of requests, each {"method", "path", "body"}`);
  // The first indented line's indentation (a tab, 4 spaces); 2 spaces, as --update writes, for `{}` or a one-line file.
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { stored: snapshots, layout: { indent, newline: text.includes('\r\n') ? '\r\n' : '\n' } };
}

/** A snapshot as --update writes it: the object's requests, each a method, a path and maybe a body. */
function isSnapshot(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (request) =>
        isRecord(request) &&
        typeof request.method === 'string' &&
        typeof request.path === 'string' &&
        Object.keys(request).every((key) => key === 'method' || key === 'path' || key === 'body'),
    )
  );
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/**
 * No failure, or one with both values as pretty JSON and, when `textDiff`, their line diff; `message`
 * replaces "expected X, got Y" (for long values).
 */
function compare(expected: unknown, actual: unknown, textDiff: boolean, message?: string): CaseFailure | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  const expectedText = pretty(expected);
  const actualText = pretty(actual);
  return {
    message: message ?? `expected ${brief(expected)}, got ${brief(actual)}`,
    details: textDiff ? diffLines(expectedText.split('\n'), actualText.split('\n')) : '',
    expected: expectedText,
    actual: actualText,
  };
}

function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

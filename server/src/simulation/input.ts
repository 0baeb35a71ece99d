// What `scimmap simulate`, `scimmap test` and the editor's mapping tests read: the directory files
// (JSON read whole, CSV streamed), the target's state, and a Simulation that knows the directory's
// users and groups, fed its objects in the order a cycle takes them. Files come through InputFiles:
// the disk for the CLI, the editor's unsaved text first for the language server.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { readingFile } from '../../../shared/src/reading-file';
import { utf16Message, utf8Chunks } from '../../../shared/src/utf8';
import type { MappingFile } from '../syntax/ast';
import { directoryFormatOf, readDirectoryJson, readUsersCsv, type DirectoryEntry, type DirectoryProblem } from './directory';
import { distinctEntries, distinctFiles, isRepeatOfRead, OutsideReferences, StreamedIds } from './directory-once';
import { Simulation, type SimulationOptions } from './simulate';
import { readTargetState, type TargetState } from './target-state';

/** Where input files are read from. A file's bytes that are no UTF-8 character come as INVALID_BYTE in chunks(). */
export interface InputFiles {
  /** The whole text. */
  text(path: string): string;
  /** The first characters (at least 4 KiB when the file has them), to tell the format without reading a large export whole. */
  head(path: string): string;
  /** The text in chunks: a large CSV export is never read whole. */
  chunks(path: string): AsyncIterable<string> | Iterable<string>;
}

/**
 * Files from the disk through `readText`, except those in `unsaved` (absolute path -> text), which
 * are read as the editor holds them.
 */
export function inputFiles(readText: (path: string) => string, unsaved: ReadonlyMap<string, string> = new Map()): InputFiles {
  // A pipe (--directory /dev/stdin, <(...)) can be read only once: its whole text is kept for the
  // reads after the one that tells the format.
  const piped = new Map<string, string>();
  const held = (path: string) => {
    const text = unsaved.get(path) ?? piped.get(path);
    if (text !== undefined || !isPipe(path)) return text;
    piped.set(path, readText(path));
    return piped.get(path);
  };
  return {
    text: (path) => held(path) ?? readText(path),
    head: (path) => held(path)?.slice(0, 4096) ?? readHead(path),
    chunks: (path) => {
      const text = held(path);
      return text === undefined ? utf8Chunks(createReadStream(path)) : [text];
    },
  };
}

function isPipe(path: string): boolean {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats !== undefined && (stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice());
}

/** An input file that cannot be read as what it is given for: the message names it. */
export class InputError extends Error {}

/** Directory files as read: JSON entries in memory (each object once), CSV files to stream. */
export interface DirectoryInput {
  readonly loaded: readonly DirectoryEntry[];
  /** Where each JSON object was read (`user <id>`, `group <id>`), to report a CSV user that repeats one. */
  readonly loadedPlaces: ReadonlyMap<string, string>;
  readonly streamed: readonly string[];
  /** Where the streamed files are read from. */
  readonly source: InputFiles;
}

export function readDirectoryFiles(
  files: readonly string[],
  problem: (problem: DirectoryProblem) => void,
  source: InputFiles,
): DirectoryInput {
  const loaded: DirectoryEntry[] = [];
  const streamed: string[] = [];
  for (const file of distinctFiles(files, problem)) {
    if (directoryFormatOf(file, source.head(file)) === 'csv') streamed.push(file);
    else loaded.push(...readDirectoryJson(source.text(file), file, problem));
  }
  const distinct = distinctEntries(loaded, problem);
  return { loaded: distinct.entries, loadedPlaces: distinct.firstPlaces, streamed, source };
}

/**
 * A cycle over the directory: it knows every JSON user (managers, members) and every group's
 * assignment; an object's own appRoleAssignments say whether it is assigned (completeAssignments).
 */
export function simulationOver(file: MappingFile, input: DirectoryInput, options: Omit<SimulationOptions, 'assignmentKnown'>): Simulation {
  const simulation = new Simulation(file, { ...options, assignmentKnown: false });
  simulation.know(input.loaded.flatMap((entry) => (entry.kind === 'user' ? [entry.sample] : [])));
  for (const entry of input.loaded) if (entry.kind === 'group') simulation.registerGroup(entry.sample);
  return simulation;
}

/**
 * The directory's objects in the cycle's order: users (JSON, then each CSV streamed), then groups. A
 * CSV user a JSON file already gave is skipped; references to users outside the input are reported.
 */
export async function* directoryEntries(
  input: DirectoryInput,
  problem: (problem: DirectoryProblem) => void,
): AsyncGenerator<DirectoryEntry> {
  const references = new OutsideReferences(problem);
  const inJson = (id: string) => input.loadedPlaces.has(`user ${id}`);
  references.managers(input.loaded, inJson);
  for (const entry of input.loaded) if (entry.kind === 'user') yield entry;
  // Members that no JSON user is may be CSV users: only those are looked for in the stream.
  const membersToFind = new Set(
    input.loaded.flatMap((entry) => (entry.kind === 'group' ? entry.sample.members : [])).filter((id) => !inJson(id)),
  );
  const membersInCsv = new Set<string>();
  const streamedIds = new StreamedIds();
  for (const file of input.streamed)
    for await (const entry of readUsersCsv(input.source.chunks(file), file, problem)) {
      if (isRepeatOfRead(entry, input.loadedPlaces, streamedIds, problem)) continue;
      if (membersToFind.has(entry.sample.id)) membersInCsv.add(entry.sample.id);
      yield entry;
    }
  references.members(input.loaded, (id) => inJson(id) || membersInCsv.has(id));
  references.finish();
  for (const entry of input.loaded) if (entry.kind === 'group') yield entry;
}

/**
 * The first 4 KiB, to tell the format without reading a large export whole. A UTF-16 file throws
 * InputError here, before anything of it is read as text.
 */
function readHead(file: string): string {
  return readingFile(file, () => {
    const descriptor = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      const head = buffer.subarray(0, readSync(descriptor, buffer, 0, buffer.length, 0));
      const utf16 = utf16Message(head, file);
      if (utf16) throw new InputError(utf16);
      return head.toString('utf8');
    } finally {
      closeSync(descriptor);
    }
  });
}

/** Dumps of the target's ListResponse pages; a file that is not JSON throws InputError. */
export function readTargetStateFiles(
  files: readonly string[],
  problem: (problem: DirectoryProblem) => void,
  source: InputFiles,
): TargetState {
  const users = [];
  const groups = [];
  for (const file of files) {
    // A file that cannot be read at all (a folder, a missing file) is said as such, not as "not JSON".
    const text = source.text(file);
    let document: unknown;
    try {
      document = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new InputError(`${file} is not JSON (a dump of the target's ListResponse pages): ${(error as Error).message}`);
    }
    const state = readTargetState([document], file, problem);
    users.push(...state.users);
    groups.push(...state.groups);
  }
  return { users, groups };
}

// What `scimmap simulate`, `scimmap test` and the editor's mapping tests read: the directory files
// (JSON read whole, CSV streamed), the target's state, and a Simulation that knows the directory's
// users and groups, fed its objects in the order a cycle takes them. Files come through InputFiles:
// the disk for the CLI, the editor's unsaved text first for the language server.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { documentStart, maxWholeFileBytes, notJsonStart, readingFile } from '../../../shared/src/reading-file';
import { decodeUtf8, utf16Message, utf8Chunks } from '../../../shared/src/utf8';
import type { MappingFile } from '../syntax/ast';
import {
  directoryFormatOf,
  jsonDocuments,
  readDirectoryJson,
  GraphPaging,
  readUsersCsv,
  type DirectoryEntry,
  type DirectoryProblem,
} from './directory';
import { distinctEntries, distinctFiles, isRepeatOfRead, OutsideReferences, StreamedIds } from './directory-once';
import { InputError, nothingRead } from './input-error';
import { Simulation, type SimulationOptions } from './simulate';
import { TargetStateReader, type TargetState } from './target-state';

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
 * are read as the editor holds them. A file read whole (JSON) may hold at most maxWholeFileBytes.
 */
export function inputFiles(readText: (path: string) => string, unsaved: ReadonlyMap<string, string> = new Map()): InputFiles {
  // A pipe (--directory /dev/stdin, <(...)) can be read only once: its head, read to tell the
  // format, is kept, and the reads after it go on from there on the same descriptor.
  // Each naming of a file takes its head once, then its text or chunks once: a pipe named twice is said.
  const pipes = new Map<string, OpenPipe>();
  const pipe = (path: string, take: 'head' | 'rest') => {
    let opened = pipes.get(path);
    if (!opened) {
      if (unsaved.has(path) || !isPipe(path)) return undefined;
      opened = { ...openPipe(path), taken: new Set() };
      pipes.set(path, opened);
    }
    if (opened.taken.has(take)) throw new InputError(`${path} is a pipe and is named twice: it can be read only once`);
    opened.taken.add(take);
    return opened;
  };
  return {
    text: (path) => {
      const held = unsaved.get(path);
      if (held !== undefined) return held;
      const opened = pipe(path, 'rest');
      if (opened) return wholePipe(opened, path);
      refuseLarge(path, statSync(path, { throwIfNoEntry: false })?.size ?? 0);
      return readText(path);
    },
    head: (path) => {
      const held = unsaved.get(path);
      if (held !== undefined) return held.slice(0, headBytes);
      const opened = pipe(path, 'head');
      return opened ? headText(opened.head, path) : readHead(path);
    },
    chunks: (path) => {
      const held = unsaved.get(path);
      if (held !== undefined) return [held];
      const opened = pipe(path, 'rest');
      return utf8Chunks(opened ? pipeChunks(opened) : createReadStream(path));
    },
  };
}

/** What is read whole (a JSON directory, a target state, a test or snapshot file) is refused past maxWholeFileBytes; a Users CSV is streamed, whatever its size. */
function refuseLarge(path: string, bytes: number): void {
  if (bytes > maxWholeFileBytes)
    throw new InputError(
      `${path} is over ${maxWholeFileBytes / 1024 / 1024} MiB, the most a JSON file is read to (it is held in memory whole); only a Users CSV is streamed, so export a directory that large as the Users CSV`,
    );
}

/** The first bytes read to tell the format. */
const headBytes = 4096;

/** A pipe being read: its descriptor, the head already taken from it, and which reads were made. */
interface OpenPipe {
  readonly descriptor: number;
  readonly head: Buffer;
  readonly taken: Set<'head' | 'rest'>;
}

function openPipe(path: string): Omit<OpenPipe, 'taken'> {
  return readingFile(path, () => {
    const descriptor = openSync(path, 'r');
    // A pipe gives what its writer has written so far: read until the head is full or the input ends.
    const head = Buffer.alloc(headBytes);
    let length = 0;
    for (let read = 1; read > 0 && length < headBytes; length += read) read = readSync(descriptor, head, length, headBytes - length, null);
    return { descriptor, head: head.subarray(0, length) };
  });
}

/** The rest of a pipe after its head, read to its end but refused past maxWholeFileBytes. */
function wholePipe({ descriptor, head }: Omit<OpenPipe, 'taken'>, path: string): string {
  const parts = [head];
  let total = head.length;
  const chunk = Buffer.alloc(1 << 20);
  for (let read = readSync(descriptor, chunk); read > 0; read = readSync(descriptor, chunk)) {
    total += read;
    refuseLarge(path, total);
    parts.push(Buffer.from(chunk.subarray(0, read)));
  }
  closeSync(descriptor);
  return decodeUtf8(Buffer.concat(parts), path, (message) => new InputError(message));
}

/** A pipe's bytes as they come: the head kept, then the rest streamed from where it stopped. */
async function* pipeChunks({ descriptor, head }: OpenPipe): AsyncGenerator<Buffer> {
  yield head;
  yield* createReadStream('', { fd: descriptor }) as AsyncIterable<Buffer>;
}

function isPipe(path: string): boolean {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats !== undefined && (stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice());
}

/** Directory files as read: JSON entries in memory (each object once), CSV files to stream. */
export interface DirectoryInput {
  readonly loaded: readonly DirectoryEntry[];
  /** Where each JSON object was read (`user <id>`, `group <id>`), to report a CSV user that repeats one. */
  readonly loadedPlaces: ReadonlyMap<string, string>;
  readonly streamed: readonly string[];
  /** Whether a JSON file was read (each one read can be used: one of which nothing can be read throws), if only as an empty directory. */
  readonly jsonRead: boolean;
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
  const paging = new GraphPaging();
  let jsonRead = false;
  for (const file of distinctFiles(files, problem)) {
    const head = source.head(file);
    if (directoryFormatOf(file, head) === 'csv') {
      streamed.push(file);
      continue;
    }
    refuseNotJson(file, head);
    // One by one: spreading a large file's entries into push() overflows the stack (400,000 users did).
    for (const entry of readDirectoryJson(source.text(file), file, problem, paging)) loaded.push(entry);
    jsonRead = true;
  }
  paging.report(problem);
  const distinct = distinctEntries(loaded, problem);
  return { loaded: distinct.entries, loadedPlaces: distinct.firstPlaces, streamed, jsonRead, source };
}

/** A .json file whose text starts with no JSON document is not read as anything else: it is said. */
function refuseNotJson(file: string, head: string): void {
  if (documentStart(head) === 'other')
    throw new InputError(
      `${file} is not JSON: it starts with ${JSON.stringify(
        head
          .replace(/^\uFEFF/, '')
          .trimStart()
          .slice(0, 20),
      )}, where a directory JSON file (Microsoft Graph pages or a samples file) starts with { or [`,
    );
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
 * A CSV whose header no user can be read under is skipped, but when it is the last input and none
 * before it could be read, the run has nothing to simulate: InputError, from its header, before any
 * object is yielded. Once `signal` aborts, the next chunk or object throws its reason: an endless
 * pipe with no row end in it (/dev/zero) yields no object, so the check is made on each chunk too.
 */
export async function* directoryEntries(
  input: DirectoryInput,
  problem: (problem: DirectoryProblem) => void,
  signal?: AbortSignal,
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
  let read = input.jsonRead;
  for (const [index, file] of input.streamed.entries()) {
    const lastHope = !read && index === input.streamed.length - 1;
    let skipped = false;
    const unusableHeader = (where: string, reason: string) => {
      if (lastHope) throw nothingRead(where, reason, 1, 'the directory (no user or group)');
      skipped = true;
    };
    for await (const entry of readUsersCsv(untilAborted(input.source.chunks(file), signal), file, problem, unusableHeader)) {
      if (isRepeatOfRead(entry, input.loadedPlaces, streamedIds, problem)) continue;
      if (membersToFind.has(entry.sample.id)) membersInCsv.add(entry.sample.id);
      yield entry;
    }
    read ||= !skipped;
  }
  references.members(
    input.loaded,
    (id) => inJson(id) || membersInCsv.has(id),
    (id) => input.loadedPlaces.has(`group ${id}`),
  );
  references.finish();
  for (const entry of input.loaded) if (entry.kind === 'group') yield entry;
}

async function* untilAborted<T>(items: AsyncIterable<T> | Iterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const item of items) {
    signal?.throwIfAborted();
    yield item;
  }
}

/**
 * The first 4 KiB, to tell the format without reading a large export whole. A UTF-16 file throws
 * InputError here, before anything of it is read as text.
 */
function readHead(file: string): string {
  return readingFile(file, () => {
    const descriptor = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(headBytes);
      return headText(buffer.subarray(0, readSync(descriptor, buffer, 0, buffer.length, 0)), file);
    } finally {
      closeSync(descriptor);
    }
  });
}

function headText(head: Buffer, file: string): string {
  const utf16 = utf16Message(head, file);
  if (utf16) throw new InputError(utf16);
  return head.toString('utf8');
}

/** Dumps of the target's ListResponse pages, each one page or several saved one after another; a file of which no document can be read throws InputError. */
export function readTargetStateFiles(
  files: readonly string[],
  problem: (problem: DirectoryProblem) => void,
  source: InputFiles,
): TargetState {
  const reader = new TargetStateReader(problem);
  // A file that cannot be read at all (a folder, a missing file) is said as such by source.text, not as "not JSON".
  // A file given twice is read once, as --directory's are: not every resource a repeat of itself.
  for (const file of distinctFiles(files, problem)) {
    // Told from its head: /dev/zero was read to 256 MiB before it was refused.
    const notJson = notJsonStart(file, source.head(file), "a target-state file (the target's ListResponse pages)");
    if (notJson) throw new InputError(notJson);
    reader.read(jsonDocuments(source.text(file), file, problem), file);
  }
  return reader.state;
}

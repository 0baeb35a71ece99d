// What `scimmap simulate` and `scimmap test` both read: a mapping (its errors printed), the
// directory files (JSON read whole, CSV streamed), the target's state, and a Simulation that knows
// the directory's users and groups, fed its objects in the order a cycle takes them.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { MappingFile } from '../syntax/ast';
import { LineIndex } from '../syntax/positions';
import { analyze, type TargetChoice } from '../validation/analyze';
import type { Target } from '../schema/target';
import {
  directoryFormatOf,
  readDirectoryJson,
  readUsersCsv,
  type DirectoryEntry,
  type DirectoryFacts,
  type DirectoryProblem,
} from '../simulation/directory';
import { Simulation, type SimulationOptions } from '../simulation/simulate';
import { readTargetState, type TargetState } from '../simulation/target-state';
import { diagnosticLine } from './check';
import { readTextFile, UsageError, type CliIo } from './io';

/** The mapping's syntax tree and target schema, or undefined after printing its errors on stderr. */
export function readMapping(
  label: string,
  text: string,
  io: CliIo,
  command: string,
  targets: TargetChoice,
): { file: MappingFile; target: Target } | undefined {
  const { file, diagnostics, target } = analyze(text, targets);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return { file, target };
  const lines = new LineIndex(text);
  for (const diagnostic of errors) io.err(diagnosticLine(label, lines.positionAt(diagnostic.span.start), diagnostic));
  io.err(`scimmap ${command}: ${label} has errors; fix them first (scimmap check ${label})`);
  return undefined;
}

/** Directory files as read: JSON entries in memory, CSV files to stream. */
export interface DirectoryInput {
  readonly loaded: readonly DirectoryEntry[];
  readonly streamed: readonly string[];
  readonly facts: DirectoryFacts;
}

export function readDirectoryFiles(files: readonly string[], problem: (problem: DirectoryProblem) => void): DirectoryInput {
  const facts: DirectoryFacts = { assignmentKnown: false };
  const loaded: DirectoryEntry[] = [];
  const streamed: string[] = [];
  for (const file of files) {
    if (directoryFormatOf(file, readHead(file)) === 'csv') streamed.push(file);
    else loaded.push(...readDirectoryJson(readTextFile(file), file, problem, facts));
  }
  return { loaded, streamed, facts };
}

/** A cycle over the directory: it knows every JSON user (managers, members) and every group's assignment. */
export function simulationOver(file: MappingFile, input: DirectoryInput, options: Omit<SimulationOptions, 'assignmentKnown'>): Simulation {
  const simulation = new Simulation(file, { ...options, assignmentKnown: input.facts.assignmentKnown });
  simulation.know(input.loaded.flatMap((entry) => (entry.kind === 'user' ? [entry.sample] : [])));
  for (const entry of input.loaded) if (entry.kind === 'group') simulation.registerGroup(entry.sample);
  return simulation;
}

/** The directory's objects in the cycle's order: users (JSON, then each CSV streamed), then groups. */
export async function* directoryEntries(
  input: DirectoryInput,
  problem: (problem: DirectoryProblem) => void,
): AsyncGenerator<DirectoryEntry> {
  for (const entry of input.loaded) if (entry.kind === 'user') yield entry;
  for (const file of input.streamed) yield* readUsersCsv(createReadStream(file, { encoding: 'utf8' }), file, problem);
  for (const entry of input.loaded) if (entry.kind === 'group') yield entry;
}

/** The first 4 KiB, to tell the format without reading a large export whole. */
function readHead(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    return buffer.toString('utf8', 0, readSync(descriptor, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(descriptor);
  }
}

export function readTargetStateFiles(files: readonly string[], problem: (problem: DirectoryProblem) => void): TargetState {
  const users = [];
  const groups = [];
  for (const file of files) {
    let document: unknown;
    try {
      document = JSON.parse(readTextFile(file).replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(`${file} is not JSON (a dump of the target's ListResponse pages): ${(error as Error).message}`);
    }
    const state = readTargetState([document], file, problem);
    users.push(...state.users);
    groups.push(...state.groups);
  }
  return { users, groups };
}

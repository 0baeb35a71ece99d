// What `scimmap simulate` and `scimmap test` read as the CLI reads it: files from the disk, and a
// mapping whose errors are printed on stderr.
import type { Diagnostic, MappingFile } from '../syntax/ast';
import { LineIndex } from '../syntax/positions';
import { analyze, type TargetChoice } from '../validation/analyze';
import type { Target } from '../schema/target';
import type { DirectoryProblem } from '../simulation/directory';
import { inputFiles, readDirectoryFiles, readTargetStateFiles, type DirectoryInput } from '../simulation/input';
import { InputError } from '../simulation/input-error';
import type { TargetState } from '../simulation/target-state';
import { diagnosticLine } from './check';
import { readTextFile, UnusableInputError, type CliIo } from './io';
import { shellQuote } from '../../../shared/src/shell';

/** Directory, target-state, test and snapshot files, read from the disk. */
export const diskFiles = inputFiles(readTextFile);

/**
 * The mapping's syntax tree and target schema, or undefined after printing its errors on stderr;
 * `advice` says what to do about them when `label` is not a file that check can read.
 */
export function readMapping(
  label: string,
  text: string,
  io: CliIo,
  command: string,
  targets: TargetChoice,
  advice?: string,
): { file: MappingFile; target: Target } | undefined {
  const { file, diagnostics, target } = analyze(text, targets);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return { file, target };
  printMappingErrors(label, text, errors, io, command, advice);
  return undefined;
}

/** Each error as `file:line:column severity code message`, then what to do. */
export function printMappingErrors(
  label: string,
  text: string,
  errors: readonly Diagnostic[],
  io: CliIo,
  command: string,
  advice = `fix them first (scimmap check ${shellQuote(label)})`,
): void {
  const lines = new LineIndex(text);
  for (const diagnostic of errors) io.err(diagnosticLine(label, lines.positionAt(diagnostic.span.start), diagnostic));
  io.err(`scimmap ${command}: ${label} has errors; ${advice}`);
}

/** What an input failure means to the CLI: a file that is not what it is given for is an unusable input (exit 2, its one line). */
export function asUnusableInput(error: unknown): unknown {
  return error instanceof InputError ? new UnusableInputError(error.message) : error;
}

/** The directory files on the disk, JSON read, CSV ready to stream (a UTF-16 file is refused here, before any output). */
export function readDirectory(files: readonly string[], problem: (problem: DirectoryProblem) => void): DirectoryInput {
  try {
    return readDirectoryFiles(files, problem, diskFiles);
  } catch (error) {
    throw asUnusableInput(error);
  }
}

/** The target's state from dumps on the disk. */
export function readTargetState(files: readonly string[], problem: (problem: DirectoryProblem) => void): TargetState {
  try {
    return readTargetStateFiles(files, problem, diskFiles);
  } catch (error) {
    throw asUnusableInput(error);
  }
}

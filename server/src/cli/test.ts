// `scimmap test`: mapping tests (docs/testing.md). Each *.scimmap-test.json runs its directory through
// its mapping as one simulated cycle and compares, object by object, the action, the values sent at
// target paths and the exact requests (snapshots) with what the file expects; a failure prints
// expected against actual as a diff; --reporter junit prints JUnit XML for CI systems.
import { relative } from 'node:path';
import { findTestFiles, skippedFolders } from '../../../shared/src/test-files';
import { distinctFiles } from '../simulation/directory-once';
import { analyze } from '../validation/analyze';
import { readMappingTestFile, TestFileError, type MappingTestFile } from '../simulation/mapping-tests';
import { unreadableReason } from '../../../shared/src/reading-file';
import { runMappingTestFile, snapshotUpdates, type SnapshotsTaken } from '../simulation/test-run';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { readTextFile, UnusableInputError, UsageError, writeFileAtomically, type CliIo } from './io';
import { junitReport, type TestSuiteResult } from './junit';
import { targetChoice } from './target-option';
import { asUnusableInput, diskFiles, printMappingErrors } from './simulation-input';

const options = {
  update: { type: 'boolean' },
  reporter: { type: 'string' },
} satisfies OptionSpecs;

export const testCommand = defineCommand({
  name: 'test',
  synopsis: ['test [FILES...] [--update] [--reporter text|junit]'],
  description: `Runs mapping tests: each test file (*.scimmap-test.json; without FILES, every one under the
current folder, as VS Code's Test Explorer finds them: hidden folders such as .github included,
node_modules, .git, .hg and .svn left out) names a mapping, the directory or samples file(s) to run
through it as one simulated provisioning cycle, optionally the target's state, and per directory object the expected action, the values its request sends at target paths, and/or
"snapshot": true to compare its exact requests with the snapshot file beside the test file
(docs/testing.md). --update rewrites the snapshot files from what the mapping sends now (never the
test file itself). The report lists each failure with expected against actual as a diff;
--reporter junit prints JUnit XML instead, for CI systems.
Exit 0 when every expectation holds, 1 when any fails, 2 on a usage error, when no test file is
named or found (one line on stderr: a run that tests nothing is not a pass), or on a test file (or
the files it names) that cannot be read: the message names the file and the JSON pointer, and the
other files still run and are reported, that one as an error (JUnit <error>).`,
  options,
  run: runTests,
});

async function runTests({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  const reporter = values.reporter ?? 'text';
  if (reporter !== 'text' && reporter !== 'junit') throw new UsageError(`--reporter takes "text" or "junit", not "${reporter}"`);
  // A file named twice (`test a.json ./a.json`) runs once, as simulate reads a directory file given twice.
  const paths = distinctFiles(positionals.length > 0 ? positionals : findTestFiles(process.cwd()), (found) =>
    io.err(`warning: ${found.where}: ${found.message}`),
  );
  // The command line was right, so no usage dump: there is nothing to run, which CI must not count as a pass.
  if (paths.length === 0)
    throw new UnusableInputError(
      `no *.scimmap-test.json under ${process.cwd()} (${skippedFolders.join(', ')} left out): name the test files, or run it in the folder that holds them`,
    );
  // Every file that can run runs and is reported: one that cannot (broken, or naming a file that cannot be
  // read) is an error of its own, not a reason to drop the others' results (CI publishes them).
  const suites: TestSuiteResult[] = [];
  const taken: Array<{ file: MappingTestFile; taken: SnapshotsTaken }> = [];
  for (const path of paths) {
    const started = Date.now();
    try {
      const file = readMappingTestFile(path, readTextFile(path));
      const { suite, snapshots } = await runFile(file, values.update === true, io);
      suites.push(suite);
      if (snapshots) taken.push({ file, taken: snapshots });
    } catch (error) {
      suites.push({ name: path, cases: [], seconds: (Date.now() - started) / 1000, error: couldNotRun(error, io) });
    }
  }
  // Written once all ran: test files sharing a snapshot file each keep the others' entries.
  const unwritten = writeSnapshots(taken, io);
  const errors = suites.filter((suite) => suite.error !== undefined).length;
  // A run in which nothing ran has no report: its lines on stderr say why, as for a usage error.
  if (errors < suites.length) io.out(reporter === 'junit' ? junitReport(suites) : textReport(suites));
  if (errors > 0 && errors < suites.length && values.update === true)
    io.err(
      `scimmap test: ${plural(errors, 'test file')} could not run, so ${errors === 1 ? 'its' : 'their'} snapshots are left as they were; the snapshots of the files that ran are updated`,
    );
  if (errors > 0 || unwritten) return 2;
  return suites.some((suite) => suite.cases.some((result) => result.failure)) ? 1 : 0;
}

/** --update's snapshot files, each written once; whether one could not be written (said on stderr). */
function writeSnapshots(taken: ReadonlyArray<{ file: MappingTestFile; taken: SnapshotsTaken }>, io: CliIo): boolean {
  const { updates, conflicts } = snapshotUpdates(taken, diskFiles);
  for (const conflict of conflicts) io.err(`warning: ${conflict}`);
  let unwritten = false;
  for (const update of updates) {
    try {
      writeFileAtomically(update.path, update.text);
    } catch (error) {
      if (!(error instanceof UnusableInputError)) throw error;
      io.err(`scimmap test: ${error.message}`);
      unwritten = true;
      continue;
    }
    io.err(`scimmap test: wrote ${plural(update.count, 'snapshot')} to ${shown(update.path)}`);
  }
  return unwritten;
}

/**
 * Why a test file cannot run (it is broken, or a file it names cannot be read), said on stderr as the
 * file and the JSON pointer; any other error is a bug and is thrown.
 */
function couldNotRun(error: unknown, io: CliIo): string {
  const exit = error instanceof TestFileError ? new UnusableInputError(error.message) : asUnusableInput(error);
  const reason = unreadableReason(exit);
  const message =
    exit instanceof UnusableInputError
      ? exit.message
      : reason !== undefined
        ? `cannot read ${(exit as NodeJS.ErrnoException).path}: ${reason}`
        : undefined;
  if (message === undefined) throw exit;
  io.err(`scimmap test: ${message}`);
  return message;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A path as the report shows it: relative to the working folder. */
function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

async function runFile(file: MappingTestFile, update: boolean, io: CliIo): Promise<{ suite: TestSuiteResult; snapshots?: SnapshotsTaken }> {
  const started = Date.now();
  const run = await runMappingTestFile(file, {
    files: diskFiles,
    analyzeMapping: (path) => {
      const text = readTextFile(path);
      return { ...analyze(text, targetChoice(path, undefined)), text };
    },
    update,
    display: shown,
    problem: (found) => io.err(`warning: ${found.where}: ${found.message}`),
  });
  if (run.mappingErrors) printMappingErrors(file.mapping, run.mappingErrors.text, run.mappingErrors.diagnostics, io, 'test');
  return { suite: { name: file.path, cases: run.cases, seconds: (Date.now() - started) / 1000 }, snapshots: run.snapshots };
}

function textReport(suites: readonly TestSuiteResult[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const suite of suites) {
    if (suite.error !== undefined) {
      errors++;
      lines.push(`ERROR ${suite.name} (could not run)`, `  ${suite.error}`);
      continue;
    }
    const failures = suite.cases.filter((result) => result.failure);
    passed += suite.cases.length - failures.length;
    failed += failures.length;
    lines.push(`${failures.length === 0 ? 'PASS' : 'FAIL'} ${suite.name} (${suite.cases.length - failures.length}/${suite.cases.length})`);
    for (const result of failures) {
      lines.push(`  ✗ ${result.name}: ${result.failure!.message}`);
      if (result.failure!.details)
        lines.push('    - expected', '    + actual', ...result.failure!.details.split('\n').map((line) => `    ${line}`));
    }
  }
  lines.push('', `${passed} passed, ${failed} failed${errors > 0 ? `, ${plural(errors, 'test file')} could not run` : ''}`);
  return lines.join('\n');
}

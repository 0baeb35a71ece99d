// `scimmap test`: mapping tests (docs/testing.md). Each *.scimmap-test.json runs its directory through
// its mapping as one simulated cycle and compares, object by object, the action, the values sent at
// target paths and the exact requests (snapshots) with what the file expects; a failure prints
// expected against actual as a diff; --reporter junit prints JUnit XML for CI systems.
import { relative } from 'node:path';
import { findTestFiles, skippedFolders } from '../../../shared/src/test-files';
import { distinctFiles } from '../simulation/directory-once';
import { analyze } from '../validation/analyze';
import { readMappingTestFile, TestFileError, type MappingTestFile } from '../simulation/mapping-tests';
import { runMappingTestFile } from '../simulation/test-run';
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
the files it names) that cannot be read: the message names the file and the JSON pointer.`,
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
  const files: MappingTestFile[] = [];
  for (const path of paths) {
    try {
      files.push(readMappingTestFile(path, readTextFile(path)));
    } catch (error) {
      throw asExitError(error);
    }
  }
  const suites: TestSuiteResult[] = [];
  for (const file of files) suites.push(await runFile(file, values.update === true, io));
  if (reporter === 'junit') io.out(junitReport(suites));
  else io.out(textReport(suites));
  return suites.some((suite) => suite.cases.some((result) => result.failure)) ? 1 : 0;
}

/** A test file (or a file it names) that cannot be read: exit 2 with its message, which names the file and the JSON pointer. */
function asExitError(error: unknown): unknown {
  return error instanceof TestFileError ? new UnusableInputError(error.message) : asUnusableInput(error);
}

/** A path as the report shows it: relative to the working folder. */
function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

async function runFile(file: MappingTestFile, update: boolean, io: CliIo): Promise<TestSuiteResult> {
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
  }).catch((error: unknown) => {
    throw asExitError(error);
  });
  if (run.mappingErrors) printMappingErrors(file.mapping, run.mappingErrors.text, run.mappingErrors.diagnostics, io, 'test');
  if (run.snapshotUpdate) {
    writeFileAtomically(run.snapshotUpdate.path, run.snapshotUpdate.text);
    const { count } = run.snapshotUpdate;
    io.err(`scimmap test: wrote ${count} snapshot${count === 1 ? '' : 's'} to ${shown(run.snapshotUpdate.path)}`);
  }
  return { name: file.path, cases: run.cases, seconds: (Date.now() - started) / 1000 };
}

function textReport(suites: readonly TestSuiteResult[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const suite of suites) {
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
  lines.push('', `${passed} passed, ${failed} failed`);
  return lines.join('\n');
}

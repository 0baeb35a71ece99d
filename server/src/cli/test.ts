// `scimmap test`: mapping tests (docs/testing.md). Each *.scimmap-test.json runs its directory through
// its mapping as one simulated cycle and compares, object by object, the action, the values sent at
// target paths and the exact requests (snapshots) with what the file expects; a failure prints
// expected against actual as a diff; --reporter junit prints JUnit XML for CI systems.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { DirectoryProblem } from '../simulation/directory';
import { cycleSettingsOf, type ProvisioningRecord } from '../simulation/simulate';
import { TargetIndex } from '../simulation/target-state';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { readTextFile, UsageError, writeFileAtomically, type CliIo } from './io';
import { junitReport, type TestCaseResult, type TestSuiteResult } from './junit';
import { readMappingTestFile, sentValue, TestFileError, type MappingTestFile } from './mapping-tests';
import { targetChoice } from './target-option';
import { directoryEntries, readDirectoryFiles, readMapping, readTargetStateFiles, simulationOver } from './simulation-input';

const options = {
  update: { type: 'boolean' },
  reporter: { type: 'string' },
} satisfies OptionSpecs;

export const testCommand = defineCommand({
  name: 'test',
  synopsis: ['test [FILES...] [--update] [--reporter text|junit]'],
  description: `Runs mapping tests: each test file (*.scimmap-test.json; without FILES, every one under the
current folder, node_modules and hidden folders left out) names a mapping, the directory or samples
file(s) to run through it as one simulated provisioning cycle, optionally the target's state, and
per directory object the expected action, the values its request sends at target paths, and/or
"snapshot": true to compare its exact requests with the snapshot file beside the test file
(docs/testing.md). --update rewrites the snapshot files from what the mapping sends now (never the
test file itself). The report lists each failure with expected against actual as a diff;
--reporter junit prints JUnit XML instead, for CI systems.
Exit 0 when every expectation holds, 1 when any fails, 2 on a usage error or a test file (or the
files it names) that cannot be read: the message names the file and the JSON pointer.`,
  options,
  run: runTests,
});

async function runTests({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  const reporter = values.reporter ?? 'text';
  if (reporter !== 'text' && reporter !== 'junit') throw new UsageError(`--reporter takes "text" or "junit", not "${reporter}"`);
  const paths = positionals.length > 0 ? positionals : findTestFiles(process.cwd());
  if (paths.length === 0) throw new UsageError(`no *.scimmap-test.json under ${process.cwd()}; name the test files`);
  const files: MappingTestFile[] = [];
  for (const path of paths) {
    try {
      files.push(readMappingTestFile(path));
    } catch (error) {
      if (!(error instanceof TestFileError)) throw error;
      io.err(`scimmap test: ${error.message}`);
      return 2;
    }
  }
  const suites: TestSuiteResult[] = [];
  for (const file of files) suites.push(await runFile(file, values.update === true, io));
  if (reporter === 'junit') io.out(junitReport(suites));
  else io.out(textReport(suites));
  return suites.some((suite) => suite.cases.some((result) => result.failure)) ? 1 : 0;
}

/** Every *.scimmap-test.json under `folder`, in name order, skipping node_modules and hidden folders. */
function findTestFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(join(current, entry.name));
      } else if (entry.name.endsWith('.scimmap-test.json')) {
        found.push(relative(process.cwd(), join(current, entry.name)));
      }
    }
  };
  walk(folder);
  return found;
}

type Snapshots = Record<string, unknown>;

/** A path as the report shows it: relative to the working folder. */
function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

async function runFile(file: MappingTestFile, update: boolean, io: CliIo): Promise<TestSuiteResult> {
  const started = Date.now();
  const suite = (cases: TestCaseResult[]): TestSuiteResult => ({ name: file.path, cases, seconds: (Date.now() - started) / 1000 });
  const mapping = readMapping(file.mapping, readTextFile(file.mapping), io, 'test', targetChoice(file.mapping, undefined));
  if (!mapping)
    return suite([
      { name: 'mapping', failure: { message: `${shown(file.mapping)} has errors (scimmap check ${shown(file.mapping)})`, details: '' } },
    ]);

  const problem = (found: DirectoryProblem) => io.err(`warning: ${found.where}: ${found.message}`);
  const target = file.targetState && new TargetIndex(readTargetStateFiles(file.targetState, problem));
  const input = readDirectoryFiles(file.directory, problem);
  const simulation = simulationOver(mapping.file, input, {
    targetSchema: mapping.target,
    now: file.now,
    seed: file.seed,
    defaultDomain: file.defaultDomain,
    settings: cycleSettingsOf(mapping.file),
    target,
  });
  const records = new Map<string, ProvisioningRecord[]>();
  for await (const entry of directoryEntries(input, problem)) {
    const record = simulation.simulate(entry);
    for (const key of [record.id, record.sourceIdentity.id])
      if (key in file.expect) records.set(key, [...(records.get(key) ?? []), record]);
  }

  const stored = readSnapshots(file.snapshots);
  const fresh: Snapshots = {};
  const cases: TestCaseResult[] = [];
  for (const [id, expectation] of Object.entries(file.expect)) {
    const found = records.get(id) ?? [];
    if (found.length !== 1) {
      const message =
        found.length === 0
          ? `no directory object "${id}" in ${file.directory.map(shown).join(', ')}`
          : `"${id}" is both a user and a group: write user:${id} or group:${id}`;
      cases.push({ name: id, failure: { message, details: '' } });
      continue;
    }
    const [record] = found;
    if (expectation.action !== undefined)
      cases.push(
        compare(
          `${id}: action`,
          expectation.action,
          record.simulation.action,
          `expected ${expectation.action}, got ${record.simulation.action}: ${record.simulation.summary}`,
        ),
      );
    for (const [path, expected] of Object.entries(expectation.attributes ?? {}))
      cases.push(compare(`${id}: ${path}`, expected, sentValue(record, path)));
    if (expectation.snapshot) {
      const actual = JSON.parse(JSON.stringify(record.simulation.requests)) as unknown;
      fresh[id] = actual;
      const name = `${id}: requests (snapshot)`;
      if (update) cases.push({ name });
      else if (!(id in stored))
        cases.push({
          name,
          failure: {
            message: `no snapshot of "${id}" in ${shown(file.snapshots)}: run scimmap test --update to write it`,
            details: diffLines([], JSON.stringify(actual, null, 2).split('\n')),
          },
        });
      else
        cases.push(
          compare(name, stored[id], actual, 'the requests differ from the snapshot: run scimmap test --update if the change is intended'),
        );
    }
  }
  if (update && Object.keys(fresh).length > 0 && !isDeepStrictEqual(fresh, stored)) {
    writeFileAtomically(file.snapshots, `${JSON.stringify(fresh, null, 2)}\n`);
    io.err(
      `scimmap test: wrote ${Object.keys(fresh).length} snapshot${Object.keys(fresh).length === 1 ? '' : 's'} to ${shown(file.snapshots)}`,
    );
  }
  return suite(cases);
}

function readSnapshots(path: string): Snapshots {
  if (!existsSync(path)) return {};
  try {
    const snapshots: unknown = JSON.parse(readTextFile(path));
    if (typeof snapshots === 'object' && snapshots !== null && !Array.isArray(snapshots)) return snapshots as Snapshots;
  } catch (error) {
    throw new TestFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  throw new TestFileError(`${path} /: a snapshot file is a JSON object of object ids to requests`);
}

/** A passing case, or a failure with the diff; `message` replaces "expected X, got Y" (for long values). */
function compare(name: string, expected: unknown, actual: unknown, message?: string): TestCaseResult {
  if (isDeepStrictEqual(expected, actual)) return { name };
  const details = diffLines(JSON.stringify(expected, null, 2).split('\n'), JSON.stringify(actual, null, 2).split('\n'));
  return { name, failure: { message: message ?? `expected ${brief(expected)}, got ${brief(actual)}`, details } };
}

function brief(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A line diff (longest common subsequence): "- " expected only, "+ " actual only, "  " both. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string {
  const lengths = Array.from({ length: expected.length + 1 }, () => new Array<number>(actual.length + 1).fill(0));
  for (let i = expected.length - 1; i >= 0; i--) {
    for (let j = actual.length - 1; j >= 0; j--)
      lengths[i][j] = expected[i] === actual[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < expected.length || j < actual.length) {
    if (i < expected.length && j < actual.length && expected[i] === actual[j]) {
      lines.push(`  ${expected[i++]}`);
      j++;
    } else if (i < expected.length && (j === actual.length || lengths[i + 1][j] >= lengths[i][j + 1])) lines.push(`- ${expected[i++]}`);
    else lines.push(`+ ${actual[j++]}`);
  }
  return withContext(lines, 3).join('\n');
}

/** Unchanged lines more than `context` lines away from a change become one "..." line. */
function withContext(lines: readonly string[], context: number): string[] {
  const changed = lines.map((line) => !line.startsWith('  '));
  const near = (index: number) => changed.slice(Math.max(0, index - context), index + context + 1).some(Boolean);
  const kept: string[] = [];
  lines.forEach((line, index) => {
    if (near(index)) kept.push(line);
    else if (kept[kept.length - 1] !== '  ...') kept.push('  ...');
  });
  return kept;
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

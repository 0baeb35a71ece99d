// The tests entry VS Code loads in its extension host (extensionTestsPath): runs every
// suite/*.test.js with mocha and reports each result to the launcher through the events file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { emit, screenshot } from './helpers';
import { grepVariable } from './protocol';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  const grep = process.env[grepVariable];
  if (grep) mocha.grep(grep);
  const suiteFolder = join(__dirname, 'suite');
  for (const file of readdirSync(suiteFolder)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(suiteFolder, file));
  }
  // A failed test leaves a picture of the workbench as it was (offline launcher only). Best effort:
  // a failing picture must not stop the rest of the suite, as a failing hook would.
  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    await screenshot(
      `failed-${test
        .fullTitle()
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()}`,
    ).catch((error: unknown) => {
      console.error(`no screenshot of the failed test: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run((failures) => {
      emit({ event: 'end', passed, failed });
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    emit({ event: 'start', total: runner.total });
    runner.on('pass', (test) => {
      passed++;
      emit({ event: 'pass', title: test.fullTitle(), durationMs: test.duration ?? 0 });
    });
    runner.on('fail', (test, error: Error) => {
      failed++;
      emit({ event: 'fail', title: test.fullTitle(), message: error.message, stack: error.stack });
    });
  });
}

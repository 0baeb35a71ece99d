// `npm test`: installs what is missing, builds, runs the unit tests, packages the extension and
// runs the integration suite against the .vsix in a real VS Code (code-server in headless
// Chromium). Ends with one line `total: N passed, M failed` and exits non-zero on any failure.
// Node built-ins only until node_modules exists.
//
//   node .ci/test.mjs                           everything (what CI runs)
//   node .ci/test.mjs --integration             only the integration suite (offline launcher)
//   node .ci/test.mjs --integration --electron  the integration suite in desktop VS Code through
//                                               @vscode/test-electron ($VSCODE_EXECUTABLE_PATH, or a download)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleIntegration, chromiumPath, codeServerEntry, ensureAll, ensureNodeModules, log, repoRoot } from './setup.mjs';

const integrationOnly = process.argv.includes('--integration');
const useElectron = process.argv.includes('--electron');
// One folder per run, so two runs at once (an editor's and a terminal's) never share a .vsix or a summary.
const runDir = join(repoRoot, '.cache', 'test-runs', String(process.pid));
const totals = { passed: 0, failed: 0 };

/** Runs a step with inherited output; true when it exits 0. */
function step(title, command, args) {
  log(title);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) process.stderr.write(`[scimmap] ${title}: ${result.error.message}\n`);
  return result.status === 0;
}

/** A step that is not a test but whose failure must fail the run, counted as one failed check. */
function check(title, command, args) {
  if (step(title, command, args)) return true;
  process.stdout.write(`[scimmap] FAILED: ${title}\n`);
  totals.failed++;
  return false;
}

/** Counts from node:test's TAP summary (`# pass N`, `# fail N`, `# cancelled N`). */
function tapCount(tap, name) {
  const match = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap);
  return match ? Number(match[1]) : 0;
}

function unitTests() {
  // tsc emits even when it reports errors: the tests still run, and the type errors fail the run.
  check('type-checking and compiling every part (tsc -b)', 'npx', ['tsc', '-b']);
  const tapFile = join(runDir, 'unit.tap');
  const ran = step('unit tests (node --test out/test/unit/)', process.execPath, [
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    'out/test/unit/',
  ]);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const passed = tapCount(tap, 'pass');
  const failed = tapCount(tap, 'fail') + tapCount(tap, 'cancelled');
  totals.passed += passed;
  totals.failed += failed;
  if (!ran && failed === 0) {
    process.stdout.write('[scimmap] FAILED: the unit test runner exited non-zero without a failed test\n');
    totals.failed++;
  }
  process.stdout.write(`unit tests: ${passed} passing, ${failed} failing\n`);
}

async function integrationTests() {
  const vsix = join(runDir, 'scimmap.vsix');
  if (!check('packaging the extension (vsce package)', 'npm', ['run', '--silent', 'package', '--', '--out', vsix])) return;
  log(`scimmap.vsix: ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);
  log('bundling the integration suite');
  await bundleIntegration();
  const screenshots = join(repoRoot, 'screenshots');
  mkdirSync(screenshots, { recursive: true });
  for (const name of readdirSync(screenshots)) if (name.endsWith('.png')) rmSync(join(screenshots, name));
  const summaryFile = join(runDir, 'integration.json');
  if (useElectron) {
    step('integration suite in desktop VS Code (@vscode/test-electron)', process.execPath, [
      'out/integration/launchers/electron.js', '--vsix', vsix, '--summary', summaryFile,
    ]);
  } else {
    step('integration suite in VS Code (code-server + headless Chromium)', process.execPath, [
      'out/integration/launchers/offline.js',
      '--vsix', vsix,
      '--code-server', codeServerEntry,
      '--chromium', chromiumPath(),
      '--screenshots', screenshots,
      '--summary', summaryFile,
    ]);
  }
  if (!existsSync(summaryFile)) {
    process.stdout.write('[scimmap] FAILED: the integration launcher wrote no summary\n');
    totals.failed++;
    return;
  }
  const outcome = JSON.parse(readFileSync(summaryFile, 'utf8'));
  totals.passed += outcome.passed;
  totals.failed += outcome.failed + (outcome.problem ? 1 : 0);
}

async function main() {
  if (useElectron) ensureNodeModules();
  else ensureAll();
  mkdirSync(runDir, { recursive: true });
  const built = check('building the extension (npm run build)', 'npm', ['run', '--silent', 'build']);
  if (!integrationOnly) unitTests();
  if (built) await integrationTests();
}

try {
  await main();
} catch (error) {
  process.stderr.write(`[scimmap] npm test stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  totals.failed++;
}
rmSync(runDir, { recursive: true, force: true });
process.stdout.write(`total: ${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);

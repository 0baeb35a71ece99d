// `npm test`: installs what is missing, builds, runs the unit tests, packages the extension and
// runs the integration suite against the .vsix in a real VS Code. Ends with one line
// `total: N passed, M failed` and exits non-zero on any failure. Node built-ins only until
// node_modules exists.
//
// Which VS Code runs the integration suite is chosen automatically, printed, and overridable:
// - desktop VS Code through @vscode/test-electron (the standard path for extension tests) when
//   $VSCODE_EXECUTABLE_PATH is set or a desktop VS Code is installed, and on macOS, Windows and Linux
//   desktops (it downloads VS Code 1.100.3 when none is installed): no apt, no C++ toolchain;
// - code-server in headless Chromium (installs Debian packages and code-server into .cache/) on
//   headless Linux and in CI ($CI set).
// Override with --electron or --code-server, or SCIMMAP_TEST_LAUNCHER=electron|code-server.
//
//   node .ci/test.mjs                  everything (what CI runs)
//   node .ci/test.mjs --integration    only the integration suite
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleIntegration, chromiumPath, codeServerEntry, commandPath, ensureAll, ensureNodeModules, log, repoRoot } from './setup.mjs';

const integrationOnly = process.argv.includes('--integration');
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
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
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

/** The executable of an installed desktop VS Code (what test-electron runs), or undefined. */
function desktopVSCode() {
  const candidates =
    {
      darwin: ['/Applications/Visual Studio Code.app/Contents/MacOS/Code', '/Applications/Visual Studio Code.app/Contents/MacOS/Electron'],
      win32: [
        process.env.LOCALAPPDATA && join(process.env.LOCALAPPDATA, 'Programs', 'Microsoft VS Code', 'Code.exe'),
        process.env.ProgramFiles && join(process.env.ProgramFiles, 'Microsoft VS Code', 'Code.exe'),
      ].filter(Boolean),
      linux: ['/usr/share/code/code', '/snap/code/current/usr/share/code/code'],
    }[process.platform] ?? [];
  // The `code` command of a Linux install is bin/code beside the executable `code` (code-server's is not).
  const cli = process.platform === 'linux' ? commandPath('code') : undefined;
  if (cli) candidates.unshift(join(dirname(dirname(realpathSync(cli))), 'code'));
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Which VS Code runs the integration suite, and why (printed). */
function chooseLauncher() {
  const asked = process.argv.includes('--electron')
    ? 'electron'
    : process.argv.includes('--code-server')
      ? 'code-server'
      : process.env.SCIMMAP_TEST_LAUNCHER;
  if (asked === 'electron' || asked === 'code-server')
    return { kind: asked, vscode: process.env.VSCODE_EXECUTABLE_PATH || desktopVSCode(), why: 'as asked' };
  if (asked) throw new Error(`SCIMMAP_TEST_LAUNCHER is "${asked}": use electron or code-server`);
  if (process.env.VSCODE_EXECUTABLE_PATH)
    return { kind: 'electron', vscode: process.env.VSCODE_EXECUTABLE_PATH, why: 'VSCODE_EXECUTABLE_PATH is set' };
  if (process.env.CI) return { kind: 'code-server', why: 'CI is set' };
  const installed = desktopVSCode();
  if (installed) return { kind: 'electron', vscode: installed, why: `desktop VS Code at ${installed}` };
  const desktop =
    process.platform === 'darwin' || process.platform === 'win32' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (desktop) return { kind: 'electron', why: 'a desktop without VS Code installed: test-electron downloads VS Code 1.100.3' };
  return { kind: 'code-server', why: 'headless Linux' };
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
  if (launcher.kind === 'electron') {
    step('integration suite in desktop VS Code (@vscode/test-electron)', process.execPath, [
      'out/integration/launchers/electron.js',
      '--vsix',
      vsix,
      '--summary',
      summaryFile,
      ...(launcher.vscode ? ['--vscode', launcher.vscode] : []),
    ]);
  } else {
    step('integration suite in VS Code (code-server + headless Chromium)', process.execPath, [
      'out/integration/launchers/offline.js',
      '--vsix',
      vsix,
      '--code-server',
      codeServerEntry,
      '--chromium',
      chromiumPath(),
      '--screenshots',
      screenshots,
      '--summary',
      summaryFile,
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

let launcher;

async function main() {
  launcher = chooseLauncher();
  const other = launcher.kind === 'electron' ? 'code-server' : 'electron';
  log(
    `integration suite: ${launcher.kind === 'electron' ? 'desktop VS Code (@vscode/test-electron)' : 'code-server + headless Chromium'}, because ${launcher.why} (the other: --${other} or SCIMMAP_TEST_LAUNCHER=${other})`,
  );
  if (launcher.kind === 'electron') ensureNodeModules();
  else ensureAll();
  mkdirSync(runDir, { recursive: true });
  // Lint first: ESLint's findings and Prettier's layout, the whole tree (a failure counts, the tests still run).
  if (!integrationOnly) check('lint (npm run lint: ESLint, then Prettier --check)', 'npm', ['run', '--silent', 'lint']);
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

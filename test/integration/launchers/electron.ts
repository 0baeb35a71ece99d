// The contributors' launcher: the same suite in desktop VS Code through @vscode/test-electron.
// With --vscode (or $VSCODE_EXECUTABLE_PATH) it uses that VS Code; without, test-electron
// downloads VS Code 1.100.3, which needs internet access (use the offline launcher otherwise).
//
//   node out/integration/launchers/electron.js --vsix scimmap.vsix [--vscode PATH] [--summary FILE] [--grep PATTERN] [--keep]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { eventsFileVariable, grepVariable, sandboxTokenVariable } from '../protocol';
import {
  finish,
  followEvents,
  installedExtension,
  newOutcome,
  prepareRunFolders,
  recordEvent,
  runLauncher,
  testsEntry,
} from './run-folders';

/** The VS Code release the offline launcher's code-server 4.100.3 ships: both launchers test the same one. */
const vscodeVersion = '1.100.3';

async function download(): Promise<string> {
  try {
    return await downloadAndUnzipVSCode(vscodeVersion);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not download VS Code ${vscodeVersion} (${reason}). Point --vscode or VSCODE_EXECUTABLE_PATH at an installed VS Code, or run the offline launcher: npm run test:integration`,
    );
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      vscode: { type: 'string', default: process.env.VSCODE_EXECUTABLE_PATH },
      summary: { type: 'string' },
      grep: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  if (!values.vsix) throw new Error('usage: electron.js --vsix FILE [--vscode PATH] [--summary FILE] [--grep PATTERN] [--keep]');
  const vscodeExecutablePath = values.vscode ?? (await download());
  const run = prepareRunFolders();
  process.stdout.write(`integration run folder: ${run.root}\n`);

  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const folderArgs = [`--extensions-dir=${run.extensionsDir}`, `--user-data-dir=${run.userDataDir}`];
  const install = spawnSync(cli, [...cliArgs, ...folderArgs, '--install-extension', resolve(values.vsix)], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`VS Code could not install ${values.vsix}:\n${install.stdout}${install.stderr}`);
  const installed = installedExtension(run.extensionsDir, values.vsix);

  const outcome = newOutcome();
  const events = followEvents(run.eventsFile, (event) => recordEvent(outcome, event));
  const env: Record<string, string> = {
    [eventsFileVariable]: run.eventsFile,
    // The language server's V8 code cache (server/src/code-cache.ts) in the run's folder, not the user's cache.
    SCIMMAP_CACHE_DIR: join(run.root, 'code-cache'),
    [sandboxTokenVariable]: randomBytes(24).toString('base64url'),
  };
  if (values.grep) env[grepVariable] = values.grep;
  try {
    await runTests({
      vscodeExecutablePath,
      // The installed .vsix folder is the development extension, so the packaged files are what runs.
      extensionDevelopmentPath: installed,
      extensionTestsPath: testsEntry,
      extensionTestsEnv: env,
      launchArgs: [run.workspace, ...folderArgs, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    // A failing suite rejects too; only a run without an end event is a problem of its own.
    if (!outcome.ended) outcome.problem = error instanceof Error ? error.message : String(error);
  } finally {
    events.stop();
  }
  return finish(outcome, values.summary, run, values.keep);
}

runLauncher(main);

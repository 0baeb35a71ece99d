// What both launchers share: a throw-away run folder (workspace, user data, extensions, events
// file), the installed extension's folder, following the suite's events as they are written, the
// outcome they print, and how their main function ends the process.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../../support/repository';
import type { SuiteEvent } from '../protocol';

/** The repository the bundled script (somewhere in out/integration/) was built in. */
export const repoRoot = repositoryRoot(__dirname);
/** The bundled tests entry (test/integration/index.ts). */
export const testsEntry = join(repoRoot, 'out', 'integration', 'index.js');

export interface RunFolders {
  readonly root: string;
  /** The folder VS Code opens: a copy of examples/ under examples/, and an empty scratch/. */
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly eventsFile: string;
}

/** User settings that keep the workbench quiet and predictable: no welcome page, tips, updates or trust prompts. */
export const workbenchSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

export function prepareRunFolders(): RunFolders {
  const root = mkdtempSync(join(tmpdir(), 'scimmap-integration-'));
  const workspace = join(root, 'workspace');
  cpSync(join(repoRoot, 'examples'), join(workspace, 'examples'), { recursive: true });
  mkdirSync(join(workspace, 'scratch'), { recursive: true });
  const userDataDir = join(root, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(workbenchSettings, null, 2)}\n`);
  const extensionsDir = join(root, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const eventsFile = join(root, 'events.jsonl');
  writeFileSync(eventsFile, '');
  return { root, workspace, userDataDir, extensionsDir, eventsFile };
}

/** The folder an install of the .vsix made in `extensionsDir` (scimmap.scimmap-VERSION). */
export function installedExtension(extensionsDir: string, vsix: string): string {
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith('scimmap.scimmap-'));
  if (!installed) throw new Error(`${vsix} installed, but no scimmap.scimmap-* folder appeared in ${extensionsDir}`);
  return join(extensionsDir, installed);
}

/** Calls `onEvent` for each event the suite appends to `eventsFile`, in order. */
export function followEvents(eventsFile: string, onEvent: (event: SuiteEvent) => void): { stop(): void } {
  let offset = 0;
  let partial = '';
  const readNew = () => {
    const content = readFileSync(eventsFile);
    if (content.length <= offset) return;
    partial += content.subarray(offset).toString('utf8');
    offset = content.length;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as SuiteEvent);
  };
  const watcher: FSWatcher = watch(eventsFile, readNew);
  readNew();
  return {
    stop: () => {
      readNew();
      watcher.close();
    },
  };
}

export interface SuiteOutcome {
  passed: number;
  failed: number;
  readonly failures: { title: string; message: string }[];
  /** Set once the suite reports its end. */
  ended: boolean;
  /** Set when the suite never finished: a time-out or a crash of the workbench. */
  problem?: string;
}

export function newOutcome(): SuiteOutcome {
  return { passed: 0, failed: 0, failures: [], ended: false };
}

/** Prints each result as it arrives and collects the outcome. */
export function recordEvent(outcome: SuiteOutcome, event: SuiteEvent): void {
  if (event.event === 'pass') {
    outcome.passed++;
    process.stdout.write(`  ✔ ${event.title} (${event.durationMs} ms)\n`);
  } else if (event.event === 'end') {
    outcome.ended = true;
  } else if (event.event === 'fail') {
    outcome.failed++;
    outcome.failures.push({ title: event.title, message: event.message });
    process.stdout.write(`  ✖ ${event.title}\n${(event.stack ?? event.message).replace(/^/gm, '      ')}\n`);
  }
}

/**
 * Prints the suite's closing line, writes the outcome for `npm test`, removes the run folder after
 * a clean run (unless `keep`) and returns the exit code.
 */
export function finish(outcome: SuiteOutcome, summaryFile: string | undefined, run: RunFolders, keep: boolean): number {
  if (!outcome.ended && !outcome.problem) outcome.problem = 'the suite never reported its end';
  if (outcome.problem) process.stdout.write(`integration suite did not finish: ${outcome.problem}\n`);
  process.stdout.write(`integration suite: ${outcome.passed} passing, ${outcome.failed} failing\n`);
  if (summaryFile) writeFileSync(summaryFile, `${JSON.stringify(outcome, null, 2)}\n`);
  const code = outcome.failed === 0 && !outcome.problem && outcome.passed > 0 ? 0 : 1;
  if (code === 0 && !keep) rmSync(run.root, { recursive: true, force: true });
  else process.stdout.write(`kept the run folder for inspection: ${run.root}\n`);
  return code;
}

/** Runs a launcher's main function and exits with its code (1, with the reason, when it throws). */
export function runLauncher(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`integration launcher failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

// The README's first command (`npm start`, through .ci/start.mjs): starts the local Genesys-compatible
// SCIM sandbox and opens the playground (a fresh copy of examples/) in a real VS Code with the
// extension loaded: the desktop `code` when it is installed, otherwise code-server on loopback with
// its URL printed. Prints the walkthrough's steps to try. Runs until Ctrl+C.
//
//   node out/integration/main-job.js --vsix FILE --folder DIR (--code PATH | --code-server ENTRY) [--port N] [--sandbox-port N]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PortInUseError, startSandbox, type Sandbox } from '../sandbox/server';
import { installVsix, startCodeServer, workbenchUrl, type RunningCodeServer } from './launchers/code-server';
import { repoRoot, workbenchSettings } from './launchers/run-folders';

const stateDir = join(repoRoot, '.cache', 'main-job');

function parsePort(value: string, option: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${option} takes a port number from 0 to 65535, not "${value}"`);
  return port;
}

/** The sandbox's token reaches the extension host in this variable, never in settings or output. */
const sandboxTokenVariable = 'SCIMMAP_SANDBOX_TOKEN';
const sandboxConnectionName = 'Local sandbox';

/** The settings that make the sandbox the default connection (docs/connections.md). */
function sandboxSettings(sandbox: Sandbox): Record<string, unknown> {
  return {
    'scimmap.connections': [{ name: sandboxConnectionName, url: sandbox.url, tokenEnv: sandboxTokenVariable }],
    'scimmap.activeConnection': sandboxConnectionName,
  };
}

/**
 * A profile of its own (settings, extensions), so the main job never changes the user's VS Code
 * profile nor the folder it opens: the sandbox connection goes into this profile's user settings.
 */
function prepareProfile(name: string, settings: Record<string, unknown>): { userDataDir: string; extensionsDir: string } {
  const userDataDir = join(stateDir, name, 'user-data');
  const extensionsDir = join(stateDir, name, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify({ ...workbenchSettings, ...settings }, null, 2)}\n`);
  return { userDataDir, extensionsDir };
}

/** Opens the folder in the desktop VS Code: a window of its own profile with the packaged extension installed. */
async function openDesktop(
  code: string,
  vsix: string,
  folder: string,
  settings: Record<string, unknown>,
  env: Record<string, string>,
): Promise<() => Promise<void>> {
  const profile = prepareProfile('desktop', settings);
  const folderArgs = [`--user-data-dir=${profile.userDataDir}`, `--extensions-dir=${profile.extensionsDir}`];
  await new Promise<void>((resolve, reject) => {
    const install = spawn(code, [...folderArgs, '--install-extension', vsix, '--force'], { stdio: 'inherit' });
    install.once('error', reject);
    install.once('exit', (status) => (status === 0 ? resolve() : reject(new Error(`${code} --install-extension exited with ${status}`))));
  });
  const window = spawn(code, [...folderArgs, '--new-window', '--disable-workspace-trust', '--wait', folder], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  process.stdout.write(`VS Code opened ${folder} (profile in ${join(stateDir, 'desktop')}).\n`);
  window.once('exit', () => process.stdout.write('The VS Code window closed; the sandbox keeps running until Ctrl+C.\n'));
  return async () => {
    if (window.exitCode === null) window.kill('SIGTERM');
  };
}

async function openCodeServer(
  entry: string,
  vsix: string,
  folder: string,
  port: number,
  settings: Record<string, unknown>,
  env: Record<string, string>,
): Promise<() => Promise<void>> {
  const profile = prepareProfile('code-server', settings);
  const folders = { entry, ...profile, configFile: join(stateDir, 'code-server', 'code-server.yaml') };
  installVsix(folders, vsix);
  const logFile = join(stateDir, 'code-server', 'code-server.log');
  const server: RunningCodeServer = await startCodeServer({ folders, workspace: folder, port, logFile, env });
  process.stdout.write(
    [
      `VS Code (code-server, loopback only): ${workbenchUrl(server, folder)}`,
      `  open it in a browser on this machine; its log: ${logFile}`,
      '',
    ].join('\n'),
  );
  return () => server.stop();
}

/** The steps of the extension's walkthrough (package.json), as text: what to try first. */
function firstSteps(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: Array<{ title: string; steps: Array<{ title: string; description: string }> }> };
  };
  const [walkthrough] = manifest.contributes.walkthroughs;
  // A step's description is a sentence, then the line with its button: a Markdown command link.
  const steps = walkthrough.steps.map((step, index) => `  ${index + 1}. ${step.title}: ${step.description.split('\n')[0]}`);
  return [`\n${walkthrough.title} (the same steps, each with a button: SCIM: Get Started in the Command Palette):`, ...steps, ''].join(
    '\n',
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      folder: { type: 'string' },
      code: { type: 'string' },
      'code-server': { type: 'string' },
      port: { type: 'string', default: '8989' },
      'sandbox-port': { type: 'string', default: '8990' },
    },
  });
  if (!values.vsix || !values.folder || (!values.code && !values['code-server'])) {
    throw new Error('usage: main-job.js --vsix FILE --folder DIR (--code PATH | --code-server ENTRY) [--port N] [--sandbox-port N]');
  }
  const sandbox: Sandbox = await startSandbox({
    port: parsePort(values['sandbox-port'], '--sandbox-port'),
    token: process.env[sandboxTokenVariable] || undefined,
  });
  process.stdout.write(
    `Genesys Cloud SCIM sandbox: ${sandbox.url}\n  the default connection "${sandboxConnectionName}" (token in $${sandboxTokenVariable} of VS Code's extension host)\n`,
  );
  const settings = sandboxSettings(sandbox);
  const env = { [sandboxTokenVariable]: sandbox.token };
  const close = values.code
    ? await openDesktop(values.code, values.vsix, values.folder, settings, env)
    : await openCodeServer(values['code-server']!, values.vsix, values.folder, parsePort(values.port, '--port'), settings, env);
  process.stdout.write(`${firstSteps()}\nCtrl+C stops everything.\n`);
  const stop = () => {
    void Promise.all([close(), sandbox.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const another =
    error instanceof PortInUseError
      ? `\n  Stop the other one, or give this sandbox another port: npm start -- --sandbox-port ${error.port + 1}`
      : '';
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}${another}\n`);
  process.exit(1);
});

// `npm start`, the main job: installs what is missing, builds and packages the extension, starts
// the local SCIM sandbox and opens playground/ (a fresh, git-ignored copy of examples/, so
// experiments never change the tracked files) in a real VS Code: the desktop `code` when it is on
// PATH, otherwise code-server on loopback (URL printed), and prints the first steps to try. Runs
// until Ctrl+C.
// Options after `npm start --`: --port N (code-server, default 8989), --sandbox-port N (default 8990),
// --code-server (use code-server even when `code` is installed).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { playground, preparePlayground } from './playground.mjs';
import {
  bundleIntegration,
  codeServerEntry,
  commandPath,
  ensureCodeServer,
  ensureNodeModules,
  ensureSystemPackages,
  log,
  repoRoot,
  run,
} from './setup.mjs';

try {
  ensureNodeModules();
  const code = process.argv.includes('--code-server') ? undefined : commandPath('code');
  if (!code) {
    ensureSystemPackages();
    ensureCodeServer();
  }
  const vsix = join(repoRoot, '.cache', 'main-job', 'scimmap.vsix');
  mkdirSync(join(repoRoot, '.cache', 'main-job'), { recursive: true });
  log('building and packaging the extension');
  run('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: repoRoot });
  await bundleIntegration();
  const { previous } = preparePlayground();
  log(
    `opening playground/: a fresh copy of examples/ to experiment in (git-ignored)${previous ? `; your previous one is in ${previous}` : ''}`,
  );
  const passThrough = process.argv.slice(2).filter((arg) => arg !== '--code-server');
  const target = code ? ['--code', code] : ['--code-server', codeServerEntry];
  const job = spawn(
    process.execPath,
    [join(repoRoot, 'out', 'integration', 'main-job.js'), '--vsix', vsix, '--folder', playground, ...target, ...passThrough],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  // Ctrl+C reaches the job through the terminal's process group; wait for it to clean up.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => job.kill('SIGTERM'));
  job.once('exit', (status) => process.exit(status ?? 0));
} catch (error) {
  process.stderr.write(`[scimmap] npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

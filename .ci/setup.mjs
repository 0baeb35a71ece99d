// Installs what `npm test` and `npm start` need on a fresh machine, using Node built-ins only:
// Debian packages (when absent), node_modules (`npm ci` when missing) and code-server 4.100.3 (the
// real VS Code that runs offline) in the git-ignored .cache/ folder. Every step is idempotent and
// cached, so a second run costs a few file checks.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** code-server 4.100.3 ships VS Code 1.100.3 and is the newest release that runs on Node 20. */
export const codeServerVersion = '4.100.3';
export const codeServerHome = join(repoRoot, '.cache', `code-server-${codeServerVersion}`);
export const codeServerEntry = join(codeServerHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const codeServerReadyMarker = join(codeServerHome, '.ready');

// Headers and tools to rebuild code-server's native modules, ripgrep for search, Chromium to drive the workbench.
const debianPackages = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep', 'chromium', 'python3', 'make', 'g++'];

export function log(message) {
  process.stdout.write(`[scimmap] ${message}\n`);
}

/** Runs a command with inherited output; throws with the command line when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** The path of a command on PATH, or undefined. */
export function commandPath(name) {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The Chromium that drives the offline workbench: $SCIMMAP_CHROMIUM, else the first one on PATH. */
export function chromiumPath() {
  const configured = process.env.SCIMMAP_CHROMIUM;
  if (configured) return configured;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = commandPath(name);
    if (found) return found;
  }
  throw new Error('No Chromium found: install the Debian package `chromium` or set SCIMMAP_CHROMIUM to a Chrome/Chromium binary.');
}

function missingDebianPackages() {
  return debianPackages.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

export function ensureSystemPackages() {
  if (!commandPath('dpkg-query')) {
    log('not a Debian-based system: skipping apt; Chromium, ripgrep and a C++ toolchain must already be installed');
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && !commandPath('sudo')) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [command, ...args] = [...prefix, 'apt-get'];
  run(command, [...args, 'update'], { env });
  run(command, [...args, 'install', '-y', '--no-install-recommends', ...missing], { env });
}

export function ensureNodeModules() {
  // A git worktree links node_modules to the main checkout's: that install is the main checkout's to
  // keep, and `npm ci` here would empty it through the link (npm deletes the target's contents).
  const modules = join(repoRoot, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) return;
  // The stamp holds the hash of the package-lock.json that was installed: a checkout (which only
  // changes file times) reinstalls nothing, a changed lock file reinstalls.
  const stamp = join(modules, '.scimmap-installed');
  const wanted = createHash('sha256')
    .update(readFileSync(join(repoRoot, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log('installing node_modules (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
  writeFileSync(stamp, wanted);
}

function symlinkForce(target, path) {
  try {
    lstatSync(path);
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing there yet.
  }
  symlinkSync(target, path);
}

/**
 * Installs code-server without its install scripts (they refuse root and download ripgrep from
 * GitHub) and then performs those scripts' steps offline. Returns the path of code-server's entry.
 */
export function ensureCodeServer() {
  if (existsSync(codeServerReadyMarker)) return codeServerEntry;
  log(`installing code-server ${codeServerVersion} into ${codeServerHome} (a few minutes, once)`);
  mkdirSync(codeServerHome, { recursive: true });
  writeFileSync(join(codeServerHome, 'package.json'), JSON.stringify({ name: 'scimmap-code-server-cache', private: true }) + '\n');
  const npmQuiet = ['--no-audit', '--no-fund', '--ignore-scripts'];
  run('npm', ['install', ...npmQuiet, `code-server@${codeServerVersion}`], { cwd: codeServerHome });

  const codeServerDir = join(codeServerHome, 'node_modules', 'code-server');
  const vscodeDir = join(codeServerDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', ...npmQuiet], { cwd: vscodeDir });
  const ripgrepBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(ripgrepBin, { recursive: true });
  const rg = commandPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is not installed: install the Debian package `ripgrep`.');
  symlinkForce(rg, join(ripgrepBin, 'rg'));
  const nativeModules = ['kerberos', 'node-pty', '@parcel/watcher', 'native-watchdog', '@vscode/spdlog', '@vscode/deviceid'];
  run('npm', ['rebuild', ...nativeModules], { cwd: vscodeDir, env: { ...process.env, npm_config_yes: 'true' } });
  symlinkForce('node_modules', join(vscodeDir, 'node_modules.asar'));
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: join(vscodeDir, 'extensions') });
  run('npm', ['rebuild', 'argon2'], { cwd: codeServerHome });
  writeFileSync(codeServerReadyMarker, `${new Date().toISOString()}\n`);
  return codeServerEntry;
}

/**
 * Bundles the integration suite (tests entry, suite files, launchers, main job) into
 * out/integration/ with esbuild: independent of the whole-project tsc, so a type error elsewhere
 * never hides what VS Code shows. `vscode` comes from the extension host; mocha, playwright-core
 * and @vscode/test-electron load from node_modules.
 */
export async function bundleIntegration() {
  const { build } = await import(join(repoRoot, 'node_modules', 'esbuild', 'lib', 'main.js'));
  const { readdirSync } = await import('node:fs');
  const suite = readdirSync(join(repoRoot, 'test', 'integration', 'suite')).filter((name) => name.endsWith('.test.ts'));
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [
      'test/integration/index.ts',
      'test/integration/main-job.ts',
      'test/integration/launchers/offline.ts',
      'test/integration/launchers/electron.ts',
      ...suite.map((name) => `test/integration/suite/${name}`),
    ],
    outbase: 'test/integration',
    outdir: 'out/integration',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron'],
    logLevel: 'warning',
  });
}

/** Everything the integration suite and the main job need, in dependency order. */
export function ensureAll() {
  ensureSystemPackages();
  ensureNodeModules();
  ensureCodeServer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureAll();
    log('set-up complete');
  } catch (error) {
    process.stderr.write(`[scimmap] set-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

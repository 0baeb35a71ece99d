// Runs a CommonJS bundle through V8's code cache (issue 11, the server's start). Node 20 compiles a
// required file from its source on every start (`module.enableCompileCache` is Node 22); here the
// bundle is compiled by `vm.Script` with the bytecode V8 serialised in an earlier run, so the
// functions the start runs are not parsed and compiled again. The cache is a file in the user's
// cache directory (never the workspace or the extension's folder), named by the bundle's SHA-256,
// the Node version, the architecture and node's options (V8 flags). A missing, unreadable, damaged
// or rejected cache only means a compile from source, and a new cache is written when the process
// exits (the evaluation worker's: after its first job). A read-only or missing cache directory is
// never an error.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, win32 } from 'node:path';
import { Script } from 'node:vm';

/**
 * Where the code caches live: $SCIMMAP_CACHE_DIR, else the platform's per-user cache directory;
 * undefined (no cache) when there is no absolute one, as for a user without a home directory. A
 * relative directory is ignored: the server runs in the workspace, which the cache stays out of.
 */
export function codeCacheDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: () => string = homedir,
): string | undefined {
  const paths = platform === 'win32' ? win32 : posix;
  const absolute = (path: string | undefined) => (path && paths.isAbsolute(path) ? path : undefined);
  const chosen = absolute(env.SCIMMAP_CACHE_DIR);
  if (chosen) return chosen;
  let user: string | undefined;
  try {
    user = absolute(home());
  } catch {
    // os.homedir() throws when neither HOME nor the password database names one.
  }
  if (platform === 'win32') {
    const local = absolute(env.LOCALAPPDATA) ?? (user && paths.join(user, 'AppData', 'Local'));
    return local && paths.join(local, 'scimmap', 'Cache');
  }
  if (platform === 'darwin') return user && paths.join(user, 'Library', 'Caches', 'scimmap');
  const cache = absolute(env.XDG_CACHE_HOME) ?? (user && paths.join(user, '.cache'));
  return cache && paths.join(cache, 'scimmap');
}

/** A cache file is this digest of its payload, then the payload (V8's own checks do not cover every damaged byte). */
const DIGEST_BYTES = 32;
/** Caches of earlier builds or Node versions not written for this long are removed when a new one is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** The payload of the cache file at `path`, or undefined when there is none or it is damaged. */
function readCache(path: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  if (file.length <= DIGEST_BYTES) return undefined;
  const payload = file.subarray(DIGEST_BYTES);
  return digest(payload).equals(file.subarray(0, DIGEST_BYTES)) ? payload : undefined;
}

/** The name of the cache of the bundle `stem` (its file name without .js) under `key`. */
const cacheName = (stem: string, key: string) => `${stem}-${key}.v8cache`;

/**
 * Writes the cache file whole or not at all (a temporary file renamed), and removes the caches of
 * the same bundle under other keys, and temporary files, not written for a month.
 */
function writeCache(directory: string, stem: string, key: string, payload: Buffer): void {
  try {
    mkdirSync(directory, { recursive: true });
    const path = join(directory, cacheName(stem, key));
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([digest(payload), payload]));
    renameSync(temporary, path);
    const now = Date.now();
    for (const name of readdirSync(directory)) {
      const ours = name.startsWith(`${stem}-`) && /^[0-9a-f]{32}\.v8cache(\.\d+\.tmp)?$/.test(name.slice(stem.length + 1));
      if (!ours || name === cacheName(stem, key)) continue;
      const other = join(directory, name);
      if (now - statSync(other).mtimeMs > STALE_MS) unlinkSync(other);
    }
  } catch {
    // A read-only or full disk: the next start compiles from source again.
  }
}

/** How the bundle was compiled: from a valid cache, from source (no valid cache file), or from source after V8 rejected the cache. */
export type CodeCacheUse = 'cached' | 'compiled' | 'rejected';

/**
 * Runs the CommonJS bundle `file` as `require` would (its own `require`, `module`, `__filename`,
 * `__dirname`), compiled with the code cache of `cacheDirectory` (codeCacheDirectory(); none when
 * undefined) when there is a valid one. When there was none, `saveWhen` is given the function that
 * writes it (by default at the process's exit): V8 serialises every function compiled until then.
 * V8 accepts a cache only under the flags it was made with: set V8 flags before calling this.
 */
export function runWithCodeCache(
  file: string,
  cacheDirectory: string | undefined,
  saveWhen: (save: () => void) => void = (save) => process.once('exit', save),
): CodeCacheUse {
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 32);
  const stem = basename(file, '.js');
  const cachedData = cacheDirectory === undefined ? undefined : readCache(join(cacheDirectory, cacheName(stem, key)));
  // The wrapper on a line of its own, and lineOffset -1: positions in stack traces stay those of the file.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    // No importModuleDynamically: on Node 20 an import() in code compiled from a cache fails even with
    // the main context's loader, so the bundle must not use import() (lsp/evaluation-thread.ts requires).
    cachedData,
  });
  const use: CodeCacheUse = cachedData === undefined ? 'compiled' : script.cachedDataRejected ? 'rejected' : 'cached';
  if (use !== 'cached' && cacheDirectory !== undefined) {
    saveWhen(() => {
      try {
        writeCache(cacheDirectory, stem, key, script.createCachedData());
      } catch {
        // Nothing to save: the next start compiles from source.
      }
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return use;
}

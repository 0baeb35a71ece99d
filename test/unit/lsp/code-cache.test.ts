// The V8 code cache the language server starts through (server/src/code-cache.ts, dist/server.js):
// a bundle runs as `require` would run it, the cache is written at exit and used by the next start,
// and a damaged, rejected or unwritable cache never stops the bundle from running.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { codeCacheDirectory } from '../../../server/src/code-cache';

const loader = require.resolve('../../../server/src/code-cache');

/**
 * Runs `bundle` through runWithCodeCache in a fresh node (the cache is written at its exit, or when
 * `saveWhen`, a function's source, says): what it printed, and how it was compiled.
 */
function run(
  bundle: string,
  cacheDirectory: string | undefined,
  saveWhen?: string,
): { output: string[]; use: string; stderr: string; status: number | null } {
  const script = `const use = require(${JSON.stringify(loader)}).runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDirectory)}${saveWhen ? `, ${saveWhen}` : ''});
process.on('beforeExit', () => console.log('use=' + use));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const lines = child.stdout.trim().split('\n');
  return { output: lines.slice(0, -1), use: lines.at(-1)!.replace('use=', ''), stderr: child.stderr, status: child.status };
}

describe('the code cache', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-code-cache-'));
  const bundle = join(folder, 'bundle.js');
  const cacheDirectory = join(folder, 'cache');
  const cacheFiles = () => readdirSync(cacheDirectory).filter((name) => name.startsWith('bundle-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  beforeEach(() => {
    rmSync(cacheDirectory, { recursive: true, force: true });
    writeFileSync(
      bundle,
      `"use strict";\nconst { sep } = require('node:path');\nconsole.log(JSON.stringify({ sep, file: __filename, dir: __dirname, self: this === exports && module.exports === exports }));\n`,
    );
  });

  test('runs the bundle as require would, with its own require, module, __filename and __dirname', () => {
    const { output, status, stderr } = run(bundle, cacheDirectory);
    assert.equal(status, 0, stderr);
    assert.deepEqual(JSON.parse(output[0]), { sep: sep, file: bundle, dir: folder, self: true });
  });

  test('writes the cache at exit and compiles from it on the next run', () => {
    assert.equal(run(bundle, cacheDirectory).use, 'compiled');
    assert.equal(cacheFiles().length, 1);
    assert.match(cacheFiles()[0], /^bundle-[0-9a-f]{32}\.v8cache$/);
    const cached = run(bundle, cacheDirectory);
    assert.equal(cached.use, 'cached');
    assert.equal(JSON.parse(cached.output[0]).self, true);
  });

  test('is written when the caller says (a worker thread sees no exit), and only then', () => {
    const never = run(bundle, cacheDirectory, '() => undefined');
    assert.equal(never.use, 'compiled');
    assert.equal(existsSync(cacheDirectory), false);
    // Saved while the process still runs: the file is there before the process ends, and the next
    // run (the same node options: they are part of the cache's name) compiles from it.
    const soon = `(save) => setTimeout(() => { save(); console.log(require('node:fs').readdirSync(${JSON.stringify(cacheDirectory)}).length); }, 10)`;
    const first = run(bundle, cacheDirectory, soon);
    assert.equal(first.use, 'compiled');
    assert.deepEqual(first.output.slice(1), ['1']);
    assert.equal(run(bundle, cacheDirectory, soon).use, 'cached');
  });

  test('a damaged or truncated cache file is not given to V8: the bundle compiles from source and the file is replaced', () => {
    run(bundle, cacheDirectory);
    const path = join(cacheDirectory, cacheFiles()[0]);
    const valid = readFileSync(path);
    const damaged = Buffer.from(valid);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    for (const bytes of [damaged, valid.subarray(0, valid.length - 7), valid.subarray(0, 10), Buffer.alloc(0)]) {
      writeFileSync(path, bytes);
      const result = run(bundle, cacheDirectory);
      assert.equal(result.use, 'compiled');
      assert.equal(result.status, 0, result.stderr);
      assert.equal(JSON.parse(result.output[0]).self, true);
      assert.equal(run(bundle, cacheDirectory).use, 'cached');
    }
  });

  test('a cache V8 rejects (made for another source under the same name) only means a compile from source, and is replaced', () => {
    run(bundle, cacheDirectory);
    const name = cacheFiles()[0];
    // Another bundle's valid cache file under this bundle's name: the digest holds, V8 sees another source.
    const other = join(folder, 'other.js');
    writeFileSync(other, 'module.exports = function other() { return [1, 2, 3].map((n) => n * 2); };\nconsole.log("other");\n');
    run(other, cacheDirectory);
    const otherName = readdirSync(cacheDirectory).find((file) => file.startsWith('other-'))!;
    writeFileSync(join(cacheDirectory, name), readFileSync(join(cacheDirectory, otherName)));
    const result = run(bundle, cacheDirectory);
    assert.equal(result.use, 'rejected');
    assert.equal(JSON.parse(result.output[0]).self, true);
    assert.equal(run(bundle, cacheDirectory).use, 'cached');
  });

  test('a changed bundle gets its own cache; caches of the same bundle not written for a month are removed', () => {
    run(bundle, cacheDirectory);
    const [first] = cacheFiles();
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(join(cacheDirectory, first), monthAgo, monthAgo);
    const unrelated = join(cacheDirectory, 'bundle-notes.txt');
    writeFileSync(unrelated, 'not a cache');
    utimesSync(unrelated, monthAgo, monthAgo);
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}console.log('changed');\n`);
    const changed = run(bundle, cacheDirectory);
    assert.equal(changed.use, 'compiled');
    assert.deepEqual(changed.output.slice(1), ['changed']);
    const [second] = cacheFiles().filter((name) => name.endsWith('.v8cache'));
    assert.notEqual(second, first);
    assert.deepEqual(cacheFiles().sort(), [second, 'bundle-notes.txt'].sort());
    // A recent cache of another version stays (two Node versions may take turns).
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}console.log('again');\n`);
    run(bundle, cacheDirectory);
    assert.equal(cacheFiles().filter((name) => name.endsWith('.v8cache')).length, 2);
  });

  test('a cache directory that cannot be written is no error', () => {
    // A path under a regular file cannot be made, whoever runs the test (root ignores permissions).
    const blocked = join(bundle, 'cache');
    for (let round = 0; round < 2; round++) {
      const result = run(bundle, blocked);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.equal(result.use, 'compiled');
      assert.equal(JSON.parse(result.output[0]).self, true);
    }
  });

  test('stack traces keep the lines of the file, compiled from source and from the cache', () => {
    writeFileSync(
      bundle,
      `"use strict";\n\ntry {\n  null.property;\n} catch (error) {\n  console.log(/bundle\\.js:(\\d+)/.exec(error.stack)[1]);\n}\n`,
    );
    for (const expected of ['compiled', 'cached']) {
      const result = run(bundle, cacheDirectory);
      assert.equal(result.use, expected, result.stderr);
      assert.deepEqual(result.output, ['4']);
    }
  });

  test('without a cache directory the bundle runs, compiled from source, and nothing is written', () => {
    for (let round = 0; round < 2; round++) {
      const result = run(bundle, undefined);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.use, 'compiled');
      assert.equal(JSON.parse(result.output[0]).self, true);
    }
    assert.deepEqual(
      readdirSync(folder).filter((name) => !name.endsWith('.js')),
      [],
    );
  });

  test("lives in the user's cache directory, or where SCIMMAP_CACHE_DIR says; never in a relative one", () => {
    const home = homedir();
    const noHome = () => {
      throw new Error('no home directory');
    };
    assert.equal(codeCacheDirectory({ SCIMMAP_CACHE_DIR: '/elsewhere' }, 'linux'), '/elsewhere');
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux'), '/xdg/scimmap');
    assert.equal(codeCacheDirectory({}, 'linux'), join(home, '.cache', 'scimmap'));
    assert.equal(codeCacheDirectory({}, 'darwin'), join(home, 'Library', 'Caches', 'scimmap'));
    assert.equal(
      codeCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'),
      'C:\\Users\\u\\AppData\\Local\\scimmap\\Cache',
    );
    // The server runs in the workspace: a relative directory would put the cache there.
    assert.equal(
      codeCacheDirectory({ SCIMMAP_CACHE_DIR: 'cache', XDG_CACHE_HOME: '.cache' }, 'linux', () => '/home/u'),
      '/home/u/.cache/scimmap',
    );
    assert.equal(
      codeCacheDirectory({ LOCALAPPDATA: 'Local' }, 'win32', () => 'C:\\Users\\u'),
      'C:\\Users\\u\\AppData\\Local\\scimmap\\Cache',
    );
    // No home directory, or a relative one: no cache.
    assert.equal(codeCacheDirectory({}, 'linux', noHome), undefined);
    assert.equal(
      codeCacheDirectory({}, 'darwin', () => 'home'),
      undefined,
    );
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux', noHome), '/xdg/scimmap');
  });
});

// The committed text Show Impact of Changes (and `scimmap simulate --against-ref`) compares with
// (shared/src/git.ts), and the clear message for each way there is none: git missing, the file
// outside a repository, a repository without commits, a file never committed, a file new on the
// branch, a base branch a shallow CI checkout lacks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { committedText } from '../../../shared/src/git';

describe('the last committed text of a mapping', () => {
  let folder: string;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      stdio: 'pipe',
    });

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'scimmap-git-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('is the file as committed at HEAD, whatever it says now; a name with spaces and quotes is an argument, never shell text', async () => {
    const repository = join(folder, 'repo');
    mkdirSync(join(repository, 'maps'), { recursive: true });
    git(repository, 'init', '-q');
    const file = join(repository, 'maps', `it's $(x) a map.scimmap`);
    writeFileSync(file, 'users {\n  title <- [department]\n}\n');
    git(repository, 'add', '.');
    git(repository, 'commit', '-q', '-m', 'first');
    writeFileSync(file, 'users {\n  title <- [jobTitle]\n}\n');
    assert.deepEqual(await committedText(file), { ok: true, text: 'users {\n  title <- [department]\n}\n' });
  });

  test('says when the file was never committed', async () => {
    const repository = join(folder, 'repo');
    const file = join(repository, 'maps', 'new.scimmap');
    writeFileSync(file, 'users {}\n');
    const result = await committedText(file);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'not-committed');
    assert.match(!result.ok ? result.message : '', /^new\.scimmap has no committed version at HEAD/);
  });

  test('at a ref other than HEAD, a file new or renamed on the branch does not exist there (before: "commit it once", though it is committed)', async () => {
    const repository = join(folder, 'branches');
    mkdirSync(join(repository, 'maps'), { recursive: true });
    git(repository, 'init', '-q', '-b', 'main');
    writeFileSync(join(repository, 'maps', 'old.scimmap'), 'users {}\n');
    git(repository, 'add', '.');
    git(repository, 'commit', '-q', '-m', 'base');
    git(repository, 'checkout', '-q', '-b', 'pr');
    const file = join(repository, 'maps', 'new.scimmap');
    writeFileSync(file, 'users {}\n');
    git(repository, 'add', '.');
    git(repository, 'commit', '-q', '-m', 'new mapping');
    const result = await committedText(file, 'main');
    assert.equal(!result.ok && result.reason, 'not-committed');
    assert.equal(
      !result.ok && result.message,
      'new.scimmap does not exist at main: it is new or was renamed on this branch, so main has no version of it to compare with.',
    );
    const unknown = await committedText(file, 'mian');
    assert.equal(
      !unknown.ok && unknown.message,
      'git has no commit mian in the repository of new.scimmap: check the name (`git branch --all` lists the branches this clone has).',
    );
  });

  test('a base branch missing from a shallow clone (a CI checkout) says so and how to fetch it; that fetch is enough', async () => {
    const origin = join(folder, 'branches');
    const shallow = join(folder, 'shallow');
    git(folder, 'clone', '-q', '--depth', '1', '--single-branch', '--branch', 'pr', pathToFileURL(origin).href, shallow);
    const file = join(shallow, 'maps', 'old.scimmap');
    const result = await committedText(file, 'origin/main');
    assert.equal(!result.ok && result.reason, 'no-commits');
    assert.equal(
      !result.ok && result.message,
      "git has no commit origin/main in the repository of old.scimmap, a shallow clone (a CI checkout fetches only the pull request's commit by default): fetch origin/main with `git fetch --depth=1 origin main:refs/remotes/origin/main`, or check out the whole history (actions/checkout `fetch-depth: 0`, Azure Pipelines `fetchDepth: 0`).",
    );
    git(shallow, 'fetch', '-q', '--depth=1', 'origin', 'main:refs/remotes/origin/main');
    assert.deepEqual(await committedText(file, 'origin/main'), { ok: true, text: 'users {}\n' });
  });

  test('says when the repository has no commits yet', async () => {
    const repository = join(folder, 'empty');
    mkdirSync(repository);
    git(repository, 'init', '-q');
    const file = join(repository, 'm.scimmap');
    writeFileSync(file, 'users {}\n');
    const result = await committedText(file);
    assert.equal(!result.ok && result.reason, 'no-commits');
    assert.match(!result.ok ? result.message : '', /has no commits yet/);
  });

  test('says when the file is not in a git repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'scimmap-no-git-'));
    try {
      const file = join(outside, 'm.scimmap');
      writeFileSync(file, 'users {}\n');
      const result = await committedText(file);
      assert.equal(!result.ok && result.reason, 'not-in-repository');
      assert.match(!result.ok ? result.message : '', /^m\.scimmap is not in a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('says when git cannot be started', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(folder, 'no-such-bin');
    try {
      const result = await committedText(join(folder, 'repo', 'maps', 'new.scimmap'));
      assert.equal(!result.ok && result.reason, 'no-git');
      assert.match(!result.ok ? result.message : '', /git could not be started/);
    } finally {
      process.env.PATH = path;
    }
  });
});

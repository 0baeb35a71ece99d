// The committed text Show Impact of Changes (and `scimmap simulate --against-ref`) compares with
// (shared/src/git.ts), and the clear message for each way there is none: git missing, the file
// outside a repository, a repository without commits, a file never committed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

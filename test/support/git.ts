// A throwaway git repository for tests of what was committed (--against-ref, Show Impact of Changes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new git repository in a temp folder holding `files` (name -> text) in one commit; its folder. */
export function gitRepository(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'scimmap-git-'));
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: repo, encoding: 'utf8' }).status, 0, args.join(' '));
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  git('config', 'commit.gpgsign', 'false');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  git('add', '.');
  git('commit', '-qm', 'base');
  return repo;
}

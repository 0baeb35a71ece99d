// The playground: a git-ignored copy of examples/ that `npm start` and F5 ("Run Extension") open,
// so experiments (with auto-save on) never change the tracked examples. Node built-ins only.
//
//   node .ci/playground.mjs          a fresh copy; the previous playground moves to .cache/playground-previous/
//   node .ci/playground.mjs --keep   copies only when there is no playground yet
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, repoRoot } from './setup.mjs';

export const playground = join(repoRoot, 'playground');
export const previousPlayground = join(repoRoot, '.cache', 'playground-previous');

/** Makes playground/ from examples/; returns where the previous copy went, if there was one. */
export function preparePlayground({ keep = false } = {}) {
  if (keep && existsSync(playground)) return { kept: true };
  let previous;
  if (existsSync(playground)) {
    rmSync(previousPlayground, { recursive: true, force: true });
    mkdirSync(join(previousPlayground, '..'), { recursive: true });
    renameSync(playground, previousPlayground);
    previous = previousPlayground;
  }
  cpSync(join(repoRoot, 'examples'), playground, { recursive: true });
  return { kept: false, previous };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { kept, previous } = preparePlayground({ keep: process.argv.includes('--keep') });
  if (kept) log(`playground/ exists: kept as it is (node .ci/playground.mjs makes a fresh copy of examples/)`);
  else log(`playground/ is a fresh copy of examples/ (git-ignored)${previous ? `; the previous one is in ${previous}` : ''}`);
}

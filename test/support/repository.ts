// Where the repository is, for scripts and tests that run from out/…, from a bundle or from the root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root: the nearest folder above `from` with package.json and server/src (else the working directory). */
export function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = join(dir, '..')) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server', 'src'))) return dir;
    if (dir === join(dir, '..')) return process.cwd();
  }
}

// Which files are mapping tests (docs/testing.md): one rule for `scimmap test` without FILES and for
// the editor's Test Explorer (its search of the workspace and its file watcher), so that CI runs
// exactly the tests the editor shows.
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';

/** How a mapping test file's name ends. */
export const testFileSuffix = '.scimmap-test.json';

/**
 * Folders whose files are not the project's own tests: installed packages and version control's
 * store. Every other folder is searched, hidden ones included: tests kept in `.github/` or
 * `.config/` run in CI as they show in the editor.
 */
export const skippedFolders: readonly string[] = ['node_modules', '.git', '.hg', '.svn'];

/** The rule as globs, for VS Code's findFiles and file watcher. */
export const testFileGlob = `**/*${testFileSuffix}`;
export const skippedFoldersGlob = `**/{${skippedFolders.join(',')}}/**`;

/** Whether a file, by its path relative to the searched folder (either separator), is a test file the search finds. */
export function isDiscoveredTestFile(relativePath: string): boolean {
  const names = relativePath.split(/[\\/]/);
  return names[names.length - 1].endsWith(testFileSuffix) && !names.slice(0, -1).some((name) => skippedFolders.includes(name));
}

/**
 * Every test file under `folder`, by its path relative to it, in name order. Linked folders are
 * followed, as VS Code's search follows them (search.followSymlinks), each real folder once.
 */
export function findTestFiles(folder: string): string[] {
  const found: string[] = [];
  const walked = new Set<string>();
  const walk = (relativeFolder: string) => {
    const real = realpathSync(join(folder, relativeFolder));
    if (walked.has(real)) return; // a link back up the tree
    walked.add(real);
    const entries = readdirSync(join(folder, relativeFolder), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(relativeFolder, entry.name);
      if (isFolder(join(folder, path), entry)) {
        if (!skippedFolders.includes(entry.name)) walk(path);
      } else if (isDiscoveredTestFile(path) && isFile(join(folder, path), entry)) found.push(path);
    }
  };
  walk('');
  return found;
}

/** A folder, or a link to one (a dangling link is neither). */
function isFolder(path: string, entry: Dirent): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && linkLeadsTo(path, (stats) => stats.isDirectory()));
}

/** A regular file, or a link to one: a named pipe or a device so named is no test file, and reading one can wait forever. */
function isFile(path: string, entry: Dirent): boolean {
  return entry.isFile() || (entry.isSymbolicLink() && linkLeadsTo(path, (stats) => stats.isFile()));
}

function linkLeadsTo(path: string, kind: (stats: Stats) => boolean): boolean {
  try {
    return kind(statSync(path));
  } catch {
    return false;
  }
}

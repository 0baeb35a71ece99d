// Which mapping test files a save reruns (scimmap.tests.runOnSave), apart from VS Code so that it
// is unit-tested without it.

/** A saved file: its URI's string (a test file's id), its path (as test files name their inputs), and whether it is a shown test file. */
export interface SavedFile {
  readonly id: string;
  readonly path: string;
  readonly isTestFile: boolean;
}

/**
 * The test files (ids) whose tests a save reruns: each that reads the saved file, and the saved file
 * when it is a test file, each only when `runOnSave(testFile)` says its setting is on. The setting
 * belongs to the test file's tests (resource scope): in a multi-root workspace a mapping or
 * directory shared by test files of two folders reruns each folder's tests by that folder's
 * setting, never by the folder of the file saved.
 */
export function testFilesToRerun(
  saved: SavedFile,
  inputsByTestFile: ReadonlyMap<string, ReadonlySet<string>>,
  runOnSave: (testFile: string) => boolean,
): string[] {
  const files = new Set([...inputsByTestFile].filter(([, inputs]) => inputs.has(saved.path)).map(([file]) => file));
  if (saved.isTestFile) files.add(saved.id);
  return [...files].filter(runOnSave);
}

// File reads whose errors name the file: Node's read() fails on a folder with EISDIR and no path,
// so `scimmap check FOLDER` said "cannot read undefined".

/** Why a file cannot be read, said plainly; undefined for an error that is not one of a file that cannot be read. */
export function unreadableReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR') return 'its path goes through a file, not a folder';
  if (code === 'EACCES') return 'permission denied';
  return undefined;
}

/** Runs a read of `path`; a file-system error that does not name its path gets it. */
export function readingFile<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code !== undefined && failure.path === undefined) failure.path = path;
    throw error;
  }
}

// File reads whose errors name the file: Node's read() fails on a folder with EISDIR and no path,
// so `scimmap check FOLDER` said "cannot read undefined". And reads with a bound: readFileSync of
// /dev/zero, /dev/urandom or an endless pipe never ends, and took 10 GB before the system killed it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The most a file read whole is read to: its text must fit a JavaScript string (512 Mi characters)
 * and its objects the heap, so a larger file is refused with this limit in its message instead of
 * crashing or exhausting the memory.
 */
export const maxWholeFileBytes = 256 * 1024 * 1024;

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

/**
 * A file's bytes, read to its end but never past `maxBytes`: `tooLarge()` is thrown instead, as soon
 * as a regular file's size or the bytes read say so (a device or a pipe has no size to ask first).
 * `refuseHead`, given the first chunk of a file that goes on past it, may refuse to read further:
 * a JSON file that starts with no JSON (/dev/zero) is refused after 1 MiB, not 256.
 */
export function readBytesUpTo(
  path: string,
  maxBytes: number,
  tooLarge: () => Error,
  refuseHead: (head: Buffer) => Error | undefined = () => undefined,
): Buffer {
  return readingFile(path, () => {
    const descriptor = openSync(path, 'r');
    try {
      if (fstatSync(descriptor).size > maxBytes) throw tooLarge();
      const parts: Buffer[] = [];
      let total = 0;
      const chunk = Buffer.alloc(1 << 20);
      for (let read = readSync(descriptor, chunk); read > 0; read = readSync(descriptor, chunk)) {
        total += read;
        if (total > maxBytes) throw tooLarge();
        if (parts.length === 1) {
          const refused = refuseHead(parts[0]);
          if (refused) throw refused;
        }
        parts.push(Buffer.from(chunk.subarray(0, read)));
      }
      return Buffer.concat(parts, total);
    } finally {
      closeSync(descriptor);
    }
  });
}

/** What a file's first characters (a byte order mark and white space skipped) look like: a JSON document's `{` or `[`, nothing, or other text. */
export function documentStart(head: string): 'json' | 'empty' | 'other' {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start === '') return 'empty';
  return start.startsWith('{') || start.startsWith('[') ? 'json' : 'other';
}

/**
 * Why a JSON file whose text starts with `head` is not what it is given for, when its first character that is no
 * byte order mark or white space cannot start an object or array; undefined when it can, or when
 * `head` is only white space. Only that character is quoted: the file may hold a secret.
 */
export function notJsonStart(path: string, head: string, what: string): string | undefined {
  if (documentStart(head) !== 'other') return undefined;
  const start = head.replace(/^\uFEFF/, '').trimStart();
  const found = JSON.stringify(String.fromCodePoint(start.codePointAt(0)!));
  return `${path} starts with ${found}, where ${what} starts with { or [ (a JSON object or array); it is not read further`;
}

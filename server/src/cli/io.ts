import { once } from 'node:events';
import { createInterface } from 'node:readline/promises';
import {
  accessSync,
  chmodSync,
  constants,
  lstatSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { readingFile } from '../../../shared/src/reading-file';
import { readJsonUtf8File, readUtf8File } from '../../../shared/src/utf8';

/** Where a CLI command writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks the person at the terminal; absent when there is none (stdin is not a TTY). */
  ask?(question: string): Promise<string>;
  /** Writes text to stdout exactly as given (no line break added): a file's content. */
  write?(text: string): void;
  /**
   * While stdout holds more than it can pass on (a slow reader of a pipe), a promise of its draining;
   * undefined otherwise. A command printing a million lines waits on it so they do not pile up in memory.
   */
  backlog?(): Promise<void> | undefined;
}

/**
 * A line as the terminal gets it: control characters (escape sequences, carriage returns, bidi
 * overrides) shown as visible escapes. What the CLI prints quotes peers (a SCIM server's messages,
 * a file's values); a hostile one must not move the cursor or recolour, e.g. print a fake "PASS".
 */
export function terminalText(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${terminalText(line)}\n`),
  err: (line) => process.stderr.write(`${terminalText(line)}\n`),
  ...(process.stdin.isTTY
    ? {
        ask: async (question: string) => {
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await prompt.question(question);
          } finally {
            prompt.close();
          }
        },
      }
    : {}),
  write: (text) => process.stdout.write(text),
  backlog: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : undefined),
};

/**
 * A file's text. A read error names the file: reading a folder fails in read(), whose error has no
 * path, so `scimmap check FOLDER` said "cannot read undefined". A file that is not UTF-8 (UTF-16,
 * Windows-1252) is an unreadable input whose message says where, not text with "�" in it.
 */
export function readTextFile(path: string): string {
  return readingFile(path, () => readUtf8File(path, (message) => new UnusableInputError(message)));
}

/** A JSON file's text, as readTextFile reads it; one that does not start as JSON past its first MiB (/dev/zero) is refused there. */
export function readJsonTextFile(path: string, what: string): string {
  return readingFile(path, () => readJsonUtf8File(path, what, (message) => new UnusableInputError(message)));
}

/** A document to `-o FILE` (written whole or not at all) or, without one, to stdout. */
export function writeOutput(file: string | undefined, text: string, io: CliIo): void {
  if (file === undefined) {
    if (io.write) io.write(text);
    else io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
    return;
  }
  writeFileAtomically(file, text);
}

/**
 * Refuses an output that is one of the files the command reads (`import schema.json -o schema.json`):
 * written, it would replace that file and the user's copy would be gone. The same file by any path
 * (a link, `./`) counts: compared by device and inode.
 */
export function refuseWritingOverInput(outputs: readonly string[], inputs: readonly string[]): void {
  for (const output of outputs) {
    const written = existingFile(output);
    if (!written) continue;
    for (const input of inputs) {
      const read = existingFile(input);
      if (read && read.dev === written.dev && read.ino === written.ino)
        throw new UnusableInputError(
          `cannot write ${output}: it is the file this command reads (${input}), which would be lost: write to another file`,
        );
    }
  }
}

/** A file's status; undefined when it is not there or cannot be reached (the read or the write says why). */
function existingFile(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Writes a sibling temporary file, then renames it over `file`: a reader sees the old file or the new
 * one, never half. A failure names `file`, not the temporary file the user never gave.
 */
export function writeFileAtomically(file: string, text: string): void {
  writeFilesAtomically([[file, text]]);
}

/**
 * Writes a set of files that belong together (a pull's four) so a failure leaves the previous set as
 * it was: every file to a sibling temporary file first, then all renamed; on a failure before the
 * renames the temporary files are removed and no file is touched.
 */
export function writeFilesAtomically(files: readonly (readonly [file: string, text: string])[], rehearsal = false): void {
  const renames: Array<{ file: string; temporary: string; target: string }> = [];
  // A device or a named pipe (-o /dev/null, /dev/stdout, a FIFO) is written into, last: renaming over
  // it made it a regular file, and run as root `-o /dev/null` replaced the system's /dev/null.
  const streams: Array<{ file: string; target: string; text: string }> = [];
  let failing = files[0]?.[0];
  try {
    for (const [file, text] of files) {
      failing = file;
      const target = linkTarget(file);
      const replaced = statSync(target, { throwIfNoEntry: false });
      if (replaced && !replaced.isFile() && !replaced.isDirectory()) {
        streams.push({ file, target, text });
        continue;
      }
      // Renaming needs only the folder's permission: a file made read-only would be replaced without a word.
      if (replaced?.isFile() && !writable(target, replaced.mode))
        throw new UnusableInputError(
          `cannot write ${file}: it is read-only (mode ${(replaced.mode & 0o777).toString(8).padStart(4, '0')}): make it writable (chmod u+w) to replace it`,
        );
      const temporary = join(dirname(target), temporaryName());
      // The replaced file's mode, not the umask's: a snapshot or export holding directory data that was private stays private.
      writeFileSync(temporary, text, { flag: 'wx', mode: replaced?.isFile() ? replaced.mode & 0o777 : undefined });
      renames.push({ file, temporary, target });
      if (replaced?.isFile()) chmodSync(temporary, replaced.mode & 0o7777);
      // A folder in the way would fail only at its rename, after the files before it were replaced.
      if (replaced?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    }
    if (rehearsal) {
      for (const { temporary } of renames) rmSync(temporary, { force: true });
      return;
    }
    for (const { file, temporary, target } of renames) {
      failing = file;
      renameSync(temporary, target);
    }
    for (const { file, target, text } of streams) {
      failing = file;
      writeFileSync(target, text);
    }
  } catch (error) {
    // Only temporary files that were written are removed: removing one under a file fails (ENOTDIR).
    for (const { temporary } of renames) rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || failing === undefined) throw error;
    throw new UnusableInputError(`cannot write ${failing}: ${whyUnwritable(failing, code)}`);
  }
}

/**
 * Fails as writeFilesAtomically would for these files (a missing folder, a folder in the way, a
 * read-only file, no permission), writing nothing: for a command that reads over the network first,
 * so that a mistake in -o is said before the wait, not after it.
 */
export function checkWritable(files: readonly string[]): void {
  writeFilesAtomically(
    files.map((file) => [file, ''] as const),
    true,
  );
}

/** Whether the user may write the file: its owner's write bit (root passes any access check) and the access check. */
function writable(file: string, mode: number): boolean {
  if ((mode & 0o200) === 0) return false;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where writing `file` lands: the file a symbolic link leads to, so that the link stays a link and
 * whatever else reads the linked file sees the new text (renaming over the link's own path replaced
 * the link with a regular file). A dangling link, or no link, is written at its own path.
 */
function linkTarget(file: string): string {
  try {
    return lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
  } catch {
    return file;
  }
}

let temporaries = 0;

/**
 * A sibling temporary file's name: short and of fixed length (about 20 bytes), so that it fits
 * wherever the final name does; the final name with a suffix did not once that name neared the
 * file system's 255 bytes (ENAMETOOLONG).
 */
function temporaryName(): string {
  return `.scimmap-${process.pid.toString(36)}-${Date.now().toString(36)}-${(temporaries++).toString(36)}.tmp`;
}

function whyUnwritable(file: string, code: string): string {
  if (code === 'ENOENT') return `its folder ${dirname(file)} does not exist`;
  if (code === 'ENOTDIR') return `its path ${dirname(file)} goes through a file, not a folder`;
  // Before the folder test below, whose stat of such a name fails the same way.
  if (code === 'ENAMETOOLONG') return 'its name or path is longer than the file system allows';
  // Before permission: `-o /tmp` fails writing the temporary file beside the folder, not at the folder.
  if (code === 'EISDIR' || statSync(file, { throwIfNoEntry: false })?.isDirectory()) return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  return `the system refused it (${code})`;
}

/** A mistake in the command line itself (an unknown option, a missing argument): printed with the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * An input the command line names that cannot be used as given: a file that cannot be read or
 * written, a git ref without the file, a connection or environment variable that is not there. Its
 * one line (the message names the input), exit code 2, without the usage: the command line was right.
 */
export class UnusableInputError extends Error {}

/** The value of --format, one of the forms the command prints. */
export function formatOption<Format extends string>(value: string | undefined, formats: readonly Format[]): Format {
  if (!formats.includes(value as Format)) {
    throw new UsageError(
      `--format takes ${formats.map((format) => `"${format}"`).join(' or ')}, not ${value === undefined ? 'nothing' : `"${value}"`}`,
    );
  }
  return value as Format;
}

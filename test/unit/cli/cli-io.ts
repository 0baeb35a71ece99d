// What the CLI tests share: an io that captures what a command prints, and files in a fresh temp folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../server/src/cli/io';

export function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

/** Writes files into a new temp folder: a string as is, anything else as JSON. Returns the writer (name, value) -> path. */
export function tempFiles(prefix: string): (name: string, value: unknown) => string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  return (name, value) => {
    const path = join(folder, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
}

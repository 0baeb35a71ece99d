// What the CLI tests share: an io that captures what a command prints, files in a fresh temp folder,
// and the end of a CLI run in a child process.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
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

/**
 * How `child` ends: its exit code, or the signal that ended it. Call it when the child is spawned, so
 * that its end cannot be missed. A child still running `seconds` after that is killed and the promise
 * rejects saying so: a test waiting on a stuck child fails instead of hanging the whole run.
 */
export async function endOf(child: ChildProcess, seconds = 60): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  try {
    const [code, signal] = (await once(child, 'close', { signal: AbortSignal.timeout(seconds * 1000) })) as [
      number | null,
      NodeJS.Signals | null,
    ];
    return { code, signal };
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    child.kill('SIGKILL');
    throw new Error(`${child.spawnargs.join(' ')} was still running ${seconds} s after it was started, so it was killed`);
  }
}

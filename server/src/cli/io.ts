/** Where a CLI command writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A mistake in the command line itself: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The value of --format, which check and test-connection both take. */
export function formatOption(value: string | undefined): 'text' | 'json' {
  if (value !== 'json' && value !== 'text') throw new UsageError(`--format takes "text" or "json", not ${value === undefined ? 'nothing' : `"${value}"`}`);
  return value;
}

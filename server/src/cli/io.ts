import { createInterface } from 'node:readline/promises';

/** Where a CLI command writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks the person at the terminal; absent when there is none (stdin is not a TTY). */
  ask?(question: string): Promise<string>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
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
};

/** A mistake in the command line itself: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** The value of --format, one of the forms the command prints. */
export function formatOption<Format extends string>(value: string | undefined, formats: readonly Format[]): Format {
  if (!formats.includes(value as Format)) {
    throw new UsageError(`--format takes ${formats.map((format) => `"${format}"`).join(' or ')}, not ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return value as Format;
}

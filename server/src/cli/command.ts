// How a CLI command declares itself: its synopsis (the same lines README.md shows, a test keeps
// them equal), a description, and its options for node:util parseArgs (strict: an unknown option,
// a missing value or an option given twice is a usage error that prints the command's own usage).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type CliIo } from './io';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<Options extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  /** Each form of the command line after `scimmap `, as README.md's headings write them. */
  readonly synopsis: readonly string[];
  /** What it does, its output and exit codes: the rest of `--help`. */
  readonly description: string;
  readonly options: Options;
  /** Options refused with a message saying what to write instead (secrets as arguments, say). */
  readonly refusedOptions?: Readonly<Record<string, string>>;
  /**
   * Options (declared `multiple`) written as a list, `--directory a.csv b.json`: the arguments after
   * one, up to the next option, are its values, except those `isPositional` claims (the command's
   * own file, which may come after the list).
   */
  readonly listOptions?: readonly string[];
  readonly isPositional?: (argument: string) => boolean;
  /** Runs with the parsed command line; returns the exit code. */
  readonly run: (args: ParsedCommandLine<Options>, io: CliIo) => number | Promise<number>;
}

/** A command as main lists and runs it. */
export interface Command {
  readonly name: string;
  readonly synopsis: readonly string[];
  readonly description: string;
  /** Parses argv (after the command name) and runs; --help (-h) prints the usage. Mistakes throw UsageError. */
  readonly run: (argv: readonly string[], io: CliIo) => number | Promise<number>;
}

export function defineCommand<Options extends OptionSpecs>(spec: CommandSpec<Options>): Command {
  return {
    name: spec.name,
    synopsis: spec.synopsis,
    description: spec.description,
    run: (argv, io) => {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(usageOf(spec));
        return 0;
      }
      return spec.run(parseCommandLine(spec, argv), io);
    },
  };
}

export interface ParsedCommandLine<Options extends OptionSpecs> {
  readonly values: ReturnType<typeof parseArgs<{ options: Options; strict: true; allowPositionals: true }>>['values'];
  readonly positionals: string[];
}

export function usageOf(spec: Pick<CommandSpec, 'synopsis' | 'description'>): string {
  const [first, ...others] = spec.synopsis;
  return [`Usage: scimmap ${first}`, ...others.map((line) => `       scimmap ${line}`), '', spec.description].join('\n');
}

/** Parses argv against the command's options; a mistake throws a UsageError that names it. */
export function parseCommandLine<Options extends OptionSpecs>(
  spec: CommandSpec<Options>,
  argv: readonly string[],
): ParsedCommandLine<Options> {
  for (const argument of argv) {
    const refusal = spec.refusedOptions?.[argument.split('=')[0]];
    if (refusal) throw new UsageError(refusal);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error as NodeJS.ErrnoException));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || spec.options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`${token.rawName} is given twice`);
    seen.add(token.name);
  }
  if (!spec.listOptions) return { values: parsed.values, positionals: parsed.positionals };
  // A list option's values in the order written: its own, and the positionals that continue them.
  const lists = new Map<string, string[]>(spec.listOptions.map((name) => [name, []]));
  const positionals: string[] = [];
  let list: string[] | undefined;
  for (const token of parsed.tokens) {
    if (token.kind === 'option') {
      list = lists.get(token.name);
      if (list && token.value !== undefined) list.push(token.value);
    } else if (token.kind === 'option-terminator') list = undefined;
    else if (list && !spec.isPositional?.(token.value)) list.push(token.value);
    else positionals.push(token.value);
  }
  const values = { ...parsed.values } as Record<string, unknown>;
  for (const [name, listed] of lists) if (listed.length > 0) values[name] = listed;
  return { values: values as ParsedCommandLine<Options>['values'], positionals };
}

/** parseArgs' messages, said the way the rest of the CLI says them. */
function parseErrorMessage(error: NodeJS.ErrnoException): string {
  // parseArgs names a short option with its long one ('-o, --output <value>'): `-o=VALUE` would send "=VALUE", the long form does not.
  const named = /'(-[^', ]+)(?:, (--[^' ]+))?/.exec(error.message);
  const option = named?.[1];
  const spelled = named?.[2] ?? option;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(error.message)
        ? `${option} needs a value (a value starting with "-" is written ${spelled}=VALUE)`
        : `${option} takes no value`;
    default:
      return error.message;
  }
}

// The `scimmap` command line. Exit codes: 0 success, 1 the command's own failure (errors found,
// endpoint rejected, invalid expression), 2 a usage error, an unreadable input or an unwritable output. Each command is
// declared in its own file (a CommandSpec: synopsis, description, options, run) and listed here.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../server';
import { checkCommand } from './check';
import { compareFunctionsCommand } from './compare-functions';
import { defineCommand, usageOf, type Command, type OptionSpecs } from './command';
import { diffCommand } from './diff';
import { discoverCommand } from './discover';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { importCommand } from './import';
import { processIo, UnusableInputError, UsageError, type CliIo } from './io';
import { unreadableReason } from '../../../shared/src/reading-file';
import { previewCommand } from './preview';
import { provisionCommand } from './provision';
import { provisionWithEntraCommand } from './provision-with-entra';
import { pullCommand } from './pull';
import { pushCommand } from './push';
import { simulateCommand } from './simulate';
import { testCommand } from './test';
import { testConnectionCommand } from './test-connection';
import { verifyWithEntraCommand } from './verify-with-entra';
import { scimmapVersion } from '../version';

const lspOptions = { stdio: { type: 'boolean' } } satisfies OptionSpecs;

const lspCommand = defineCommand({
  name: 'lsp',
  synopsis: ['lsp --stdio'],
  description: 'Runs the language server over stdio for other editors (README.md, "Other editors").',
  options: lspOptions,
  run: ({ values }) => {
    if (!values.stdio) throw new UsageError('lsp needs --stdio');
    startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
    return new Promise<number>(() => undefined); // serves until the client exits the process
  },
});

/** Every command, in the order `scimmap --help` lists them. */
export const commands: readonly Command[] = [
  checkCommand,
  evalCommand,
  previewCommand,
  simulateCommand,
  testCommand,
  testConnectionCommand,
  provisionCommand,
  importCommand,
  exportCommand,
  diffCommand,
  pullCommand,
  pushCommand,
  verifyWithEntraCommand,
  provisionWithEntraCommand,
  compareFunctionsCommand,
  discoverCommand,
  lspCommand,
];

export const usage = `Usage: scimmap <command> [options]

Commands:
${commands.flatMap((command) => command.synopsis.map((line) => `  scimmap ${line}`)).join('\n')}

Run "scimmap <command> --help" for a command's options, output and exit codes; "scimmap --version" prints the version.`;

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' && rest.length === 0) {
    // Only the bundles carry a version (esbuild writes package.json's in); tsc's output for the tests has none.
    io.out(scimmapVersion ?? 'unknown (an unbundled build)');
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`scimmap: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`scimmap ${name}: ${error.message}\n\n${usageOf(command)}`);
      return 2;
    }
    if (error instanceof UnusableInputError) {
      io.err(`scimmap ${name}: ${error.message}`);
      return 2;
    }
    const reason = unreadableReason(error);
    if (reason === undefined) throw error;
    io.err(`scimmap ${name}: cannot read ${(error as NodeJS.ErrnoException).path}: ${reason}`);
    return 2;
  }
}

// The `scimmap` command line. Exit codes: 0 success, 1 the command's own failure (errors found,
// endpoint rejected, invalid expression), 2 a usage error or an unreadable input.
import { startLanguageServer } from '../server';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runCheck } from './check';
import { runEval } from './eval';
import { runPreview } from './preview';
import { runTestConnection } from './test-connection';
import { processIo, UsageError, type CliIo } from './io';

const usage = `Usage: scimmap <command> [options]

Commands:
  check FILE.scimmap... [--format text|json]   print diagnostics; exit 1 when there are errors
  eval --expr EXPR --user USER.json            evaluate one Entra expression for a source object
  preview MAP.scimmap --user USER.json [--target CURRENT.json] [--compat aadOptscim062020]
                                               print the SCIM requests Entra would send, in order
  preview MAP.scimmap --samples SAMPLES.json --id ID [--create]
                                               the same for a user or group of a samples file
  test-connection --url URL (--token-env VAR | --region R --client-id ID --client-secret-env VAR) [--map FILE.scimmap]
                                               run Entra's Test Connection probe; exit 0 only when Entra would accept
  lsp --stdio                                  run the language server over stdio

Run "scimmap <command> --help" for a command's options.`;

type Command = (argv: string[], io: CliIo) => number | Promise<number>;

const commands: Record<string, Command> = {
  check: runCheck,
  eval: runEval,
  preview: runPreview,
  'test-connection': runTestConnection,
  lsp: (argv) => {
    if (!argv.includes('--stdio')) throw new UsageError('lsp needs --stdio');
    startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
    return new Promise<number>(() => undefined); // serves until the client exits the process
  },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`scimmap: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`scimmap ${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      io.err(`scimmap ${name}: cannot read ${(error as NodeJS.ErrnoException).path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'permission denied'}`);
      return 2;
    }
    throw error;
  }
}

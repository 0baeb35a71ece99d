// Entry of dist/cli.js (the `scimmap` command): loads one of the two bundles beside it and nothing
// else. `scimmap lsp --stdio` is the language server's own bundle (dist/server.js, the one VS Code
// starts, which takes --stdio from the command line), every other command line the CLI's
// (dist/cli-commands.js): the CLI bundle carries every command, undici and the Entra code, and
// compiling and loading it before the server cost the server's start about 45 ms of CPU and 11 MiB
// (docs/performance.md).
import { join } from 'node:path';

const [name, ...rest] = process.argv.slice(2);
const languageServer = name === 'lsp' && rest.length === 1 && rest[0] === '--stdio';
// A bundle chosen at run time, loaded synchronously (nothing to import at build time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(join(__dirname, languageServer ? 'server.js' : 'cli-commands.js'));

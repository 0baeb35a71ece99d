// Entry of dist/server.js. The transport comes from the command line: --node-ipc (VS Code) or --stdio.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server';

startLanguageServer(createConnection(ProposedFeatures.all));

// Entry of dist/language-server.js, which dist/server.js runs (server-launcher.ts). The transport comes from the command line: --node-ipc (VS Code) or --stdio.
// First: V8's heap settings apply to what loads after them.
import './memory-flags';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server';

startLanguageServer(createConnection(ProposedFeatures.all));

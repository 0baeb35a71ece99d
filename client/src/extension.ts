// The scimmap extension: starts the language server and wires the client-side features.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateConnections } from './connections';
import { activateEntraSchema } from './entra-schema';
import { activatePreview } from './preview';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'scimmap' }],
    // A changed target-schema file re-checks the open mappings that declare it.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.target.json') },
    // The client's default error handler restarts a crashed server (up to 4 times in 3 minutes) and says so.
  };
  client = new LanguageClient('scimmap', 'scimmap language server', serverOptions, clientOptions);
  await client.start();
  activatePreview(context, client, activateConnections(context, client));
  activateEntraSchema(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

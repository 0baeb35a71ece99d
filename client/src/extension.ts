// The scimmap extension: starts the language server and wires the client-side features.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateConnections } from './connections';
import { activateEntraSchema } from './entra-schema';
import { activateEntraTenant } from './entra/commands';
import type { EntraSignIn } from './entra/sign-in';
import { activatePreview } from './preview';
import { activateReport } from './report';
import { activateTargetDiscovery } from './discover-target';
import { activateMappingTests, type MappingTestsHook } from './testing/mapping-tests';
import { activateWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

/** What the extension exports to the integration suite (ExtensionMode.Test) only: the Entra sign-in, to inject a session, and the mapping tests' items and outcomes. */
export interface ScimmapTestApi {
  readonly entraSignIn: EntraSignIn;
  readonly mappingTests: MappingTestsHook;
}

/** Exports nothing, except to the integration suite. */
export async function activate(context: vscode.ExtensionContext): Promise<ScimmapTestApi | undefined> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // Port 6009: the "Attach to Language Server" configuration of .vscode/launch.json.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'scimmap' }],
    // A changed target-schema file re-checks the open mappings that declare it.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.target.json') },
    // The client's default error handler restarts a crashed server (up to 4 times in 3 minutes) and says so.
  };
  // The id 'scimmap' makes the client follow the setting scimmap.trace.server (off/messages/verbose).
  // Run from source (F5, "Run Extension"), the server starts with its inspect port open for the debugger.
  const debugServer = context.extensionMode === vscode.ExtensionMode.Development;
  const languageClient = (client = new LanguageClient('scimmap', 'scimmap language server', serverOptions, clientOptions, debugServer));
  context.subscriptions.push(vscode.commands.registerCommand('scimmap.restartServer', () => restartServer(languageClient)));
  // Every command is registered before the server starts: a server that cannot start leaves the
  // commands that need none working and the others answering why, not "command not found".
  // A request sent before the start waits for it.
  const connections = activateConnections(context, languageClient);
  activatePreview(context, languageClient, connections);
  activateReport(context, languageClient);
  activateEntraSchema(context, languageClient);
  const entraSignIn = activateEntraTenant(context, languageClient);
  activateTargetDiscovery(context, languageClient, connections);
  activateWalkthrough(context);
  const mappingTests = activateMappingTests(context, languageClient);
  try {
    await languageClient.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      // The language client cannot start again after a failed start: a reload makes a new one.
      `The scimmap language server did not start: ${(error as Error).message}. The output "scimmap language server" says more; Developer: Reload Window tries again.`,
    );
  }
  return context.extensionMode === vscode.ExtensionMode.Test ? { entraSignIn, mappingTests } : undefined;
}

/**
 * SCIM: Restart Language Server. Also starts a server that stopped for good (after five crashes in
 * three minutes). The client sends the open documents again, unsaved changes included.
 */
async function restartServer(languageClient: LanguageClient): Promise<void> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the scimmap language server' }, () =>
      languageClient.isRunning() ? languageClient.restart() : languageClient.start(),
    );
    vscode.window.setStatusBarMessage('The scimmap language server restarted.', 5000);
  } catch (error) {
    languageClient.outputChannel.show(true);
    void vscode.window.showErrorMessage(`The scimmap language server did not restart: ${(error as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

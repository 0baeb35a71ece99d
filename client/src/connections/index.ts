// The connection commands: add, select, forget, set secret, test, show log. Registered in one call
// from the extension's activate().
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { MappingSummaryRequest, type MappingSummary } from '../../../shared/src/protocol';
import { activeMapping } from '../active-mapping';
import { checkScimRoot, regions } from '../../../shared/src/scim/endpoint';
import { formatReport } from '../../../shared/src/scim/report';
import { testConnection, type TestConnectionReport } from '../../../shared/src/scim/test-connection';
import { ConnectionManager } from './manager';
import { describeConnection, type ConnectionSetting } from '../../../shared/src/scim/settings';

/** Registers the commands; returns the manager the preview's provisioning uses. */
export function activateConnections(context: vscode.ExtensionContext, client: LanguageClient): ConnectionManager {
  const manager = new ConnectionManager(context.secrets);
  const register = (command: string, run: () => Promise<unknown>) =>
    vscode.commands.registerCommand(command, () =>
      run().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        manager.log.error(`${command}: ${message}`);
        void vscode.window.showErrorMessage(message);
      }),
    );
  context.subscriptions.push(
    manager,
    register('scimmap.connections.add', () => addConnection(manager)),
    register('scimmap.connections.select', () => selectConnection(manager)),
    register('scimmap.connections.forget', () => forgetConnection(manager)),
    register('scimmap.connections.setSecret', () => setSecret(manager)),
    register('scimmap.connections.test', () => runTest(manager, client)),
    register('scimmap.connections.showLog', async () => manager.log.show()),
  );
  return manager;
}

async function pickConnection(manager: ConnectionManager, placeHolder: string): Promise<ConnectionSetting | undefined> {
  const connections = manager.connections();
  if (connections.length === 0) {
    const add = 'Add Connection';
    if ((await vscode.window.showInformationMessage('No SCIM connection is configured yet.', add)) === add) await addConnection(manager);
    return undefined;
  }
  const active = manager.active();
  const picked = await vscode.window.showQuickPick(
    connections.map((connection) => ({
      label: connection.name,
      description: describeConnection(connection),
      detail: `${connection.auth === 'oauth' ? `OAuth client ${connection.clientId}` : connection.tokenEnv ? `token from $${connection.tokenEnv}` : 'access token'}${connection.name === active?.name ? ' · selected' : ''}`,
      connection,
    })),
    { placeHolder },
  );
  return picked?.connection;
}

async function selectConnection(manager: ConnectionManager): Promise<void> {
  const connection = await pickConnection(manager, 'Select the connection Test Connection uses');
  if (connection) await manager.select(connection.name);
}

async function forgetConnection(manager: ConnectionManager): Promise<void> {
  const connection = await pickConnection(manager, 'Forget which connection? Its settings and stored secret are removed');
  if (!connection) return;
  const forget = 'Forget';
  const answer = await vscode.window.showWarningMessage(
    `Forget connection "${connection.name}" and delete its stored secret?`,
    { modal: true },
    forget,
  );
  if (answer !== forget) return;
  await manager.forget(connection.name);
  manager.log.info(`Forgot connection "${connection.name}".`);
}

async function askSecret(connection: ConnectionSetting): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Secret of connection "${connection.name}"`,
    prompt:
      connection.auth === 'oauth'
        ? `Client secret of OAuth client ${connection.clientId} (stored in VS Code's secret storage)`
        : "Access token (Entra's Secret Token), stored in VS Code's secret storage",
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter the secret.' : undefined),
  });
}

async function setSecret(manager: ConnectionManager): Promise<void> {
  const connection = await pickConnection(manager, 'Set the secret of which connection?');
  if (!connection) return;
  if (connection.tokenEnv) {
    void vscode.window.showInformationMessage(
      `Connection "${connection.name}" reads its token from the environment variable ${connection.tokenEnv}; set it before starting VS Code.`,
    );
    return;
  }
  const secret = await askSecret(connection);
  if (secret !== undefined) await manager.storeSecret(connection, secret.trim());
}

async function addConnection(manager: ConnectionManager): Promise<void> {
  const title = 'Add SCIM Connection';
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'A name for this connection',
    placeHolder: 'genesys-prod',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a name.' : undefined),
  });
  if (name === undefined) return;
  const custom = { label: 'Custom tenant URL…', description: 'any SCIM 2.0 endpoint', key: undefined as string | undefined };
  const where = await vscode.window.showQuickPick(
    [
      ...regions.map((region) => ({ label: region.name, description: `api.${region.domain}`, key: region.key as string | undefined })),
      custom,
    ],
    {
      title,
      placeHolder: 'Genesys Cloud region (its tenant URL is https://api.<domain>/api/v2/scim/v2)',
      matchOnDescription: true,
      ignoreFocusOut: true,
    },
  );
  if (!where) return;
  let url: string | undefined;
  if (where.key === undefined) {
    url = await vscode.window.showInputBox({
      title,
      prompt: 'Tenant URL (the SCIM root). https, or http on loopback only.',
      placeHolder: 'https://api.mypurecloud.com/api/v2/scim/v2',
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          return checkScimRoot(value).notes[0];
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    if (url === undefined) return;
  }
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Access token', description: 'what Entra calls the Secret Token', auth: 'token' as const },
      { label: 'OAuth client', description: 'client id and secret; tokens are fetched and renewed for you', auth: 'oauth' as const },
    ],
    { title, placeHolder: 'How does this connection authenticate?', ignoreFocusOut: true },
  );
  if (!kind) return;
  let clientId: string | undefined;
  if (kind.auth === 'oauth') {
    clientId = await vscode.window.showInputBox({
      title,
      prompt: 'OAuth client id (Genesys Cloud Admin > Integrations > OAuth, grant type Client Credentials)',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? 'Enter the client id.' : undefined),
    });
    if (clientId === undefined) return;
  }
  const connection: ConnectionSetting = {
    name: name.trim(),
    region: where.key,
    url: url?.trim(),
    auth: kind.auth,
    clientId: clientId?.trim(),
  };
  const secret = await askSecret(connection);
  if (secret === undefined) return;
  await manager.save(connection, secret.trim());
  manager.log.info(`Added connection "${connection.name}" (${describeConnection(connection)}) and selected it.`);
  const test = 'Test Connection';
  if ((await vscode.window.showInformationMessage(`Connection "${connection.name}" saved and selected.`, test)) === test) {
    await vscode.commands.executeCommand('scimmap.connections.test');
  }
}

/** The summary of the mapping in the active editor (or the only visible .scimmap editor), if any. */
async function openMapping(client: LanguageClient): Promise<{ uri: vscode.Uri; summary: MappingSummary } | undefined> {
  const uri = activeMapping();
  if (!uri || !client.isRunning()) return undefined;
  try {
    const summary = await client.sendRequest(MappingSummaryRequest, { uri: uri.toString() });
    return summary ? { uri, summary } : undefined;
  } catch {
    return undefined; // the server is starting or restarting: test with Entra's default (userName)
  }
}

/** Runs Test Connection; resolves to the report (undefined when there is no connection or it was cancelled), so tests can await the command. */
async function runTest(manager: ConnectionManager, languageClient: LanguageClient): Promise<TestConnectionReport | undefined> {
  const connection = manager.active();
  if (!connection) {
    await pickConnection(manager, '');
    return undefined;
  }
  const scim = await manager.client(connection);
  const mapping = await openMapping(languageClient);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing connection "${connection.name}"…`, cancellable: true },
    async (progress, cancellation) => {
      const controller = new AbortController();
      const subscription = cancellation.onCancellationRequested(() => controller.abort());
      try {
        manager.log.info(`Test Connection "${connection.name}"${mapping ? ` with ${vscode.workspace.asRelativePath(mapping.uri)}` : ''}`);
        return await testConnection(scim, {
          matchingAttribute: mapping?.summary.userMatchingAttribute,
          userTargets: mapping?.summary.userTargets,
          groupTargets: mapping?.summary.groupTargets,
          signal: controller.signal,
          timeLimitSeconds: vscode.workspace.getConfiguration('scimmap').get<number>('testConnection.timeoutSeconds'),
          howToAllowMore: 'Allow more time with the setting scimmap.testConnection.timeoutSeconds.',
          progress: (line) => {
            manager.log.info(line.trim());
            progress.report({ message: line.trim() });
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
  if (report.probe.errorKind === 'cancelled') {
    manager.log.info('Test Connection cancelled.');
    return undefined;
  }
  for (const line of formatReport(report)) {
    if (report.accepted) manager.log.info(line);
    else manager.log.error(line);
  }
  manager.setLastResult({ connection: connection.name, accepted: report.accepted, summary: report.probe.message, at: new Date() });
  const showLog = 'Show Log';
  const missing =
    report.missingTargets.length > 0 ? ` ${report.missingTargets.length} mapped target(s) are missing from the endpoint's schemas.` : '';
  // Not awaited: the command resolves with the report while the notification stays.
  const notification = report.accepted
    ? vscode.window.showInformationMessage(`"${connection.name}": Entra's Test Connection would succeed.${missing}`, showLog)
    : vscode.window.showErrorMessage(`"${connection.name}": ${report.probe.message}`, showLog);
  void notification.then((answer) => {
    if (answer === showLog) manager.log.show();
  });
  return report;
}

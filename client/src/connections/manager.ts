// Connections in VS Code: settings hold the non-secret parts, SecretStorage the secret (one entry per
// named connection), a LogOutputChannel every call (the token never appears), a status-bar item
// the selected connection and its last result.
import * as vscode from 'vscode';
import { createScimClient, type ConnectionSecrets } from '../../../shared/src/scim/connection';
import type { ScimClient } from '../../../shared/src/scim/client';
import { ScimError } from '../../../shared/src/scim/errors';
import { formatLogEntry } from '../../../shared/src/scim/report';
import {
  activeConnection,
  describeConnection,
  openSecret,
  parseConnections,
  sealSecret,
  type ConnectionSetting,
} from '../../../shared/src/scim/settings';

export const section = 'scimmap';

const secretKey = (name: string, kind: 'token' | 'clientSecret') => `scimmap.connection.${kind}:${name}`;

export interface LastResult {
  readonly connection: string;
  readonly accepted: boolean;
  readonly summary: string;
  readonly at: Date;
}

export class ConnectionManager implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly clients = new Map<string, { key: string; client: ScimClient }>();
  private readonly disposables: vscode.Disposable[] = [];
  private lastResult: LastResult | undefined;
  private reportedProblems = '';

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.log = vscode.window.createOutputChannel('scimmap Connections', { log: true });
    this.status = vscode.window.createStatusBarItem('scimmap.connection', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'scimmap connection';
    this.disposables.push(
      this.log,
      this.status,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${section}.connections`) || event.affectsConfiguration(`${section}.activeConnection`)) {
          this.dropStaleClients();
          this.refreshStatus();
        }
      }),
    );
    this.refreshStatus();
  }

  connections(): ConnectionSetting[] {
    const { connections, problems } = parseConnections(vscode.workspace.getConfiguration(section).get('connections'));
    const reported = problems.join('\n');
    if (reported !== this.reportedProblems) {
      this.reportedProblems = reported;
      for (const problem of problems) this.log.warn(`Settings: ${problem}`);
    }
    return connections;
  }

  active(): ConnectionSetting | undefined {
    return activeConnection(this.connections(), vscode.workspace.getConfiguration(section).get('activeConnection'));
  }

  async select(name: string): Promise<void> {
    await vscode.workspace.getConfiguration(section).update('activeConnection', name, this.targetOf('activeConnection'));
  }

  /** Adds or replaces a connection (user settings unless the workspace defines the list) and stores its secret. */
  async save(connection: ConnectionSetting, secret: string): Promise<void> {
    await this.storeSecret(connection, secret);
    const configuration = vscode.workspace.getConfiguration(section);
    const raw = (configuration.get<unknown[]>('connections') ?? []).filter(
      (entry) => (entry as { name?: unknown })?.name !== connection.name,
    );
    const entry = Object.fromEntries(Object.entries(connection).filter(([, value]) => value !== undefined));
    await configuration.update('connections', [...raw, entry], this.targetOf('connections'));
    await this.select(connection.name);
  }

  async storeSecret(connection: ConnectionSetting, secret: string): Promise<void> {
    await this.secrets.store(
      secretKey(connection.name, connection.auth === 'oauth' ? 'clientSecret' : 'token'),
      sealSecret(connection, secret),
    );
    void this.clients.get(connection.name)?.client.close();
    this.clients.delete(connection.name);
  }

  async forget(name: string): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(section);
    const raw = configuration.get<unknown[]>('connections') ?? [];
    await configuration.update(
      'connections',
      raw.filter((entry) => (entry as { name?: unknown })?.name !== name),
      this.targetOf('connections'),
    );
    await this.secrets.delete(secretKey(name, 'token'));
    await this.secrets.delete(secretKey(name, 'clientSecret'));
    if (configuration.get('activeConnection') === name)
      await configuration.update('activeConnection', undefined, this.targetOf('activeConnection'));
    await this.clients.get(name)?.client.close();
    this.clients.delete(name);
    if (this.lastResult?.connection === name) this.lastResult = undefined;
    this.refreshStatus();
  }

  /** The connection's secret, or undefined when none is stored (or its environment variable is unset); throws when the connection moved since. */
  async secretOf(connection: ConnectionSetting): Promise<ConnectionSecrets | undefined> {
    if (connection.tokenEnv) {
      const token = process.env[connection.tokenEnv];
      return token ? { token } : undefined;
    }
    if (connection.auth === 'oauth') {
      const clientSecret = openSecret(connection, await this.secrets.get(secretKey(connection.name, 'clientSecret')));
      return clientSecret ? { clientSecret } : undefined;
    }
    const token = openSecret(connection, await this.secrets.get(secretKey(connection.name, 'token')));
    return token ? { token } : undefined;
  }

  /** A client for the connection, kept while its settings and secret stay the same (so an OAuth token is reused until it expires). */
  async client(connection: ConnectionSetting): Promise<ScimClient> {
    const secrets = await this.secretOf(connection);
    if (!secrets) {
      const what = connection.tokenEnv
        ? `the environment variable ${connection.tokenEnv} is not set where VS Code runs. Set it, then restart VS Code.`
        : 'no secret is stored for it. Run "SCIM: Set Connection Secret".';
      throw new ScimError('unauthorized', `Connection "${connection.name}": ${what}`);
    }
    const key = JSON.stringify({ connection, secrets });
    const cached = this.clients.get(connection.name);
    if (cached?.key === key) return cached.client;
    await cached?.client.close();
    const client = createScimClient(connection, secrets, { log: (entry) => this.log.info(formatLogEntry(entry)) });
    this.clients.set(connection.name, { key, client });
    return client;
  }

  setLastResult(result: LastResult): void {
    this.lastResult = result;
    this.refreshStatus();
  }

  refreshStatus(): void {
    const connection = this.active();
    if (!connection) {
      this.status.text = '$(plug) SCIM: no connection';
      this.status.tooltip = 'No SCIM connection yet. Click to add one.';
      this.status.command = 'scimmap.connections.add';
      this.status.backgroundColor = undefined;
      this.status.show();
      return;
    }
    const result = this.lastResult?.connection === connection.name ? this.lastResult : undefined;
    const icon = result === undefined ? '$(plug)' : result.accepted ? '$(pass)' : '$(error)';
    this.status.text = `${icon} SCIM: ${connection.name}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`Connection "${connection.name}" (${describeConnection(connection)})\n\n`);
    tooltip.appendText(result ? `Last test ${result.at.toLocaleTimeString()}: ${result.summary}\n\n` : 'Not tested yet.\n\n');
    tooltip.appendText('Click to run Test Connection.');
    this.status.tooltip = tooltip;
    this.status.command = 'scimmap.connections.test';
    this.status.backgroundColor = result && !result.accepted ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.status.show();
  }

  dispose(): void {
    for (const { client } of this.clients.values()) void client.close();
    this.clients.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Where a setting lives now: the workspace when the workspace sets it, the user settings otherwise. */
  private targetOf(key: string): vscode.ConfigurationTarget {
    const inspected = vscode.workspace.getConfiguration(section).inspect(key);
    if (inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
    if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
    return vscode.ConfigurationTarget.Global;
  }

  private dropStaleClients(): void {
    const names = new Set(this.connections().map((connection) => connection.name));
    for (const [name, { client }] of this.clients) {
      if (!names.has(name)) {
        void client.close();
        this.clients.delete(name);
      }
    }
  }
}

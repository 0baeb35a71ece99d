// The "SCIM: Preview Payload" webview: one panel that follows the active .scimmap editor, refreshes
// as the mapping or the samples change, jumps to the mapping line behind a value, copies requests,
// and comes back after a window reload (its state is the webview state VS Code keeps).
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PreviewRequest, SampleListRequest, type PreviewResult, type SampleEntry } from '../../../shared/src/protocol';
import { formatProvisionReport } from '../../../shared/src/provisioning/report-text';
import { runProvisioning, type ProvisionReport } from '../../../shared/src/provisioning/run';
import type { ConnectionManager } from '../connections/manager';
import { revealInMapping } from '../reveal';
import type { CopyFormat, PageMessage, PanelMessage, Scenario } from './messages';
import { confirmWrite, serverPlanner } from './provision';
import { curlCommand, renderBody, renderShell, requestJson, type Compat } from './render';
import type { ProvisionView } from './render-provision';

export const previewViewType = 'scimmapPreview';

/** Sample files the picker offers (docs/requests.md, "Sample data"). */
export const sampleFileGlob = '{**/*.users.json,**/users.json,**/*.scimmap-samples.json,**/scimmap-samples/*.json}';

/** What the panel shows; kept as the webview state so a reload restores it. */
export interface PreviewState {
  readonly mappingUri: string;
  readonly samplesUri?: string;
  readonly kind?: 'user' | 'group';
  readonly id?: string;
  readonly compat: Compat;
}

/** The page's script and style sheet (esbuild writes them there), the only files the webview may load. */
export function pageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private result: PreviewResult | undefined;
  private message: string | undefined;
  /** The last provisioning run for the sample shown (cleared when another sample is picked). */
  private run: ProvisionView['run'];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** Cancels the preview request of the refresh in flight when a newer one starts: the server then skips it. */
  private inFlight: vscode.CancellationTokenSource | undefined;
  private samplesWatcher: vscode.FileSystemWatcher | undefined;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly connections: ConnectionManager,
    private state: PreviewState,
    private readonly onDispose: () => void,
  ) {
    const root = pageRoot(extensionUri);
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    const asset = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
    panel.webview.html = renderShell(randomBytes(16).toString('base64'), panel.webview.cspSource, {
      script: asset('preview.js'),
      style: asset('preview.css'),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: PageMessage) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const uri = event.document.uri.toString();
        if (uri === this.state.mappingUri || uri === this.state.samplesUri) this.schedule();
      }),
      // The buttons name the selected connection.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('scimmap.connections') || event.affectsConfiguration('scimmap.activeConnection')) this.render();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the active editor: another .scimmap file becomes the mapping previewed.
        if (editor?.document.languageId === 'scimmap' && editor.document.uri.toString() !== this.state.mappingUri) {
          this.update({ ...this.state, mappingUri: editor.document.uri.toString() });
        }
      }),
    );
    this.panel.title = titleOf(state);
    this.watchSamples();
  }

  get current(): PreviewState {
    return this.state;
  }

  update(state: PreviewState): void {
    const samplesChanged = state.samplesUri !== this.state.samplesUri;
    if (samplesChanged || state.kind !== this.state.kind || state.id !== this.state.id) this.run = undefined;
    this.state = state;
    if (samplesChanged) this.watchSamples();
    this.panel.title = titleOf(state);
    void this.refresh();
  }

  /** Sample files edited outside VS Code (or saved by another tool) refresh the panel too. */
  private watchSamples(): void {
    this.samplesWatcher?.dispose();
    this.samplesWatcher = undefined;
    if (!this.state.samplesUri) return;
    const uri = vscode.Uri.parse(this.state.samplesUri);
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.basename(uri.path)),
    );
    watcher.onDidChange(() => this.schedule());
    watcher.onDidCreate(() => this.schedule());
    watcher.onDidDelete(() => this.schedule());
    this.samplesWatcher = watcher;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 150);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.inFlight?.cancel();
    const inFlight = (this.inFlight = new vscode.CancellationTokenSource());
    const { mappingUri, samplesUri, kind, id, compat } = this.state;
    let message: string | undefined;
    let result: PreviewResult | undefined;
    if (!samplesUri || !kind || !id) {
      message = 'Pick a sample user or group to preview (Pick sample…).';
    } else {
      try {
        // Opening the document makes the language client sync it to the server.
        await vscode.workspace.openTextDocument(vscode.Uri.parse(mappingUri));
        const text = await readText(vscode.Uri.parse(samplesUri));
        result =
          (await this.client.sendRequest(
            PreviewRequest,
            { uri: mappingUri, samples: { uri: samplesUri, text }, kind, id, compat },
            inFlight.token,
          )) ?? undefined;
        if (!result) message = 'Open the .scimmap file to preview it.';
      } catch (error) {
        message = `The preview failed: ${(error as Error).message}`;
      }
    }
    inFlight.dispose();
    if (generation !== this.generation || this.disposed) return; // a newer refresh is on its way, or the panel is gone
    this.result = result;
    this.message = message;
    this.render();
  }

  /** Renders what the panel knows now: the last preview result and provisioning run. */
  private render(): void {
    if (this.disposed) return;
    const { mappingUri, samplesUri, compat } = this.state;
    const html = renderBody({
      result: this.result,
      compat,
      message: this.message,
      mappingName: path.basename(vscode.Uri.parse(mappingUri).path),
      samplesName: samplesUri ? vscode.workspace.asRelativePath(vscode.Uri.parse(samplesUri)) : 'no samples file',
      provision: { connection: this.connections.active()?.name, run: this.run },
    });
    const render: PanelMessage = { type: 'render', html, state: this.state };
    void this.panel.webview.postMessage(render);
  }

  /**
   * Provisioning on demand of the sample shown, against the selected connection: a dry run, or
   * (confirmed) a real run. The steps show in the panel and the connection log; resolves to the
   * report (undefined when nothing ran), so tests and commands can await it.
   */
  async provision(apply: boolean): Promise<ProvisionReport | undefined> {
    const { mappingUri, samplesUri, kind, id, compat } = this.state;
    if (!samplesUri || !kind || !id) {
      void vscode.window.showErrorMessage('Pick a sample user or group in the preview first.');
      return undefined;
    }
    const connection = this.connections.active();
    if (!connection) {
      const add = 'Add Connection';
      if ((await vscode.window.showInformationMessage('Provisioning on demand needs a SCIM connection.', add)) === add)
        await vscode.commands.executeCommand('scimmap.connections.add');
      return undefined;
    }
    const errors = this.result?.ok ? this.result.mappingErrors : 0;
    if (apply && errors > 0) {
      void vscode.window.showErrorMessage(
        `The mapping has ${errors} error${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} before provisioning (a dry run still works).`,
      );
      return undefined;
    }
    const label = this.result?.ok ? this.result.sample.label : id;
    const what = `${kind} "${label}"`;
    try {
      const scim = await this.connections.client(connection);
      if (apply && !(await confirmWrite(connection.name, scim.root, what))) return undefined;
      await vscode.workspace.openTextDocument(vscode.Uri.parse(mappingUri));
      const text = await readText(vscode.Uri.parse(samplesUri));
      const planner = serverPlanner(this.client, { uri: mappingUri, samples: { uri: samplesUri, text }, kind, id, compat });
      this.run = { connection: connection.name, apply };
      this.render();
      this.connections.log.info(`${apply ? 'Provision' : 'Dry run of'} ${what} ${apply ? 'to' : 'against'} "${connection.name}"`);
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `${apply ? 'Provisioning' : 'Dry run of'} ${what} ${apply ? 'to' : 'against'} "${connection.name}"…`,
          cancellable: true,
        },
        async (_progress, cancellation) => {
          const controller = new AbortController();
          const subscription = cancellation.onCancellationRequested(() => controller.abort());
          try {
            return await runProvisioning(scim, planner, { apply, compat, signal: controller.signal });
          } finally {
            subscription.dispose();
          }
        },
      );
      for (const line of formatProvisionReport(report)) {
        if (report.succeeded) this.connections.log.info(line);
        else this.connections.log.error(line);
      }
      this.run = { connection: connection.name, apply, report };
      this.render();
      if (!report.succeeded) void vscode.window.showErrorMessage(`"${connection.name}": ${report.summary}`);
      return report;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.connections.log.error(`Provisioning on demand: ${message}`);
      this.run = { connection: connection.name, apply, error: message };
      this.render();
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  private async receive(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.refresh();
      case 'pick': {
        const picked = await pickSample(this.client);
        if (picked) this.update({ ...this.state, samplesUri: picked.uri, kind: picked.kind, id: picked.id });
        return;
      }
      case 'compat':
        if (message.value === 'default' || message.value === 'aadOptscim062020') this.update({ ...this.state, compat: message.value });
        return;
      case 'jump':
        return revealInMapping(this.state.mappingUri, message.range);
      case 'copy':
        return this.copy(message);
      case 'provision':
        await this.provision(message.apply === true);
        return;
    }
  }

  private async copy(message: { format: CopyFormat; scenario: Scenario; index: number }): Promise<void> {
    const result = this.result?.ok ? this.result : undefined;
    const preview = message.scenario === 'update' ? result?.update : result?.create;
    const request = preview?.requests[message.index];
    if (!request) return;
    await vscode.env.clipboard.writeText(message.format === 'json' ? requestJson(request) : curlCommand(request));
    void vscode.window.setStatusBarMessage(
      message.format === 'json' ? 'Copied the request JSON' : 'Copied the curl command (set SCIM_BASE_URL and SCIM_TOKEN to run it)',
      3000,
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inFlight?.cancel();
    clearTimeout(this.timer);
    this.samplesWatcher?.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

function titleOf(state: PreviewState): string {
  return `Preview: ${path.basename(vscode.Uri.parse(state.mappingUri).path)}`;
}

/** The open editor's text when the file is open (unsaved edits count), else the file on disk. */
async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Every sample user and group of the workspace's sample files; a file that is not valid is said. */
export async function listSamples(client: LanguageClient): Promise<SampleEntry[]> {
  const uris = await vscode.workspace.findFiles(sampleFileGlob, '**/node_modules/**', 200);
  const files = await Promise.all(uris.map(async (uri) => ({ uri: uri.toString(), text: await readText(uri) })));
  const { samples, problems } = await client.sendRequest(SampleListRequest, { files });
  for (const problem of problems) {
    void vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(vscode.Uri.parse(problem.uri))} is not a valid samples file: ${problem.errors[0]}${problem.errors.length > 1 ? ` (and ${problem.errors.length - 1} more)` : ''}`,
    );
  }
  return samples;
}

/** QuickPick over every sample user and group (or only those of `kind`) of the workspace's sample files. */
export async function pickSample(
  client: LanguageClient,
  title = 'SCIM: Preview Payload',
  kind?: SampleEntry['kind'],
): Promise<SampleEntry | undefined> {
  const samples = (await listSamples(client)).filter((sample) => kind === undefined || sample.kind === kind);
  if (samples.length === 0) {
    void vscode.window.showInformationMessage(
      'No sample users found. Add a samples file named *.users.json (see examples/users.json in the scimmap docs) with {"users": [...], "groups": [...]}.',
    );
    return undefined;
  }
  type Item = vscode.QuickPickItem & { sample?: SampleEntry };
  const items: Item[] = [];
  let lastUri: string | undefined;
  for (const sample of samples) {
    if (sample.uri !== lastUri) {
      items.push({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(sample.uri)), kind: vscode.QuickPickItemKind.Separator });
      lastUri = sample.uri;
    }
    items.push({
      label: `${sample.kind === 'user' ? '$(person)' : '$(organization)'} ${sample.label}`,
      description: `${sample.id}${sample.hasTarget ? ' · has target state' : ''}`,
      detail: sample.description,
      sample,
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: kind === 'user' ? 'Pick a sample user' : 'Pick a sample user or group',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.sample;
}

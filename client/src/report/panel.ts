// The simulation report webview: runs the simulation on the language server (work-done progress in
// a cancellable notification), shows the summary and the table (the page builds the rows from
// compact columns), opens a row's steps and requests on demand (the server keeps the records),
// jumps to the mapping line behind a value (moved through the edits made since the run, with a
// banner saying the mapping changed), and tells the server to forget the records on close.
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { committedText } from '../../../shared/src/git';
import {
  SimulationDetailRequest,
  SimulationDisposeRequest,
  SimulationRequest,
  type SimulationParams,
  type SimulationResult,
} from '../../../shared/src/protocol';
import { pageRoot } from '../preview/panel';
import { linkRange, revealInMapping } from '../reveal';
import { moveRange, sameMappingText, type TextEdit } from './edits';
import type { ReportPageMessage, ReportPanelMessage } from './messages';
import { renderDetail, renderReportMessage, renderReportShell, reportMessage, type ReportContext } from './render';
import type { ReportState } from './state';

export const reportViewType = 'scimmapReport';
/** How long a run waits for the page to say the table is on screen. */
const shownTimeoutMs = 15_000;

/** What a report runs: the mapping over the directory files, and in impact mode against the mapping's last commit. */
export interface ReportSpec {
  readonly mappingUri: vscode.Uri;
  readonly directory: readonly vscode.Uri[];
  readonly targetState: readonly vscode.Uri[];
  readonly impact: boolean;
  readonly compat: SimulationParams['compat'];
}

/** How a run ended that is no failure: the person cancelled it, started a newer one, or closed the report. */
export type QuietEnd = 'cancelled' | 'replaced' | 'closed';

/** What the simulate and impact commands resolve to (the integration tests read it). */
export interface ReportOutcome {
  readonly ok: boolean;
  readonly message?: string;
  /** Set when the run ended without a result and without an error (no error notification for it). */
  readonly ended?: QuietEnd;
  /** Impact mode: the editor's text is the committed one, so nothing was simulated. */
  readonly sameAsCommitted?: boolean;
  readonly objects?: number;
  readonly rows?: number;
  /** From the result's arrival in the page to the table on screen. */
  readonly shownMilliseconds?: number;
}

/** The mapping text a result was simulated from, and the edits made to the document since. */
interface RunText {
  readonly text: string;
  readonly edits: TextEdit[];
  /** False once the document was closed: later changes (on disk) were not seen, so links cannot follow them. */
  followable: boolean;
}

type Simulated =
  { ok: true; result: Extract<SimulationResult, { ok: true }> } | { ok: false; message: string; ended?: QuietEnd; sameAsCommitted?: true };

export class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private simulationId: number | undefined;
  /** The last message posted, posted again when the page (re)loads. */
  private last: ReportPanelMessage | undefined;
  private ready = false;
  private running: vscode.CancellationTokenSource | undefined;
  private shown: ((outcome: { rows: number; milliseconds: number }) => void) | undefined;
  private disposed = false;
  private runText: RunText | undefined;
  /** Whether the page shows the "mapping changed since this run" banner. */
  private stale = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private spec: ReportSpec,
    private readonly onDispose: () => void,
  ) {
    const root = pageRoot(extensionUri);
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    const asset = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
    panel.webview.html = renderReportShell(randomBytes(16).toString('base64'), panel.webview.cspSource, asset);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: ReportPageMessage) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => this.mappingEdited(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.runText && this.isMapping(document)) this.runText.followable = false;
      }),
      // A change made while the mapping was closed comes with no edit: the text is compared when it
      // is opened again, and when the report comes into view.
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.isMapping(document)) this.compareDocument(document);
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) void this.compareMappingText();
      }),
    );
  }

  /** Runs the simulation of `spec` and shows it; resolves once the table is on screen (or with why not). */
  async run(spec: ReportSpec = this.spec): Promise<ReportOutcome> {
    this.spec = spec;
    this.panel.title = `${spec.impact ? 'Impact' : 'Simulation'}: ${path.basename(spec.mappingUri.path)}`;
    this.running?.cancel();
    const running = (this.running = new vscode.CancellationTokenSource());
    const context = this.context();
    this.post({ type: 'message', header: renderReportMessage('Simulating the provisioning cycle…', context, false), state: this.state() });
    const outcome = await this.simulate(spec, running.token);
    if (this.disposed) return { ok: false, message: 'The report was closed.', ended: 'closed' };
    if (running !== this.running) return { ok: false, message: 'A newer run replaced this one.', ended: 'replaced' };
    this.running = undefined;
    running.dispose();
    if (!outcome.ok) {
      this.post({ type: 'message', header: renderReportMessage(outcome.message, context, true), state: this.state() });
      return outcome.sameAsCommitted ? { ok: true, message: outcome.message, sameAsCommitted: true, rows: 0 } : outcome;
    }
    const result = outcome.result;
    this.forgetSimulation();
    this.simulationId = result.id;
    const shown = new Promise<{ rows: number; milliseconds: number }>((resolve) => (this.shown = resolve));
    this.post(reportMessage(result, context, this.state()));
    // Edited while it ran: the banner goes up with the result.
    this.postStale();
    // A page that is not on screen draws no frame: the result is there all the same.
    let timer: NodeJS.Timeout | undefined;
    const seen = await Promise.race([
      shown,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), shownTimeoutMs))),
    ]);
    clearTimeout(timer);
    return { ok: true, objects: result.summary.objects, rows: seen?.rows ?? result.rows.count, shownMilliseconds: seen?.milliseconds };
  }

  private async simulate(spec: ReportSpec, token: vscode.CancellationToken): Promise<Simulated> {
    const name = path.basename(spec.mappingUri.path);
    let against: SimulationParams['against'];
    let committed: string | undefined;
    if (spec.impact) {
      // The editor's text (unsaved edits included) against the last commit.
      const read = await committedText(spec.mappingUri.fsPath);
      if (!read.ok) return { ok: false, message: read.message };
      committed = read.text;
      against = { label: `${name} at HEAD (the last commit)`, text: read.text, ref: 'HEAD' };
    }
    // Opening the document makes the language client sync it to the server.
    const document = await vscode.workspace.openTextDocument(spec.mappingUri);
    if (committed !== undefined && sameMappingText(committed, document.getText()))
      return {
        ok: false,
        message: `The mapping is the same as at HEAD (the last commit): no object's requests change. Edit ${name}, then run Show Impact of Changes again.`,
        sameAsCommitted: true,
      };
    // The text the server simulates: the result's links point into it.
    this.runText = { text: document.getText(), edits: [], followable: true };
    this.showStale(false);
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: spec.impact ? `Impact of the changes to ${name}` : `Simulating ${name}`,
          cancellable: true,
        },
        async (progress, cancellation) => {
          const subscription = cancellation.onCancellationRequested(() => this.running?.cancel());
          const workDoneToken = randomUUID();
          const reports = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
          });
          try {
            return await this.client.sendRequest(
              SimulationRequest,
              {
                uri: spec.mappingUri.toString(),
                directory: spec.directory.map((uri) => uri.fsPath),
                targetState: spec.targetState.map((uri) => uri.fsPath),
                against,
                compat: spec.compat,
                workDoneToken,
              },
              token,
            );
          } finally {
            reports.dispose();
            subscription.dispose();
          }
        },
      );
      return result.ok ? { ok: true, result } : result;
    } catch (error) {
      if (token.isCancellationRequested) return { ok: false, message: 'The simulation was cancelled.', ended: 'cancelled' };
      return { ok: false, message: `The simulation failed: ${(error as Error).message}` };
    }
  }

  /**
   * Shown in a panel VS Code restored after a window reload: the run's inputs and Run again. The
   * rows died with the language server's records, so none are shown as if current.
   */
  restored(): void {
    const message = 'This report was open before the window was reloaded. Its results are not kept: run it again to see them.';
    this.post({ type: 'message', header: renderReportMessage(message, this.context(), true), state: this.state() });
  }

  private state(): ReportState {
    const { mappingUri, directory, targetState, impact } = this.spec;
    return {
      mappingUri: mappingUri.toString(),
      directory: directory.map(String),
      targetState: targetState.map(String),
      impact,
    };
  }

  private context(): ReportContext {
    const name = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri);
    return {
      mappingName: path.basename(this.spec.mappingUri.path),
      impact: this.spec.impact,
      directoryNames: this.spec.directory.map(name),
      targetStateNames: this.spec.targetState.map(name),
    };
  }

  private post(message: ReportPanelMessage): void {
    if (this.disposed) return;
    this.last = message;
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(message: ReportPageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last) void this.panel.webview.postMessage(this.last);
        this.postStale();
        return;
      case 'detail':
        return this.detail(message.row);
      case 'jump':
        return this.jump(message.range);
      case 'rerun':
        await this.run();
        return;
      case 'shown':
        this.shown?.({ rows: message.rows, milliseconds: message.milliseconds });
        this.shown = undefined;
        return;
    }
  }

  private isMapping(document: vscode.TextDocument): boolean {
    return document.uri.toString() === this.spec.mappingUri.toString();
  }

  /** Keeps the edits made to the mapping since the run, and tells the page whether its text still is the run's. */
  private mappingEdited(event: vscode.TextDocumentChangeEvent): void {
    if (!this.runText || !this.isMapping(event.document) || event.contentChanges.length === 0) return;
    for (const change of event.contentChanges) {
      const { start, end } = change.range;
      this.runText.edits.push({ range: [start.line, start.character, end.line, end.character], text: change.text });
    }
    this.compareDocument(event.document);
  }

  /** Shows the banner while the open mapping's text is not the run's. */
  private compareDocument(document: vscode.TextDocument): void {
    if (this.runText) this.showStale(document.getText() !== this.runText.text);
  }

  /**
   * Tells the page whether the mapping's text now (the open document's, else the file's) is the
   * run's. The file read from disk is compared byte order mark and line endings aside, which the
   * document's text may not keep.
   */
  private async compareMappingText(): Promise<void> {
    const runText = this.runText;
    if (!runText) return;
    const open = vscode.workspace.textDocuments.find((document) => this.isMapping(document));
    if (open) return this.compareDocument(open);
    let onDisk: string;
    try {
      onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.spec.mappingUri));
    } catch {
      return; // Deleted or unreadable: the banner is left as it is.
    }
    if (runText === this.runText) this.showStale(!sameMappingText(onDisk, runText.text));
  }

  private showStale(stale: boolean): void {
    if (stale === this.stale) return;
    this.stale = stale;
    this.postStale();
  }

  private postStale(): void {
    if (this.ready && !this.disposed)
      void this.panel.webview.postMessage({ type: 'stale', stale: this.stale } satisfies ReportPanelMessage);
  }

  /** Selects the mapping text behind a value as it is now: the run's range moved through the edits since. */
  private async jump(numbers: readonly number[]): Promise<void> {
    const range = linkRange(numbers);
    const runText = this.runText;
    if (!range || !runText) return;
    const uri = this.spec.mappingUri;
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText() === runText.text) return revealInMapping(uri.toString(), range);
    if (!runText.followable) {
      const choice = await vscode.window.showInformationMessage(
        `${path.basename(uri.path)} changed since this simulation while it was closed, so its lines cannot be followed: run the simulation again.`,
        'Run again',
      );
      if (choice) await this.run();
      return;
    }
    const moved = moveRange(range, runText.edits);
    await revealInMapping(uri.toString(), moved.range);
    if (moved.edited)
      void vscode.window.showInformationMessage(
        'The mapping text behind this value was edited since the simulation: the value shown is from before the edit. Run the simulation again for the current one.',
      );
  }

  private async detail(row: number): Promise<void> {
    if (this.simulationId === undefined || !Number.isInteger(row)) return;
    let html: string;
    try {
      const detail = await this.client.sendRequest(SimulationDetailRequest, { id: this.simulationId, row });
      html = detail
        ? renderDetail(detail)
        : renderReportMessage('The language server no longer has this simulation (it restarted): run it again.', this.context(), true);
    } catch (error) {
      html = renderReportMessage(`The object could not be opened: ${(error as Error).message}`, this.context(), false);
    }
    if (!this.disposed) void this.panel.webview.postMessage({ type: 'detail', row, html } satisfies ReportPanelMessage);
  }

  private forgetSimulation(): void {
    if (this.simulationId === undefined) return;
    const id = this.simulationId;
    this.simulationId = undefined;
    if (this.client.isRunning()) void this.client.sendRequest(SimulationDisposeRequest, { id }).catch(() => undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.cancel();
    this.shown?.({ rows: 0, milliseconds: -1 });
    this.forgetSimulation();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

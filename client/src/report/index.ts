// "SCIM: Simulate Provisioning Cycle" and "SCIM: Show Impact of Changes": which mapping, which
// directory files (the setting scimmap.simulation.directory, else a file picker) and target state,
// then one report panel that shows the result.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activeMapping } from '../active-mapping';
import { pageRoot } from '../preview/panel';
import { readPathList } from '../settings';
import { ReportPanel, reportViewType, type ReportOutcome, type ReportSpec } from './panel';
import { restoredReportState } from './state';

/** What a command may be given instead of asking (keybindings, tasks, tests): paths absolute or relative to the mapping's workspace folder. */
export interface ReportCommandOptions {
  readonly directory?: readonly string[];
  readonly targetState?: readonly string[];
}

export function activateReport(context: vscode.ExtensionContext, client: LanguageClient): void {
  let current: ReportPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, spec: ReportSpec) =>
    (current = new ReportPanel(panel, context.extensionUri, client, spec, () => (current = undefined)));

  const open = async (impact: boolean, resource?: vscode.Uri, options?: ReportCommandOptions): Promise<ReportOutcome> => {
    const mappingUri = resource instanceof vscode.Uri ? resource : activeMapping();
    if (!mappingUri)
      return fail(`Open a .scimmap file to ${impact ? 'see the impact of its changes' : 'simulate a provisioning cycle with it'}.`);
    const inputs = await chooseInputs(mappingUri, options);
    if ('message' in inputs) return fail(inputs.message);
    if (!inputs.directory) return { ok: false, message: 'No directory files were chosen.', ended: 'cancelled' };
    const spec: ReportSpec = { mappingUri, ...inputs, impact, compat: 'default' };
    let report = current;
    if (report) report.panel.reveal(undefined, true);
    else
      report = adopt(
        vscode.window.createWebviewPanel(
          reportViewType,
          'SCIM Simulation',
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [pageRoot(context.extensionUri)] },
        ),
        spec,
      );
    const outcome = await report.run(spec);
    // A run the person cancelled, replaced with a newer one or closed the report of ends quietly.
    if (!outcome.ok && outcome.message && !outcome.ended) void vscode.window.showErrorMessage(outcome.message);
    return outcome;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scimmap.simulate', (resource?: vscode.Uri, options?: ReportCommandOptions) =>
      open(false, resource, options),
    ),
    vscode.commands.registerCommand('scimmap.showImpact', (resource?: vscode.Uri, options?: ReportCommandOptions) =>
      open(true, resource, options),
    ),
    // After a window reload: the report with its run's inputs and Run again (its rows are gone).
    vscode.window.registerWebviewPanelSerializer(reportViewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        const state = restoredReportState(saved);
        if (!state) {
          panel.dispose();
          return;
        }
        current?.dispose();
        const spec: ReportSpec = {
          mappingUri: vscode.Uri.parse(state.mappingUri),
          directory: state.directory.map((uri) => vscode.Uri.parse(uri)),
          targetState: state.targetState.map((uri) => vscode.Uri.parse(uri)),
          impact: state.impact,
          compat: 'default',
        };
        adopt(panel, spec).restored();
      },
    }),
    { dispose: () => current?.dispose() },
  );
}

function fail(message: string): ReportOutcome {
  void vscode.window.showErrorMessage(message);
  return { ok: false, message };
}

type ChosenInputs = { directory: vscode.Uri[]; targetState: vscode.Uri[] } | { directory?: undefined } | { message: string };

/**
 * The directory and target-state files: given, else from the settings, else picked (the directory)
 * and asked (the target state). Both settings are checked before any picker shows; `{}` when the
 * person closed a picker.
 */
async function chooseInputs(mappingUri: vscode.Uri, options: ReportCommandOptions | undefined): Promise<ChosenInputs> {
  const section = 'scimmap.simulation';
  const settings = vscode.workspace.getConfiguration(section, mappingUri);
  const given = (key: keyof ReportCommandOptions) => {
    const paths = options?.[key];
    return paths ? { ok: true as const, value: paths } : readPathList(settings, section, key);
  };
  const directorySetting = given('directory');
  if (!directorySetting.ok) return directorySetting;
  const stateSetting = given('targetState');
  if (!stateSetting.ok) return stateSetting;
  const configured = directorySetting.value;
  const configuredState = stateSetting.value;
  const base = vscode.workspace.getWorkspaceFolder(mappingUri)?.uri ?? vscode.Uri.joinPath(mappingUri, '..');
  const resolve = (file: string) => (path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(base, file));
  if (configured.length > 0) return { directory: configured.map(resolve), targetState: configuredState.map(resolve) };

  const directory = await vscode.window.showOpenDialog({
    title: 'Directory to simulate: a samples JSON, the admin center Users CSV, or Microsoft Graph /users JSON',
    defaultUri: base,
    canSelectMany: true,
    openLabel: 'Simulate',
    filters: { 'Directory exports': ['csv', 'json'], 'All files': ['*'] },
  });
  if (!directory || directory.length === 0) return {};
  if (configuredState.length > 0) return { directory, targetState: configuredState.map(resolve) };
  const empty = 'Empty target';
  const dump = 'Choose a ListResponse dump…';
  const choice = await vscode.window.showQuickPick(
    [
      { label: empty, detail: 'Every object is new to the target: Entra would create it.' },
      { label: dump, detail: "The target's current users and groups (GET /Users and /Groups pages saved as JSON), for matching." },
    ],
    { title: 'The target state', placeHolder: "Simulate against the target's current state?" },
  );
  if (!choice) return {};
  if (choice.label === empty) return { directory, targetState: [] };
  const targetState = await vscode.window.showOpenDialog({
    title: "The target's state: SCIM ListResponse pages as JSON",
    defaultUri: base,
    canSelectMany: true,
    openLabel: 'Use as target state',
    filters: { JSON: ['json'] },
  });
  return targetState ? { directory, targetState } : {};
}

// "SCIM: Preview Payload": the command, the editor-title button's target, and the serializer that
// brings the panel back after a window reload.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activeMapping } from '../active-mapping';
import type { ConnectionManager } from '../connections/manager';
import { PreviewPanel, pageRoot, pickSample, previewViewType, type PreviewState } from './panel';

export function activatePreview(context: vscode.ExtensionContext, client: LanguageClient, connections: ConnectionManager): void {
  let current: PreviewPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, state: PreviewState) => {
    current = new PreviewPanel(panel, context.extensionUri, client, connections, state, () => (current = undefined));
    return current;
  };
  /** Dry run or provision the previewed sample; resolves to the run's report. */
  const provision = async (apply: boolean) => {
    if (!current) {
      void vscode.window.showErrorMessage('Open the preview (SCIM: Preview Payload) and pick a sample to provision on demand.');
      return undefined;
    }
    return current.provision(apply);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scimmap.previewPayload', async (resource?: vscode.Uri) => {
      const mapping = resource ?? activeMapping();
      if (!mapping) {
        void vscode.window.showErrorMessage('Open a .scimmap file to preview the SCIM requests it produces.');
        return;
      }
      const picked = await pickSample(client);
      if (!picked) return;
      const state: PreviewState = {
        mappingUri: mapping.toString(),
        samplesUri: picked.uri,
        kind: picked.kind,
        id: picked.id,
        compat: current?.current.compat ?? 'default',
      };
      if (current) {
        current.panel.reveal(undefined, true);
        current.update(state);
        return;
      }
      const panel = vscode.window.createWebviewPanel(
        previewViewType,
        'SCIM Preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [pageRoot(context.extensionUri)] },
      );
      adopt(panel, state);
    }),
    // The panel's buttons, also for the palette and keybindings; each resolves to the run's report.
    vscode.commands.registerCommand('scimmap.provision.dryRun', () => provision(false)),
    vscode.commands.registerCommand('scimmap.provision.apply', () => provision(true)),
    vscode.window.registerWebviewPanelSerializer(previewViewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        const state = restoredState(saved);
        if (!state) {
          panel.dispose();
          return;
        }
        current?.dispose();
        adopt(panel, state);
      },
    }),
    { dispose: () => current?.dispose() },
  );
}

/** The webview state saved before the reload, checked: it is data from the webview, not trusted. */
function restoredState(saved: unknown): PreviewState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const state = saved as Record<string, unknown>;
  if (typeof state.mappingUri !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const kind = state.kind === 'user' || state.kind === 'group' ? state.kind : undefined;
  return {
    mappingUri: state.mappingUri,
    samplesUri: text(state.samplesUri),
    kind,
    id: text(state.id),
    compat: state.compat === 'aadOptscim062020' ? 'aadOptscim062020' : 'default',
  };
}

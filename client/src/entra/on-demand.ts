// Provisioning on demand through Entra from VS Code: Graph's provisionOnDemand for a real user or
// group (shared with `scimmap provision-with-entra`), shown in a panel beside the preview with the
// same steps view (render-provision.ts) as scimmap's own run there, so the two can be compared side by
// side. The page is the preview's (strict CSP, nonce, every value escaped).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { GraphClient } from '../../../shared/src/graph/client';
import { onDemandReport, provisionOnDemand, provisioningRuleId } from '../../../shared/src/graph/provision-on-demand';
import type { PulledFrom } from '../../../shared/src/graph/pulled';
import { describeApp } from '../../../shared/src/graph/synchronization';
import type { SubjectKind } from '../../../shared/src/provisioning/plan';
import type { ProvisionReport } from '../../../shared/src/provisioning/run';
import type { PageMessage, RenderMessage } from '../preview/messages';
import { pageRoot } from '../preview/panel';
import { renderShell } from '../preview/render';
import { renderProvisionRun } from '../preview/render-provision';

export const onDemandViewType = 'scimmapEntraOnDemand';

/** Asks Entra to provision the subject with the pulled job's rule; its answer as a provisioning report. */
export async function runOnDemand(
  graph: GraphClient,
  from: PulledFrom,
  schemaText: string,
  subject: { readonly kind: SubjectKind; readonly objectId: string },
  signal?: AbortSignal,
): Promise<ProvisionReport> {
  const answer = await provisionOnDemand(graph, from.app.id, from.job.id, provisioningRuleId(schemaText), subject, signal);
  return onDemandReport(answer, subject, `Entra, ${describeApp(from.app)}, job ${from.job.id} (${graph.root.origin})`);
}

let panel: vscode.WebviewPanel | undefined;
/** What the panel shows; sent again when its page (re)loads and says it is ready. */
let latest: RenderMessage | undefined;

/** Shows Entra's run in the panel beside the preview (one panel, reused). */
export function showOnDemandRun(extensionUri: vscode.Uri, report: ProvisionReport): void {
  const html = `<p class="muted">Entra's own run (provisionOnDemand). scimmap's run of the same sample shows in the preview panel (Dry run against ‹connection›): compare the steps side by side.</p>
${renderProvisionRun({ run: { connection: 'Entra', apply: true, report } })}`;
  latest = { type: 'render', html, state: {} };
  if (panel) {
    panel.title = `Entra: ${report.subject.label}`;
    void panel.webview.postMessage(latest);
    panel.reveal(vscode.ViewColumn.Beside, true);
    return;
  }
  const root = pageRoot(extensionUri);
  const created = (panel = vscode.window.createWebviewPanel(
    onDemandViewType,
    `Entra: ${report.subject.label}`,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true, localResourceRoots: [root] },
  ));
  const asset = (name: string) => created.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  created.webview.html = renderShell(randomBytes(16).toString('base64'), created.webview.cspSource, {
    script: asset('preview.js'),
    style: asset('preview.css'),
  });
  const subscription = created.webview.onDidReceiveMessage((received: PageMessage) => {
    if (received.type === 'ready' && latest) void created.webview.postMessage(latest);
  });
  created.onDidDispose(() => {
    subscription.dispose();
    panel = undefined;
  });
}

// Provisioning on demand from the preview panel: the planner that asks the language server's pure
// core (protocol.ts), and the confirmation a real run needs. The run itself (HTTP) is shared with
// the CLI (shared/src/provisioning/run.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProvisionCompareRequest, ProvisionMatchRequest, ProvisionPlanRequest, type ProvisionParams } from '../../../shared/src/protocol';
import type { Planner } from '../../../shared/src/provisioning/plan';
import { isLoopbackHost } from '../../../shared/src/scim/endpoint';
import { section } from '../connections/manager';

/** The core's answers through the language server; the mapping must be open there. */
export function serverPlanner(client: LanguageClient, params: ProvisionParams): Planner {
  const answer = <T>(value: T | null): T => {
    if (value === null) throw new Error('The mapping is not open in the language server: open the .scimmap file and run again.');
    return value;
  };
  return {
    match: async () => answer(await client.sendRequest(ProvisionMatchRequest, params)),
    plan: async (live) => answer(await client.sendRequest(ProvisionPlanRequest, { ...params, live })),
    compare: async (live, readBack) => answer(await client.sendRequest(ProvisionCompareRequest, { ...params, live, readBack })),
  };
}

/** Loopback endpoints confirmed this session, by connection name and URL. */
const confirmedLoopback = new Set<string>();

/**
 * Asks before a real run, naming the endpoint. A host other than loopback is confirmed every time,
 * by typing its name (as the CLI asks); loopback (the sandbox) once per connection and session, by
 * picking "Provision", or never when scimmap.provisioning.confirmLoopback is false.
 */
export async function confirmWrite(connection: string, root: URL, what: string): Promise<boolean> {
  const title = `Provision ${what} to "${connection}"`;
  if (!isLoopbackHost(root.hostname)) {
    const host = root.host.toLowerCase();
    const typed = await vscode.window.showInputBox({
      title,
      prompt: `This writes to ${root.href}: the object is created or changed there. Type the host name (${host}) to confirm; you are asked every time.`,
      placeHolder: host,
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim() === '' || value.trim().toLowerCase() === host ? undefined : `Type ${host} to confirm, or press Escape.`,
    });
    return typed?.trim().toLowerCase() === host;
  }
  const key = `${connection}\u0000${root.href}`;
  if (confirmedLoopback.has(key) || !vscode.workspace.getConfiguration(section).get<boolean>('provisioning.confirmLoopback', true))
    return true;
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: `$(cloud-upload) Provision`,
        detail: `Writes to ${root.href}. It is on loopback, so you are asked once per session.`,
        confirmed: true,
      },
      { label: 'Cancel', confirmed: false },
    ],
    { title, placeHolder: `${title} (${root.href})?`, ignoreFocusOut: true },
  );
  if (!picked?.confirmed) return false;
  confirmedLoopback.add(key);
  return true;
}

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
 * Asks before a real run, naming the endpoint: every time for a host other than loopback; for
 * loopback (the sandbox) once per connection and session, or never when
 * scimmap.provisioning.confirmLoopback is false.
 */
export async function confirmWrite(connection: string, root: URL, what: string): Promise<boolean> {
  const loopback = isLoopbackHost(root.hostname);
  const key = `${connection}\u0000${root.href}`;
  if (loopback && (confirmedLoopback.has(key) || !vscode.workspace.getConfiguration(section).get<boolean>('provisioning.confirmLoopback', true))) return true;
  const provision = 'Provision';
  const answer = await vscode.window.showWarningMessage(
    `Provision ${what} to "${connection}" (${root.href})?`,
    {
      modal: true,
      detail: loopback
        ? 'This writes to the endpoint. It is on loopback, so you are asked once per session.'
        : 'This writes to the endpoint: the object is created or changed there. For an endpoint that is not on loopback you are asked every time.',
    },
    provision,
  );
  if (answer !== provision) return false;
  if (loopback) confirmedLoopback.add(key);
  return true;
}

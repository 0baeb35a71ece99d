// Signing in to Microsoft Graph from VS Code: the built-in Microsoft authentication provider
// (vscode.authentication), so scimmap keeps no token or secret of its own. The settings
// scimmap.entra.tenant and scimmap.entra.clientId become the provider's VSCODE_TENANT: and
// VSCODE_CLIENT_ID: scopes (an admin's own public-client app registration, for tenants that do not
// consent VS Code's client to the synchronization permissions); scimmap.entra.graphUrl chooses the
// Graph (national clouds) and with it the resource of every permission scope. Each call and answer is
// logged to "scimmap Entra" with the token redacted.
import * as vscode from 'vscode';
import { defaultGraphUrl, GraphClient, graphAdvice } from '../../../shared/src/graph/client';
import { authenticationProviderId, signInScopes } from '../../../shared/src/graph/sign-in';
import { checkUrl } from '../../../shared/src/scim/endpoint';
import { HttpTransport } from '../../../shared/src/scim/http';
import { formatLogEntry } from '../../../shared/src/scim/report';
import type { TokenSource } from '../../../shared/src/scim/tokens';

export const entraSection = 'scimmap.entra';

/** The advice of the extension's Graph calls: its settings (the sign-in itself is VS Code's). */
const settingsAdvice = graphAdvice({
  graphUrl: `the setting ${entraSection}.graphUrl`,
  signIn: `the settings ${entraSection}.tenant and ${entraSection}.clientId`,
});

export interface EntraSettings {
  /** Tenant ID or verified domain; empty: the provider's default (organizations). */
  readonly tenant: string;
  /** The Application (client) ID of the admin's app registration; empty: VS Code's own client. */
  readonly clientId: string;
  /** Graph's root, https://graph.microsoft.com or a national cloud's. */
  readonly graphUrl: string;
}

export function entraSettings(): EntraSettings {
  const settings = vscode.workspace.getConfiguration(entraSection);
  return {
    tenant: settings.get<string>('tenant', '').trim(),
    clientId: settings.get<string>('clientId', '').trim(),
    graphUrl: settings.get<string>('graphUrl', defaultGraphUrl).trim() || defaultGraphUrl,
  };
}

/** The signed-in session's token; VS Code keeps and refreshes it, scimmap only borrows it per command. */
class SessionToken implements TokenSource {
  constructor(private readonly session: vscode.AuthenticationSession) {}
  async token(): Promise<string> {
    return this.session.accessToken;
  }
  invalidate(): boolean {
    return false;
  }
  secrets(): string[] {
    return [this.session.accessToken];
  }
}

/** How a session is asked for: VS Code's, except in the integration suite, which cannot sign in offline. */
export type SessionRequest = (
  providerId: string,
  scopes: readonly string[],
  options: vscode.AuthenticationGetSessionOptions & { createIfNone: vscode.AuthenticationGetSessionPresentationOptions },
) => Thenable<vscode.AuthenticationSession>;

export class EntraSignIn implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('scimmap Entra', { log: true });
  /** Replaced only by the integration suite (the extension's exports in ExtensionMode.Test), to inject a session. */
  getSession: SessionRequest = (providerId, scopes, options) => vscode.authentication.getSession(providerId, scopes, options);

  dispose(): void {
    this.log.dispose();
  }

  /**
   * A Graph client signed in with `permissions` (asking the user to sign in if needed), for the
   * Graph of the settings; `pulledFrom`, the Graph a file was pulled from, must be that one, because
   * the token goes only where the user's own setting says.
   */
  async client(permissions: readonly string[], pulledFrom?: string): Promise<GraphClient> {
    const settings = entraSettings();
    let graphUrl: URL;
    try {
      graphUrl = checkUrl(settings.graphUrl, 'Graph URL');
    } catch (error) {
      throw new Error(`The setting scimmap.entra.graphUrl is not usable: ${(error as Error).message}`);
    }
    if (pulledFrom !== undefined && new URL(pulledFrom).origin !== graphUrl.origin)
      throw new Error(
        `The file was pulled from ${new URL(pulledFrom).origin}, but the setting scimmap.entra.graphUrl is ${graphUrl.origin}: set it to ${new URL(pulledFrom).origin} to work with that tenant (the token goes only to the Graph your settings name).`,
      );
    const provider = authenticationProviderId(graphUrl.href);
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await this.getSession(provider, signInScopes(settings, permissions), {
        createIfNone: { detail: `scimmap needs ${permissions.join(' and ')} on Microsoft Graph (${graphUrl.origin}).` },
      });
    } catch (error) {
      throw new Error(
        `Signing in to Microsoft for ${permissions.join(', ')} did not complete (${(error as Error).message}). If your tenant does not let VS Code's own client use these permissions, register a public-client app with them, grant admin consent, and set scimmap.entra.clientId and scimmap.entra.tenant (docs/tenant.md, "VS Code").${provider === 'microsoft-sovereign-cloud' ? ' For a national cloud, also set microsoft-sovereign-cloud.environment.' : ''}`,
      );
    }
    const tokens = new SessionToken(session);
    const http = new HttpTransport({
      advice: settingsAdvice,
      log: (entry) => this.log.info(formatLogEntry(entry)),
      secrets: () => tokens.secrets(),
    });
    return new GraphClient({ graphUrl: graphUrl.origin, tokens, http });
  }
}

// What the extension asks VS Code's Microsoft sign-in for (client/src/entra/sign-in.ts): the provider
// for a Graph, and the scopes: the Graph permissions on that Graph's resource, and the provider's own
// VSCODE_CLIENT_ID: and VSCODE_TENANT: scopes for an admin's app registration and tenant.
import { cloudOf } from './client';

/**
 * The authentication provider for a Graph: VS Code's `microsoft` for the global service (and for a
 * Graph that is no Microsoft cloud, such as a local test server), `microsoft-sovereign-cloud` for the
 * national clouds (configured by the setting microsoft-sovereign-cloud.environment).
 */
export function authenticationProviderId(graphUrl: string): string {
  const cloud = cloudOf(graphUrl);
  return cloud && cloud.key !== 'global' ? 'microsoft-sovereign-cloud' : 'microsoft';
}

/**
 * The scopes to ask for: each Graph permission on the Graph resource of `graphUrl` (Microsoft Learn,
 * "national cloud deployments": a scope that names Graph must use the national cloud's Graph domain),
 * then the provider's client and tenant scopes when set.
 */
export function signInScopes(
  settings: { readonly graphUrl: string; readonly clientId: string; readonly tenant: string },
  permissions: readonly string[],
): string[] {
  const resource = new URL(settings.graphUrl).origin;
  return [
    ...permissions.map((permission) => `${resource}/${permission}`),
    ...(settings.clientId ? [`VSCODE_CLIENT_ID:${settings.clientId}`] : []),
    ...(settings.tenant ? [`VSCODE_TENANT:${settings.tenant}`] : []),
  ];
}

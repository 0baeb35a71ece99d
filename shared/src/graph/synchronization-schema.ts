// What is read from a synchronization schema's text without Graph: apart from the Graph client
// (synchronization.ts re-exports them), so that the language server, which reads them, does not
// load undici, half of its bundle, at start (docs/performance.md).
import { parsePeerJson } from '../scim/json';

/** Both names Entra's own directory goes by in a synchronization schema (2017 exports and current ones). */
export const entraDirectoryNames: readonly string[] = ['Azure Active Directory', 'Microsoft Entra ID'];

/** The `version` member of a schema text (Entra changes it on every save). */
export function schemaVersion(schemaText: string): string | undefined {
  try {
    const version = (parsePeerJson(schemaText) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

import type { Connection, ServerCapabilities } from 'vscode-languageserver';
import type { DocumentStore } from '../documents';

/** One editor feature: the capabilities it adds and the handlers that serve them. */
export interface Feature {
  readonly capabilities: ServerCapabilities;
  register(connection: Connection, documents: DocumentStore): void;
}

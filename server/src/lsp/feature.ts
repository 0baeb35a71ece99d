import type { ServerCapabilities } from 'vscode-languageserver';
import type { Handlers } from './handlers';

/** One editor feature: the capabilities it adds and the handlers that serve them (registered through `handlers`, never on the connection directly). */
export interface Feature {
  readonly capabilities: ServerCapabilities;
  register(handlers: Handlers): void;
}

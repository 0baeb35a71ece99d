// The messages between the preview panel (panel.ts, in the extension host) and its page
// (page/preview.ts, in the webview), and the data attributes the page reads from the HTML that
// render.ts writes: declared once here, so both sides agree by type. No `vscode` import: the page's
// bundle imports this module too.

export type Scenario = 'create' | 'update';
export type CopyFormat = 'json' | 'curl';

/** What the page sends the panel. */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'pick' }
  | { readonly type: 'compat'; readonly value: string }
  | { readonly type: 'jump'; readonly range: readonly number[] }
  | { readonly type: 'copy'; readonly format: CopyFormat; readonly scenario: Scenario; readonly index: number }
  | { readonly type: 'provision'; readonly apply: boolean };

/** What the panel sends the page: the rendered body and the state VS Code keeps for a reload. */
export interface RenderMessage {
  readonly type: 'render';
  readonly html: string;
  readonly state: object;
}
export type PanelMessage = RenderMessage;

/** The attributes render.ts puts on elements the page turns into messages. */
export const dataAttribute = {
  /** A copy button: the format; with `scenario` and `index` naming the request. */
  copy: 'data-copy',
  scenario: 'data-scenario',
  index: 'data-index',
  /** A button whose click is a message without data (`pick`). */
  action: 'data-action',
  /** A provisioning button: `dryRun` or `apply`. */
  provision: 'data-provision',
  /** A link into the mapping: four integers, start line and character, end line and character. */
  range: 'data-range',
} as const;

/** The name of the radio group that switches the PATCH format. */
export const compatInputName = 'compat';

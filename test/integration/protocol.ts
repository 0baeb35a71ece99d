// The file-based channel between the suite (inside VS Code's extension host) and its launcher.
// The suite appends one JSON event per line to the events file; for a request to the page (a
// screenshot, keys typed, a webview's content), it waits for the launcher's response file.

/** Environment variable naming the events file; set by the launcher, inherited by the extension host. */
export const eventsFileVariable = 'SCIMMAP_TEST_EVENTS';
/** Environment variable naming the folder the offline launcher writes screenshots into (unset: none taken). */
export const screenshotsVariable = 'SCIMMAP_SCREENSHOTS';
/**
 * Environment variable with the token the suite's sandbox accepts: random per run, made by the
 * launcher, so a test can have the page type it without writing it into the events file.
 */
export const sandboxTokenVariable = 'SCIMMAP_TEST_SANDBOX_TOKEN';
/** Environment variable with a mocha grep pattern to run a subset of the suite. */
export const grepVariable = 'SCIMMAP_TEST_GREP';

/**
 * What the suite asks of the page that shows the workbench, once an element matching `visible`
 * (a Playwright CSS selector such as '.suggest-widget.visible') shows, when given:
 * - screenshot: save screenshots/<name>.png;
 * - keyboard: type `text` (or the sandbox token, for `typeSandboxToken`) into the focused element,
 *   then press `press` (a key such as 'Enter'), as a person would in a quick input;
 * - webview: the content of the visible webview once its page contains `contains`, as a JSON
 *   `WebviewContent`;
 * - webviewClick: click the first element of the visible webview's page that matches `selector`
 *   (a Playwright selector such as 'button:has-text("Dry run")'), as a person would;
 * - webviewKeys: press `keys` one after the other with the focus on the first element of the
 *   visible webview's page that matches `selector`, as a person would on the keyboard;
 * - webviewAttributes: the attributes `names` of the first element of the visible webview's page
 *   that matches `selector` (':focus' for the focused one), as a JSON object, null for an absent one;
 * - workbenchTexts: the text of every element of the workbench matching `selector` (such as the
 *   notification toasts), as a JSON array, without waiting;
 * - workbenchClick: click the first element of the workbench matching `selector` once it shows
 *   (such as a notification's button), as a person would.
 */
export type PageRequest =
  | { readonly kind: 'screenshot'; readonly name: string; readonly visible?: string }
  | {
      readonly kind: 'keyboard';
      readonly visible: string;
      readonly text?: string;
      readonly typeSandboxToken?: boolean;
      readonly press?: string;
    }
  | { readonly kind: 'webview'; readonly contains: string }
  | { readonly kind: 'webviewClick'; readonly selector: string }
  | { readonly kind: 'webviewKeys'; readonly selector: string; readonly keys: readonly string[] }
  | { readonly kind: 'webviewAttributes'; readonly selector: string; readonly names: readonly string[] }
  | { readonly kind: 'webviewElement'; readonly selector: string; readonly state: 'visible' | 'hidden' }
  | { readonly kind: 'workbenchTexts'; readonly selector: string }
  | { readonly kind: 'workbenchClick'; readonly selector: string };

export interface WebviewContent {
  /** What a person reads in the webview. */
  readonly text: string;
  /** How many <img> elements the webview's page holds. */
  readonly images: number;
  /** Every alert/confirm/prompt any frame of the page opened during the run. */
  readonly dialogs: readonly string[];
}

export type PageResponse = { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly error: string };

export type SuiteEvent =
  | { readonly event: 'start'; readonly total: number }
  | { readonly event: 'pass'; readonly title: string; readonly durationMs: number }
  | { readonly event: 'fail'; readonly title: string; readonly message: string; readonly stack?: string }
  | { readonly event: 'request'; readonly id: string; readonly request: PageRequest }
  | { readonly event: 'end'; readonly passed: number; readonly failed: number };

/** Where the launcher answers request `id`. */
export function responseFile(eventsFile: string, id: string): string {
  return `${eventsFile}.${id}.response.json`;
}

// The file-based channel between the suite (inside VS Code's extension host) and its launcher.
// The suite appends one JSON event per line to the events file; for a request to the page (a
// screenshot), it waits for the launcher to write the matching response file.

/** Environment variable naming the events file; set by the launcher, inherited by the extension host. */
export const eventsFileVariable = 'SCIMMAP_TEST_EVENTS';
/** Environment variable naming the folder the offline launcher writes screenshots into (unset: none taken). */
export const screenshotsVariable = 'SCIMMAP_SCREENSHOTS';
/** Environment variable with a mocha grep pattern to run a subset of the suite. */
export const grepVariable = 'SCIMMAP_TEST_GREP';

/**
 * What the suite asks of the page that shows the workbench: a screenshot, taken once an element
 * matching `visible` (a CSS selector such as '.suggest-widget.visible') is shown, when given.
 */
export type PageRequest = { readonly kind: 'screenshot'; readonly name: string; readonly visible?: string };

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

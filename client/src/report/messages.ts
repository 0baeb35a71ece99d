// The messages between the report panel (panel.ts, in the extension host) and its page
// (page/report.ts, in the webview). No `vscode` import: the page's bundle imports this module too.
// Types only: protocol.ts's request objects never reach the page's bundle.
import type { SimulationRows } from '../../../shared/src/protocol';
import type { ReportState } from './state';

/** What the page sends the panel. */
export type ReportPageMessage =
  | { readonly type: 'ready' }
  /** Open a row: its steps and requests. */
  | { readonly type: 'detail'; readonly row: number }
  /** A link into the mapping: start line and character, end line and character. */
  | { readonly type: 'jump'; readonly range: readonly number[] }
  /** Run the simulation again (the mapping or the directory changed). */
  | { readonly type: 'rerun' }
  /** For the integration tests and the docs' measurement: how long the table took to show. */
  | { readonly type: 'shown'; readonly rows: number; readonly milliseconds: number };

/** The table's data as the page builds its rows from: compact columns, never HTML. */
export interface ReportTable {
  readonly rows: SimulationRows;
  /** Names of the action and status indices the rows carry (simulationActions, simulationStatuses). */
  readonly actions: readonly string[];
  readonly statuses: readonly string[];
  /** The threshold stops the cycle: disables and deletes show heldStatus, as Entra holds them. */
  readonly held?: boolean;
  readonly warningKinds: readonly string[];
  readonly impact: boolean;
}

/** What the panel sends the page. */
export type ReportPanelMessage =
  /** A new result: the header (summary, counts, notes) as HTML rendered and escaped by render.ts, and the table's data; `state` is the run's inputs, kept by the page for a window reload. */
  | { readonly type: 'report'; readonly header: string; readonly table: ReportTable; readonly state: ReportState }
  /** Something instead of a result: running, failed, cancelled, restored after a reload. */
  | { readonly type: 'message'; readonly header: string; readonly state: ReportState }
  /** One row opened: its steps and requests, rendered by render.ts. */
  | { readonly type: 'detail'; readonly row: number; readonly html: string }
  /** Whether the mapping's text differs from the one the shown result was simulated from (the page says so, offering to run again). */
  | { readonly type: 'stale'; readonly stale: boolean };

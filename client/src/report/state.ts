// What a report page keeps as its webview state, so that VS Code can restore the report after a
// window reload: the run's inputs (mapping, directory, target state, impact mode), never its rows,
// which the language server held and lost with the reload. Pure (no `vscode`), unit-tested; the
// page's messages carry a ReportState.

/** A run's inputs as URI strings. */
export interface ReportState {
  readonly mappingUri: string;
  readonly directory: readonly string[];
  readonly targetState: readonly string[];
  readonly impact: boolean;
}

/** The state a page saved before the reload, checked: it comes from the webview, so it is not trusted. */
export function restoredReportState(saved: unknown): ReportState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const state = saved as Record<string, unknown>;
  const uris = (value: unknown) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
  const directory = uris(state.directory);
  const targetState = uris(state.targetState);
  if (typeof state.mappingUri !== 'string' || !directory || directory.length === 0 || !targetState) return undefined;
  return { mappingUri: state.mappingUri, directory, targetState, impact: state.impact === true };
}

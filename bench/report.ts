// The report view's part of issue 15's target "the report view shows a 100,000-object simulation's
// table within 1 s of the result arriving", as far as it runs outside VS Code: 100,000 generated
// users through examples/purecloud.scimmap as the language server runs them for the report (rows in
// compact columns, records kept compressed), the rows' way to the page (JSON over the language
// server's IPC, then the webview's structured clone), and what the page does before the first
// frame: build the row model, filter (all rows) and make the cells of the first screen. The page's
// DOM work, to the painted frame, is measured in headless Chromium by bench/report-page.ts.
// Run alone: node out/bench/report.js (after npm run build && npx tsc -b).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generateUsers } from './eval';
import { ms } from './stats';
import { parse } from '../server/src/syntax/parser';
import { Simulation, cycleSettingsOf, type ProvisioningRecord } from '../server/src/simulation/simulate';
import { RecordStore } from '../server/src/simulation/record-store';
import { keptRowJson, RowTable } from '../server/src/lsp/simulation';
import { RowModel, visibleWindow } from '../client/src/report/rows';
import type { ReportTable } from '../client/src/report/messages';
import { simulationActions, simulationStatuses } from '../shared/src/simulation-actions';

const userCount = 100_000;
/** The rows a 600 px viewport of 24 px rows shows, with the overscan. */
const firstScreen = visibleWindow(0, 600, 24, userCount);

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

export function benchReport(): Record<string, number | string> {
  const { file } = parse(readFileSync('examples/purecloud.scimmap', 'utf8'));
  const users = generateUsers(userCount);
  const simulation = new Simulation(file, { settings: cycleSettingsOf(file), assignmentKnown: false, keepSources: true });
  const table = new RowTable(false);
  const records = new RecordStore<{ record: ProvisioningRecord }>();
  const simulated = time(() => {
    for (const user of users) {
      // As the language server does: the record's listing for the table, its text kept as it is.
      const simulated = simulation.simulateText({ kind: 'user', sample: user, where: 'generated' });
      table.add(simulated, undefined);
      records.addJson(keptRowJson(simulated));
    }
  });

  // The answer crosses the language server's IPC as JSON, then the webview's postMessage (a structured clone).
  const json = time(() => JSON.stringify(table.rows));
  const parsed = time(() => JSON.parse(json.value) as ReportTable['rows']);
  const cloned = time(() => structuredClone(parsed.value));

  // The page, from the message's arrival to the first screen's cells (median of 5: each run builds anew).
  const pageRuns: number[] = [];
  let shownRows = 0;
  for (let run = 0; run < 5; run++) {
    const data: ReportTable = {
      rows: structuredClone(parsed.value),
      actions: [...simulationActions],
      statuses: [...simulationStatuses],
      warningKinds: table.warningKinds,
      impact: false,
    };
    pageRuns.push(
      time(() => {
        const model = new RowModel(data);
        const shown = model.filter();
        for (let position = firstScreen.first; position < firstScreen.last; position++) model.cells(shown[position]);
        shownRows = shown.length;
      }).ms,
    );
  }
  pageRuns.sort((a, b) => a - b);
  const model = new RowModel({
    rows: parsed.value,
    actions: [...simulationActions],
    statuses: [...simulationStatuses],
    warningKinds: table.warningKinds,
    impact: false,
  });
  const firstSearch = time(() => model.filter({ search: 'lovelace 12' }));
  const nextSearch = time(() => model.filter({ search: 'hopper' }));
  const byAction = time(() => model.filter({ actions: new Set([simulationActions.indexOf('create')]) }));
  const opened = time(() => records.get(Math.floor(userCount / 2)));

  return {
    'report: objects simulated for the table': shownRows,
    'report: simulation with rows and kept records (ms, not the target)': ms(simulated.ms),
    'report: records kept, compressed (MiB)': ms(records.bytes / 1024 / 1024),
    'report: rows as JSON (MiB)': ms(json.value.length / 1024 / 1024),
    'report: rows JSON.stringify + JSON.parse (ms, language server IPC)': ms(json.ms + parsed.ms),
    "report: rows structured clone (ms, the webview's postMessage)": ms(cloned.ms),
    'report: page row model + filter + first screen cells, median of 5 (ms)': ms(pageRuns[2]),
    'report: result arrival to first screen, without the DOM (ms, target 1000 with it)': ms(json.ms + parsed.ms + cloned.ms + pageRuns[2]),
    'report: first search, builds the index (ms)': ms(firstSearch.ms),
    'report: next search (ms)': ms(nextSearch.ms),
    'report: filter by action (ms)': ms(byAction.ms),
    'report: open one row from the kept records (ms)': ms(opened.ms),
  };
}

if (require.main === module) {
  for (const [name, value] of Object.entries(benchReport())) console.log(`${name}: ${value}`);
}

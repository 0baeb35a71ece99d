// The simulation report's table on the wire: column by column, in the few large values that cross
// the language server's IPC and the webview's postMessage fastest. Names and ids travel as one
// string each (joined with NUL), repeated sentences and warning sets once each with per-row
// indices, and the small codes as number arrays; 100,000 rows are six arrays and two strings, not
// 100,000 objects. Built by the server (RowColumns), read back by the page (columnValues).

/** The table's rows, column by column; index = row. */
export interface SimulationRows {
  readonly count: number;
  /** Each row's name as the log shows it (sourceIdentity.displayName), joined with rowSeparator. */
  readonly names: string;
  /** Each row's source object id, joined with rowSeparator. */
  readonly ids: string;
  /** 0: user, 1: group. */
  readonly kind: number[];
  /** Index into simulationActions. */
  readonly action: number[];
  /** Index into simulationStatuses. */
  readonly status: number[];
  /** What Entra does (the record's summary): an index into `texts`. */
  readonly summary: number[];
  /** The distinct sentences `summary` and `changes` point at. */
  readonly texts: string[];
  /** Index into `warningSets`: the warning kinds a row has (0: none). */
  readonly warnings: number[];
  /** Distinct sets of warning kinds (indices into the report's warningKinds); the first is empty. */
  readonly warningSets: number[][];
  /** Impact mode: the action with the old mapping (index into simulationActions). */
  readonly before?: number[];
  /** Impact mode: the attributes whose values change, comma-separated, as an index into `texts`. */
  readonly changes?: number[];
}

const rowSeparator = '\u0000';

/** A joined column's values (`names`, `ids`). */
export function columnValues(joined: string, count: number): string[] {
  return count === 0 ? [] : joined.split(rowSeparator);
}

export interface RowValues {
  readonly name: string;
  readonly id: string;
  readonly kind: number;
  readonly action: number;
  readonly status: number;
  readonly summary: string;
  /** Warning kinds, each once. */
  readonly warnings: readonly number[];
  readonly before?: number;
  readonly changes?: string;
}

/** Fills the columns row by row. */
export class RowColumns {
  private readonly names: string[] = [];
  private readonly ids: string[] = [];
  private readonly columns: Omit<SimulationRows, 'count' | 'names' | 'ids'>;
  private readonly textIndex = new Map<string, number>();
  private readonly setIndex = new Map<string, number>([['', 0]]);

  constructor(impact: boolean) {
    this.columns = {
      kind: [],
      action: [],
      status: [],
      summary: [],
      texts: [],
      warnings: [],
      warningSets: [[]],
      ...(impact ? { before: [], changes: [] } : {}),
    };
  }

  add(row: RowValues): void {
    const { columns } = this;
    // A NUL inside a value would split its row in two: shown as U+FFFD instead.
    this.names.push(row.name.replaceAll(rowSeparator, '\uFFFD'));
    this.ids.push(row.id.replaceAll(rowSeparator, '\uFFFD'));
    columns.kind.push(row.kind);
    columns.action.push(row.action);
    columns.status.push(row.status);
    columns.summary.push(this.text(row.summary));
    const key = row.warnings.join(',');
    let set = this.setIndex.get(key);
    if (set === undefined) {
      set = columns.warningSets.push([...row.warnings]) - 1;
      this.setIndex.set(key, set);
    }
    columns.warnings.push(set);
    if (columns.before && row.before !== undefined) columns.before.push(row.before);
    if (columns.changes) columns.changes.push(this.text(row.changes ?? ''));
  }

  rows(): SimulationRows {
    return { count: this.names.length, names: this.names.join(rowSeparator), ids: this.ids.join(rowSeparator), ...this.columns };
  }

  private text(sentence: string): number {
    let index = this.textIndex.get(sentence);
    if (index === undefined) {
      index = this.columns.texts.push(sentence) - 1;
      this.textIndex.set(sentence, index);
    }
    return index;
  }
}

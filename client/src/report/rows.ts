// The report table's row model: the compact columns the server sends (SimulationRows), filtered by
// action and warning kind and searched, as an array of the row numbers to show. Pure (no DOM, no
// `vscode`): the page's script runs it in the webview, the unit tests and bench/ in Node.
import { heldStatus, isHeld } from '../../../shared/src/simulation-actions';
import { columnValues } from '../../../shared/src/simulation-rows';
import type { ReportTable } from './messages';

export interface RowFilter {
  /** Action indices to show; undefined: every action. */
  readonly actions?: ReadonlySet<number>;
  /** A warning kind's index, `any` (rows with a warning), or undefined: every row. */
  readonly warning?: number | 'any';
  /** Words every shown row contains (name, id, what Entra does, changed attributes), ignoring case. */
  readonly search?: string;
}

/** One row's cells as the table shows them (plain text: the page puts them in with textContent). */
export interface RowCells {
  readonly name: string;
  readonly id: string;
  readonly kind: 'user' | 'group';
  readonly action: string;
  readonly status: string;
  readonly warnings: string;
  readonly what: string;
}

export class RowModel {
  readonly count: number;
  readonly names: string[];
  readonly ids: string[];
  /** Per row, the text search looks in, lower-cased; built on the first search. */
  private haystacks: string[] | undefined;

  constructor(readonly table: ReportTable) {
    this.count = table.rows.count;
    this.names = columnValues(table.rows.names, this.count);
    this.ids = columnValues(table.rows.ids, this.count);
  }

  /** The rows that pass, in the simulation's order. */
  filter(filter: RowFilter = {}): Int32Array {
    const { rows } = this.table;
    const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const haystacks = words.length > 0 ? this.searchText() : undefined;
    const shown = new Int32Array(this.count);
    let length = 0;
    for (let row = 0; row < this.count; row++) {
      if (filter.actions && !filter.actions.has(rows.action[row])) continue;
      if (filter.warning !== undefined) {
        const kinds = rows.warningSets[rows.warnings[row]];
        if (filter.warning === 'any' ? kinds.length === 0 : !kinds.includes(filter.warning)) continue;
      }
      if (haystacks && !words.every((word) => haystacks[row].includes(word))) continue;
      shown[length++] = row;
    }
    return shown.subarray(0, length);
  }

  cells(row: number): RowCells {
    const { rows, actions, warningKinds } = this.table;
    const action = actions[rows.action[row]] ?? '';
    const before = rows.before ? actions[rows.before[row]] : undefined;
    return {
      name: this.names[row],
      id: this.ids[row],
      kind: rows.kind[row] === 1 ? 'group' : 'user',
      action: before !== undefined && before !== action ? `${before} → ${action}` : action,
      status: isHeld(action, this.table.held === true) ? heldStatus : (this.table.statuses[rows.status[row]] ?? ''),
      warnings: rows.warningSets[rows.warnings[row]].map((kind) => warningKinds[kind]).join('\n'),
      what: (rows.changes && rows.texts[rows.changes[row]]) || rows.texts[rows.summary[row]],
    };
  }

  /** How many rows carry each warning kind (the filter's choices, most frequent first). */
  warningCounts(): Array<{ readonly kind: number; readonly count: number }> {
    const { warnings, warningSets } = this.table.rows;
    const sets = new Array<number>(warningSets.length).fill(0);
    for (const set of warnings) sets[set]++;
    const counts = new Array<number>(this.table.warningKinds.length).fill(0);
    warningSets.forEach((kinds, set) => {
      for (const kind of kinds) counts[kind] += sets[set];
    });
    return counts.map((count, kind) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind - b.kind);
  }

  /** How many rows carry any warning (what the "Any warning" filter shows; a row with two kinds counts once). */
  rowsWithWarnings(): number {
    const { warnings, warningSets } = this.table.rows;
    let count = 0;
    for (const set of warnings) if (warningSets[set].length > 0) count++;
    return count;
  }

  private searchText(): string[] {
    if (!this.haystacks) {
      const { rows } = this.table;
      const texts = rows.texts.map((text) => text.toLowerCase());
      this.haystacks = this.names.map(
        (name, row) =>
          `${name.toLowerCase()}\u0000${this.ids[row].toLowerCase()}\u0000${texts[rows.summary[row]]}\u0000${rows.changes ? texts[rows.changes[row]] : ''}`,
      );
    }
    return this.haystacks;
  }
}

/** The first and last row (exclusive) a viewport shows: only those are in the DOM. */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): { readonly first: number; readonly last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** The keys that move the selection through the shown rows, as in VS Code's lists. */
export const selectionKeys = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;

/**
 * The position (in the shown rows) the selection moves to for `key`, from `position` (-1: none
 * selected yet: every key but End selects the first row); `pageRows` rows fit in the viewport, and a
 * page moves one row less, so the last row seen stays in sight. Undefined when there is no row.
 */
export function movedSelection(key: (typeof selectionKeys)[number], position: number, total: number, pageRows: number): number | undefined {
  if (total === 0) return undefined;
  const page = Math.max(1, pageRows - 1);
  const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }[key];
  const target = position < 0 && key !== 'End' ? 0 : position + step;
  return Math.min(total - 1, Math.max(0, target));
}

// The report table's row model (client/src/report/rows.ts), as the page runs it: filters by action
// and warning kind, search over names, ids and what happens, the cells a row shows, and the window
// of rows a scrolled viewport puts in the DOM.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReportTable } from '../../../client/src/report/messages';
import { movedSelection, RowModel, visibleWindow } from '../../../client/src/report/rows';
import { simulationActions, simulationStatuses } from '../../../shared/src/protocol';
import { RowColumns } from '../../../shared/src/simulation-rows';

const action = (name: (typeof simulationActions)[number]) => simulationActions.indexOf(name);

function table(impact = false, firstName = 'amelia@contoso.com'): ReportTable {
  const columns = new RowColumns(impact);
  const add = (
    name: string,
    id: string,
    kind: number,
    act: number,
    status: number,
    summary: string,
    warnings: number[],
    before: number,
    changes: string,
  ) => columns.add({ name, id, kind, action: act, status, summary, warnings, ...(impact ? { before, changes } : {}) });
  add(firstName, 'u-amelia', 0, action('create'), 1, 'Entra creates the user.', [1], action('create'), 'title');
  add('Bob Ångström', 'u-bob', 0, action('update'), 0, 'Entra updates the title.', [], action('create'), 'title, department');
  add('chloe@contoso.com', 'u-chloe', 0, action('failure'), 2, 'Entra fails the object: two sources match.', [0, 1], action('create'), '');
  add('Sales', 'g-sales', 1, action('noChange'), 3, 'Nothing to send.', [], action('noChange'), '');
  return {
    actions: [...simulationActions],
    statuses: [...simulationStatuses],
    warningKinds: ['userName "…" is also what "…" maps to', 'the value is not an E.164 phone number'],
    impact,
    rows: columns.rows(),
  };
}

const ids = (model: RowModel, rows: Int32Array) => [...rows].map((row) => model.ids[row]);

describe('the report row model', () => {
  test('shows every row, in the simulation order, without a filter', () => {
    const model = new RowModel(table());
    assert.equal(model.count, 4);
    assert.deepEqual(ids(model, model.filter()), ['u-amelia', 'u-bob', 'u-chloe', 'g-sales']);
  });

  test('filters by action', () => {
    const model = new RowModel(table());
    assert.deepEqual(ids(model, model.filter({ actions: new Set([action('create'), action('failure')]) })), ['u-amelia', 'u-chloe']);
    assert.deepEqual(ids(model, model.filter({ actions: new Set() })), []);
  });

  test('filters by a warning kind, or by any warning', () => {
    const model = new RowModel(table());
    assert.deepEqual(ids(model, model.filter({ warning: 0 })), ['u-chloe']);
    assert.deepEqual(ids(model, model.filter({ warning: 1 })), ['u-amelia', 'u-chloe']);
    assert.deepEqual(ids(model, model.filter({ warning: 'any' })), ['u-amelia', 'u-chloe']);
    assert.deepEqual(
      model.warningCounts().map(({ kind, count }) => [kind, count]),
      [
        [1, 2],
        [0, 1],
      ],
    );
  });

  test('"Any warning" counts the rows it shows: a row with two kinds of warning once', () => {
    const model = new RowModel(table());
    assert.equal(model.rowsWithWarnings(), model.filter({ warning: 'any' }).length);
    assert.equal(model.rowsWithWarnings(), 2, 'u-amelia (one kind) and u-chloe (two kinds)');
  });

  test('searches names, ids and what happens, ignoring case, every word', () => {
    const model = new RowModel(table());
    assert.deepEqual(ids(model, model.filter({ search: 'ÅNGSTRÖM' })), ['u-bob']);
    assert.deepEqual(ids(model, model.filter({ search: 'u-chl' })), ['u-chloe']);
    assert.deepEqual(ids(model, model.filter({ search: 'entra user' })), ['u-amelia']);
    assert.deepEqual(ids(model, model.filter({ search: '   ' })), ['u-amelia', 'u-bob', 'u-chloe', 'g-sales']);
    // Filters and search together.
    assert.deepEqual(ids(model, model.filter({ search: 'contoso', warning: 'any', actions: new Set([action('failure')]) })), ['u-chloe']);
  });

  test('impact mode searches and shows the changed attributes, and the action before and after', () => {
    const model = new RowModel(table(true));
    assert.deepEqual(ids(model, model.filter({ search: 'department' })), ['u-bob']);
    assert.deepEqual(model.cells(1), {
      name: 'Bob Ångström',
      id: 'u-bob',
      kind: 'user',
      action: 'create → update',
      status: 'success',
      warnings: '',
      what: 'title, department',
    });
    assert.equal(model.cells(0).action, 'create', 'an unchanged action is shown once');
    assert.equal(model.cells(2).what, 'Entra fails the object: two sources match.', 'no attribute changed: what Entra does');
  });

  test('travels as joined names and ids, distinct sentences and warning sets once', () => {
    const { rows } = table();
    assert.equal(rows.count, 4);
    assert.equal(typeof rows.names, 'string');
    assert.deepEqual(rows.warningSets, [[], [1], [0, 1]], 'each distinct set once, the empty one first');
    assert.deepEqual(rows.warnings, [1, 0, 2, 0]);
    const nul = new RowColumns(false);
    nul.add({ name: 'a\u0000b', id: 'x', kind: 0, action: 0, status: 0, summary: 's', warnings: [] });
    nul.add({ name: 'c', id: 'y', kind: 0, action: 0, status: 0, summary: 's', warnings: [] });
    const model = new RowModel({
      rows: nul.rows(),
      actions: [...simulationActions],
      statuses: [...simulationStatuses],
      warningKinds: [],
      impact: false,
    });
    assert.deepEqual(model.names, ['a\uFFFDb', 'c'], 'a NUL inside a name never splits its row');
    assert.deepEqual(nul.rows().texts, ['s'], 'a sentence repeated travels once');
  });

  test('a disable or delete shows as held when the threshold stops the cycle (before: success); other rows keep their status', () => {
    const columns = new RowColumns(false);
    for (const act of ['disable', 'delete', 'create'] as const)
      columns.add({ name: act, id: act, kind: 0, action: action(act), status: 0, summary: 's', warnings: [] });
    const view = (held: boolean) =>
      new RowModel({
        rows: columns.rows(),
        actions: [...simulationActions],
        statuses: [...simulationStatuses],
        held,
        warningKinds: [],
        impact: false,
      });
    assert.deepEqual(
      [0, 1, 2].map((row) => view(true).cells(row).status),
      ['held', 'held', 'success'],
    );
    assert.deepEqual(
      [0, 1, 2].map((row) => view(false).cells(row).status),
      ['success', 'success', 'success'],
    );
  });

  test('cells are the plain values (the page puts them in with textContent)', () => {
    const hostile = table(false, '<img src=x onerror=alert(1)>');
    const cells = new RowModel(hostile).cells(0);
    assert.equal(cells.name, '<img src=x onerror=alert(1)>');
    assert.equal(cells.warnings, 'the value is not an E.164 phone number');
    assert.equal(new RowModel(hostile).cells(3).kind, 'group');
  });

  test('the keys move the selection as in VS Code lists: a row, a page, the ends, never past them', () => {
    // 100 rows shown, 10 fit in the viewport: a page moves 9, so the last row seen stays in sight.
    assert.equal(movedSelection('ArrowDown', 4, 100, 10), 5);
    assert.equal(movedSelection('ArrowUp', 4, 100, 10), 3);
    assert.equal(movedSelection('ArrowUp', 0, 100, 10), 0);
    assert.equal(movedSelection('ArrowDown', 99, 100, 10), 99);
    assert.equal(movedSelection('PageDown', 4, 100, 10), 13);
    assert.equal(movedSelection('PageUp', 13, 100, 10), 4);
    assert.equal(movedSelection('PageDown', 95, 100, 10), 99);
    assert.equal(movedSelection('PageUp', 3, 100, 10), 0);
    assert.equal(movedSelection('Home', 57, 100, 10), 0);
    assert.equal(movedSelection('End', 57, 100, 10), 99);
    // Nothing selected yet: End selects the last row, every other key the first.
    assert.equal(movedSelection('End', -1, 100, 10), 99);
    assert.equal(movedSelection('ArrowUp', -1, 100, 10), 0);
    assert.equal(movedSelection('PageDown', -1, 100, 10), 0);
    // A viewport too small for a row still pages by one; no row, no selection.
    assert.equal(movedSelection('PageDown', 4, 100, 0), 5);
    assert.equal(movedSelection('Home', -1, 0, 10), undefined);
  });

  test('the visible window covers the viewport and a few rows either side, never past the ends', () => {
    assert.deepEqual(visibleWindow(0, 240, 24, 100_000), { first: 0, last: 20 });
    assert.deepEqual(visibleWindow(24 * 50_000, 240, 24, 100_000), { first: 49_990, last: 50_020 });
    assert.deepEqual(visibleWindow(24 * 99_995, 240, 24, 100_000), { first: 99_985, last: 100_000 });
    assert.deepEqual(visibleWindow(0, 240, 24, 0), { first: 0, last: 0 });
  });
});

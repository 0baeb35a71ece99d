// The report table's row model (client/src/report/rows.ts), as the page runs it: filters by action
// and warning kind, search over names, ids and what happens, the cells a row shows, and the window
// of rows a scrolled viewport puts in the DOM.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReportTable } from '../../../client/src/report/messages';
import { RowModel, visibleWindow } from '../../../client/src/report/rows';
import { simulationActions, simulationStatuses } from '../../../shared/src/protocol';

const action = (name: (typeof simulationActions)[number]) => simulationActions.indexOf(name);

function table(impact = false): ReportTable {
  return {
    actions: [...simulationActions],
    statuses: [...simulationStatuses],
    warningKinds: ['userName "…" is also what "…" maps to', 'the value is not an E.164 phone number'],
    impact,
    rows: {
      name: ['amelia@contoso.com', 'Bob Ångström', 'chloe@contoso.com', 'Sales'],
      id: ['u-amelia', 'u-bob', 'u-chloe', 'g-sales'],
      kind: [0, 0, 0, 1],
      action: [action('create'), action('update'), action('failure'), action('noChange')],
      status: [1, 0, 2, 3],
      summary: ['Entra creates the user.', 'Entra updates the title.', 'Entra fails the object: two sources match.', 'Nothing to send.'],
      warnings: [[1], [], [0, 1], []],
      ...(impact
        ? {
            before: [action('create'), action('create'), action('create'), action('noChange')],
            changes: ['title', 'title, department', '', ''],
          }
        : {}),
    },
  };
}

const ids = (model: RowModel, rows: Int32Array) => [...rows].map((row) => model.table.rows.id[row]);

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

  test('cells are the plain values (the page puts them in with textContent)', () => {
    const hostile = table();
    hostile.rows.name[0] = '<img src=x onerror=alert(1)>';
    const cells = new RowModel(hostile).cells(0);
    assert.equal(cells.name, '<img src=x onerror=alert(1)>');
    assert.equal(cells.warnings, 'the value is not an E.164 phone number');
    assert.equal(new RowModel(hostile).cells(3).kind, 'group');
  });

  test('the visible window covers the viewport and a few rows either side, never past the ends', () => {
    assert.deepEqual(visibleWindow(0, 240, 24, 100_000), { first: 0, last: 20 });
    assert.deepEqual(visibleWindow(24 * 50_000, 240, 24, 100_000), { first: 49_990, last: 50_020 });
    assert.deepEqual(visibleWindow(24 * 99_995, 240, 24, 100_000), { first: 99_985, last: 100_000 });
    assert.deepEqual(visibleWindow(0, 240, 24, 0), { first: 0, last: 0 });
  });
});

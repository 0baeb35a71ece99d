// The report page's only script (bundled by esbuild to dist/webview/report.js). It builds the table
// from the compact columns the panel posts and keeps in the DOM only the rows the viewport shows
// (plus a few above and below), so 100,000 objects scroll as 100 do. Every value goes in with
// textContent; the only HTML it inserts is what render.ts rendered and escaped (the header, an
// opened row). Filters by action and warning kind and a search narrow the rows (rows.ts). The table
// is an ARIA grid as VS Code's own lists are: it keeps the focus, names the selected row with
// aria-activedescendant, and numbers the rows in the DOM (aria-rowindex of aria-rowcount), so a
// screen reader says which of the 100,000 objects is selected.
import { dataAttribute } from '../../preview/messages';
import type { ReportPageMessage, ReportPanelMessage, ReportTable } from '../messages';
import { movedSelection, RowModel, selectionKeys, visibleWindow, type RowFilter } from '../rows';

interface WebviewApi {
  postMessage(message: ReportPageMessage): void;
  getState(): Record<string, unknown> | undefined;
  setState(state: Record<string, unknown>): void;
}
declare function acquireVsCodeApi(): WebviewApi;

const vscode = acquireVsCodeApi();
const rowHeight = 24;

const root = document.getElementById('root')!;
root.textContent = '';
const head = element('div', 'head');
const staleBanner = element('div', 'banner stale');
const toolbar = element('div', 'toolbar');
const table = element('div', 'table');
const columns = element('div', 'row columns');
const viewport = element('div', 'viewport');
const spacer = element('div', 'spacer');
const layer = element('div', 'layer');
const empty = element('p', 'empty muted');
const detail = element('div', 'detail-pane');
table.tabIndex = 0;
table.setAttribute('role', 'grid');
table.setAttribute('aria-label', 'Objects of the simulation');
table.setAttribute('aria-colcount', '6');
columns.setAttribute('role', 'row');
columns.setAttribute('aria-rowindex', '1');
for (const part of [viewport, spacer]) part.setAttribute('role', 'presentation');
layer.setAttribute('role', 'rowgroup');
detail.tabIndex = -1;
detail.setAttribute('role', 'region');
detail.setAttribute('aria-label', 'The selected object');
staleBanner.setAttribute('role', 'status');
staleBanner.append(
  'The mapping has changed since this run: the counts and values are from the text it ran on; links follow your edits. ',
  runAgainButton(),
);
staleBanner.hidden = true;
spacer.append(layer);
viewport.append(spacer);
table.append(columns, viewport, empty);
root.append(head, staleBanner, toolbar, table, detail);
table.hidden = true;

let model: RowModel | undefined;
let shown: Int32Array = new Int32Array(0);
let selected = -1;
/** Whether the opened row's details take the focus when they arrive. */
let focusDetail = false;
const filter: { actions?: Set<number>; warning?: number | 'any'; search: string } = { search: '' };

function runAgainButton(): HTMLButtonElement {
  const button = element('button', '', 'Run again');
  button.type = 'button';
  button.setAttribute(dataAttribute.action, 'rerun');
  return button;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** Shows a result; `arrived` is the time its message reached the page. */
function showReport(header: string, data: ReportTable, arrived: number): void {
  head.innerHTML = header;
  staleBanner.hidden = true;
  model = new RowModel(data);
  selected = -1;
  focusDetail = false;
  filter.actions = undefined;
  filter.warning = undefined;
  filter.search = '';
  detail.textContent = '';
  buildToolbar(model);
  columns.textContent = '';
  for (const title of ['Object', 'Id', 'Action', 'Status', '⚠', data.impact ? 'What changes' : 'What Entra does']) {
    const cell = element('span', 'cell', title);
    cell.setAttribute('role', 'columnheader');
    if (title === '⚠') cell.setAttribute('aria-label', 'Warnings');
    columns.append(cell);
  }
  table.hidden = false;
  applyFilter();
  viewport.scrollTop = 0;
  renderWindow();
  // "Shown" is when the frame with the table has been drawn, not only when it is about to be.
  afterNextPaint(() => {
    const milliseconds = Math.round(performance.now() - arrived);
    document.body.dataset.shownMs = String(milliseconds);
    vscode.postMessage({ type: 'shown', rows: model?.count ?? 0, milliseconds });
  });
}

/**
 * Calls `then` once the next frame is painted: animation frame callbacks run before the frame's
 * style, layout and paint, so a task queued from one runs after them.
 */
function afterNextPaint(then: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => then();
    channel.port2.postMessage(undefined);
  });
}

function buildToolbar(rows: RowModel): void {
  toolbar.textContent = '';
  const counts = new Array<number>(rows.table.actions.length).fill(0);
  for (const action of rows.table.rows.action) counts[action]++;
  const actions = element('fieldset', 'actions');
  actions.append(element('legend', '', 'Actions'));
  rows.table.actions.forEach((name, index) => {
    if (counts[index] === 0) return;
    const label = element('label', 'action-filter');
    const box = element('input', '');
    box.type = 'checkbox';
    box.checked = true;
    box.value = String(index);
    label.append(box, ` ${name} (${counts[index].toLocaleString('en-US')})`);
    actions.append(label);
  });
  actions.addEventListener('change', () => {
    const boxes = Array.from(actions.querySelectorAll('input'));
    const checked = boxes.filter((box) => box.checked).map((box) => Number(box.value));
    filter.actions = checked.length === boxes.length ? undefined : new Set(checked);
    refilter();
  });

  const warning = element('select', 'warning-filter');
  warning.title = 'Show only the rows with this kind of warning';
  warning.append(new Option('All rows', ''));
  const kinds = rows.warningCounts().filter((kind) => kind.count > 0);
  if (kinds.length > 0) {
    warning.append(new Option(`Any warning (${rows.rowsWithWarnings().toLocaleString('en-US')})`, 'any'));
    for (const { kind, count } of kinds)
      warning.append(new Option(`${rows.table.warningKinds[kind]} (${count.toLocaleString('en-US')})`, String(kind)));
  } else warning.disabled = true;
  warning.addEventListener('change', () => {
    filter.warning = warning.value === '' ? undefined : warning.value === 'any' ? 'any' : Number(warning.value);
    refilter();
  });

  const search = element('input', 'search');
  search.type = 'search';
  search.placeholder = 'Search names, ids, what happens';
  search.setAttribute('aria-label', 'Search the objects');
  let pending: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      filter.search = search.value;
      refilter();
    }, 120);
  });

  const count = element('span', 'shown-count muted');
  count.id = 'shown-count';
  toolbar.append(actions, warning, search, count);
}

function applyFilter(): void {
  if (!model) return;
  const rowFilter: RowFilter = { actions: filter.actions, warning: filter.warning, search: filter.search };
  shown = model.filter(rowFilter);
  spacer.style.height = `${shown.length * rowHeight}px`;
  table.setAttribute('aria-rowcount', String(shown.length + 1));
  table.classList.toggle('is-empty', shown.length === 0);
  empty.textContent =
    shown.length > 0
      ? ''
      : model.count > 0
        ? 'No object matches these filters and this search.'
        : model.table.impact
          ? "No object's requests change."
          : 'The directory has no objects.';
  const count = document.getElementById('shown-count');
  if (count)
    count.textContent =
      shown.length === model.count
        ? `${model.count.toLocaleString('en-US')} objects`
        : `${shown.length.toLocaleString('en-US')} of ${model.count.toLocaleString('en-US')} objects`;
}

function refilter(): void {
  applyFilter();
  viewport.scrollTop = 0;
  renderWindow();
}

/** Puts in the DOM only the rows between the viewport's top and bottom (and a few more). */
function renderWindow(): void {
  if (!model) return;
  const { first, last } = visibleWindow(viewport.scrollTop, viewport.clientHeight || 600, rowHeight, shown.length);
  layer.style.transform = `translateY(${first * rowHeight}px)`;
  const fragment = document.createDocumentFragment();
  for (let position = first; position < last; position++) {
    const row = shown[position];
    const cells = model.cells(row);
    const line = element('div', `row status-${cells.status}${row === selected ? ' selected' : ''}`);
    line.dataset.row = String(row);
    line.id = rowId(row);
    line.setAttribute('role', 'row');
    line.setAttribute('aria-rowindex', String(position + 2));
    line.setAttribute('aria-selected', String(row === selected));
    const warningCount = cells.warnings ? cells.warnings.split('\n').length : 0;
    const warnings = element('span', 'cell warnings', warningCount > 0 ? `⚠ ${warningCount}` : '');
    if (warningCount > 0) warnings.setAttribute('aria-label', `${warningCount} warning${warningCount === 1 ? '' : 's'}: ${cells.warnings}`);
    line.append(
      element('span', `cell name kind-${cells.kind}`, cells.name),
      element('span', 'cell id muted', cells.id),
      element('span', 'cell act', cells.action),
      element('span', 'cell status', cells.status),
      warnings,
      element('span', 'cell what', cells.what),
    );
    for (const cell of Array.from(line.children)) cell.setAttribute('role', 'gridcell');
    if (cells.warnings) line.title = cells.warnings;
    fragment.append(line);
  }
  layer.replaceChildren(fragment);
  // The selected row is announced while it is in the DOM (the keys keep it in the viewport).
  if (selected >= 0 && layer.querySelector(`#${rowId(selected)}`)) table.setAttribute('aria-activedescendant', rowId(selected));
  else table.removeAttribute('aria-activedescendant');
}

function rowId(row: number): string {
  return `object-row-${row}`;
}

let frame = 0;
viewport.addEventListener('scroll', () => {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderWindow();
  });
});
window.addEventListener('resize', () => renderWindow());

/** Selects a row and asks for its steps and requests; `focus`: move the focus to them once they arrive (Enter, Space). */
function open(row: number, focus = false): void {
  selected = row;
  focusDetail = focus;
  renderWindow();
  detail.textContent = 'Loading…';
  vscode.postMessage({ type: 'detail', row });
}

viewport.addEventListener('click', (event) => {
  const line = event.target instanceof Element ? event.target.closest<HTMLElement>('.row') : null;
  if (line?.dataset.row !== undefined) open(Number(line.dataset.row));
});

// The arrows, Page Up/Down, Home and End move the selection through the shown rows (scrolling it
// into view) and show its details; Enter and Space open the details and move the focus to them.
table.addEventListener('keydown', (event) => {
  const position = shown.indexOf(selected);
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    const row = position >= 0 ? selected : shown[0];
    if (row !== undefined) open(row, true);
    return;
  }
  const key = selectionKeys.find((name) => name === event.key);
  if (!key) return;
  event.preventDefault();
  const next = movedSelection(key, position, shown.length, Math.floor(viewport.clientHeight / rowHeight));
  if (next === undefined) return;
  const top = next * rowHeight;
  if (top < viewport.scrollTop) viewport.scrollTop = top;
  else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
  open(shown[next]);
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const link = target.closest(`[${dataAttribute.range}]`);
  if (link) {
    event.preventDefault();
    vscode.postMessage({ type: 'jump', range: (link.getAttribute(dataAttribute.range) ?? '').split(',').map(Number) });
    return;
  }
  if (target.closest(`[${dataAttribute.action}="rerun"]`)) vscode.postMessage({ type: 'rerun' });
});

window.addEventListener('message', (event: MessageEvent<ReportPanelMessage | undefined>) => {
  // The result's arrival: taken before the first read of `data`, which deserializes the posted copy.
  const arrived = performance.now();
  const message = event.data;
  if (!message) return;
  if (message.type === 'message' || message.type === 'report') vscode.setState({ ...message.state });
  if (message.type === 'report') {
    showReport(message.header, message.table, arrived);
  } else if (message.type === 'stale') {
    staleBanner.hidden = !message.stale || model === undefined;
  } else if (message.type === 'message') {
    model = undefined;
    staleBanner.hidden = true;
    head.innerHTML = message.header;
    toolbar.textContent = '';
    detail.textContent = '';
    table.hidden = true;
  } else if (message.type === 'detail' && message.row === selected) {
    detail.innerHTML = message.html;
    if (focusDetail) {
      focusDetail = false;
      detail.focus();
      detail.scrollIntoView({ block: 'nearest' });
    }
  }
});

vscode.postMessage({ type: 'ready' });

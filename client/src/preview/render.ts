// The preview panel's HTML, rendered by pure functions (no VS Code API) so escaping and layout are
// unit-tested. Every value from the mapping, the samples or the target is escaped; the page loads
// nothing remote, runs only the nonce'd script (page/preview.ts, bundled to dist/webview/), and takes
// its colours from the theme's CSS variables (page/preview.css).
import { shellQuote } from '../../../shared/src/shell';
import { pointerToken } from '../../../shared/src/json-pointer';
import type { NoteView, ObjectPreviewView, PreviewParams, PreviewResult, RequestView, WireRange } from '../../../shared/src/protocol';
import { compatInputName, dataAttribute, type CopyFormat, type Scenario } from './messages';
import { renderProvisionControls, renderProvisionRun, type ProvisionView } from './render-provision';

export type Compat = PreviewParams['compat'];

export interface PanelView {
  readonly result?: PreviewResult;
  readonly compat: Compat;
  /** File names for the header. */
  readonly mappingName: string;
  readonly samplesName: string;
  /** Shown instead of a result: "Pick a sample…", an error from the server. */
  readonly message?: string;
  /** The provisioning buttons and the last run (absent: no buttons). */
  readonly provision?: ProvisionView;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Where the webview loads the page's script and style sheet from (webview URIs of dist/webview/). */
export interface PageAssets {
  readonly script: string;
  readonly style: string;
  /** Style sheets loaded before `style` (the report page reuses the preview's, for requests). */
  readonly baseStyles?: readonly string[];
}

/** A page's title and what it says until its script has rendered. */
export interface PageText {
  readonly title: string;
  readonly loading: string;
}

/** The page: strict CSP (nothing but the nonce'd style and script), theme colours, an empty root the script fills. */
export function renderShell(
  nonce: string,
  cspSource: string,
  assets: PageAssets,
  page: PageText = { title: 'SCIM Preview', loading: 'Loading the preview…' },
): string {
  const csp = [
    `default-src 'none'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
${[...(assets.baseStyles ?? []), assets.style].map((style) => `<link rel="stylesheet" nonce="${escapeHtml(nonce)}" href="${escapeHtml(style)}">`).join('\n')}
</head>
<body>
<main id="root"><p class="muted">${escapeHtml(page.loading)}</p></main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(assets.script)}"></script>
</body>
</html>`;
}

/** The panel's content for one state. */
export function renderBody(view: PanelView): string {
  const result = view.result;
  const header = renderHeader(view);
  if (!result || !result.ok) {
    const message = view.message ?? (result && !result.ok ? result.message : 'Pick a sample user or group to preview.');
    return `${header}<p class="message">${escapeHtml(message)}</p>${view.provision ? renderProvisionRun(view.provision) : ''}`;
  }
  const banner =
    result.mappingErrors > 0
      ? `<div class="banner error" role="alert">The mapping has ${result.mappingErrors} error${result.mappingErrors === 1 ? '' : 's'}: this preview may differ from what Entra sends. Fix them first.</div>`
      : '';
  const update = result.update
    ? renderScenario('update', 'Update', result.update)
    : `<section class="column"><h2>Update</h2><p class="muted">Give the sample a <code>$target</code> (its current state in the target) to preview the update.</p></section>`;
  return `${header}${banner}${view.provision ? renderProvisionRun(view.provision) : ''}<div class="columns">${renderDecision(result.create)}${renderScenario('create', 'Create', result.create)}${update}</div>`;
}

function renderHeader(view: PanelView): string {
  const result = view.result?.ok ? view.result : undefined;
  const sample = result
    ? `<span class="sample"><span class="kind">${result.sample.kind}</span> <strong>${escapeHtml(result.sample.label)}</strong> <span class="muted">${escapeHtml(result.sample.id)}</span></span>`
    : '';
  const radio = (value: Compat, label: string) =>
    `<label><input type="radio" name="${compatInputName}" value="${value}"${view.compat === value ? ' checked' : ''}> ${label}</label>`;
  return `<header>
<div class="where">${sample}<span class="muted">${escapeHtml(view.samplesName)} · ${escapeHtml(view.mappingName)}</span></div>
<div class="controls">
<fieldset class="compat" title="aadOptscim062020 on the Tenant URL changes Entra's PATCH format"><legend>PATCH format</legend>${radio('default', 'Default')}${radio('aadOptscim062020', 'aadOptscim062020')}</fieldset>
<button type="button" ${dataAttribute.action}="pick">Pick sample…</button>
${result && view.provision ? renderProvisionControls(view.provision) : ''}
</div>
</header>`;
}

const verdictMarks = { pass: '✓', fail: '✗', unknown: '?' } as const;

/** Scoping verdict and the matching queries: why Entra does what the other columns show. */
function renderDecision(preview: ObjectPreviewView): string {
  const scope = preview.scope;
  // A clause without a verdict is neither true nor false; so is a filter it leaves undecided (no clause of it false).
  const filters = (scope?.filters ?? [])
    .map((filter) => {
      const verdict = filter.result ? 'pass' : filter.clauses.every((clause) => clause.result || clause.unknown) ? 'unknown' : 'fail';
      return `<li class="${verdict}">${jump(filter.range, `<span class="verdict">${verdictMarks[verdict]}</span> ${escapeHtml(filter.title)}`)}
<ul>${filter.clauses
        .map((clause) => {
          const verdict = clause.result ? 'pass' : clause.unknown ? 'unknown' : 'fail';
          return `<li class="${verdict}">${jump(clause.range, `<span class="verdict">${verdictMarks[verdict]}</span> <code>${escapeHtml(clause.text)}</code>`)} <span class="muted">${escapeHtml(clause.reason)}</span></li>`;
        })
        .join('')}</ul></li>`;
    })
    .join('');
  const matching = preview.matching
    .map((step) => {
      const state =
        step.value === null ? 'no value: skipped' : step.found === true ? 'finds the target state' : step.found === false ? 'no match' : '';
      return `<li>${jump(step.range, `<span class="badge">${step.precedence}</span> <code>${escapeHtml(step.attribute)}</code>`)} ${step.value === null ? '' : `= <code>${escapeHtml(JSON.stringify(step.value))}</code>`} <span class="muted">${escapeHtml(state)}</span></li>`;
    })
    .join('');
  return `<section class="column"><h2>Scoping</h2>
<p class="${scope?.inScope === false ? 'fail' : 'pass'}">${escapeHtml(scope?.summary ?? 'Not evaluated.')}</p>
${filters ? `<ul class="tree">${filters}</ul>` : ''}
<h2>Matching</h2>
${matching ? `<ol class="plain">${matching}</ol>` : '<p class="muted">No matching attribute.</p>'}
</section>`;
}

function renderScenario(scenario: Scenario, title: string, preview: ObjectPreviewView): string {
  const requests = preview.requests.map((request, index) => renderRequest(scenario, index, request)).join('');
  return `<section class="column"><h2>${title} <span class="action action-${preview.action}">${preview.action}</span></h2>
<p>${escapeHtml(preview.summary)}</p>
${renderNotes(preview.notes)}
${requests || '<p class="muted">No request is sent.</p>'}
</section>`;
}

function renderRequest(scenario: Scenario, index: number, request: RequestView): string {
  const copy = `${request.body !== undefined ? button(scenario, index, 'json', 'Copy JSON') : ''}${button(scenario, index, 'curl', 'Copy curl')}`;
  const path = markPlaceholders(request.path, request.placeholders.path);
  const pathHtml = request.sources.path ? jump(request.sources.path, path) : path;
  const body = request.body === undefined ? '' : `<pre class="json">${renderJson(request.body, '', request, '')}</pre>`;
  return `<article class="request">
<div class="request-head"><span class="method method-${request.method.toLowerCase()}">${request.method}</span> <code class="path">${pathHtml}</code></div>
<div class="request-title"><span>${escapeHtml(request.title)}</span><span class="copy">${copy}</span></div>
${renderNotes(request.notes.filter((note) => note.pointer === undefined || note.pointer === 'path'))}
${body}
${renderNotes(request.notes.filter((note) => note.pointer !== undefined && note.pointer !== 'path'))}
</article>`;
}

function button(scenario: Scenario, index: number, format: CopyFormat, label: string): string {
  return `<button type="button" class="small" ${dataAttribute.copy}="${format}" ${dataAttribute.scenario}="${scenario}" ${dataAttribute.index}="${index}">${label}</button>`;
}

export function renderNotes(notes: readonly NoteView[]): string {
  if (notes.length === 0) return '';
  const icon = { error: '⛔', warning: '⚠', information: 'ℹ' };
  return `<ul class="notes">${notes
    .map((note) => {
      const text = `${icon[note.severity]} ${escapeHtml(note.message)}`;
      return `<li class="note note-${note.severity}">${note.range ? jump(note.range, text) : text}</li>`;
    })
    .join('')}</ul>`;
}

/** JSON with each value that came from a mapping linked to it; placeholders and warned values marked. */
export function renderJson(value: unknown, pointer: string, request: RequestView, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return leaf('[]', pointer, request);
    return `[\n${value.map((item, index) => inner + renderJson(item, `${pointer}/${index}`, request, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return leaf('{}', pointer, request);
    return `{\n${entries.map(([key, item]) => `${inner}<span class="j-key">${escapeHtml(JSON.stringify(key))}</span>: ${renderJson(item, `${pointer}/${pointerToken(key)}`, request, inner)}`).join(',\n')}\n${indent}}`;
  }
  return leaf(JSON.stringify(value) ?? 'null', pointer, request, typeof value === 'string' ? 'j-str' : value === null ? 'j-null' : 'j-lit');
}

function leaf(text: string, pointer: string, request: RequestView, kind = 'j-lit'): string {
  const placeholders = request.placeholders[pointer];
  const warnings = request.notes.filter((note) => note.pointer === pointer && note.severity !== 'information');
  let html = `<span class="${kind}">${placeholders ? markPlaceholders(text, placeholders) : escapeHtml(text)}</span>`;
  if (warnings.length > 0)
    html = `<span class="warned" title="${escapeHtml(warnings.map((note) => note.message).join('\n'))}">${html} ⚠</span>`;
  const source = request.sources[pointer];
  return source ? jump(source, html) : html;
}

/** «…» runs shown as placeholders, with what they stand for as the tooltip. */
function markPlaceholders(text: string, placeholders: ReadonlyArray<{ readonly note: string }> | undefined): string {
  const title = placeholders && placeholders.length > 0 ? ` title="${escapeHtml(placeholders.map((item) => item.note).join('\n'))}"` : '';
  return text
    .split(/(«[^»]*»)/)
    .map((part) =>
      part.startsWith('«') && part.endsWith('»') ? `<mark class="placeholder"${title}>${escapeHtml(part)}</mark>` : escapeHtml(part),
    )
    .join('');
}

/** A link that jumps to the mapping text; the range travels as four integers. */
export function jump(range: WireRange, html: string): string {
  const data = [range.start.line, range.start.character, range.end.line, range.end.character].join(',');
  return `<a href="#" class="src" ${dataAttribute.range}="${data}" title="Line ${range.start.line + 1} of the mapping">${html}</a>`;
}

/** The request as JSON for the clipboard: the body when it has one, else the request line. */
export function requestJson(request: RequestView): string {
  return request.body === undefined
    ? JSON.stringify({ method: request.method, path: request.path }, null, 2)
    : JSON.stringify(request.body, null, 2);
}

/**
 * The request as a curl command without the token: the base URL and the token come from the
 * environment ($SCIM_BASE_URL, $SCIM_TOKEN), the query is percent-encoded. Everything that comes
 * from the mapping or the samples (the path, the body) is single-quoted, so a pasted command never
 * runs `$(...)`, backticks or `;` hidden in a sample's values.
 */
export function curlCommand(request: RequestView): string {
  const [path, query] = splitOnce(request.path, '?');
  const encoded =
    query === undefined
      ? ''
      : `?${query
          .split(/&(?=(?:filter|excludedAttributes|attributes)=)/)
          .map((pair) => {
            const [key, value] = splitOnce(pair, '=');
            return value === undefined ? key : `${key}=${encodeURIComponent(value)}`;
          })
          .join('&')}`;
  const lines = [
    `curl -sS -X ${request.method} "$SCIM_BASE_URL"${shellQuote(path + encoded)}`,
    `  -H "Authorization: Bearer $SCIM_TOKEN"`,
    `  -H "Accept: application/scim+json"`,
  ];
  if (request.body !== undefined) {
    lines.push(`  -H "Content-Type: application/scim+json"`, `  --data-raw ${shellQuote(JSON.stringify(request.body))}`);
  }
  return lines.join(' \\\n');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

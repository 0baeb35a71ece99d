// The report view's HTML (client/src/report/render.ts): every value from the directory, the mapping
// or the target is escaped; values link to their mapping line as in the preview.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderDetail, renderReportHeader, renderReportMessage, renderReportShell, reportMessage } from '../../../client/src/report/render';
import type { SimulationDetail, SimulationReport } from '../../../shared/src/protocol';
import { RowColumns } from '../../../shared/src/simulation-rows';

const hostile = '<img src=x onerror=alert(1)>';
const range = { start: { line: 11, character: 2 }, end: { line: 11, character: 23 } };

const reportResult: SimulationReport = {
  ok: true,
  id: 1,
  summary: {
    objects: 3,
    byAction: { create: 2, update: 0, disable: 0, delete: 0, noChange: 0, skip: 0, failure: 1 },
    byReason: [{ reason: `Entra fails the object: ${hostile}`, count: 1 }],
    topWarnings: [{ warning: `userName "${hostile}" is taken`, count: 1 }],
    rejections: 1,
    settings: { scope: 'assigned', deletionThreshold: 500 },
    notes: [`note ${hostile}`],
    stopsCycle: true,
  },
  warningKinds: [],
  rows: new RowColumns(false).rows(),
  problems: [{ where: `${hostile}.csv:3`, message: 'a broken row' }],
  problemCount: 1,
  inputNotes: [{ where: `${hostile}.csv:2`, message: `the manager "${hostile}" is no user of the directory` }],
  inputNoteCount: 3,
  mappingErrors: 2,
};

const detail: SimulationDetail = {
  name: hostile,
  id: 'u-1',
  action: 'create',
  status: 'warning',
  summary: 'Entra creates the user.',
  where: 'users.json /users/0',
  steps: [{ name: 'EntryImport', type: 'import', status: 'success', description: `Retrieved ${hostile}`, details: { [hostile]: hostile } }],
  requests: [
    {
      title: 'Create user',
      method: 'POST',
      path: '/Users',
      body: { displayName: hostile, title: 'Agent' },
      notes: [],
      sources: { '/title': range },
      placeholders: {},
    },
  ],
  rejections: [{ where: 'POST /Users /displayName', reason: `${hostile} is too long` }],
  notes: [],
  impact: { before: 'create', after: 'create', attributes: [{ attribute: 'title', before: hostile, after: 'Agent', range }] },
};

describe('the report view HTML', () => {
  test('the header escapes every value and says what stops the cycle and what has errors', () => {
    const html = renderReportHeader(reportResult, {
      mappingName: `${hostile}.scimmap`,
      impact: false,
      directoryNames: [hostile],
      targetStateNames: [],
    });
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(html, /<b>2<\/b> Create/);
    assert.match(html, /<b>1<\/b> Failure/);
    assert.match(html, /accidental deletions threshold: it holds every disable and delete \(status held\)/);
    assert.match(html, /The mapping has 2 errors/);
    assert.match(html, /1 input entry \(directory or target state\) could not be read/);
    // Notes on entries still simulated are shown too (before: dropped by the server), with how many there were.
    assert.match(html, /3 notes on the input \(entries simulated all the same\), the first 1 listed/);
    assert.match(html, /<code>&#60;img src=x onerror=alert\(1\)&#62;\.csv:2<\/code> the manager &#34;&#60;img/);
  });

  test('the table is told when the threshold stops the cycle, so disables and deletes show as held (before: nothing said it)', () => {
    const context = { mappingName: 'purecloud.scimmap', impact: false, directoryNames: ['users.json'], targetStateNames: [] };
    const state = { mappingUri: 'file:///work/purecloud.scimmap', directory: ['file:///work/users.json'], targetState: [], impact: false };
    const message = (stopsCycle: boolean) =>
      reportMessage({ ...reportResult, summary: { ...reportResult.summary, stopsCycle } }, context, state);
    const table = (stopsCycle: boolean) => {
      const sent = message(stopsCycle);
      return sent.type === 'report' ? sent.table : undefined;
    };
    assert.equal(table(true)?.held, true);
    assert.equal(table(false)?.held, false);
  });

  test('an impact where no object changes says so instead of "0 of N objects change; the table lists them"', () => {
    const context = { mappingName: 'purecloud.scimmap', impact: true, directoryNames: ['users.json'], targetStateNames: [] };
    const none = renderReportHeader({ ...reportResult, against: 'purecloud.scimmap at HEAD', unchanged: 3 }, context);
    assert.match(none, /No object's requests change/);
    assert.doesNotMatch(none, /the table lists them/);
    const one = renderReportHeader({ ...reportResult, against: 'purecloud.scimmap at HEAD', unchanged: 2 }, context);
    assert.match(one, /<b>1<\/b> of 3 objects change; the table lists them\./);
  });

  test('a message in impact mode is titled as the impact', () => {
    const context = { mappingName: 'purecloud.scimmap', impact: true, directoryNames: ['users.json'], targetStateNames: [] };
    assert.match(
      renderReportMessage('The mapping is the same as at HEAD', context, true),
      /<h1>Impact of the changes to purecloud\.scimmap<\/h1>/,
    );
    assert.match(
      renderReportMessage('Simulating…', { ...context, impact: false }, false),
      /<h1>Provisioning cycle: purecloud\.scimmap<\/h1>/,
    );
  });

  test('an opened row escapes every value and links each value to its mapping line', () => {
    const html = renderDetail(detail);
    assert.doesNotMatch(html, /<img/);
    assert.ok(!/<[^>]+\son\w+=/i.test(html), 'no inline event handler attribute');
    // The request's title value and the impact's attribute jump to line 12 of the mapping.
    assert.match(
      html,
      /<a href="#" class="src" data-range="11,2,11,23" title="Line 12 of the mapping"><span class="j-str">&#34;Agent&#34;<\/span><\/a>/,
    );
    assert.match(html, /<a href="#" class="src" data-range="11,2,11,23"[^>]*><code>title<\/code><\/a>/);
    assert.match(html, /<b>import<\/b>/);
  });

  test('an opened row of No change -> Update shows the value the target keeps under the old mapping, or that no target state says it (before: "(none)")', () => {
    const row = (attributes: NonNullable<SimulationDetail['impact']>['attributes']) =>
      renderDetail({ ...detail, action: 'update', impact: { before: 'noChange', after: 'update', attributes } });
    assert.match(
      row([{ attribute: 'title', before: hostile, after: 'Agent', kept: 'target' }]),
      /<td><code>&#60;img src=x onerror=alert\(1\)&#62;<\/code> <span class="muted">\(unchanged, not sent\)<\/span><\/td><td><code>Agent<\/code><\/td>/,
    );
    assert.match(
      row([{ attribute: 'title', before: null, after: 'Agent', kept: 'target' }]),
      /<td><span class="muted">\(none in the target, not sent\)<\/span><\/td>/,
    );
    assert.match(
      row([{ attribute: 'title', before: null, after: 'Agent', kept: 'unknown' }]),
      /<td><span class="muted">\(not sent; no target state says what the target holds\)<\/span><\/td>/,
    );
    // Update -> No change: the new mapping no longer sends the title, and the target keeps its own (before: "(none)").
    const dropped = renderDetail({
      ...detail,
      action: 'noChange',
      impact: {
        before: 'update',
        after: 'noChange',
        attributes: [{ attribute: 'title', before: 'Analyst', after: hostile, keptAfter: 'target' }],
      },
    });
    assert.match(
      dropped,
      /<td><code>Analyst<\/code><\/td><td><code>&#60;img src=x onerror=alert\(1\)&#62;<\/code> <span class="muted">\(unchanged, not sent\)<\/span><\/td>/,
    );
  });

  test("the page's shell loads the preview's and the report's style sheets under the same strict CSP", () => {
    const html = renderReportShell('n0nce', 'vscode-webview://x', (file) => `vscode-webview://x/${file}`);
    assert.match(
      html,
      /default-src &#39;none&#39;; style-src vscode-webview:\/\/x &#39;nonce-n0nce&#39;; script-src &#39;nonce-n0nce&#39;/,
    );
    assert.ok(html.indexOf('preview.css') < html.indexOf('report.css'));
    assert.match(html, /<script nonce="n0nce" src="vscode-webview:\/\/x\/report\.js"><\/script>/);
    assert.match(html, /<title>SCIM Simulation<\/title>/);
    assert.doesNotMatch(html, /https?:\/\//);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlCommand, escapeHtml, renderBody, renderShell, requestJson } from '../../../client/src/preview/render';
import { renderProvisionControls, renderProvisionRun } from '../../../client/src/preview/render-provision';
import { renderReportMessage } from '../../../client/src/report/render';
import { shellQuote } from '../../../shared/src/shell';
import { computePreview, listSamples } from '../../../server/src/lsp/preview';
import type { PreviewResult, RequestView } from '../../../shared/src/protocol';
import { analyzedDocument } from '../lsp/analyzed-document';

// Run from the repository root, as npm test does.
const mappingText = readFileSync('examples/purecloud.scimmap', 'utf8');
const samplesText = readFileSync('examples/users.json', 'utf8');
const samples = { uri: 'file:///w/examples/users.json', text: samplesText };

function preview(id: string, kind: 'user' | 'group' = 'user', compat: 'default' | 'aadOptscim062020' = 'default'): PreviewResult {
  return computePreview(analyzedDocument(mappingText), { uri: 'file:///w/map.scimmap', samples, kind, id, compat });
}

describe('preview panel: server side', () => {
  test('lists every sample of the sample files; unrelated JSON is left out quietly', () => {
    const list = listSamples([
      samples,
      { uri: 'file:///w/users.json', text: '{"name": "some other users.json"}' },
      { uri: 'file:///w/bad.users.json', text: '{"users": [1]}' },
    ]);
    assert.ok(
      list.samples.some((sample) => sample.kind === 'user' && sample.id === 'amelia' && sample.label === 'Amelia Hart' && sample.hasTarget),
    );
    assert.ok(list.samples.some((sample) => sample.kind === 'group' && sample.id === 'sales'));
    assert.deepEqual(
      list.problems.map((problem) => problem.uri),
      ['file:///w/bad.users.json'],
    );
  });

  test('a sample with a target state gets both a create and an update preview, with ranges into the mapping', () => {
    const result = preview('amelia');
    assert.ok(result.ok);
    assert.equal(result.create.action, 'create');
    assert.equal(result.update?.action, 'update');
    const range = result.create.requests[1].sources['/userName'];
    const lines = mappingText.split('\n');
    assert.match(lines[range.start.line].slice(range.start.character), /^userName\s+<- \[userPrincipalName\]/);
  });

  test('a sample that disappeared says so', () => {
    const result = preview('nobody');
    assert.equal(result.ok, false);
  });
});

describe('preview panel: rendering', () => {
  test('markup in a value shows as text', () => {
    const result = preview('markup');
    const html = renderBody({ result, compat: 'default', mappingName: 'purecloud.scimmap', samplesName: 'examples/users.json' });
    assert.ok(!html.includes('<img'), 'no live <img> element');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(!/<[^>]+\son\w+=/i.test(html), 'no inline event handler attribute');
  });

  test('names, messages and errors that reach the HTML builders show as text: </script>, an <img onerror> and ${...} (audit)', () => {
    const hostile = '"></script><img src=x onerror=alert(1)>${alert(2)}`';
    const shown = '&#34;&#62;&#60;/script&#62;&#60;img src=x onerror=alert(1)&#62;${alert(2)}`';
    const pages = [
      renderBody({ compat: 'default', mappingName: hostile, samplesName: hostile, message: hostile }),
      renderBody({ result: { ok: false, message: hostile }, compat: 'default', mappingName: 'm', samplesName: 's' }),
      renderProvisionControls({ connection: hostile }),
      renderProvisionRun({ run: { connection: hostile, apply: true, error: hostile } }),
      renderReportMessage(hostile, { mappingName: hostile, impact: false, directoryNames: [hostile], targetStateNames: [hostile] }, true),
    ];
    for (const html of pages) {
      assert.ok(html.includes(shown), html);
      assert.doesNotMatch(html, /<script|<\/script|<img/i);
      assert.doesNotMatch(html, /<[^>]+\son\w+=/i, 'no inline event handler attribute');
    }
    const shell = renderShell(
      'n0nce',
      'vscode-webview://x',
      { script: `x.js${hostile}`, style: `x.css${hostile}` },
      { title: hostile, loading: hostile },
    );
    assert.equal(shell.match(/<script/g)?.length, 1, "only the nonce'd script");
    assert.equal(shell.match(/<\/script>/g)?.length, 1);
    assert.doesNotMatch(shell, /<img/i);
  });

  test('escapeHtml escapes the five characters that matter', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  test('the shell has a strict CSP with a nonce and loads nothing remote', () => {
    const html = renderShell('abc123', 'vscode-webview://x', {
      script: 'vscode-webview://x/webview/preview.js',
      style: 'vscode-webview://x/webview/preview.css',
    });
    assert.match(
      html,
      /Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:\/\/x &#39;nonce-abc123&#39;; script-src &#39;nonce-abc123&#39;/,
    );
    // The script and the style sheet are the extension's own files, through their webview URIs.
    assert.match(html, /<script nonce="abc123" src="vscode-webview:\/\/x\/webview\/preview\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" nonce="abc123" href="vscode-webview:\/\/x\/webview\/preview\.css">/);
    assert.doesNotMatch(html, /<style/, 'no inline style sheet');
    assert.doesNotMatch(html, /https?:\/\//);
    assert.doesNotMatch(html, /<script(?![^>]*nonce)/);
  });

  test('values link to their mapping line; placeholders are marked; the compat switch reflects the state', () => {
    const result = preview('chloe', 'user', 'aadOptscim062020');
    const html = renderBody({ result, compat: 'aadOptscim062020', mappingName: 'm', samplesName: 's' });
    assert.match(
      html,
      /<a href="#" class="src" data-range="\d+,\d+,\d+,\d+" title="Line \d+ of the mapping"><span class="j-str">&#34;chloe.nguyen@contoso.com&#34;<\/span><\/a>/,
    );
    assert.match(html, /<mark class="placeholder" title="[^"]+">«id of the new user»<\/mark>/);
    assert.match(html, /value="aadOptscim062020" checked/);
    assert.match(html, /data-copy="curl" data-scenario="create" data-index="1"/);
  });

  test('without a target state the update column explains how to get one', () => {
    const html = renderBody({ result: preview('chloe'), compat: 'default', mappingName: 'm', samplesName: 's' });
    assert.match(html, /Give the sample a <code>\$target<\/code>/);
  });

  // A clause scimmap cannot evaluate was drawn ✗ (false), and so was the filter it leaves undecided.
  test('scoping: a clause without a verdict and the filter it leaves undecided are marked ?, not ✗', () => {
    const scoped = mappingText.replace(
      '  userName    <-',
      '  scope "Staff" { [displayName] REGEX MATCH "^(?>C)" }\n  scope "Sales" { [displayName] REGEX MATCH "^(?>C)"\n [department] EQUALS "Nobody" }\n  userName    <-',
    );
    const result = computePreview(analyzedDocument(scoped), { uri: 'u', samples, kind: 'user', id: 'chloe', compat: 'default' });
    const html = renderBody({ result, compat: 'default', mappingName: 'm', samplesName: 's' });
    const marks = [...html.matchAll(/<li class="(\w+)"><a [^>]*><span class="verdict">(.)<\/span> (?:<code>)?([^<]*)/g)].map((match) =>
      match.slice(1),
    );
    assert.deepEqual(marks, [
      ['unknown', '?', 'Staff'],
      ['unknown', '?', '[displayName] REGEX MATCH &#34;^(?&#62;C)&#34;'],
      ['fail', '✗', 'Sales'],
      ['unknown', '?', '[displayName] REGEX MATCH &#34;^(?&#62;C)&#34;'],
      ['fail', '✗', '[department] EQUALS &#34;Nobody&#34;'],
    ]);
    assert.match(html, /<p class="fail">Scope unknown: scimmap cannot tell whether the user is in scope\./);
  });

  test('mapping errors are announced above the preview', () => {
    const result = computePreview(analyzedDocument('users {\n  userName <- [userPrincipalName] match 1\n  displayName <- Join(\n}'), {
      uri: 'u',
      samples,
      kind: 'user',
      id: 'chloe',
      compat: 'default',
    });
    const html = renderBody({ result, compat: 'default', mappingName: 'm', samplesName: 's' });
    assert.match(html, /class="banner error"/);
  });
});

describe('copy', () => {
  const request: RequestView = {
    title: 'Match user by userName',
    method: 'GET',
    path: '/Users?filter=userName eq "o\'brien&co@contoso.com"',
    notes: [],
    sources: {},
    placeholders: {},
  };

  test('curl has no token, only $SCIM_TOKEN, and a percent-encoded filter', () => {
    const curl = curlCommand(request);
    assert.equal(
      curl,
      [
        "curl -sS -X GET \"$SCIM_BASE_URL\"'/Users?filter=userName%20eq%20%22o'\\''brien%26co%40contoso.com%22' \\",
        '  -H "Authorization: Bearer $SCIM_TOKEN" \\',
        '  -H "Accept: application/scim+json"',
      ].join('\n'),
    );
  });

  test('a body is single-quoted for the shell', () => {
    const post: RequestView = { ...request, method: 'POST', path: '/Users', body: { displayName: "O'Brien" } };
    assert.match(curlCommand(post), /--data-raw '\{"displayName":"O'\\''Brien"\}'$/);
    assert.equal(requestJson(post), '{\n  "displayName": "O\'Brien"\n}');
    assert.equal(requestJson(request), JSON.stringify({ method: 'GET', path: request.path }, null, 2));
  });

  // Values a hostile samples file can put in a path or a body; pasted into sh, each must reach curl
  // as data. curl is replaced by a shell function that prints its arguments, so nothing leaves the machine.
  const hostile = [
    '$(touch PWNED)',
    '`touch PWNED`',
    "'; touch PWNED; '",
    '"$(touch PWNED)"',
    '\\$(touch PWNED)',
    'a\'b"c',
    'line\nbreak',
    '$SCIM_TOKEN',
    '!!',
    '*',
    '~root',
  ];

  test('hostile paths and bodies reach curl literally when the command is pasted into sh', () => {
    const folder = mkdtempSync(join(tmpdir(), 'scimmap-curl-'));
    for (const value of hostile) {
      const put: RequestView = { ...request, method: 'PATCH', path: `/Users/${value}`, body: { displayName: value } };
      const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${curlCommand(put)}\n`;
      const run = spawnSync('sh', ['-c', script], {
        cwd: folder,
        env: { PATH: process.env.PATH, SCIM_BASE_URL: 'https://scim.invalid/v2', SCIM_TOKEN: 'secret' },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const args = run.stdout.split('\0').slice(0, -1);
      assert.equal(args[3], `https://scim.invalid/v2/Users/${value}`, value);
      assert.equal(args[args.length - 1], JSON.stringify({ displayName: value }), value);
      assert.ok(!existsSync(join(folder, 'PWNED')), `${value} ran a command`);
    }
  });

  test('shellQuote makes one literal word of anything', () => {
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    for (const value of hostile) {
      const run = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      assert.equal(run.stdout, value);
    }
  });
});

// The preview panel's provisioning part: the buttons name the selected connection, a real run's
// steps render with what was sent and answered, and every value from the samples, the connection
// name or the endpoint stays text (no element, no attribute break-out); the token is never there.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderBody } from '../../../client/src/preview/render';
import { computePreview } from '../../../server/src/lsp/preview';
import { localPlanner } from '../../../server/src/provisioning/on-demand';
import { parseSampleFile } from '../../../server/src/schema/sample-data';
import { runProvisioning } from '../../../shared/src/provisioning/run';
import { analyzedDocument } from '../lsp/analyzed-document';
import { clientFor, useSandbox } from '../scim/helpers';

// Run from the repository root, as npm test does.
const mappingText = readFileSync('examples/purecloud.scimmap', 'utf8');
const hostile = '<img src=x onerror=alert(1)>';
const samplesText = JSON.stringify({
  users: [{ $id: 'mallory', userPrincipalName: 'mallory@example.com', displayName: hostile, jobTitle: `"><script>alert(2)</script>` }],
});

describe('preview panel: provisioning on demand', () => {
  const sandbox = useSandbox();

  test('the buttons name the connection; a run renders its steps with every value escaped', async () => {
    const document = analyzedDocument(mappingText);
    const result = computePreview(document, {
      uri: 'file:///w/map.scimmap',
      samples: { uri: 'file:///w/s.users.json', text: samplesText },
      kind: 'user',
      id: 'mallory',
      compat: 'default',
    });
    const parsed = parseSampleFile(samplesText);
    assert.ok(parsed.ok);
    const { client } = clientFor(sandbox().url, sandbox().token);
    const report = await runProvisioning(
      client,
      localPlanner({ file: document.file, samples: parsed.value, kind: 'user', id: 'mallory', compat: 'default' }),
      { apply: true, compat: 'default' },
    );
    await client.close();
    assert.equal(report.succeeded, true, report.summary);

    const connection = `<b>sandbox</b>`;
    const view = { result, compat: 'default' as const, mappingName: 'map.scimmap', samplesName: 's.users.json' };
    const html = renderBody({ ...view, provision: { connection, run: { connection, apply: true, report } } });
    assert.match(
      html,
      /<button type="button" data-provision="dryRun" title="[^"]*">Dry run against &#60;b&#62;sandbox&#60;\/b&#62;<\/button>/,
    );
    assert.match(html, /data-provision="apply"[^>]*>Provision to &#60;b&#62;sandbox&#60;\/b&#62;<\/button>/);
    assert.match(html, /Provision to &#34;&#60;b&#62;sandbox&#60;\/b&#62;&#34; <span class="action action-create">create<\/span>/);
    for (const title of [
      'Import the sample',
      'Determine if it is in scope',
      'Match it between source and target',
      'Perform action',
      'Read back and compare',
    ])
      assert.ok(html.includes(title), title);
    assert.match(
      html,
      /<span class="method method-post">POST<\/span> <code class="path">http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users<\/code> → <strong>201<\/strong>/,
    );
    assert.ok(!html.includes('<img'), 'no element from the displayName');
    assert.ok(!html.includes('<script'), 'no script from the title');
    assert.ok(!html.includes('<b>'), 'the connection name stays text');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(!html.includes(sandbox().token), 'the token is not in the panel');

    const noConnection = renderBody({ ...view, provision: {} });
    assert.match(noConnection, /Add a connection \(SCIM: Add Connection\) to dry-run or provision this sample\./);
    assert.ok(!noConnection.includes('data-provision'));
    const running = renderBody({ ...view, provision: { connection: 'sandbox', run: { connection: 'sandbox', apply: false } } });
    assert.match(running, /Dry run against &#34;sandbox&#34;<\/h2><p class="muted">Running…<\/p>/);
    assert.match(running, /data-provision="dryRun" disabled/);
  });
});

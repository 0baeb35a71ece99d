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

  /** The panel's view of mallory under the mapping text, and a run of her against the sandbox. */
  async function previewAndRun(text: string, apply: boolean) {
    const document = analyzedDocument(text);
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
      { apply, compat: 'default' },
    );
    await client.close();
    return { view: { result, compat: 'default' as const, mappingName: 'map.scimmap', samplesName: 's.users.json' }, report };
  }

  test('the buttons name the connection; a run renders its steps with every value escaped', async () => {
    const { view, report } = await previewAndRun(mappingText, true);
    assert.equal(report.succeeded, true, report.summary);

    const connection = `<b>sandbox</b>`;
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

  // The panel's dry run works on a mapping with errors: an invalid scoping pattern decided nothing, yet its step showed ✓.
  test('a scope no verdict decides: the scoping step is shown failed, with the reason and what to do', async () => {
    const scoped = mappingText.replace('  userName    <-', '  scope "Staff" { [displayName] REGEX MATCH "(unclosed" }\n  userName    <-');
    const { view, report } = await previewAndRun(scoped, false);
    const html = renderBody({ ...view, provision: { connection: 'sandbox', run: { connection: 'sandbox', apply: false, report } } });
    assert.match(html, /<span class="action action-error">error<\/span>/);
    assert.match(
      html,
      /<p class="fail">Stopped at &#34;Determine if it is in scope&#34;: Scope unknown: filter &#34;Staff&#34; has an invalid regular expression/,
    );
    const scoping =
      /<li class="step step-(\w+)"><div class="step-head"><span class="verdict">(.)<\/span> <strong>2\. Determine if it is in scope<\/strong>[\s\S]*?<\/li>/.exec(
        html,
      );
    assert.deepEqual(scoping?.slice(1, 3), ['failed', '✗']);
    assert.match(scoping![0], /<strong>What to do:<\/strong> Fix the regular expression of the scoping filter &#34;Staff&#34;/);
    assert.ok(!html.includes('3. Match it between source and target'), 'the run stops at scoping');
  });
});

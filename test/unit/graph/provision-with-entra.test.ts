// scimmap provision-with-entra against the stand-in Graph: the body Microsoft Learn documents for
// provisionOnDemand (the rule reading from Entra, the subject's Object ID and type), Entra's
// stringified steps read into the report scimmap provision prints, a failure and the refusals saying
// what to do, and no token in any output.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import type { ProvisionReport } from '../../../shared/src/provisioning/run';
import { allPermissions, type GraphStandIn } from '../../support/graph-server';
import { capture, tempFiles } from '../cli/cli-io';
import { pullGenesysApp, startGenesysTenant } from './pulled-app';

const folder = dirname(tempFiles('scimmap-on-demand-')('.keep', ''));
const token = 'eyJ0eXAiOiJKV1Qi.on-demand-token.c2lnbmF0dXJl';
const readToken = 'eyJ0eXAiOiJKV1Qi.on-demand-read.c2lnbmF0dXJl';
const amelia = '3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
const sales = '7a6b5c4d-3e2f-4109-8a7b-6c5d4e3f2a1b';
let graph: GraphStandIn;

before(async () => {
  graph = await startGenesysTenant();
  graph.tokens.set(token, new Set(allPermissions));
  graph.tokens.set(readToken, new Set(['Application.Read.All', 'Synchronization.Read.All']));
  graph.directory.set(amelia, { objectTypeName: 'User', displayName: 'Amelia Hart', userPrincipalName: 'amelia.hart@contoso.com' });
  graph.directory.set(sales, { objectTypeName: 'Group', displayName: 'Sales' });
  process.env.SCIMMAP_TEST_ON_DEMAND_TOKEN = token;
  process.env.SCIMMAP_TEST_ON_DEMAND_READ = readToken;
  await pullGenesysApp(graph.url, folder, 'SCIMMAP_TEST_ON_DEMAND_TOKEN');
});

after(() => graph.close());

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture();
  const code = await main(['provision-with-entra', join(folder, 'app.scimmap'), ...args, '--graph-url', graph.url], io);
  const stdout = io.stdout.join('\n');
  const stderr = io.stderr.join('\n');
  for (const secret of graph.tokens.keys()) assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'a token was printed');
  return { code, stdout, stderr };
}

test("a user: the documented body (the Entra rule's id, the Object ID, User), Entra's steps in the report of scimmap provision", async () => {
  const { code, stdout, stderr } = await run([
    '--user',
    amelia,
    '--yes',
    '--format',
    'json',
    '--token-env',
    'SCIMMAP_TEST_ON_DEMAND_TOKEN',
  ]);
  assert.equal(code, 0, stderr);
  const sent = graph.requests.filter((request) => request.url.endsWith('/provisionOnDemand'));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].method, 'POST');
  assert.match(
    sent[0].url,
    /^\/v1\.0\/servicePrincipals\/6f1c9a52-3d0e-4b7a-9c21-5e8f0d4a7b13\/synchronization\/jobs\/purecloudbygenesys\.job\/provisionOnDemand$/,
  );
  assert.deepEqual(JSON.parse(sent[0].body), {
    parameters: [{ ruleId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', subjects: [{ objectId: amelia, objectTypeName: 'User' }] }],
  });
  const report = JSON.parse(stdout) as ProvisionReport;
  assert.deepEqual(
    { action: report.action, succeeded: report.succeeded, subject: report.subject, mode: report.mode },
    { action: 'create', succeeded: true, subject: { kind: 'user', id: amelia, label: 'amelia.hart@contoso.com' }, mode: 'apply' },
  );
  assert.deepEqual(
    report.steps.map((step) => [step.name, step.title, step.status]),
    [
      ['sample', 'EntryImport (Import)', 'succeeded'],
      ['scoping', 'EntrySynchronizationScoping (Scoping)', 'succeeded'],
      ['matching', 'EntryImportObjectDoesNotExist (Matching)', 'succeeded'],
      ['action', 'EntryExportAdd (Export)', 'succeeded'],
    ],
  );
  assert.equal(report.steps[0].summary, "Retrieved User 'amelia.hart@contoso.com' from Microsoft Entra ID");
  assert.equal(report.steps[1].durationMs, 120, 'from one step timestamp to the next');
  const exported = report.steps[3].details;
  assert.ok(exported.step === 'entra');
  assert.deepEqual(
    exported.changes?.find((change) => change.attribute === 'displayName'),
    {
      attribute: 'displayName',
      current: null,
      value: 'Amelia Hart',
    },
  );
  assert.match(report.endpoint, /Entra, "Genesys Cloud" \(6f1c9a52-3d0e-4b7a-9c21-5e8f0d4a7b13\), job purecloudbygenesys\.job/);
});

test('a group, in text; a failure Entra reports is exit 1 with its step and recommended action', async () => {
  const text = await run(['--group', sales, '--yes', '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Provision group "7a6b5c4d-3e2f-4109-8a7b-6c5d4e3f2a1b" \(Sales\) against Entra, "Genesys Cloud"/);
  assert.match(text.stdout, /ok {4}4\. EntryExportAdd \(Export\) \(40 ms\): Group 'Sales' was created in the target system/);
  assert.match(text.stdout, /Done: create\./);
  assert.equal(
    JSON.parse(graph.requests.filter((request) => request.url.endsWith('/provisionOnDemand')).at(-1)!.body).parameters[0].subjects[0]
      .objectTypeName,
    'Group',
  );

  graph.provisionOnDemand = (_body, subject) => ({
    key: {
      result: 'Failure',
      details: { errorCode: 'SystemForCrossDomainIdentityManagementBadRequest', errorMessage: 'userName is invalid' },
    },
    value: {
      action: 'Create',
      provisioningSteps: [
        { name: 'EntryImport', type: 'Import', status: 'Success', description: `Retrieved ${subject.displayName}`, details: {} },
        {
          name: 'EntryExportAdd',
          type: 'Export',
          status: 'Failure',
          description: 'The target refused the POST /Users: 400',
          details: { RequestHeaders: 'Authorization: Bearer leakedtoken-ABC123' },
        },
      ],
      statusInfo: {
        status: 'Failure',
        errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
        recommendedAction: 'Fix the userName mapping.',
      },
    },
  });
  const failed = await run(['--user', amelia, '--yes', '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN']);
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /FAIL {2}2\. EntryExportAdd \(Export\) \(0 ms\): The target refused the POST \/Users: 400/);
  assert.match(failed.stdout, /what to do: Fix the userName mapping\./);
  assert.match(failed.stdout, /Authorization: Bearer \*\*\*\*/, "a bearer token in Entra's step details is redacted");
  assert.ok(!failed.stdout.includes('leakedtoken'));
  assert.match(failed.stdout, /Failed: Entra: Failure \(Create\): SystemForCrossDomainIdentityManagementBadRequest: userName is invalid\./);
});

test('refusals say what to do: not confirmed, an unknown object, a token without Synchronization.ReadWrite.All, a file not pulled', async () => {
  const before = graph.requests.length;
  const unconfirmed = await run(['--user', amelia, '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN']);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.stderr, /Entra would really provision the user into "Genesys Cloud".*add --yes to run it/);
  assert.equal(graph.requests.length, before, 'nothing was sent');

  const unknown = await run(['--user', '00000000-0000-4000-8000-00000000dead', '--yes', '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN']);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /^scimmap provision-with-entra: 404 Not Found: the user 00000000-0000-4000-8000-00000000dead is not in the tenant \(the app's job purecloudbygenesys\.job is there\): give the user's Object ID from Microsoft Entra admin center > Users/,
  );
  assert.doesNotMatch(unknown.stderr, /has no provisioning job/);

  const readOnly = await run(['--user', amelia, '--yes', '--token-env', 'SCIMMAP_TEST_ON_DEMAND_READ']);
  assert.equal(readOnly.code, 1);
  assert.match(readOnly.stderr, /403 Authorization_RequestDenied: .*needs Synchronization\.ReadWrite\.All/);

  const io = capture();
  const notPulled = await main(
    ['provision-with-entra', join(folder, 'other.scimmap'), '--user', amelia, '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN'],
    io,
  );
  assert.equal(notPulled, 2);
  assert.match(io.stderr.join('\n'), /was not pulled from Entra .*pull it first/);

  const usage = capture();
  assert.equal(await main(['provision-with-entra', join(folder, 'app.scimmap'), '--token-env', 'X'], usage), 2);
  assert.match(usage.stderr.join('\n'), /needs --user ID or --group ID/);
  const both = capture();
  assert.equal(
    await main(['provision-with-entra', join(folder, 'app.scimmap'), '--user', amelia, '--group', sales, '--token-env', 'X'], both),
    2,
  );
  assert.match(both.stderr.join('\n'), /give only one of --user ID or --group ID/);
});

// Before: a step that was null, or a name, type or status that was no text, crashed
// provision-with-entra with a TypeError after Entra had already provisioned.
test("Entra's answer is read, not trusted: entries and members of another shape are left out, the rest is shown", async () => {
  const own = graph.provisionOnDemand;
  graph.provisionOnDemand = () => ({
    key: { result: 'Success', details: null },
    value: {
      action: 'Create',
      provisioningSteps: [
        null,
        'EntryImport',
        { name: 'EntryImport', type: 'Import', status: 'Success', description: 'Retrieved the user', details: { objectId: amelia } },
        { name: 5, type: 7, status: {}, description: ['x'], details: 'x' },
      ],
      modifiedProperties: [null, { displayName: 'mail', oldValue: null, newValue: 'amelia.hart@contoso.com' }],
      statusInfo: 'Success',
    },
  });
  try {
    const { code, stdout, stderr } = await run(['--user', amelia, '--yes', '--token-env', 'SCIMMAP_TEST_ON_DEMAND_TOKEN']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^ok +1\. EntryImport \(Import\) .*Retrieved the user$/m);
    assert.match(stdout, /^\S+ +2\. Step 2 /m);
    assert.match(stdout, /Entra: Success \(Create\)|Done: create/);
  } finally {
    graph.provisionOnDemand = own;
  }
});

// `scimmap provision` against the sandbox: the dry run by default (the sandbox's log shows no write),
// --apply, the stable JSON report, exit codes 0/1/2, the confirmation a non-loopback endpoint needs,
// and the token that never appears in what it prints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../server/src/cli/main';
import type { ProvisionReport } from '../../../shared/src/provisioning/run';
import { repositoryRoot } from '../../support/repository';
import { startLoopbackServer, useSandbox } from '../scim/helpers';
import { capture, tempFiles } from './cli-io';

const map = join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap');

describe('scimmap provision', () => {
  const sandbox = useSandbox();
  const file = tempFiles('scimmap-provision-');
  const printed: string[] = [];
  let samples: string;
  const connection = () => ['--url', sandbox().url, '--token-env', 'SCIMMAP_PROVISION_TOKEN'];
  const run = async (...argv: string[]) => {
    const io = capture();
    const code = await main(['provision', map, '--samples', samples, ...argv], io);
    printed.push(...io.stdout, ...io.stderr);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  before(() => {
    process.env.SCIMMAP_PROVISION_TOKEN = sandbox().token;
    samples = file('samples.json', {
      users: [
        {
          $id: 'kat',
          userPrincipalName: 'kat.johnson@example.com',
          displayName: 'Katherine Johnson',
          jobTitle: 'Mathematician',
          manager: { ref: 'ada' },
        },
        {
          $id: 'ada',
          userPrincipalName: 'ada.lovelace@example.com',
          displayName: 'Ada Lovelace',
          mail: 'ada@example.com',
          jobTitle: 'Analyst',
          department: 'Sales',
        },
        {
          $id: 'twin',
          userPrincipalName: 'ALAN.TURING@example.com',
          displayName: 'Alan Turing',
          jobTitle: 'Engineer',
          $target: { id: 'not-used' },
        },
      ],
    });
  });
  after(() => {
    delete process.env.SCIMMAP_PROVISION_TOKEN;
    for (const line of printed) assert.ok(!line.includes(sandbox().token), `the token appeared in: ${line}`);
  });

  test('a dry run by default: text steps, GET requests only, exit 0', async () => {
    const { code, out } = await run('--id', 'kat', ...connection());
    assert.equal(code, 0, out);
    assert.match(out, /^Dry run user "kat" \(Katherine Johnson\) against http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2$/m);
    assert.match(out, /ok +3\. Match it between source and target .*No user in the target matches/);
    assert.match(out, /POST http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users \(not sent: dry run\)/);
    assert.match(out, /PATCH http:\/\/127\.0\.0\.1:\d+\/api\/v2\/scim\/v2\/Users\/«id of the new user» \(not sent: dry run\)/);
    assert.deepEqual(new Set(sandbox().requests.map((request) => request.method)), new Set(['GET']));
  });

  test('--apply --format json: the stable report, the user created and linked to the manager', async () => {
    const { code, out, err } = await run('--id', 'kat', ...connection(), '--apply', '--format', 'json');
    assert.equal(code, 0, err);
    assert.match(err, /writing to http:\/\/127\.0\.0\.1/);
    const report = JSON.parse(out) as ProvisionReport;
    assert.deepEqual(
      {
        version: report.version,
        mode: report.mode,
        action: report.action,
        succeeded: report.succeeded,
        subject: report.subject,
        steps: report.steps.map((step) => [step.name, step.status]),
      },
      {
        version: 1,
        mode: 'apply',
        action: 'create',
        succeeded: true,
        subject: { kind: 'user', id: 'kat', label: 'Katherine Johnson' },
        steps: [
          ['sample', 'succeeded'],
          ['scoping', 'succeeded'],
          ['matching', 'succeeded'],
          ['references', 'succeeded'],
          ['action', 'succeeded'],
          ['result', 'succeeded'],
        ],
      },
    );
    assert.deepEqual(
      sandbox()
        .requests.filter((request) => request.method !== 'GET')
        .map((request) => [request.method, request.status]),
      [
        ['POST', 201],
        ['PATCH', 200],
      ],
    );
  });

  test('the live state wins over a hand-typed "$target", and a failing step exits 1', async () => {
    sandbox().setFaults({ forbidden: { times: 1 } });
    const { code, out } = await run('--id', 'twin', ...connection());
    assert.equal(code, 1);
    assert.match(out, /FAIL +3\. Match it between source and target .*403 Forbidden/);
    assert.match(out, /what to do: Give the account the permissions SCIM needs/);
    const { code: again, out: found } = await run('--id', 'twin', ...connection());
    assert.equal(again, 0, found);
    assert.match(found, /Found [0-9a-f-]{36} by userName eq "ALAN\.TURING@example\.com"/);
  });

  // The scoping step said "ok" for a scope no verdict decides, and the run went on to match before it failed at the action.
  test('a scope scimmap cannot decide: the scoping step fails in text and JSON, nothing is sent, exit 1', async () => {
    const scoped = file(
      'scoped.scimmap',
      'users {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  scope "Staff numbers" { [employeeId] REGEX MATCH "^(?>7)\\d+$" }\n}\n',
    );
    const staff = file('staff.json', { users: [{ $id: 'p', userPrincipalName: 'p@example.com', displayName: 'P', employeeId: '7001' }] });
    const provision = async (...argv: string[]) => {
      const io = capture();
      const code = await main(['provision', scoped, '--samples', staff, '--id', 'p', ...connection(), ...argv], io);
      printed.push(...io.stdout, ...io.stderr);
      return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
    };
    const text = await provision('--apply');
    assert.equal(text.code, 1, text.out);
    assert.doesNotMatch(text.err, /error/);
    assert.match(
      text.out,
      /^FAIL +2\. Determine if it is in scope \(\d+ ms\): Scope unknown: scimmap cannot tell whether the user is in scope\./m,
    );
    assert.match(text.out, /^ +what to do: Entra evaluates \[employeeId\] REGEX MATCH/m);
    assert.doesNotMatch(text.out, /Match it between source and target/);
    assert.match(text.out, /^Failed: Stopped at "Determine if it is in scope": Scope unknown/m);
    const json = await provision('--format', 'json');
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as ProvisionReport;
    assert.deepEqual(
      [report.succeeded, report.failedStep, report.steps.map((step) => [step.name, step.status])],
      [
        false,
        'scoping',
        [
          ['sample', 'succeeded'],
          ['scoping', 'failed'],
        ],
      ],
    );
    assert.deepEqual(sandbox().requests, []);
  });

  test('usage errors exit 2: no --id, an unknown sample, --confirm without --apply, a secret as an argument', async () => {
    assert.equal((await run(...connection())).code, 2);
    const unknown = await run('--id', 'nobody', ...connection());
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /has no sample "nobody" \(it has "kat", "ada", "twin"\)/);
    assert.equal((await run('--id', 'kat', ...connection(), '--confirm', '127.0.0.1')).code, 2);
    assert.match((await run('--id', 'kat', '--url', sandbox().url, '--token', 'x')).err, /--token is not accepted/);
  });

  // Before: the query was dropped without a word and the PATCH went in the default format, unlike the tenant's cycles.
  test('a tenant URL that carries ?aadOptscim062020 selects that PATCH format unless --compat says otherwise, and says so', async () => {
    const flagged = ['--url', `${sandbox().url}?aadOptscim062020`, '--token-env', 'SCIMMAP_PROVISION_TOKEN', '--format', 'json'];
    const selected = await run('--id', 'ada', ...flagged);
    assert.equal(selected.code, 0, selected.err);
    assert.equal((JSON.parse(selected.out) as ProvisionReport).compat, 'aadOptscim062020');
    assert.match(selected.err, /note: The query "\?aadOptscim062020" of the tenant URL is not sent with the calls/);
    assert.match(
      selected.err,
      /the tenant URL selects the aadOptscim062020 PATCH format, as in Entra's scheduled cycles \(--compat chooses another\)/,
    );
    const overridden = await run('--id', 'ada', ...flagged, '--compat', 'default');
    assert.equal((JSON.parse(overridden.out) as ProvisionReport).compat, 'default');
    assert.match(overridden.err, /but --compat default was given: the run uses default/);
    const plain = await run('--id', 'ada', '--url', sandbox().url, '--token-env', 'SCIMMAP_PROVISION_TOKEN', '--format', 'json');
    assert.equal((JSON.parse(plain.out) as ProvisionReport).compat, 'default');
    assert.doesNotMatch(plain.err, /PATCH format/);
  });

  test('a real run to a host that is not loopback needs the host named, and sends nothing otherwise', async () => {
    const remote = ['--url', 'https://api.mypurecloud.invalid/api/v2/scim/v2', '--token-env', 'SCIMMAP_PROVISION_TOKEN', '--apply'];
    const unnamed = await run('--id', 'kat', ...remote);
    assert.equal(unnamed.code, 2);
    assert.match(unnamed.err, /needs confirming: add --confirm api\.mypurecloud\.invalid/);
    // At a terminal it asks; an answer other than the host name sends nothing.
    const io = { ...capture(), ask: async (question: string) => (asked.push(question), 'yes') };
    const asked: string[] = [];
    assert.equal(await main(['provision', map, '--samples', samples, '--id', 'kat', ...remote], io), 2);
    assert.deepEqual(asked, [
      'Provision to https://api.mypurecloud.invalid/api/v2/scim/v2? Type the host name (api.mypurecloud.invalid) to confirm: ',
    ]);
    assert.match(io.stderr.join('\n'), /not confirmed; nothing was sent/);
    const wrong = await run('--id', 'kat', ...remote, '--confirm', 'api.mypurecloud.com');
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--confirm names api\.mypurecloud\.com, but the endpoint is api\.mypurecloud\.invalid: nothing was sent/);
  });
});

// Before: the matching query's answer was read with JSON.parse, which rounds 129699324000000001 to
// 129699324000000000, so the same digits from Entra were a PATCH of employeeNumber.
test('an integer past 2^53 in the object the target holds keeps every digit: the same digits from Entra change nothing', async () => {
  const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const user = `{"id": "t-ada", "userName": "ada@example.com", "displayName": "Ada", "active": true, "${enterprise}": {"employeeNumber": 129699324000000001}}`;
  const target = await startLoopbackServer((request, response) => {
    response.setHeader('content-type', 'application/scim+json');
    response.end(
      request.url?.includes('filter=')
        ? `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 1, "Resources": [${user}]}`
        : user,
    );
  });
  process.env.SCIMMAP_PROVISION_LOOPBACK = 'loopback-token';
  const file = tempFiles('scimmap-provision-long-');
  try {
    const samples = file('employee.json', {
      users: [{ $id: 'ada', userPrincipalName: 'ada@example.com', displayName: 'Ada', employeeId: '129699324000000001' }],
    });
    const io = capture();
    const code = await main(
      [
        'provision',
        map,
        '--samples',
        samples,
        '--id',
        'ada',
        '--url',
        `${target.origin}/scim/v2`,
        '--token-env',
        'SCIMMAP_PROVISION_LOOPBACK',
        '--format',
        'json',
      ],
      io,
    );
    assert.equal(code, 0, io.stderr.join('\n'));
    const report = JSON.parse(io.stdout.join('\n')) as ProvisionReport;
    assert.equal(report.action, 'none', io.stdout.join('\n'));
  } finally {
    delete process.env.SCIMMAP_PROVISION_LOOPBACK;
    await target.close();
  }
});

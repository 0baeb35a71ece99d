import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runPreview } from '../../../server/src/cli/preview';
import { UsageError } from '../../../server/src/cli/io';
import { nestedJson } from '../../support/generate';
import { capture, tempFiles } from './cli-io';

function run(argv: string[]) {
  const io = capture();
  const code = runPreview(argv, io);
  const out = io.stdout;
  return {
    code,
    out,
    err: io.stderr,
    requests: out.length > 0 ? (JSON.parse(out.join('\n')) as Array<{ method: string; path: string; body?: Record<string, unknown> }>) : [],
  };
}

// Run from the repository root, as npm test does.
const map = 'examples/purecloud.scimmap';
const write = tempFiles('scimmap-preview-');
const userFile = write('user.json', {
  userPrincipalName: 'ada@contoso.com',
  displayName: 'Ada Lovelace',
  mail: 'ada@contoso.com',
  jobTitle: 'Analyst',
  accountEnabled: true,
  IsSoftDeleted: false,
});
const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('scimmap preview', () => {
  test('prints the requests in the order Entra sends them', () => {
    const { code, requests } = run([map, '--user', userFile]);
    assert.equal(code, 0);
    assert.deepEqual(requests, [
      { method: 'GET', path: '/Users?filter=userName eq "ada@contoso.com"' },
      {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ada@contoso.com',
          active: true,
          displayName: 'Ada Lovelace',
          emails: [{ type: 'work', value: 'ada@contoso.com' }],
          title: 'Analyst',
          meta: { resourceType: 'User' },
        },
      },
    ]);
  });

  test('with --target only what changed, in either dialect', () => {
    const target = write('target.json', {
      id: 'g-1',
      userName: 'ada@contoso.com',
      active: true,
      displayName: 'Ada',
      emails: [{ type: 'work', value: 'ada@contoso.com' }],
      title: 'Clerk',
    });
    const plain = run([map, '--user', userFile, '--target', target]);
    assert.deepEqual(plain.requests[1], {
      method: 'PATCH',
      path: '/Users/g-1',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Replace', path: 'displayName', value: 'Ada Lovelace' },
          { op: 'Replace', path: 'title', value: 'Analyst' },
        ],
      },
    });
    const flagged = run([map, '--user', userFile, '--target', target, '--compat', 'aadOptscim062020']);
    assert.deepEqual(flagged.requests[1].body!.Operations, [{ op: 'replace', value: { displayName: 'Ada Lovelace', title: 'Analyst' } }]);
  });

  test('a soft-deleted user with a target state gives the disable request', () => {
    const user = write('deleted.json', { userPrincipalName: 'ada@contoso.com', IsSoftDeleted: true });
    const target = write('active.json', { id: 'g-1', active: true });
    const { requests, err } = run([map, '--user', user, '--target', target]);
    assert.deepEqual(requests, [
      {
        method: 'PATCH',
        path: '/Users/g-1',
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
        },
      },
    ]);
    assert.match(err.join('\n'), /^information \[1 PATCH \/Users\/g-1 \/Operations\/0\/value\]: .*string "False"/m);
  });

  test('a manager reference without samples is a marked placeholder', () => {
    const user = write('managed.json', { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', manager: { ref: 'grace' } });
    const { requests, err } = run([map, '--user', user]);
    assert.deepEqual(requests[2], {
      method: 'PATCH',
      path: '/Users/«id of the new user»',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Add', path: `${enterprise}:manager`, value: '«id of grace in Genesys Cloud»' }],
      },
    });
    assert.match(err.join('\n'), /placeholder \[3 PATCH/);
  });

  test('a mapping with errors exits 1 and prints no requests', () => {
    const broken = write('broken.scimmap', 'users {\n  userName <- Join(\n}');
    const { code, out, err } = run([broken, '--user', userFile]);
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /broken\.scimmap:\d+:\d+ error/);
  });

  // Before: only check said these; the preview printed its requests with nothing on stderr about them.
  test("the mapping's warnings are printed on stderr as check prints them; the requests are still printed (exit 0)", () => {
    const warned = write(
      'warned.scimmap',
      'users {\n  userName <- [userPrincipalName] match 1\n  displayName <- toUpper([displayName])\n  title <- IIF(IsPresent([jobTitle]), [jobTitle], "none")\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
    );
    const { code, requests, err } = run([warned, '--user', userFile]);
    assert.equal(code, 0, err.join('\n'));
    assert.equal(requests.at(-1)?.method, 'POST');
    const stderr = err.join('\n');
    assert.match(stderr, /warned\.scimmap:3:\d+ warning function-case /);
    assert.match(stderr, /warned\.scimmap:4:\d+ warning iif-null-condition /);
  });

  test('a user Entra fails exits 1: several values for a single-valued attribute send nothing past the query; a required value missing shows the POST Entra sends', () => {
    const several = write(
      'several.scimmap',
      'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  displayName <- [displayName]\n  title <- Split([jobTitle], "/")\n}\n',
    );
    const devOps = write('devops.json', {
      userPrincipalName: 'p@contoso.com',
      displayName: 'P',
      IsSoftDeleted: 'False',
      jobTitle: 'Dev/Ops',
    });
    const target = write('devops-target.json', { id: 'g-2', userName: 'p@contoso.com', active: true, displayName: 'P', title: 'Dev' });
    for (const argv of [
      [several, '--user', devOps],
      [several, '--user', devOps, '--target', target],
    ]) {
      const { code, requests, err } = run(argv);
      assert.equal(code, 1, argv.join(' '));
      assert.deepEqual(
        requests.map((request) => request.method),
        ['GET'],
      );
      assert.match(err[0], /^error: Entra fails this user: title takes one value, but the expression gave a list of 2 values:/);
    }
    // A list of one value is a list too (before: "the expression gave 1", as if one value were too many).
    const ops = write('ops.json', { userPrincipalName: 'o@contoso.com', displayName: 'O', IsSoftDeleted: 'False', jobTitle: 'Ops' });
    const one = run([several, '--user', ops]);
    assert.match(one.err[0], /^error: Entra fails this user: title takes one value, but the expression gave a list of one value:/);
    // A lower-case Switch key never matches IsSoftDeleted's "False": no active, which Genesys Cloud requires.
    const lowerCase = write(
      'lower.scimmap',
      'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "false", "True", "true", "False")\n  displayName <- [displayName]\n}\n',
    );
    const { code, requests, err } = run([lowerCase, '--user', devOps]);
    assert.equal(code, 1);
    assert.deepEqual(
      requests.map((request) => request.method),
      ['GET', 'POST'],
    );
    assert.match(err[0], /^create: Entra sends the POST and fails the user: Genesys Cloud requires active on create/);
  });

  // Audit 10 F1: a pattern scimmap cannot run decided nothing, yet a disable PATCH was printed with exit 0.
  test('what scimmap cannot evaluate stops the preview with exit 1 and says so; it is not called an Entra failure', () => {
    const scoped = write(
      'scoped.scimmap',
      'target "generic-scim"\nusers {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  scope "Staff numbers" {\n    [employeeId] REGEX MATCH "^(?>7)\\d+$"\n  }\n}\n',
    );
    const staff = write('staff.json', { userPrincipalName: 'p@contoso.com', displayName: 'P', employeeId: '7001' });
    const current = write('staff-target.json', { id: 't9', userName: 'p@contoso.com', displayName: 'P', active: true });
    for (const argv of [
      [scoped, '--user', staff, '--target', current],
      [scoped, '--user', staff],
    ]) {
      const { code, requests, err } = run(argv);
      assert.equal(code, 1, argv.join(' '));
      assert.deepEqual(requests, []);
      assert.match(
        err[0],
        /^error: Scope unknown: scimmap cannot tell whether the user is in scope\. .*scimmap cannot evaluate the regular expression/,
      );
    }
    const replaced = write(
      'replaced.scimmap',
      'users {\n  userName <- [userPrincipalName] match 1\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  displayName <- [displayName]\n  title <- Replace([jobTitle], , "(?<2>a)", , "x", , )\n}\n',
    );
    const { code, err } = run([
      replaced,
      '--user',
      write('titled.json', { userPrincipalName: 'p@contoso.com', displayName: 'P', jobTitle: 'a' }),
    ]);
    assert.equal(code, 1);
    assert.match(
      err[0],
      /^error: scimmap cannot evaluate this user \(Entra can; check it with Provision on demand\): title: Replace: scimmap cannot evaluate/,
    );
  });

  test('a sample group from a samples file: member PATCHes with resolved ids', () => {
    const { code, requests } = run([map, '--samples', 'examples/users.json', '--id', 'sales']);
    assert.equal(code, 0);
    assert.deepEqual(
      requests.map((request) => `${request.method} ${request.path}`),
      [
        'GET /Groups?excludedAttributes=members&filter=displayName eq "Sales EMEA"',
        'PATCH /Groups/44d1f7a2-9c3b-4e5d-8f6a-0b1c2d3e4f5a',
        'PATCH /Groups/44d1f7a2-9c3b-4e5d-8f6a-0b1c2d3e4f5a',
        'PATCH /Groups/44d1f7a2-9c3b-4e5d-8f6a-0b1c2d3e4f5a',
      ],
    );
  });

  test('a sample user uses its $target unless --create; the manager resolves through the samples', () => {
    const update = run([map, '--samples', 'examples/users.json', '--id', 'dmitri']);
    assert.deepEqual(
      update.requests.map((request) => request.method),
      ['PATCH'],
    );
    const create = run([map, '--samples', 'examples/users.json', '--id', 'bruno', '--create']);
    assert.deepEqual(create.requests[2].body!.Operations, [
      { op: 'Add', path: `${enterprise}:manager`, value: '7c0e5b52-1f0a-4f4e-8d43-2b1b3c4d5e6f' },
    ]);
  });

  test('an unknown sample id lists the known ones', () => {
    const { code, err } = run([map, '--samples', 'examples/users.json', '--id', 'zed']);
    assert.equal(code, 2);
    assert.match(err.join('\n'), /has no sample "zed" \(it has "amelia", /);
  });

  test("a target state, or a sample's $target, nested 10,000 deep is refused with where (exit 2), before: a stack overflow", () => {
    const deepTitle = nestedJson(10_000);
    const target = write('deep-target.json', `{"id":"g-1","userName":"ada@contoso.com","title":${deepTitle}}`);
    const direct = run([map, '--user', userFile, '--target', target]);
    assert.equal(direct.code, 2);
    assert.deepEqual(direct.err, [
      `scimmap preview: ${target} is not a valid target state (the object as the target returns it):`,
      '  the target state: "title" nests deeper than 64 levels, which no SCIM resource does',
    ]);
    const samples = write(
      'deep-samples.json',
      `{"users":[{"$id":"ada","userPrincipalName":"ada@contoso.com","$target":{"id":"g-1","title":${deepTitle}}}]}`,
    );
    const sampled = run([map, '--samples', samples, '--id', 'ada']);
    assert.equal(sampled.code, 2);
    assert.match(sampled.err.join('\n'), /users\[0\]\.\$target: "title" nests deeper than 64 levels/);
  });

  test('bad inputs and usage', () => {
    const notJson = write('not.json', '{');
    const { code, err } = run([map, '--user', notJson]);
    assert.equal(code, 2);
    assert.match(err.join('\n'), /not valid JSON/);
    assert.throws(() => run([map]), UsageError);
    assert.throws(() => run(['--user', userFile]), UsageError);
    assert.throws(() => run([map, '--user', userFile, '--compat', 'scim2017']), UsageError);
    assert.throws(() => run([map, '--user', userFile, '--samples', 'examples/users.json', '--id', 'x']), UsageError);
    assert.throws(() => run([map, '--samples', 'examples/users.json']), UsageError);
    assert.throws(() => run([map, '--user', userFile, '--create']), UsageError);
  });
});

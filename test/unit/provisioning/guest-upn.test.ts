// B2B guests (Microsoft Learn "How Application Provisioning works in Microsoft Entra ID", B2B (guest)
// users): the #EXT# form of userPrincipalName is stripped to alias@theirdomain wherever a mapping
// reads it (matching, create, update), in the preview, the CLI, simulate and provisioning alike.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { guestUserPrincipalName } from '../../../server/src/provisioning/guest-upn';
import { matchingQueries, previewUser, wireRequests } from '../../../server/src/provisioning/requests';
import { runEval } from '../../../server/src/cli/eval';
import { runPreview } from '../../../server/src/cli/preview';
import { defaultCycleSettings, Simulation } from '../../../server/src/simulation/simulate';
import { capture, tempFiles } from '../cli/cli-io';

describe('guestUserPrincipalName: the stored #EXT# form and what flows', () => {
  const cases: Array<[string, string | undefined, ('documented' | 'marker-only')?]> = [
    ['kenji_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'kenji@fabrikam.com', 'documented'],
    // The last underscore before #EXT# separates alias and domain: domains cannot contain "_", aliases can.
    ['first_last_fabrikam.co.jp#EXT#@contoso.onmicrosoft.com', 'first_last@fabrikam.co.jp', 'documented'],
    ['a__b_sub.example.org#EXT#@contoso.com', 'a__b@sub.example.org', 'documented'],
    // UPNs compare ignoring case: so does the marker.
    ['kenji_fabrikam.com#ext#@contoso.onmicrosoft.com', 'kenji@fabrikam.com', 'documented'],
    ['Kenji_Fabrikam.COM#Ext#@contoso.onmicrosoft.com', 'Kenji@Fabrikam.COM', 'documented'],
    // No underscore (or none that leaves both an alias and a domain): only the marker goes.
    ['kenji#EXT#@contoso.onmicrosoft.com', 'kenji@contoso.onmicrosoft.com', 'marker-only'],
    ['_fabrikam.com#EXT#@contoso.com', '_fabrikam.com@contoso.com', 'marker-only'],
    ['kenji_#EXT#@contoso.com', 'kenji_@contoso.com', 'marker-only'],
    // Not the guest form: unchanged.
    ['kenji@fabrikam.com', undefined],
    ['kenji_fabrikam.com@contoso.com', undefined],
    ['kenji#EXT#x@contoso.com', undefined],
    ['#EXT#@contoso.com', undefined],
    ['a@b#EXT#@contoso.com', undefined],
    ['kenji_fabrikam.com#EXT#', undefined],
  ];
  for (const [stored, flowing, form] of cases) {
    test(`${stored} -> ${flowing ?? 'unchanged'}`, () => {
      const guest = guestUserPrincipalName(stored);
      assert.deepEqual(guest, flowing === undefined ? undefined : { stored, flowing, form });
    });
  }

  test('values that are not strings are never guests', () => {
    for (const value of [null, undefined, 42, true, ['a_b.c#EXT#@d'], { value: 'a_b.c#EXT#@d' }])
      assert.equal(guestUserPrincipalName(value), undefined);
  });
});

const file = parse(
  [
    'users {',
    '  userName <- [userPrincipalName] match 1',
    '  displayName <- [displayName]',
    '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
    '  externalId <- [originalUserPrincipalName]',
    '  title <- Join(" / ", [userPrincipalName], [jobTitle])',
    '  scope "no guests by UPN" {',
    '    [userPrincipalName] NOT REGEX MATCH "#EXT#@"',
    '  }',
    '  scope "everyone else" {',
    '    [jobTitle] IS NOT NULL',
    '  }',
    '}',
  ].join('\n'),
).file;

const guestAttributes = {
  objectId: 'g-1',
  userPrincipalName: 'ana_fabrikam.com#EXT#@contoso.onmicrosoft.com',
  displayName: 'Ana',
  jobTitle: 'Partner',
  accountEnabled: true,
};
const guest = { id: 'ana', attributes: guestAttributes };

describe('a guest in the preview', () => {
  test('the matching GET and the POST carry the stripped UPN; originalUserPrincipalName the stored form; a note says so', () => {
    const preview = previewUser(file, guest);
    assert.equal(preview.action, 'create');
    const [get, post] = wireRequests(preview);
    assert.deepEqual(get, { method: 'GET', path: '/Users?filter=userName eq "ana@fabrikam.com"' });
    const body = post.body as Record<string, unknown>;
    assert.equal(body.userName, 'ana@fabrikam.com');
    assert.equal(body.title, 'ana@fabrikam.com / Partner');
    assert.equal(body.externalId, 'ana_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    const notes = preview.notes.filter((note) => /B2B guest/.test(note.message));
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /"ana_fabrikam\.com#EXT#@contoso\.onmicrosoft\.com".*"ana@fabrikam\.com"/);
  });

  test('scoping filters read the stored form (they are not mappings): a filter on #EXT# still sees the guest', () => {
    const verdict = previewUser(file, guest).scope!;
    assert.equal(verdict.filters[0].clauses[0].result, false);
    assert.equal(verdict.inScope, true, 'in scope through the second filter');
  });

  test('an originalUserPrincipalName the sample gives is kept', () => {
    const preview = previewUser(file, { id: 'ana', attributes: { ...guestAttributes, originalUserPrincipalName: 'given' } });
    assert.equal((preview.requests[1].body as Record<string, unknown>).externalId, 'given');
  });

  test('an update compares the stripped UPN with the target: nothing to send when Genesys has it', () => {
    const preview = previewUser(file, guest, {
      target: {
        id: 't-1',
        userName: 'ana@fabrikam.com',
        displayName: 'Ana',
        active: true,
        externalId: 'ana_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        title: 'ana@fabrikam.com / Partner',
      },
    });
    assert.equal(preview.action, 'none');
    assert.deepEqual(preview.matching[0].found, true);
  });

  test('members are untouched, and get no note', () => {
    const preview = previewUser(file, { id: 'm', attributes: { ...guestAttributes, userPrincipalName: 'ana@contoso.com' } });
    assert.equal((preview.requests[1].body as Record<string, unknown>).userName, 'ana@contoso.com');
    assert.ok(!preview.notes.some((note) => /B2B guest/.test(note.message)));
  });

  test('the matching queries provisioning sends to a live target use the stripped UPN too', () => {
    const preview = matchingQueries(file, 'users', guest)!;
    assert.equal(preview.requests[0].path, '/Users?filter=userName eq "ana@fabrikam.com"');
  });

  test('simulate sends what the preview shows', () => {
    const cycle = new Simulation(file, { settings: defaultCycleSettings, assignmentKnown: false });
    const record = cycle.simulate({ kind: 'user', sample: guest, where: 'ana' });
    assert.deepEqual(record.simulation.requests, wireRequests(previewUser(file, guest)));
    assert.equal((record.simulation.requests[1].body as Record<string, unknown>).userName, 'ana@fabrikam.com');
  });
});

describe('a guest on the command line', () => {
  const write = tempFiles('scimmap-guest-');
  const userFile = write('guest.json', guestAttributes);

  test('scimmap eval reads the stripped UPN, with the note on stderr', () => {
    const io = capture();
    assert.equal(runEval(['--expr', '[userPrincipalName]', '--user', userFile], io), 0);
    assert.deepEqual(io.stdout, ['{"value":"ana@fabrikam.com"}']);
    assert.match(io.stderr.join('\n'), /^note: B2B guest/m);
    const original = capture();
    runEval(['--expr', '[originalUserPrincipalName]', '--user', userFile], original);
    assert.deepEqual(original.stdout, ['{"value":"ana_fabrikam.com#EXT#@contoso.onmicrosoft.com"}']);
  });

  test('scimmap preview sends the stripped UPN', () => {
    const io = capture();
    runPreview(['examples/purecloud.scimmap', '--user', userFile], io);
    const requests = JSON.parse(io.stdout.join('\n')) as Array<{ path: string; body?: Record<string, unknown> }>;
    assert.equal(requests[0].path, '/Users?filter=userName eq "ana@fabrikam.com"');
    assert.equal(requests[1].body?.userName, 'ana@fabrikam.com');
    assert.match(io.stderr.join('\n'), /B2B guest/);
  });
});

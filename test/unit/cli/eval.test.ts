import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runEval } from '../../../server/src/cli/eval';
import { main } from '../../../server/src/cli/main';
import { UsageError } from '../../../server/src/cli/io';
import { capture, tempFiles } from './cli-io';

function run(argv: string[]) {
  const io = capture();
  const code = runEval(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const write = tempFiles('scimmap-eval-');
const userFile = write('user.json', {
  givenName: 'José',
  surname: 'Núñez',
  proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com'],
  accountEnabled: true,
});

describe('scimmap eval', () => {
  test('an expression the editor and check call an error exits 1 with the diagnostic on stderr, as Entra rejects it', () => {
    for (const expr of ['Trim([givenName])', 'FormatDateTime([givenName], "yyyy")', 'Mid([givenName], 1)']) {
      const { code, out, err } = run(['--expr', expr, '--user', userFile]);
      assert.equal(code, 1, expr);
      assert.deepEqual(out, [], expr);
      assert.match(err.join('\n'), /scimmap eval: error at 1:\d+: .*\[(unknown-function|argument-count)\]/, expr);
    }
    assert.equal(run(['--expr', 'Join(" ", [givenName], [surname])', '--user', userFile]).code, 0);
  });

  // Before: "is not an Entra provisioning function", though Graph's schema/functions lists it.
  test('a function Graph lists but Microsoft does not document is said to be so, with the documented role functions', () => {
    const { code, err } = run(['--expr', 'AppRoleAssignments([appRoleAssignments])', '--user', userFile]);
    assert.equal(code, 1);
    assert.match(
      err.join('\n'),
      /`AppRoleAssignments` is listed by Graph's schema\/functions .*Microsoft documents nothing of what it returns.*AppRoleAssignmentsComplex.*\[unknown-function\]/,
    );
  });

  test('every error the editor reports for an expression fails eval with its code, whatever the rule; warnings do not', () => {
    const errors: Array<[string, string]> = [
      ['Trim([givenName])', 'unknown-function'],
      ['"t-" & [givenName]', 'concatenation'],
      ['Coalesce([givenName] = "x")', 'comparison-outside-condition'],
      ['Join(" ", IgnoreFlowIfNullOrEmpty([givenName]))', 'top-level-only'],
      ['Join(" ", givenName)', 'unexpected-identifier'],
      ['Left([givenName], "abc")', 'argument-kind'],
      ['Mid([givenName], , 3)', 'missing-argument'],
      ['Replace([givenName], , "(ab", , "", , )', 'invalid-regex'],
      ['[appRoleAssignments]', 'app-role-assignments-direct'],
      ['Switch([givenName], "k", "v")', 'argument-count'],
    ];
    for (const [expr, code] of errors) {
      const { code: exit, out, err } = run(['--expr', expr, '--user', userFile]);
      assert.equal(exit, 1, expr);
      assert.deepEqual(out, [], expr);
      assert.match(err.join('\n'), new RegExp(`^scimmap eval: error at 1:\\d+: .*\\[${code}\\]$`, 'm'), expr);
    }
    // A warning (an attribute name in the wrong case) is not an error: Entra evaluates the expression.
    assert.equal(run(['--expr', '[givenname]', '--user', userFile]).code, 0);
    // Nor is a function name in the wrong case: the reference says to accept either case with a warning, which eval prints.
    const wrongCase = run(['--expr', 'toUpper([givenName])', '--user', userFile]);
    assert.deepEqual({ code: wrongCase.code, out: wrongCase.out }, { code: 0, out: ['{"value":"JOSÉ"}'] });
    assert.deepEqual(wrongCase.err, [
      "warning at 1:1: Entra's expression syntax is case-sensitive: write `ToUpper`, not `toUpper` (scimmap evaluates it as `ToUpper`; Microsoft's own page writes `switch` once). [function-case]",
    ]);
  });

  test('prints {"value": V} for a string', () => {
    const { code, out } = run(['--expr', 'NormalizeDiacritics(Join(".", [givenName], [surname]))', '--user', userFile]);
    assert.equal(code, 0);
    assert.deepEqual(out, ['{"value":"Jose.Nunez"}']);
  });

  test('prints an array for a multi-valued value and null for an absent attribute', () => {
    assert.deepEqual(run(['--expr', '[proxyAddresses]', '--user', userFile]).out, [
      '{"value":["SMTP:a@contoso.com","smtp:b@contoso.com"]}',
    ]);
    assert.deepEqual(run(['--expr', '[mail]', '--user', userFile]).out, ['{"value":null}']);
  });

  test('FormatDateTime in both forms, as issue 4 and the reference require (audit F F5)', () => {
    for (const expr of [
      'FormatDateTime("2021-06-30", "yyyy-MM-dd", "yyyyMMdd")',
      'FormatDateTime("2021-06-30", , "yyyy-MM-dd", "yyyyMMdd")',
    ]) {
      assert.deepEqual(run(['--expr', expr]), { code: 0, out: ['{"value":"20210630"}'], err: [] }, expr);
    }
  });

  test('booleans reach expressions as "True"/"False"', () => {
    assert.deepEqual(run(['--expr', 'Not([accountEnabled])', '--user', userFile]).out, ['{"value":"False"}']);
  });

  test('IgnoreFlowIfNullOrEmpty dropping the attribute prints ignored', () => {
    assert.deepEqual(run(['--expr', 'IgnoreFlowIfNullOrEmpty([mail])', '--user', userFile]).out, ['{"value":null,"ignored":true}']);
  });

  test('an invalid expression exits 1 with the message on stderr and nothing on stdout', () => {
    const { code, out, err } = run(['--expr', 'Join(", ", [givenName]', '--user', userFile]);
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /invalid expression at 1:\d+/);
  });

  test('a failure Entra would report exits 1', () => {
    const { code, err } = run(['--expr', 'Item([proxyAddresses], "9")', '--user', userFile]);
    assert.equal(code, 1);
    assert.ok(err.length > 0);
  });

  test('without --user every attribute is null; placeholders are explained on stderr', () => {
    const { code, out, err } = run(['--expr', 'Guid()']);
    assert.equal(code, 0);
    assert.match(JSON.parse(out[0]).value, /«.*»/);
    assert.match(err.join('\n'), /^placeholder: /m);
  });

  test('a seed makes Guid() repeatable', () => {
    const first = run(['--expr', 'Guid()', '--seed', '7']).out;
    assert.deepEqual(run(['--expr', 'Guid()', '--seed', '7']).out, first);
    assert.doesNotMatch(first[0], /«/);
  });

  test('a user file that is not one object is an unreadable input (exit 2)', () => {
    const bad = write('bad.json', '[1, 2]');
    const { code, err } = run(['--expr', '[mail]', '--user', bad]);
    assert.equal(code, 2);
    assert.match(err.join('\n'), /is not a valid user/);
  });

  test('usage mistakes are usage errors', () => {
    assert.throws(() => run([]), UsageError);
    assert.throws(() => run(['--expr']), UsageError);
    assert.throws(() => run(['--expr', '[a]', '--bogus', 'x']), UsageError);
    assert.throws(() => run(['--expr', '[a]', '--now', 'yesterday']), UsageError);
  });

  test('--now without an offset is UTC, as CDate reads the same text, on a machine in any time zone; an impossible date is a usage error', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      for (const [now, expected] of [
        ['2024-06-01T10:00:00', '6/1/2024 10:00:00 AM'],
        ['2024-06-01T10:00:00Z', '6/1/2024 10:00:00 AM'],
        ['2024-06-01T12:00:00+02:00', '6/1/2024 10:00:00 AM'],
        ['2024-06-01', '6/1/2024 12:00:00 AM'],
      ]) {
        assert.deepEqual(run(['--expr', 'Now()', '--now', now]).out, [JSON.stringify({ value: expected })], now);
        assert.deepEqual(run(['--expr', `CDate("${now}")`]).out, [JSON.stringify({ value: expected })], now);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    assert.throws(
      () => run(['--expr', 'Now()', '--now', '2024-02-30T00:00:00Z']),
      /not "2024-02-30T00:00:00Z" \(2024-2-30 is not a valid calendar date\)/,
    );
  });
});

test('eval takes --target-schema as every mapping command does: a bundled name or file is accepted, an unknown one is a usage error', async () => {
  const ok = capture();
  assert.equal(await main(['eval', '--expr', '"x"', '--target-schema', 'generic-scim'], ok), 0);
  assert.deepEqual(JSON.parse(ok.stdout.join('\n')), { value: 'x' });
  const bad = capture();
  assert.equal(await main(['eval', '--expr', '"x"', '--target-schema', 'no-such-target'], bad), 2);
  assert.match(bad.stderr.join('\n'), /--target-schema/);
});

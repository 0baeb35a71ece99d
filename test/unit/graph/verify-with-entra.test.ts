// scimmap verify-with-entra against the stand-in Graph: what is sent to parseExpression (the
// expression as Entra writes it, the sample as the test input object, the target's attribute
// definition), and how Entra's answers are compared. The stand-in has no evaluator: here it answers
// as scimmap evaluates, except where the test makes "Entra" disagree, which must be reported.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { evaluateExpression } from '../../../server/src/evaluation/evaluate';
import { parseExpression } from '../../../server/src/syntax/parser';
import { readParseExpressionAnswer } from '../../../shared/src/graph/parse-expression';
import { allPermissions, type GraphStandIn } from '../../support/graph-server';
import { capture, tempFiles } from '../cli/cli-io';
import { pullGenesysApp, startGenesysTenant } from './pulled-app';

const file = tempFiles('scimmap-verify-');
const folder = dirname(file('.keep', ''));
const token = 'eyJ0eXAiOiJKV1Qi.verify-token.c2lnbmF0dXJl';
const user = {
  userPrincipalName: 'amelia.hart@contoso.com',
  displayName: 'Amelia Hart',
  mail: 'amelia.hart@contoso.com',
  jobTitle: 'Head of Sales',
  department: 'Sales',
  IsSoftDeleted: false,
};
let graph: GraphStandIn;
const bodies: {
  expression: string;
  testInputObject: { properties: { key: string; value: unknown }[] };
  targetAttributeDefinition?: { name?: string } | null;
}[] = [];

before(async () => {
  graph = await startGenesysTenant();
  graph.tokens.set(token, new Set(allPermissions));
  process.env.SCIMMAP_TEST_VERIFY_TOKEN = token;
  graph.parseExpression = (body) => {
    bodies.push(body);
    if (body.expression === '[jobTitle]')
      return {
        parsingSucceeded: true,
        evaluationSucceeded: true,
        evaluationResult: ['HEAD OF SALES'],
        error: null,
        parsedExpression: null,
      };
    const attributes = Object.fromEntries(body.testInputObject.properties.map(({ key, value }) => [key, value]));
    const outcome = evaluateExpression(parseExpression(body.expression).expression!, attributes);
    const values =
      outcome.kind === 'value' ? (outcome.value === null ? [] : Array.isArray(outcome.value) ? outcome.value : [outcome.value]) : [];
    return {
      parsingSucceeded: true,
      evaluationSucceeded: outcome.kind !== 'error',
      evaluationResult: values,
      error: null,
      parsedExpression: null,
    };
  };
  await pullGenesysApp(graph.url, folder, 'SCIMMAP_TEST_VERIFY_TOKEN');
});

after(() => graph.close());

/** scimmap verify-with-entra on the pulled file with a user file, against the stand-in Graph. */
const verifyArgs = (userFile: string, tokenEnv: string, ...more: string[]) => [
  'verify-with-entra',
  join(folder, 'app.scimmap'),
  '--user',
  userFile,
  '--graph-url',
  graph.url,
  '--token-env',
  tokenEnv,
  ...more,
];

test('every users expression goes to parseExpression with the sample and the target definition; a disagreement is listed with both values (exit 1)', async () => {
  const io = capture();
  const code = await main(verifyArgs(file('amelia.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  const out = io.stdout.join('\n');
  assert.equal(code, 1, io.stderr.join('\n'));
  assert.match(
    out,
    /DIFFERENT +users "Provision Microsoft Entra ID Users" title <- \[jobTitle\]\n {2}scimmap: \["Head of Sales"\]\n {2}Entra: {3}\["HEAD OF SALES"\]/,
  );
  assert.match(out, /same +users "Provision Microsoft Entra ID Users" userName <- \[userPrincipalName\]/);
  assert.match(
    out,
    /same +users "Provision Microsoft Entra ID Users" active <- Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\)/,
  );
  assert.match(out, /^\d+ same, 1 different, 0 not comparable\.$/m);
  const upn = bodies.find((body) => body.expression === '[userPrincipalName]');
  assert.deepEqual(
    upn?.testInputObject.properties.find((property) => property.key === 'userPrincipalName'),
    { key: 'userPrincipalName', value: 'amelia.hart@contoso.com' },
  );
  assert.equal(upn?.targetAttributeDefinition?.name, 'userName', "the target's attribute definition comes from the pulled schema");
  assert.ok(!out.includes(token) && !io.stderr.join('\n').includes(token));
});

test('a multi-valued value goes as a string collection annotated "value@odata.type": "#Collection(String)", as the documented API takes it', async () => {
  const io = capture();
  const otherMails = ['amelia@perso.example', 'a.hart@alt.example'];
  const code = await main(verifyArgs(file('amelia-mails.json', { ...user, otherMails }), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  assert.equal(code, 1, io.stderr.join('\n'));
  assert.deepEqual(
    bodies.at(-1)?.testInputObject.properties.find((property) => property.key === 'otherMails'),
    { key: 'otherMails', 'value@odata.type': '#Collection(String)', value: otherMails },
  );
});

// Before: a boolean or number went as a JSON boolean or number ({"key": "IsSoftDeleted", "value": false}).
test('a single boolean or number goes as the string scimmap evaluates: "True"/"False", decimals', async () => {
  const io = capture();
  const flags = { ...user, accountEnabled: true, employeeId: 1042 };
  await main(verifyArgs(file('amelia-flags.json', flags), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  const properties = bodies.at(-1)?.testInputObject.properties ?? [];
  assert.deepEqual(
    ['IsSoftDeleted', 'accountEnabled', 'employeeId'].map((key) => properties.find((property) => property.key === key)),
    [
      { key: 'IsSoftDeleted', value: 'False' },
      { key: 'accountEnabled', value: 'True' },
      { key: 'employeeId', value: '1042' },
    ],
  );
  assert.match(
    io.stdout.join('\n'),
    /same +users "Provision Microsoft Entra ID Users" active <- Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\)/,
  );
});

// Before: an app role assignment given as {"value", "displayName"} went as its JSON text.
test("a collection's elements go as the strings scimmap evaluates, as single values do: an app role assignment its role value", async () => {
  const io = capture();
  const appRoleAssignments = [{ value: 'Agent', displayName: 'Contact center agent' }, 'Supervisor'];
  await main(verifyArgs(file('amelia-roles.json', { ...user, appRoleAssignments }), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  assert.deepEqual(
    bodies.at(-1)?.testInputObject.properties.find((property) => property.key === 'appRoleAssignments'),
    { key: 'appRoleAssignments', 'value@odata.type': '#Collection(String)', value: ['Agent', 'Supervisor'] },
    io.stderr.join('\n'),
  );
});

// Before: with --now and --seed, title <- Now() was "DIFFERENT" (scimmap: ["1/1/2026 12:00:00 AM"],
// Entra: ["12/7/2026 8:56:36 PM"]), exit 1: the flags pin scimmap's side only, never Entra's.
test('Now(), Guid() and RandomString() stay not comparable whatever --now and --seed say: Entra uses its own clock and randomness', async () => {
  const own = graph.parseExpression;
  graph.parseExpression = (body) => {
    const entra = {
      'Now()': '12/7/2026 8:56:36 PM',
      'Guid()': '0f8fad5b-d9cb-469f-a165-70867728950e',
      'RandomString(8, 1, 1, 1, 1, "")': 'k3$Qzp7a',
    }[body.expression];
    return entra === undefined
      ? own(body)
      : { parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: [entra], error: null, parsedExpression: null };
  };
  const runtimeFolder = dirname(tempFiles('scimmap-verify-runtime-')('.keep', ''));
  try {
    await pullGenesysApp(graph.url, runtimeFolder, 'SCIMMAP_TEST_VERIFY_TOKEN');
    const scimmap = join(runtimeFolder, 'app.scimmap');
    writeFileSync(
      scimmap,
      readFileSync(scimmap, 'utf8')
        .replace('title <- [jobTitle]  default ""', 'title <- Now()')
        .replace('displayName <- [displayName]\n  emails', 'displayName <- Guid()\n  emails')
        .replace(
          'phoneNumbers[type eq "mobile"].value <- [mobile]',
          'phoneNumbers[type eq "mobile"].value <- RandomString(8, 1, 1, 1, 1, "")',
        ),
    );
    const args = verifyArgs(file('amelia-runtime.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN', '--now', '2026-01-01T00:00:00Z', '--seed', '7');
    args[1] = scimmap;
    const io = capture();
    const code = await main(args, io);
    const out = io.stdout.join('\n');
    assert.equal(code, 0, out);
    for (const mapping of [
      'title <- Now()',
      'displayName <- Guid()',
      'phoneNumbers[type eq "mobile"].value <- RandomString(8, 1, 1, 1, 1, "")',
    ])
      assert.ok(out.includes(`not comparable users "Provision Microsoft Entra ID Users" ${mapping}: `), `${mapping}\n${out}`);
    assert.match(out, /^\d+ same, 0 different, 3 not comparable\.$/m);
  } finally {
    graph.parseExpression = own;
  }
});

test('the usage line names --now, --seed and --default-domain, which verify-with-entra accepts', async () => {
  const io = capture();
  assert.equal(await main(['verify-with-entra', '--help'], io), 0);
  assert.match(
    io.stdout[0] ?? '',
    /^Usage: scimmap verify-with-entra FILE\.scimmap --user USER\.json \[--now ISO-DATE\] \[--seed N\] \[--default-domain DOMAIN\] /,
  );
});

test('--format json is the report to attach to a fidelity bug', async () => {
  const io = capture();
  assert.equal(await main(verifyArgs(file('amelia.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN', '--format', 'json'), io), 1);
  const report = JSON.parse(io.stdout.join('\n')) as {
    summary: { different: number };
    results: { target: string; verdict: string; entra: { evaluationResult: string[] }; scimmap: { values: string[] } }[];
  };
  assert.equal(report.summary.different, 1);
  const title = report.results.find((result) => result.target === 'title');
  assert.deepEqual(
    { verdict: title?.verdict, entra: title?.entra.evaluationResult, scimmap: title?.scimmap.values },
    { verdict: 'different', entra: ['HEAD OF SALES'], scimmap: ['Head of Sales'] },
  );
});

test('an expression Entra does not parse is a difference; a token without Synchronization.ReadWrite.All is told which permission', async () => {
  graph.parseExpression = () => ({
    parsingSucceeded: false,
    evaluationSucceeded: false,
    evaluationResult: null,
    error: { code: 'ParsingFailed', message: 'Syntax error at position 3' },
  });
  const io = capture();
  assert.equal(await main(verifyArgs(file('amelia.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN'), io), 1);
  assert.match(io.stdout.join('\n'), /Entra: {3}does not parse it: Syntax error at position 3/);
  graph.tokens.set('eyJ0eXAiOiJKV1Qi.read-only.c2ln', new Set(['Synchronization.Read.All']));
  process.env.SCIMMAP_TEST_VERIFY_READ = 'eyJ0eXAiOiJKV1Qi.read-only.c2ln';
  const refused = capture();
  assert.equal(await main(verifyArgs(file('amelia.json', user), 'SCIMMAP_TEST_VERIFY_READ'), refused), 1);
  assert.match(refused.stderr.join('\n'), /403 Authorization_RequestDenied: .*needs Synchronization\.ReadWrite\.All/);
});

test('a --user file that is not one user is refused (exit 2) in the words of verify-with-entra', async () => {
  const io = capture();
  const code = await main(verifyArgs(file('two.json', [user, user]), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  assert.equal(code, 2);
  assert.match(io.stderr[0], /^scimmap verify-with-entra: .*two\.json is not a valid user/);
});

// Before: an evaluationResult that was one string, not a list, crashed verify-with-entra with a
// TypeError, and an answer that was no object at all ([1], an empty body) counted as evaluating to nothing.
test("Entra's answer is read, not trusted: one string is one value, an answer that is no object is not Graph's", async () => {
  graph.parseExpression = (body) => ({
    parsingSucceeded: true,
    evaluationSucceeded: true,
    evaluationResult: body.expression === '[userPrincipalName]' ? user.userPrincipalName : null,
    error: null,
  });
  const io = capture();
  await main(verifyArgs(file('amelia.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN'), io);
  assert.match(
    io.stdout.join('\n'),
    /same +users "Provision Microsoft Entra ID Users" userName <- \[userPrincipalName\]/,
    io.stderr.join('\n'),
  );
  for (const answer of [undefined, null, [1], 'text', 7])
    assert.equal(readParseExpressionAnswer(answer), undefined, JSON.stringify(answer));
  assert.deepEqual(readParseExpressionAnswer({ parsingSucceeded: true, evaluationSucceeded: 'yes', evaluationResult: ['a', 5, true] }), {
    parsingSucceeded: true,
    evaluationSucceeded: undefined,
    evaluationResult: ['a', '5', 'true'],
    error: undefined,
  });
});

// Before: the exit 1 of a file with errors was not in --help, which listed 1 for a difference only.
test('a file with errors is listed as check lists it and nothing is sent (exit 1, as --help says)', async () => {
  const scimmap = join(folder, 'app.scimmap');
  const pulled = readFileSync(scimmap, 'utf8');
  const sent = bodies.length;
  try {
    writeFileSync(scimmap, pulled.replace('title <- [jobTitle]', 'title <- Upper([jobTitle])'));
    const io = capture();
    assert.equal(await main(verifyArgs(file('amelia-errors.json', user), 'SCIMMAP_TEST_VERIFY_TOKEN'), io), 1);
    assert.match(io.stderr.join('\n'), /app\.scimmap:\d+:\d+ error .*\n.*app\.scimmap has 1 error: fix them first/);
    assert.equal(bodies.length, sent, 'nothing was sent to Graph');
  } finally {
    writeFileSync(scimmap, pulled);
  }
  const help = capture();
  await main(['verify-with-entra', '--help'], help);
  assert.match(help.stdout.join('\n'), /1 when something does\s\(.*\), when the file has errors/s);
});

// `scimmap simulate` as CI pipelines run it: each output format, broken rows on stderr, the impact
// of a change against another file or a git ref, exit codes.
import assert from 'node:assert/strict';
import { execFileSync, execSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { markdownBudget } from '../../../server/src/simulation/report';
import { nestedJson } from '../../support/generate';
import { gitRepository } from '../../support/git';
import { repositoryRoot } from '../../support/repository';
import { capture, endOf, tempFiles } from './cli-io';

const root = repositoryRoot(__dirname);
const map = join(root, 'examples', 'purecloud.scimmap');
const write = tempFiles('scimmap-simulate-');
const csv = write(
  'users.csv',
  '\uFEFFid,userPrincipalName,displayName,mail,jobTitle,accountEnabled\r\n1,ada@contoso.com,"Lovelace, Ada",ada@contoso.com,Analyst,True\r\n2,bob@contoso.com,Bob,bob@contoso.com,,True\r\n3,broken@contoso.com,Broken,x,y,True,extra\r\n4,<img src=x onerror=alert(1)>@contoso.com,<b>x</b>,,,True\r\n',
);

async function run(argv: string[]) {
  const io = capture();
  const code = await main(['simulate', ...argv], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('scimmap simulate', () => {
  test('jsonl: one provisioning-log record a line, then the summary; broken rows on stderr with their line', async () => {
    const { code, out, err } = await run([map, '--directory', csv]);
    assert.equal(code, 0);
    const lines = out.split('\n').map((line) => JSON.parse(line));
    const summary = lines.pop().summary;
    assert.deepEqual(
      lines.map((record) => [record.sourceIdentity.id, record.provisioningAction]),
      [
        ['1', 'create'],
        ['2', 'create'],
        ['4', 'create'],
      ],
    );
    assert.equal(summary.objects, 3);
    assert.equal(summary.byAction.create, 3);
    assert.equal(summary.inputProblems, 1);
    assert.match(err, /users\.csv:4: the row has 7 values but the header names 6 columns/);
  });

  test('--directory takes several files after it, as the synopsis writes it, or repeated; the .scimmap may come after them', async () => {
    const second = write('second.csv', 'id,userPrincipalName,displayName,accountEnabled\n9,zed@contoso.com,Zed,True\n');
    const ids = (out: string) =>
      out
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => !line.summary)
        .map((record) => record.sourceIdentity.id);
    for (const argv of [
      [map, '--directory', csv, second],
      [map, '--directory', csv, '--directory', second],
      ['--directory', csv, second, map],
      ['--directory', csv, second, '--format', 'jsonl', map],
    ]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0, argv.join(' '));
      assert.deepEqual(ids(out), ['1', '2', '4', '9'], argv.join(' '));
    }
    assert.equal((await run([map, '--directory', csv, second, 'other.scimmap'])).code, 2);
  });

  test('json is one document of records and summary', async () => {
    const { out } = await run([map, '--directory', csv, '--format', 'json']);
    const document = JSON.parse(out);
    assert.equal(document.records.length, 3);
    assert.equal(document.summary.objects, 3);
  });

  test('html escapes every value and allows no script', async () => {
    const { out } = await run([map, '--directory', csv, '--format', 'html']);
    assert.ok(!out.includes('<img src=x'), 'no raw markup from the directory');
    assert.ok(out.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.match(out, /Content-Security-Policy" content="default-src 'none'/);
    assert.ok(!/<script/i.test(out));
  });

  test('--against lists exactly the objects a change affects, as Markdown for a pull request', async () => {
    const old = write('old.scimmap', readFileSync(map, 'utf8').replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "Agent")'));
    const { code, out } = await run([map, '--directory', csv, '--against', old, '--format', 'md']);
    assert.equal(code, 0);
    assert.match(out, /### 2 objects change/);
    // Objects are named by their display name, as the provisioning logs name the source identity.
    assert.match(out, /\| Bob \| Create \| title \| Agent \| — \|/);
    assert.match(out, /\| \\<b\\>x\\<\/b\\> \| Create \| title \| Agent \| — \|/, 'markup escaped in Markdown');
    assert.ok(!out.includes('Lovelace'), 'ada keeps her title');
  });

  test('--against: an object that fails under both mappings for another reason says both reasons, in md, html and jsonl (before: only the values that changed)', async () => {
    // Bob has no displayName: the old mapping fails him for it; the new one gives him one, and the userName Ada takes (409: matching is on externalId).
    const users = write(
      'shared-mail.csv',
      'id,userPrincipalName,displayName,mail,accountEnabled\n1,ada@contoso.com,Ada,shared@contoso.com,True\n2,bob@contoso.com,,shared@contoso.com,True\n',
    );
    const changed = write(
      'by-mail.scimmap',
      readFileSync(map, 'utf8')
        .replace('userName    <- [userPrincipalName]  match 1', 'userName    <- [mail]\n  externalId  <- [userPrincipalName]  match 1')
        .replace('displayName <- [displayName]\n', 'displayName <- Coalesce([displayName], [userPrincipalName])\n'),
    );
    const oldReason =
      'Entra fails the object: Genesys Cloud requires displayName on create, and this user has none: the POST will be rejected.';
    const newReason =
      'Entra fails the object: userName "shared@contoso.com" is also what "1" maps to: the target keeps userName unique and answers 409 Conflict for the second.';
    const jsonl = await run([changed, '--directory', users, '--against', map, '--format', 'jsonl']);
    assert.equal(jsonl.code, 1);
    // Why it exits 1, on stderr (before: nothing there): the new mapping's failures decide the exit.
    assert.equal(jsonl.err, "scimmap simulate: 1 of 2 objects fails (status failure); the summary's reasons say why");
    const bob = jsonl.out
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((line) => line.sourceIdentity?.id === '2');
    assert.deepEqual([bob.impact.before, bob.impact.after], ['failure', 'failure']);
    assert.deepEqual(bob.impact.attributes[0], { attribute: '(failure reason)', before: oldReason, after: newReason });
    const md = await run([changed, '--directory', users, '--against', map, '--format', 'md']);
    assert.ok(
      md.out.includes(
        '| bob@contoso.com | Failure | (failure reason) | Entra fails the object: Genesys Cloud requires displayName on create, and this user has none: the POST will be rejected. | Entra fails the object: userName "shared@contoso.com" is also what "1" maps to: the target keeps userName unique and answers 409 Conflict for the second. |',
      ),
      md.out,
    );
    const html = await run([changed, '--directory', users, '--against', map, '--format', 'html']);
    assert.ok(
      html.out.includes(
        '<li><code>(failure reason)</code>: Entra fails the object: Genesys Cloud requires displayName on create, and this user has none: the POST will be rejected. → Entra fails the object: userName &#34;shared@contoso.com&#34; is also what &#34;1&#34; maps to: the target keeps userName unique and answers 409 Conflict for the second.</li>',
      ),
      html.out,
    );
  });

  test('md for thousands of users fits a pull-request comment: objects listed in order while they fit, the rest counted', async () => {
    // 3,000 users with 3,000-character titles: as created, each record is far over a comment's size.
    const title = `Senior ${'Customer Support '.repeat(200)}Agent`;
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},user${i}@contoso.com,User ${i},user${i}@contoso.com,${title},Support`);
    const users = write('thousands.csv', `id,userPrincipalName,displayName,mail,jobTitle,department\n${rows.join('\n')}\n`);
    const listed = (out: string) => out.split('\n').filter((line) => line.startsWith('| User '));
    const leftOut = (out: string, what: string) =>
      Number(new RegExp(`…and (\\d,\\d{3}) more ${what}, left out so that the report fits`).exec(out)?.[1].replace(',', ''));

    const plain = await run([map, '--directory', users, '--format', 'md']);
    assert.equal(plain.code, 0);
    assert.ok(plain.out.length <= markdownBudget, `${plain.out.length} characters`);
    assert.deepEqual(listed(plain.out).slice(0, 2), [
      '| User 0 | Create | success | Entra creates the user. |',
      '| User 1 | Create | success | Entra creates the user. |',
    ]);
    assert.ok(listed(plain.out).length > 200, 'the budget, not a count of objects, decides');
    assert.equal(listed(plain.out).length + leftOut(plain.out, 'objects'), 3000);
    assert.match(plain.out, /is in `scimmap simulate --format jsonl` \(or `json`\); `--format html` lists up to 10,000 objects/);

    // The change scopes the app to Sales: every user that was created is skipped, each saying why, then its attributes.
    const scoped = write(
      'scoped.scimmap',
      readFileSync(map, 'utf8').replace(
        '  actions create, update, delete\n',
        '  actions create, update, delete\n  scope "Sales" { [department] EQUALS "Sales" }\n',
      ),
    );
    const impact = await run([scoped, '--directory', users, '--against', map, '--format', 'md']);
    assert.equal(impact.code, 0);
    assert.ok(impact.out.length <= markdownBudget, `${impact.out.length} characters`);
    assert.match(impact.out, /### 3,000 objects change/);
    const skipped = listed(impact.out);
    assert.match(
      skipped[0],
      /^\| User 0 \| Create → Skip \| \(what Entra does\) \| Entra creates the user\. \| Entra skips the user: Out of scope: filter "Sales" did not match: .* \|$/,
    );
    assert.ok(skipped.every((line, i) => line.startsWith(`| User ${i} | Create → Skip |`)));
    const titles = impact.out.split('\n').filter((line) => line.startsWith('|  |  | title | Senior Customer Support '));
    assert.equal(titles.length, skipped.length, 'the title a skip no longer sends, under each object');
    assert.ok(titles.every((line) => line.endsWith('… _(3,212 more characters)_ | — |')));
    assert.equal(skipped.length + leftOut(impact.out, 'objects that change'), 3000);
  });

  test('md cuts a long value with a mark saying how much is left out, never inside a character', async () => {
    // A department of markup and emoji, 20,003 characters: the mapping change sends it as the title.
    const department = `<|>${'😀'.repeat(10000)}`;
    const users = write('long.csv', `id,userPrincipalName,displayName,department\n1,ada@contoso.com,Ada,${department}\n`);
    const changed = write('department-title.scimmap', readFileSync(map, 'utf8').replace('title <- [jobTitle]', 'title <- [department]'));
    const { code, out } = await run([changed, '--directory', users, '--against', map, '--format', 'md']);
    assert.equal(code, 0);
    const row = out.split('\n').find((line) => line.startsWith('| Ada |'));
    // 199 of the 200 code units a value shows: the markup escaped, then 98 whole emoji (the 200th is half of the 99th); the 9,902 left out are counted as characters, not code units.
    assert.equal(row, `| Ada | Create | title | — | \\<\\|\\>${'😀'.repeat(98)}… _(9,902 more characters)_ |`);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out), 'no half of a surrogate pair');
  });

  test('--against runs the old mapping with its own cycle settings, and says when the deletion threshold stops one cycle and not the other (before: both ran with the new settings, 0 objects change)', async () => {
    // Cleo is in the target and assigned to nothing: disabled under "sync assigned", kept under "sync all".
    const assignment = [{ id: 'a1', appRoleId: '00000000-0000-0000-0000-000000000000', resourceId: 'app' }];
    const users = write(
      'assigned.json',
      JSON.stringify({
        value: [
          { id: 'u1', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true, appRoleAssignments: assignment },
          { id: 'u2', userPrincipalName: 'cleo@contoso.com', displayName: 'Cleo', accountEnabled: true, appRoleAssignments: [] },
        ],
      }),
    );
    const state = write('cleo-state.json', {
      Resources: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 't-cleo',
          externalId: 'u2',
          userName: 'cleo@contoso.com',
          active: true,
          displayName: 'Cleo',
        },
      ],
    });
    const mapping = (settings: string) =>
      `target "generic-scim"\n${settings}\nusers {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n`;
    const assigned = write('assigned.scimmap', mapping('sync assigned\ndeletion threshold 0'));
    const all = write('all.scimmap', mapping('sync all\ndeletion threshold 0'));
    const lenient = write('lenient.scimmap', mapping('sync assigned'));

    const scope = await run([all, '--directory', users, '--target-state', state, '--against', assigned, '--format', 'jsonl']);
    assert.equal(scope.code, 0, scope.err);
    const lines = scope.out.split('\n').map((line) => JSON.parse(line));
    const { summary } = lines.pop();
    assert.deepEqual(
      lines
        .filter((record) => record.impact.changed)
        .map((record) => [record.sourceIdentity.id, record.impact.before, record.impact.after]),
      [['u2', 'disable', 'noChange']],
    );
    assert.deepEqual(summary.againstCycle, { settings: { scope: 'assigned', deletionThreshold: 0 }, stopsCycle: true });
    assert.ok(
      summary.notes.includes(
        'With the old mapping, Entra would stop the cycle at the accidental deletions threshold (1 disable or delete, threshold 0); with this one the cycle runs through (0 disables and deletes, threshold 0).',
      ),
      summary.notes.join('\n'),
    );

    // Only the threshold changes: no object's requests do, but one cycle stops and the other does not; said both ways.
    const raised = await run([lenient, '--directory', users, '--target-state', state, '--against', assigned, '--format', 'md']);
    assert.equal(raised.code, 0, raised.err);
    assert.match(raised.out, /### 0 objects change/);
    assert.match(
      raised.out,
      /> With the old mapping, Entra would stop the cycle at the accidental deletions threshold \(1 disable or delete, threshold 0\); with this one the cycle runs through \(1 disable or delete, threshold 500\)\./,
    );
    const lowered = await run([assigned, '--directory', users, '--target-state', state, '--against', lenient, '--format', 'md']);
    assert.equal(lowered.code, 1, 'the new cycle stops');
    assert.match(
      lowered.out,
      /> With the old mapping, the cycle runs through \(1 disable or delete, threshold 500\); with this one, Entra would stop it at the accidental deletions threshold \(1 disable or delete, threshold 0\)\./,
    );
  });

  test('over the deletion threshold, md and html show each disable as held, not success, and jsonl\'s summary says the disable records are held (before: "| Disable | success |" with "Entra would stop the cycle before sending them")', async () => {
    const users = write(
      'held.json',
      JSON.stringify({
        value: [
          { id: 'u1', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: false },
          { id: 'u2', userPrincipalName: 'cleo@contoso.com', displayName: 'Cleo', accountEnabled: false },
          { id: 'u3', userPrincipalName: 'new@contoso.com', displayName: 'New', accountEnabled: true },
        ],
      }),
    );
    const resource = (id: string, userName: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      userName,
      active: true,
    });
    const state = write('held-state.json', { Resources: [resource('t-ada', 'ada@contoso.com'), resource('t-cleo', 'cleo@contoso.com')] });
    const mapping = write(
      'held.scimmap',
      'target "generic-scim"\ndeletion threshold 1\nusers {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n}\n',
    );
    const md = await run([mapping, '--directory', users, '--target-state', state, '--format', 'md']);
    assert.equal(md.code, 1, md.err);
    const rows = md.out.split('\n').filter((line) => /^\| (Ada|Cleo|New) \|/.test(line));
    assert.deepEqual(
      rows.map((line) => line.split(' | ').slice(1, 3)),
      [
        ['Disable', 'held'],
        ['Disable', 'held'],
        ['Create', 'success'],
      ],
    );
    const html = await run([mapping, '--directory', users, '--target-state', state, '--format', 'html']);
    assert.equal(html.code, 1, html.err);
    assert.deepEqual(
      [...html.out.matchAll(/<tr class="(\w+)"><td>(\w+)<\/td>/g)].map((match) => [match[2], match[1]]),
      [
        ['Ada', 'held'],
        ['Cleo', 'held'],
        ['New', 'success'],
      ],
    );
    assert.match(html.out, /<td>Disable<br><i>held: not sent \(StagedDelete\)<\/i><\/td>/);
    const jsonl = await run([mapping, '--directory', users, '--target-state', state]);
    assert.equal(jsonl.code, 1, jsonl.err);
    const { summary } = JSON.parse(jsonl.out.split('\n').pop()!);
    assert.equal(summary.stopsCycle, true);
    // The exit's reason on stderr too, where a pipeline that saves stdout to a file shows it (before: exit 1, stderr empty).
    assert.equal(
      jsonl.err,
      'scimmap simulate: Entra would stop the cycle at the accidental deletions threshold (2 disables and deletes, threshold 1): it holds every disable and delete (StagedDelete), sending none of them until an admin allows the deletions (stopsCycle in the summary)',
    );
    assert.match(
      summary.notes.join(' '),
      /every disable and delete record of this cycle is held, not sent; creates and updates are not held/,
    );
    // At the threshold the cycle runs through: nothing is held.
    const at = write('at.scimmap', readFileSync(mapping, 'utf8').replace('deletion threshold 1', 'deletion threshold 2'));
    const under = await run([at, '--directory', users, '--target-state', state, '--format', 'md']);
    assert.equal(under.code, 0, under.err);
    assert.equal(under.err, '');
    assert.match(under.out, /\| Ada \| Disable \| warning \|/);
  });

  test('--against-ref compares with the file as committed at a git ref', async () => {
    const repo = gitRepository({ 'genesys.scimmap': readFileSync(map, 'utf8') });
    const file = join(repo, 'genesys.scimmap');
    writeFileSync(file, readFileSync(map, 'utf8').replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "Agent")'));
    const { code, out } = await run([file, '--directory', csv, '--against-ref', 'HEAD', '--format', 'jsonl']);
    assert.equal(code, 0);
    const records = out.split('\n').map((line) => JSON.parse(line));
    const summary = records.pop().summary;
    assert.match(summary.against, /genesys\.scimmap at HEAD/);
    const change = [{ attribute: 'title', before: null, after: 'Agent' }];
    assert.deepEqual(
      records.filter((record) => record.impact.changed).map((record) => [record.sourceIdentity.id, record.impact.attributes]),
      [
        ['2', change],
        ['4', change],
      ],
    );
  });

  test('--against-ref that cannot give the old mapping says why in one line, without the usage (exit 2)', async () => {
    const repo = gitRepository({ 'old.scimmap': readFileSync(map, 'utf8') });
    const file = join(repo, 'new.scimmap');
    writeFileSync(file, readFileSync(map, 'utf8'));
    const noRef = await run([file, '--directory', csv, '--against-ref', 'nosuch']);
    assert.deepEqual(
      [noRef.code, noRef.err],
      [
        2,
        'scimmap simulate: --against-ref nosuch: git has no commit nosuch in the repository of new.scimmap: check the name (`git branch --all` lists the branches this clone has).',
      ],
    );
    const uncommitted = await run([file, '--directory', csv, '--against-ref', 'HEAD']);
    assert.deepEqual(
      [uncommitted.code, uncommitted.err],
      [
        2,
        'scimmap simulate: --against-ref HEAD: new.scimmap has no committed version at HEAD (it is new, or was never committed): commit it once to compare your changes with it.',
      ],
    );
  });

  test('--against-ref to a commit whose mapping has errors names that commit and a git command that shows it, from the root and from outside the work tree (before: "fix them first (scimmap check \'MAP at REF\')", a file that does not exist)', async () => {
    const brokenText = readFileSync(map, 'utf8').replace('title <- [jobTitle]', 'title <- Coalesce([jobTitle], "Agent"');
    const repo = realpathSync(gitRepository({ 'README.md': 'Mappings\n' }));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    mkdirSync(join(repo, 'mappings'));
    writeFileSync(join(repo, 'mappings', 'genesys.scimmap'), brokenText);
    git('add', '.');
    git('commit', '-qm', 'broken');
    const commit = git('rev-parse', 'HEAD').trim().slice(0, 12);
    writeFileSync(join(repo, 'mappings', 'genesys.scimmap'), readFileSync(map, 'utf8'));
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'scimmap-simulate-cwd-')));
    for (const [folder, file, show] of [
      [repo, 'mappings/genesys.scimmap', `git show '${commit}:mappings/genesys.scimmap'`],
      [elsewhere, join(repo, 'mappings', 'genesys.scimmap'), `git -C '${repo}' show '${commit}:mappings/genesys.scimmap'`],
    ]) {
      const before = process.cwd();
      process.chdir(folder);
      try {
        const { code, out, err } = await run([file, '--directory', csv, '--against-ref', 'HEAD', '--format', 'md']);
        assert.deepEqual([code, out], [1, '']);
        assert.deepEqual(err.split('\n'), [
          `${file} at HEAD:12:40 error syntax Expected \`)\` to close \`Coalesce(\``,
          `scimmap simulate: ${file} at HEAD has errors; they are in commit ${commit} (${show} prints that version): compare with a ref where the mapping has none, or simulate without --against-ref for the whole cycle under this one`,
        ]);
        // The advice works where it is given.
        assert.equal(execSync(show, { encoding: 'utf8' }), brokenText);
      } finally {
        process.chdir(before);
      }
    }
  });

  test("the old mapping reads its own target file: beside OLD for --against, as committed at the ref for --against-ref (before: the new mapping's folder and working tree)", async () => {
    // Hal maps to Ada's userName: the target answers 409 while it keeps userName unique, and creates Hal once it does not.
    const users = write(
      'hal.json',
      JSON.stringify({
        value: [
          { id: 'u1', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true },
          { id: 'u2', userPrincipalName: 'ada@contoso.com', displayName: 'Hal', accountEnabled: true },
        ],
      }),
    );
    const mapping = `target "./app.target.json"\nusers {\n  externalId <- [objectId] match 1\n  userName <- [userPrincipalName]\n  displayName <- [displayName]\n}\n`;
    const unique = readFileSync(join(root, 'server', 'src', 'data', 'generic-scim-schema.json'), 'utf8');
    const notUnique = unique.replace(/("name": "userName",[^}]*?"uniqueness": )"server"/, '$1"none"');
    assert.notEqual(notUnique, unique);
    const impactOf = (out: string) =>
      out
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => line.impact?.changed)
        .map((record) => [record.sourceIdentity.id, record.impact.before, record.impact.after]);

    // --against OLD in a folder of its own, its target file beside it and none beside the new mapping.
    const oldFolder = mkdtempSync(join(tmpdir(), 'scimmap-simulate-old-'));
    writeFileSync(join(oldFolder, 'app.target.json'), unique);
    writeFileSync(join(oldFolder, 'old.scimmap'), mapping);
    const generic = write('generic.scimmap', mapping.replace('"./app.target.json"', '"generic-scim"'));
    const beside = await run([generic, '--directory', users, '--against', join(oldFolder, 'old.scimmap')]);
    assert.deepEqual(
      [beside.code, beside.err],
      [1, "scimmap simulate: 1 of 2 objects fails (status failure); the summary's reasons say why"],
      'Hal fails under both, and nothing is said of the target file',
    );
    assert.deepEqual(impactOf(beside.out), []);

    // --against-ref: only the target file changes in the working tree.
    const repo = gitRepository({ 'map.scimmap': mapping, 'app.target.json': unique });
    const file = join(repo, 'map.scimmap');
    writeFileSync(join(repo, 'app.target.json'), notUnique);
    const atRef = await run([file, '--directory', users, '--against-ref', 'HEAD']);
    assert.equal(atRef.code, 0, atRef.err);
    assert.deepEqual(impactOf(atRef.out), [['u2', 'failure', 'create']]);

    // A target file HEAD holds broken is HEAD's mapping's error, named as such.
    const broken = gitRepository({ 'map.scimmap': mapping, 'app.target.json': '{ "name": ' });
    writeFileSync(join(broken, 'app.target.json'), unique);
    const refused = await run([join(broken, 'map.scimmap'), '--directory', users, '--against-ref', 'HEAD']);
    assert.equal(refused.code, 1);
    const label = `${join(broken, 'map.scimmap')} at HEAD`;
    assert.ok(refused.err.startsWith(`${label}:1:8 error unknown-target-schema ./app.target.json at HEAD is not JSON:`), refused.err);
    assert.match(refused.err, /scimmap simulate: .*map\.scimmap at HEAD has errors; they are in commit [0-9a-f]{12} /);

    // A target file kept out of git is read from the working tree, with a warning.
    const untracked = gitRepository({ 'map.scimmap': mapping });
    writeFileSync(join(untracked, 'app.target.json'), unique);
    const fromDisk = await run([join(untracked, 'map.scimmap'), '--directory', users, '--against-ref', 'HEAD']);
    assert.equal(fromDisk.code, 1, 'Hal fails under both');
    assert.deepEqual(impactOf(fromDisk.out), []);
    assert.deepEqual(fromDisk.err.split('\n'), [
      'warning: --against-ref HEAD: the target file "./app.target.json" is not committed at HEAD, so the mapping at HEAD is read with the working tree\'s; a change to it does not show in the impact',
      "scimmap simulate: 1 of 2 objects fails (status failure); the summary's reasons say why",
    ]);
  });

  test('a target-state resource nested 10,000 deep is said with where it is and skipped; the rest is simulated (before: a stack overflow, no record)', async () => {
    const scimUser = (id: string, userName: string, title: string) =>
      `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"${id}","userName":"${userName}","active":true,"title":${title}}`;
    const state = write(
      'deep-state.json',
      `{"Resources":[${scimUser('t1', 'ada@contoso.com', '"Clerk"')},${scimUser('t2', 'bob@contoso.com', nestedJson(10_000))}]}`,
    );
    const { code, out, err } = await run([map, '--directory', csv, '--target-state', state]);
    assert.equal(code, 0, err);
    const lines = out.split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.pop().summary.inputProblems, 2);
    assert.deepEqual(
      lines.map((record) => [record.sourceIdentity.id, record.simulation.action, record.targetIdentity.id ?? null]),
      [
        ['1', 'update', 't1'],
        ['2', 'create', null],
        ['4', 'create', null],
      ],
    );
    assert.match(err, /deep-state\.json\/Resources\/1: "title" nests deeper than 64 levels, which no SCIM resource does; skipped/);
  });

  test('a samples file entry whose $target nests 10,000 deep is said with where and skipped, as an entry with any mistake is; the other files are simulated', async () => {
    const samples = write(
      'deep-samples.json',
      `{"users":[{"$id":"a","userPrincipalName":"a@contoso.com","$target":{"id":"t","title":${nestedJson(10_000)}}},{"$id":"b","userPrincipalName":"b@contoso.com","displayName":"B"}]}`,
    );
    const { code, out, err } = await run([map, '--directory', samples, csv]);
    assert.equal(code, 0, err);
    assert.equal(JSON.parse(out.split('\n').pop()!).summary.objects, 4);
    assert.match(err, /deep-samples\.json: users\[0\]\.\$target: "title" nests deeper than 64 levels/);
  });

  test('a samples file of which nothing can be read is an unusable input, beside readable files too; one without users or groups is said and simulated as empty (before: a warning, 0 objects, exit 0)', async () => {
    for (const [name, text, said] of [
      [
        'not-a-list.json',
        '{"users":"x"}',
        /not-a-list\.json: "users" must be an array, not the string "x", so nothing in the file could be read as the directory/,
      ],
      [
        'all-skipped.json',
        '{"users":[{"$id":1},{"$id":2}]}',
        /all-skipped\.json: users\[0\]\.\$id must be .* \(and 1 more such problem\), so nothing in the file/,
      ],
    ] as const) {
      const { code, out, err } = await run([map, '--directory', write(name, text), csv]);
      assert.equal(code, 2, err);
      assert.equal(out, '');
      assert.match(err, said);
    }
    const empty = await run([map, '--directory', write('no-samples.json', '{"users":[]}')]);
    assert.equal(empty.code, 0, empty.err);
    assert.match(empty.err, /no-samples\.json: the file holds no sample users or groups/);
  });

  test('a samples subset whose manager and member are outside it is simulated whole, the references said; a file given twice is read once', async () => {
    const samples = write(
      'subset.json',
      JSON.stringify({
        users: [
          { $id: 'bruno', userPrincipalName: 'bruno@contoso.com', displayName: 'Bruno', manager: { ref: 'amelia' } },
          { $id: 'chloe', userPrincipalName: 'chloe@contoso.com', displayName: 'Chloe' },
        ],
        groups: [{ $id: 'sales', displayName: 'Sales', members: ['amelia', 'chloe'] }],
      }),
    );
    const { code, out, err } = await run([map, '--directory', samples, samples, csv]);
    assert.equal(code, 0, err);
    const lines = out.split('\n').map((line) => JSON.parse(line));
    const { summary } = lines.pop();
    assert.deepEqual(
      lines.map((record) => record.id),
      ['user:bruno', 'user:chloe', 'user:1', 'user:2', 'user:4', 'group:sales'],
    );
    assert.equal(summary.inputProblems, 1, 'the broken CSV row only: the references and the repeated file are notes');
    assert.match(err, /subset\.json user "bruno": the manager "amelia" is not a user of the directory input/);
    assert.match(err, /subset\.json group "sales": the member "amelia" is not a user of the directory input/);
    assert.match(err, /subset\.json: the file is given twice; it is read once/);
  });

  test('a member outside a Graph or CSV directory input is said to be outside it, not "not a sample user" (before: the samples file\'s words)', async () => {
    const graphUsers = write(
      'graph-users.json',
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
        value: [{ id: 'u1', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true }],
      }),
    );
    const csvUsers = write('csv-users.csv', 'id,userPrincipalName,displayName,accountEnabled\nu1,ada@contoso.com,Ada,True\n');
    const groups = write(
      'graph-groups.json',
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups',
        value: [{ id: 'g1', displayName: 'Support Team', members: [{ id: 'u1' }, { id: 'ghost' }] }],
      }),
    );
    // The target's group holds a member no user of the input matches.
    const target = write(
      'group-target.json',
      JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 2,
        Resources: [
          { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'tg1', displayName: 'Support Team', members: [{ value: 'tx9' }] },
          { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'tu1', userName: 'ada@contoso.com', active: true },
        ],
      }),
    );
    for (const users of [graphUsers, csvUsers]) {
      const { out, err } = await run([map, '--directory', users, groups, '--target-state', target]);
      const group = out
        .split('\n')
        .map((line) => JSON.parse(line))
        .find((record) => record.sourceIdentity?.id === 'g1');
      assert.deepEqual(
        group.simulation.notes.filter((note: string) => /directory input|sample user/.test(note)),
        [
          'Member "ghost" is not a user of the directory input, so the simulation cannot resolve it.',
          '1 member of the Genesys Cloud group (tx9) is not a user of the directory input: Entra removes only members it provisioned and that left the Entra group.',
        ],
        users,
      );
      assert.match(err, /the member "ghost" is not a user of the directory input; the group is simulated without it/);
    }
  });

  test('a mapping with errors, a missing directory, a bad format', async () => {
    const broken = write('broken.scimmap', 'users {\n  usrName <- [userPrincipalName] match 1\n}\n');
    assert.equal((await run([broken, '--directory', csv])).code, 1);
    assert.equal((await run([map])).code, 2);
    assert.equal((await run([map, '--directory', csv, '--format', 'xml'])).code, 2);
  });

  test('a .json directory file that holds no JSON is said to be not JSON, exit 2 (before: read as a header-only CSV, 0 objects, exit 0)', async () => {
    const notJson = write('bad.json', 'not json\n');
    const { code, out, err } = await run([map, '--directory', notJson]);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(
      err,
      `scimmap simulate: ${notJson} is not JSON: it starts with "not json\\n", where a directory JSON file (Microsoft Graph pages or a samples file) starts with { or [`,
    );
    // An empty file (a failed curl -o) is unreadable too (before: exit 0, 0 objects).
    for (const [name, text] of [
      ['empty.json', ''],
      ['blank.json', ' \n\t\n'],
      ['bom.json', '\uFEFF'],
    ]) {
      const empty = await run([map, '--directory', write(name, text)]);
      assert.equal(empty.code, 2, name);
      assert.equal(empty.out, '');
      assert.match(
        empty.err,
        /^scimmap simulate: .*: the file is empty: a directory JSON file is Microsoft Graph pages .*, so nothing in it could be read\n?$/,
      );
    }
  });

  test('a note on an entry still simulated (a .NET type name read as empty) is in the md, html and jsonl summaries, not on stderr only (before: stderr only)', async () => {
    const typed = write(
      'typed.csv',
      'Id,UserPrincipalName,DisplayName,BusinessPhones,AccountEnabled\r\n1,ada@contoso.com,Ada,System.String[],True\r\n',
    );
    const note = `${typed}:2: the column "BusinessPhones" holds "System.String[]"`;
    const jsonl = await run([map, '--directory', typed]);
    assert.ok(jsonl.err.includes(`warning: ${note}`), jsonl.err);
    const summary = JSON.parse(jsonl.out.split('\n').at(-1)!).summary;
    assert.equal(summary.inputProblems, 0);
    assert.equal(summary.inputNotes.length, 1);
    assert.ok(summary.inputNotes[0].startsWith(note), summary.inputNotes[0]);
    const md = await run([map, '--directory', typed, '--format', 'md']);
    assert.match(
      md.out,
      /### Notes on the input \(simulated all the same\)\n\n- .*typed\.csv:2: the column "BusinessPhones" holds "System\.String\\\[\\\]"/,
    );
    const html = await run([map, '--directory', typed, '--format', 'html']);
    assert.match(
      html.out,
      /<ul class="input-notes"><li>.*typed\.csv:2: the column &#34;BusinessPhones&#34; holds &#34;System\.String\[\]&#34;/,
    );
    const plain = await run([map, '--directory', csv]);
    assert.equal(JSON.parse(plain.out.split('\n').at(-1)!).summary.inputNotes, undefined);
  });

  // Before: md and html said only "1 input entry could not be read (see the log)": a pull request's reader has no log.
  test('the entries skipped are listed with their line in the jsonl, md and html summaries, not on stderr only', async () => {
    const skipped = /users\.csv:4: the row has 7 values but the header names 6 columns/;
    const jsonl = await run([map, '--directory', csv]);
    const summary = JSON.parse(jsonl.out.split('\n').at(-1)!).summary;
    assert.equal(summary.inputSkipped.length, 1);
    assert.match(summary.inputSkipped[0], skipped);
    const md = await run([map, '--directory', csv, '--format', 'md']);
    assert.match(md.out, /1 input entry could not be read and was skipped\./);
    assert.match(md.out, /### Input entries skipped \(not simulated\)\n\n- .*users\.csv:4: the row has 7 values/);
    const html = await run([map, '--directory', csv, '--format', 'html']);
    assert.match(html.out, /<ul class="input-skipped"><li>.*users\.csv:4: the row has 7 values/);
    const clean = await run([map, '--directory', write('clean.csv', 'id,userPrincipalName\r\n1,ada@contoso.com\r\n')]);
    assert.equal(JSON.parse(clean.out.split('\n').at(-1)!).summary.inputSkipped, undefined);
  });

  test('a .json directory file whose only document is cut off is unreadable, exit 2 naming it (before: 0 objects, exit 0)', async () => {
    const cut = write('cut.json', JSON.stringify({ value: [{ id: 'u1', userPrincipalName: 'ada@contoso.com' }] }).slice(0, 30));
    const { code, out, err } = await run([map, '--directory', cut, '--format', 'md']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(
      err,
      `scimmap simulate: ${cut} (document at offset 0): the JSON document is cut off (the file ends inside it), so nothing in the file could be read`,
    );
  });

  test('a .json directory file of which nothing can be read is unusable, exit 2 naming it, even beside readable files (before: a warning, 0 objects, exit 0)', async () => {
    for (const text of ['{"value":"x"}', '{"value":null}', '{"foo":1}']) {
      const unreadable = write('unreadable.json', text);
      for (const files of [[unreadable], [csv, unreadable]]) {
        const { code, out, err } = await run([map, '--directory', ...files]);
        assert.equal(code, 2, text);
        assert.equal(out, '');
        assert.match(
          err,
          new RegExp(`^scimmap simulate: ${unreadable} /: .*, so nothing in the file could be read as the directory`),
          text,
        );
        assert.ok(!err.includes(csv), err);
      }
    }
    // An empty Graph page is a directory with nothing in it.
    const empty = await run([map, '--directory', write('empty-page.json', '{"value":[]}')]);
    assert.equal(empty.code, 0);
    assert.equal(JSON.parse(empty.out).summary.objects, 0);
  });

  test('a Users CSV whose header names no column to know a user by is unusable, exit 2, when no other input can be read (before: a warning, 0 objects, exit 0)', async () => {
    const other = write('other.csv', 'foo,bar\n1,2\n');
    const only = await run([map, '--directory', other, '--format', 'md']);
    assert.equal(only.code, 2);
    assert.equal(only.out, '');
    assert.equal(
      only.err,
      `scimmap simulate: ${other}:1: the header row has no objectId (id), userPrincipalName or displayName column to know a user by: this is no Users CSV, so nothing in the file could be read as the directory (no user or group)`,
    );
    // Two of them: the first is skipped, the last ends the run.
    const second = write('second-other.csv', 'mail;jobTitle\r\n');
    const both = await run([map, '--directory', other, second]);
    assert.equal(both.code, 2);
    assert.match(
      both.err,
      new RegExp(`^warning: ${other}:1: .*; the file is skipped\nscimmap simulate: ${second}:1: .*nothing in the file`),
    );
    // Beside an input that can be read, in either order, it is skipped with a warning, as before.
    const emptyPage = write('empty-page.json', '[]');
    for (const files of [
      [other, csv],
      [csv, other],
      [emptyPage, other],
    ]) {
      const { code, out, err } = await run([map, '--directory', ...files]);
      assert.equal(code, 0, files.join(' '));
      assert.ok(err.includes(`warning: ${other}:1: the header row has no objectId (id)`), err);
      assert.equal(JSON.parse(out.split('\n').at(-1)!).summary.objects, files.includes(csv) ? 3 : 0);
    }
  });

  test('an empty Users CSV (a failed download) is unusable as a header naming no column is: exit 2 alone, skipped beside another input (before: a warning, 0 objects, exit 0)', async () => {
    const empty = write('empty.csv', '');
    const headerOnly = write('header-only.csv', '\uFEFFid,userPrincipalName,displayName\r\n');
    for (const format of ['jsonl', 'md']) {
      const only = await run([map, '--directory', empty, '--format', format]);
      assert.deepEqual(
        [only.code, only.out, only.err],
        [
          2,
          '',
          `scimmap simulate: ${empty}: the file is empty: a Users CSV starts with a header row of column names, so nothing in the file could be read as the directory (no user or group)`,
        ],
      );
    }
    const beside = await run([map, '--directory', empty, csv]);
    assert.equal(beside.code, 0);
    assert.ok(
      beside.err.includes(
        `warning: ${empty}: the file is empty: a Users CSV starts with a header row of column names; the file is skipped`,
      ),
    );
    assert.equal(JSON.parse(beside.out.split('\n').at(-1)!).summary.objects, 3);
    // A header and no user is an empty directory, simulated as one.
    const none = await run([map, '--directory', headerOnly]);
    assert.deepEqual([none.code, none.err], [0, '']);
    assert.equal(JSON.parse(none.out).summary.objects, 0);
  });

  test(
    'an endless input with no line end (/dev/zero) is refused after 1 MiB of header, and the run ends (before: it read on forever)',
    { timeout: 30_000 },
    async () => {
      const { code, out, err } = await run([map, '--directory', '/dev/zero']);
      assert.equal(code, 2);
      assert.equal(
        err,
        'scimmap simulate: /dev/zero: the header row is longer than 1048576 characters: it is no Users CSV header, so nothing in the file could be read as the directory (no user or group)',
      );
      assert.equal(out, '');
    },
  );

  test('a JSON directory file over 256 MiB is refused before it is read, naming the limit and the CSV that streams (exit 2)', async () => {
    const large = write('large.json', '{"value": [');
    truncateSync(large, 257 * 1024 * 1024); // sparse: nothing is written
    const { code, err } = await run([map, '--directory', large]);
    assert.equal(code, 2);
    assert.match(err, /large\.json is over 256 MiB, the most a JSON file is read to .*only a Users CSV is streamed/);
  });
});

/** A Users CSV of `count` generated enabled users. */
function usersCsv(name: string, count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `${i},user${i}@contoso.com,User ${i},True`);
  return write(name, `id,userPrincipalName,displayName,accountEnabled\n${rows.join('\n')}\n`);
}

/** `scimmap simulate` of the test mapping over `directory` in a child process, its output piped. */
function simulateInChild(directory: string) {
  return spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'simulate', map, '--directory', directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('Ctrl+C without a live target cancels as with one: exit 1, the cancelled line, only whole records on stdout (before: exit 130, no word)', async () => {
  const child = simulateInChild(usersCsv('cancel.csv', 200_000));
  const ended = endOf(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout === '') child.kill('SIGINT'); // once the first records are out
    stdout += chunk.toString('utf8');
  });
  const { code } = await ended;
  assert.equal(code, 1, stderr);
  const cancelled = /^scimmap simulate: cancelled after (\d+) objects; no summary was written\.$/.exec(stderr.trim());
  assert.ok(cancelled, stderr);
  const records = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { summary?: unknown });
  assert.equal(records.length, Number(cancelled[1]));
  assert.ok(records.every((record) => record.summary === undefined));
});

test('a reader that stops early (| head) ends the run as SIGPIPE would, without a stack trace', async () => {
  const child = simulateInChild(usersCsv('many.csv', 3000));
  const ended = endOf(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // The first record arrives, then the reader goes away, as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const { code } = await ended;
  assert.equal(code, 141);
  assert.equal(stderr, '');
});

test('simulate follows the target the mapping declares, or --target-schema: groups a generic SCIM app can create are created', async () => {
  const groupsMap = (name: string, declaration: string, actions = '') =>
    write(`${name}.scimmap`, `${declaration}groups {\n${actions}  displayName <- [displayName]  match 1\n  externalId <- [objectId]\n}\n`);
  const directory = write('groups.json', { value: [{ id: 'g1', displayName: 'Sales', securityEnabled: true, groupTypes: [] }] });
  const record = async (argv: string[]) => {
    const { code, out } = await run(argv);
    assert.equal(code, 0, out);
    return out.split('\n').map((line) => JSON.parse(line))[0];
  };
  const declared = await record([groupsMap('declared', 'target "generic-scim"\n'), '--directory', directory]);
  assert.equal(declared.simulation.action, 'create');
  assert.equal(declared.targetSystem.displayName, 'SCIM 2.0 (RFC 7643)');
  const overridden = await record([groupsMap('plain', ''), '--directory', directory, '--target-schema', 'generic-scim']);
  assert.equal(overridden.simulation.action, 'create');
  const genesys = await record([groupsMap('genesys', '', '  actions update\n'), '--directory', directory]);
  assert.equal(genesys.simulation.action, 'skip', 'Genesys Cloud never creates groups');
  assert.equal(genesys.targetSystem.displayName, 'Genesys Cloud');
});

// The HTML report (`scimmap simulate --format html`): the summary a reviewer reads first, and,
// when it cannot list every object, the objects that need attention listed before the rest.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DirectoryEntry } from '../../../server/src/simulation/directory';
import { compareRecords } from '../../../server/src/simulation/impact';
import { AttentionList, attentionRank, htmlRows, MarkdownReport, renderHtml, type ReportRow } from '../../../server/src/simulation/report';
import { defaultCycleSettings, recordOf, Simulation } from '../../../server/src/simulation/simulate';
import { parse } from '../../../server/src/syntax/parser';
import { repositoryRoot } from '../../support/repository';

const mapping = readFileSync(join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap'), 'utf8');

function user(index: number, userPrincipalName = `user${index}@contoso.com`): DirectoryEntry {
  const attributes = { userPrincipalName, displayName: `User ${index} <b>`, jobTitle: 'Agent', department: 'Support' };
  return { kind: 'user', sample: { id: `u${index}`, attributes }, where: `u${index}` };
}

function cycle(text = mapping): Simulation {
  return new Simulation(parse(text).file, { settings: defaultCycleSettings, assignmentKnown: false });
}

/** The page for `entries`, kept as `scimmap simulate --format html` keeps them. */
function page(entries: Iterable<DirectoryEntry>): string {
  const simulation = cycle();
  const listed = new AttentionList<ReportRow>(htmlRows, () => 1);
  for (const entry of entries) {
    const simulated = simulation.simulateText(entry);
    listed.add(attentionRank(simulated), () => ({ record: recordOf(simulated) }));
  }
  return renderHtml({ ...simulation.summary(), inputProblems: 0 }, listed.listed, listed.leftOut, undefined);
}

function* users(count: number): Generator<DirectoryEntry> {
  for (let index = 0; index < count; index++) yield user(index);
}

describe('the HTML report', () => {
  test('past its 10,000 rows, a failure late in the directory is listed first, named with its reason (before: counted, never named)', () => {
    // User 10,004 takes user 0's userPrincipalName: its matching query finds the user created for user 0, and it fails.
    const html = page([...users(htmlRows + 4), user(htmlRows + 4, 'user0@contoso.com')]);
    const rows = html
      .split('\n<tr class=')
      .slice(1)
      .map((row) => `<tr class=${row}`);
    assert.equal(rows.length, htmlRows);
    assert.match(rows[0], /^<tr class="failure"><td>User 10004 &#60;b&#62;<\/td><td>Failure<\/td>.*two sources match one target object/);
    assert.ok(
      rows.slice(1).every((row) => row.startsWith('<tr class="success">')),
      'the rest in directory order',
    );
    assert.match(rows[1], /User 0 &#60;b&#62;/);
    assert.match(
      html,
      /<p class="left-out">…and 5 more objects are not listed: the page lists at most 10,000 \(failures are listed first, then rejections and warnings, then disables and deletes\)\. Every record is in <code>scimmap simulate --format jsonl<\/code>/,
    );
    assert.match(
      html,
      /<h2>Why objects are skipped, unchanged or failed<\/h2>\n<ul class="reasons"><li><b>1<\/b> Entra fails the object: the matching query \(userName/,
    );
    assert.match(
      html,
      /<h2>Top rejections \(1 rejection in all\)<\/h2>\n<ul class="warnings"><li><b>1<\/b> the matching query \(userName &#34;user0@contoso.com&#34;\)/,
    );
  });

  test('attention order: failures, then rejections and warnings, then disables and deletes, each in input order; a full list makes no object it cannot keep', () => {
    const list = new AttentionList<string>(3, () => 1);
    const made: string[] = [];
    const add = (rank: number, name: string) =>
      list.add(rank, () => {
        made.push(name);
        return name;
      });
    add(3, 'create 1');
    add(3, 'create 2');
    add(3, 'create 3');
    add(0, 'failure');
    add(3, 'create 4');
    add(2, 'delete');
    add(1, 'warning');
    add(2, 'disable');
    add(2, 'delete 2');
    assert.deepEqual(list.listed, ['failure', 'warning', 'delete']);
    assert.equal(list.leftOut, 6);
    assert.ok(!made.includes('create 4') && !made.includes('delete 2'), 'only counted once an object of their rank was left out');
  });

  test('--against with no change says so in the words of the md report, over no table (before: the counts over an empty table)', () => {
    const simulation = cycle();
    simulation.simulate(user(1));
    const summary = { ...simulation.summary(), inputProblems: 0 };
    const html = renderHtml(summary, [], 0, 'old.scimmap');
    const markdown = new MarkdownReport('old.scimmap').render(summary);
    const [, sentence] = /### 0 objects change\n\n(.+)$/.exec(markdown) ?? [];
    assert.ok(sentence, markdown);
    assert.ok(html.includes(`<h2>0 objects change</h2>\n<p>${sentence.replace("'", '&#39;')}</p>`), html);
    assert.doesNotMatch(html, /<table/);
  });

  test('--against with changes counts the objects that change over their table', () => {
    const old = cycle().simulate(user(1));
    const changed = cycle(mapping.replace('title <- [jobTitle]', 'title <- "Agent lead"')).simulate(user(1));
    const impact = compareRecords(old, changed);
    const html = renderHtml({ ...cycle().summary(), inputProblems: 0 }, [{ record: changed, impact }], 2, 'old.scimmap');
    assert.match(html, /<h2>3 objects change<\/h2>\n\n<p class="left-out">…and 2 more objects are not listed/);
    assert.match(html, /<code>title<\/code>: Agent → Agent lead/);
  });

  test('counts are grouped by thousands, as the md report groups them (before: "10000 create", "…and 10005 more")', () => {
    const summary = {
      ...cycle().summary(),
      objects: 20_005,
      byAction: { ...cycle().summary().byAction, create: 12_345 },
      inputProblems: 0,
    };
    const html = renderHtml(summary, [], 10_005, undefined);
    assert.match(html, /<p>20,005 objects · /);
    assert.match(html, /<li><b>12,345<\/b> create<\/li>/);
    assert.match(html, /…and 10,005 more objects are not listed/);
    assert.match(new MarkdownReport(undefined).render(summary), /^20,005 objects: 12,345 create\.$/m);
  });
});

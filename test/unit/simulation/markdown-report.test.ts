// The Markdown report a pull request gets, whatever the directory and the mapping hold: thousands of
// objects, thousands of attributes, values and names of a megabyte of markup, long warnings. It stays
// within a comment's size, lists objects while they fit and counts the rest.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DirectoryEntry } from '../../../server/src/simulation/directory';
import { compareRecords, type ObjectImpact } from '../../../server/src/simulation/impact';
import {
  MarkdownReport,
  markdownBudget,
  renderHtml,
  standaloneCharacters,
  type ReportRow,
  type ReportSummary,
} from '../../../server/src/simulation/report';
import { defaultCycleSettings, Simulation, type ProvisioningRecord } from '../../../server/src/simulation/simulate';
import { TargetIndex } from '../../../server/src/simulation/target-state';
import { parse } from '../../../server/src/syntax/parser';
import { repositoryRoot } from '../../support/repository';

const mapping = readFileSync(join(repositoryRoot(__dirname), 'examples', 'purecloud.scimmap'), 'utf8');
const scoped = mapping.replace(
  '  actions create, update, delete\n',
  '  actions create, update, delete\n  scope "Sales" { [department] EQUALS "Sales" }\n',
);

function cycle(text: string, target?: TargetIndex) {
  return new Simulation(parse(text).file, { settings: defaultCycleSettings, assignmentKnown: false, target });
}

const ada: DirectoryEntry = {
  kind: 'user',
  sample: {
    id: 'u1',
    attributes: { userPrincipalName: 'ada@contoso.com', displayName: 'Ada', jobTitle: 'Analyst', department: 'Support' },
  },
  where: 'u1',
};

/** The report of `rows`, as `scimmap simulate --against --format md` prints it; every row ranked as a plain create or update (attentionRank 3). */
function report(rows: Iterable<() => ReportRow>, summary: ReportSummary, against: string | undefined): string {
  const markdown = new MarkdownReport(against);
  for (const row of rows) markdown.add(3, row);
  return markdown.render(summary);
}

function summaryOf(simulation: Simulation): ReportSummary {
  return { ...simulation.summary(), inputProblems: 0 };
}

function* repeated<T>(count: number, make: (index: number) => T): Generator<T> {
  for (let index = 0; index < count; index++) yield make(index);
}

/** The lines of the objects table that name an object (an object's further attributes leave the name out). */
function objectLines(markdown: string): string[] {
  const lines = markdown.split('\n');
  const table = lines.slice(lines.findIndex((line) => line.startsWith('| Object |')) + 2);
  const end = table.indexOf('');
  return table.slice(0, end < 0 ? undefined : end).filter((line) => !line.startsWith('|  |'));
}

describe('the Markdown report', () => {
  test('an object whose action changes says what Entra does before and after, then each attribute with its old and new value (before: only "(5 attributes)")', () => {
    const created = cycle(mapping).simulate(ada);
    const skipped = cycle(scoped).simulate(ada);
    const impact = compareRecords(created, skipped);
    const markdown = report(
      [() => ({ record: skipped, impact, beforeSummary: created.simulation.summary })],
      summaryOf(cycle(scoped)),
      'old.scimmap',
    );
    const lines = markdown.split('\n');
    const first = lines.findIndex((line) => line.startsWith('| Ada |'));
    assert.deepEqual(lines.slice(first, first + 1 + impact.attributes.length), [
      '| Ada | Create → Skip | (what Entra does) | Entra creates the user. | Entra skips the user: Out of scope: filter "Sales" did not match: \\[department\\] EQUALS "Sales" is false (\\[department\\] is "Support"). It was never provisioned, so nothing is sent. |',
      '|  |  | userName | ada@contoso.com | — |',
      '|  |  | active | true | — |',
      '|  |  | displayName | Ada | — |',
      '|  |  | title | Analyst | — |',
      '|  |  | urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department | Support | — |',
    ]);
    assert.doesNotMatch(markdown, /…and \d+ more/);

    // More attributes than an object lists: the first 20 under the action's row, then their count, as for an update.
    const many: ObjectImpact = {
      ...impact,
      attributes: Array.from({ length: 25 }, (_, n) => ({ attribute: `a${n}`, before: `old ${n}`, after: null })),
    };
    const cut = report(
      [() => ({ record: skipped, impact: many, beforeSummary: created.simulation.summary })],
      summaryOf(cycle(scoped)),
      'old.scimmap',
    ).split('\n');
    const action = cut.findIndex((line) => line.startsWith('| Ada | Create → Skip | (what Entra does) |'));
    assert.deepEqual(cut.slice(action + 1, action + 22), [
      ...many.attributes.slice(0, 20).map(({ attribute, before }) => `|  |  | ${attribute} | ${before} | — |`),
      '|  |  | …and 5 more attributes |  |  |',
    ]);

    const retitled = cycle(mapping.replace('title <- [jobTitle]', 'title <- "Agent"')).simulate(ada);
    const update = report(
      [() => ({ record: retitled, impact: compareRecords(created, retitled), beforeSummary: created.simulation.summary })],
      summaryOf(cycle(mapping)),
      'old.scimmap',
    ).split('\n');
    assert.ok(update.includes('| Ada | Create | title | Analyst | Agent |'));
  });

  const untitled = mapping.replace('  title <- [jobTitle]\n', '');
  /** Ada in the target's state, with a title or none. */
  const held = (title?: string) =>
    new TargetIndex({
      users: [
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 't1',
          userName: 'ada@contoso.com',
          active: true,
          displayName: 'Ada',
          ...(title ? { title } : {}),
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Support' },
        },
      ],
      groups: [],
    });

  test('an attribute the old mapping does not send shows the value the target keeps, said to be unchanged, or that no target state says it, in md and html (before: "—")', () => {
    const rowsOf = (before: ProvisioningRecord, after: ProvisioningRecord) =>
      report(
        [() => ({ record: after, impact: compareRecords(before, after), beforeSummary: before.simulation.summary })],
        summaryOf(cycle(mapping)),
        'old.scimmap',
      )
        .split('\n')
        .filter((line) => line.startsWith('| Ada |') || line.startsWith('|  |'));
    // No change -> Update: the target keeps its "Intern" under the old mapping.
    const [unchanged, retitled] = [cycle(untitled, held('Intern')).simulate(ada), cycle(mapping, held('Intern')).simulate(ada)];
    assert.deepEqual([unchanged.simulation.action, retitled.simulation.action], ['noChange', 'update']);
    assert.deepEqual(rowsOf(unchanged, retitled), [
      '| Ada | No change → Update | (what Entra does) | The user matches and nothing changed: Entra sends no update (RedundantExport). | Entra updates 1 attribute. |',
      '|  |  | title | Intern _(unchanged, not sent)_ | Analyst |',
    ]);
    assert.deepEqual(compareRecords(unchanged, retitled).attributes, [
      { attribute: 'title', before: 'Intern', after: 'Analyst', kept: 'target' },
    ]);
    assert.match(
      renderHtml(summaryOf(cycle(mapping)), [{ record: retitled, impact: compareRecords(unchanged, retitled) }], 0, 'old.scimmap'),
      /<li><code>title<\/code>: Intern <i>\(unchanged, not sent\)<\/i> → Analyst<\/li>/,
    );
    // A title the target lacks: none is kept.
    const [bare, titled] = [cycle(untitled, held()).simulate(ada), cycle(mapping, held()).simulate(ada)];
    assert.deepEqual(rowsOf(bare, titled).slice(1), ['|  |  | title | — _(none in the target, not sent)_ | Analyst |']);
    // Skip -> Create without a target state: whether the target holds Ada, and what, is not known.
    const [skipped, created] = [cycle(scoped).simulate(ada), cycle(mapping).simulate(ada)];
    assert.deepEqual(
      rowsOf(skipped, created)[1],
      '|  |  | userName | — _(not sent; no target state says what the target holds)_ | ada@contoso.com |',
    );
    // Create -> Create: the old mapping's POST leaves the title out of the new object: nothing is kept.
    const created2 = cycle(untitled).simulate(ada);
    assert.deepEqual(rowsOf(created2, created), ['| Ada | Create | title | — | Analyst |']);
    // The other way, Create -> Create: the new POST leaves it out: nothing is kept either.
    assert.deepEqual(rowsOf(created, created2), ['| Ada | Create | title | Analyst | — |']);
  });

  test('an attribute the new mapping no longer sends shows the value the target keeps, said to be unchanged, in md, html and jsonl (before: "—", read as cleared)', () => {
    // Update -> No change: the old mapping replaces "Intern" with "Analyst"; the new one sends no title, so "Intern" stays.
    const [retitled, unchanged] = [cycle(mapping, held('Intern')).simulate(ada), cycle(untitled, held('Intern')).simulate(ada)];
    assert.deepEqual([retitled.simulation.action, unchanged.simulation.action], ['update', 'noChange']);
    const impact = compareRecords(retitled, unchanged);
    assert.deepEqual(impact.attributes, [{ attribute: 'title', before: 'Analyst', after: 'Intern', keptAfter: 'target' }]);
    const lines = report(
      [() => ({ record: unchanged, impact, beforeSummary: retitled.simulation.summary })],
      summaryOf(cycle(untitled)),
      'old.scimmap',
    ).split('\n');
    assert.ok(lines.includes('|  |  | title | Analyst | Intern _(unchanged, not sent)_ |'), lines.join('\n'));
    assert.match(
      renderHtml(summaryOf(cycle(untitled)), [{ record: unchanged, impact }], 0, 'old.scimmap'),
      /<li><code>title<\/code>: Analyst → Intern <i>\(unchanged, not sent\)<\/i><\/li>/,
    );
    // A title the target lacks (the old mapping adds it): none is kept.
    const [added, bare] = [cycle(mapping, held()).simulate(ada), cycle(untitled, held()).simulate(ada)];
    assert.deepEqual(compareRecords(added, bare).attributes, [{ attribute: 'title', before: 'Analyst', after: null, keptAfter: 'target' }]);
  });

  test('with --against and nothing changed, the report says so under its heading (before: a bare "### 0 objects change")', () => {
    const markdown = report([], summaryOf(cycle(mapping)), 'old.scimmap');
    assert.ok(
      markdown.endsWith(
        "### 0 objects change\n\nNo object's requests change: every object gets the same requests as with the old mapping.",
      ),
      markdown,
    );
    assert.doesNotMatch(markdown, /\| Object \|/, 'no empty table');
  });

  test('a value that would mention a team or reference an issue (#42, owner/repo#3, GH-7) in the pull request does not; an address stays as it is', () => {
    const created = cycle(mapping).simulate(ada);
    const pinging = cycle(
      mapping.replace('title <- [jobTitle]', 'title <- "@contoso/all-staff, #42, octo-org/octo-repo#3, GH-7 (ada@contoso.com)"'),
    ).simulate(ada);
    const markdown = report(
      [() => ({ record: pinging, impact: compareRecords(created, pinging), beforeSummary: created.simulation.summary })],
      summaryOf(cycle(mapping)),
      'old.scimmap',
    );
    assert.ok(
      markdown
        .split('\n')
        .includes(
          '| Ada | Create | title | Analyst | @\u200bcontoso/all-staff, #\u200b42, octo-org/octo-repo#\u200b3, GH\u200b-7 (ada@contoso.com) |',
        ),
    );
  });

  test('a value holding entity text shows as sent: & is escaped (before: "&amp; &lt;" showed as "& <" on GitHub)', () => {
    const created = cycle(mapping).simulate(ada);
    const entities = cycle(mapping.replace('title <- [jobTitle]', 'title <- "&amp; &lt; R&D"')).simulate(ada);
    const lines = report(
      [() => ({ record: entities, impact: compareRecords(created, entities), beforeSummary: created.simulation.summary })],
      summaryOf(cycle(mapping)),
      'old.scimmap',
    ).split('\n');
    assert.ok(lines.includes('| Ada | Create | title | Analyst | \\&amp; \\&lt; R\\&D |'), lines.join('\n'));
  });

  // Before: "| Ada | Create | title | Analyst | Analyst |": GitHub trims a cell, so the change of a space at its end was invisible.
  test('a value whose white space changes (a space at an end, a run of spaces, empty) shows it, quoted, in md and html', () => {
    const spaced: DirectoryEntry = {
      ...ada,
      sample: { ...ada.sample, attributes: { ...ada.sample.attributes, jobTitle: ' Analyst  of\r\nR ' } },
    };
    const before = cycle(mapping).simulate(spaced);
    const spacedAfter = cycle(mapping.replace('title <- [jobTitle]', 'title <- Append([jobTitle], " ")')).simulate(spaced);
    const emptied = cycle(mapping.replace('title <- [jobTitle]', 'title <- ""')).simulate(spaced);
    const row = (record: ProvisioningRecord) => () => ({
      record,
      impact: compareRecords(before, record),
      beforeSummary: before.simulation.summary,
    });
    const lines = report([row(spacedAfter)], summaryOf(cycle(mapping)), 'old.scimmap').split('\n');
    assert.ok(
      lines.includes('| Ada | Create | title | " Analyst\u00a0\u00a0of↵R " | " Analyst\u00a0\u00a0of↵R\u00a0\u00a0" |'),
      lines.join('\n'),
    );
    assert.ok(report([row(emptied)], summaryOf(cycle(mapping)), 'old.scimmap').includes('| "" |'));
    const html = renderHtml({ ...summaryOf(cycle(mapping)), inputProblems: 0 }, [row(spacedAfter)()], 0, 'old.scimmap');
    assert.ok(html.includes('<code>title</code>: " Analyst\u00a0\u00a0of↵R " → " Analyst\u00a0\u00a0of↵R\u00a0\u00a0"'), html);
    // A change of line breaks only shows (before: "Line1\r\nLine2" and "Line1 Line2" were both "Line1 Line2"); a name keeps its line break as a space.
    const broken = (jobTitle: string, displayName: string) =>
      cycle(mapping).simulate({ ...ada, sample: { ...ada.sample, attributes: { ...ada.sample.attributes, jobTitle, displayName } } });
    const impactOf = (record: ProvisioningRecord) => () => ({ record, impact: compareRecords(cycle(mapping).simulate(ada), record) });
    const tableOf = (title: string) =>
      report([impactOf(broken(title, 'Ada\r\nLovelace'))], summaryOf(cycle(mapping)), 'old.scimmap').split('\n');
    const titleCell = (title: string) => tableOf(title).find((line) => line.includes('| title |'));
    assert.equal(titleCell('Line1\r\nLine2'), '|  |  | title | Analyst | Line1↵Line2 |');
    assert.equal(titleCell('Line1\nLine2\r'), '|  |  | title | Analyst | "Line1␊Line2␍" |');
    assert.equal(titleCell('Line1 Line2'), '|  |  | title | Analyst | Line1 Line2 |');
    assert.ok(tableOf('x').includes('| Ada Lovelace | Create | displayName | Ada | Ada↵Lovelace |'), tableOf('x').join('\n'));
    // A value without such white space is shown as it is.
    const plain = cycle(mapping.replace('title <- [jobTitle]', 'title <- "Head of Sales"')).simulate(ada);
    assert.ok(
      report(
        [() => ({ record: plain, impact: compareRecords(cycle(mapping).simulate(ada), plain) })],
        summaryOf(cycle(mapping)),
        'old.scimmap',
      )
        .split('\n')
        .includes('| Ada | Create | title | Analyst | Head of Sales |'),
    );
  });

  test('a long value is cut where a character ends and the rest counted in characters as a reader sees them (before: a family emoji cut after its man, the rest counted in code units)', () => {
    const record = cycle(mapping).simulate(ada);
    /** The After cell the report writes for a title that becomes `value` (a value cell holds 200 code units). */
    const after = (value: string) => {
      const impact: ObjectImpact = {
        changed: true,
        before: 'create',
        after: 'create',
        attributes: [{ attribute: 'title', before: null, after: value }],
      };
      const line = report([() => ({ record, impact })], summaryOf(cycle(mapping)), 'old.scimmap')
        .split('\n')
        .find((candidate) => candidate.startsWith('| Ada | Create | title | — | '));
      return line?.slice('| Ada | Create | title | — | '.length, -' |'.length);
    };
    const family = '👨\u200d👩\u200d👧'; // three emoji joined into one: 8 code units
    const flag = '🇫🇷'; // two regional indicators: 4 code units
    const accented = 'e\u0301'; // e and a combining acute accent
    const x = (count: number) => 'x'.repeat(count);
    assert.equal(after(x(197) + family.repeat(10)), `${x(197)}… _(10 more characters)_`);
    assert.equal(after(x(199) + flag.repeat(5)), `${x(199)}… _(5 more characters)_`);
    assert.equal(after(x(199) + accented.repeat(50)), `${x(199)}… _(50 more characters)_`);
    assert.equal(after(x(200) + family), `${x(200)}… _(1 more character)_`);
    // Longer rests are counted a window at a time, a character across two windows once.
    const mixed = `${flag}a${accented}${family}漢😀`.repeat(300);
    assert.equal(after(x(200) + mixed), `${x(200)}… _(${(6 * 300).toLocaleString('en-US')} more characters)_`);
    assert.equal(after(x(200) + family.repeat(2000)), `${x(200)}… _(2,000 more characters)_`);
    // ASCII: a character a code unit, but CR LF.
    assert.equal(after(x(200) + 'a\r\nb\rc\n'), `${x(200)}… _(6 more characters)_`);
    // One character longer than a cell (a letter under 500 accents) is cut at a code point, its rest one character.
    assert.equal(after(`e${'\u0301'.repeat(500)}`), `e${'\u0301'.repeat(199)}… _(1 more character)_`);
  });

  test('the code units a long rest is counted by, without the segmenter, are each a character whatever their neighbours (Intl.Segmenter)', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const characters = (text: string) => [...segmenter.segment(text)].length;
    // A letter before (the code unit an extending mark or a spacing mark would join), and after: a letter (a prepended
    // mark joins it), itself (regional indicators, Hangul jamo), a Hangul vowel and final (a leading jamo or syllable
    // joins them), LF (CR joins it).
    const units = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((unit) => standaloneCharacters.test(unit));
    const pairs = [
      (unit: string) => `x${unit}`,
      (unit: string) => `${unit}${unit}`,
      (unit: string) => `${unit}\u1161`,
      (unit: string) => `${unit}\u11a8`,
      (unit: string) => `${unit}\n`,
    ];
    const joined: string[] = [];
    // Pairs 50 at a time in one text (the segmenter's time grows with the square of a text's length).
    for (let first = 0; first < units.length; first += 50) {
      const some = units.slice(first, first + 50);
      for (const pair of pairs)
        if (characters(some.map(pair).join('')) !== 2 * some.length)
          joined.push(`${JSON.stringify(pair('·'))} from U+${some[0].charCodeAt(0).toString(16)}`);
    }
    assert.deepEqual(joined, []);
    // And a text of them with marks, joiners and CR LF among them is counted as the segmenter counts it.
    const text = `Ингénieur 漢字かな\u0301${'Ωmega '.repeat(60)}e\u0301\r\n👩\u200d💻${'Привет '.repeat(60)}`.repeat(5);
    const record = cycle(mapping).simulate(ada);
    const impact: ObjectImpact = {
      changed: true,
      before: 'create',
      after: 'create',
      attributes: [{ attribute: 'title', before: null, after: text }],
    };
    const markdown = report([() => ({ record, impact })], summaryOf(cycle(mapping)), 'old.scimmap');
    const shown = /\| title \| — \| (.*)… _\(([\d,]+) more characters\)_ \|/.exec(markdown);
    assert.ok(shown);
    assert.equal(Number(shown[2].replace(/,/g, '')), characters(text.slice(shown[1].length)));
  });

  test('hostile input: the report stays within the budget, lists objects in order while they fit and counts the rest', () => {
    const simulation = cycle(mapping);
    const record = simulation.simulate(ada);
    const markup = (length: number) => '|<*_`[\\\n'.repeat(length / 8);
    // 5,000 attributes an object, each name and value a screenful of characters that escaping doubles.
    const impact = (index: number): ObjectImpact => ({
      changed: true,
      before: 'create',
      after: 'create',
      attributes: Array.from({ length: 5000 }, (_, n) => ({
        attribute: `a${n}${markup(4000)}`,
        before: markup(100_000),
        after: `${index}${markup(8)}`,
      })),
    });
    const named = (index: number): ProvisioningRecord => ({
      ...record,
      sourceIdentity: { ...record.sourceIdentity, displayName: `${index}${markup(1_000_000)}` },
    });
    const summary: ReportSummary = {
      ...summaryOf(simulation),
      topWarnings: Array.from({ length: 10 }, (_, n) => ({ warning: `${n}${markup(100_000)}`, count: n + 1 })),
      notes: [markup(100_000), markup(100_000)],
      inputProblems: 3,
    };
    let made = 0;
    const rows = repeated(2000, (index) => () => {
      made++;
      return { record: named(index), impact: impact(index), beforeSummary: markup(100_000) };
    });
    const markdown = report(rows, summary, markup(100_000));
    assert.ok(markdown.length <= markdownBudget, `${markdown.length} characters`);
    assert.ok(made < 10, `only the objects that fit are rendered (${made})`);
    const listed = objectLines(markdown);
    assert.ok(listed.length >= 1);
    assert.ok(
      listed.every((line, index) => line.startsWith(`| ${index}\\|\\<\\*\\_\\\`\\[\\\\ `)),
      'in order, every value escaped',
    );
    assert.ok(
      listed.every((line) => line.includes(' more characters)_')),
      'long values cut with a mark',
    );
    const [, leftOut] = /\n…and (\d,\d{3}) more objects that change, left out/.exec(markdown) ?? [];
    assert.equal(listed.length + Number(leftOut.replace(',', '')), 2000);
    assert.match(markdown, /### 2,000 objects change/, 'counts grouped by thousands');
    // Each object lists 20 attributes, then counts the rest in one row.
    assert.equal(markdown.split('\n').filter((line) => line === '|  |  | …and 4,980 more attributes |  |  |').length, listed.length);
    assert.match(markdown, /\n\| 10 \| 9\\\|\\</, 'the rejections table keeps its ten reasons, each cut');
  });

  test('without --against: one row an object, the budget held over 10,000 objects with long summaries', () => {
    const simulation = cycle(mapping);
    const record = simulation.simulate(ada);
    const long = (index: number): ProvisioningRecord => ({
      ...record,
      sourceIdentity: { ...record.sourceIdentity, displayName: `User ${index}` },
      simulation: { ...record.simulation, summary: `Entra creates the user. ${'x'.repeat(400)}` },
    });
    const markdown = report(
      repeated(10_000, (index) => () => ({ record: long(index) })),
      summaryOf(simulation),
      undefined,
    );
    assert.ok(markdown.length <= markdownBudget, `${markdown.length} characters`);
    const listed = objectLines(markdown);
    assert.equal(listed[0], `| User 0 | Create | success | Entra creates the user. ${'x'.repeat(276)}… _(124 more characters)_ |`);
    const [, leftOut] = /\n…and (\d,\d{3}) more objects, left out/.exec(markdown) ?? [];
    assert.equal(listed.length + Number(leftOut.replace(',', '')), 10_000);
  });

  test('without --against, the unchanged objects the table leaves out are said, in md and html (before: 14 objects, 13 rows, no word why)', () => {
    const summary = { ...summaryOf(cycle(mapping)), objects: 3 };
    const unchanged = (noChange: number): ReportSummary => ({ ...summary, byAction: { ...summary.byAction, create: 1, noChange } });
    assert.match(report([], unchanged(2), undefined), /\n2 unchanged objects are not listed: Entra sends them nothing\./);
    assert.match(report([], unchanged(1), undefined), /\n1 unchanged object is not listed: Entra sends it nothing\./);
    assert.match(renderHtml(unchanged(2), [], 0, undefined), /<p>2 unchanged objects are not listed: Entra sends them nothing\.<\/p>/);
    assert.doesNotMatch(report([], unchanged(0), undefined), /unchanged object/);
    assert.doesNotMatch(report([], unchanged(2), 'old.scimmap'), /unchanged object/, 'with --against the heading counts what changes');
  });

  test('counts by reason, as the summary tallies them: why objects are skipped (before: only in jsonl and html), the ten most frequent', () => {
    const simulation = cycle(scoped);
    const rows = [ada, { ...ada, sample: { ...ada.sample, id: 'u2' }, where: 'u2' }].map((entry) => {
      const record = simulation.simulate(entry);
      return () => ({ record });
    });
    const summary = summaryOf(simulation);
    const markdown = report(rows, summary, undefined);
    assert.equal(summary.byReason[0].count, 2);
    // The reason as the report writes a cell: Markdown's brackets escaped.
    assert.ok(
      markdown.includes(
        '### Why objects are skipped, unchanged or failed\n\n| Count | Reason |\n|---|---|\n| 2 | Entra skips the user: Out of scope: filter "Sales" did not match: \\[department\\] EQUALS "Sales" is false',
      ),
      markdown,
    );

    const many = {
      ...summary,
      byReason: [...repeated(1_000, (index) => ({ reason: `Reason ${index} ${'y'.repeat(400)}`, count: 1_000 - index }))],
    };
    const long = report(
      repeated(10_000, (index) => () => ({ record: rows[index % 2]().record })),
      many,
      undefined,
    );
    assert.ok(long.length <= markdownBudget, `${long.length} characters`);
    assert.match(long, /\n\| 1,000 \| Reason 0 y+… _\(\d+ more characters\)_ \|\n/);
    assert.match(long, /\n\| {2}\| …and 990 other reasons \(every record is in `scimmap simulate --format jsonl`\) \|$/);
    assert.ok(!long.includes('Reason 10 '));
  });

  test('a failure after the budget is full is listed first, before the objects that fit (before: counted, never named)', () => {
    const simulation = cycle(mapping);
    const record = simulation.simulate(ada);
    const named = (name: string): ProvisioningRecord => ({ ...record, sourceIdentity: { ...record.sourceIdentity, displayName: name } });
    const markdown = new MarkdownReport(undefined);
    for (let index = 0; index < 10_000; index++) markdown.add(3, () => ({ record: named(`User ${index}`) }));
    markdown.add(0, () => ({ record: named('Late failure') }));
    const listed = objectLines(markdown.render(summaryOf(simulation)));
    assert.ok(listed[0].startsWith('| Late failure |'), listed[0]);
    assert.ok(listed[1].startsWith('| User 0 |'), 'the rest in directory order');
  });
});

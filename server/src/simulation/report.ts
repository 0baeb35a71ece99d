// The simulation as a report a person reads: Markdown for a pull request (what a mapping change
// does, user by user) and a self-contained HTML page (no script, no remote content, every value
// escaped, a Content-Security-Policy that forbids both).
import type { AttributeChange, ObjectImpact } from './impact';
import type { ProvisioningRecord, SimulatedRecord, SimulationSummary } from './simulate';
import {
  heldStatus,
  isHeld,
  keptNote,
  simulationActionLabels as actionLabels,
  simulationActions as actionOrder,
} from '../../../shared/src/simulation-actions';

/** What a cycle's rejections are: the values the target may refuse, and the refusals and matches that fail an object. */
const rejectionKinds = 'values the target may refuse, unique values taken twice, required values missing, ambiguous matches';

/** The summary as `scimmap simulate` writes it: with the entries skipped (counted) and the notes on entries still simulated (InputProblems). */
export type ReportSummary = SimulationSummary & {
  readonly inputProblems: number;
  /** The entries skipped, `place: message` (InputProblems.skippedLines). */
  readonly inputSkipped?: readonly string[];
  readonly inputNotes?: readonly string[];
};
/** A listed object: its record, and with --against its impact and what Entra did under the old mapping. */
export type ReportRow = { readonly record: ProvisioningRecord; readonly impact?: ObjectImpact; readonly beforeSummary?: string };

/**
 * The most characters (UTF-16 code units, JavaScript's length) a Markdown report holds. GitHub refuses
 * a comment body over 65,536 characters, Azure DevOps one over 150,000 (docs/simulation.md); so
 * counted, the report is no more code points and at most 180,000 UTF-8 bytes, under the limit
 * however the site counts, with room for a line the pipeline adds.
 */
export const markdownBudget = 60_000;

/** How many objects the HTML report lists with their requests (those that need attention first); the rest are counted. */
export const htmlRows = 10_000;

/**
 * How much a reviewer needs to see an object, most first: 0 a failure, 1 a rejection or warning,
 * 2 a disable or delete, 3 the rest. A report that cannot list every object lists them in this order.
 */
export function attentionRank({ action, status, rejections }: Pick<SimulatedRecord, 'action' | 'status' | 'rejections'>): number {
  if (action === 'failure' || status === 'failure') return 0;
  if (rejections.length > 0 || status === 'warning') return 1;
  return action === 'disable' || action === 'delete' ? 2 : 3;
}

const attentionRanks = 4;

/**
 * The objects a report lists, within a capacity (`size` of each, summed), those that need attention
 * first: when full, an object of a smaller rank takes the place of the last kept of the largest
 * rank. Objects of one rank stay a prefix of their input order: once one of a rank is left out,
 * every later one of that rank or a larger one is only counted, and never made.
 */
export class AttentionList<Item> {
  private readonly byRank: Item[][] = Array.from({ length: attentionRanks }, () => []);
  private readonly sizeByRank: number[] = new Array<number>(attentionRanks).fill(0);
  private used = 0;
  private added = 0;
  /** The smallest rank an object was left out of: later objects of it or larger ranks are only counted. */
  private closedFrom = attentionRanks;

  constructor(
    private readonly capacity: number,
    private readonly size: (item: Item) => number,
  ) {}

  /** An object of `rank`, kept if it fits or can take a less needed object's place; `make` is called only then. */
  add(rank: number, make: () => Item): void {
    this.added++;
    if (rank >= this.closedFrom) return;
    const item = make();
    const size = this.size(item);
    const lessNeeded = this.sizeByRank.slice(rank + 1).reduce((sum, ranked) => sum + ranked, 0);
    if (this.used - lessNeeded + size > this.capacity) {
      this.closedFrom = rank;
      return;
    }
    // Room from the least needed, the latest first; the check above says the ranks after `rank` hold enough.
    for (let least = attentionRanks - 1; this.used + size > this.capacity; least--) {
      const kept = this.byRank[least];
      if (kept.length > 0) this.closedFrom = Math.min(this.closedFrom, least);
      while (kept.length > 0 && this.used + size > this.capacity) this.free(least, kept.pop()!);
    }
    this.byRank[rank].push(item);
    this.sizeByRank[rank] += size;
    this.used += size;
  }

  /** The kept objects, those that need attention first, each rank in input order. */
  get listed(): Item[] {
    return this.byRank.flat();
  }

  /** How many objects were added and not kept. */
  get leftOut(): number {
    return this.added - this.byRank.reduce((count, kept) => count + kept.length, 0);
  }

  private free(rank: number, item: Item): void {
    const size = this.size(item);
    this.sizeByRank[rank] -= size;
    this.used -= size;
  }
}

/** The longest text of each kind a cell shows (before escaping); a longer one is cut with a mark. */
const cellLimits = { name: 120, attribute: 120, value: 200, sentence: 300, note: 1000 } as const;

/** Attribute rows listed for one object; the rest are counted in one more row. */
const attributesPerObject = 20;

/**
 * Markdown table cells: pipes escaped, line breaks as spaces, code spans without backticks inside,
 * `&` escaped so that entity text (`&amp;`) shows as the value sent, not as the character it names.
 * A directory value that starts a word with @, or holds # or GH- before a number (a displayName
 * "@contoso/all-staff", a department "#1", "octo-org/octo-repo#3", "GH-7"), would mention a team or
 * reference an issue (GitHub's autolinked references) from every pull request the report is posted
 * to, and GitHub ignores a backslash before them: a zero-width space after the sign stops it.
 */
function cell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([*_`<>[\]&])/g, '\\$1')
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, '$1@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
    .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-');
}

/**
 * A cell of at most `limit` code units of the value: a longer value is cut where a character ends (as
 * a reader sees one: a letter with its accents, an emoji of several code points such as a family or
 * a flag) and says how many characters are left out.
 */
function cutCell(value: string | null | undefined, limit: number): string {
  if (value === null || value === undefined || value.length <= limit) return cell(value);
  const end = characterStart(value, limit);
  // The mark is Markdown of its own (escaped value text never is), so it cannot be mistaken for the value.
  return `${cell(value.slice(0, end))}… _(${counted(charactersFrom(value, end), 'more character', 'more characters')})_`;
}

/** The characters a reader sees (extended grapheme clusters). */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Node 20's segmenter takes time quadratic in the length of the text it is given (64,000 characters
 * take 1.3 s), so a long value is segmented this many code units at a time.
 */
const segmentedWindow = 128;

/**
 * Where the character holding code unit `at` of `value` starts; when that is 0 (one character of
 * more than `at` code units, a letter under hundreds of accents) the last code point boundary instead.
 */
function characterStart(value: string, at: number): number {
  // Whether a character starts at `at` depends on the code point there and what comes before, not after.
  const start = graphemes.segment(value.slice(0, at + 2)).containing(at)!.index;
  if (start > 0) return start;
  return isHighSurrogate(value.charCodeAt(at - 1)) ? at - 1 : at;
}

/**
 * Code units that are a character of their own whatever their neighbours (grapheme cluster break
 * Other or Control): the Basic Multilingual Plane's controls but CR, and the letters, digits,
 * punctuation, symbols and spaces of Latin, Greek, Cyrillic, CJK and kana, without combining marks,
 * joiners, Hangul or the halfwidth kana voicing marks. A character can join the next only if one of
 * the two is none of these (UAX #29), so a window of them is counted by its length, not segmented.
 */
export const standaloneCharacters =
  /^[\0-\x0c\x0e-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2000-\u200a\u2010-\u2027\u2030-\u205e\u2070-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9d]*$/;

/** How many characters (graphemes) `value` holds from `from` on, read as a text of its own. */
function charactersFrom(value: string, from: number): number {
  const rest = value.slice(from);
  // ASCII, the common long value: each code unit is a character, but for CR LF.
  if (!/[^\0-\x7f]/.test(rest)) return rest.length - (rest.match(/\r\n/g)?.length ?? 0);
  let count = 0;
  for (let at = 0, size = segmentedWindow; ;) {
    const window = rest.slice(at, at + size);
    if (standaloneCharacters.test(window)) {
      if (at + window.length === rest.length) return count + window.length;
      // The last may take the marks that follow it: the next window starts with it.
      count += window.length - 1;
      at += window.length - 1;
      continue;
    }
    let segments = 0;
    let lastStart = 0;
    for (const { index } of graphemes.segment(window)) {
      segments++;
      lastStart = index;
    }
    if (at + window.length === rest.length) return count + segments;
    // The window's last character may go on past it: the next window starts with it (and doubles while one character fills it).
    if (lastStart === 0) size *= 2;
    else {
      count += segments - 1;
      at += lastStart;
      size = segmentedWindow;
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A count as the reports print it, digits grouped by thousands: "20,005" (the records keep raw numbers). */
function grouped(count: number): string {
  return count.toLocaleString('en-US');
}

/** `count` and the noun in the number it takes: "1 value", "2 values", "20,005 objects". */
export function counted(count: number, one: string, many: string): string {
  return `${grouped(count)} ${count === 1 ? one : many}`;
}

/**
 * An attribute's old or new value as the reports show it. Markdown and HTML trim a cell and fold a
 * run of spaces into one, so a value whose white space is what changed ("Sales " becoming "Sales", a
 * double space) would show the same before and after: each space of a run is shown as a no-break
 * space (one for one, so a cut value's count of characters left out stays true), and a value that
 * is empty or starts or ends with white space is quoted, unless it is cut (its end is not shown).
 * A line break, which a Markdown cell cannot hold and HTML folds into a space, is shown as its mark
 * (lineBreakMarks), so "Line1\r\nLine2" and "Line1 Line2" differ.
 */
function shownValue(value: string | null | undefined, limit: number, show: (value: string | null | undefined) => string): string {
  if (typeof value !== 'string') return show(value);
  const shown = show(value.replace(/ {2,}/g, (run) => '\u00a0'.repeat(run.length)).replace(/\r\n|\r|\n/g, (end) => lineBreakMarks[end]));
  return value.length <= limit && /^$|^\s|\s$/.test(value) ? `"${shown}"` : shown;
}

/** A line break's visible mark: CR LF one mark (one character, as a reader counts it), a lone LF or CR the control picture that names it. */
const lineBreakMarks: Readonly<Record<string, string>> = { '\r\n': '↵', '\n': '␊', '\r': '␍' };

/** A Markdown cell of an attribute's old or new value (shownValue). */
function valueCell(value: string | null | undefined): string {
  return shownValue(value, cellLimits.value, (text) => cutCell(text, cellLimits.value));
}

/**
 * The table lines of one object's impact: an attribute a row (at most `attributesPerObject`, then
 * their count), each with its old and new value; an object whose action changes first gets a row with
 * what Entra does before and after, which says why (a create that a new scope turns into a skip).
 */
function impactLines({ record, impact, beforeSummary }: ReportRow): string {
  const name = cutCell(record.sourceIdentity.displayName, cellLimits.name);
  const lines: string[] = [];
  let changes = impact?.attributes ?? [];
  if (impact && impact.before !== impact.after) {
    const action = `${actionLabels[impact.before]} → ${actionLabels[impact.after]}`;
    lines.push(
      `| ${name} | ${action} | (what Entra does) | ${cutCell(beforeSummary, cellLimits.sentence)} | ${cutCell(record.simulation.summary, cellLimits.sentence)} |`,
    );
  } else if (changes.length === 0) changes = [{ attribute: '(requests)', before: null, after: null }];
  const action = actionLabels[record.simulation.action];
  for (const change of changes.slice(0, attributesPerObject))
    lines.push(
      `| ${lines.length === 0 ? `${name} | ${action}` : ' | '} | ${cutCell(change.attribute, cellLimits.attribute)} | ${valueCell(change.before)}${keptMark(change.kept, change.before, (note) => ` _(${note})_`)} | ${valueCell(change.after)}${keptMark(change.keptAfter, change.after, (note) => ` _(${note})_`)} |`,
    );
  if (changes.length > attributesPerObject)
    lines.push(`|  |  | …and ${grouped(changes.length - attributesPerObject)} more attributes |  |  |`);
  return lines.join('\n');
}

/** After a value one mapping does not send, what the target holds (keptNote), marked up by `mark`; nothing after a value it sends. */
function keptMark(kept: AttributeChange['kept'], value: string | null, mark: (note: string) => string): string {
  return kept ? mark(keptNote(kept, value)) : '';
}

/** A listed object's table line; a disable or delete also as the line shown when the cycle stops (its status `heldStatus`). */
type SimulationLine = { readonly line: string; readonly held?: string };

function simulationLine({ record }: ReportRow): SimulationLine {
  const { action, summary } = record.simulation;
  const line = (status: string) =>
    `| ${cutCell(record.sourceIdentity.displayName, cellLimits.name)} | ${actionLabels[action]} | ${status} | ${cutCell(summary, cellLimits.sentence)} |`;
  return isHeld(action, true)
    ? { line: line(record.provisioningStatusInfo.status), held: line(heldStatus) }
    : { line: line(record.provisioningStatusInfo.status) };
}

/**
 * The Markdown report for a pull request, built as the records come: each listed object is rendered
 * once, as table lines, and kept while the objects fit `markdownBudget`, those that need attention
 * first (AttentionList); the objects left out are only counted, and the report says how to see them all.
 */
export class MarkdownReport {
  // Rows are rendered as they come, before the summary says whether the cycle stops: a disable or delete keeps both lines.
  private readonly objects = new AttentionList<SimulationLine>(
    markdownBudget,
    ({ line, held }) => Math.max(line.length, held?.length ?? 0) + 1,
  );

  constructor(private readonly against: string | undefined) {}

  /** An object of an attention rank (attentionRank), listed if it fits; `row` is made only then. */
  add(rank: number, row: () => ReportRow): void {
    this.objects.add(rank, () => (this.against ? { line: impactLines(row()) } : simulationLine(row())));
  }

  render(summary: ReportSummary): string {
    const { against } = this;
    const listed = this.objects.listed.map(({ line, held }) => (summary.stopsCycle && held ? held : line));
    const total = listed.length + this.objects.leftOut;
    const head = [
      `## scimmap: provisioning cycle simulation${against ? ` (impact against ${cutCell(against, cellLimits.value)})` : ''}`,
      '',
    ];
    head.push(
      `${counted(summary.objects, 'object', 'objects')}: ${
        actionOrder
          .filter((action) => summary.byAction[action] > 0)
          .map((action) => `${grouped(summary.byAction[action])} ${actionLabels[action].toLowerCase()}`)
          .join(', ') || 'none'
      }.`,
    );
    if (summary.rejections > 0) head.push(`${counted(summary.rejections, 'rejection', 'rejections')} (${rejectionKinds}).`);
    if (summary.inputProblems > 0)
      head.push(
        `${counted(summary.inputProblems, 'input entry', 'input entries')} could not be read and ${summary.inputProblems === 1 ? 'was' : 'were'} skipped.`,
      );
    for (const note of summary.notes) head.push('', `> ${cutCell(note, cellLimits.note)}`);
    if (summary.inputSkipped?.length) {
      head.push('', '### Input entries skipped (not simulated)', '');
      for (const line of summary.inputSkipped) head.push(`- ${cutCell(line, cellLimits.note)}`);
    }
    if (summary.inputNotes?.length) {
      head.push('', '### Notes on the input (simulated all the same)', '');
      for (const note of summary.inputNotes) head.push(`- ${cutCell(note, cellLimits.note)}`);
    }
    const unlisted = unchangedUnlisted(summary, against);
    if (unlisted) head.push(unlisted);
    if (against) head.push('', `### ${changedObjects(total)}`);
    if (against && total === 0) head.push('', noObjectChanges);
    const table = against
      ? ['', '| Object | Action | Attribute | Before | After |', '|---|---|---|---|---|']
      : ['', '| Object | Action | Status | What Entra does |', '|---|---|---|---|'];
    const tail: string[] = [];
    if (summary.byReason.length > 0) {
      tail.push('', `### ${reasonsHeading}`, '', '| Count | Reason |', '|---|---|');
      for (const { reason, count } of summary.byReason.slice(0, reasonsListed))
        tail.push(`| ${grouped(count)} | ${cutCell(reason, cellLimits.sentence)} |`);
      const more = summary.byReason.length - reasonsListed;
      if (more > 0)
        tail.push(`|  | …and ${counted(more, 'other reason', 'other reasons')} (every record is in \`scimmap simulate --format jsonl\`) |`);
    }
    if (summary.topWarnings.length > 0) {
      tail.push('', '### Rejections', '', '| Count | Reason |', '|---|---|');
      for (const { warning, count } of summary.topWarnings) tail.push(`| ${grouped(count)} | ${cutCell(warning, cellLimits.sentence)} |`);
    }
    // The objects kept fit the budget alone; the head, the tail and the line counting the rest take their room from the last of them.
    const fixedLength = [...head, ...table, ...tail, leftOutLine(total, against)].reduce((length, line) => length + line.length + 1, 0);
    let shown = 0;
    let length = fixedLength;
    while (shown < listed.length && length + listed[shown].length + 1 <= markdownBudget) length += listed[shown++].length + 1;
    const leftOut = total - shown;
    return [
      ...head,
      ...(shown > 0 ? [...table, ...listed.slice(0, shown)] : []),
      ...(leftOut > 0 ? ['', leftOutLine(leftOut, against)] : []),
      ...tail,
    ].join('\n');
  }
}

/** Without --against, the reports list what Entra does, not the objects it leaves unchanged: said, so that no one counts rows for them. */
function unchangedUnlisted(summary: ReportSummary, against: string | undefined): string | undefined {
  const unchanged = summary.byAction.noChange;
  if (against || unchanged === 0) return undefined;
  return `${counted(unchanged, 'unchanged object is', 'unchanged objects are')} not listed: Entra sends ${unchanged === 1 ? 'it' : 'them'} nothing.`;
}

/** The heading both reports put over the counts by reason (the summary's byReason). */
const reasonsHeading = 'Why objects are skipped, unchanged or failed';

/** The most reasons the Markdown report lists (the most frequent), as it lists the top rejections: a cycle tallies up to 1,000 wordings. */
const reasonsListed = 10;

/** With --against, how many objects' requests change: the heading both reports put over the changed objects. */
function changedObjects(count: number): string {
  return counted(count, 'object changes', 'objects change');
}

/** Said under the heading when no object changes: a heading over nothing reads like a cut-off report, so both reports say so in words. */
const noObjectChanges = "No object's requests change: every object gets the same requests as with the old mapping.";

/** The order of AttentionList in words, for the line that counts what a report leaves out. */
const listedFirst = 'failures are listed first, then rejections and warnings, then disables and deletes';

/** The line that counts the objects a Markdown report leaves out, and says where to see them all. */
function leftOutLine(count: number, against: string | undefined): string {
  const what = against ? (count === 1 ? 'object that changes' : 'objects that change') : count === 1 ? 'object' : 'objects';
  return `…and ${grouped(count)} more ${what}, left out so that the report fits a pull-request comment (at most ${grouped(markdownBudget)} characters; ${listedFirst}). Every record${against ? ', with its `impact`,' : ''} is in \`scimmap simulate --format jsonl\` (or \`json\`); \`--format html\` lists up to ${grouped(htmlRows)} objects on a page.`;
}

function escapeHtml(value: string | null | undefined): string {
  return (value ?? '—').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTML page: counts by action and by reason, the top rejections, and the listed objects (`rows`, those that need attention first) with their requests. */
export function renderHtml(summary: ReportSummary, rows: readonly ReportRow[], unlisted: number, against: string | undefined): string {
  const counts = actionOrder
    .map((action) => `<li><b>${grouped(summary.byAction[action])}</b> ${escapeHtml(actionLabels[action].toLowerCase())}</li>`)
    .join('');
  const reasons = summary.byReason.map(({ reason, count }) => `<li><b>${grouped(count)}</b> ${escapeHtml(reason)}</li>`).join('');
  const warnings = summary.topWarnings.map(({ warning, count }) => `<li><b>${grouped(count)}</b> ${escapeHtml(warning)}</li>`).join('');
  const body = rows
    .map(({ record, impact }) => {
      const changes =
        impact?.attributes
          .map(
            (change) =>
              `<li><code>${escapeHtml(change.attribute)}</code>: ${shownValue(change.before, Infinity, escapeHtml)}${keptMark(change.kept, change.before, (note) => ` <i>(${escapeHtml(note)})</i>`)} → ${shownValue(change.after, Infinity, escapeHtml)}${keptMark(change.keptAfter, change.after, (note) => ` <i>(${escapeHtml(note)})</i>`)}</li>`,
          )
          .join('') ?? '';
      const requests = record.simulation.requests
        .map(
          (request) => `${request.method} ${request.path}${request.body === undefined ? '' : `\n${JSON.stringify(request.body, null, 2)}`}`,
        )
        .join('\n\n');
      const rejections = record.simulation.rejections
        .map((rejection) => `<li>${escapeHtml(rejection.where)}: ${escapeHtml(rejection.reason)}</li>`)
        .join('');
      const held = isHeld(record.simulation.action, summary.stopsCycle);
      return `<tr class="${held ? 'held' : record.provisioningStatusInfo.status}"><td>${escapeHtml(record.sourceIdentity.displayName)}</td><td>${escapeHtml(actionLabels[record.simulation.action])}${held ? `<br><i>${heldStatus}: not sent (StagedDelete)</i>` : ''}</td><td>${escapeHtml(record.simulation.summary)}${changes ? `<ul>${changes}</ul>` : ''}${rejections ? `<ul class="rejections">${rejections}</ul>` : ''}<details><summary>Requests</summary><pre>${escapeHtml(requests)}</pre></details></td></tr>`;
    })
    .join('\n');
  // Said above the table: a reader scrolling 10,000 rows should know first that the page is not all of it.
  const leftOut =
    unlisted > 0
      ? `<p class="left-out">…and ${counted(unlisted, 'more object is', 'more objects are')} not listed: the page lists at most ${grouped(htmlRows)} (${listedFirst}). Every record is in <code>scimmap simulate --format jsonl</code> (or <code>json</code>).</p>`
      : '';
  const unchanged = unchangedUnlisted(summary, against);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>scimmap: provisioning cycle simulation</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #8884;padding:.3em;text-align:left;vertical-align:top}tr.failure td{background:#f002}tr.warning td{background:#fa02}tr.held td{background:#8882}pre{white-space:pre-wrap}ul.counts{display:flex;gap:1.5em;list-style:none;padding:0}p.left-out{font-weight:bold}</style>
</head><body>
<h1>Provisioning cycle simulation${against ? ` against ${escapeHtml(against)}` : ''}</h1>
<p>${counted(summary.objects, 'object', 'objects')} · ${counted(summary.rejections, 'rejection', 'rejections')} (${rejectionKinds}) · ${counted(summary.inputProblems, 'unreadable input entry', 'unreadable input entries')}</p>
<ul class="counts">${counts}</ul>
${summary.notes.map((note) => `<p><b>Note:</b> ${escapeHtml(note)}</p>`).join('\n')}
${summary.inputSkipped?.length ? `<h2>Input entries skipped (not simulated)</h2>\n<ul class="input-skipped">${summary.inputSkipped.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : ''}
${summary.inputNotes?.length ? `<h2>Notes on the input (simulated all the same)</h2>\n<ul class="input-notes">${summary.inputNotes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : ''}
${reasons ? `<h2>${reasonsHeading}</h2>\n<ul class="reasons">${reasons}</ul>` : ''}
${warnings ? `<h2>Top rejections (${counted(summary.rejections, 'rejection', 'rejections')} in all)</h2>\n<ul class="warnings">${warnings}</ul>` : ''}
${against ? `<h2>${changedObjects(rows.length + unlisted)}</h2>` : ''}
${against && rows.length + unlisted === 0 ? `<p>${escapeHtml(noObjectChanges)}</p>` : ''}
${leftOut}
${unchanged ? `<p>${unchanged}</p>` : ''}
${rows.length > 0 ? `<table><thead><tr><th>Object</th><th>Action</th><th>What Entra does</th></tr></thead><tbody>\n${body}\n</tbody></table>` : ''}
</body></html>`;
}

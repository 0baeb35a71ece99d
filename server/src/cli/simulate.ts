// `scimmap simulate`: a whole directory through the mapping, as one provisioning cycle would take
// it, printed as provisioning-log records (jsonl, json), a Markdown report for a pull request, or an
// HTML page; with --against (or --against-ref), what a mapping change does, object by object.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { shellQuote } from '../../../shared/src/shell';
import { committedLocation, committedText } from '../../../shared/src/git';
import type { DirectoryProblem } from '../simulation/directory';
import { InputProblems } from '../simulation/input-problems';
import { cycleSettingsOf, cycleStopText, recordOf, type SimulatedRecord, type SimulationSummary } from '../simulation/simulate';
import { compareRecords, summaryAgainst } from '../simulation/impact';
import { groupMatchingQueries, provisionsGroups } from '../simulation/simulate';
import type { MappingFile } from '../syntax/ast';
import type { Target } from '../schema/target';
import { readLiveTargetState } from '../../../shared/src/scim/target-state';
import { ScimError } from '../../../shared/src/scim/errors';
import type { ScimCall, ScimClient } from '../../../shared/src/scim/client';
import { AttentionList, attentionRank, counted, htmlRows, MarkdownReport, renderHtml, type ReportRow } from '../simulation/report';
import { TargetIndex, type TargetState } from '../simulation/target-state';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { evalOptionsFrom, evaluationOptions } from './eval';
import { type CliIo, formatOption, readTextFile, UnusableInputError, UsageError } from './io';
import { directoryEntries, simulationOver, type DirectoryInput } from '../simulation/input';
import { isUnderFolder } from '../simulation/mapping-tests';
import {
  connectionHelp,
  connectionOptions,
  connectionRefusals,
  connectionSynopsis,
  interruptible,
  namedConnectionHelp,
  namedConnectionOption,
  startBudget,
  tenantCompat,
  timeLimitOf,
  timeoutHelp,
  timeoutSynopsis,
  withScimClient,
} from './connection-options';
import { asUnusableInput, readDirectory, readMapping, readTargetState } from './simulation-input';
import { committedTargetChoice, targetChoice, targetSchemaOptions, targetSchemaSynopsis } from './target-option';
import type { TargetChoice } from '../validation/analyze';
import type { CompatMode } from '../provisioning/types';
import { compatOption } from './preview';

const options = {
  directory: { type: 'string', multiple: true },
  'target-state': { type: 'string', multiple: true },
  against: { type: 'string' },
  'against-ref': { type: 'string' },
  format: { type: 'string' },
  compat: { type: 'string' },
  ...connectionOptions,
  ...namedConnectionOption,
  ...evaluationOptions,
  ...targetSchemaOptions,
} satisfies OptionSpecs;

/** Reading a whole target is many pages (Genesys Cloud serves 25 users a page): ten minutes unless --timeout says otherwise. */
const liveReadTimeLimitSeconds = 600;
/** Notes on entries still simulated that a summary lists (stderr says every one). */
const listedInputNotes = 100;

export const simulateCommand = defineCommand({
  name: 'simulate',
  synopsis: [
    `simulate MAP.scimmap --directory FILE... [--target-state FILE | (--connection NAME | ${connectionSynopsis}) ${timeoutSynopsis}] [--against OLD.scimmap | --against-ref GIT_REF] [--format jsonl|json|md|html] ${targetSchemaSynopsis}`,
  ],
  description: `Runs every user and group of the directory through the mapping as one Entra provisioning cycle
would: assignment, scoping (the deciding clause), matching against the target state, the action
(create, update, disable, delete, skip, no change) and its exact requests, and the values the target
will reject. --directory takes one or more files (--directory users.csv groups.json, or the option
repeated): the admin center's Users CSV, Microsoft Graph /users or /groups JSON (pages, concatenated
or not) or a samples file; --target-state a dump of the
target's ListResponse pages, or a live connection (--connection NAME, or --url/--region with AUTH)
reads the target's users (and groups, when the mapping provisions them) with paged GET requests,
progress on stderr, Ctrl+C to cancel; without either, the target is empty. Prints one provisioning-log record
per object (jsonl, the default: one JSON object a line, then {"summary": ...}; json: {"records",
"summary"}), or a Markdown report (md) or an HTML page (html). --against OLD.scimmap or --against-ref
GIT_REF (the map file as committed there) adds the impact of the change: every object whose requests
change, attribute by attribute. --compat aadOptscim062020, --now, --seed and --default-domain as for
preview; without --compat, a live tenant URL that carries the flag (?aadOptscim062020) selects it, as
in Entra's scheduled cycles. The cycle's settings (sync scope, accidental deletions threshold) come from the mapping
(docs/simulation.md). Broken directory rows, and objects given twice, are reported on stderr and
skipped.
Exit 0 when the cycle runs through; 1 when the mapping has errors, an object fails or the cycle
would stop at the deletion threshold (a line on stderr says which, as the summary does), the
target's state could not be read, or Ctrl+C cancelled the run.
2 on a usage error (printed with the usage) or an input that cannot be used (a missing file, a
directory file that is not UTF-8, a JSON directory file of which no document, or no user, group or
Graph page, can be read, a Users CSV whose header names no id, userPrincipalName or displayName
column when no other directory file can be read, a --target-state file holding no SCIM User or
Group and no page of them, an --against-ref without the file): one line saying why, even when the
other files can be read.
${connectionHelp}
${namedConnectionHelp}
${timeoutHelp("reading the target's state", liveReadTimeLimitSeconds)}`,
  options,
  refusedOptions: connectionRefusals,
  listOptions: ['directory', 'target-state'],
  isPositional: (argument) => argument.endsWith('.scimmap'),
  run: simulate,
});

export const runSimulate = simulateCommand.run;

async function simulate({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'simulate needs a .scimmap file' : `simulate takes one .scimmap file, not ${positionals.length}`,
    );
  const directories = values.directory ?? [];
  if (directories.length === 0) throw new UsageError('simulate needs --directory FILE (a Users CSV, Graph JSON or samples file)');
  if (values.against !== undefined && values['against-ref'] !== undefined)
    throw new UsageError('give --against OLD.scimmap or --against-ref GIT_REF, not both');
  const format = formatOption(values.format ?? 'jsonl', ['jsonl', 'json', 'md', 'html']);
  const chosenCompat = values.compat === undefined ? undefined : compatOption(values.compat);
  const timeLimitSeconds = timeLimitOf(values);
  if (timeLimitSeconds !== undefined && !live(values))
    throw new UsageError('--timeout goes with a live connection (--connection, --url or --region)');
  const evalOptions = evalOptionsFrom(values);
  const [mapFile] = positionals;

  const targets = targetChoice(mapFile, values['target-schema']);
  const mapping = readMapping(mapFile, readTextFile(mapFile), io, 'simulate', targets);
  if (!mapping) return 1;
  const old = await oldMappingText(mapFile, values, io);
  const oldLabel = old?.label;
  const oldMapping = old && readMapping(old.label, old.text, io, 'simulate', old.targets, old.advice);
  if (old && !oldMapping) return 1;

  // The summary counts the entries skipped and lists the notes on entries still simulated.
  const problems = new InputProblems(listedInputNotes);
  const problem = (found: DirectoryProblem) => {
    problems.add(found);
    io.err(`warning: ${found.where}: ${found.message}`);
  };
  const input = readDirectory(directories, problem);
  const cycle = async (state: TargetState | undefined, compat: CompatMode, signal?: AbortSignal): Promise<number> => {
    const target = state && new TargetIndex(state);
    // Each mapping runs with its own settings: a change of scope or threshold is a change under review.
    const over = ({ file, target: targetSchema }: { file: MappingFile; target: Target }) =>
      simulationOver(file, input, { ...evalOptions, compat, settings: cycleSettingsOf(file), target, targetSchema });
    const current = over(mapping);
    const previous = oldMapping && over(oldMapping);
    const output = new Output(format, io, oldLabel);
    let count = 0;
    try {
      for await (const entry of directoryEntries(input, problem, signal)) {
        signal?.throwIfAborted();
        output.record(current.simulateText(entry), previous?.simulateText(entry));
        if (++count % 50000 === 0) io.err(`simulate: ${count} objects...`);
        const backlog = io.backlog?.();
        if (backlog) await backlog;
      }
    } catch (error) {
      // A CSV that is the only input and has no header to read users under is refused at that header, before any record.
      if (!signal?.aborted) throw asUnusableInput(error);
      // stdout holds whole records only: each is written in one piece.
      io.err(`scimmap simulate: cancelled after ${count} objects; no summary was written.`);
      return 1;
    }
    const summary = current.summary();
    output.finish(previous ? summaryAgainst(summary, previous.summary()) : summary, problems);
    const reasons = exitReasons(summary);
    for (const reason of reasons) io.err(`scimmap simulate: ${reason}`);
    return reasons.length > 0 ? 1 : 0;
  };

  if (!live(values)) {
    const state = values['target-state'] && readTargetState(values['target-state'], problem);
    return interruptible((signal) => cycle(state, chosenCompat ?? 'default', signal));
  }
  if (values['target-state'] !== undefined)
    throw new UsageError('give --target-state FILE or a live connection (--connection, --url or --region), not both');
  await refuseUnreadableDirectory(input);
  return withScimClient('simulate', values, io, async (client, signal, target) => {
    // The tenant URL as copied from Entra may carry the flag: its scheduled cycles then send that format.
    const compat = tenantCompat('simulate', client, target, chosenCompat, io);
    let state: TargetState;
    try {
      const budget = startBudget(io, `simulate: reading the target at ${client.root.href}`, timeLimitSeconds, liveReadTimeLimitSeconds);
      state = await readLiveState(client, { signal, budget }, mapping, input, io);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      io.err(`scimmap simulate: the target's state could not be read: ${error.message}`);
      return 1;
    }
    return cycle(state, compat, signal);
  });
}

/**
 * Refuses a directory of which nothing can be read before a live target is read (minutes, for a large
 * one): a directory of CSVs only is refused at their headers, as the cycle would refuse it. Reads up to
 * the first object, with its problems left for the cycle to say.
 */
async function refuseUnreadableDirectory(input: DirectoryInput): Promise<void> {
  if (input.jsonRead) return;
  try {
    for await (const entry of directoryEntries(input, () => undefined)) if (entry) return;
  } catch (error) {
    throw asUnusableInput(error);
  }
}

/** Whether the command line names a live target (a connection option other than --verbose). */
function live(values: ParsedCommandLine<typeof options>['values']): boolean {
  const {
    connection,
    url,
    region,
    'token-env': tokenEnv,
    'client-id': clientId,
    'client-secret-env': secretEnv,
    'token-url': tokenUrl,
  } = values;
  return [connection, url, region, tokenEnv, clientId, secretEnv, tokenUrl].some((value) => value !== undefined);
}

/** The target's users (and groups, when the mapping provisions them), read page by page with progress on stderr at most once a second. */
async function readLiveState(
  client: ScimClient,
  limits: Pick<ScimCall, 'signal' | 'budget'>,
  mapping: { readonly file: MappingFile; readonly target: Target },
  input: DirectoryInput,
  io: CliIo,
): Promise<TargetState> {
  const { file } = mapping;
  let shown = 0;
  const state = await readLiveTargetState(client, {
    groups: provisionsGroups(file),
    groupQueries: () =>
      groupMatchingQueries(
        file,
        input.loaded.flatMap((entry) => (entry.kind === 'group' ? [entry.sample] : [])),
        mapping.target,
      ),
    ...limits,
    progress: (message) => {
      if (Date.now() - shown < 1000) return;
      shown = Date.now();
      io.err(`simulate: reading the target: ${message}`);
    },
    warn: (message) => io.err(`warning: ${message}`),
  });
  io.err(
    `simulate: the target holds ${counted(state.users.length, 'user', 'users')}${provisionsGroups(file) ? ` and ${counted(state.groups.length, 'group', 'groups')}` : ''}`,
  );
  return state;
}

/**
 * The old mapping of --against (its own file, its target declaration read beside it) or --against-ref
 * (the map file as committed at a git ref, the base branch of a pull request say, and its target
 * file as committed there); undefined without either.
 */
async function oldMappingText(
  mapFile: string,
  values: ParsedCommandLine<typeof options>['values'],
  io: CliIo,
): Promise<{ label: string; text: string; targets: TargetChoice; advice?: string } | undefined> {
  const { against, 'against-ref': ref, 'target-schema': targetSchema } = values;
  if (against !== undefined) return { label: against, text: readTextFile(against), targets: targetChoice(against, targetSchema) };
  if (ref === undefined) return undefined;
  const committed = await committedText(resolve(mapFile), ref);
  if (!committed.ok) throw new UnusableInputError(`--against-ref ${ref}: ${committed.message}`);
  const { targets, warning } = await committedTargetChoice(mapFile, ref, committed.text, targetSchema);
  if (warning) io.err(`warning: --against-ref ${ref}: ${warning}`);
  return { label: `${mapFile} at ${ref}`, text: committed.text, targets, advice: await committedAdvice(mapFile, ref) };
}

/** What to do about errors in the map file as committed at `ref`: "MAP at REF" is no file check could read, so the commit and the git command that shows that version from here. */
async function committedAdvice(mapFile: string, ref: string): Promise<string> {
  const rest = 'compare with a ref where the mapping has none, or simulate without --against-ref for the whole cycle under this one';
  const location = await committedLocation(resolve(mapFile), ref);
  if (!location) return rest;
  const commit = location.commit.slice(0, 12);
  const here = realpathSync(process.cwd());
  const root = resolve(location.root);
  const inWorkTree = here === root || isUnderFolder(root, here);
  const show = `git ${inWorkTree ? '' : `-C ${shellQuote(location.root)} `}show ${shellQuote(`${commit}:${location.path}`)}`;
  return `they are in commit ${commit} (${show} prints that version): ${rest}`;
}

/**
 * Why a cycle that ran through exits 1, one line each for stderr: a pipeline saves stdout to a file,
 * where the summary says it last (jsonl's last line), so its log would show the exit with no reason.
 */
export function exitReasons(summary: SimulationSummary): string[] {
  const reasons: string[] = [];
  const failed = summary.byAction.failure;
  if (failed > 0)
    reasons.push(
      `${failed} of ${summary.objects} object${summary.objects === 1 ? '' : 's'} ${failed === 1 ? 'fails' : 'fail'} (status failure); the summary's reasons say why`,
    );
  if (summary.stopsCycle) reasons.push(`${cycleStopText(summary)} (stopsCycle in the summary)`);
  return reasons;
}

/** Writes records as they come (jsonl, json) or keeps what the report lists (md, html). */
class Output {
  private first = true;
  private readonly markdown: MarkdownReport | undefined;
  private readonly html = new AttentionList<ReportRow>(htmlRows, () => 1);

  constructor(
    private readonly format: 'jsonl' | 'json' | 'md' | 'html',
    private readonly io: CliIo,
    private readonly against: string | undefined,
  ) {
    if (format === 'md') this.markdown = new MarkdownReport(against);
  }

  /** A record, and with --against the same object's record under the old mapping. */
  record(simulated: SimulatedRecord, before: SimulatedRecord | undefined): void {
    // The record's text is its line (jsonl and json write one; the reports do not); with --against the records are
    // read back to compare, and the line carries the impact.
    const record = before ? recordOf(simulated) : undefined;
    const old = before ? recordOf(before) : undefined;
    const impact = old ? compareRecords(old, record!) : undefined;
    const line = () => (impact ? JSON.stringify({ ...record, impact }) : simulated.text);
    if (this.format === 'jsonl') {
      this.io.out(line());
    } else if (this.format === 'json') {
      this.io.out(`${this.first ? '{"records": [' : ','}\n${line()}`);
    } else if (this.against ? impact?.changed : simulated.action !== 'noChange') {
      // Reports list what happens (or, with --against, what changes); the rest is in the summary's counts.
      const row = () => ({ record: record ?? recordOf(simulated), impact, beforeSummary: old?.simulation.summary });
      (this.markdown ?? this.html).add(attentionRank(simulated), row);
    }
    this.first = false;
  }

  finish(summary: SimulationSummary, problems: InputProblems): void {
    const inputSkipped = problems.skippedLines();
    const inputNotes = problems.noteLines();
    const full = {
      ...summary,
      inputProblems: problems.skippedCount,
      ...(inputSkipped.length > 0 ? { inputSkipped } : {}),
      ...(inputNotes.length > 0 ? { inputNotes } : {}),
      ...(this.against ? { against: this.against } : {}),
    };
    if (this.format === 'jsonl') this.io.out(JSON.stringify({ summary: full }));
    else if (this.format === 'json') this.io.out(`${this.first ? '{"records": [' : ''}\n], "summary": ${JSON.stringify(full)}}`);
    else if (this.markdown) this.io.out(this.markdown.render(full));
    else this.io.out(renderHtml(full, this.html.listed, this.html.leftOut, this.against));
  }
}

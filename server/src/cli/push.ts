// `scimmap push FILE.scimmap [--yes] [--force] [GRAPH-AUTH]`: a pulled .scimmap back to its Entra app
// through Microsoft Graph: refetch, stop when the portal changed it meanwhile, export onto the fresh
// schema, PUT (a full replace) on confirmation, GET again and confirm the round trip.
import {
  formatChangeSincePull,
  formatDifference,
  formatPushChange,
  type ChangeSincePull,
  type Difference,
  type PushChange,
} from '../entra/diff';
import { describeProblem, EntraSchemaError } from '../entra/model';
import { planPush, PulledBaseError, roundTripDifferences, type PushPlan } from '../entra/push-plan';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import { pushSchema, PushUnsettledError, type PushOutcome, type PushSteps } from '../../../shared/src/graph/push';
import { describeApp } from '../../../shared/src/graph/synchronization';
import { describeJsonDifference } from '../../../shared/src/json-differences';
import { ScimError } from '../../../shared/src/scim/errors';
import { diagnosticLine } from './check';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import {
  graphHelp,
  graphOptions,
  graphRefusals,
  graphSynopsis,
  graphValuesForPulled,
  readPulledFrom,
  withGraphClient,
} from './graph-options';
import { readTextFile, UsageError, writeFilesAtomically, type CliIo } from './io';
import { pulledFiles } from '../../../shared/src/graph/pulled';
import { targetChoice } from './target-option';

const options = { ...graphOptions, yes: { type: 'boolean' }, force: { type: 'boolean' } } satisfies OptionSpecs;

export const pushCommand = defineCommand({
  name: 'push',
  synopsis: [`push FILE.scimmap [--yes] [--force] ${graphSynopsis}`],
  description: `Sends a .scimmap made by scimmap pull back to its app (FILE.entra.json says which app and job),
first printing its warnings as scimmap check does (errors stop it). It reads the job's schema again;
if it is not the pulled one (another version, or under the same version or none, other mappings),
someone saved in the portal meanwhile: it lists what changed there since the pull (added, removed
or changed in Entra) and what --force does with each, and stops, unless --force, which overwrites
what the .scimmap says and keeps everything else of the current schema (when that schema already
says everything the .scimmap says, --force sends nothing and FILE.schema.json and FILE.entra.json
follow it). It exports the .scimmap onto the current schema and lists what that changes. With --yes
(or "yes" typed at the terminal) it PUTs the whole schema (never a PATCH; Entra then restarts the
job with an initial cycle), GETs it again, checks that the .scimmap round-trips and updates
FILE.schema.json and FILE.entra.json. Without --yes and no terminal it only reports (a dry run,
exit 0). Prints a JSON report on stdout. Exit 0 when pushed and round-tripped,
or nothing to push; 1 when stopped (changed in the portal, errors in the .scimmap, declined, refused
by Graph), when the PUT got no answer or was not read back (push again: when the PUT landed, push
--force then sends nothing and the base follows Entra) or when Entra kept something other than what
was sent; 2 for a usage error or a file that was not pulled.
${graphHelp}`,
  options,
  refusedOptions: graphRefusals,
  run: push,
});

function push({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> | number {
  if (positionals.length !== 1) throw new UsageError('push needs one FILE.scimmap');
  const [file] = positionals;
  const pulled = readPulledFrom('push', file, io, `or export it and upload it in the portal's "Review your schema here"`);
  if (!pulled) return 2;
  const { pulledFrom, schemaFile: baseFile } = pulled;
  const files = pulledFiles(file);
  const pulledText = readTextFile(baseFile);
  const text = readTextFile(file);
  const analysis = analyze(text, targetChoice(file, undefined));
  const app = pulledFrom.app;
  const job = pulledFrom.job.id;
  const where = `${describeApp(app)}, job ${job}`;
  const lines = new LineIndex(text);
  const described = (severity: 'error' | 'warning') =>
    analysis.diagnostics
      .filter((diagnostic) => diagnostic.severity === severity)
      .map((diagnostic) => diagnosticLine(file, lines.rangeOf(diagnostic.span).start, diagnostic));
  // What check warns about would go out with the push: said first, as check says it.
  const warnings = described('warning');
  for (const line of warnings) io.err(line);
  const report = (fields: object) => io.out(JSON.stringify({ app, job: pulledFrom.job, ...fields, warnings }, null, 2));
  const errors = described('error');
  if (errors.length > 0) {
    for (const line of errors) io.err(line);
    io.err(`scimmap push: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: nothing sent`);
    report({ pushed: false, reason: 'errors in the .scimmap', errors });
    return 1;
  }
  let baseRefused = false;
  /** What the .scimmap cannot say on the schema in Entra (export's problems), as printed. */
  let exportProblems: string[] = [];
  let planned: PushPlan | undefined;
  const versions = (plan: PushPlan) => ({ pulledVersion: plan.pulledVersion, currentVersion: plan.currentVersion });
  return withGraphClient('push', graphValuesForPulled(values, pulledFrom, file), io, async (graph, signal) => {
    const steps: PushSteps<PushChange, ChangeSincePull, Difference> = {
      plan: async (currentText) => {
        try {
          planned = planPush(analysis.file, pulledText, currentText, analysis.target);
          return planned;
        } catch (error) {
          if (!(error instanceof EntraSchemaError)) throw error;
          baseRefused = error instanceof PulledBaseError;
          if (baseRefused) {
            for (const problem of error.problems) io.err(`${baseFile} (the base pulled with ${file}): ${describeProblem(problem)}`);
            io.err(
              `scimmap push: ${baseFile} is not a schema pull wrote; nothing sent. Pull again into another file and carry your edits over.`,
            );
          } else {
            exportProblems = error.problems.map((problem) => `the schema of ${where}: ${describeProblem(problem)}`);
            for (const line of exportProblems) io.err(line);
          }
          return undefined;
        }
      },
      overwrite: async () => Boolean(values.force),
      confirm: async (plan) => {
        for (const note of plan.notes) io.err(note);
        io.err(`What the push changes in ${where}:`);
        printDifferences(plan.changes, io, formatPushChange);
        if (values.yes) return true;
        if (!io.ask) return 'dry run';
        const answer = await io.ask(
          `Replace the provisioning schema of ${where}? Entra restarts the job with an initial cycle. Type yes to confirm: `,
        );
        return answer.trim().toLowerCase() === 'yes';
      },
      roundTrip: async (keptText) => roundTripDifferences(analysis.file, keptText),
      saved: async (keptText, version) => {
        writeFilesAtomically([
          [baseFile, keptText],
          [files.origin, `${JSON.stringify({ ...pulledFrom, version }, null, 2)}\n`],
        ]);
      },
    };
    let outcome: PushOutcome<PushChange, ChangeSincePull, Difference>;
    try {
      outcome = await pushSchema(graph, app, job, steps, signal);
    } catch (error) {
      // withGraphClient says it on stderr (exit 1); the report says it to a script.
      if (error instanceof ScimError)
        report({
          pushed: error instanceof PushUnsettledError && error.landed,
          reason:
            error instanceof PushUnsettledError
              ? error.landed
                ? 'not read back'
                : 'no answer to the PUT'
              : error.status === undefined
                ? 'Graph not reached'
                : 'refused by Graph',
          error: error.message,
          ...(planned && { ...versions(planned), changes: planned.changes }),
        });
      throw error;
    }
    if (!outcome.pushed) {
      if (outcome.reason === 'cannot push') {
        if (baseRefused) return 2;
        report({ pushed: false, reason: 'errors in the .scimmap', errors: exportProblems });
        return 1;
      }
      const { plan } = outcome;
      switch (outcome.reason) {
        case 'changed since the pull':
          io.err(
            `scimmap push: the schema of ${where} was changed since the pull (${sinceThePull(plan)}); nothing sent. What changed in Entra:`,
          );
          printDifferences(plan.changedSincePull ?? [], io, formatChangeSincePull);
          io.err(
            plan.changes.length === 0
              ? `The schema in Entra already says everything ${file} says (the same edit saved there, or a push whose answer was lost): push --force sends nothing and makes ${baseFile} and ${files.origin} follow it.`
              : 'Pull again into another file and carry your edits over, or push --force to overwrite what the .scimmap says (everything else of the current schema is kept; each line says what --force does with it).',
          );
          report({ pushed: false, reason: outcome.reason, ...versions(plan), changedSincePull: plan.changedSincePull });
          return 1;
        case 'nothing to push':
          for (const note of plan.notes) io.err(note);
          io.err(
            `scimmap push: the schema of ${where} already says what ${file} says; nothing sent.${plan.changedSincePull ? ` It was saved since the pull (${sinceThePull(plan)}): ${baseFile} and ${files.origin} now hold it.` : ''}`,
          );
          report({ pushed: false, reason: outcome.reason, ...versions(plan), changes: [] });
          return 0;
        case 'dry run':
          io.err('scimmap push: a dry run, nothing sent: add --yes to replace the schema.');
          report({ pushed: false, reason: outcome.reason, ...versions(plan), changes: plan.changes });
          return 0;
        case 'not confirmed':
          io.err('scimmap push: not confirmed; nothing sent.');
          report({ pushed: false, reason: outcome.reason, ...versions(plan), changes: plan.changes });
          return 1;
      }
    }
    const { plan, roundTrip, normalised } = outcome;
    if (roundTrip.length > 0) {
      io.err(
        `scimmap push: pushed, but the schema Entra kept says ${roundTrip.length} thing${roundTrip.length === 1 ? '' : 's'} differently from ${file} (normalised by the service):`,
      );
      printDifferences(roundTrip, io, formatDifference);
    } else {
      io.err(`scimmap push: pushed; the schema Entra kept says what ${file} says.`);
    }
    if (normalised.length > 0) {
      // Reported, not a failure: what the .scimmap says round-tripped or is listed above.
      io.err(
        `scimmap push: the JSON Entra kept differs from the JSON sent at ${normalised.length} place${normalised.length === 1 ? '' : 's'} (normalised by the service; version aside):`,
      );
      for (const difference of normalised.slice(0, SHOWN_NORMALISATIONS)) io.err(`  ${describeJsonDifference(difference)}`);
      if (normalised.length > SHOWN_NORMALISATIONS)
        io.err(`  …and ${normalised.length - SHOWN_NORMALISATIONS} more, all in the report's roundTrip.normalised`);
    }
    report({
      pushed: true,
      ...versions(plan),
      version: outcome.version,
      changes: plan.changes,
      roundTrip: { same: roundTrip.length === 0, differences: roundTrip, normalised },
    });
    return roundTrip.length === 0 ? 0 : 1;
  });
}

/** How the schema in Entra differs from the pulled one: its version, or its mappings under the same version. */
function sinceThePull(plan: PushPlan): string {
  return plan.pulledVersion === plan.currentVersion
    ? `without a new version: ${plan.currentVersion === undefined ? 'it has none' : `still ${plan.currentVersion}`}`
    : `version ${plan.pulledVersion ?? 'none'} is now ${plan.currentVersion ?? 'none'}`;
}

/** Normalisations listed on stderr; a service that re-sorts a large schema differs at thousands of places. */
const SHOWN_NORMALISATIONS = 20;

function printDifferences<D>(differences: readonly D[], io: CliIo, format: (difference: D) => string): void {
  for (const difference of differences) io.err(`  ${format(difference)}`);
  if (differences.length === 0) io.err('  (nothing the .scimmap expresses; other parts of the schema changed)');
}

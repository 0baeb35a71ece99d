// `scimmap provision`: provisioning on demand for one sample user or group against a live SCIM
// endpoint, as Entra runs it (docs/provisioning.md). A dry run (GET requests only) unless --apply;
// a real run to an endpoint that is not on loopback needs the endpoint's host named, every time.
import { isLoopbackHost } from '../../../shared/src/scim/endpoint';
import { formatProvisionReport } from '../../../shared/src/provisioning/report-text';
import { runProvisioning } from '../../../shared/src/provisioning/run';
import { findSubject, localPlanner } from '../provisioning/on-demand';
import { parseSampleFile } from '../schema/sample-data';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import { diagnosticLine } from './check';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import {
  connectionHelp,
  connectionOptions,
  connectionRefusals,
  connectionSynopsis,
  startBudget,
  timeLimitOf,
  timeoutHelp,
  tenantCompat,
  timeoutSynopsis,
  withScimClient,
} from './connection-options';
import { readInput } from './eval';
import { type CliIo, formatOption, readTextFile, UsageError } from './io';
import { compatOption } from './preview';
import { targetChoice, targetSchemaHelp, targetSchemaOptions, targetSchemaSynopsis } from './target-option';
import { shellQuote } from '../../../shared/src/shell';

const options = {
  ...connectionOptions,
  samples: { type: 'string' },
  id: { type: 'string' },
  apply: { type: 'boolean' },
  confirm: { type: 'string' },
  compat: { type: 'string' },
  format: { type: 'string' },
  ...targetSchemaOptions,
} satisfies OptionSpecs;

export const provisionCommand = defineCommand({
  name: 'provision',
  synopsis: [
    `provision MAP.scimmap --samples FILE --id ID ${connectionSynopsis} [--apply] [--compat aadOptscim062020] [--format json|text] ${timeoutSynopsis} ${targetSchemaSynopsis}`,
  ],
  description: `${connectionHelp}

Runs provisioning on demand for the sample user or group ID of the samples file, step by step as
Entra does: the sample, scoping, matching (the real GET queries, matching attributes in precedence
order), the references (manager, group members) matched the same way, and the action decided from
the endpoint's answers. Without --apply it is a dry run: only GET requests are sent, and the writes
are shown as planned. With --apply it sends them, reads the object back and lists the values the
target dropped, changed or normalised. A real run to an endpoint that is not on loopback asks you to
type its host name, every time; without a terminal, name it with --confirm HOST.
--compat aadOptscim062020 sends the PATCH format of that flag; without --compat, a tenant URL that
carries the flag (?aadOptscim062020) selects it, as in Entra's scheduled cycles.
--format json prints the report as JSON (docs/provisioning.md "The JSON report"), text by default.
${timeoutHelp('the run (from matching to the read-back; not the confirmation)')}
${targetSchemaHelp}
Exit 0 when every step succeeded, 1 when a step failed (the report says which and what to do), 2 on
a usage error.`,
  options,
  refusedOptions: connectionRefusals,
  run: provision,
});

async function provision({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'provision needs a .scimmap file' : `provision takes one .scimmap file, not ${positionals.length}`,
    );
  if (values.samples === undefined || values.id === undefined) throw new UsageError('provision needs --samples FILE and --id ID');
  if (values.confirm !== undefined && !values.apply) throw new UsageError('--confirm goes with --apply');
  const chosenCompat = values.compat === undefined ? undefined : compatOption(values.compat);
  const format = formatOption(values.format ?? 'text', ['text', 'json']);
  const timeLimitSeconds = timeLimitOf(values);

  const [mapFile] = positionals;
  const text = readTextFile(mapFile);
  const samples = readInput('provision', values.samples, 'samples file', parseSampleFile, io);
  if (!samples) return 2;
  const subject = findSubject(samples, values.id);
  if ('error' in subject) {
    io.err(`scimmap provision: ${values.samples} ${subject.error}`);
    return 2;
  }
  const { file, diagnostics, target: targetSchema } = analyze(text, targetChoice(mapFile, values['target-schema']));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    const lines = new LineIndex(text);
    for (const diagnostic of errors) io.err(diagnosticLine(mapFile, lines.positionAt(diagnostic.span.start), diagnostic));
    io.err(`scimmap provision: ${mapFile} has errors; fix them first (scimmap check ${shellQuote(mapFile)})`);
    return 1;
  }

  const id = values.id;
  return withScimClient('provision', values, io, async (client, signal, target) => {
    // The tenant URL as copied from Entra may carry the flag: its scheduled cycles then send that format.
    const compat = tenantCompat('provision', client, target, chosenCompat, io);
    if (values.apply && !(await confirmed(client.root, values.confirm, io))) return 2;
    const report = await runProvisioning(client, localPlanner({ file, samples, kind: subject.kind, id, compat, targetSchema }), {
      apply: values.apply === true,
      compat,
      signal,
      budget: startBudget(io, `scimmap provision: ${values.apply ? 'run' : 'dry run'} against ${client.root.href}`, timeLimitSeconds),
    });
    if (format === 'json') io.out(JSON.stringify(report, null, 2));
    else for (const line of formatProvisionReport(report)) io.out(line);
    return report.succeeded ? 0 : 1;
  });
}

/** A real run names its endpoint: loopback by --apply alone, any other host by --confirm HOST or by typing it. */
async function confirmed(root: URL, confirm: string | undefined, io: CliIo): Promise<boolean> {
  io.err(`scimmap provision: writing to ${root.href}`);
  if (isLoopbackHost(root.hostname)) return true;
  const host = root.host.toLowerCase();
  if (confirm !== undefined) {
    if (confirm.trim().toLowerCase() === host) return true;
    throw new UsageError(`--confirm names ${confirm}, but the endpoint is ${host}: nothing was sent`);
  }
  if (!io.ask) throw new UsageError(`a real run to ${host} needs confirming: add --confirm ${host} (no terminal to ask on)`);
  const answer = await io.ask(`Provision to ${root.href}? Type the host name (${host}) to confirm: `);
  if (answer.trim().toLowerCase() === host) return true;
  io.err('scimmap provision: not confirmed; nothing was sent');
  return false;
}

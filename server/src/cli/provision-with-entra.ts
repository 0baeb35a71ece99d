// `scimmap provision-with-entra FILE.scimmap (--user ID | --group ID) [--yes] [--format text|json] GRAPH-AUTH`:
// provisioning on demand by Entra itself (Graph's provisionOnDemand) for a real user or group of the
// tenant, on the app and job the .scimmap was pulled from, reported in the steps of `scimmap provision`.
import { onDemandReport, provisionOnDemand, provisioningRuleId } from '../../../shared/src/graph/provision-on-demand';
import { describeApp } from '../../../shared/src/graph/synchronization';
import { formatProvisionReport } from '../../../shared/src/provisioning/report-text';
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
import { formatOption, readTextFile, UsageError, type CliIo } from './io';

const options = {
  ...graphOptions,
  user: { type: 'string' },
  group: { type: 'string' },
  yes: { type: 'boolean' },
  format: { type: 'string' },
} satisfies OptionSpecs;

export const provisionWithEntraCommand = defineCommand({
  name: 'provision-with-entra',
  synopsis: [`provision-with-entra FILE.scimmap (--user ID | --group ID) [--yes] [--format text|json] ${graphSynopsis}`],
  description: `Asks Entra itself to provision one user or group of the tenant now (Graph's POST .../provisionOnDemand,
as "Provision on demand" in the portal), on the app and job FILE.scimmap was pulled from
(FILE.entra.json; the rule comes from FILE.schema.json). ID is the Object ID in Microsoft Entra ID.
This is a real run: Entra creates or changes the object in the app. With --yes (or "yes" typed at
the terminal) it runs; without --yes and no terminal it refuses. Prints Entra's steps as scimmap
provision prints its own (--format json: the same report, version 1), so the two can be compared.
Exit 0 when Entra succeeded or skipped, 1 when it failed, refused or was not confirmed, 2 for a usage
error or a file that was not pulled. Needs Synchronization.ReadWrite.All.
${graphHelp}`,
  options,
  refusedOptions: graphRefusals,
  run: provisionWithEntra,
});

function provisionWithEntra({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> | number {
  if (positionals.length !== 1) throw new UsageError('provision-with-entra needs one FILE.scimmap (pulled, for its app and job)');
  if (values.user !== undefined && values.group !== undefined)
    throw new UsageError('provision-with-entra provisions one user or one group: give only one of --user ID or --group ID');
  if (values.user === undefined && values.group === undefined)
    throw new UsageError('provision-with-entra needs --user ID or --group ID (the Object ID in Microsoft Entra ID)');
  const format = formatOption(values.format ?? 'text', ['text', 'json'] as const);
  const subject =
    values.user !== undefined ? { kind: 'user' as const, objectId: values.user } : { kind: 'group' as const, objectId: values.group! };
  const [file] = positionals;
  const pulled = readPulledFrom('provision-with-entra', file, io, "provisioning on demand runs on an app's provisioning job");
  if (!pulled) return 2;
  const { pulledFrom } = pulled;
  const schemaText = readTextFile(pulled.schemaFile);
  const where = `${describeApp(pulledFrom.app)}, job ${pulledFrom.job.id}`;
  return withGraphClient('provision-with-entra', graphValuesForPulled(values, pulledFrom, file), io, async (graph, signal) => {
    if (!values.yes) {
      if (!io.ask) {
        io.err(`scimmap provision-with-entra: Entra would really provision the ${subject.kind} into ${where}; add --yes to run it.`);
        return 1;
      }
      const answer = await io.ask(
        `Entra provisions ${subject.kind} ${subject.objectId} into ${where} now (a real change in the app). Type yes to confirm: `,
      );
      if (answer.trim().toLowerCase() !== 'yes') {
        io.err('scimmap provision-with-entra: not confirmed; nothing sent.');
        return 1;
      }
    }
    const ruleId = provisioningRuleId(schemaText);
    const answer = await provisionOnDemand(graph, pulledFrom.app.id, pulledFrom.job.id, ruleId, subject, signal);
    const report = onDemandReport(answer, subject, `Entra, ${where} (${graph.root.origin})`);
    if (format === 'json') io.out(JSON.stringify(report, null, 2));
    else for (const line of formatProvisionReport(report)) io.out(line);
    return report.succeeded ? 0 : 1;
  });
}

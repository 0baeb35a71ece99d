// `scimmap test-connection`: Entra's Test Connection from the command line. Exit 0 only when Entra
// would accept the endpoint. Secrets come from environment variables, never from arguments.
import { formatReport } from '../../../shared/src/scim/report';
import { testConnection } from '../../../shared/src/scim/test-connection';
import { analyze } from '../validation/analyze';
import { targetChoice } from './target-option';
import { summarizeMapping } from '../lsp/mapping-summary';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import {
  allowMoreTime,
  connectionHelp,
  connectionOptions,
  connectionRefusals,
  connectionSynopsis,
  timeLimitOf,
  timeoutHelp,
  timeoutSynopsis,
  withScimClient,
} from './connection-options';
import { type CliIo, formatOption, processIo, readTextFile, UsageError } from './io';

const options = {
  ...connectionOptions,
  map: { type: 'string' },
  format: { type: 'string' },
} satisfies OptionSpecs;

export const testConnectionCommand = defineCommand({
  name: 'test-connection',
  synopsis: [`test-connection ${connectionSynopsis} [--map FILE.scimmap] ${timeoutSynopsis}`],
  description: `${connectionHelp} --format text|json prints the report as text or JSON.
${timeoutHelp('the whole test (the probe, ServiceProviderConfig, Schemas)')}
Each step is said on stderr as it starts and ends.

Sends Entra's probe GET {url}/Users?filter=<matching attribute> eq "<random GUID>" (the matching
attribute of --map's users block, else userName), then reads ServiceProviderConfig and Schemas.
Exit 0 when Entra would accept the endpoint, 1 when it would not, 2 on a usage error.`,
  options,
  refusedOptions: connectionRefusals,
  run: runProbe,
});

export const runTestConnection = (argv: string[], io: CliIo = processIo) => testConnectionCommand.run(argv, io);

async function runProbe({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = formatOption(values.format ?? 'text', ['text', 'json']);
  const timeLimitSeconds = timeLimitOf(values);
  const summary = values.map !== undefined ? readMapping(values.map) : undefined;
  return withScimClient('test-connection', values, io, async (client, signal) => {
    const report = await testConnection(client, {
      matchingAttribute: summary?.userMatchingAttribute,
      userTargets: summary?.userTargets,
      groupTargets: summary?.groupTargets,
      signal,
      timeLimitSeconds,
      howToAllowMore: allowMoreTime,
      progress: (line) => io.err(line),
    });
    const notes = summary?.hasErrors ? [`${values.map} has errors: its matching attribute and targets may be incomplete.`] : [];
    const final = { ...report, notes: [...report.notes, ...notes] };
    if (format === 'json') io.out(JSON.stringify(final, null, 2));
    else for (const line of formatReport(final)) io.out(line);
    return report.accepted ? 0 : 1;
  });
}

function readMapping(file: string) {
  const text = readTextFile(file);
  const { file: mapping, diagnostics } = analyze(text, targetChoice(file, undefined));
  return summarizeMapping(
    mapping,
    diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
  );
}

// `scimmap verify-with-entra FILE.scimmap --user USER.json [--format text|json] GRAPH-AUTH`: each
// expression of a pulled .scimmap evaluated by Entra itself (Graph's parseExpression) for a sample
// user, against scimmap's own evaluation. A mismatch is a fidelity bug: the JSON is the report to file.
import { formatVerifyResult, verifyWithEntra } from '../../../shared/src/graph/parse-expression';
import { parseSampleUser } from '../schema/sample-data';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import { verifyCases } from '../entra/verify';
import { diagnosticLine } from './check';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { evalOptionsFrom, evaluationOptions, readInput } from './eval';
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
import { targetChoice } from './target-option';
import { scimmapVersion } from '../version';

const options = { ...graphOptions, ...evaluationOptions, user: { type: 'string' }, format: { type: 'string' } } satisfies OptionSpecs;

export const verifyWithEntraCommand = defineCommand({
  name: 'verify-with-entra',
  synopsis: [
    `verify-with-entra FILE.scimmap --user USER.json [--now ISO-DATE] [--seed N] [--default-domain DOMAIN] [--format text|json] ${graphSynopsis}`,
  ],
  description: `Asks Entra itself to evaluate every expression of the .scimmap's users blocks for USER.json (one JSON
object of Entra attribute names to values), through Graph's POST .../schema/parseExpression on the
app and job the file was pulled from (FILE.entra.json; the target attribute definitions come from
FILE.schema.json), and compares Entra's parsingSucceeded, evaluationSucceeded and evaluationResult
with scimmap's own evaluation. Lines (or with --format json one JSON report) say "same",
"DIFFERENT" with both values, or "not comparable": Guid(), Now() and RandomString(), which Entra
evaluates with its own clock and randomness (--now and --seed are accepted, as by preview and
simulate, but pin scimmap's side only), and DefaultDomain() without --default-domain (the tenant's
default verified domain, for scimmap's side). Exit 0 when nothing differs, 1 when something does
(attach the JSON report to a bug report: docs/tenant.md), when the file has errors (listed as check
lists them; nothing is sent) or when Graph refuses, 2 for a usage error or a file that was not
pulled. Needs Synchronization.ReadWrite.All.
${graphHelp}`,
  options,
  refusedOptions: graphRefusals,
  run: verify,
});

function verify({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> | number {
  if (positionals.length !== 1) throw new UsageError('verify-with-entra needs one FILE.scimmap');
  if (values.user === undefined) throw new UsageError('verify-with-entra needs --user USER.json');
  const format = formatOption(values.format ?? 'text', ['text', 'json'] as const);
  const evalOptions = evalOptionsFrom(values);
  const [file] = positionals;
  const pulled = readPulledFrom('verify-with-entra', file, io, "parseExpression runs on an app's provisioning job");
  if (!pulled) return 2;
  const { pulledFrom } = pulled;
  const schemaText = readTextFile(pulled.schemaFile);
  const user = readInput(
    'verify-with-entra',
    values.user,
    'user (one JSON object of Entra attribute names to values)',
    parseSampleUser,
    io,
  );
  if (!user) return 2;
  const text = readTextFile(file);
  const analysis = analyze(text, targetChoice(file, undefined));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = new LineIndex(text);
    for (const error of errors) io.err(diagnosticLine(file, lines.rangeOf(error.span).start, error));
    io.err(`scimmap verify-with-entra: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: fix them first`);
    return 1;
  }
  const cases = verifyCases(analysis.file, schemaText, user.attributes, evalOptions);
  return withGraphClient('verify-with-entra', graphValuesForPulled(values, pulledFrom, file), io, async (graph, signal) => {
    const { results, summary } = await verifyWithEntra(graph, pulledFrom.app.id, pulledFrom.job.id, cases, signal);
    if (format === 'json') {
      io.out(JSON.stringify({ app: pulledFrom.app, job: pulledFrom.job, user: user.id, scimmapVersion, summary, results }, null, 2));
    } else {
      for (const result of results) io.out(formatVerifyResult(result));
      io.out(`${summary.same} same, ${summary.different} different, ${summary.notComparable} not comparable.`);
    }
    return summary.different > 0 ? 1 : 0;
  });
}

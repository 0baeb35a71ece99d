// `scimmap export FILE.scimmap [--base SCHEMA.json] [-o OUT.json]`: a .scimmap merged into Entra's
// synchronization schema JSON, changing only what the .scimmap says.
import { exportSchema } from '../entra/export';
import { describeProblem, EntraSchemaError, problemDescriber } from '../entra/model';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import { diagnosticLine } from './check';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { type CliIo, readTextFile, refuseWritingOverInput, UsageError, writeOutput } from './io';
import { targetChoice } from './target-option';
import { importedFrom } from '../../../shared/src/entra-origin';
import { shellQuote } from '../../../shared/src/shell';
import { dirname, join } from 'node:path';

const options = { base: { type: 'string' }, output: { type: 'string', short: 'o' } } satisfies OptionSpecs;

export const exportCommand = defineCommand({
  name: 'export',
  synopsis: ['export FILE.scimmap [--base SCHEMA.json] [-o OUT.json]'],
  description: `Writes the synchronization schema JSON to upload in "Review your schema here" (or PUT to Graph).
With --base, the base schema is written back with only what the .scimmap expresses replaced: every
other byte (ids, versions, directories, metadata, unknown members, key order, formatting) stays,
and a target attribute the base lacks gets its definition. Without --base, a complete schema for a
new non-gallery app provisioning Genesys Cloud. Without -o the JSON goes to stdout; -o writes
OUT.json whole or not at all. Refused, with nothing written (exit 1): a .scimmap with errors (as
scimmap check prints them), a base that is not a synchronization schema or whose directories do not
fit, a change to a rule that is not editable. Exit 2 when a file cannot be read (missing, empty, not
JSON).`,
  options,
  run: exportFile,
});

function exportFile({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positionals.length !== 1) throw new UsageError('export needs one FILE.scimmap');
  const [file] = positionals;
  // Over the base is allowed: that is the base brought up to date.
  if (values.output !== undefined) refuseWritingOverInput([values.output], [file]);
  const text = readTextFile(file);
  const base = values.base === undefined ? undefined : readTextFile(values.base);
  const analysis = analyze(text, targetChoice(file, undefined));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = new LineIndex(text);
    for (const error of errors) io.err(diagnosticLine(file, lines.rangeOf(error.span).start, error));
    io.err(`scimmap export: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: nothing exported`);
    return 1;
  }
  const origin = importedFrom(text);
  if (base === undefined && origin !== undefined) {
    // Most likely a forgotten --base: a new schema uploaded over an app replaces all it has.
    const originPath = join(dirname(file), origin);
    io.err(
      `scimmap export: ${file} was imported from ${JSON.stringify(origin)}: without --base this is a new schema (new ids; none of that schema's other rules, hidden mappings or directory versions), which replaces the app's whole configuration when uploaded. To change only what the .scimmap says: scimmap export ${shellQuote(file)} --base ${shellQuote(originPath)}`,
    );
  }
  try {
    const result = exportSchema(analysis.file, base, { target: analysis.target });
    for (const note of result.notes) io.err(note);
    if (base !== undefined) {
      const describe = problemDescriber(base);
      for (const warning of result.warnings) io.err(`${values.base}: warning ${describe(warning)}`);
    }
    writeOutput(values.output, result.text, io);
    return 0;
  } catch (error) {
    if (!(error instanceof EntraSchemaError)) throw error;
    const describe = base === undefined ? describeProblem : problemDescriber(base);
    for (const problem of error.problems) io.err(`${values.base ?? 'export'}: ${describe(problem)}`);
    return error.unreadable ? 2 : 1;
  }
}

// `scimmap diff FILE.scimmap SCHEMA.json`: what the schema says differently from the .scimmap.
import { diffSchema, formatDifference } from '../entra/diff';
import { EntraSchemaError, fileModel, problemDescriber, type EntraProblem } from '../entra/model';
import { parse } from '../syntax/parser';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { type CliIo, readTextFile, UsageError } from './io';
import { shellQuote } from '../../../shared/src/shell';

const options = {} satisfies OptionSpecs;

export const diffCommand = defineCommand({
  name: 'diff',
  synopsis: ['diff FILE.scimmap SCHEMA.json'],
  description: `Prints what a synchronization schema JSON says differently from a .scimmap, one line each, in the
portal's terms: "+" an object mapping or attribute mapping only in the schema, "-" only in the
.scimmap, "~" in both but different (mapping, default, precedence, flow, scoping filters, enabled,
actions), with the JSON pointer in the schema. For "what did someone change in the portal since I
exported?". Exit 0 when they say the same, 1 when they differ, 2 when either cannot be read.`,
  options,
  run: diff,
});

function diff({ positionals }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positionals.length !== 2) throw new UsageError('diff needs FILE.scimmap and SCHEMA.json');
  const [file, schemaFile] = positionals;
  const parsed = parse(readTextFile(file));
  const syntaxErrors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntaxErrors.length > 0) {
    io.err(`scimmap diff: ${file} has syntax errors (scimmap check ${shellQuote(file)} shows them)`);
    return 2;
  }
  const schemaText = readTextFile(schemaFile);
  try {
    const warnings: EntraProblem[] = [];
    const differences = diffSchema(fileModel(parsed.file), schemaText, warnings);
    const describeWarning = problemDescriber(schemaText);
    for (const warning of warnings) io.err(`${schemaFile}: warning ${describeWarning(warning)}`);
    for (const difference of differences) io.out(formatDifference(difference));
    if (differences.length === 0) io.out(`${file} and ${schemaFile} say the same.`);
    return differences.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof EntraSchemaError)) throw error;
    const describe = problemDescriber(schemaText);
    for (const problem of error.problems) io.err(`${schemaFile}: ${describe(problem)}`);
    return 2;
  }
}

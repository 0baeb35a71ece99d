// `scimmap import SCHEMA.json [-o FILE.scimmap]`: Entra's synchronization schema as a .scimmap.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { importSchema } from '../entra/import';
import { describeProblem, EntraSchemaError } from '../entra/model';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { UsageError, writeOutput, type CliIo } from './io';

const options = { output: { type: 'string', short: 'o' } } satisfies OptionSpecs;

export const importCommand = defineCommand({
  name: 'import',
  synopsis: ['import SCHEMA.json [-o FILE.scimmap]'],
  description: `Reads the synchronization schema JSON of an Entra app (the admin center's Provisioning > Mappings >
"Review your schema here" download, or Graph's GET .../synchronization/jobs/{id}/schema) and writes
it as a .scimmap: one block per object mapping of every rule that reads from Entra, hidden and
disabled ones included, each with what identifies it for export. Without -o the .scimmap goes to
stdout; -o writes FILE.scimmap whole or not at all. Warnings (a source tree that disagrees with
its expression, a scoping operator never seen in real exports) go to stderr. Exit 1, with the
JSON pointer of each problem, when the schema cannot be imported; nothing is written then.`,
  options,
  run: importFile,
});

function importFile({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positionals.length !== 1) throw new UsageError('import needs one SCHEMA.json');
  const [schemaFile] = positionals;
  const output = values.output;
  const origin = output ? relative(dirname(resolve(output)), resolve(schemaFile)) : schemaFile;
  try {
    const result = importSchema(readFileSync(schemaFile, 'utf8'), origin);
    for (const warning of result.warnings) io.err(`${schemaFile}: warning ${describeProblem(warning)}`);
    writeOutput(output, result.text, io);
    return 0;
  } catch (error) {
    if (!(error instanceof EntraSchemaError)) throw error;
    for (const problem of error.problems) io.err(`${schemaFile}: ${describeProblem(problem)}`);
    return 1;
  }
}

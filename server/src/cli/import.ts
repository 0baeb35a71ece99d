// `scimmap import SCHEMA.json [-o FILE.scimmap]`: Entra's synchronization schema as a .scimmap.
import { basename, dirname, relative, resolve } from 'node:path';
import { importSchema } from '../entra/import';
import { EntraSchemaError, problemDescriber } from '../entra/model';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { type CliIo, readTextFile, refuseWritingOverInput, UsageError, writeFilesAtomically, writeOutput } from './io';

const options = { output: { type: 'string', short: 'o' } } satisfies OptionSpecs;

export const importCommand = defineCommand({
  name: 'import',
  synopsis: ['import SCHEMA.json [-o FILE.scimmap]'],
  description: `Reads the synchronization schema JSON of an Entra app (the admin center's Provisioning > Mappings >
"Review your schema here" download, or Graph's GET .../synchronization/jobs/{id}/schema) and writes
it as a .scimmap: one block per object mapping of every rule that reads from Entra, hidden and
disabled ones included, each with what identifies it for export. With -o, the target directory's
attribute definitions (custom attributes included) are written beside it as FILE.target.json, which
the .scimmap declares (docs/targets.md); the two are written whole or not at all. Without -o the
.scimmap goes to stdout. Warnings (a source tree that disagrees with
its expression, a scoping operator never seen in real exports) go to stderr. Exit 1, with the
JSON pointer of each problem, when the schema cannot be imported, 2 when SCHEMA.json cannot be read
(missing, empty, not JSON); nothing is written then.`,
  options,
  run: importFile,
});

function importFile({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positionals.length !== 1) throw new UsageError('import needs one SCHEMA.json');
  const [schemaFile] = positionals;
  const output = values.output;
  const origin = output ? relative(dirname(resolve(output)), resolve(schemaFile)) : schemaFile;
  // The target schema goes beside the .scimmap: FILE.scimmap -> FILE.target.json.
  const targetPath = output === undefined ? undefined : `${output.replace(/\.scimmap$/i, '')}.target.json`;
  refuseWritingOverInput(
    [output, targetPath].filter((path) => path !== undefined),
    [schemaFile],
  );
  const schemaText = readTextFile(schemaFile);
  const describeProblem = problemDescriber(schemaText);
  try {
    const result = importSchema(schemaText, origin, targetPath === undefined ? {} : { targetFile: `./${basename(targetPath)}` });
    for (const warning of result.warnings) io.err(`${schemaFile}: warning ${describeProblem(warning)}`);
    if (output === undefined) {
      writeOutput(output, result.text, io);
      io.err(
        "scimmap import: with -o FILE.scimmap, the target directory's attribute definitions are also written beside it (FILE.target.json) and declared",
      );
    } else {
      // The .scimmap declares its target schema: the pair is written as a set, whole or not at all.
      const targetSchema =
        targetPath && result.targetSchema ? [[targetPath, `${JSON.stringify(result.targetSchema, null, 2)}\n`] as const] : [];
      writeFilesAtomically([[output, result.text], ...targetSchema]);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof EntraSchemaError)) throw error;
    for (const problem of error.problems) io.err(`${schemaFile}: ${describeProblem(problem)}`);
    return error.unreadable ? 2 : 1;
  }
}

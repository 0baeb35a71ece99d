// `scimmap pull --app NAME|ID [--job ID] -o FILE.scimmap GRAPH-AUTH`: an enterprise app's provisioning
// schema straight from Microsoft Graph, imported as `scimmap import` would, with the base kept beside it.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { importSchema } from '../entra/import';
import { EntraSchemaError, problemDescriber } from '../entra/model';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { graphHelp, graphOptions, graphRefusals, graphSynopsis, withGraphClient } from './graph-options';
import { readTextFile, UsageError, writeFilesAtomically, type CliIo } from './io';
import {
  findApps,
  getSchema,
  listJobs,
  oneApp,
  oneJob,
  type ServicePrincipal,
  type SynchronizationJob,
} from '../../../shared/src/graph/synchronization';
import { ScimError } from '../../../shared/src/scim/errors';
import { pulledFiles, pulledFrom, pullOverProblem } from '../../../shared/src/graph/pulled';

const options = {
  ...graphOptions,
  app: { type: 'string' },
  job: { type: 'string' },
  output: { type: 'string', short: 'o' },
} satisfies OptionSpecs;

export const pullCommand = defineCommand({
  name: 'pull',
  synopsis: [`pull --app NAME|ID [--job ID] -o FILE.scimmap ${graphSynopsis}`],
  description: `Finds the enterprise app (its display name, Object ID or Application ID), its provisioning job (the
only one, or --job ID), reads the job's synchronization schema through Microsoft Graph and imports it
as scimmap import does. Four files, written as one set (a failure leaves the previous set as it
was): FILE.scimmap, FILE.target.json (the target directory's attribute definitions), FILE.schema.json
(the schema exactly as Graph sent it: the base of the next push, with its version) and
FILE.entra.json (which app, job, Graph and version the pull came from; no secret). A FILE.scimmap
already there is replaced only when it is what the pull of that set wrote: one that is not (edited
or pushed since, or not pulled) is refused before Graph is asked (exit 2, nothing written; pull into
another file, or move it away). Prints a JSON report on stdout ("pulled": false and the error when it
fails after asking Graph). Exit 1 when Graph refuses or the app or job is not found (the message says
what to do), 2 for a usage error, a FILE.scimmap a pull would lose or a file that cannot be written.
${graphHelp}`,
  options,
  refusedOptions: graphRefusals,
  run: pull,
});

function pull({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> | number {
  if (positionals.length > 0)
    throw new UsageError(`pull takes no file argument (${positionals[0]}): write the .scimmap with -o FILE.scimmap`);
  if (!values.app) throw new UsageError('pull needs --app NAME|ID (the enterprise app)');
  const output = values.output;
  if (!output || !/\.scimmap$/i.test(output))
    throw new UsageError('pull needs -o FILE.scimmap (the base schema and target schema are written beside it)');
  const app = values.app;
  const problem = pullOverProblemOf(output);
  if (problem) {
    io.err(`scimmap pull: ${problem}`);
    return 2;
  }
  const failed = (fields: object) => io.out(JSON.stringify({ pulled: false, ...fields }, null, 2));
  return withGraphClient('pull', values, io, async (graph, signal) => {
    let found: ServicePrincipal, job: SynchronizationJob, schemaText: string;
    try {
      found = oneApp(await findApps(graph, app, signal), app);
      job = oneJob(await listJobs(graph, found, signal), found, values.job);
      schemaText = await getSchema(graph, found.id, job.id, signal);
    } catch (error) {
      // withGraphClient says it on stderr (exit 1); the report says it to a script, as push's does.
      if (error instanceof ScimError) failed({ error: error.message });
      throw error;
    }
    const files = pulledFiles(output);
    // Each problem and warning says its line and column in FILE.schema.json, as import's do.
    const describeProblem = problemDescriber(schemaText);
    try {
      const pulled = importPulled(schemaText, files);
      for (const warning of pulled.warnings) io.err(`${files.schema}: warning ${describeProblem(warning)}`);
      const origin = pulledFrom(graph.root.origin, found, job, files.schema, schemaText);
      // The four files are one set: a failure leaves the previous pull's as they were.
      writeFilesAtomically([
        [files.schema, schemaText],
        ...(pulled.targetSchema ? [[files.target, `${JSON.stringify(pulled.targetSchema, null, 2)}\n`] as const] : []),
        [files.origin, `${JSON.stringify(origin, null, 2)}\n`],
        [output, pulled.text],
      ]);
      io.out(
        JSON.stringify(
          { pulled: true, ...origin, files: { scimmap: output, ...files }, warnings: pulled.warnings.map(describeProblem) },
          null,
          2,
        ),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof EntraSchemaError)) throw error;
      const problems = error.problems.map((problem) => `the schema of job ${job.id}: ${describeProblem(problem)}`);
      for (const line of problems) io.err(line);
      io.err('scimmap pull: nothing written. If Graph really sent this, report it with the schema (scrubbed) so scimmap import learns it.');
      failed({ error: `the schema of job ${job.id} cannot be imported; nothing written`, problems });
      return 1;
    }
  });
}

/** A schema imported as pull writes it into the set `files`. */
function importPulled(schemaText: string, files: ReturnType<typeof pulledFiles>): ReturnType<typeof importSchema> {
  return importSchema(schemaText, basename(files.schema), { targetFile: `./${basename(files.target)}` });
}

/** Why pull must not write over `output` (pullOverProblem), reading the .scimmap there and its set's base. */
function pullOverProblemOf(output: string): string | undefined {
  if (!existsSync(output)) return undefined;
  const files = pulledFiles(output);
  let reimported: string | undefined;
  if (existsSync(files.origin) && existsSync(files.schema)) {
    try {
      reimported = importPulled(readTextFile(files.schema), files).text;
    } catch (error) {
      if (!(error instanceof EntraSchemaError)) throw error;
    }
  }
  return pullOverProblem(output, readTextFile(output), reimported);
}

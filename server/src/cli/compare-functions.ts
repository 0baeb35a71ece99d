// `scimmap compare-functions FILE.scimmap [--format text|json] GRAPH-AUTH`: the tenant's own function
// and scoping-operator lists against scimmap's catalogues.
import { schemaCatalogue } from '../../../shared/src/graph/synchronization';
import { compareCatalogues, formatCatalogueDifference, type TenantFunction, type TenantOperator } from '../entra/catalogue-compare';
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
import { formatOption, UsageError, type CliIo } from './io';

const options = { ...graphOptions, format: { type: 'string' } } satisfies OptionSpecs;

export const compareFunctionsCommand = defineCommand({
  name: 'compare-functions',
  synopsis: [`compare-functions FILE.scimmap [--format text|json] ${graphSynopsis}`],
  description: `Reads the tenant's own lists for the job FILE.scimmap was pulled from (Graph's GET .../schema/functions
and .../schema/filterOperators, FILE.entra.json says which) and compares them with scimmap's
catalogues: "missing" (the tenant has a function, parameter or scoping operator scimmap lacks),
"spelling" (both have it, spelled differently: Entra's names are case-sensitive), "not listed"
(scimmap has it, the tenant's list does not). Parameters are compared with the keys scimmap writes
in Graph's source trees. Exit 1 when something is missing or spelled differently, else 0; 2 for a
usage error or a file that was not pulled. Needs Synchronization.Read.All.
${graphHelp}`,
  options,
  refusedOptions: graphRefusals,
  run: compareFunctions,
});

function compareFunctions({ values, positionals }: ParsedCommandLine<typeof options>, io: CliIo): Promise<number> | number {
  if (positionals.length !== 1) throw new UsageError('compare-functions needs one FILE.scimmap (pulled, for its app and job)');
  const format = formatOption(values.format ?? 'text', ['text', 'json'] as const);
  const [file] = positionals;
  const pulled = readPulledFrom('compare-functions', file, io, "the lists belong to an app's provisioning job");
  if (!pulled) return 2;
  const { pulledFrom } = pulled;
  return withGraphClient('compare-functions', graphValuesForPulled(values, pulledFrom, file), io, async (graph, signal) => {
    const functions = await schemaCatalogue<TenantFunction>(graph, pulledFrom.app.id, pulledFrom.job.id, 'functions', signal);
    const operators = await schemaCatalogue<TenantOperator>(graph, pulledFrom.app.id, pulledFrom.job.id, 'filterOperators', signal);
    const differences = compareCatalogues(functions, operators);
    if (format === 'json')
      io.out(
        JSON.stringify(
          { app: pulledFrom.app, job: pulledFrom.job, functions: functions.length, operators: operators.length, differences },
          null,
          2,
        ),
      );
    else {
      for (const difference of differences) io.out(formatCatalogueDifference(difference));
      io.out(
        `The tenant lists ${functions.length} functions and ${operators.length} scoping operators; ${differences.filter((d) => d.kind !== 'notInTenant').length} missing or spelled differently in scimmap.`,
      );
    }
    return differences.some((difference) => difference.kind !== 'notInTenant') ? 1 : 0;
  });
}

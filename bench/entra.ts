// Entra schema round trip (issue 12): import and export of a 5 MB synchronization schema, each
// target <= 1 s. The schema is generated: random mappings (every catalogue function, nested) exported
// without a base until the JSON passes 5 MB. Export is measured twice: onto the unchanged base (the
// byte-identical path) and with one mapping in ten edited (the splicing path). Then one object
// mapping of 20,000 mappings, each with its own value filter (about 40 MB): import with its target
// schema, and export as the CLI does it (the check against that target schema included), where
// work that grew with the square of the mappings once took 15 and 23 s.
// Run alone: node out/bench/entra.js (after npm run compile-tests).
import { performance } from 'node:perf_hooks';
import { importSchema } from '../server/src/entra/import';
import { exportSchema } from '../server/src/entra/export';
import { parse } from '../server/src/syntax/parser';
import { analyze } from '../server/src/validation/analyze';
import { readTargetSchema } from '../server/src/schema/target-format';
import { randomMappingFile } from '../test/support/random-expressions';
import { ms, percentile } from './stats';

const SIZE = 5_000_000;
const RUNS = 5;

/** A schema of at least `size` bytes, pretty-printed as the service serves it. */
export function generateSchema(size: number): string {
  let count = 1000;
  for (;;) {
    const scimmap = parse(randomMappingFile(count, 7)).file;
    const json = exportSchema(scimmap, undefined, { newId: () => '00000000-0000-4000-8000-000000000000' }).text;
    if (json.length >= size) return json;
    count = Math.ceil((count * size * 1.05) / json.length);
  }
}

/** Median wall-clock and CPU milliseconds of RUNS runs: on a shared machine the CPU time says what the code costs. */
function median(run: () => void): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const usage = process.cpuUsage();
    run();
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return `${ms(percentile(wall, 50))} wall, ${ms(percentile(cpu, 50))} CPU`;
}

/** One users block of `count` mappings, each to its own externalIds entry: the shape that once took quadratic time. */
export function oneLargeObjectMapping(count: number): string {
  const lines = ['users {', '  userName <- [userPrincipalName]  match 1'];
  for (let i = 0; i < count; i++)
    lines.push(
      `  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "r-${i}"].value <- Join(" ", [givenName], "r-${i}")${i % 5 === 0 ? '  default "x"' : ''}`,
    );
  lines.push('}', '');
  return lines.join('\n');
}

/** Import (with the target schema) and export (checked against it, as the CLI does) of one object mapping of 20,000 mappings. */
function benchLargeObjectMapping(): Record<string, string> {
  const schema = exportSchema(parse(oneLargeObjectMapping(20_000)).file, undefined, {
    newId: () => '00000000-0000-4000-8000-000000000000',
  }).text;
  const imported = importSchema(schema, 'large.schema.json', { targetFile: './large.target.json' });
  const target = readTargetSchema(imported.targetSchema, 'large.target.json');
  const exportChecked = () => {
    const analysis = analyze(imported.text, { override: target });
    return exportSchema(analysis.file, schema, { target: analysis.target }).text;
  };
  return {
    'entra schema of one 20,000-mapping object mapping (MB)': (schema.length / 1e6).toFixed(2),
    'entra import of it, target schema included (ms, median of 5)': median(() =>
      importSchema(schema, 'large.schema.json', { targetFile: './large.target.json' }),
    ),
    'entra export of it onto its base, checked against its target schema (ms, median of 5)': median(exportChecked),
    'entra export of it identical to the base': String(exportChecked() === schema),
  };
}

export function benchEntra(): Record<string, number | string> {
  // Target (issue 12): import and export of a 5 MB schema each <= 1 s.
  const schema = generateSchema(SIZE);
  const imported = importSchema(schema).text;
  const file = parse(imported).file;
  let edited = 0;
  const editedText = imported.replace(/^( {2}.+? <- )(.*)$/gm, (line, head: string, source: string) =>
    edited++ % 10 === 0 ? `${head}Coalesce(${source.split('  ')[0]}, "x")` : line,
  );
  const editedFile = parse(editedText).file;
  const mappings = file.blocks.reduce((n, b) => n + b.mappings.length, 0);
  return {
    'entra schema size (MB)': (schema.length / 1e6).toFixed(2),
    'entra schema attribute mappings': mappings,
    'entra import 5 MB (ms, median of 5)': median(() => importSchema(schema)),
    'entra export 5 MB onto its base, unchanged (ms, median of 5; parse of the .scimmap included)': median(() =>
      exportSchema(parse(imported).file, schema),
    ),
    'entra export 5 MB with 10% of mappings edited (ms, median of 5; parse included)': median(() =>
      exportSchema(parse(editedText).file, schema),
    ),
    'entra export identical to the base': String(exportSchema(file, schema).text === schema),
    'entra edited export differs from the base': String(exportSchema(editedFile, schema).text !== schema),
    ...benchLargeObjectMapping(),
  };
}

if (require.main === module) for (const [name, value] of Object.entries(benchEntra())) console.log(`${name}: ${value}`);

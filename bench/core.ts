// Throughput of the language core alone (issue 3 "Benchmark"): parse+validate of a generated 1 MB
// .scimmap file in MB/s, against two yardsticks over the same number of bytes in the same process:
// JSON.parse (the floor: native code) and Chevrotain's own JSON grammar (the library's speed).
// Target: parse+validate at least as fast as the Chevrotain JSON yardstick. Also, in process, what
// one keystroke costs on the 2,000-mapping file: the whole analysis against the incremental one; and
// the analysis of 100 KB that is no .scimmap (NUL bytes, random bytes as an editor decodes them),
// target < 20 ms; and one 1 MB expression of 200,000 unknown attributes, whose validation past the
// 1,000 diagnostics a file shows only counts, against its parse.
import { performance } from 'node:perf_hooks';
import { analyze } from '../server/src/validation/analyze';
import { IncrementalAnalyzer } from '../server/src/validation/incremental';
import { parse } from '../server/src/syntax/parser';
import { generateBytes, generateMappings } from '../test/support/generate';
import { random } from '../test/support/random';
import { parseJsonWithChevrotain } from './json-yardstick';
import { ms, percentile } from './stats';
import { typingEdits } from './edits';

const MEGABYTE = 1_000_000;

/**
 * The median time of each run, measured in turns (a, b, c, a, b, c, ...) after a round to warm up,
 * so that a busy machine slows them all alike and their ratios hold.
 */
function medianMs<K extends string>(runs: Record<K, () => unknown>, rounds = 11): Record<K, number> {
  const names = Object.keys(runs) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = -1; round < rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      runs[name]();
      if (round >= 0) samples.get(name)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((name) => [name, percentile(samples.get(name)!, 50)])) as Record<K, number>;
}

/** JSON with the shape of the mappings (objects, strings, numbers, booleans), at least `bytes` long. */
export function jsonOfSize(bytes: number): string {
  const items: string[] = [];
  let length = 2;
  for (let i = 0; length < bytes; i++) {
    const item = JSON.stringify({
      target: `urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "system-${i}"].value`,
      source: i % 3 === 0 ? 'Join(" ", [givenName], [surname])' : '[userPrincipalName]',
      match: i % 50 === 0 ? 1 : null,
      onCreate: i % 7 === 0,
    });
    items.push(item);
    length += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

export function benchCore(): Record<string, number | string> {
  const text = generateBytes(MEGABYTE);
  const bytes = Buffer.byteLength(text);
  const json = jsonOfSize(bytes);
  const jsonBytes = Buffer.byteLength(json);
  const mbPerSecond = (size: number, milliseconds: number) => Number((size / MEGABYTE / (milliseconds / 1000)).toFixed(2));

  const times = medianMs({
    analyze: () => analyze(text),
    parse: () => parse(text),
    jsonParse: () => JSON.parse(json),
    chevrotain: () => parseJsonWithChevrotain(json),
  });
  const [analyzeMs, parseMs, jsonParseMs, chevrotainMs] = [times.analyze, times.parse, times.jsonParse, times.chevrotain];
  const analyzeRate = mbPerSecond(bytes, analyzeMs);
  const chevrotainRate = mbPerSecond(jsonBytes, chevrotainMs);
  const jsonParseRate = mbPerSecond(jsonBytes, jsonParseMs);

  // One keystroke on the 2,000-mapping file, analysed in process: whole against incremental.
  const twoThousand = generateMappings(2000);
  const wholeMs = medianMs({ whole: () => analyze(twoThousand) }).whole;
  const analyzer = new IncrementalAnalyzer();
  analyzer.analyze(twoThousand);
  const incremental: number[] = [];
  let current = twoThousand;
  typingEdits(twoThousand, 400, 7).forEach((edit, index) => {
    current = current.slice(0, edit.offset) + edit.insert + current.slice(edit.offset + edit.remove);
    const start = performance.now();
    analyzer.analyze(current);
    if (index >= 40) incremental.push(performance.now() - start);
  });

  // A binary file opened as .scimmap: its bytes decoded as UTF-8, as the editor does (U+FFFD for what is no character).
  const next = random(1);
  const binary = Buffer.from(Array.from({ length: 100 * 1024 }, () => Math.floor(next() * 256))).toString('utf8');
  const junk = medianMs({ nul: () => analyze('\u0000'.repeat(100 * 1024)), binary: () => analyze(binary) });

  // One 1 MB expression of 200,000 unknown source attributes: past the cap, validation only counts.
  const hugeExpression = `users {\n  title <- Join(" ", ${Array(200_000).fill('[a]').join(', ')})\n}\n`;
  const huge = medianMs({ analyze: () => analyze(hugeExpression), parse: () => parse(hugeExpression) }, 3);

  return {
    'core: .scimmap bytes': bytes,
    'core: mappings in it': parse(text).file.blocks.reduce((n, b) => n + b.mappings.length, 0),
    'core: parse+validate, ms': ms(analyzeMs),
    'core: parse+validate, MB/s': analyzeRate,
    'core: parse only, MB/s': mbPerSecond(bytes, parseMs),
    'yardstick: JSON bytes': jsonBytes,
    'yardstick: JSON.parse, MB/s': jsonParseRate,
    'yardstick: Chevrotain JSON grammar (lex + CST), MB/s': chevrotainRate,
    'ratio: parse+validate / Chevrotain JSON (target >= 1)': Number((analyzeRate / chevrotainRate).toFixed(2)),
    'ratio: parse+validate / JSON.parse': Number((analyzeRate / jsonParseRate).toFixed(3)),
    'core, 2,000 mappings: whole analysis, ms': ms(wholeMs),
    'core, 2,000 mappings: incremental analysis per keystroke, median ms': ms(percentile(incremental, 50)),
    'core, 2,000 mappings: incremental analysis per keystroke, p95 ms': ms(percentile(incremental, 95)),
    'core: analysis of 100 KB of NUL bytes, ms (target < 20)': ms(junk.nul),
    'core: analysis of 100 KB of random bytes decoded as UTF-8, ms (target < 20)': ms(junk.binary),
    'core: one 1 MB expression of 200,000 unknown attributes: parse+validate, ms': ms(huge.analyze),
    'core: one 1 MB expression of 200,000 unknown attributes: parse only, ms': ms(huge.parse),
  };
}

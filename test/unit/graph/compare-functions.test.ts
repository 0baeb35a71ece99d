// scimmap compare-functions against the stand-in Graph: the tenant's function and scoping-operator
// lists (paged) compared with scimmap's catalogues.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { compareCatalogues } from '../../../server/src/entra/catalogue-compare';
import { functionCatalogue } from '../../../server/src/schema/functions';
import { scopingOperators } from '../../../server/src/schema/scoping-operators';
import { allPermissions, type GraphStandIn } from '../../support/graph-server';
import { capture, tempFiles } from '../cli/cli-io';
import { pullGenesysApp, startGenesysTenant } from './pulled-app';

const folder = dirname(tempFiles('scimmap-compare-')('.keep', ''));
const token = 'eyJ0eXAiOiJKV1Qi.compare-token.c2lnbmF0dXJl';
let graph: GraphStandIn;

/** scimmap's own catalogues as a tenant would list them. */
const ownFunctions = () =>
  functionCatalogue.functions.map((fn) => ({
    name: fn.name,
    parameters: [...new Set(fn.signatures.flatMap((s) => s.parameters.map((p) => p.graphKey)))].map((name) => ({
      name,
      type: 'String',
      required: false,
      allowMultipleOccurrences: false,
    })),
  }));
const ownOperators = () =>
  scopingOperators.map((operator) => ({
    name: operator.name,
    arity: operator.arity === 'unary' ? 1 : 2,
    multivaluedComparisonType: 'All',
    supportedAttributeTypes: ['String'],
  }));

before(async () => {
  graph = await startGenesysTenant();
  graph.tokens.set(token, new Set(allPermissions));
  process.env.SCIMMAP_TEST_COMPARE_TOKEN = token;
  await pullGenesysApp(graph.url, folder, 'SCIMMAP_TEST_COMPARE_TOKEN');
});

after(() => graph.close());

test('lists that equal the catalogues: nothing to report, exit 0, every page read; entries without a name are not counted', async () => {
  graph.catalogue.functions = [...ownFunctions(), null, 'Append', { name: 5 }] as never;
  graph.catalogue.filterOperators = ownOperators();
  const io = capture();
  assert.equal(
    await main(
      ['compare-functions', join(folder, 'app.scimmap'), '--graph-url', graph.url, '--token-env', 'SCIMMAP_TEST_COMPARE_TOKEN'],
      io,
    ),
    0,
    io.stdout.join('\n') + io.stderr.join('\n'),
  );
  assert.match(
    io.stdout.join('\n'),
    new RegExp(
      `The tenant lists ${functionCatalogue.functions.length} functions and ${scopingOperators.length} scoping operators; 0 missing`,
    ),
  );
});

test('a function scimmap lacks, a parameter spelled differently and an operator it lacks are listed (exit 1)', async () => {
  const functions = ownFunctions().map((fn) =>
    fn.name === 'Replace' ? { ...fn, parameters: fn.parameters.map((p) => (p.name === 'Find' ? { ...p, name: 'find' } : p)) } : fn,
  );
  graph.catalogue.functions = [
    ...functions.filter((fn) => fn.name !== 'Mid'),
    { name: 'ToTitleCase', parameters: [{ name: 'source', type: 'String', required: true, allowMultipleOccurrences: false }] },
  ];
  graph.catalogue.filterOperators = [
    ...ownOperators(),
    { name: 'CONTAINS_ANY_OF', arity: 2, multivaluedComparisonType: 'All', supportedAttributeTypes: ['Integer'] },
  ];
  const io = capture();
  assert.equal(
    await main(
      [
        'compare-functions',
        join(folder, 'app.scimmap'),
        '--format',
        'json',
        '--graph-url',
        graph.url,
        '--token-env',
        'SCIMMAP_TEST_COMPARE_TOKEN',
      ],
      io,
    ),
    1,
  );
  const report = JSON.parse(io.stdout.join('\n')) as { differences: unknown[] };
  assert.deepEqual(report.differences, [
    { kind: 'missing', what: 'function', name: 'ToTitleCase' },
    { kind: 'notInTenant', what: 'function', name: 'Mid' },
    { kind: 'spelling', what: 'parameter', name: 'Replace.find', scimmap: 'Replace.Find' },
    { kind: 'missing', what: 'operator', name: 'CONTAINS_ANY_OF' },
  ]);
});

test('the comparison pairs names that differ only in case as a spelling difference', () => {
  const [first] = compareCatalogues([{ name: functionCatalogue.functions[0].name.toUpperCase() }], []).filter((d) => d.kind === 'spelling');
  assert.deepEqual(first, {
    kind: 'spelling',
    what: 'function',
    name: functionCatalogue.functions[0].name.toUpperCase(),
    scimmap: functionCatalogue.functions[0].name,
  });
});

// Before: a list entry that was not an object with a name (null, a string) crashed compare-functions
// with a TypeError and a stack trace of the bundle.
test('entries of the tenant lists without a name are left out, not a crash', () => {
  const functions = [
    null,
    'Append',
    {},
    { name: 5 },
    { name: 'Mid', parameters: null },
    { name: 'Join', parameters: [null, { name: 7 }, { name: 'separator' }, { name: 'source' }] },
  ];
  const differences = compareCatalogues(functions as never, [null, 'EQUALS', {}, { name: 'EQUALS' }] as never);
  assert.ok(!differences.some((difference) => difference.kind !== 'notInTenant'), JSON.stringify(differences));
  const listed = (what: string) => differences.filter((d) => d.what === what).map((d) => d.name);
  assert.ok(!listed('function').includes('Join') && !listed('function').includes('Mid'));
  assert.ok(!listed('operator').includes('EQUALS'));
});

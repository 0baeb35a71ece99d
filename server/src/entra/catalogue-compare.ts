// The tenant's own lists (Graph's GET .../schema/functions and .../schema/filterOperators) against
// scimmap's catalogues (server/src/data/functions.json, scoping-operators.json): what scimmap lacks,
// what it spells differently (Entra's names are case-sensitive), and what the tenant does not list.
import { functionCatalogue } from '../schema/functions';
import { scopingOperators } from '../schema/scoping-operators';
import { named, type CatalogueDifference, type TenantFunction, type TenantOperator } from '../../../shared/src/graph/catalogue';

export type { CatalogueDifference, TenantFunction, TenantOperator };

const loose = (name: string) => name.toLowerCase().replace(/[\s_]+/g, '');

function compareNames(
  what: CatalogueDifference['what'],
  tenant: readonly string[],
  ours: readonly string[],
  prefix = '',
): CatalogueDifference[] {
  const differences: CatalogueDifference[] = [];
  for (const name of tenant) {
    if (ours.includes(name)) continue;
    const near = ours.find((candidate) => loose(candidate) === loose(name));
    differences.push(
      near
        ? { kind: 'spelling', what, name: `${prefix}${name}`, scimmap: `${prefix}${near}` }
        : { kind: 'missing', what, name: `${prefix}${name}` },
    );
  }
  for (const name of ours) {
    if (!tenant.some((candidate) => loose(candidate) === loose(name)))
      differences.push({ kind: 'notInTenant', what, name: `${prefix}${name}` });
  }
  return differences;
}

export function compareCatalogues(
  tenantFunctions: readonly TenantFunction[],
  tenantOperators: readonly TenantOperator[],
): CatalogueDifference[] {
  const ours = functionCatalogue.functions;
  const functions = named(tenantFunctions);
  const differences = compareNames(
    'function',
    functions.map((fn) => fn.name),
    ours.map((fn) => fn.name),
  );
  for (const tenantFunction of functions) {
    const own = ours.find((fn) => fn.name === tenantFunction.name);
    if (!own || !Array.isArray(tenantFunction.parameters)) continue;
    const keys = [...new Set(own.signatures.flatMap((signature) => signature.parameters.map((parameter) => parameter.graphKey)))];
    differences.push(
      ...compareNames(
        'parameter',
        named(tenantFunction.parameters).map((parameter) => parameter.name),
        keys,
        `${own.name}.`,
      ),
    );
  }
  differences.push(
    ...compareNames(
      'operator',
      named(tenantOperators).map((operator) => operator.name),
      scopingOperators.map((operator) => operator.name),
    ),
  );
  return differences;
}

export function formatCatalogueDifference(difference: CatalogueDifference): string {
  switch (difference.kind) {
    case 'missing':
      return `missing      ${difference.what} ${difference.name}: the tenant has it, scimmap's catalogue does not`;
    case 'spelling':
      return `spelling     ${difference.what} ${difference.name}: scimmap spells it ${difference.scimmap}`;
    case 'notInTenant':
      return `not listed   ${difference.what} ${difference.name}: in scimmap's catalogue, not in the tenant's list`;
  }
}

// The tenant's own function and scoping-operator lists as Graph returns them (GET .../schema/functions
// and .../schema/filterOperators), and how they differ from scimmap's catalogues
// (server/src/entra/catalogue-compare.ts compares; the CLI and the extension show the result).

/** Graph's attributeMappingFunctionSchema (the members compared). */
export interface TenantFunction {
  readonly name: string;
  readonly parameters?: readonly { readonly name: string }[];
}

/** Graph's filterOperatorSchema (the members compared). */
export interface TenantOperator {
  readonly name: string;
}

export interface CatalogueDifference {
  /** `missing`: the tenant has it, scimmap does not; `spelling`: both, spelled differently; `notInTenant`: only scimmap has it. */
  readonly kind: 'missing' | 'spelling' | 'notInTenant';
  readonly what: 'function' | 'parameter' | 'operator';
  /** The function, `Function.parameter`, or the operator, as the tenant spells it (scimmap's for notInTenant). */
  readonly name: string;
  /** scimmap's spelling, for `spelling`. */
  readonly scimmap?: string;
}

/** The entries of a tenant's list that have a name: Graph's answer is read, not trusted (an entry of another shape is left out). */
export function named<Entry extends { readonly name: string }>(entries: readonly Entry[] | null | undefined): Entry[] {
  if (!Array.isArray(entries)) return [];
  return entries.filter((entry: unknown) => typeof (entry as { name?: unknown } | null)?.name === 'string');
}

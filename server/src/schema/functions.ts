// The expression function catalogue (server/src/data/functions.json): signatures, repeating
// parameters, flags and examples, typed, with the lookups and the argument-count rules.
import functionsJson from '../data/functions.json';
import { byName, byNameIgnoreCase } from './names';

export type ParameterType =
  'string' | 'integer' | 'number' | 'boolean' | 'dateTime' | 'condition' | 'regex' | 'enum' | 'multiValued' | 'appRoleAssignments' | 'any';

export type ReturnKind = 'string' | 'boolean' | 'number' | 'dateTime' | 'multiValued' | 'roles' | 'flowControl';

export type FunctionFlag =
  /** Only as the whole mapping expression, never nested. */
  | 'topLevelOnly'
  /** A different value at every evaluation (Guid, RandomString, Now). */
  | 'nonDeterministic'
  /** Depends on the tenant or the target's data (DefaultDomain, SelectUniqueValue). */
  | 'targetDependent'
  /** The mapping must apply only during object creation. */
  | 'requiresOnCreate'
  /** Not on a mapping with a matching precedence. */
  | 'notForMatching'
  /** Supported only for HR-driven provisioning to on-premises AD. */
  | 'hrToAdOnly'
  /** Takes [appRoleAssignments]. */
  | 'roleFunction'
  /** IsNull, IsNullOrEmpty, IsPresent: never a Switch source or an IIF condition. */
  | 'nullTest';

export interface FunctionParameter {
  readonly name: string;
  /** The key of this argument in Graph's source trees (Replace's oldValue is `Find`). */
  readonly graphKey: string;
  /** Seen in real exported JSON or parseExpression output; false: inferred (docs/entra-schema.md). */
  readonly graphKeyConfirmed: boolean;
  readonly type: ParameterType;
  readonly required: boolean;
  /** Part of the signature's repeating group. */
  readonly repeating?: boolean;
  /** For `enum`: the identifiers allowed; for a string: the documented values (DateAdd intervals). */
  readonly values?: readonly string[];
  readonly description: string;
}

export interface FunctionSignature {
  /** Display label when a function has several forms. */
  readonly label?: string;
  readonly parameters: readonly FunctionParameter[];
  /** Every parameter slot must be written, empty when unused (Replace's 7 slots). */
  readonly allSlots?: boolean;
  /** The last slot may be left empty: an omitted optional argument after a repeating group (Coalesce's defaultValue). */
  readonly optionalLastSlot?: boolean;
  /** Parameters from index `from` repeat in groups of `size`, at least `min` times (Switch pairs, Join sources). */
  readonly repeat?: { readonly from: number; readonly size: number; readonly min: number };
}

export interface FunctionExample {
  readonly expression: string;
  /** The sample source object. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** The clock for Now(), ISO 8601 UTC. */
  readonly now?: string;
  /** The true output (corrected where the documentation is wrong). */
  readonly output?: string | readonly string[];
  /** What the documentation says when it differs from `output`. */
  readonly documentedOutput?: string | readonly string[];
  readonly note?: string;
}

export interface FunctionInfo {
  readonly name: string;
  readonly description: string;
  readonly returns: ReturnKind;
  readonly signatures: readonly FunctionSignature[];
  readonly flags?: readonly FunctionFlag[];
  readonly notes: readonly string[];
  readonly examples: readonly FunctionExample[];
  readonly source: string;
}

export interface FunctionCatalogueData {
  readonly functions: readonly FunctionInfo[];
  /** Names Entra knows outside app provisioning's documented functions, with why a mapping cannot use them (cloud sync's, Graph-listed but undocumented). */
  readonly elsewhere: readonly { readonly name: string; readonly reason: string }[];
}

export const functionCatalogue = functionsJson as FunctionCatalogueData;

export function findFunction(name: string): FunctionInfo | undefined {
  return byName(functionCatalogue.functions, name);
}

/** Entra's function names are case-sensitive: this finds the intended one to suggest the right case. */
export function findFunctionIgnoreCase(name: string): FunctionInfo | undefined {
  return byNameIgnoreCase(functionCatalogue.functions, name);
}

export function hasFlag(fn: FunctionInfo, flag: FunctionFlag): boolean {
  return fn.flags?.includes(flag) ?? false;
}

export interface Arity {
  readonly min: number;
  /** undefined: unbounded. */
  readonly max: number | undefined;
}

/** The argument counts a signature accepts (its repeating group counted `min` times at least). */
export function arityOf(signature: FunctionSignature): Arity {
  const { parameters, repeat } = signature;
  if (repeat) return { min: repeat.from + repeat.size * repeat.min, max: undefined };
  const afterLastRequired = parameters.reduce((min, p, i) => (p.required ? i + 1 : min), 0);
  return { min: signature.allSlots ? parameters.length : afterLastRequired, max: parameters.length };
}

/** What the signature takes, in words: `2 arguments`, `1 to 2 arguments`, `at least 2 arguments`. */
export function expectedArgumentCount(signature: FunctionSignature): string {
  const { min, max } = arityOf(signature);
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (signature.repeat?.size === 2)
    return `at least ${plural(min)}, an even number (key/value pairs after the first ${signature.repeat.from})`;
  if (max === undefined) return `at least ${plural(min)}`;
  return min === max ? plural(min) : `${min} to ${max} arguments`;
}

/** Whether `count` arguments fit the signature: in range and, for a repeating group, whole groups. */
export function acceptsArgumentCount(signature: FunctionSignature, count: number): boolean {
  const { min, max } = arityOf(signature);
  if (count < min || (max !== undefined && count > max)) return false;
  const repeat = signature.repeat;
  return !repeat || (count - repeat.from) % repeat.size === 0;
}

/** Whether slot `index` of a call with `count` slots must be filled: a required parameter, unless it is an omissible last slot. */
export function slotRequired(signature: FunctionSignature, index: number, count: number): boolean {
  const omittedLast = signature.optionalLastSlot === true && index > 0 && index === count - 1;
  return !omittedLast && (parameterAt(signature, index)?.required ?? false);
}

/** The parameter an argument position binds to (repeating groups wrap around). */
export function parameterAt(signature: FunctionSignature, index: number): FunctionParameter | undefined {
  const { parameters, repeat } = signature;
  if (repeat && index >= repeat.from) return parameters[repeat.from + ((index - repeat.from) % repeat.size)];
  return parameters[index];
}

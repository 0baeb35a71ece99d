// Entra's scoping filter operators (server/src/data/scoping-operators.json), typed.
import scopingOperatorsJson from '../data/scoping-operators.json';
import { byName } from './names';

export interface ScopingOperator {
  /** As the admin center lists it (and, we assume, Graph's operatorName). */
  readonly name: string;
  readonly arity: 'binary' | 'unary';
  /** For binary operators: what the value must be. */
  readonly valueKind?: 'string' | 'integer' | 'regex';
  readonly description: string;
  readonly example: string;
  /** The documentation leaves the semantics unclear. */
  readonly uncertain?: boolean;
}

/** Operators users write that Entra has not: each spelling (compared ignoring case, spaces and `_`) and why. */
export interface UnsupportedScopingOperator {
  readonly names: readonly string[];
  readonly reason: string;
}

export interface ScopingOperatorData {
  readonly operators: readonly ScopingOperator[];
  readonly unsupported: readonly UnsupportedScopingOperator[];
}

const data = scopingOperatorsJson as ScopingOperatorData;

export const scopingOperators = data.operators;

const spelling = (name: string) => name.replace(/[\s_]+/g, '').toLowerCase();

/** Why Entra has no such operator, for the ones users reach for (`IS MEMBER OF`); undefined for any other. */
export function unsupportedScopingOperator(name: string): UnsupportedScopingOperator | undefined {
  const written = spelling(name);
  return data.unsupported.find((entry) => entry.names.some((candidate) => spelling(candidate) === written));
}

/** Operators compare exactly as the portal spells them, whitespace collapsed. */
export function findScopingOperator(name: string): ScopingOperator | undefined {
  return byName(scopingOperators, name.trim().replace(/\s+/g, ' '));
}

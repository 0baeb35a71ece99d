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

export interface ScopingOperatorData {
  readonly operators: readonly ScopingOperator[];
}

export const scopingOperators = (scopingOperatorsJson as ScopingOperatorData).operators;

/** Operators compare exactly as the portal spells them, whitespace collapsed. */
export function findScopingOperator(name: string): ScopingOperator | undefined {
  return byName(scopingOperators, name.trim().replace(/\s+/g, ' '));
}

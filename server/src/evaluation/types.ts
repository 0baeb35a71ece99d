// The contract between the expression evaluator (evaluate.ts) and its users (request building,
// preview, CLI). Evaluation is pure: the same expression, source object and options give the same
// outcome; anything Entra computes at run time from outside the mapping (a fresh GUID, the clock,
// the target's existing values) comes from EvalOptions or is returned as a marked placeholder.
import type { Span } from '../syntax/ast';
import type { EvaluationBudget } from './budget';

/**
 * One Entra source object (a sample user or group) keyed by Entra attribute name, e.g.
 * `{ "userPrincipalName": "a@contoso.com", "accountEnabled": true, "proxyAddresses": ["smtp:..."] }`.
 * Absent keys and `null` are Entra's null. Booleans become "True"/"False" as Entra shows them.
 * `manager` may be a reference `{ "ref": "<sample id>" }` resolved by the request builder.
 */
export type SourceObject = Readonly<Record<string, unknown>>;

export interface EvalOptions {
  /** Fixed clock for Now(); without it Now() yields a placeholder. */
  readonly now?: Date;
  /** Seed for Guid() and RandomString(); without it they yield placeholders. */
  readonly seed?: number;
  /** The tenant's default verified domain for DefaultDomain(); without it, a placeholder. */
  readonly defaultDomain?: string;
  /** Budget: evaluation steps, longest string produced, regex input length. Defaults in evaluate.ts. */
  readonly limits?: Partial<EvalLimits>;
  /** A budget shared by every evaluation of one preview (budget.ts), charged along with `limits`. */
  readonly budget?: EvaluationBudget;
}

export interface EvalLimits {
  readonly maxSteps: number;
  readonly maxStringLength: number;
  readonly maxRegexInputLength: number;
}

/** A value Entra computes at run time that the preview cannot know; shown marked, never as real. */
export interface Placeholder {
  readonly kind: 'guid' | 'randomString' | 'now' | 'selectUniqueValue' | 'defaultDomain' | 'appRoleAssignments';
  readonly span: Span;
  /** What the real value would be, for the user: "a new random GUID at each evaluation". */
  readonly note: string;
}

/** A documented uncertainty that affected this evaluation (docs/semantics.md), shown in the preview. */
export interface EvalNote {
  readonly span: Span;
  readonly message: string;
}

/** The value of a mapping: a string, a multi-valued array of strings, or null (absent). */
export type MappingValue = string | string[] | null;

export type EvalOutcome =
  | {
      readonly kind: 'value';
      readonly value: MappingValue;
      readonly placeholders: Placeholder[];
      readonly notes: EvalNote[];
    }
  /** IgnoreFlowIfNullOrEmpty dropped the attribute from the flow: nothing is sent, nothing is cleared. */
  | { readonly kind: 'ignored'; readonly span: Span; readonly notes: EvalNote[] }
  /**
   * Entra would fail this export (e.g. Item index out of range, DefaultDomain without a domain); or,
   * with `limit`, scimmap cannot evaluate it (a regular expression it cannot translate, a budget
   * exceeded), which says nothing of what Entra does.
   */
  | { readonly kind: 'error'; readonly message: string; readonly span: Span; readonly limit?: true };

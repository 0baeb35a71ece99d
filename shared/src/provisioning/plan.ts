// What a provisioning run asks of the pure core (the planner) and what it gets back: plain data, so
// the CLI calls the core directly and the extension asks its language server (protocol.ts). The
// planner decides; the run (run.ts) does the HTTP.

/** An object as the target's SCIM GET returns it. */
export type LiveResource = Readonly<Record<string, unknown>>;

export type SubjectKind = 'user' | 'group';
export type CompatMode = 'default' | 'aadOptscim062020';
export type PlannedAction = 'create' | 'update' | 'disable' | 'delete' | 'none' | 'skip' | 'error';

export interface PlanNote {
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
}

/** One matching query: `GET /Users?filter=userName eq "..."`. */
export interface PlannedQuery {
  readonly precedence: number;
  readonly attribute: string;
  readonly value: string;
  /** Relative to the tenant URL, query unencoded, as Entra's documentation writes it. */
  readonly path: string;
  /** What the preview warns of this query (a value Entra is known to fail to filter on). */
  readonly notes?: PlanNote[];
}

/** An object to find in the target: the subject, or a sample it refers to (its manager, a member, another sample user). */
export interface Lookup {
  readonly sampleId: string;
  readonly kind: SubjectKind;
  readonly role: 'subject' | 'manager' | 'member' | 'user';
  readonly label: string;
  /** In precedence order; the first that finds the object stops the search. */
  readonly queries: PlannedQuery[];
  /** Why the object cannot be looked up (no matching attribute has a value); undefined when it can. */
  readonly problem?: string;
}

export interface ScopeReport {
  readonly inScope: boolean;
  readonly summary: string;
  readonly filters: ReadonlyArray<{
    readonly title: string;
    readonly result: boolean;
    readonly clauses: ReadonlyArray<{ readonly text: string; readonly result: boolean; readonly reason: string }>;
  }>;
  /** The filter (and clause) that decided: the one that let the object in, or the first failing clause. */
  readonly decidedBy?: { readonly filter: string; readonly clause?: string };
  /**
   * Scope unknown: no filter matched, and one has no false clause but a clause without a verdict, a
   * pattern scimmap cannot run or (`invalid`) one that is not valid .NET. What Entra does cannot be
   * told, so the run stops at scoping. Absent for a soft-deleted object: Entra disables it whatever its scope.
   */
  readonly undecided?: { readonly filter: string; readonly clause: string; readonly reason: string; readonly invalid?: true };
}

export interface MatchPlan {
  readonly subject: {
    readonly kind: SubjectKind;
    readonly id: string;
    readonly label: string;
    /** The Entra attributes of the sample (a manager as {"ref": id}). */
    readonly attributes: Readonly<Record<string, unknown>>;
    /** Sample ids of a group's members. */
    readonly members?: readonly string[];
  };
  readonly scope?: ScopeReport;
  /** The subject first, then the objects its references need. */
  readonly lookups: Lookup[];
  readonly notes: PlanNote[];
}

/** What matching found: sample id -> the live object, or null when no query found it. */
export type LiveState = Readonly<Record<string, LiveResource | null>>;

export interface PlannedRequest {
  readonly title: string;
  readonly method: 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the tenant URL. A «…» segment stands for the id the target gives the object the run creates. */
  readonly path: string;
  readonly body?: unknown;
  readonly notes: PlanNote[];
}

export interface ModifiedValue {
  readonly attribute: string;
  readonly current: unknown;
  readonly value: unknown;
}

export interface ActionPlan {
  readonly action: PlannedAction;
  readonly summary: string;
  /** The writes, in the order Entra sends them (the matching queries are already done). */
  readonly requests: PlannedRequest[];
  /** For an update or disable: old and new value of each attribute it changes. */
  readonly changes: ModifiedValue[];
  readonly notes: PlanNote[];
  /**
   * Attributes the mapping writes that the target returns only when asked (`returned` `request`, RFC
   * 7643 §7): the read-back asks for them (`?attributes=`, RFC 7644 §3.9); `paths` are the mappings'
   * target paths, as differences name them. Absent when there are none.
   */
  readonly askOnReadBack?: { readonly attributes: readonly string[]; readonly paths: readonly string[] };
}

/** A value the target did not keep as it was sent, found by reading the object back. */
export interface Difference {
  readonly attribute: string;
  readonly sent: unknown;
  /** What the target holds (null when it holds nothing). */
  readonly stored: unknown;
  /** dropped: not kept; normalised: kept in another spelling (case, spaces, format); changed: another value. */
  readonly kind: 'dropped' | 'normalised' | 'changed';
}

/** The pure core, as the run sees it. */
export interface Planner {
  match(): Promise<MatchPlan>;
  plan(live: LiveState): Promise<ActionPlan>;
  /** Plans again against the object read back: whatever would still change is what the target did not keep. */
  compare(live: LiveState, readBack: LiveResource): Promise<Difference[]>;
}

/** A request path as the planner writes it (`/Users?filter=userName eq "x"`) split into path and query parameters. */
export function splitRequestPath(path: string): { path: string; query: Record<string, string> } {
  const index = path.indexOf('?');
  if (index === -1) return { path, query: {} };
  const query: Record<string, string> = {};
  // A filter value may hold "&": only "&" before a known parameter name separates parameters.
  for (const pair of path.slice(index + 1).split(/&(?=(?:filter|excludedAttributes|attributes)=)/)) {
    const equals = pair.indexOf('=');
    if (equals === -1) query[pair] = '';
    else query[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return { path: path.slice(0, index), query };
}

// What the preview shows: the SCIM requests Entra would send for one sample object, in order, each
// with the mapping span behind every value it carries. Shared by requests*.ts, the preview feature,
// the CLI and the panel (through protocol.ts).
import type { EvaluationBudget } from '../evaluation/budget';
import type { Span } from '../syntax/ast';
import type { Placeholder } from '../evaluation/types';
import type { SampleSet, TargetResource } from '../schema/sample-data';
import type { Target } from '../schema/target';
import type { ScopeVerdict } from './scoping';
import type { UsersSource } from './users-source';

/** Entra's PATCH dialects: the default, and the one the `aadOptscim062020` Tenant URL flag selects (Microsoft Learn "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service"). */
export type CompatMode = 'default' | 'aadOptscim062020';

export interface PreviewOptions {
  readonly compat?: CompatMode;
  /** The target schema the file declares (or the one given instead); default Genesys Cloud. */
  readonly targetSchema?: Target;
  /** The object's current state in the target: the preview becomes an update (or disable). */
  readonly target?: TargetResource;
  /**
   * `target` is the object itself, read back after a run that created or updated it, whatever its
   * matching attributes now hold: the preview updates it rather than re-matching, so a changed
   * matching value is listed too. After a create it also compares what only the POST sent (`on
   * create` mappings, the default of a null value); it never compares a value the target does not return.
   */
  readonly readBack?: 'created' | 'updated';
  /**
   * `target` is what a live endpoint answered to the matching query (provisioning on demand): Entra
   * takes the object the filter returned as the match, even when the value it holds differs from the
   * one queried (a server that folds or normalises it, or does not return the matching attribute).
   */
  readonly matchedByEndpoint?: boolean;
  /** The sample set the object came from: resolves managers and group members. */
  readonly samples?: SampleSet;
  /** Where `samples` come from, as notes name a reference outside them (notAmongUsers); a samples file when absent. */
  readonly usersSource?: UsersSource;
  /**
   * Sample users a simulated cycle leaves with no target object, by what it does to them: it fails
   * them (a refused create, a failure at matching) or skips them unmatched (create not allowed, out
   * of scope or unassigned and absent from the target). They have no id in the target, so a manager
   * or member reference to one is skipped, as one out of scope is.
   */
  readonly unprovisioned?: ReadonlyMap<string, UnprovisionedOutcome>;
  readonly now?: Date;
  readonly seed?: number;
  readonly defaultDomain?: string;
  /** Shared by every evaluation of one preview (create and update alike); previewUser/previewGroup make one when absent. */
  readonly budget?: EvaluationBudget;
}

/** What a simulated cycle does to a user it leaves with no target object (PreviewOptions.unprovisioned). */
export type UnprovisionedOutcome = 'failure' | 'skip';

/** Something only the target or Entra's run time knows; `targetId` is an id the target assigns. */
export interface RequestPlaceholder {
  readonly kind: Placeholder['kind'] | 'targetId';
  readonly note: string;
  readonly span?: Span;
}

export interface RequestNote {
  /** `error`: Entra would fail here; `warning`: the target may reject the value; `information`: how Entra behaves. */
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  /** JSON pointer into the request body (`/emails/0/value`), or `path` for the request path. */
  readonly pointer?: string;
  /** The mapping text the note is about. */
  readonly span?: Span;
  /** An `error` that is scimmap's own limit (it cannot evaluate the mapping), not Entra's failure. */
  readonly unevaluable?: true;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ScimRequest {
  /** What the request does, for the preview: "Match user by userName", "Create user", "Set manager". */
  readonly title: string;
  readonly method: HttpMethod;
  /** Relative to the Tenant URL; query strings unencoded, as Entra's documentation writes them. */
  readonly path: string;
  readonly body?: unknown;
  readonly notes: RequestNote[];
  /** JSON pointer of each value in the body -> span of the mapping that produced it. */
  readonly sources: Record<string, Span>;
  /** JSON pointer (or `path`) -> the placeholders inside that value. */
  readonly placeholders: Record<string, RequestPlaceholder[]>;
}

/** One matching attribute tried, in precedence order. */
export interface MatchingStep {
  readonly precedence: number;
  readonly attribute: string;
  readonly value: string | null;
  readonly span: Span;
  /** Whether this query finds the target state (undefined without one; never tried after an earlier match). */
  readonly found?: boolean;
}

export type PreviewAction = 'create' | 'update' | 'disable' | 'delete' | 'none' | 'skip' | 'error';

/** An attribute an update changes: its value in the target now and the value Entra sends (Entra's "Modified Properties"). */
export interface ModifiedAttribute {
  /** The target path as written in the mapping; `members` for a group's membership. */
  readonly attribute: string;
  /** The target's value (null when it has none). */
  readonly current: unknown;
  /** The JSON value Entra sends (member ids for `members`). */
  readonly value: unknown;
  readonly span?: Span;
}

export interface ObjectPreview {
  readonly object: 'users' | 'groups';
  readonly action: PreviewAction;
  /** One sentence: "Entra creates the user, then sets the manager." */
  readonly summary: string;
  readonly scope?: ScopeVerdict;
  readonly matching: MatchingStep[];
  /** In the order Entra sends them, matching queries included. */
  readonly requests: ScimRequest[];
  /** Notes about the object as a whole (skips, errors, documented uncertainties). */
  readonly notes: RequestNote[];
  /** For an update or disable: what differs from the target state (absent when nothing does). */
  readonly changes?: ModifiedAttribute[];
  /**
   * What differs from the target state only in letter case, on attributes that are not caseExact:
   * Entra sends nothing for these (absent when nothing does). Provisioning's read-back lists them.
   */
  readonly caseOnly?: ModifiedAttribute[];
}

export const patchOpSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// The steps of a push, one implementation for `scimmap push` and SCIM: Push Mapping to Entra...: read
// the job's schema again; when its version is not the pulled one, stop unless the user overwrites;
// nothing to do when the export is the schema already (after an overwrite, the base then follows
// Entra); on confirmation PUT the export (a full
// replace), GET it again and compare (what the .scimmap says, and the JSON sent against the JSON kept). The core's plan and round trip, the questions and what is saved
// afterwards are the caller's (the CLI calls the core directly, the extension through its server).
import type { GraphClient } from './client';
import { ScimError, type ScimErrorKind } from '../scim/errors';
import { jsonDifferences, type ArrayIdentities, type JsonDifference } from '../json-differences';
import { getSchema, putSchema, schemaVersion, type ServicePrincipal } from './synchronization';

/** What the core plans (server/src/entra/push-plan.ts), with differences (D) and changes since the pull (C) as the caller shows them. */
export interface PushPlanOf<D, C = D> {
  readonly pulledVersion?: string;
  readonly currentVersion?: string;
  /** Set when the version changed since the pull: what the schema in Entra now says differently from the pulled one. */
  readonly changedSincePull?: readonly C[];
  /** The schema to PUT. */
  readonly exported: string;
  readonly changes: readonly D[];
  readonly notes: readonly string[];
}

/** R: the round trip's differences (what the schema kept says differently from the .scimmap). */
export interface PushSteps<D, C = D, R = D> {
  /** The core's plan for the schema Entra has now; undefined when the .scimmap cannot be pushed (the caller said why). */
  plan(currentText: string): Promise<PushPlanOf<D, C> | undefined>;
  /** Changed since the pull: whether to overwrite what the .scimmap says (after showing `plan.changedSincePull`). */
  overwrite(plan: PushPlanOf<D, C>): Promise<boolean>;
  /** Whether to send the export (after showing what it changes); `dry run` when the caller may not ask. */
  confirm(plan: PushPlanOf<D, C>, currentText: string): Promise<boolean | 'dry run'>;
  /** After the PUT: what the schema Entra kept says differently from the .scimmap. */
  roundTrip(keptText: string): Promise<readonly R[]>;
  /** After the PUT, or an overwrite of a schema that already says what the .scimmap says: the schema and its version, to save as the new base. */
  saved(keptText: string, version: string | undefined): Promise<void>;
}

export type PushOutcome<D, C = D, R = D> =
  | { readonly pushed: false; readonly reason: 'cannot push' }
  | {
      readonly pushed: false;
      readonly reason: 'changed since the pull' | 'nothing to push' | 'not confirmed' | 'dry run';
      readonly plan: PushPlanOf<D, C>;
    }
  | {
      readonly pushed: true;
      readonly plan: PushPlanOf<D, C>;
      readonly version?: string;
      readonly roundTrip: readonly R[];
      /** Where the schema Entra kept differs, as JSON, from the one sent (its new `version` aside): what the service normalised. */
      readonly normalised: readonly JsonDifference[];
    };

/** How a sent request can fail without an answer, so that what it did is not known. */
const unanswered = new Set<ScimErrorKind>(['timeout', 'connection', 'cancelled']);

/**
 * A push whose PUT may have changed the schema in Entra though it did not end: `landed` false when
 * the PUT got no answer, true when it was answered but reading the schema back failed. Pushing
 * again settles it: when the PUT landed, it stops with the schema saved since the pull already
 * saying what the .scimmap says, and overwriting then sends nothing and takes Entra's as the base.
 */
export class PushUnsettledError extends ScimError {
  constructor(
    readonly landed: boolean,
    cause: ScimError,
  ) {
    super(
      cause.kind,
      landed
        ? `The PUT was answered, so Entra replaced the schema, but reading it back failed: push again to read it back (it says the schema in Entra already says what the .scimmap says; overwriting then sends nothing and the pulled base follows Entra). ${cause.message}`
        : `The PUT was sent and no answer came, so Entra may have replaced the schema: push again (if it did, the push says the schema in Entra already says what the .scimmap says, and overwriting then sends nothing and the pulled base follows Entra; if not, it sends it again). ${cause.message}`,
      cause.status,
      cause.request,
    );
  }
}

export async function pushSchema<D, C = D, R = D>(
  graph: GraphClient,
  app: ServicePrincipal,
  jobId: string,
  steps: PushSteps<D, C, R>,
  signal?: AbortSignal,
): Promise<PushOutcome<D, C, R>> {
  const currentText = await getSchema(graph, app.id, jobId, signal);
  const plan = await steps.plan(currentText);
  if (!plan) return { pushed: false, reason: 'cannot push' };
  if (plan.changedSincePull && !(await steps.overwrite(plan))) return { pushed: false, reason: 'changed since the pull', plan };
  if (plan.changes.length === 0 && plan.exported === currentText) {
    // Overwriting a schema saved since the pull that already says what the .scimmap says (the same
    // edit in the portal, a push whose answer was lost) sends nothing: the base follows Entra instead.
    if (plan.changedSincePull) await steps.saved(currentText, plan.currentVersion);
    return { pushed: false, reason: 'nothing to push', plan };
  }
  const confirmed = await steps.confirm(plan, currentText);
  if (confirmed !== true) return { pushed: false, reason: confirmed === 'dry run' ? 'dry run' : 'not confirmed', plan };
  try {
    await putSchema(graph, app.id, jobId, plan.exported, signal);
  } catch (error) {
    if (error instanceof ScimError && unanswered.has(error.kind)) throw new PushUnsettledError(false, error);
    throw error;
  }
  let keptText: string;
  try {
    keptText = await getSchema(graph, app.id, jobId, signal);
  } catch (error) {
    if (error instanceof ScimError) throw new PushUnsettledError(true, error);
    throw error;
  }
  const roundTrip = await steps.roundTrip(keptText);
  const version = schemaVersion(keptText);
  await steps.saved(keptText, version);
  return {
    pushed: true,
    plan,
    version,
    roundTrip,
    normalised: jsonDifferences(withoutBookkeeping(plan.exported), withoutBookkeeping(keptText), schemaIdentities),
  };
}

/**
 * What identifies an element of the schema's arrays (Microsoft Learn: directoryDefinition,
 * objectDefinition, attributeDefinition, objectMapping, attributeMapping): a mapping or definition
 * the service inserts or removes is reported alone, not as a change of every later element.
 */
const schemaIdentities: ArrayIdentities = new Map([
  ['directories', 'name'],
  ['objects', 'name'],
  ['attributes', 'name'],
  ['objectMappings', 'name'],
  ['attributeMappings', 'targetAttributeName'],
]);

/** A schema without what every save changes (`version`) and what GET adds (`@odata.context`). */
function withoutBookkeeping(schemaText: string): Record<string, unknown> {
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  delete schema.version;
  delete schema['@odata.context'];
  return schema;
}

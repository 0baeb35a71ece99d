// What a mapping change does to one object: the same directory object simulated with the old and
// the new mapping, compared by action and by the values its requests carry.
import { isRecord } from '../../../shared/src/json-object';
import type { KeptValue } from '../../../shared/src/simulation-actions';
import {
  noTargetState,
  thresholdCount,
  type CycleSettings,
  type ProvisioningRecord,
  type SimulatedAction,
  type SimulationSummary,
} from './simulate';

export interface AttributeChange {
  readonly attribute: string;
  readonly before: string | null;
  readonly after: string | null;
  /**
   * Set when the old mapping sends no value for the attribute: 'target' when `before` is the value
   * the target holds and keeps (null: none), 'unknown' when no target state says what it holds.
   */
  readonly kept?: KeptValue;
  /**
   * Set when the new mapping sends no value for an attribute the old one updates: `after` is the value
   * the target holds and keeps (null: none), as Entra never clears what a mapping no longer sends.
   */
  readonly keptAfter?: KeptValue;
}

export interface ObjectImpact {
  readonly changed: boolean;
  readonly before: SimulatedAction;
  readonly after: SimulatedAction;
  readonly attributes: readonly AttributeChange[];
}

export function compareRecords(before: ProvisioningRecord, after: ProvisioningRecord): ObjectImpact {
  const reason = reasonChange(before, after);
  const changed =
    reason !== undefined ||
    before.simulation.action !== after.simulation.action ||
    JSON.stringify(before.simulation.requests) !== JSON.stringify(after.simulation.requests);
  const attributes: AttributeChange[] = [];
  if (changed) {
    const old = new Map(before.modifiedProperties.map((property) => [property.displayName, property]));
    const now = new Map(after.modifiedProperties.map((property) => [property.displayName, property]));
    const kept = keptBefore(before, after);
    for (const [attribute, { oldValue, newValue: value }] of now) {
      const was = old.get(attribute);
      if (was) {
        if (was.newValue !== value) attributes.push({ attribute, before: was.newValue ?? null, after: value });
      } else if (kept) attributes.push({ attribute, before: kept === 'target' ? oldValue : null, after: value, kept });
      else attributes.push({ attribute, before: null, after: value });
    }
    const keptAfter = targetKeeps(before, after) ? 'target' : undefined;
    for (const [attribute, { oldValue, newValue: value }] of old)
      if (!now.has(attribute))
        attributes.push(keptAfter ? { attribute, before: value, after: oldValue, keptAfter } : { attribute, before: value, after: null });
    // An action that changes says what Entra does instead; under one action, the requests say what else changes.
    if (before.simulation.action === after.simulation.action)
      attributes.push(...requestChanges(before.simulation.requests, after.simulation.requests, attributes.length > 0));
  }
  // Why the object fails now comes first, as an action that changes says first what Entra does instead.
  if (reason) attributes.unshift(reason);
  return { changed, before: before.simulation.action, after: after.simulation.action, attributes };
}

/**
 * What the target holds of an attribute the old mapping sends none of. When the new mapping updates
 * (or disables) the object and the old one updates it too or sends it nothing, the target keeps its
 * current value: the one the new update's property replaces. When the old mapping sends nothing and
 * the new one creates the object without a target state, nothing says what the target holds. Where
 * the old mapping creates the object, the object it makes lacks the attribute: nothing is kept.
 */
function keptBefore(before: ProvisioningRecord, after: ProvisioningRecord): KeptValue | undefined {
  if (targetKeeps(after, before)) return 'target';
  const sendsNothing = before.provisioningAction === 'other';
  const stateless = after.provisioningSteps.some((step) => step.provisioningStepType === 'matching' && step.description === noTargetState);
  return after.provisioningAction === 'create' && sendsNothing && stateless ? 'unknown' : undefined;
}

/**
 * Whether the target keeps its value of an attribute that `sending` updates (its property's old value)
 * and `other` sends none of: `other` updates (or disables) the same object too, or sends it nothing.
 */
function targetKeeps(sending: ProvisioningRecord, other: ProvisioningRecord): boolean {
  const updates = (record: ProvisioningRecord) => record.provisioningAction === 'update' || record.provisioningAction === 'disable';
  return updates(sending) && (updates(other) || other.provisioningAction === 'other');
}

/** An object that fails under both mappings for another reason (an invalid value before, a taken userName now): the reasons, named in parentheses as no target attribute is. */
function reasonChange(before: ProvisioningRecord, after: ProvisioningRecord): AttributeChange | undefined {
  const [old, now] = [before.provisioningStatusInfo.errorInformation?.reason, after.provisioningStatusInfo.errorInformation?.reason];
  return old !== undefined && now !== undefined && old !== now ? { attribute: '(failure reason)', before: old, after: now } : undefined;
}

type WireRequest = ProvisioningRecord['simulation']['requests'][number];

/**
 * What differs in an object's requests besides its attribute values, each as a change named in
 * parentheses, as no target attribute is: the matching queries (another matching attribute or
 * precedence, so Entra looks the object up by another value), the requests sent (another target
 * object, a request more or less), and, when no attribute value differs (`explained` false), the
 * first operation or body that does (an Add that becomes a Replace).
 */
function requestChanges(before: readonly WireRequest[], after: readonly WireRequest[], explained: boolean): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const isQuery = (request: WireRequest) => request.method === 'GET';
  const [oldQueries, newQueries] = [listed(before.filter(isQuery)), listed(after.filter(isQuery))];
  if (oldQueries !== newQueries) changes.push({ attribute: '(matching query)', before: oldQueries, after: newQueries });
  const [oldWrites, newWrites] = [before.filter((request) => !isQuery(request)), after.filter((request) => !isQuery(request))];
  const [oldSent, newSent] = [listed(oldWrites), listed(newWrites)];
  if (oldSent !== newSent) changes.push({ attribute: '(requests)', before: oldSent, after: newSent });
  else if (!explained) {
    const index = oldWrites.findIndex((request, at) => JSON.stringify(request.body) !== JSON.stringify(newWrites[at].body));
    if (index >= 0) {
      const [old, now] = firstDifference(oldWrites[index].body, newWrites[index].body);
      changes.push({ attribute: `(${oldWrites[index].method} ${oldWrites[index].path})`, before: old, after: now });
    }
  }
  return changes;
}

/** Requests as `METHOD path`, in the order sent; null for none. */
function listed(requests: readonly WireRequest[]): string | null {
  return requests.length === 0 ? null : requests.map((request) => `${request.method} ${request.path}`).join(', then ');
}

/** Two bodies that differ, as JSON: of PATCH bodies the first operation that differs (null where one has none), else the whole bodies. */
function firstDifference(before: unknown, after: unknown): [string | null, string | null] {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const operations = (body: unknown) => (isRecord(body) && Array.isArray(body.Operations) ? (body.Operations as unknown[]) : []);
  const [old, now] = [operations(before), operations(after)];
  for (let at = 0; at < Math.max(old.length, now.length); at++) if (json(old[at]) !== json(now[at])) return [json(old[at]), json(now[at])];
  return [json(before), json(after)];
}

/** The old mapping's cycle as a whole, beside the new one's in the summary: its own settings and whether the threshold stops it. */
export interface AgainstCycle {
  readonly settings: CycleSettings;
  readonly stopsCycle: boolean;
}

/**
 * The new cycle's summary with the old one's settings and outcome (`againstCycle`), and a note when
 * the deletion threshold stops one cycle and not the other: no object's requests need change for
 * that (a threshold lowered from 500 to 3), yet Entra sends none of the disables and deletes of the
 * cycle it stops (it stages them until an admin allows them).
 */
export function summaryAgainst(after: SimulationSummary, before: SimulationSummary): SimulationSummary & { againstCycle: AgainstCycle } {
  const againstCycle = { settings: before.settings, stopsCycle: before.stopsCycle };
  if (before.stopsCycle === after.stopsCycle) return { ...after, againstCycle };
  const note = before.stopsCycle
    ? `With the old mapping, Entra would stop the cycle at the accidental deletions threshold (${thresholdCount(before)}); with this one the cycle runs through (${thresholdCount(after)}).`
    : `With the old mapping, the cycle runs through (${thresholdCount(before)}); with this one, Entra would stop it at the accidental deletions threshold (${thresholdCount(after)}).`;
  return { ...after, notes: [...after.notes, note], againstCycle };
}

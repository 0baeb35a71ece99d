// What a mapping change does to one object: the same directory object simulated with the old and
// the new mapping, compared by action and by the values its requests carry.
import type { CycleSettings, ProvisioningRecord, SimulatedAction, SimulationSummary } from './simulate';

export interface AttributeChange {
  readonly attribute: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface ObjectImpact {
  readonly changed: boolean;
  readonly before: SimulatedAction;
  readonly after: SimulatedAction;
  readonly attributes: readonly AttributeChange[];
}

export function compareRecords(before: ProvisioningRecord, after: ProvisioningRecord): ObjectImpact {
  const changed =
    before.simulation.action !== after.simulation.action ||
    JSON.stringify(before.simulation.requests) !== JSON.stringify(after.simulation.requests);
  const attributes: AttributeChange[] = [];
  if (changed) {
    const old = new Map(before.modifiedProperties.map((property) => [property.displayName, property.newValue]));
    const now = new Map(after.modifiedProperties.map((property) => [property.displayName, property.newValue]));
    for (const [attribute, value] of now)
      if (!old.has(attribute) || old.get(attribute) !== value)
        attributes.push({ attribute, before: old.get(attribute) ?? null, after: value });
    for (const [attribute, value] of old) if (!now.has(attribute)) attributes.push({ attribute, before: value, after: null });
  }
  return { changed, before: before.simulation.action, after: after.simulation.action, attributes };
}

/** The old mapping's cycle as a whole, beside the new one's in the summary: its own settings and whether the threshold stops it. */
export interface AgainstCycle {
  readonly settings: CycleSettings;
  readonly stopsCycle: boolean;
}

/**
 * The new cycle's summary with the old one's settings and outcome (`againstCycle`), and a note when
 * the deletion threshold stops one cycle and not the other: no object's requests need change for
 * that (a threshold lowered from 500 to 3), yet Entra sends nothing at all in the cycle it stops.
 */
export function summaryAgainst(after: SimulationSummary, before: SimulationSummary): SimulationSummary & { againstCycle: AgainstCycle } {
  const againstCycle = { settings: before.settings, stopsCycle: before.stopsCycle };
  if (before.stopsCycle === after.stopsCycle) return { ...after, againstCycle };
  const removals = ({ byAction, settings }: SimulationSummary) => {
    const count = byAction.disable + byAction.delete;
    return `${count === 1 ? '1 disable or delete' : `${count} disables and deletes`}, threshold ${settings.deletionThreshold}`;
  };
  const note = before.stopsCycle
    ? `With the old mapping, Entra would stop the cycle at the accidental deletions threshold (${removals(before)}); with this one the cycle runs through (${removals(after)}).`
    : `With the old mapping, the cycle runs through (${removals(before)}); with this one, Entra would stop it at the accidental deletions threshold (${removals(after)}).`;
  return { ...after, notes: [...after.notes, note], againstCycle };
}

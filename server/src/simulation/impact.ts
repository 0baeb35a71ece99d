// What a mapping change does to one object: the same directory object simulated with the old and
// the new mapping, compared by action and by the values its requests carry.
import type { ProvisioningRecord, SimulatedAction } from './simulate';

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

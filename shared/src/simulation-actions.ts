// What a simulated cycle concludes per object, in the order reports list it, with the words they
// use: the CLI's Markdown and HTML reports (server/src/simulation/report.ts), the report view
// (client/src/report/) and the compact rows between them (protocol.ts), which carry indices into these lists.

/** scimmap's actions: Graph's provisioningAction values, plus what a simulation can also conclude. */
export const simulationActions = ['create', 'update', 'disable', 'delete', 'noChange', 'skip', 'failure'] as const;
export type SimulationActionName = (typeof simulationActions)[number];

export const simulationActionLabels: Readonly<Record<SimulationActionName, string>> = {
  create: 'Create',
  update: 'Update',
  disable: 'Disable',
  delete: 'Delete',
  noChange: 'No change',
  skip: 'Skip',
  failure: 'Failure',
};

/** A record's provisioningStatusInfo.status. */
export const simulationStatuses = ['success', 'warning', 'failure', 'skipped'] as const;

/**
 * What the reports that hold every row (Markdown, HTML, the report view) show for a disable or delete
 * in place of its status when the accidental deletions threshold stops the cycle: Entra holds it
 * (StagedDelete in its logs) and sends none of its requests. The records were written before the
 * count was known, so the stream (jsonl, json) says so in its summary instead (docs/simulation.md).
 */
export const heldStatus = 'held';

/** Whether a report shows an object as held: a disable or delete in a cycle the threshold stops. */
export function isHeld(action: string, stopsCycle: boolean): boolean {
  return stopsCycle && (action === 'disable' || action === 'delete');
}

/**
 * Where an attribute's value before a mapping change comes from when the old mapping sends none for
 * it (an impact's `kept`): the target's own, which it keeps ('target'), or nothing says, as no target
 * state was given ('unknown').
 */
export type KeptValue = 'target' | 'unknown';

/** What the reports (Markdown, HTML, the report view) say after such a value: "Intern (unchanged, not sent)". */
export function keptNote(kept: KeptValue, value: string | null): string {
  if (kept === 'unknown') return 'not sent; no target state says what the target holds';
  return value === null ? 'none in the target, not sent' : 'unchanged, not sent';
}

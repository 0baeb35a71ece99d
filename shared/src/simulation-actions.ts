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

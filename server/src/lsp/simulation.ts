// The simulation report's server side (SCIM: Simulate Provisioning Cycle, SCIM: Show Impact of
// Changes): the open mapping's text over the directory files, as `scimmap simulate` runs it (the
// same readers and cycle, server/src/simulation/), with work-done progress and cancellation. The
// answer carries the summary and the table's rows in compact columns; the full records stay here,
// compressed (RecordStore), until the report asks for one row's steps and requests or closes.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointerTokens } from '../../../shared/src/json-pointer';
import { readUtf8File } from '../../../shared/src/utf8';
import {
  simulationActions,
  simulationStatuses,
  SimulationDetailRequest,
  SimulationDisposeRequest,
  SimulationRequest,
  type SimulationDetail,
  type SimulationParams,
  type SimulationResult,
  type SimulationRows,
  type WireRange,
} from '../../../shared/src/protocol';
import { RowColumns } from '../../../shared/src/simulation-rows';
import { isRecord } from '../../../shared/src/json-object';
import type { ScimRequest } from '../provisioning/types';
import { compareRecords, summaryAgainst, type ObjectImpact } from '../simulation/impact';
import { directoryEntries, inputFiles, readDirectoryFiles, readTargetStateFiles, simulationOver } from '../simulation/input';
import { InputProblems } from '../simulation/input-problems';
import { InputError } from '../simulation/input-error';
import { RecordStore } from '../simulation/record-store';
import {
  cycleSettingsOf,
  mappingTargets,
  reasonKey,
  recordOf,
  removedProperty,
  type ProvisioningRecord,
  type SimulatedRecord,
} from '../simulation/simulate';
import { mappedValuesIn, propertyName } from '../simulation/record-text';
import { TargetIndex } from '../simulation/target-state';
import { committedTargetFile } from '../schema/target-files';
import type { Span } from '../syntax/ast';
import { LineIndex } from '../syntax/positions';
import { analyze } from '../validation/analyze';
import type { Feature } from './feature';
import type { Handlers, RequestContext } from './handlers';
import { requestView } from './preview';

/** One row's record as kept, with its impact in impact mode. */
interface KeptRow {
  readonly record: ProvisioningRecord;
  readonly impact?: ObjectImpact;
}

interface KeptSimulation {
  readonly records: RecordStore<KeptRow>;
  /** The mapping text the simulation ran on: its spans become ranges in that text. */
  readonly lines: LineIndex;
  /** Its mappings' targets by span (mappingTargets): what a create's modifiedProperties are named. */
  readonly targets: ReadonlyMap<number, string>;
}

/** Objects between two checkpoints (cancellation, progress). */
const progressEvery = 500;
/** Simulations kept at once (each report keeps its own; the oldest is forgotten first). */
const keptSimulations = 4;
const listedProblems = 100;

export class Simulations {
  private readonly kept = new Map<number, KeptSimulation>();
  private nextId = 1;

  constructor(private readonly handlers: Handlers) {}

  async run(params: SimulationParams, context: RequestContext): Promise<SimulationResult> {
    const document = this.handlers.store.get(params.uri);
    if (!document) return { ok: false, message: 'Open the .scimmap file to simulate it.' };
    // The old mapping's `target` declaration is read relative to the same folder: at its ref, the file as committed there.
    const committed =
      params.against?.ref !== undefined && params.uri.startsWith('file:')
        ? await committedTargetFile(dirname(fileURLToPath(params.uri)), params.against.ref, params.against.text)
        : undefined;
    const resolve = committed && 'resolve' in committed ? committed.resolve : this.handlers.store.targetFiles.resolverForUri(params.uri);
    const old = params.against && analyze(params.against.text, { resolve });
    const oldErrors = old?.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length ?? 0;
    if (params.against && oldErrors > 0)
      return {
        ok: false,
        message: `${params.against.label} has ${oldErrors} error${oldErrors === 1 ? '' : 's'}: the impact of the change cannot be computed against it.`,
      };

    // The report lists entries that could not be read and were skipped, and the notes on entries simulated all the same.
    const inputProblems = new InputProblems(listedProblems);
    const problem = inputProblems.add;
    const progress = this.handlers.connection.window.attachWorkDoneProgress(params.workDoneToken);
    progress.begin(
      params.against ? 'Impact of the changes' : 'Simulating the provisioning cycle',
      undefined,
      'reading the directory',
      true,
    );
    try {
      let target: TargetIndex | undefined;
      let input: ReturnType<typeof readDirectoryFiles>;
      // The files as on disk (a directory export is not something one edits in the editor), and UTF-8.
      const files = inputFiles(readUtf8File);
      try {
        target = params.targetState?.length ? new TargetIndex(readTargetStateFiles(params.targetState, problem, files)) : undefined;
      } catch (error) {
        return { ok: false, message: `The target's state could not be read: ${(error as Error).message}` };
      }
      try {
        input = readDirectoryFiles(params.directory, problem, files);
      } catch (error) {
        return { ok: false, message: `The directory could not be read: ${(error as Error).message}` };
      }
      const options = { compat: params.compat, target };
      const current = simulationOver(document.file, input, {
        ...options,
        settings: cycleSettingsOf(document.file),
        targetSchema: document.target,
        keepSources: true,
      });
      // The old mapping with its own settings: a change of scope or threshold is a change under review.
      const previous =
        old && simulationOver(old.file, input, { ...options, settings: cycleSettingsOf(old.file), targetSchema: old.target });
      const table = new RowTable(previous !== undefined);
      const records = new RecordStore<KeptRow>();
      let count = 0;
      let unchanged = 0;
      try {
        for await (const entry of directoryEntries(input, problem)) {
          const simulated = current.simulateText(entry);
          // Read back only to compare with the old mapping's record: the table lists the text's listing, the store keeps the text.
          const impact = previous ? compareRecords(previous.simulate(entry), recordOf(simulated)) : undefined;
          if (impact && !impact.changed) unchanged++;
          else {
            table.add(simulated, impact);
            records.addJson(keptRowJson(simulated, impact));
          }
          if (++count % progressEvery === 0) {
            progress.report(`${count.toLocaleString('en-US')} objects`);
            await context.checkpoint();
          }
        }
      } catch (error) {
        // A CSV refused at its header: the only input, and no user can be read under it.
        if (!(error instanceof InputError)) throw error;
        return { ok: false, message: `The directory could not be read: ${error.message}` };
      }
      const id = this.keep({ records, lines: new LineIndex(document.text), targets: mappingTargets(document.file) });
      const summary = previous ? summaryAgainst(current.summary(), previous.summary()) : current.summary();
      return {
        ok: true,
        id,
        summary,
        warningKinds: table.warningKinds,
        rows: table.rows,
        problems: inputProblems.skipped,
        problemCount: inputProblems.skippedCount,
        inputNotes: inputProblems.notes,
        inputNoteCount: inputProblems.noteCount,
        mappingErrors: document.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
        ...(params.against ? { against: params.against.label, unchanged } : {}),
      };
    } finally {
      progress.done();
    }
  }

  detail(id: number, row: number): SimulationDetail | null {
    const kept = this.kept.get(id);
    const stored = kept?.records.get(row);
    if (!kept || !stored) return null;
    return detailOf(stored, kept);
  }

  forget(id: number): void {
    this.kept.delete(id);
  }

  private keep(simulation: KeptSimulation): number {
    const id = this.nextId++;
    this.kept.set(id, simulation);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= keptSimulations) break;
      this.kept.delete(oldest);
    }
    return id;
  }
}

/** The table's columns, filled row by row; warning kinds numbered as they first appear. */
export class RowTable {
  readonly warningKinds: string[] = [];
  private readonly columns: RowColumns;
  private readonly kindIndex = new Map<string, number>();

  constructor(impact: boolean) {
    this.columns = new RowColumns(impact);
  }

  get rows(): SimulationRows {
    return this.columns.rows();
  }

  add(record: SimulatedRecord, impact: ObjectImpact | undefined): void {
    const kinds = new Set<number>();
    for (const rejection of record.rejections) kinds.add(this.kindOf(reasonKey(rejection.reason)));
    this.columns.add({
      name: record.source.displayName,
      id: record.source.id,
      kind: record.source.identityType === 'User' ? 0 : 1,
      action: simulationActions.indexOf(record.action),
      status: simulationStatuses.indexOf(record.status),
      summary: record.summary,
      warnings: [...kinds],
      ...(impact
        ? { before: simulationActions.indexOf(impact.before), changes: impact.attributes.map((change) => change.attribute).join(', ') }
        : {}),
    });
  }

  private kindOf(kind: string): number {
    let index = this.kindIndex.get(kind);
    if (index === undefined) {
      index = this.warningKinds.push(kind) - 1;
      this.kindIndex.set(kind, index);
    }
    return index;
  }
}

/** A row as the report keeps it, `{ record, impact? }` as JSON.stringify writes it: the record's own text goes in as it is. */
export function keptRowJson(simulated: SimulatedRecord, impact?: ObjectImpact): string {
  return impact ? `{"record":${simulated.text},"impact":${JSON.stringify(impact)}}` : `{"record":${simulated.text}}`;
}

function detailOf({ record, impact }: KeptRow, { lines, targets }: Pick<KeptSimulation, 'lines' | 'targets'>): SimulationDetail {
  const { simulation } = record;
  const requests = simulation.requests.map((wire, index) => {
    const origin = simulation.origins?.[index];
    const request: ScimRequest = {
      title: origin?.title ?? `${wire.method} ${wire.path}`,
      method: wire.method as ScimRequest['method'],
      path: wire.path,
      body: wire.body,
      notes: origin ? [...origin.notes] : [],
      sources: origin ? { ...origin.sources } : {},
      placeholders: {},
    };
    return request;
  });
  const sources = propertySources(requests, targets);
  const range = (attribute: string): WireRange | undefined => {
    const span = sources.get(attribute);
    return span && lines.rangeOf(span);
  };
  return {
    name: record.sourceIdentity.displayName,
    id: record.sourceIdentity.id,
    action: simulation.action,
    status: record.provisioningStatusInfo.status,
    summary: simulation.summary,
    where: record.sourceIdentity.details.where,
    steps: record.provisioningSteps.map((step) => ({
      name: step.name,
      type: step.provisioningStepType,
      status: step.status,
      description: step.description,
      details: step.details,
    })),
    requests: requests.map((request) => requestView(request, lines)),
    rejections: simulation.rejections,
    notes: simulation.notes,
    ...(impact
      ? {
          impact: {
            before: impact.before,
            after: impact.after,
            attributes: impact.attributes.map((change) => ({ ...change, range: range(change.attribute) })),
          },
        }
      : {}),
  };
}

/**
 * The mapping span behind each modified property (named as the record's modifiedProperties name
 * them): a create's value by its mapping's target (`targets`, mappingTargets), a PATCH operation's
 * JSON pointers walked through its value below the operation's path, but a value a mapping sets in
 * an operation on another path (a role's, mappedValuesIn) by the mapping's target.
 */
export function propertySources(requests: readonly ScimRequest[], targets: ReadonlyMap<number, string>): Map<string, Span> {
  const found = new Map<string, Span>();
  for (const request of requests) {
    const mapped = new Map<string, string>();
    const operations = request.method === 'PATCH' && isRecord(request.body) ? request.body.Operations : undefined;
    if (Array.isArray(operations))
      operations.forEach((operation: unknown, index) => {
        if (!isRecord(operation)) return;
        const path = typeof operation.path === 'string' ? operation.path : '';
        for (const { name, pointer } of mappedValuesIn({ index, path, value: operation.value }, request.sources, targets))
          mapped.set(pointer, name);
      });
    for (const [pointer, span] of Object.entries(request.sources)) {
      const name = request.method === 'POST' ? targets.get(span.start) : (mapped.get(pointer) ?? propertyAt(request.body, pointer));
      if (name !== undefined && !found.has(name)) found.set(name, span);
    }
  }
  return found;
}

function propertyAt(body: unknown, pointer: string): string | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointerTokens(pointer);
  let value = body;
  let name = '';
  if (isRecord(body) && Array.isArray(body.Operations) && tokens[0] === 'Operations') {
    const operation: unknown = body.Operations[Number(tokens[1])];
    if (!isRecord(operation)) return undefined;
    name = typeof operation.path === 'string' ? operation.path : '';
    value = operation.value;
    // A remove is listed by what it takes away: the flag's by its path, the default's by each element of its value.
    if (String(operation.op).toLowerCase() === 'remove') {
      if (tokens[2] === 'path') return name;
      return tokens[2] === 'value' ? removedProperty(name, Array.isArray(value) ? value[Number(tokens[3])] : value).name : undefined;
    }
    if (tokens[2] !== 'value') return undefined;
    tokens.splice(0, 3);
  }
  for (const token of tokens) {
    if (Array.isArray(value)) {
      const index = Number(token);
      name = propertyName(name, index);
      value = value[index];
    } else if (isRecord(value)) {
      name = propertyName(name, token);
      value = value[token];
    } else return undefined;
  }
  return name === '' ? undefined : name;
}

export const simulationFeature: Feature = {
  capabilities: {},
  register(handlers) {
    const simulations = new Simulations(handlers);
    handlers.onRequest(SimulationRequest, (params, context) => simulations.run(params, context));
    handlers.onRequest(SimulationDetailRequest, (params) => simulations.detail(params.id, params.row));
    handlers.onRequest(SimulationDisposeRequest, (params) => {
      simulations.forget(params.id);
      return null;
    });
  },
};

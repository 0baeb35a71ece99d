// Provisioning on demand through Entra itself: Graph's POST .../jobs/{jobId}/provisionOnDemand
// (Microsoft Learn: "synchronizationJob: provisionOnDemand") for a real user or group, and its answer
// turned into the same report as scimmap's own run (shared/src/provisioning/run.ts), so the two show
// in one steps view side by side. The answer is a stringKeyStringValuePair whose `key` is a JSON text
// of the result and whose `value` is a JSON text of the provisioning steps, modified properties and
// status, as the provisioning logs show them.
import { redactCredentials, ScimError } from '../scim/errors';
import type { ModifiedValue, PlannedAction, SubjectKind } from '../provisioning/plan';
import { provisionReportVersion, type ProvisionReport, type ProvisionStep, type StepName, type StepStatus } from '../provisioning/run';
import type { GraphClient } from './client';
import { entraDirectoryNames, onJob, schemaPath } from './synchronization';
import { isRecord } from '../json-object';

/** The synchronization rule provisioning on demand applies: the one reading from the Entra directory. */
export function provisioningRuleId(schemaText: string): string {
  let rules: unknown;
  try {
    rules = (JSON.parse(schemaText) as { synchronizationRules?: unknown }).synchronizationRules;
  } catch {
    throw new ScimError('badRequest', 'The pulled schema is not JSON: pull the app again.');
  }
  const rule = (Array.isArray(rules) ? (rules as Record<string, unknown>[]) : []).find(
    (candidate) => typeof candidate.sourceDirectoryName === 'string' && entraDirectoryNames.includes(candidate.sourceDirectoryName),
  );
  if (typeof rule?.id !== 'string')
    throw new ScimError(
      'badRequest',
      `The pulled schema has no synchronization rule with an id that reads from ${entraDirectoryNames.join(' or ')}: pull the app again; provisioning on demand needs the rule's id.`,
    );
  return rule.id;
}

/** Graph's answer: a stringKeyStringValuePair. */
export interface OnDemandAnswer {
  readonly key?: string;
  readonly value?: string;
}

/** POST .../provisionOnDemand for one user or group (its Object ID in Entra). Entra really provisions it. */
export async function provisionOnDemand(
  graph: GraphClient,
  appId: string,
  jobId: string,
  ruleId: string,
  subject: { readonly kind: SubjectKind; readonly objectId: string },
  signal?: AbortSignal,
): Promise<OnDemandAnswer> {
  const answer = await onJob(graph, appId, jobId, signal, () =>
    graph.json({
      method: 'POST',
      path: `${schemaPath(appId, jobId).replace(/\/schema$/, '')}/provisionOnDemand`,
      body: JSON.stringify({
        parameters: [{ ruleId, subjects: [{ objectId: subject.objectId, objectTypeName: subject.kind === 'user' ? 'User' : 'Group' }] }],
      }),
      permission: 'Synchronization.ReadWrite.All',
      // onJob found the job: the subject is what Graph could not find.
      notFound: `the ${subject.kind} ${subject.objectId} is not in the tenant (the app's job ${jobId} is there): give the ${subject.kind}'s Object ID from Microsoft Entra admin center > ${subject.kind === 'user' ? 'Users' : 'Groups'} > the ${subject.kind} > Overview.`,
      signal,
    }),
  );
  return (answer ?? {}) as OnDemandAnswer;
}

/** Entra's answer is read, not trusted: an object of it, or {} for anything else. */
function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** A text of Entra's answer, or undefined for anything else. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The objects of a list of Entra's answer (other entries, and a list that is none, are left out). */
function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

const stepNames: Record<string, StepName> = {
  import: 'sample',
  scoping: 'scoping',
  matching: 'matching',
  referenceresolution: 'references',
  processing: 'action',
  export: 'action',
};

const statuses: Record<string, StepStatus> = { success: 'succeeded', warning: 'warning', failure: 'failed', skipped: 'skipped' };

const actions: Record<string, PlannedAction> = { create: 'create', update: 'update', disable: 'disable', delete: 'delete' };

function parseText(json: unknown, what: string): unknown {
  if (typeof json !== 'string' || json.trim() === '') return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new ScimError(
      'notScim',
      `Entra's provisionOnDemand answer has a ${what} that is not JSON. Check the Graph URL; if it is Graph's, report it with the answer (scrubbed).`,
    );
  }
}

function milliseconds(from?: string, to?: string): number {
  const span = Date.parse(to ?? '') - Date.parse(from ?? '');
  return Number.isFinite(span) && span >= 0 ? span : 0;
}

/**
 * Entra's answer as a provisioning report: each of Entra's steps in the steps view, with its details
 * and (on the export step) the modified properties. `endpoint` says where it ran.
 */
export function onDemandReport(
  answer: OnDemandAnswer,
  subject: { readonly kind: SubjectKind; readonly objectId: string },
  endpoint: string,
): ProvisionReport {
  const result = record(parseText(answer.key, 'key'));
  const value = parseText(answer.value, 'value');
  const run = record(Array.isArray(value) ? value[0] : value);
  const statusInfo = record(run.statusInfo);
  const details = record(result.details);
  const entraSteps = records(run.provisioningSteps).map((step) => ({
    name: text(step.name),
    type: text(step.type),
    status: text(step.status),
    description: text(step.description),
    timestamp: text(step.timestamp),
    details: record(step.details),
  }));
  const changes: ModifiedValue[] = records(run.modifiedProperties).map((property) => ({
    attribute: text(property.displayName) ?? '',
    current: property.oldValue ?? null,
    value: property.newValue ?? null,
  }));
  const lastExport = entraSteps.map((step) => step.type?.toLowerCase()).lastIndexOf('export');
  const steps: ProvisionStep[] = entraSteps.map((step, index) => {
    const next = entraSteps[index + 1]?.timestamp ?? text(run.endTime);
    const status = statuses[step.status?.toLowerCase() ?? ''] ?? 'warning';
    return {
      name: stepNames[step.type?.toLowerCase() ?? ''] ?? 'action',
      title: [step.name, step.type && `(${step.type})`].filter(Boolean).join(' ') || `Step ${index + 1}`,
      status,
      summary: step.description ?? '',
      startedAt: step.timestamp ?? text(run.startTime) ?? '',
      durationMs: milliseconds(step.timestamp, next),
      exchanges: [],
      notes: [],
      ...(status === 'failed' && {
        failure: {
          kind: 'entra',
          message: step.description ?? 'Entra reports this step failed.',
          action:
            text(statusInfo.recommendedAction) ?? 'See the provisioning logs of the app in the Microsoft Entra admin center for this run.',
        },
      }),
      details: {
        step: 'entra',
        type: step.type ?? '',
        // Entra quotes the target's exchanges; an Authorization header in them is as secret as ours.
        values: Object.fromEntries(Object.entries(step.details).map(([name, detail]) => [name, redactCredentials(String(detail))])),
        ...(index === lastExport && { changes }),
      },
    };
  });
  const resultText = text(result.result);
  const statusText = text(statusInfo.status);
  const runAction = text(run.action);
  const status = (statusText ?? resultText ?? '').toLowerCase();
  const failedStep = steps.find((step) => step.status === 'failed')?.name;
  const succeeded = status === 'success' || status === 'skipped' || (status === 'warning' && failedStep === undefined);
  const entraAction = actions[runAction?.toLowerCase() ?? ''];
  const scopedOut = steps.some((step) => step.name === 'scoping' && step.status === 'skipped');
  const action: PlannedAction = !succeeded ? 'error' : (entraAction ?? (scopedOut ? 'skip' : 'none'));
  const said = [text(details.errorCode), text(details.errorMessage) ?? text(statusInfo.reason)].filter(Boolean).join(': ');
  return {
    version: provisionReportVersion,
    mode: 'apply',
    endpoint,
    compat: 'default',
    subject: { kind: subject.kind, id: subject.objectId, label: text(run.reportableIdentifier) ?? subject.objectId },
    action,
    succeeded,
    ...(failedStep && { failedStep }),
    summary: `Entra: ${resultText ?? statusText ?? 'no result'}${runAction ? ` (${runAction})` : ''}${said ? `: ${said}` : ''}.`,
    steps,
  };
}

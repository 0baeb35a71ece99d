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

interface EntraStep {
  readonly name?: string;
  readonly type?: string;
  readonly status?: string;
  readonly description?: string;
  readonly timestamp?: string;
  readonly details?: Record<string, unknown>;
}

interface EntraValue {
  readonly action?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly provisioningSteps?: readonly EntraStep[];
  readonly modifiedProperties?: ReadonlyArray<{ displayName?: string; oldValue?: unknown; newValue?: unknown }>;
  readonly statusInfo?: { status?: string; errorCode?: string | null; reason?: string | null; recommendedAction?: string | null };
  readonly reportableIdentifier?: string;
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

function parseText<T>(text: string | undefined, what: string): T | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as T;
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
  const result = parseText<{ result?: string; details?: { errorCode?: string; errorMessage?: string } }>(answer.key, 'key');
  const value = parseText<EntraValue | EntraValue[]>(answer.value, 'value');
  const run = (Array.isArray(value) ? value[0] : value) ?? {};
  const entraSteps = run.provisioningSteps ?? [];
  const changes: ModifiedValue[] = (run.modifiedProperties ?? []).map((property) => ({
    attribute: property.displayName ?? '',
    current: property.oldValue ?? null,
    value: property.newValue ?? null,
  }));
  const lastExport = entraSteps.map((step) => step.type?.toLowerCase()).lastIndexOf('export');
  const steps: ProvisionStep[] = entraSteps.map((step, index) => {
    const next = entraSteps[index + 1]?.timestamp ?? run.endTime;
    const status = statuses[step.status?.toLowerCase() ?? ''] ?? 'warning';
    return {
      name: stepNames[step.type?.toLowerCase() ?? ''] ?? 'action',
      title: [step.name, step.type && `(${step.type})`].filter(Boolean).join(' ') || `Step ${index + 1}`,
      status,
      summary: step.description ?? '',
      startedAt: step.timestamp ?? run.startTime ?? '',
      durationMs: milliseconds(step.timestamp, next),
      exchanges: [],
      notes: [],
      ...(status === 'failed' && {
        failure: {
          kind: 'entra',
          message: step.description ?? 'Entra reports this step failed.',
          action:
            run.statusInfo?.recommendedAction ?? 'See the provisioning logs of the app in the Microsoft Entra admin center for this run.',
        },
      }),
      details: {
        step: 'entra',
        type: step.type ?? '',
        // Entra quotes the target's exchanges; an Authorization header in them is as secret as ours.
        values: Object.fromEntries(Object.entries(step.details ?? {}).map(([name, detail]) => [name, redactCredentials(String(detail))])),
        ...(index === lastExport && { changes }),
      },
    };
  });
  const status = (run.statusInfo?.status ?? result?.result ?? '').toLowerCase();
  const failedStep = steps.find((step) => step.status === 'failed')?.name;
  const succeeded = status === 'success' || status === 'skipped' || (status === 'warning' && failedStep === undefined);
  const entraAction = actions[run.action?.toLowerCase() ?? ''];
  const scopedOut = steps.some((step) => step.name === 'scoping' && step.status === 'skipped');
  const action: PlannedAction = !succeeded ? 'error' : (entraAction ?? (scopedOut ? 'skip' : 'none'));
  const said = [result?.details?.errorCode, result?.details?.errorMessage ?? run.statusInfo?.reason].filter(Boolean).join(': ');
  return {
    version: provisionReportVersion,
    mode: 'apply',
    endpoint,
    compat: 'default',
    subject: { kind: subject.kind, id: subject.objectId, label: run.reportableIdentifier ?? subject.objectId },
    action,
    succeeded,
    ...(failedStep && { failedStep }),
    summary: `Entra: ${result?.result ?? run.statusInfo?.status ?? 'no result'}${run.action ? ` (${run.action})` : ''}${said ? `: ${said}` : ''}.`,
    steps,
  };
}

// Provisioning on demand against a live SCIM endpoint, step by step as Entra runs it (docs/
// provisioning.md): the sample, scoping, matching with the real GET queries in precedence order,
// the references (manager, members) matched the same way, the action decided from what the endpoint
// answered, and, for a real run, the writes and the object read back and compared with what was
// sent. A dry run (the default) sends GET requests only. The report is the stable JSON of
// `scimmap provision --format json`; it never holds a secret.
import type { ScimCall, ScimClient } from '../scim/client';
import { redact, ScimError, scimErrorInBody } from '../scim/errors';
import type { HttpResponse, TimeBudget } from '../scim/http';
import { httpFailure, transportFailure, type StepFailure } from './failures';
import { parsePeerJson } from '../scim/json';
import {
  splitRequestPath,
  type ActionPlan,
  type CompatMode,
  type Difference,
  type LiveResource,
  type Lookup,
  type MatchPlan,
  type ModifiedValue,
  type PlanNote,
  type Planner,
  type PlannedAction,
  type ScopeReport,
  type SubjectKind,
} from './plan';
import { isRecord } from '../json-object';

export const provisionReportVersion = 1;

export type StepName = 'sample' | 'scoping' | 'matching' | 'references' | 'action' | 'result';
export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'warning';

/** One HTTP call of the run (or, in a dry run, a write that was planned and not sent). */
export interface Exchange {
  readonly title: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The full URL (the one that answered, after a redirect); the token travels in a header and is never recorded. */
  readonly url: string;
  /** The URL the request was sent to, when a same-origin redirect was followed to `url`. */
  readonly redirectedFrom?: string;
  readonly requestBody?: unknown;
  /** False for a write a dry run only planned. */
  readonly sent: boolean;
  readonly status?: number;
  /** The JSON answer, or its text when it is not JSON (redacted). */
  readonly responseBody?: unknown;
  readonly durationMs?: number;
}

export interface LookupResult {
  readonly sampleId: string;
  readonly role: Lookup['role'];
  readonly label: string;
  /** The query that found the object, as precedence and attribute; undefined when none did. */
  readonly matchedBy?: { readonly precedence: number; readonly attribute: string; readonly value: string };
  readonly attempts: ReadonlyArray<{
    readonly precedence: number;
    readonly attribute: string;
    readonly value: string;
    readonly results: number;
  }>;
  /** The object's id in the target; null when no query found it. */
  readonly targetId: string | null;
  readonly problem?: string;
}

export interface ProvisionStep {
  readonly name: StepName;
  readonly title: string;
  readonly status: StepStatus;
  readonly summary: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly exchanges: Exchange[];
  readonly notes: PlanNote[];
  readonly failure?: StepFailure;
  /** Step-specific data: see docs/provisioning.md "The JSON report". */
  readonly details: StepDetails;
}

export type StepDetails =
  | {
      readonly step: 'sample';
      readonly kind: SubjectKind;
      readonly id: string;
      readonly label: string;
      readonly attributes: Readonly<Record<string, unknown>>;
      readonly members?: readonly string[];
    }
  | { readonly step: 'scoping'; readonly scope: ScopeReport | null }
  | { readonly step: 'matching'; readonly lookup: LookupResult | null; readonly target: LiveResource | null }
  | { readonly step: 'references'; readonly lookups: LookupResult[] }
  | { readonly step: 'action'; readonly action: PlannedAction; readonly changes: ModifiedValue[]; readonly createdId?: string }
  | { readonly step: 'result'; readonly readBack: LiveResource | null; readonly differences: Difference[] }
  /** A step of Entra's own provisioning on demand (shared/src/graph/provision-on-demand.ts): its type, details and, on the export, the modified properties. */
  | {
      readonly step: 'entra';
      readonly type: string;
      readonly values: Readonly<Record<string, string>>;
      readonly changes?: ModifiedValue[];
    };

export interface ProvisionReport {
  readonly version: typeof provisionReportVersion;
  readonly mode: 'dryRun' | 'apply';
  readonly endpoint: string;
  readonly compat: CompatMode;
  readonly subject: { readonly kind: SubjectKind; readonly id: string; readonly label: string };
  /** What Entra does with the object, decided from the endpoint's answers. */
  readonly action: PlannedAction;
  /** True when every step succeeded (a dry run that found what to do succeeds). */
  readonly succeeded: boolean;
  readonly failedStep?: StepName;
  readonly summary: string;
  readonly steps: ProvisionStep[];
}

export interface RunOptions {
  /** Write to the endpoint; without it, a dry run (GET requests only). */
  readonly apply: boolean;
  readonly compat: CompatMode;
  readonly signal?: AbortSignal;
  /** The time budget of the whole run: every call, token fetch, retry and wait. */
  readonly budget?: TimeBudget;
}

const titles: Record<StepName, string> = {
  sample: 'Import the sample',
  scoping: 'Determine if it is in scope',
  matching: 'Match it between source and target',
  references: 'Resolve references',
  action: 'Perform action',
  result: 'Read back and compare',
};

class Stopped extends Error {}

export async function runProvisioning(client: ScimClient, planner: Planner, options: RunOptions): Promise<ProvisionReport> {
  const steps: ProvisionStep[] = [];
  const secrets = () => client.secrets();
  const noun = (kind: SubjectKind) => (kind === 'user' ? 'user' : 'group');
  let subject: ProvisionReport['subject'] = { kind: 'user', id: '', label: '' };
  let action: PlannedAction = 'error';
  let summary = '';

  /** Runs one step: its body records exchanges and notes, and returns the status, summary and details; a failure stops the run. */
  const step = async (
    name: StepName,
    body: (record: StepRecord) => Promise<{ status: StepStatus; summary: string; details: StepDetails }>,
  ) => {
    const started = Date.now();
    const record = new StepRecord(name, client, secrets, { signal: options.signal, budget: options.budget }, options.compat);
    try {
      const outcome = await body(record);
      steps.push({
        name,
        title: titles[name],
        ...outcome,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        exchanges: record.exchanges,
        notes: record.notes,
      });
    } catch (error) {
      const failure = record.failure ?? {
        kind: 'internal',
        message: (error as Error).message,
        action:
          'Check that the mapping is open and has no errors, and that the samples file is valid and still has the sample; if they are, this is a bug in scimmap: please report it with the mapping and the sample.',
      };
      steps.push({
        name,
        title: titles[name],
        status: 'failed',
        summary: failure.message,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        exchanges: record.exchanges,
        notes: record.notes,
        failure,
        details: record.details ?? emptyDetails(name),
      });
      throw new Stopped(name);
    }
  };

  try {
    let plan: MatchPlan | undefined;
    await step('sample', async () => {
      plan = await planner.match();
      subject = { kind: plan.subject.kind, id: plan.subject.id, label: plan.subject.label };
      const count = Object.keys(plan.subject.attributes).length;
      return {
        status: 'succeeded',
        summary: `${plan.subject.label} (${noun(plan.subject.kind)} "${plan.subject.id}"), ${count} attribute${count === 1 ? '' : 's'}.`,
        details: { step: 'sample', ...plan.subject },
      };
    });
    const matchPlan = plan!;
    await step('scoping', async (record) => {
      const scope = matchPlan.scope ?? null;
      record.details = { step: 'scoping', scope };
      // No verdict decides: whatever the run went on to plan would not be what Entra does.
      if (scope?.undecided)
        record.fail({
          kind: 'scope',
          message: scope.summary,
          action: scope.undecided.invalid
            ? `Fix the regular expression of the scoping filter "${scope.undecided.filter}" (scimmap check reports it as invalid-regex), then run again.`
            : `Entra evaluates ${scope.undecided.clause}; scimmap cannot. Check the ${noun(subject.kind)} with Entra's Provision on demand (scimmap provision-with-entra), or write the pattern without the construct the reason names.`,
        });
      return {
        status: 'succeeded',
        summary: scope?.summary ?? `The mapping has no active ${noun(subject.kind)}s block.`,
        details: record.details,
      };
    });

    const live: Record<string, LiveResource | null> = {};
    const [subjectLookup, ...references] = matchPlan.lookups
      .filter((lookup) => lookup.role === 'subject')
      .concat(matchPlan.lookups.filter((lookup) => lookup.role !== 'subject'));
    await step('matching', async (record) => {
      if (!subjectLookup || subjectLookup.role !== 'subject') {
        return {
          status: 'skipped',
          summary: 'Nothing to match: the mapping does not provision this object.',
          details: { step: 'matching', lookup: null, target: null },
        };
      }
      const found = await record.lookup(subjectLookup);
      // Entra queries groups without their members and knows the members it added; a run reads them from the target.
      if (subject.kind === 'group' && found.result.targetId !== null) {
        found.resource = record.expectResource(
          await record.send('Read the group with its members', 'GET', `/Groups/${encodeURIComponent(found.result.targetId)}`),
          `GET /Groups/${found.result.targetId}`,
        );
      }
      record.details = { step: 'matching', lookup: found.result, target: found.resource };
      if (subjectLookup.problem)
        record.fail({
          kind: 'matching',
          message: subjectLookup.problem,
          action: 'Give the sample a value for a matching attribute, or mark a mapping that has one with "match 1".',
        });
      live[subjectLookup.sampleId] = found.resource;
      const by = found.result.matchedBy;
      return {
        status: 'succeeded',
        summary: by
          ? `Found ${found.result.targetId} by ${by.attribute} eq ${JSON.stringify(by.value)}.`
          : `No ${noun(subject.kind)} in the target matches (${found.result.attempts.map((attempt) => attempt.attribute).join(', then ')}).`,
        details: record.details,
      };
    });

    let planned: ActionPlan | undefined;
    if (references.length > 0) {
      await step('references', async (record) => {
        const results: LookupResult[] = [];
        record.details = { step: 'references', lookups: results };
        // Entra decides a group absent from the target first: one it skips (the target cannot create groups) has no member looked up.
        if (subject.kind === 'group' && subjectLookup && live[subjectLookup.sampleId] === null) {
          const absent = await planner.plan(live);
          if (absent.action === 'skip') {
            planned = absent;
            return {
              status: 'skipped',
              summary: 'Not looked up: Entra skips the group (see the action), so it resolves none of its members.',
              details: record.details,
            };
          }
        }
        for (const lookup of references) {
          const found = await record.lookup(lookup);
          results.push(found.result);
          live[lookup.sampleId] = found.resource;
        }
        const missing = results.filter((result) => result.targetId === null && (result.role === 'manager' || result.role === 'member'));
        const what = (result: LookupResult) => `${result.role} "${result.sampleId}"`;
        return {
          status: missing.length > 0 ? 'warning' : 'succeeded',
          summary:
            missing.length > 0
              ? `Not in the target: ${missing.map(what).join(', ')}; Entra leaves ${missing.length === 1 ? 'that reference' : 'those references'} unresolved.`
              : `Resolved ${results.filter((result) => result.targetId !== null).length} of ${results.length}.`,
          details: record.details,
        };
      });
    }

    let createdId: string | undefined;
    await step('action', async (record) => {
      planned ??= await planner.plan(live);
      action = planned.action;
      record.notes.push(...planned.notes);
      // What the preview says of each request (a value the target may reject) belongs beside it here too.
      for (const request of planned.requests)
        record.notes.push(...request.notes.map((note) => ({ ...note, message: `${request.title}: ${note.message}` })));
      record.details = { step: 'action', action: planned.action, changes: planned.changes };
      if (planned.action === 'error')
        record.fail({
          kind: 'mapping',
          message: planned.summary,
          action: 'Fix what the notes name in the mapping or the sample, then run again.',
        });
      if (!options.apply) {
        for (const request of planned.requests) record.planned(request.title, request.method, request.path, request.body);
        summary = planned.requests.length > 0 ? `Dry run: ${planned.summary} Nothing was written.` : `Dry run: ${planned.summary}`;
        return { status: 'succeeded', summary, details: record.details };
      }
      for (const request of planned.requests) {
        const path = createdId === undefined ? request.path : request.path.replace(/«[^»]*»/, encodeURIComponent(createdId));
        const answer = await record.send(request.title, request.method, path, request.body).catch((error: unknown) => {
          // The object exists now: a failure after its create must not read as if nothing was written.
          if (createdId !== undefined && record.failure)
            record.failure = {
              ...record.failure,
              message: `${record.failure.message} The ${noun(subject.kind)} was created by the POST before it (id ${createdId}); only this request failed.`,
              action: `${record.failure.action} Then run again: the run matches the ${noun(subject.kind)} it created and sends only what is still missing.`,
            };
          throw error;
        });
        if (request.method === 'POST') {
          const id = (answer as Record<string, unknown> | undefined)?.id;
          if (typeof id !== 'string' || id === '')
            record.fail({
              kind: 'response',
              // What the target answered (200 or 202 from some servers), not the 201 it should have.
              status: record.exchanges[record.exchanges.length - 1].status,
              message: `The target answered the create without the new object's "id".`,
              action: 'The target must return the created resource with its id (RFC 7644 §3.3); Entra needs it for every later call.',
            });
          createdId = id as string;
          record.details = { step: 'action', action: planned.action, changes: planned.changes, createdId };
        }
      }
      summary = planned.summary;
      return {
        status: 'succeeded',
        summary:
          planned.requests.length > 0
            ? `${planned.summary} ${planned.requests.length} request${planned.requests.length === 1 ? '' : 's'} sent.`
            : planned.summary,
        details: record.details,
      };
    });

    const wrote = options.apply && planned!.requests.length > 0;
    await step('result', async (record) => {
      if (!wrote) {
        return {
          status: 'skipped',
          summary: options.apply ? 'Nothing was written, so nothing is read back.' : 'Dry run: nothing was written.',
          details: { step: 'result', readBack: null, differences: [] },
        };
      }
      const id = createdId ?? (live[subject.id]?.id as string | undefined);
      if (typeof id !== 'string') throw new Error('the object written has no id to read it back by');
      const collection = subject.kind === 'user' ? '/Users' : '/Groups';
      const path = `${collection}/${encodeURIComponent(id)}`;
      let readBack = record.expectResource(await record.send(`Read the ${noun(subject.kind)} back`, 'GET', path), `GET ${path}`);
      const asked = planned!.askOnReadBack;
      let unasked: ReadonlySet<string> = new Set();
      if (asked) {
        // A GET returns `returned: request` attributes only when its `attributes` names them, and then
        // little else (RFC 7644 §3.9): a second read for those, merged into the first.
        try {
          const answer = await record.send(
            `Read the attributes the target returns only when asked`,
            'GET',
            `${path}?attributes=${asked.attributes.join(',')}`,
          );
          readBack = withAttributes(readBack, answer);
        } catch (error) {
          if (record.failure?.kind !== 'http' && record.failure?.kind !== 'response') throw error;
          // The write was applied: an endpoint that refuses the parameter leaves those values uncompared, not the run failed.
          record.notes.push({
            severity: 'warning',
            message: `${asked.attributes.join(', ')} ${asked.attributes.length === 1 ? 'is' : 'are'} returned only when asked, and the target refused the read that asks (${record.failure.message}): not compared.`,
          });
          record.failure = undefined;
          unasked = new Set(asked.paths);
        }
      }
      const differences = (await planner.compare(live, readBack)).filter((difference) => !unasked.has(difference.attribute));
      record.details = { step: 'result', readBack, differences };
      return {
        status: differences.length > 0 || unasked.size > 0 ? 'warning' : 'succeeded',
        summary:
          differences.length > 0
            ? `The target did not keep ${differences.length} value${differences.length === 1 ? '' : 's'} as sent: ${differences.map((difference) => `${difference.attribute} (${difference.kind})`).join(', ')}.`
            : unasked.size > 0
              ? `The target holds every value it returned as it was sent; ${[...unasked].join(', ')} not compared.`
              : 'The target holds every value as it was sent.',
        details: record.details,
      };
    });
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  }
  const failed = steps.find((candidate) => candidate.status === 'failed');
  return {
    version: provisionReportVersion,
    mode: options.apply ? 'apply' : 'dryRun',
    endpoint: client.root.href,
    compat: options.compat,
    subject,
    action,
    succeeded: failed === undefined,
    ...(failed ? { failedStep: failed.name } : {}),
    summary: failed ? `Stopped at "${failed.title}": ${failed.summary}` : summary,
    steps,
  };
}

function emptyDetails(name: StepName): StepDetails {
  switch (name) {
    case 'sample':
      return { step: 'sample', kind: 'user', id: '', label: '', attributes: {} };
    case 'scoping':
      return { step: 'scoping', scope: null };
    case 'matching':
      return { step: 'matching', lookup: null, target: null };
    case 'references':
      return { step: 'references', lookups: [] };
    case 'action':
      return { step: 'action', action: 'error', changes: [] };
    case 'result':
      return { step: 'result', readBack: null, differences: [] };
  }
}

/** What one step sent and noted; a failure recorded here ends the step (and the run). */
class StepRecord {
  readonly exchanges: Exchange[] = [];
  readonly notes: PlanNote[] = [];
  failure: StepFailure | undefined;
  details: StepDetails | undefined;

  constructor(
    private readonly step: StepName,
    private readonly client: ScimClient,
    private readonly secrets: () => readonly string[],
    private readonly limits: Pick<ScimCall, 'signal' | 'budget'>,
    private readonly compat: CompatMode,
  ) {}

  fail(failure: StepFailure): never {
    this.failure = failure;
    throw new Error(failure.message);
  }

  /** Records a write a dry run does not send. */
  planned(title: string, method: Exchange['method'], path: string, body: unknown): void {
    const target = splitRequestPath(path);
    // «id of the new user» stays readable: the id is known only once the create is sent.
    const url = this.client
      .url(target.path, target.query)
      .href.replace(/%C2%AB.*?%C2%BB/g, (placeholder) => decodeURIComponent(placeholder));
    this.exchanges.push({ title, method, url, ...(body !== undefined ? { requestBody: body } : {}), sent: false });
  }

  /** Sends a call; a 2xx answer gives its JSON body, anything else fails the step with what to do. */
  async send(title: string, method: Exchange['method'], path: string, body?: unknown): Promise<unknown> {
    const target = splitRequestPath(path);
    const url = this.client.url(target.path, target.query).href;
    const what = `${method} ${target.path}`;
    let response: HttpResponse;
    try {
      response = await this.client.send({ method, path: target.path, query: target.query, body, ...this.limits });
    } catch (error) {
      this.exchanges.push({ title, method, url, ...(body !== undefined ? { requestBody: body } : {}), sent: true });
      this.fail(transportFailure(error instanceof ScimError ? error : new ScimError('connection', String(error)), { method, what }));
    }
    const text = redact(response.text, this.secrets());
    const parsed = parseBody(text);
    const succeeded = response.status >= 200 && response.status <= 299;
    const answeredBy = this.client.answeredUrl(response);
    this.exchanges.push({
      title,
      method,
      url: answeredBy,
      ...(answeredBy !== url ? { redirectedFrom: url } : {}),
      ...(body !== undefined ? { requestBody: body } : {}),
      sent: true,
      status: response.status,
      ...(parsed !== undefined ? { responseBody: parsed } : {}),
      durationMs: response.latencyMs,
    });
    if (!succeeded) {
      const failure = httpFailure(response, { method, what, step: this.step }, this.secrets());
      const booleanStrings = response.status === 400 && this.compat === 'default' && sendsBooleanStrings(body);
      this.fail(booleanStrings ? { ...failure, action: `${failure.action} ${booleanStringsAdvice}` } : failure);
    }
    // A read is worth only its JSON: an HTML login page or a bare "OK" must not pass for "nothing found".
    if (method === 'GET') {
      try {
        this.client.parse(response);
      } catch (error) {
        const errorBody = scimErrorInBody(parsed, this.secrets()) !== undefined;
        this.fail({
          ...transportFailure(error as ScimError, { method, what }),
          kind: 'response',
          action: notScimAction(this.step, errorBody),
        });
      }
    } else {
      // A write answered 2xx with a SCIM Error body: Entra goes by the status, but the admin should know what the target said.
      const said = scimErrorInBody(parsed, this.secrets());
      if (said)
        this.notes.push({
          severity: 'warning',
          message: `${what} answered ${response.status}, but with ${said.error} in its body.${said.said} Entra goes by the status and counts the write as done; compare what the target kept.`,
        });
    }
    return parsed;
  }

  /** Fails the step when a read's answer is not the SCIM object it should be (RFC 7644 §3.4.1). */
  expectResource(body: unknown, what: string): LiveResource {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      this.fail({
        kind: 'response',
        message: `${what}: the target answered ${answerShape(body)}, not a SCIM resource.`,
        action: notScimAction(this.step),
      });
    return body as LiveResource;
  }

  /** The lookup's queries in precedence order until one finds the object. */
  async lookup(lookup: Lookup): Promise<{ result: LookupResult; resource: LiveResource | null }> {
    const attempts: Array<{ precedence: number; attribute: string; value: string; results: number }> = [];
    for (const query of lookup.queries) {
      this.notes.push(
        ...(query.notes ?? []).map((note) => ({
          ...note,
          message: `${query.attribute} eq ${JSON.stringify(query.value)}: ${note.message}`,
        })),
      );
      const body = (await this.send(
        `Match ${lookup.role === 'subject' ? '' : `${lookup.role} "${lookup.sampleId}" `}by ${query.attribute}`,
        'GET',
        query.path,
      )) as { totalResults?: unknown; Resources?: unknown } | undefined;
      const filter = `${query.attribute} eq ${JSON.stringify(query.value)}`;
      // Anything but a ListResponse is no answer: read as "not found", a real run would create a duplicate.
      const problem = listResponseProblem(body);
      if (problem)
        this.fail({
          kind: 'response',
          message: `The target answered the query ${filter} with ${problem}, not a SCIM ListResponse: Entra cannot tell whether the ${lookup.kind} exists, so it fails it.`,
          action: notScimAction(this.step),
        });
      const resources = Array.isArray(body!.Resources) ? (body!.Resources as LiveResource[]) : [];
      const results = typeof body!.totalResults === 'number' ? body!.totalResults : resources.length;
      attempts.push({ precedence: query.precedence, attribute: query.attribute, value: query.value, results });
      if (results > 1 || resources.length > 1) {
        this.fail({
          kind: 'matching',
          message: `${results} objects in the target match ${query.attribute} eq ${JSON.stringify(query.value)}: Entra fails an object that matches more than one.`,
          action:
            "Make the matching attribute unique in the target (remove or rename the duplicates), or match on a unique attribute. If the target holds no such duplicates, it ignores or mis-evaluates the filter: scimmap test-connection checks that with Entra's probe.",
        });
      }
      if (results === 1 && resources.length === 0) {
        this.fail({
          kind: 'response',
          message: `The target counts 1 match for ${query.attribute} eq ${JSON.stringify(query.value)} but returns no resource.`,
          action: 'The target must return the matching resource in "Resources" (RFC 7644 §3.4.2).',
        });
      }
      const [resource] = resources;
      if (resource) {
        // Entra addresses every later call to the id: without one, an update would go nowhere.
        if (typeof resource.id !== 'string' || resource.id === '')
          this.fail({
            kind: 'response',
            message: `The target returned the ${lookup.kind} that matches ${filter} without its "id".`,
            action: 'The target must return each resource with its id (RFC 7643 §3.1); Entra needs it for every later call.',
          });
        const id = resource.id;
        return {
          result: {
            sampleId: lookup.sampleId,
            role: lookup.role,
            label: lookup.label,
            matchedBy: { precedence: query.precedence, attribute: query.attribute, value: query.value },
            attempts,
            targetId: id,
          },
          resource,
        };
      }
    }
    return {
      result: {
        sampleId: lookup.sampleId,
        role: lookup.role,
        label: lookup.label,
        attempts,
        targetId: null,
        ...(lookup.problem ? { problem: lookup.problem } : {}),
      },
      resource: null,
    };
  }
}

/** The default PATCH format carries booleans as the strings "True" and "False" (entra-provisioning.md §4.4), which strict SCIM servers refuse. */
function sendsBooleanStrings(body: unknown): boolean {
  const operations = typeof body === 'object' && body !== null ? (body as { Operations?: unknown }).Operations : undefined;
  return (
    Array.isArray(operations) &&
    operations.some((operation) => {
      const value = typeof operation === 'object' && operation !== null ? (operation as { value?: unknown }).value : undefined;
      return value === 'True' || value === 'False';
    })
  );
}

const booleanStringsAdvice =
  'Without the aadOptscim062020 flag, Entra sends a boolean in a PATCH as the string "True" or "False", which this target may be refusing: if so, append ?aadOptscim062020 to the Tenant URL in Entra, which then sends JSON booleans, and select that PATCH format here (--compat aadOptscim062020).';

/** What to do about a read answered with something other than SCIM JSON: only the read-back comes after a write. */
function notScimAction(step: StepName, errorBody = false): string {
  // A SCIM Error body comes from a SCIM endpoint: the tenant URL is right, the failure is the one the server names.
  const check = errorBody
    ? 'The target reported a failure under a success status: act on what it said, then run again.'
    : "Check the tenant URL (scimmap test-connection sends Entra's probe and says what the endpoint answers): it must be the app's SCIM root, which answers in SCIM JSON.";
  return step === 'result'
    ? `The write before it was applied, but what the target holds could not be read, so nothing was compared. ${check}`
    : `Nothing was written. ${check}`;
}

/** How an answer that should be JSON looks, for a message. */
function answerShape(body: unknown): string {
  if (body === undefined) return 'an empty body';
  if (typeof body === 'string') return `a body that is not JSON ("${body.length > 80 ? `${body.slice(0, 80)}…` : body}")`;
  return Array.isArray(body) ? 'a JSON array' : `JSON ${body === null ? 'null' : `of type ${typeof body}`}`;
}

/** Why a matching query's answer is no ListResponse (RFC 7644 §3.4.2: "Resources" may be left out only when there are none). */
function listResponseProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return answerShape(body);
  const list = body as { totalResults?: unknown; Resources?: unknown };
  if (list.Resources === undefined) return list.totalResults === 0 ? undefined : 'an object without "Resources"';
  if (!Array.isArray(list.Resources)) return 'a "Resources" that is not an array';
  const odd = list.Resources.find((resource) => typeof resource !== 'object' || resource === null || Array.isArray(resource));
  return odd === undefined ? undefined : `a "Resources" holding ${answerShape(odd)}`;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parsePeerJson(text);
  } catch {
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
}

/** The object read back with the attributes a read that asked for them returned; an extension's object merged member by member. */
function withAttributes(readBack: LiveResource, answer: unknown): LiveResource {
  if (!isRecord(answer)) return readBack;
  const merged: Record<string, unknown> = { ...readBack };
  for (const [key, value] of Object.entries(answer)) {
    if (key === '__proto__') continue;
    const held = merged[key];
    merged[key] = isRecord(held) && isRecord(value) && key.toLowerCase().startsWith('urn:') ? { ...held, ...value } : value;
  }
  return merged;
}

// Provisioning on demand, the pure half: for one sample user or group, the lookups a run sends to a
// live target (the subject's matching queries, then its manager's or its members'), the writes Entra
// would send given what the target answered, and, after a real run, what the target did not keep.
// Every decision is previewUser/previewGroup's: the live objects simply replace the samples' "$target".
import type { MappingFile } from '../syntax/ast';
import type { Target } from '../schema/target';
import type {
  ActionPlan,
  CompatMode,
  Difference,
  LiveState,
  Lookup,
  MatchPlan,
  PlanNote,
  Planner,
  ScopeReport,
  SubjectKind,
} from '../../../shared/src/provisioning/plan';
import { blockOf, matchingQueries, previewGroup, previewUser, stoppingScope } from './requests';
import { requestOnlyAttributes } from './values';
import { clauseText, type ScopeVerdict } from './scoping';
import type { SourceObject } from '../evaluation/types';
import type { ModifiedAttribute, ObjectPreview, PreviewOptions, RequestNote } from './types';
import { notAmongUsers } from './users-source';
import { referenceOf, sampleLabel, type SampleGroup, type SampleSet, type SampleUser, type TargetResource } from '../schema/sample-data';

export interface OnDemandInput {
  readonly file: MappingFile;
  readonly samples: SampleSet;
  readonly kind: SubjectKind;
  readonly id: string;
  readonly compat: CompatMode;
  /** The target schema the mapping declares (default Genesys Cloud). */
  readonly targetSchema?: Target;
}

/** The kind of the sample with this id; the error completes "FILE ..." when there is none, or one of each kind. */
export function findSubject(samples: SampleSet, id: string): { kind: SubjectKind } | { error: string } {
  const user = samples.users.some((candidate) => candidate.id === id);
  const group = samples.groups.some((candidate) => candidate.id === id);
  if (user && group) return { error: `has both a user and a group with the id "${id}"; give one of them another "$id"` };
  if (user || group) return { kind: user ? 'user' : 'group' };
  const ids = [...samples.users, ...samples.groups].map((sample) => `"${sample.id}"`);
  return { error: `has no sample "${id}" (it has ${ids.join(', ') || 'none'})` };
}

export function planMatch(input: OnDemandInput): MatchPlan {
  const subject = subjectOf(input);
  const notes: PlanNote[] = [];
  const lookups: Lookup[] = [];
  const subjectLookup = lookupOf(input, input.kind, subject, 'subject');
  if (subjectLookup) lookups.push(subjectLookup);
  if (input.kind === 'user') {
    const ref = referenceOf(subject.attributes.manager);
    if (ref !== undefined) {
      const manager = input.samples.users.find((candidate) => candidate.id === ref);
      const lookup = manager && lookupOf(input, 'user', manager, 'manager');
      if (lookup) lookups.push(lookup);
      else if (!manager)
        notes.push({
          severity: 'warning',
          message: `The manager "${ref}" ${notAmongUsers(1, 'samples')}, so it cannot be looked up: the manager is left unset.`,
        });
    }
  } else {
    // Every sample user: the group's members to add, and the others to know which current members Entra provisioned (and may remove).
    const members = new Set((subject as SampleGroup).members);
    for (const user of input.samples.users) {
      const lookup = lookupOf(input, 'user', user, members.has(user.id) ? 'member' : 'user');
      if (lookup) lookups.push(lookup);
    }
    const sampleIds = new Set(input.samples.users.map((user) => user.id));
    for (const ref of members) {
      if (!sampleIds.has(ref))
        notes.push({
          severity: 'warning',
          message: `Member "${ref}" ${notAmongUsers(1, 'samples')}, so it cannot be looked up: Entra skips it.`,
        });
    }
  }
  const preview = matchingQueries(input.file, input.kind === 'user' ? 'users' : 'groups', subject, { targetSchema: input.targetSchema });
  return {
    subject: {
      kind: input.kind,
      id: subject.id,
      label: sampleLabel(subject),
      attributes: subject.attributes,
      ...(input.kind === 'group' ? { members: (subject as SampleGroup).members } : {}),
    },
    scope: preview?.scope && scopeReport(preview.scope, subject.attributes),
    lookups,
    notes,
  };
}

/** The writes Entra sends given what the target holds: the live objects stand in for the samples' "$target". */
export function planAction(input: OnDemandInput, live: LiveState): ActionPlan {
  const notes: PlanNote[] = [];
  const preview = previewAgainst(input, live, live[input.id] ?? undefined, input.compat, notes);
  const block = blockOf(input.file, input.kind === 'user' ? 'users' : 'groups');
  const asked = block && requestOnlyAttributes(block, input.targetSchema);
  return {
    action: preview.action,
    summary: preview.summary,
    requests: preview.requests.flatMap((request) =>
      request.method === 'GET'
        ? []
        : [{ title: request.title, method: request.method, path: request.path, body: request.body, notes: request.notes.map(planNote) }],
    ),
    changes: (preview.changes ?? []).map((change) => ({ attribute: change.attribute, current: change.current, value: change.value })),
    // A skip sends nothing: whether its manager or members are in the target says nothing (they may not have been looked up).
    notes: [...(preview.action === 'skip' ? [] : notes), ...preview.notes.map(planNote)],
    ...(asked && asked.attributes.length > 0 ? { askOnReadBack: asked } : {}),
  };
}

/**
 * What the target did not keep: the object read back after a run is planned against once more, in
 * the default format, as the object itself (not re-matched: a target that changed or dropped the
 * matching value would otherwise make it a create, with nothing to compare); every attribute the
 * plan would still change differs from what was sent, and after a create so does every value only
 * the POST sent (`on create` mappings, defaults). So does a value stored in another letter
 * case, although the plan sends nothing for it (the attribute is not caseExact): it is listed as
 * normalised, unless the target held it so before the run, when the run did not send it either.
 */
export function compareReadBack(input: OnDemandInput, live: LiveState, readBack: TargetResource): Difference[] {
  const before = live[input.id];
  const preview = previewAgainst(input, { ...live, [input.id]: readBack }, readBack, 'default', [], before ? 'updated' : 'created');
  const heldBefore = new Set(
    (before ? (previewAgainst(input, live, before, 'default', [], 'updated').caseOnly ?? []) : []).map((unsent) => caseOnlyKey(unsent)),
  );
  return [
    ...(preview.changes ?? []).map((change) => ({
      attribute: change.attribute,
      sent: change.value,
      stored: change.current ?? null,
      kind: differenceKind(change.value, change.current),
    })),
    ...(preview.caseOnly ?? [])
      .filter((recased) => !heldBefore.has(caseOnlyKey(recased)))
      .map((recased) => ({ attribute: recased.attribute, sent: recased.value, stored: recased.current, kind: 'normalised' as const })),
  ];
}

const caseOnlyKey = (difference: ModifiedAttribute) => `${difference.attribute}\u0000${JSON.stringify(difference.current)}`;

/** The planner the CLI uses: the core called directly. */
export function localPlanner(input: OnDemandInput): Planner {
  return {
    match: async () => planMatch(input),
    plan: async (live) => planAction(input, live),
    compare: async (live, readBack) => compareReadBack(input, live, readBack),
  };
}

function subjectOf(input: OnDemandInput): SampleUser | SampleGroup {
  const list: ReadonlyArray<SampleUser | SampleGroup> = input.kind === 'user' ? input.samples.users : input.samples.groups;
  const subject = list.find((candidate) => candidate.id === input.id);
  if (!subject) throw new Error(`The samples have no ${input.kind} "${input.id}".`);
  return subject;
}

function lookupOf(input: OnDemandInput, kind: SubjectKind, sample: SampleUser | SampleGroup, role: Lookup['role']): Lookup | undefined {
  const preview = matchingQueries(input.file, kind === 'user' ? 'users' : 'groups', sample, { targetSchema: input.targetSchema });
  if (!preview) return undefined;
  const steps = preview.matching.filter((step) => step.value !== null);
  const gets = preview.requests.filter((request) => request.method === 'GET');
  return {
    sampleId: sample.id,
    kind,
    role,
    label: sampleLabel(sample),
    queries: steps.map((step, index) => ({
      precedence: step.precedence,
      attribute: step.attribute,
      value: step.value!,
      path: gets[index].path,
      // Only the warnings: the preview's information (a later cycle skips the query) is about a target state typed by hand.
      notes: gets[index].notes.filter((note) => note.severity === 'warning').map(planNote),
    })),
    problem: preview.action === 'error' ? preview.notes.find((note) => note.severity === 'error')?.message : undefined,
  };
}

/**
 * The preview with the live state: samples looked up carry the live object as their target (those
 * not found carry none), a manager or member the target lacks is dropped from the subject as Entra
 * drops a reference it cannot resolve, and the subject's target is `target` (with `readBack`,
 * whatever its matching attributes hold).
 */
function previewAgainst(
  input: OnDemandInput,
  live: LiveState,
  target: TargetResource | undefined,
  compat: CompatMode,
  notes: PlanNote[],
  readBack?: PreviewOptions['readBack'],
): ObjectPreview {
  const withLive = <T extends SampleUser | SampleGroup>(sample: T): T => ({ ...sample, target: live[sample.id] ?? undefined });
  const users = input.samples.users.map(withLive);
  const groups = input.samples.groups.map(withLive);
  const samples: SampleSet = { users, groups };
  const options: PreviewOptions = { samples, target, readBack, matchedByEndpoint: true, compat, targetSchema: input.targetSchema };
  const subject = subjectOf({ ...input, samples });
  if (input.kind === 'user') {
    const user = subject as SampleUser;
    const ref = referenceOf(user.attributes.manager);
    if (ref !== undefined && !live[ref]) {
      const known = input.samples.users.some((candidate) => candidate.id === ref);
      notes.push({
        severity: 'warning',
        message: `The manager "${ref}" ${known ? 'is not in the target (no matching query found it)' : notAmongUsers(1, 'samples')}: Entra cannot resolve the reference, so it leaves the manager unset and sets it on a later cycle once the manager is provisioned.`,
      });
      const { manager: _manager, ...attributes } = user.attributes;
      return previewUser(input.file, { ...user, attributes }, options);
    }
    return previewUser(input.file, user, options);
  }
  const group = subject as SampleGroup;
  const missing = group.members.filter((ref) => !live[ref]);
  for (const ref of missing)
    notes.push({
      severity: 'warning',
      message: `Member "${ref}" is not in the target (no matching query found it): Entra skips it and adds it once the user is provisioned.`,
    });
  return previewGroup(input.file, { ...group, members: group.members.filter((ref) => live[ref]) }, options);
}

function scopeReport(scope: ScopeVerdict, attributes: SourceObject): ScopeReport {
  const undecided = stoppingScope(scope, attributes);
  return {
    inScope: scope.inScope,
    summary: scope.summary,
    filters: scope.filters.map((filter) => ({
      title: filter.title,
      result: filter.result,
      clauses: filter.clauses.map((clause) => ({ text: clauseText(clause.clause), result: clause.result, reason: clause.reason })),
    })),
    decidedBy: scope.decidedBy && {
      filter: scope.decidedBy.filter.title,
      clause: scope.decidedBy.clause && clauseText(scope.decidedBy.clause.clause),
    },
    ...(undecided && {
      undecided: {
        filter: undecided.filter.title,
        clause: clauseText(undecided.clause.clause),
        reason: undecided.clause.reason,
        ...(undecided.clause.invalid && { invalid: true as const }),
      },
    }),
  };
}

function planNote(note: RequestNote): PlanNote {
  return { severity: note.severity, message: note.message };
}

/** Dropped: nothing stored; normalised: the same value in another spelling (case, spaces, a date's time cut off); changed: anything else. */
function differenceKind(sent: unknown, stored: unknown): Difference['kind'] {
  if (stored === null || stored === undefined || stored === '' || (Array.isArray(stored) && stored.length === 0)) return 'dropped';
  const text = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value)).toLowerCase().replace(/\s+/g, '');
  const a = text(sent);
  const b = text(stored);
  if (a === b || (b.length >= 10 && a.startsWith(b) && /^\d{4}-\d{2}-\d{2}/.test(b))) return 'normalised';
  return 'changed';
}

// A provisioning cycle before the fact: every directory object through the mapping as Entra's
// cycle would take it (assignment, scoping, matching against the target's state, the action and
// its exact requests), one record per object shaped like an Entra provisioning log entry (Microsoft
// Graph `provisioningObjectSummary`: provisioningAction, provisioningStatusInfo, provisioningSteps,
// modifiedProperties, sourceIdentity, targetIdentity), and a summary of the cycle. Objects are
// simulated one at a time, so a directory streams through in constant memory apart from what a
// cycle must remember (the values that must be unique, the target objects already matched).
import { isCarriedBlock, type AttributeMapping, type MappingFile, type ObjectBlock } from '../syntax/ast';
import { findTargetResource, uniqueAttributes, type Target } from '../schema/target';
import { defaultTarget } from '../schema/target-format';
import { matchingMappings } from '../provisioning/matching';
import { comparesCaseExact } from '../provisioning/values';
import { elementPath, elementPathValue, type ResolvedPath } from '../provisioning/paths';
import { isRecord } from '../../../shared/src/json-object';
import { matchingQueries, previewGroup, previewUser } from '../provisioning/requests';
import type {
  CompatMode,
  MatchingStep,
  ModifiedAttribute,
  ObjectPreview,
  PreviewOptions,
  ScimRequest,
  UnprovisionedOutcome,
} from '../provisioning/types';
import { referenceOf, type SampleGroup, type SampleSet, type SampleUser, type TargetResource } from '../schema/sample-data';
import { EvaluationBudget } from '../evaluation/budget';
import { USUAL_OBJECTS } from '../entra/model';
import { escaped, quote } from '../provisioning/json-string';
import { ClaimedValues } from './claimed-values';
import type { DirectoryEntry } from './directory';
import type { TargetIndex } from './target-state';
import {
  createdBodyText,
  createdProperties,
  mappedValuesIn,
  detailEntries,
  detailsText,
  inOnePiece,
  isEnvelope,
  listText,
  PropertiesText,
  propertiesFollowedBy,
  propertyName,
  requestClosings,
  requestOpening,
  type RequestsEnd,
  stepOpening,
  stepText,
  TextCache,
} from './record-text';

/** How the cycle decides what is in scope (the app's provisioning settings). */
export interface CycleSettings {
  /** "Sync only assigned users and groups" (Entra's default) or "Sync all users and groups". */
  readonly scope: 'assigned' | 'all';
  /** Accidental deletions prevention: a cycle that would disable or delete more stops (Entra's default 500). */
  readonly deletionThreshold: number;
}

export const defaultCycleSettings: CycleSettings = { scope: 'assigned', deletionThreshold: 500 };

/** The settings a mapping states (`sync all`, `deletion threshold 100`), Entra's defaults for the rest. */
export function cycleSettingsOf(file: MappingFile): CycleSettings {
  let { scope, deletionThreshold } = defaultCycleSettings;
  for (const setting of file.cycle ?? []) {
    if (setting.kind === 'sync' && setting.value) scope = setting.value.text;
    if (setting.kind === 'deletionThreshold' && setting.value !== undefined) deletionThreshold = setting.value;
  }
  return { scope, deletionThreshold };
}

export interface SimulationOptions {
  readonly settings: CycleSettings;
  readonly compat?: CompatMode;
  readonly now?: Date;
  readonly seed?: number;
  readonly defaultDomain?: string;
  /** The target's current state; without it every object is new to the target. */
  readonly target?: TargetIndex;
  /** The mapping's target schema (the preview's typing of values, update-only groups, ...); Genesys Cloud when absent. */
  readonly targetSchema?: Target;
  /**
   * Whether an object without appRoleAssignments is known to be assigned to nothing (a caller's own
   * input); otherwise its assignment is unknown, it counts as assigned, and the summary says so.
   */
  readonly assignmentKnown: boolean;
  /** Keep each request's title, notes and the mapping span behind each value (`simulation.origins`): the editor's report links values to their lines. */
  readonly keepSources?: boolean;
}

/** Graph's provisioningAction values, plus what a preview can also conclude. */
export type ProvisioningAction = 'create' | 'update' | 'disable' | 'delete' | 'other';
/** What scimmap concluded, finer than provisioningAction: `noChange` and `skip` are both "other" in the log. */
export type SimulatedAction = 'create' | 'update' | 'disable' | 'delete' | 'skip' | 'noChange' | 'failure';
export type StepType = 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';

export interface ProvisioningStep {
  readonly name: string;
  readonly provisioningStepType: StepType;
  readonly status: 'success' | 'warning' | 'failure' | 'skipped';
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface ModifiedProperty {
  readonly displayName: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

/** Why Entra fails an object, and whether its writes were sent (a 409 answers one) or it stopped at matching. */
interface ObjectFailure {
  readonly reason: string;
  readonly sent: boolean;
  /** The errorCode Entra logs for it, where Microsoft documents one. */
  readonly code?: string;
}

export interface Rejection {
  /** The request and JSON pointer, or the attribute. */
  readonly where: string;
  readonly reason: string;
}

export interface ProvisioningRecord {
  readonly id: string;
  readonly provisioningAction: ProvisioningAction;
  readonly provisioningStatusInfo: {
    readonly status: 'success' | 'warning' | 'failure' | 'skipped';
    /** Graph's provisioningErrorInfo on a failure; null otherwise, as Graph writes it. */
    readonly errorInformation: {
      readonly errorCode: string | null;
      readonly reason: string;
      readonly additionalDetails: null;
      readonly errorCategory: 'nonServiceFailure';
      readonly recommendedAction: null;
    } | null;
  };
  readonly provisioningSteps: readonly ProvisioningStep[];
  readonly modifiedProperties: readonly ModifiedProperty[];
  readonly sourceIdentity: {
    readonly id: string;
    readonly displayName: string;
    readonly identityType: 'User' | 'Group';
    readonly details: { readonly where: string };
  };
  readonly targetIdentity: {
    readonly id: string | null;
    readonly displayName: string | null;
    readonly identityType: string;
    /** Graph's detailsInfo: nothing known of the target object beyond its id and name. */
    readonly details: Readonly<Record<string, string>>;
  };
  /** Graph's provisioningSystem: its id is the tenant's (a service principal's), which no simulation knows. */
  readonly sourceSystem: ProvisioningSystem<'Microsoft Entra ID'>;
  readonly targetSystem: ProvisioningSystem<string>;
  /** scimmap's own conclusions, beside the log's fields. */
  readonly simulation: {
    readonly action: SimulatedAction;
    readonly summary: string;
    readonly requests: ReadonlyArray<{ method: string; path: string; body?: unknown }>;
    readonly rejections: readonly Rejection[];
    readonly notes: readonly string[];
    /** With `keepSources`, one entry per request: what the preview knows beyond the wire form. */
    readonly origins?: ReadonlyArray<Pick<ScimRequest, 'title' | 'sources' | 'notes'>>;
  };
}

interface ProvisioningSystem<Name extends string> {
  readonly id: null;
  readonly displayName: Name;
  readonly details: Readonly<Record<string, string>>;
}

type RecordStatus = ProvisioningRecord['provisioningStatusInfo']['status'];

/** A record as a cycle outputs it: its JSON text, and the action the cycle's counts and a report's listing read. */
export interface SimulatedRecord {
  /** One line of JSON: what `JSON.stringify` gives for the ProvisioningRecord it stands for. */
  readonly text: string;
  /** What a report's table lists of the record, beside its text: the table need not read it back. */
  readonly action: SimulatedAction;
  readonly status: RecordStatus;
  readonly summary: string;
  readonly rejections: readonly Rejection[];
  /** As sourceIdentity gives it: the id is the Entra object id where the entry carries one (sourceIdOf). */
  readonly source: { readonly id: string; readonly displayName: string; readonly identityType: 'User' | 'Group' };
}

/** The record a text stands for, for readers of its fields. */
export function recordOf(simulated: SimulatedRecord): ProvisioningRecord {
  return JSON.parse(simulated.text) as ProvisioningRecord;
}

export interface SimulationSummary {
  readonly objects: number;
  readonly byAction: Readonly<Record<SimulatedAction, number>>;
  readonly byReason: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly topWarnings: ReadonlyArray<{ readonly warning: string; readonly count: number }>;
  readonly rejections: number;
  readonly settings: CycleSettings;
  /** Said when the input carried no assignment and everyone counted as assigned, and when the threshold stops the cycle. */
  readonly notes: readonly string[];
  /** Disables and deletes (users' and groups') over the threshold: Entra would stage them all and quarantine the job. */
  readonly stopsCycle: boolean;
}

/** The disables and deletes the accidental deletions threshold counts, beside it, as notes and stderr say them: "3 disables and deletes, threshold 2". */
export function thresholdCount({ byAction, settings }: Pick<SimulationSummary, 'byAction' | 'settings'>): string {
  const count = byAction.disable + byAction.delete;
  return `${count === 1 ? '1 disable or delete' : `${count} disables and deletes`}, threshold ${settings.deletionThreshold}`;
}

/** A stopped cycle, as simulate's exit and a test run say it (the summary's note says more). */
export function cycleStopText(summary: Pick<SimulationSummary, 'byAction' | 'settings'>): string {
  return `Entra would stop the cycle at the accidental deletions threshold (${thresholdCount(summary)}): it holds every disable and delete (StagedDelete), sending none of them until an admin allows the deletions`;
}

const targetSystemName = 'Genesys Cloud';
const actionsInLog: Record<SimulatedAction, ProvisioningAction> = {
  create: 'create',
  update: 'update',
  disable: 'disable',
  delete: 'delete',
  skip: 'other',
  noChange: 'other',
  failure: 'other',
};

/** One cycle: feed groups first (assignment through group membership is one level), then users, in any number. */
export class Simulation {
  private readonly counts: Record<SimulatedAction, number> = {
    create: 0,
    update: 0,
    disable: 0,
    delete: 0,
    skip: 0,
    noChange: 0,
    failure: 0,
  };
  private readonly reasons = new WordingTally();
  private readonly warnings = new WordingTally();
  private rejectionCount = 0;
  private objects = 0;
  /** Objects counted as assigned because nothing says whether they are (assignmentUnknown). */
  private readonly assignmentUnknown = { users: 0, groups: 0 };
  /**
   * The attributes the target keeps unique (a user's userName, an extension's employeeNumber), by object
   * type, each as Entra writes it (`attribute`) and where it sits in a resource, with its values
   * already claimed (uniqueKey), by the object that took them.
   */
  private readonly unique: Readonly<
    Record<
      'User' | 'Group',
      ReadonlyArray<{
        readonly attribute: string;
        readonly path: ResolvedPath;
        readonly caseExact: boolean;
        readonly claimed: ClaimedValues;
      }>
    >
  >;
  /** Target objects already matched, by the source that matched them. */
  private readonly matchedTargets = new Map<unknown, string>();
  /**
   * By matching attribute (its path in lower case), the values the objects this cycle wrote hold, by
   * the source written: a later matching query finds them as it finds the target state's. A unique
   * attribute's are its claimed values (the same store); another's are claimed when its write is accepted.
   */
  private readonly written: Readonly<Record<'User' | 'Group', Map<string, { readonly claimed: ClaimedValues; readonly unique: boolean }>>> =
    {
      User: new Map(),
      Group: new Map(),
    };
  /**
   * Target objects whose unique values this cycle changed: an accepted update's (a userName renamed),
   * by attribute, the value each holds now (uniqueKey), in place of the target state's; null for an
   * object an accepted delete removed, which holds none and answers no matching query.
   */
  private readonly changedTargets = new Map<TargetResource, Map<string, { readonly key: string; readonly caseExact: boolean }> | null>();
  /** Users assigned through an assigned group (one level, as Entra resolves group assignment). */
  private readonly assignedThroughGroups = new Set<string>();
  private readonly users = new Map<string, SampleUser>();
  /** The directory's groups: a member that is one is a nested group, which Entra does not provision as a member. */
  private readonly groups: SampleGroup[] = [];
  /** Members of the directory's groups: a user streamed from a CSV is kept when it is one, so its groups resolve it. */
  private readonly groupMembers = new Set<string>();
  /**
   * Known users (managers, members) the cycle leaves with no target object, and whether it fails or
   * skips them (PreviewOptions.unprovisioned): no reference to them resolves. Only users simulated so far.
   */
  private readonly unprovisioned = new Map<string, UnprovisionedOutcome>();
  /** Known users with the target object matching finds for them (managers, members). */
  private readonly resolvedUsers = new Map<string, SampleUser>();
  /** knownUsersAsSeen's list, with the number of known users it was made for. */
  private usersAsSeen?: { readonly count: number; readonly users: SampleUser[] };

  /** The source and target systems after targetIdentity's type: the target system is the cycle's. */
  private readonly systemsText: string;
  /** simulationOpening's texts, by action and summary. */
  private readonly simulationOpenings = new Map<SimulatedAction, TextCache>();
  /** Each mapping's target by its span's start, which names a create's modifiedProperties (createdProperties). */
  private readonly targets: ReadonlyMap<number, string>;
  /** The blocks, found once per cycle rather than once per object. */
  private readonly blocks: { readonly users?: ObjectBlock; readonly groups?: ObjectBlock };
  /**
   * The target identity's type, by the source identity's: the block's target object (Entra's
   * targetObjectName), the one the provisioning logs name (the enterprise User URN of a SCIM app's users).
   */
  private readonly targetTypes: Readonly<Record<'User' | 'Group', string>>;
  /** Each block's matching mappings, by precedence, with whether the target compares their values case-exactly: worked out once per cycle. */
  private readonly matching = new Map<ObjectBlock, ReadonlyArray<{ readonly mapping: AttributeMapping; readonly caseExact: boolean }>>();

  constructor(
    private readonly file: MappingFile,
    private readonly options: SimulationOptions,
  ) {
    this.blocks = { users: blockOf(file, 'users'), groups: blockOf(file, 'groups') };
    this.targets = mappingTargets(file);
    const targetObject = (object: ObjectBlock['object']) => this.blocks[object]?.objects?.target?.value ?? USUAL_OBJECTS[object].target;
    this.targetTypes = { User: targetObject('users'), Group: targetObject('groups') };
    const target = options.targetSchema ?? defaultTarget();
    const uniqueOf = (object: 'users' | 'groups') => {
      const resource = findTargetResource(target, object);
      if (!resource) return [];
      return uniqueAttributes(resource).map((entry) => ({
        attribute: entry.path,
        path: {
          text: entry.path,
          extension: entry.schema.id === resource.coreSchema ? undefined : entry.schema.id,
          attribute: entry.attribute.name,
        },
        caseExact: entry.attribute.caseExact,
        claimed: new ClaimedValues(),
      }));
    };
    this.unique = { User: uniqueOf('users'), Group: uniqueOf('groups') };
    const targetSystem = quote(options.targetSchema?.name ?? targetSystemName);
    this.systemsText = inOnePiece(
      `,"sourceSystem":{"id":null,"displayName":"Microsoft Entra ID","details":{}},"targetSystem":{"id":null,"displayName":${targetSystem},"details":{}}`,
    );
  }

  /** Users known before the stream (JSON inputs), so managers and members resolve. */
  know(users: Iterable<SampleUser>): void {
    for (const user of users) this.users.set(user.id, user);
  }

  /** Groups before users: an assigned group assigns its direct members. */
  registerGroup(group: SampleGroup): void {
    this.groups.push(group);
    for (const member of group.members) this.groupMembers.add(member);
    if (hasAssignments(group.attributes.appRoleAssignments)) for (const member of group.members) this.assignedThroughGroups.add(member);
  }

  /** The object's record as the cycle outputs it (its JSON text), counted into the summary. */
  simulateText(entry: DirectoryEntry): SimulatedRecord {
    this.objects++;
    return entry.kind === 'user' ? this.simulateUser(entry.sample, entry.where) : this.simulateGroup(entry.sample, entry.where);
  }

  /** The object's record, read from its text (simulateText): for readers of its fields (reports, impact, tests). */
  simulate(entry: DirectoryEntry): ProvisioningRecord {
    return recordOf(this.simulateText(entry));
  }

  /** Counts a record's action, reason and warnings into the summary. */
  private count(action: SimulatedAction, summary: string, rejections: readonly Rejection[]): void {
    this.counts[action]++;
    if (action === 'skip' || action === 'failure' || action === 'noChange') this.reasons.add(summary);
    for (const rejection of rejections) this.warnings.add(rejection.reason);
    this.rejectionCount += rejections.length;
  }

  summary(): SimulationSummary {
    const { settings } = this.options;
    const removals = this.counts.disable + this.counts.delete;
    const stopsCycle = removals > settings.deletionThreshold;
    const notes: string[] = [];
    const { users, groups } = this.assignmentUnknown;
    if (users + groups === this.objects && this.objects > 0) {
      notes.push(
        'The directory input carries no app role assignments (a Users CSV never does), so every user counted as assigned. With "Sync only assigned users and groups", Entra provisions only assigned users: export with assignments (Graph $expand=appRoleAssignments) to simulate that.',
      );
    } else if (users + groups > 0) {
      const counted = [
        users > 0 ? `${users} user${users === 1 ? '' : 's'}` : '',
        groups > 0 ? `${groups} group${groups === 1 ? '' : 's'}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      notes.push(
        `${counted} came without app role assignments (a Users CSV never carries them, a Graph export only with $expand=appRoleAssignments), so they counted as assigned. With "Sync only assigned users and groups", Entra provisions only assigned objects: export them with assignments to simulate that.`,
      );
    }
    if (stopsCycle) {
      notes.push(
        `${removals === 1 ? '1 disable or delete exceeds' : `${removals} disables and deletes exceed`} the accidental deletions threshold (${settings.deletionThreshold}): Entra would stage ${removals === 1 ? 'it' : 'them all'} (StagedDelete in its provisioning logs) and put the job in quarantine, sending none of ${removals === 1 ? 'its' : 'their'} requests until an admin allows the deletions. So every disable and delete record of this cycle is held, not sent; creates and updates are not held.`,
      );
    }
    const sorted = (tally: WordingTally) => tally.counts().sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      objects: this.objects,
      byAction: { ...this.counts },
      byReason: sorted(this.reasons).map(([reason, count]) => ({ reason, count })),
      topWarnings: sorted(this.warnings)
        .slice(0, 10)
        .map(([warning, count]) => ({ warning, count })),
      rejections: this.rejectionCount,
      settings,
      notes,
      stopsCycle,
    };
  }

  private simulateUser(user: SampleUser, where: string): SimulatedRecord {
    // Groups come after users: a member read from a CSV (streamed, not known before) is kept for them.
    if (this.groupMembers.has(user.id) && !this.users.has(user.id)) this.users.set(user.id, user);
    if (this.unknownAssignment(user)) this.assignmentUnknown.users++;
    return this.simulateObject('User', user, where, this.isAssigned(user), this.samplesFor(user));
  }

  private simulateGroup(group: SampleGroup, where: string): SimulatedRecord {
    if (this.unknownAssignment(group)) this.assignmentUnknown.groups++;
    return this.simulateObject('Group', group, where, this.isAssignedGroup(group), {
      users: this.knownUsersAsSeen(),
      groups: this.groups,
    });
  }

  /**
   * Every known user with its target object, as Entra sees it for a group (an unassigned user is no
   * member to add): made again only when users were added since, so once for all the groups, which
   * follow the users, rather than once a group.
   */
  private knownUsersAsSeen(): SampleUser[] {
    if (this.usersAsSeen?.count !== this.users.size) {
      const users = [...this.users.keys()].flatMap((id) =>
        this.sampleWithTarget(id).map((user) => (isEntitled(this.isAssigned(user), this.options.settings) ? user : softDeleted(user))),
      );
      this.usersAsSeen = { count: this.users.size, users };
    }
    return this.usersAsSeen.users;
  }

  /** Scoping, matching against the target's state (the preview again with the object found), the action and its requests. */
  private simulateObject(
    type: 'User' | 'Group',
    sample: SampleUser | SampleGroup,
    where: string,
    /** Whether the input assigns the object (isAssigned), whatever the scope setting. */
    assigned: boolean,
    samples: SampleSet | undefined,
  ): SimulatedRecord {
    const block = type === 'User' ? this.blocks.users : this.blocks.groups;
    const entitled = isEntitled(assigned, this.options.settings);
    // What is previewed: the sample, or one Entra does not provision as it sees it (IsSoftDeleted true).
    const subject = entitled ? sample : softDeleted(sample);
    const base = this.previewOptions(samples);
    let result = this.preview(type, subject, base);
    // A preview that skips an object out of scope (or soft-deleted, or unassigned) looks nothing up,
    // but Entra still does: it disables the object if it provisioned it before.
    const lookup =
      result.action === 'skip' && result.matching.length === 0 && this.options.target
        ? (matchingQueries(this.file, type === 'User' ? 'users' : 'groups', subject, base) ?? result)
        : result;
    const { candidates, earlier } = this.candidates(block, lookup, sample.target, sample.id);
    if (candidates.length === 1) result = this.preview(type, subject, { ...base, target: candidates[0], budget: new EvaluationBudget() });
    const steps = stepsAfterImportId(
      scopingStep(result, assigned, this.options.settings),
      result.matching.length > 0 ? result : lookup,
      candidates,
      this.options.target !== undefined || sample.target !== undefined,
      earlier,
    );
    const matched = candidates.length === 1 ? candidates[0] : undefined;
    const duplicate = this.duplicateMatch(sample.id, candidates, earlier);
    if (duplicate) {
      this.leavesUnprovisioned(type, sample.id, 'failure');
      // Microsoft's troubleshooting guide: an ambiguous matching rule fails with DuplicateTargetEntries.
      const code = candidates.length > 1 ? 'DuplicateTargetEntries' : undefined;
      return this.record(
        sample,
        type,
        where,
        result,
        steps,
        entitled,
        [duplicate],
        { reason: duplicate.reason, sent: false, code },
        matched,
      );
    }
    // A value another object of the directory already takes: the target answers 409 to the write, so the object fails.
    const collision = this.uniqueness(sample.id, result, type, matched);
    const failure = collision[0] ? { reason: collision[0].reason, sent: true } : certainRefusal(result);
    // A refused write leaves none of its values in the target: a later object may take them.
    if (failure) this.releaseClaims(sample.id, result, type);
    // A DELETE frees the object's values; a disable does not (Genesys Cloud: a userName "already in use by non-deleted user").
    else if (matched && simulatedAction(result) === 'delete') this.changedTargets.set(matched, null);
    else if (matched && (result.action === 'update' || result.action === 'disable')) this.noteRenames(matched, result, type);
    if (!failure && block && (result.action === 'create' || result.action === 'update')) this.noteWritten(block, type, sample.id, result);
    // With no object matched, only a create the target accepts leaves the user one (and an id); a
    // refused update keeps the object matching found, and a skip of a matched user leaves it in place.
    if (matched === undefined && (failure || result.action !== 'create'))
      this.leavesUnprovisioned(type, sample.id, failure || result.action === 'error' ? 'failure' : 'skip');
    return this.record(sample, type, where, result, steps, entitled, collision, failure, matched);
  }

  private preview(type: 'User' | 'Group', subject: SampleUser | SampleGroup, options: PreviewOptions): ObjectPreview {
    return type === 'User'
      ? previewUser(this.file, subject as SampleUser, options)
      : previewGroup(this.file, subject as SampleGroup, options);
  }

  private previewOptions(samples?: SampleSet): PreviewOptions {
    return {
      compat: this.options.compat,
      now: this.options.now,
      seed: this.options.seed,
      defaultDomain: this.options.defaultDomain,
      targetSchema: this.options.targetSchema,
      samples,
      usersSource: 'directory',
      unprovisioned: this.unprovisioned,
      // Each preview's own budget, made here rather than by copying these options again in the preview.
      budget: new EvaluationBudget(),
    };
  }

  /** Whether the input assigns the user, directly or through an assigned group; one whose input cannot say counts as assigned. */
  private isAssigned(user: SampleUser): boolean {
    if (this.assignmentUnstated(user)) return true;
    return hasAssignments(user.attributes.appRoleAssignments) || this.assignedThroughGroups.has(user.id);
  }

  /** A group is assigned itself: membership of an assigned group assigns users, not nested groups (one level, as Entra does). */
  private isAssignedGroup(group: SampleGroup): boolean {
    if (this.assignmentUnstated(group)) return true;
    return hasAssignments(group.attributes.appRoleAssignments);
  }

  /** An object whose input does not say whether it is assigned: it counts as assigned. */
  private assignmentUnstated(object: SampleUser | SampleGroup): boolean {
    return !this.options.assignmentKnown && object.attributes.appRoleAssignments === undefined;
  }

  /** Under "Sync only assigned users and groups", an object whose assignment decides its scope and is not stated (the summary counts them). */
  private unknownAssignment(object: SampleUser | SampleGroup): boolean {
    return this.options.settings.scope === 'assigned' && this.assignmentUnstated(object);
  }

  /** The manager (or nothing) as a sample set, with the target object it matches, so its reference resolves. */
  private samplesFor(user: SampleUser): SampleSet | undefined {
    const ref = referenceOf(user.attributes.manager);
    return ref === undefined ? undefined : { users: this.sampleWithTarget(ref), groups: [] };
  }

  private sampleWithTarget(id: string): SampleUser[] {
    const sample = this.users.get(id);
    if (!sample) return [];
    const block = this.blocks.users;
    if (sample.target || !block || !this.options.target) return [sample];
    let resolved = this.resolvedUsers.get(id);
    if (!resolved) {
      const preview = previewUser(this.file, sample, this.previewOptions());
      const { candidates } = this.findTarget(block, preview);
      resolved = candidates.length === 1 ? { ...sample, target: candidates[0] } : sample;
      this.resolvedUsers.set(id, resolved);
    }
    return [resolved];
  }

  /**
   * The target objects matching finds: in the target state when given, else the sample's own "$target"
   * (its state in the target, as the preview takes it); or, when none, the object the cycle wrote
   * earlier for another source that the query finds (`earlier`).
   */
  private candidates(
    block: ObjectBlock | undefined,
    preview: ObjectPreview,
    ownTarget: TargetResource | undefined,
    sourceId: string,
  ): { candidates: readonly TargetResource[]; earlier?: EarlierWrite } {
    if (block && this.options.target) return this.findTarget(block, preview, sourceId);
    if (ownTarget) return { candidates: [ownTarget] };
    return block ? this.findTarget(block, preview, sourceId) : { candidates: [] };
  }

  /**
   * The target objects the first matching attribute with a value finds, in precedence order (Entra
   * stops at the first that finds any): the target state's, then (with `sourceId`) the one another
   * source's write earlier in the cycle left holding the value.
   */
  private findTarget(
    block: ObjectBlock,
    preview: ObjectPreview,
    sourceId?: string,
  ): { candidates: readonly TargetResource[]; earlier?: EarlierWrite } {
    const index = this.options.target;
    const type = block.object === 'users' ? 'User' : 'Group';
    for (const { mapping, caseExact } of this.matchingOf(block)) {
      const step = matchingStep(preview, mapping);
      if (!step || step.value === null) continue;
      const store = sourceId === undefined ? undefined : this.written[type].get(step.attribute.toLowerCase());
      if (!index && !store) continue;
      const found = index?.candidates(block, mapping, step.value, caseExact) ?? [];
      // An object renamed (or deleted) earlier in the cycle no longer answers a query for its old value.
      const candidates =
        this.changedTargets.size === 0 ? found : found.filter((resource) => this.stillHolds(resource, step.attribute, step.value!));
      if (candidates.length > 0) return { candidates };
      const source = store?.claimed.ownerOf(uniqueKey(step.value, caseExact));
      if (source !== undefined && source !== sourceId)
        return { candidates: [], earlier: { source, attribute: step.attribute, value: step.value } };
    }
    return { candidates: [] };
  }

  private matchingOf(block: ObjectBlock): ReadonlyArray<{ readonly mapping: AttributeMapping; readonly caseExact: boolean }> {
    let found = this.matching.get(block);
    if (found === undefined) {
      found = matchingMappings(block).map(({ mapping }) => ({
        mapping,
        caseExact: comparesCaseExact(mapping, block.object, this.options.targetSchema),
      }));
      this.matching.set(block, found);
    }
    return found;
  }

  /**
   * Keeps the matching values of an object whose create or update the target accepts, so that a later
   * query finds its object: a unique attribute's are already claimed (uniqueness), another's are claimed here.
   */
  private noteWritten(block: ObjectBlock, type: 'User' | 'Group', sourceId: string, preview: ObjectPreview): void {
    for (const { mapping, caseExact } of this.matchingOf(block)) {
      const step = matchingStep(preview, mapping);
      if (!step || step.value === null) continue;
      const name = step.attribute.toLowerCase();
      let store = this.written[type].get(name);
      if (!store) {
        const unique = this.unique[type].find(({ attribute }) => attribute.toLowerCase() === name);
        this.written[type].set(name, (store = { claimed: unique?.claimed ?? new ClaimedValues(), unique: unique !== undefined }));
      }
      if (!store.unique) store.claimed.claim(uniqueKey(step.value, caseExact), sourceId);
    }
  }

  /** One source matching several target objects, or a target object another source matched already: Entra fails the object. */
  private duplicateMatch(sourceId: string, candidates: readonly TargetResource[], earlier?: EarlierWrite): Rejection | undefined {
    if (earlier)
      return {
        where: 'matching',
        reason: `the matching query (${earlier.attribute} "${earlier.value}") finds the target object written earlier in this cycle for "${earlier.source}", already matched by it: two sources match one target object`,
      };
    if (candidates.length > 1) {
      return {
        where: 'matching',
        reason: `the matching query finds ${candidates.length} objects in the target (ids ${candidates.map((candidate) => JSON.stringify(String(candidate.id))).join(', ')}): Entra cannot tell which one is this object and fails it`,
      };
    }
    if (candidates.length === 1) {
      const earlier = this.matchedTargets.get(candidates[0]);
      if (earlier !== undefined)
        return {
          where: 'matching',
          reason: `the target object ${String(candidates[0].id)} is already matched by "${earlier}": two sources match one target object`,
        };
      this.matchedTargets.set(candidates[0], sourceId);
    }
    return undefined;
  }

  /**
   * A value the target keeps unique (its schema's `uniqueness`: Genesys Cloud's and RFC 7643's
   * userName), already claimed by another object of this directory or held by another object of the
   * target's state: the target answers 409 to the write.
   */
  private uniqueness(sourceId: string, preview: ObjectPreview, type: 'User' | 'Group', matched: TargetResource | undefined): Rejection[] {
    if (preview.action !== 'create' && preview.action !== 'update') return [];
    const unique = this.unique[type];
    for (let index = 0; index < unique.length; index++) {
      const { attribute, path, caseExact, claimed } = unique[index];
      const value = sentValue(preview, path);
      if (value === undefined) continue;
      const earlier = claimed.claim(uniqueKey(value, caseExact), sourceId);
      if (earlier !== undefined && earlier !== sourceId)
        return [
          {
            where: attribute,
            reason: `${attribute} "${value}" is also what "${earlier}" maps to: the target keeps ${attribute} unique and answers 409 Conflict for the second`,
          },
        ];
      const holder = this.options.target
        ?.holders(type === 'User' ? 'users' : 'groups', path, value, caseExact)
        .find((resource) => resource !== matched && this.stillHolds(resource, attribute, value));
      if (holder)
        return [
          {
            where: attribute,
            reason: `${attribute} "${value}" is held by the target's object ${JSON.stringify(String(holder.id))} (in the target state): the target keeps ${attribute} unique and answers 409 Conflict`,
          },
        ];
    }
    return [];
  }

  /** Remembers a known user that the cycle leaves with no target object, for the managers and members that refer to it. */
  private leavesUnprovisioned(type: 'User' | 'Group', id: string, outcome: UnprovisionedOutcome): void {
    if (type === 'User' && this.users.has(id)) this.unprovisioned.set(id, outcome);
  }

  /** Remembers the unique values an accepted update or disable of a matched object changes: its old ones are free for later objects. */
  private noteRenames(matched: TargetResource, preview: ObjectPreview, type: 'User' | 'Group'): void {
    for (const { attribute, caseExact } of this.unique[type]) {
      const value = preview.changes?.find((change) => change.attribute === attribute)?.value;
      if (typeof value !== 'string') continue;
      let renamed = this.changedTargets.get(matched);
      if (!renamed) this.changedTargets.set(matched, (renamed = new Map()));
      renamed.set(attribute, { key: uniqueKey(value, caseExact), caseExact });
    }
  }

  /** Whether a target object holds `value` (found in the target state at `attribute`) still, not renamed or deleted since by this cycle. */
  private stillHolds(resource: TargetResource, attribute: string, value: string): boolean {
    const changed = this.changedTargets.get(resource);
    if (changed === null) return false;
    const now = changed?.get(attribute);
    return now === undefined || now.key === uniqueKey(value, now.caseExact);
  }

  /** Gives back the unique values an object claimed (uniqueness): those it still holds, not an earlier object's. */
  private releaseClaims(sourceId: string, preview: ObjectPreview, type: 'User' | 'Group'): void {
    for (const { path, caseExact, claimed } of this.unique[type]) {
      const value = sentValue(preview, path);
      if (value !== undefined) claimed.release(uniqueKey(value, caseExact), sourceId);
    }
  }

  /**
   * From the target identity's name (its quote, if it has one) through its type, the systems and the
   * simulation's action and summary to the first request's path: kept by action and summary, then by
   * identity type, whether the name is there and the first request's method.
   */
  private simulationOpening(
    type: 'User' | 'Group',
    named: boolean,
    action: SimulatedAction,
    summary: string,
    requests: readonly ScimRequest[],
  ): string {
    const first = requests.length === 0 ? undefined : requests[0].method;
    const method = first === undefined ? requestMethods.length : requestMethods.indexOf(first);
    if (method === -1) return this.simulationOpeningText(type, named, action, summary, first);
    let openings = this.simulationOpenings.get(action);
    if (!openings) this.simulationOpenings.set(action, (openings = new TextCache()));
    const variant = (method * 2 + (type === 'User' ? 0 : 1)) * 2 + (named ? 1 : 0);
    return (
      openings.get(summary, variant) ?? openings.keep(summary, this.simulationOpeningText(type, named, action, summary, first), variant)
    );
  }

  private simulationOpeningText(type: 'User' | 'Group', named: boolean, action: SimulatedAction, summary: string, first?: string): string {
    const requestsOpening = first === undefined ? '' : requestOpening(first, 0);
    return `${named ? '"' : ''},"identityType":${quote(this.targetTypes[type])},"details":{}}${this.systemsText},"simulation":{"action":"${action}","summary":"${escaped(summary)}","requests":[${requestsOpening}`;
  }

  private record(
    sample: SampleUser | SampleGroup,
    identityType: 'User' | 'Group',
    where: string,
    preview: ObjectPreview,
    steps: StepsText,
    /** Whether Entra provisions the object (isEntitled): a skip of one it does not says so. */
    entitled: boolean,
    rejections: Rejection[],
    failure: ObjectFailure | undefined,
    /** The one target object matching found. */
    matched: TargetResource | undefined,
  ): SimulatedRecord {
    const id = sample.id;
    const concluded = simulatedAction(preview);
    // An object out of scope that the target keeps (a Genesys Cloud group is never deleted) is skipped, as an unassigned user is: not unchanged.
    const attempted = concluded === 'noChange' && (!entitled || preview.scope?.inScope === false) ? 'skip' : concluded;
    const action: SimulatedAction = failure ? 'failure' : attempted;
    // A write the target refused keeps the action it attempted in the log (Create, Failure); a failure at matching attempted none.
    const logged = actionsInLog[failure?.sent ? attempted : action];
    for (const request of preview.requests) {
      for (const note of request.notes)
        if (note.severity !== 'information')
          rejections.push({
            where: `${request.method} ${request.path}${note.pointer && note.pointer !== 'path' ? ` ${note.pointer}` : ''}`,
            reason: note.message,
          });
    }
    // An error of a preview that still sends its writes is a certain refusal (certainRefusal); a failed preview's error is its summary.
    for (const note of preview.notes)
      if (note.severity === 'warning' || (note.severity === 'error' && preview.action !== 'error'))
        rejections.push({ where: 'object', reason: note.message });
    const summary = failure
      ? `Entra fails the object: ${failure.reason}.`
      : attempted === 'disable' && preview.action === 'update'
        ? disablingUpdateSummary(preview, identityType)
        : preview.summary;
    this.count(action, summary, rejections);
    // A failure at matching sends no write (only its queries are listed); a 409 answers a write that was sent.
    const stopped = failure !== undefined && !failure.sent;
    const requests = stopped ? preview.requests.filter((request) => request.method === 'GET') : preview.requests;
    const status: RecordStatus =
      action === 'failure'
        ? 'failure'
        : action === 'skip' || action === 'noChange'
          ? 'skipped'
          : rejections.length > 0
            ? 'warning'
            : 'success';
    const target = targetIdentity(preview, requests, matched);
    const origins = this.options.keepSources
      ? `,"origins":${JSON.stringify(requests.map(({ title, sources, notes }) => ({ title, sources, notes })))}`
      : '';
    const written = requestsAndProperties(requests, !stopped, preview.changes, this.targets);
    const idText = escaped(id);
    const sourceId = sourceIdOf(sample);
    const sourceIdText = sourceId === id ? idText : escaped(sourceId);
    const displayName = sourceName(sample);
    // The ProvisioningRecord's fields in its order, as JSON.stringify would write them: the fixed runs
    // between two values are one kept text each (strings' quotes in them), the same for most objects.
    const text =
      `${recordOpenings[identityType]}${idText}${recordHead(identityType, logged, status, summary, failure?.code)}${sourceIdText}${steps.text}` +
      `${exportStep(steps, failure?.sent ? failedExportOpenings[logged] : exportOpenings[action], skipReasonOf(action, entitled), summary, requests.length)}${written.properties.closedBy(sourceIdentityOpenings)}` +
      `${sourceIdText}","displayName":"${escaped(displayName)}${whereOpenings[identityType]}${escaped(where)}${targetIdentityText(target)}` +
      `${this.simulationOpening(identityType, target.displayName !== null, action, summary, requests)}${written.requests}` +
      recordTail(written.requestsEnd, rejections, informationOf(preview), origins);
    return { text, action, status, summary, rejections, source: { id: sourceId, displayName, identityType } };
  }
}

/** The object another source's write earlier in the cycle left in the target, found by a matching query for `value`. */
interface EarlierWrite {
  readonly source: string;
  readonly attribute: string;
  readonly value: string;
}

/**
 * Each mapping's target as the mapping names it (`emails[type eq "work"].value`), by the start of the
 * mapping's span: what a request's `sources` give for each value (a create's modifiedProperties, the
 * report's links from them to mapping lines).
 */
export function mappingTargets(file: MappingFile): Map<number, string> {
  const targets = new Map<number, string>();
  for (const block of file.blocks) for (const mapping of block.mappings) targets.set(mapping.span.start, mapping.target.name);
  return targets;
}

/** Whether the mapping provisions groups (an enabled groups block), so the target's state needs its groups. */
export function provisionsGroups(file: MappingFile): boolean {
  const block = blockOf(file, 'groups');
  return block !== undefined && block.enabled?.value !== false;
}

/** The matching queries Entra sends for the directory's groups (`/Groups?excludedAttributes=members&filter=...`), each once. */
export function groupMatchingQueries(file: MappingFile, groups: Iterable<SampleGroup>, targetSchema?: Target): string[] {
  const queries = new Set<string>();
  for (const group of groups)
    for (const request of previewGroup(file, group, { targetSchema }).requests) if (request.method === 'GET') queries.add(request.path);
  return [...queries];
}

function blockOf(file: MappingFile, object: ObjectBlock['object']): ObjectBlock | undefined {
  return file.blocks.find((block) => block.object === object && !isCarriedBlock(block));
}

function hasAssignments(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** Whether Entra provisions an object (IsEffectivelyEntitledForProvisioning): an assigned one, or any under "Sync all users and groups". */
function isEntitled(assigned: boolean, settings: CycleSettings): boolean {
  return assigned || settings.scope === 'all';
}

/** An object as Entra sees it when it is not assigned to the app: IsSoftDeleted true, so it is out of scope. */
function softDeleted<T extends SampleUser | SampleGroup>(object: T): T {
  return { ...object, attributes: { ...object.attributes, IsSoftDeleted: true } };
}

function simulatedAction(preview: ObjectPreview): SimulatedAction {
  switch (preview.action) {
    case 'update':
      // accountEnabled false makes IsSoftDeleted true: the update that sets active false is a disable in the logs.
      return disablingPatch(preview) ? 'disable' : 'update';
    case 'create':
    case 'disable':
    case 'delete':
      return preview.action;
    case 'error':
      return 'failure';
    case 'skip':
      return 'skip';
    case 'none':
      return preview.requests.some((request) => request.method === 'DELETE') ? 'delete' : 'noChange';
  }
}

/** The PATCH that sets active false, if any: its operation `active`, or the key of the flag's merged replace. */
function disablingPatch(preview: ObjectPreview): ScimRequest | undefined {
  return preview.requests.find(
    (request) =>
      request.method === 'PATCH' &&
      patchOperationsOf(request).some((operation) =>
        operation.path === 'active'
          ? isFalse(operation.value)
          : operation.path === undefined && isRecord(operation.value) && isFalse(operation.value.active),
      ),
  );
}

/**
 * An update that sets active false, said as the disable it is, with what else it changes: "Entra
 * disables the user and updates 4 other attributes", where the preview of the update counts the
 * active flag among "Entra updates 5 attributes". The count is the preview's: one per operation, or
 * per key of the flag's merged replace.
 */
function disablingUpdateSummary(preview: ObjectPreview, type: 'User' | 'Group'): string {
  const disabling = disablingPatch(preview)!;
  let others = -1;
  for (const operation of patchOperationsOf(disabling))
    others += operation.path === undefined && isRecord(operation.value) ? Object.keys(operation.value).length : 1;
  // An update's other PATCH is the manager's, sent in a second round trip.
  const setsManager = preview.requests.some((request) => request.method === 'PATCH' && request !== disabling);
  return `Entra disables the ${type === 'User' ? 'user' : 'group'}${
    others > 0 ? ` and updates ${others} other attribute${others === 1 ? '' : 's'}` : ''
  }${setsManager ? ', then sets the manager' : ''}.`;
}

function patchOperationsOf(request: ScimRequest): Array<Record<string, unknown>> {
  const body = request.body;
  return isRecord(body) && Array.isArray(body.Operations) ? body.Operations.filter(isRecord) : [];
}

function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

/** Distinct reasons or warnings counted one by one; past this many, a directory's values leak into their wording and the rest are counted together. */
const distinctTallied = 1_000;
const otherTally = '(other reasons, each worded differently)';

/**
 * Reasons or warnings counted by their wording (reasonKey), in bounded memory whatever the directory
 * holds. A quoted part that differs from object to object is shown as "…"; one every object of the
 * wording shares (`is not "True" or "False"`) is shown as it is.
 */
class WordingTally {
  private readonly wordings = new Map<string, { count: number; readonly quoted: string[]; readonly varies: boolean[] }>();
  private others = 0;

  add(text: string): void {
    const key = reasonKey(text);
    const known = this.wordings.get(key);
    if (known === undefined) {
      if (this.wordings.size < distinctTallied) this.wordings.set(key, { count: 1, quoted: quotedParts(text), varies: [] });
      else this.others++;
      return;
    }
    known.count++;
    const quoted = quotedParts(text);
    for (let index = 0; index < known.quoted.length; index++) if (quoted[index] !== known.quoted[index]) known.varies[index] = true;
  }

  /** Each wording with its count. */
  counts(): Array<[string, number]> {
    const counts: Array<[string, number]> = [];
    for (const [key, { count, quoted, varies }] of this.wordings) {
      let index = 0;
      const wording = key.replace(/"…"/g, (blank) => {
        const part = varies[index] ? blank : quoted[index];
        index++;
        return part ?? blank;
      });
      counts.push([wording, count]);
    }
    if (this.others > 0) counts.push([otherTally, this.others]);
    return counts;
  }
}

function quotedParts(text: string): string[] {
  return text.match(/"[^"]*"/g) ?? [];
}

/** Counts reasons by their wording, without the values that differ from object to object. */
export function reasonKey(summary: string): string {
  return summary.replace(/"[^"]*"/g, '"…"').replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, '…');
}

/** Shared by every record that has none (most). */
const noNotes: readonly string[] = Object.freeze([]);

/** The preview's information notes, as the record lists them. */
function informationOf(preview: ObjectPreview): readonly string[] {
  let notes: string[] | undefined;
  for (const note of preview.notes) if (note.severity === 'information') (notes ??= []).push(note.message);
  return notes ?? noNotes;
}

/** The record's opening up to its id, by identity type. */
const recordOpenings = { User: '{"id":"user:', Group: '{"id":"group:' } as const;

/** The import step up to the object's id in its description, by identity type. */
const importOpenings = {
  User: inOnePiece(`${stepOpening('EntryImport', 'import', 'success')}Retrieved User '`),
  Group: inOnePiece(`${stepOpening('EntryImport', 'import', 'success')}Retrieved Group '`),
};

/** The import step after the object's id, to the scoping step. */
const importClosing = `' from Microsoft Entra ID","details":{}},`;

const recordStatuses: readonly RecordStatus[] = ['success', 'warning', 'skipped', 'failure'];

/**
 * From the end of the record's id to the import step's id: the action, the status and the import
 * step's opening, kept by type, action and status (a failure's reason, its summary, goes between).
 */
const recordHeads = { User: new TextCache(), Group: new TextCache() };
/** After a failure's reason: the rest of Graph's provisioningErrorInfo (a failure the target causes is a nonServiceFailure), then the steps. */
const failureClosing = '","additionalDetails":null,"errorCategory":"nonServiceFailure","recommendedAction":null}},"provisioningSteps":[';
const failureStepOpenings = {
  User: inOnePiece(`${failureClosing}${importOpenings.User}`),
  Group: inOnePiece(`${failureClosing}${importOpenings.Group}`),
};

function recordHead(type: 'User' | 'Group', action: ProvisioningAction, status: RecordStatus, summary: string, errorCode?: string): string {
  const heads = recordHeads[type];
  const variant = recordStatuses.indexOf(status);
  const key = errorCode === undefined ? action : `${action} ${errorCode}`;
  const head = heads.get(key, variant) ?? heads.keep(key, recordHeadText(type, action, status, errorCode), variant);
  return status === 'failure' ? `${head}${escaped(summary)}${failureStepOpenings[type]}` : head;
}

/** A record's head (recordHead); a failure's up to its reason, after Graph's errorCode. */
function recordHeadText(type: 'User' | 'Group', action: ProvisioningAction, status: RecordStatus, errorCode: string | undefined): string {
  const opening = `","provisioningAction":"${action}","provisioningStatusInfo":`;
  return status === 'failure'
    ? `${opening}{"status":"failure","errorInformation":{"errorCode":${errorCode === undefined ? 'null' : quote(errorCode)},"reason":"`
    : `${opening}{"status":"${status}","errorInformation":null},"provisioningSteps":[${importOpenings[type]}`;
}

/** The fixed openings of the steps, by step and status. */
const scopingOpenings = {
  success: stepOpening('EntrySynchronizationScoping', 'scoping', 'success'),
  skipped: stepOpening('EntrySynchronizationScoping', 'scoping', 'skipped'),
  /** scimmap cannot evaluate a clause that decides (scope.undecided): the cycle cannot tell what Entra does. */
  failure: stepOpening('EntrySynchronizationScoping', 'scoping', 'failure'),
};
const matchingOpenings = {
  success: stepOpening('EntryImport', 'matching', 'success'),
  failure: stepOpening('EntryImport', 'matching', 'failure'),
};

/**
 * A scoping step without a deciding filter, the same for every object of its case, and the text from
 * the import step's id through it to the details of each matching step that follows it, kept by the
 * matching step's description and status: most objects' steps are one piece up to their values.
 */
interface SharedScopingStep {
  readonly text: string;
  readonly throughMatching: TextCache;
}

/** Shared scoping steps by whether the input assigns the object, the cycle syncs all and the object is in scope (scopingCase), then by description. */
const sharedScopingSteps = Array.from({ length: 8 }, () => new Map<string, SharedScopingStep>());
const sharedScopingKept = 1_000;

function scopingCase(assigned: boolean, syncAll: boolean, inScope: boolean): number {
  return (assigned ? 1 : 0) + (syncAll ? 2 : 0) + (inScope ? 4 : 0);
}

/** The scoping step: `Assigned` states the input's fact, `Scope sync all` the setting; either puts the object in scope. */
function scopingStep(preview: ObjectPreview, assigned: boolean, settings: CycleSettings): string | SharedScopingStep {
  const scope = preview.scope;
  const syncAll = settings.scope === 'all';
  const entitled = isEntitled(assigned, settings);
  const inScope = entitled && (scope?.inScope ?? true);
  const description = !entitled
    ? 'Not assigned to the application (and "Sync only assigned users and groups" is set): out of scope'
    : (scope?.summary ?? 'In scope');
  // A soft-deleted object is disabled whatever its scope: only a preview the unknown scope stopped fails here.
  const undecided = entitled && preview.action === 'error' ? scope?.undecided : undefined;
  const opening = scopingOpenings[inScope ? 'success' : undecided ? 'failure' : 'skipped'];
  const names = ['Assigned', 'Scope sync all'];
  // Booleans as the logs' step details write them.
  const values = [assigned ? 'True' : 'False', syncAll ? 'True' : 'False'];
  const decided = scope?.decidedBy ?? undecided;
  if (decided) {
    names.push('ScopeEvaluationResult');
    values.push(decided.clause ? `${decided.filter.title}: ${decided.clause.reason}` : decided.filter.title);
    return stepText(opening, description, detailsText(names, values));
  }
  // Without a deciding filter, nothing else varies from object to object: the step is the same for every object of its case.
  const steps = sharedScopingSteps[scopingCase(assigned, syncAll, inScope)];
  let step = steps.get(description);
  if (step === undefined) {
    const text = stepText(opening, description, detailsText(names, values));
    if (steps.size >= sharedScopingKept) return text;
    steps.set(description, (step = { text: inOnePiece(text), throughMatching: new TextCache() }));
  }
  return step;
}

const matchingDetailNames = new Map<string, string[]>();

/** `1. userName`, made once per matching attribute and precedence rather than once per object. */
function matchingDetailName(precedence: number, attribute: string): string {
  let byPrecedence = matchingDetailNames.get(attribute);
  if (!byPrecedence) matchingDetailNames.set(attribute, (byPrecedence = []));
  return (byPrecedence[precedence] ??= `${precedence}. ${attribute}`);
}

/** The steps from the import step's id to the matching step's last detail value, and whether they end in one (its quote open) rather than in the details' opening brace. */
interface StepsText {
  readonly text: string;
  readonly endsInValue: boolean;
}

/** The matching step's description without a target state (the impact of a change reads it: nothing is known of the target). */
export const noTargetState = 'No target state given: matching finds nothing, as against an empty target';

/** A matching step, from its comma to its details' opening brace, by status and description. */
const matchingHeads = { success: new TextCache(), failure: new TextCache() };

function stepsAfterImportId(
  scoping: string | SharedScopingStep,
  preview: ObjectPreview,
  candidates: readonly TargetResource[],
  againstState: boolean,
  earlier: EarlierWrite | undefined,
): StepsText {
  const names: string[] = [];
  const values: string[] = [];
  for (const step of preview.matching) {
    names.push(matchingDetailName(step.precedence, step.attribute));
    values.push(step.value ?? '(no value: skipped)');
  }
  const found = candidates.length === 1 ? candidates[0] : undefined;
  if (found && typeof found.id === 'string') {
    names.push('TargetId');
    values.push(found.id);
  }
  const description = earlier
    ? `Found the target object written earlier in this cycle for "${earlier.source}"`
    : !againstState
      ? noTargetState
      : candidates.length === 0
        ? 'No object in the target matches'
        : candidates.length === 1
          ? `Matched the target object ${String(found?.id)}`
          : `${candidates.length} objects in the target match`;
  const status = candidates.length > 1 ? 'failure' : 'success';
  const variant = status === 'success' ? 0 : 1;
  const head =
    typeof scoping === 'string'
      ? `${importClosing}${scoping}${matchingHead(status, description)}`
      : (scoping.throughMatching.get(description, variant) ??
        scoping.throughMatching.keep(description, `${importClosing}${scoping.text}${matchingHead(status, description)}`, variant));
  const entries = detailEntries(names, values);
  return { text: `${head}${entries}`, endsInValue: entries !== '' };
}

function matchingHead(status: 'success' | 'failure', description: string): string {
  const heads = matchingHeads[status];
  return heads.get(description) ?? heads.keep(description, `,${matchingOpenings[status]}${escaped(description)}","details":{`);
}

/**
 * The export step's name for each kind of write, as the provisioning logs spell it: EntryExportAdd,
 * EntryExportUpdate and EntryExportDelete from Microsoft Graph's provisioningObjectSummary examples
 * and the Workday tutorial; EntryExportUpdateSoftDelete, a disable, only from the provisioning
 * team's digest report script (docs/simulation.md).
 */
const exportNames = {
  create: 'EntryExportAdd',
  update: 'EntryExportUpdate',
  disable: 'EntryExportUpdateSoftDelete',
  delete: 'EntryExportDelete',
} as const;

/** The export step's opening for each action, with its status; a failure at matching is EntrySynchronizationError, as nothing was exported. */
const exportOpenings: Readonly<Record<SimulatedAction, string>> = {
  create: stepOpening(exportNames.create, 'export', 'success'),
  update: stepOpening(exportNames.update, 'export', 'success'),
  disable: stepOpening(exportNames.disable, 'export', 'success'),
  delete: stepOpening(exportNames.delete, 'export', 'success'),
  skip: stepOpening('EntrySynchronizationSkip', 'export', 'skipped'),
  noChange: stepOpening('EntrySynchronizationSkip', 'export', 'skipped'),
  failure: stepOpening('EntrySynchronizationError', 'export', 'failure'),
};

/** A write the target refused: the export step of the write attempted, failed (Graph's example of a 409: EntryExportAdd, failure). */
const failedExportOpenings: Readonly<Record<ProvisioningAction, string>> = {
  create: stepOpening(exportNames.create, 'export', 'failure'),
  update: stepOpening(exportNames.update, 'export', 'failure'),
  disable: stepOpening(exportNames.disable, 'export', 'failure'),
  delete: stepOpening(exportNames.delete, 'export', 'failure'),
  other: stepOpening('EntrySynchronizationError', 'export', 'failure'),
};

/** The SkipReason a skip's export step gives, as the logs write it: nothing to change, or an object not assigned. */
type SkipReason = 'RedundantExport' | 'NotEffectivelyEntitled';
const skipReasons: ReadonlyArray<SkipReason | undefined> = [undefined, 'RedundantExport', 'NotEffectivelyEntitled'];

/**
 * From the matching step's end (its last value's quote, or its empty details) through the export
 * step to the modifiedProperties' opening, kept by the step's opening and summary (most summaries are
 * shared by many objects), then by request count, skip reason and how the matching step ends.
 */
const exportSteps = new Map<string, TextCache>();

function exportStep(matching: StepsText, opening: string, skipReason: SkipReason | undefined, summary: string, requests: number): string {
  let steps = exportSteps.get(opening);
  if (!steps) exportSteps.set(opening, (steps = new TextCache()));
  const variant = (requests * skipReasons.length + skipReasons.indexOf(skipReason)) * 2 + (matching.endsInValue ? 1 : 0);
  return (
    steps.get(summary, variant) ??
    steps.keep(
      summary,
      `${matching.endsInValue ? '"' : ''}}},${opening}${escaped(summary)}","details":{"Requests":"${requests}${
        skipReason === undefined ? '' : `","SkipReason":"${skipReason}`
      }"}}],"modifiedProperties":`,
      variant,
    )
  );
}

/** The source identity after the modifiedProperties, up to its id (PropertiesText.closedBy). */
const sourceIdentityOpenings = propertiesFollowedBy(',"sourceIdentity":{"id":"');

/** The source identity after its display name, up to its `where`, by identity type. */
const whereOpenings = {
  User: '","identityType":"User","details":{"where":"',
  Group: '","identityType":"Group","details":{"where":"',
} as const;

/** The target identity's id and name as they are written after the source identity's `where`, up to the name's text (its quote open) or through its null. */
function targetIdentityText(target: { id: string | null; displayName: string | null }): string {
  const { id, displayName } = target;
  if (id === null)
    return displayName === null
      ? '"}},"targetIdentity":{"id":null,"displayName":null'
      : `"}},"targetIdentity":{"id":null,"displayName":"${escaped(displayName)}`;
  return `"}},"targetIdentity":{"id":"${escaped(id)}${displayName === null ? '","displayName":null' : `","displayName":"${escaped(displayName)}`}`;
}

/** The methods a record's first request is kept by (simulationOpening); the last variant is no request. */
const requestMethods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/**
 * From the last request's end through the rejections and the notes to the record's end: kept by how
 * the requests end (requestClosings) when there are no rejections and at most one note (most objects).
 */
const recordTails = new TextCache();

function recordTail(requestsEnd: RequestsEnd, rejections: readonly Rejection[], notes: readonly string[], origins: string): string {
  if (rejections.length > 0 || notes.length > 1 || origins !== '') return recordTailText(requestsEnd, rejections, notes, origins);
  const variant = requestsEnd * 2 + notes.length;
  const note = notes[0] ?? '';
  return recordTails.get(note, variant) ?? recordTails.keep(note, recordTailText(requestsEnd, rejections, notes, origins), variant);
}

function recordTailText(requestsEnd: RequestsEnd, rejections: readonly Rejection[], notes: readonly string[], origins: string): string {
  return `${requestClosings[requestsEnd]}],"rejections":${listText(rejections)},"notes":${listText(notes)}${origins}}}`;
}

/**
 * The object in the target: its id (from the write's path, or the object matching found) and its name
 * there (the userName or displayName a create sends, or the matched object's).
 */
function targetIdentity(
  preview: ObjectPreview,
  requests: ObjectPreview['requests'],
  matched: TargetResource | undefined,
): { id: string | null; displayName: string | null } {
  const write = requests.find((request) => request.method !== 'GET');
  // A create's path (/Users) names no id: only a path with a second slash can.
  const match = write && write.path.indexOf('/', 1) !== -1 ? /^\/(?:Users|Groups)\/([^/?]+)/.exec(write.path) : null;
  const body = preview.requests.find((request) => request.method === 'POST')?.body;
  const named = isRecord(body) ? body : matched;
  const name = named === undefined ? null : stringOr(named.userName, stringOr(named.displayName, null));
  const id = match ? decodeURIComponent(match[1]) : stringOr(matched?.id, null);
  return { id, displayName: name };
}

/**
 * The source identity's id, as the logs give it (Graph's sourceIdentity.id, the import step's
 * "Retrieved User '…'"): the Entra object id the entry carries (a samples entry's `objectId` beside its
 * `$id`), else its id in the input. The record's own key stays `user:` and the input's id.
 */
function sourceIdOf(sample: SampleUser | SampleGroup): string {
  const objectId = sample.attributes.objectId;
  return typeof objectId === 'string' && objectId.trim() !== '' ? objectId : sample.id;
}

/** Who the object is, as the logs name the source identity: its display name, else a user's sign-in name or mail, else its id. */
function sourceName(sample: SampleUser | SampleGroup): string {
  const attributes = sample.attributes;
  for (const name of ['displayName', 'userPrincipalName', 'mail']) {
    const value = attributes[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return sample.id;
}

function stringOr<T>(value: unknown, otherwise: T): string | T {
  return typeof value === 'string' ? value : otherwise;
}

/** A write that the target refuses for certain (a required value missing, an error on a value): Entra fails the object, its writes sent. */
function certainRefusal(preview: ObjectPreview): ObjectFailure | undefined {
  if (preview.action !== 'create' && preview.action !== 'update' && preview.action !== 'disable') return undefined;
  let error = preview.notes.find((note) => note.severity === 'error');
  for (const request of preview.requests) error ??= request.notes.find((note) => note.severity === 'error');
  return error && { reason: error.message.replace(/\.$/, ''), sent: true };
}

/** A unique or written value as the target compares it (RFC 7643 §7): as sent when its attribute is caseExact, else in lower case. */
function uniqueKey(value: string, caseExact: boolean): string {
  return caseExact ? value : value.toLowerCase();
}

/** The value a create or update sends for a top-level attribute (`path` of the core schema or an extension), if any. */
function sentValue(preview: ObjectPreview, path: ResolvedPath): string | undefined {
  const attribute = path.text;
  for (const request of preview.requests) {
    const body = request.body;
    if (!isRecord(body)) continue;
    if (request.method === 'POST') {
      // A create body holds an extension's attributes in the extension's object (RFC 7643 §3.3).
      const container = path.extension === undefined ? body : body[path.extension];
      if (isRecord(container) && typeof container[path.attribute] === 'string') return container[path.attribute] as string;
    }
    if (request.method === 'PATCH' && Array.isArray(body.Operations)) {
      for (const operation of body.Operations) {
        if (!isRecord(operation)) continue;
        if (operation.path === attribute && typeof operation.value === 'string') return operation.value;
        if (operation.path === undefined && isRecord(operation.value) && typeof operation.value[attribute] === 'string')
          return operation.value[attribute] as string;
      }
    }
  }
  const step = preview.matching.find((candidate) => candidate.attribute === attribute);
  return step?.value ?? undefined;
}

/**
 * The record's requests in their wire form, from the first one's path to the last one's end
 * (requestsEnd: the fixed text around them is the record's), and its modifiedProperties (what changes
 * in the target, as the log lists it: a create's values by mapping (createdProperties, `targets`), or
 * each PATCH operation's path and value, with the value it replaces among the preview's `changes`).
 */
function requestsAndProperties(
  requests: readonly ScimRequest[],
  withProperties: boolean,
  changes: readonly ModifiedAttribute[] | undefined,
  targets: ReadonlyMap<number, string>,
): { requests: string; requestsEnd: RequestsEnd; properties: PropertiesText } {
  const properties = new PropertiesText();
  let wire = '';
  let requestsEnd: RequestsEnd = 0;
  for (let index = 0; index < requests.length; index++) {
    const { method, path, body } = requests[index];
    let bodyText: string | undefined;
    if (method === 'POST' && isRecord(body)) {
      const created = createdBodyText(body);
      bodyText = created.text;
      if (withProperties) createdProperties(body, requests[index].sources, targets, properties, created.verbatim);
    } else if (body !== undefined) {
      bodyText = JSON.stringify(body);
      if (withProperties && method === 'PATCH' && isRecord(body) && Array.isArray(body.Operations))
        patchedProperties(body.Operations, properties, changes, requests[index].sources, targets);
    }
    // The first request's opening is in the text before the list (simulationOpening).
    const opening = index === 0 ? '' : requestOpening(method, requestsEnd);
    wire += bodyText === undefined ? `${opening}${escaped(path)}` : `${opening}${escaped(path)}","body":${bodyText}`;
    requestsEnd = bodyText === undefined ? 1 : 2;
  }
  return { requests: wire, requestsEnd, properties };
}

/**
 * Each PATCH operation's path and value as modified properties, but the envelope's (isEnvelope), with
 * the target's value before: an add's is none (what it adds is new); a replace's is the changed
 * attribute's current value (the preview's change named by the operation's path, or by the key of
 * the flag's merged replace) at the same place; a remove's is what it takes away. The values a
 * mapping sets inside an operation on another path (a role's, mappedValuesIn) are named by the mapping's target.
 */
function patchedProperties(
  operations: readonly unknown[],
  properties: PropertiesText,
  changes: readonly ModifiedAttribute[] | undefined,
  sources: ScimRequest['sources'],
  targets: ReadonlyMap<number, string>,
): void {
  for (let index = 0; index < operations.length; index++) {
    const operation = operations[index];
    if (!isRecord(operation)) continue;
    const op = String(operation.op ?? '').toLowerCase();
    const path = typeof operation.path === 'string' ? operation.path : '';
    const value = operation.value;
    const old = (name: string) => (op === 'add' ? undefined : currentValue(changes, name));
    if (isEnvelope(path)) continue;
    if (op === 'remove') removedProperties(path, value, properties);
    else if (path === '' && isRecord(value)) {
      // A replace without a path (the flag's merges): each key is an attribute of its own.
      for (const key in value)
        if (Object.prototype.hasOwnProperty.call(value, key) && !isEnvelope(key))
          properties.addLeaves(value[key], propertyName('', key), old(key));
    } else {
      const mapped = mappedValuesIn({ index, path, value }, sources, targets);
      if (mapped.length === 0) properties.addLeaves(value, path, old(path));
      for (const { name, value: set } of mapped) properties.addLeaves(set, name, old(name));
    }
  }
}

/** The target's value now of the attribute a change of the preview names. */
function currentValue(changes: readonly ModifiedAttribute[] | undefined, attribute: string): unknown {
  return changes?.find((change) => change.attribute === attribute)?.current;
}

/** A remove's properties: each element it takes away (removedProperty), with no new value. */
function removedProperties(path: string, value: unknown, properties: PropertiesText): void {
  if (value === undefined) {
    properties.add(path, null, elementPathValue(path) ?? null);
    return;
  }
  for (const element of Array.isArray(value) ? value : [value]) {
    const { name, old } = removedProperty(path, element);
    properties.add(name, null, old);
  }
}

/**
 * An element of a remove operation's value as a property: the member it takes away named by its id,
 * as the flag's remove addresses it (`members[value eq "id"]`, so both dialects name it alike), the
 * id its old value; else the operation's path, its old value not known.
 */
export function removedProperty(path: string, element: unknown): { readonly name: string; readonly old: string | null } {
  const removed = isRecord(element) ? element.value : element;
  return typeof removed === 'string' ? { name: elementPath(path, removed), old: removed } : { name: path, old: null };
}

/** The SkipReason of an object's export step: RedundantExport for no change, NotEffectivelyEntitled for an unassigned object Entra skips. */
function skipReasonOf(action: SimulatedAction, entitled: boolean): SkipReason | undefined {
  if (action === 'noChange') return 'RedundantExport';
  return action === 'skip' && !entitled ? 'NotEffectivelyEntitled' : undefined;
}

/** The preview's matching query of a mapping, if it made one. */
function matchingStep(preview: ObjectPreview, mapping: AttributeMapping): MatchingStep | undefined {
  // A loop, not find with a closure: every object asks, once or twice a matching mapping.
  for (const step of preview.matching) if (step.span === mapping.span) return step;
  return undefined;
}

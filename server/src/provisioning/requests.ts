// The SCIM requests Entra sends for one sample object, in order (Microsoft Learn "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID",
// §4.3-§4.8, docs/requests.md): scoping, the matching queries by precedence, then the create, the
// update, the disable or nothing, and the second round trip for the manager. Pure: the same file,
// sample and options give the same requests.
import { EvaluationBudget } from '../evaluation/budget';
import { isCarriedBlock, type AttributeMapping, type MappingFile, type ObjectBlock, type Span, type TargetAction } from '../syntax/ast';
import type { EvalOutcome, SourceObject } from '../evaluation/types';
import { matchingMappings, matchingQueryPath } from './matching';
import { createBody, CreateLayouts, patchBody, patchOperations, type BuiltBody, type Change, type OutgoingValue } from './bodies';
import { elementPath, memberOf, readTargetValue, resolvePath } from './paths';
import { isRecord } from '../../../shared/src/json-object';
import type {
  MatchingStep,
  ModifiedAttribute,
  ObjectPreview,
  PreviewAction,
  PreviewOptions,
  RequestNote,
  RequestPlaceholder,
  ScimRequest,
  UnprovisionedOutcome,
} from './types';
import {
  addsRolesOnly,
  evaluateMappings,
  isManagerMapping,
  placeholdersOf,
  readsAttribute,
  roleValues,
  sameValue,
  tooManyValues,
  wireValue,
  type EvaluatedMapping,
} from './values';
import { referenceOf, type SampleGroup, type SampleUser, type TargetResource } from '../schema/sample-data';
import { defaultTarget } from '../schema/target-format';
import { entraWritableAttributes, findTargetResource, type Target, type TargetResource as ResourceSchema } from '../schema/target';
import { bitwiseScopeNotes, evaluateScope, invalidFilterText, type ScopeVerdict } from './scoping';
import { flowingUserAttributes, guestNote } from './guest-upn';
import { notAmongUsers } from './users-source';

const groupSchemaMicrosoft = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

/** Every preview evaluates within one budget (evaluation/budget.ts): the caller's, shared with its other previews, or its own. */
function withBudget(options: PreviewOptions): PreviewOptions {
  if (options.budget) return options;
  // Object.assign, not a spread: every preview without a caller's budget copies its options.
  const own: { -readonly [K in keyof PreviewOptions]: PreviewOptions[K] } = Object.assign({}, options);
  own.budget = new EvaluationBudget();
  return own;
}

/** The requests Entra sends for a sample user: with `options.target` an update (or disable), else a create. */
export function previewUser(file: MappingFile, user: SampleUser, given: PreviewOptions = {}): ObjectPreview {
  const options = withBudget(given);
  const block = activeBlock(file, 'users');
  if ('action' in block) return block;
  const scope = evaluateScope(block, user.attributes);
  const notes: RequestNote[] = [];
  const softDeletedReason = truthy(user.attributes.IsSoftDeleted)
    ? 'IsSoftDeleted is true (the user is soft-deleted in Entra or unassigned from the app)'
    : !scope.inScope
      ? scope.summary
      : undefined;
  const accountDisabled = falsy(user.attributes.accountEnabled);
  const manager = resolveManager(block, user, options, notes);
  // What Entra adds to the user's attributes, read over them rather than copied in: IsSoftDeleted, and the manager's id (none hides the reference).
  const added: UserAdditions = { IsSoftDeleted: softDeletedReason !== undefined || accountDisabled, manager: manager.value };
  if (accountDisabled && softDeletedReason === undefined)
    notes.push({
      severity: 'information',
      message:
        'accountEnabled is false, so Entra evaluates IsSoftDeleted as True: the user is provisioned disabled (Microsoft Learn: How Application Provisioning works in Microsoft Entra ID).',
    });
  const entries = evaluateMappings(block, mappedAttributes(user, notes), options, added);
  const flow = new Flow('users', block, entries, scope, notes, options);
  const targetName = flow.target.name;
  // A soft-deleted user is disabled whatever its scope; otherwise an unknown scope leaves nothing to show.
  if (stoppingScope(scope, user.attributes)) return flow.finish('error', scope.summary);

  if (options.target === undefined) {
    if (softDeletedReason !== undefined)
      return flow.finish('skip', `Entra skips the user: ${softDeletedReason}. It was never provisioned, so nothing is sent.`);
    if (!flow.match(undefined)) return flow.failed();
    if (!flow.allows('create'))
      return flow.finish('skip', "No user matches, and create is not among the block's target object actions: Entra skips the user.");
    return flow.create(manager);
  }
  const id = flow.targetId(options.target);
  if (softDeletedReason !== undefined) {
    if (!flow.allows('update'))
      return flow.finish(
        'skip',
        `${softDeletedReason}; update is not among the block's target object actions, so Entra does not disable the user.`,
      );
    return flow.disable(id, softDeletedReason);
  }
  if (!flow.match(options.target)) return flow.failed();
  if (!flow.matched && !options.readBack && !options.matchedByEndpoint) {
    notes.push({
      severity: 'warning',
      message: `No matching query finds the given target state (its values differ from what the matching attributes give), so Entra would create a new user; ${targetName} answers 409 if the userName is taken.`,
    });
    if (!flow.allows('create'))
      return flow.finish('skip', "No user matches, and create is not among the block's target object actions: Entra skips the user.");
    return flow.create(manager);
  }
  if (!flow.allows('update'))
    return flow.finish('skip', "The user matches, but update is not among the block's target object actions: Entra leaves it alone.");
  return flow.update(id, options.target, manager);
}

/** The requests Entra sends for a sample group: create or attribute updates and member add/remove PATCHes, as far as the target supports them. */
export function previewGroup(file: MappingFile, group: SampleGroup, given: PreviewOptions = {}): ObjectPreview {
  const options = withBudget(given);
  const block = activeBlock(file, 'groups');
  if ('action' in block) return block;
  const scope = evaluateScope(block, group.attributes);
  // A group deleted in Entra, or not assigned to the app, is out of scope whatever the filters say.
  const outOfScope = truthy(group.attributes.IsSoftDeleted)
    ? 'IsSoftDeleted is true (the group is deleted in Entra or not assigned to the app)'
    : !scope.inScope
      ? scope.summary
      : undefined;
  const notes: RequestNote[] = [];
  const entries = evaluateMappings(block, group.attributes, options);
  const flow = new Flow('groups', block, entries, scope, notes, options);
  const targetName = flow.target.name;
  if (stoppingScope(scope, group.attributes)) return flow.finish('error', scope.summary);
  const members = entries.find((entry) => entry.role === 'members');
  /** No group in the target matches: Entra creates it if the block allows, and fails if the target cannot (Genesys Cloud). */
  const notFound = (): ObjectPreview => {
    const creates = flow.supports('create');
    if (!flow.allows('create')) {
      if (creates)
        return flow.finish('skip', "No group matches, and create is not among the block's target object actions: Entra skips the group.");
      return flow.finish(
        'skip',
        `No group matches: ${targetName} groups are never created by provisioning (the target has no POST /Groups), so Entra skips the group. Create it in ${targetName} with the same ${flow.matchingAttribute ?? 'displayName'} first.`,
      );
    }
    if (!creates)
      notes.push({
        severity: 'error',
        message: `The groups block allows create, but ${targetName} has no POST /Groups: this request fails. Remove create from the groups block's actions.`,
        span: block.actions?.span,
      });
    return flow.createGroup(
      members ? memberIds(file, group, options, notes, members).map((member) => ({ ...member, span: members.mapping.span })) : [],
    );
  };
  if (options.target === undefined) {
    if (outOfScope !== undefined) return flow.finish('skip', `Entra skips the group: ${outOfScope}.`);
    if (!flow.match(undefined)) return flow.failed();
    return notFound();
  }
  const id = flow.targetId(options.target);
  if (outOfScope !== undefined) {
    const deletes = flow.allows('delete');
    if (deletes && flow.supports('delete')) return flow.deleteGroup(id);
    if (flow.supports('delete'))
      return flow.finish('none', "The group left scope, and delete is not among the block's target object actions: nothing is sent.");
    return flow.finish(
      'none',
      `The group left scope. ${deletes ? `Entra would send DELETE /Groups/${id.value}, but ${targetName} cannot delete groups through SCIM; remove delete from the groups block's actions.` : `${targetName} groups are never deleted: nothing is sent.`}`,
    );
  }
  if (!flow.match(options.target)) return flow.failed();
  if (!flow.matched && !options.readBack && !options.matchedByEndpoint) {
    notes.push({
      severity: 'warning',
      message: `No matching query finds the given target state (its ${flow.matchingAttribute ?? 'displayName'} differs), so Entra treats the group as missing.`,
    });
    return notFound();
  }
  if (!flow.allows('update'))
    return flow.finish('skip', "The group matches, but update is not among the block's target object actions: Entra leaves it alone.");
  return flow.updateGroup(
    id,
    options.target,
    members ? { entry: members, ids: memberIds(file, group, options, notes, members) } : undefined,
  );
}

/** The unknown scope that stops an object's preview (and a run on demand): none for a soft-deleted object, which Entra disables whatever its scope. */
export function stoppingScope(scope: ScopeVerdict, attributes: SourceObject): ScopeVerdict['undecided'] {
  return truthy(attributes.IsSoftDeleted) ? undefined : scope.undecided;
}

/**
 * The matching queries for a sample user or group whatever its scope, in precedence order (what
 * provisioning on demand sends to find the object in a live target): an object out of scope is
 * still looked up, as Entra disables one it provisioned before. Undefined without an active block.
 */
export function matchingQueries(
  file: MappingFile,
  object: ObjectBlock['object'],
  sample: SampleUser | SampleGroup,
  options: PreviewOptions = {},
): ObjectPreview | undefined {
  const block = activeBlock(file, object);
  if ('action' in block) return undefined;
  const notes: RequestNote[] = [];
  const entries =
    object === 'users'
      ? evaluateMappings(block, mappedAttributes(sample, notes), options, { IsSoftDeleted: truthy(sample.attributes.IsSoftDeleted) })
      : evaluateMappings(block, sample.attributes, options);
  const flow = new Flow(object, block, entries, evaluateScope(block, sample.attributes), notes, options);
  if (!flow.match(undefined)) return flow.failed();
  return flow.finish(
    'none',
    `The ${object === 'users' ? 'user' : 'group'} is looked up by ${flow.matchingAttribute ?? 'its matching attributes'}.`,
  );
}

interface ManagerReference {
  /** The manager's id in the target (or its placeholder text); undefined when there is no manager or Entra skips it. */
  readonly value?: string;
  readonly placeholders: RequestPlaceholder[];
}

interface TargetId {
  readonly value: string;
  readonly placeholders: RequestPlaceholder[];
}

interface MemberId {
  readonly value: string;
  readonly placeholders: RequestPlaceholder[];
}

/** The state of one preview while it is built: the requests so far and the notes. */
class Flow {
  readonly requests: ScimRequest[] = [];
  /** What an update or disable changes, attribute by attribute. */
  private readonly modified: ModifiedAttribute[] = [];
  private readonly caseOnly: ModifiedAttribute[] = [];
  matched = false;
  matchingAttribute: string | undefined;
  private readonly matching: MatchingStep[] = [];
  readonly target: Target;
  private readonly resource;
  /** The entries createValues took values from, as bits of their positions (CreateLayouts). */
  private present = 0;

  constructor(
    private readonly object: ObjectBlock['object'],
    private readonly block: ObjectBlock,
    private readonly entries: EvaluatedMapping[],
    private readonly scope: ScopeVerdict,
    private readonly notes: RequestNote[],
    private readonly options: PreviewOptions,
  ) {
    this.target = options.targetSchema ?? defaultTarget();
    if (scope.filters.length > 0) notes.push(...bitwiseScopeNotes(scope));
    // Validation reports a block whose object the target lacks; the preview then shows the SCIM core shapes.
    this.resource = findTargetResource(this.target, object) ?? findTargetResource(defaultTarget(), object)!;
  }

  /** Whether the target can perform an action on this resource at all (Genesys Cloud: groups only update). */
  supports(action: TargetAction): boolean {
    return this.resource.supportedActions?.includes(action) ?? true;
  }

  private get targetName(): string {
    return this.target.name;
  }

  private get noun(): string {
    return this.object === 'users' ? 'user' : 'group';
  }

  allows(action: TargetAction): boolean {
    const actions = this.block.actions?.actions;
    if (actions === undefined) return true;
    // A loop, not some with a closure: every preview asks.
    for (const name of actions) if (name.action === action) return true;
    return false;
  }

  targetId(target: TargetResource): TargetId {
    if (typeof target.id === 'string' && target.id !== '') return { value: target.id, placeholders: [] };
    this.notes.push({
      severity: 'warning',
      message: `The target state has no "id": Entra addresses the ${this.noun} by the id ${this.targetName} gave it.`,
    });
    return {
      value: `«id of the ${this.noun} in ${this.targetName}»`,
      placeholders: [{ kind: 'targetId', note: `The id ${this.targetName} assigned to the ${this.noun}.` }],
    };
  }

  /** The entry of a mapping (a loop, not find with a new closure: this runs for every previewed object). */
  private entryOf(mapping: AttributeMapping): EvaluatedMapping | undefined {
    for (const entry of this.entries) if (entry.mapping === mapping) return entry;
    return undefined;
  }

  /** The first entry in the given role (the manager reference). */
  private entryIn(role: EvaluatedMapping['role']): EvaluatedMapping | undefined {
    for (const entry of this.entries) if (entry.role === role) return entry;
    return undefined;
  }

  /** Adds the matching queries, stopping at the first that finds `target`; false when Entra cannot match at all. */
  match(target: TargetResource | undefined): boolean {
    const matching = matchingMappings(this.block);
    if (matching.length === 0) {
      this.notes.push({
        severity: 'error',
        message: `The ${this.block.object} block has no matching attribute (add "match 1" to a mapping): Entra cannot look the ${this.noun} up.`,
        span: this.block.keyword.span,
      });
      return false;
    }
    for (const { mapping, precedence } of matching) {
      const entry = this.entryOf(mapping);
      if (!entry) continue;
      this.matchingAttribute ??= entry.path.text;
      const value = matchingValue(entry.outcome);
      const found =
        target === undefined || value === null
          ? undefined
          : sameMatchingValue(readTargetValue(target, entry.path), value, entry.leaf?.caseExact ?? false);
      this.matching.push({ precedence, attribute: entry.path.text, value, span: mapping.span, found });
      if (value === null) continue;
      const placeholders = placeholdersOf(entry.outcome);
      const notes: RequestNote[] = [];
      if (value.includes('"') || value.includes('\\'))
        notes.push({
          severity: 'warning',
          message:
            'The value holds a quote or backslash, escaped as RFC 7644 requires; Entra is known to fail filter queries on values with special characters (Microsoft Learn: Known issues for provisioning in Microsoft Entra ID).',
          pointer: 'path',
          span: mapping.span,
        });
      if (target !== undefined)
        notes.push({
          severity: 'information',
          message: `Entra sends this query the first time it meets the ${this.noun}; later cycles use the id it cached and skip it.`,
        });
      if (this.target.serviceProvider?.filter === false) {
        notes.push({
          severity: 'warning',
          message: `${this.targetName}'s ServiceProviderConfig says it does not support filtering, and Entra finds every ${this.noun} with this filter query: matching will fail.`,
          pointer: 'path',
          span: mapping.span,
        });
      }
      this.requests.push({
        title: `Match ${this.noun} by ${entry.path.text}`,
        method: 'GET',
        path: matchingQueryPath(this.object, entry.path.text, value, entry.leaf?.type),
        notes,
        sources: { path: mapping.span },
        placeholders: placeholders.length > 0 ? { path: placeholders } : {},
      });
      if (found) {
        this.matched = true;
        return true;
      }
    }
    if (this.matching.every((step) => step.value === null)) {
      this.notes.push({
        severity: 'error',
        message: `No matching attribute has a value for this ${this.noun}: Entra fails it ("each user needs a value for at least one matching attribute").`,
      });
      return false;
    }
    return true;
  }

  failed(): ObjectPreview {
    const errors = this.notes.filter((note) => note.severity === 'error');
    // Entra fails the object for any failure of its own; scimmap's limits alone leave what Entra does unknown.
    const failure = errors.find((note) => !note.unevaluable);
    if (failure === undefined && errors.length > 0)
      return this.finish(
        'error',
        `scimmap cannot evaluate this ${this.noun} (Entra can; check it with Provision on demand): ${errors[0].message}`,
      );
    return this.finish('error', `Entra fails this ${this.noun}: ${failure?.message ?? 'see the notes'}`);
  }

  /** Entra fails the export when a mapping it sends cannot be evaluated, or gives several values for a single-valued attribute. */
  private evaluationErrors(entries: readonly EvaluatedMapping[]): boolean {
    let failed = false;
    for (const entry of entries) {
      const outcome = entry.outcome;
      if (outcome.kind === 'error') {
        failed = true;
        const note: RequestNote = { severity: 'error', message: `${entry.path.text}: ${outcome.message}`, span: outcome.span };
        this.notes.push(outcome.limit ? { ...note, unevaluable: true } : note);
        continue;
      }
      const tooMany = outcome.kind === 'value' ? tooManyValues(entry, outcome.value) : undefined;
      if (tooMany === undefined) continue;
      failed = true;
      this.notes.push({ severity: 'error', message: tooMany, span: entry.mapping.span });
    }
    return failed;
  }

  /** Values for a create: every mapping (`on create` ones included), defaults where the value is null. */
  private createValues(): OutgoingValue[] | undefined {
    const entries = this.entries;
    // Any error fails the create (most have none): the list of value entries is made only to report them.
    for (const entry of entries)
      if (
        entry.role === 'value' &&
        (entry.outcome.kind === 'error' || (entry.outcome.kind === 'value' && tooManyValues(entry, entry.outcome.value) !== undefined))
      ) {
        this.evaluationErrors(entries.filter((candidate) => candidate.role === 'value'));
        return undefined;
      }
    const values: OutgoingValue[] = [];
    for (let position = 0; position < entries.length; position++) {
      const entry = entries[position];
      if (entry.role !== 'value') continue;
      const outcome = entry.outcome;
      if (outcome.kind === 'ignored') {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is left out: IgnoreFlowIfNullOrEmpty dropped it.`,
          span: outcome.span,
        });
        this.evalNotes(outcome);
        continue;
      }
      if (outcome.kind !== 'value') continue;
      this.evalNotes(outcome);
      if (!isNull(outcome.value)) {
        values.push({ entry, value: outcome.value!, placeholders: placeholdersOf(outcome) });
      } else if (entry.defaultValue === '') {
        // Exports that write every mapping's default spell an empty "Default value if null" as ""
        // (reference entra-graph-schema §6): most likely no default to Entra, so nothing is sent.
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is null and its default is "", which Entra most likely reads as no default: nothing is sent (docs/entra-schema.md).`,
          span: entry.mapping.span,
        });
        continue;
      } else if (entry.defaultValue !== undefined) {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is null, so its default value "${entry.defaultValue}" is sent (defaults apply only on create).`,
          span: entry.mapping.span,
        });
        values.push({ entry, value: entry.defaultValue, placeholders: [] });
      } else continue;
      this.present |= 1 << position;
    }
    return values;
  }

  private evalNotes(outcome: EvalOutcome): void {
    if (outcome.kind === 'error' || outcome.notes.length === 0) return;
    for (const note of outcome.notes) this.notes.push({ severity: 'information', message: note.message, span: note.span });
  }

  create(manager: ManagerReference): ObjectPreview {
    const values = this.createValues();
    if (!values) return this.failed();
    // Entra's documented POST says "User" (SCIM), whatever the app calls its resource type.
    const built = createBody('User', values, this.createLayouts(), this.present);
    const refusal = this.requireTargets(built);
    this.push('Create user', 'POST', '/Users', built);
    // Entra sends the POST; the target's refusal leaves no user to set a manager on.
    if (refusal !== undefined) return this.finish('create', `Entra sends the POST and fails the user: ${refusal}`);
    const managerEntry = this.entryIn('manager');
    if (managerEntry && manager.value !== undefined) {
      const newId: TargetId = {
        value: `«id of the new user»`,
        placeholders: [{ kind: 'targetId', note: `The id in ${this.targetName}'s response to POST /Users.` }],
      };
      this.push(
        'Set manager (second round trip)',
        'PATCH',
        `/Users/${newId.value}`,
        patchOperations([
          {
            op: { op: this.op('Add'), path: managerEntry.path.text, value: manager.value },
            span: managerEntry.mapping.span,
            placeholders: manager.placeholders,
          },
        ]),
        newId,
        [managerNote(managerEntry, this.targetName)],
      );
      return this.finish('create', 'Entra creates the user, then sets the manager in a second request.');
    }
    return this.finish('create', 'Entra creates the user.');
  }

  createGroup(members: ReadonlyArray<MemberId & { readonly span: Span }>): ObjectPreview {
    const values = this.createValues();
    if (!values) return this.failed();
    const built = createBody('Group', values, this.createLayouts(), this.present);
    this.push('Create group', 'POST', '/Groups', built);
    if (members.length > 0) {
      const newId: TargetId = {
        value: '«id of the new group»',
        placeholders: [{ kind: 'targetId', note: 'The id in the response to POST /Groups.' }],
      };
      this.push('Add members', 'PATCH', `/Groups/${newId.value}`, this.addMembers(members), newId);
      return this.finish('create', 'Entra creates the group (empty), then adds the members.');
    }
    return this.finish('create', 'Entra creates the group, with no members to add.');
  }

  update(id: TargetId, target: TargetResource, manager: ManagerReference): ObjectPreview {
    const entries = this.updateEntries();
    if (this.evaluationErrors(entries)) return this.failed();
    const changes = this.changes(entries, target);
    if (changes.length > 0) this.push('Update user', 'PATCH', `/Users/${id.value}`, patchBody(changes, this.compat), id);
    const managerEntry = this.entryIn('manager');
    let managerChanged = false;
    const currentManager = managerEntry && managerIdIn(readTargetValue(target, managerEntry.path));
    if (managerEntry && manager === noManager && typeof currentManager === 'string' && currentManager !== '')
      this.notes.push({
        severity: 'information',
        message: `The user has no manager in Entra, but ${this.targetName} holds the manager ${JSON.stringify(currentManager)}: how Entra clears a manager is not documented (one third-party report shows a \`remove\` of the manager path), so the preview sends nothing and ${this.targetName} keeps it (inferred; docs/requests.md).`,
        span: managerEntry.mapping.span,
      });
    if (managerEntry && manager.value !== undefined) {
      const currentId = currentManager;
      if (currentId !== manager.value) {
        managerChanged = true;
        this.modified.push({
          attribute: managerEntry.path.text,
          current: currentId ?? null,
          value: manager.value,
          span: managerEntry.mapping.span,
        });
        const op = currentId === undefined || currentId === null ? 'Add' : 'Replace';
        this.push(
          'Set manager (second round trip)',
          'PATCH',
          `/Users/${id.value}`,
          patchOperations([
            {
              op: { op: this.op(op), path: managerEntry.path.text, value: manager.value },
              span: managerEntry.mapping.span,
              placeholders: manager.placeholders,
            },
          ]),
          id,
          [managerNote(managerEntry, this.targetName)],
        );
      }
    }
    if (changes.length === 0 && !managerChanged)
      return this.finish('none', 'The user matches and nothing changed: Entra sends no update (RedundantExport).');
    const parts = [
      changes.length > 0 ? `updates ${changes.length} attribute${changes.length === 1 ? '' : 's'}` : '',
      managerChanged ? 'sets the manager' : '',
    ].filter(Boolean);
    return this.finish('update', `Entra ${parts.join(', then ')}.`);
  }

  disable(id: TargetId, reason: string): ObjectPreview {
    const entries = this.entries.filter(
      (entry) =>
        entry.role === 'value' &&
        entry.mapping.source.kind === 'expression' &&
        readsAttribute(entry.mapping.source.expression, 'IsSoftDeleted'),
    );
    if (entries.length === 0) {
      return this.finish(
        'none',
        `${reason}. No mapping reads IsSoftDeleted, so Entra has nothing to send: the user stays active in ${this.targetName} (Microsoft Learn: How Application Provisioning works in Microsoft Entra ID).`,
      );
    }
    if (this.evaluationErrors(entries)) return this.failed();
    const changes = this.changes(entries, this.options.target!);
    if (changes.length === 0) return this.finish('none', `${reason}. The user is already disabled in ${this.targetName}: nothing is sent.`);
    this.push('Disable user', 'PATCH', `/Users/${id.value}`, patchBody(changes, this.compat), id);
    return this.finish('disable', `${reason}. Entra disables the user (it never deletes it unless the user is hard-deleted in Entra).`);
  }

  updateGroup(id: TargetId, target: TargetResource, members: { entry: EvaluatedMapping; ids: MemberId[] } | undefined): ObjectPreview {
    const entries = this.updateEntries();
    if (this.evaluationErrors(entries)) return this.failed();
    const changes = this.changes(entries, target);
    if (changes.length > 0) this.push('Update group', 'PATCH', `/Groups/${id.value}`, patchBody(changes, this.compat), id);
    let added = 0;
    let removed = 0;
    if (members) {
      // Sets, not array lookups: a group of 100,000 members is compared in linear time.
      const current = currentMembers(target);
      const currentSet = new Set(current);
      const wanted = new Set(members.ids.map((member) => member.value));
      const additions = members.ids
        .filter((member) => !currentSet.has(member.value))
        .map((member) => ({ ...member, span: members.entry.mapping.span }));
      const known = new Set(
        (this.options.samples?.users ?? []).flatMap((user) => (typeof user.target?.id === 'string' ? [user.target.id] : [])),
      );
      const removals = current.filter((value) => !wanted.has(value) && known.has(value));
      const unknown = current.filter((value) => !wanted.has(value) && !known.has(value));
      if (unknown.length > 0)
        this.notes.push({
          severity: 'information',
          message: `${unknown.length} member${unknown.length === 1 ? '' : 's'} of the ${this.targetName} group (${listed(unknown)}) ${notAmongUsers(unknown.length, this.options.usersSource ?? 'samples')}: Entra removes only members it provisioned and that left the Entra group.`,
        });
      if (additions.length > 0) this.push('Add members', 'PATCH', `/Groups/${id.value}`, this.addMembers(additions), id);
      if (removals.length > 0)
        this.push('Remove members', 'PATCH', `/Groups/${id.value}`, this.removeMembers(removals, members.entry.mapping.span), id);
      added = additions.length;
      removed = removals.length;
      const removedIds = new Set(removals);
      if (added > 0 || removed > 0)
        this.modified.push({
          attribute: 'members',
          current,
          value: current.filter((value) => !removedIds.has(value)).concat(additions.map((member) => member.value)),
          span: members.entry.mapping.span,
        });
    }
    if (changes.length === 0 && added === 0 && removed === 0)
      return this.finish('none', 'The group matches and nothing changed: Entra sends no update.');
    const parts = [
      changes.length > 0 ? `updates ${changes.length} attribute${changes.length === 1 ? '' : 's'}` : '',
      added > 0 ? `adds ${added} member${added === 1 ? '' : 's'}` : '',
      removed > 0 ? `removes ${removed} member${removed === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    return this.finish('update', `Entra ${parts.join(', ')}.`);
  }

  /** `Add members`: one op whose value lists every member, `{"$ref": null, "value": id}` (Microsoft Learn "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service"). */
  private addMembers(members: ReadonlyArray<MemberId & { readonly span: Span }>): BuiltBody {
    const built = patchOperations([
      { op: { op: this.op('Add'), path: 'members', value: members.map((member) => ({ $ref: null, value: member.value })) } },
    ]);
    members.forEach((member, index) => {
      const pointer = `/Operations/0/value/${index}/value`;
      built.sources[pointer] = member.span;
      if (member.placeholders.length > 0) built.placeholders[pointer] = member.placeholders;
    });
    return built;
  }

  /** Default: one `Remove` op with a value list; with the flag: one `remove` per member, addressed by a filtered path. */
  private removeMembers(ids: readonly string[], span: Span): BuiltBody {
    if (this.compat === 'aadOptscim062020') {
      return patchOperations(ids.map((value) => ({ op: { op: 'remove', path: elementPath('members', value) }, span })));
    }
    const built = patchOperations([{ op: { op: 'Remove', path: 'members', value: ids.map((value) => ({ value })) } }]);
    ids.forEach((_, index) => (built.sources[`/Operations/0/value/${index}/value`] = span));
    return built;
  }

  /** The mappings an update compares: `on create` ones only with the object a run created, read back (its POST sent them). */
  private updateEntries(): EvaluatedMapping[] {
    const created = this.options.readBack === 'created';
    return this.entries.filter((entry) => entry.role === 'value' && (created || !entry.onCreate));
  }

  /** What differs from the target: only attributes with a value (Entra never sends null to clear one). */
  private changes(entries: readonly EvaluatedMapping[], target: TargetResource): Change[] {
    const changes: Change[] = [];
    const readBack = this.options.readBack;
    for (const entry of entries) {
      const outcome = entry.outcome;
      if (outcome.kind === 'ignored') this.evalNotes(outcome);
      if (outcome.kind !== 'value') continue;
      // An object read back cannot show a value the target never returns (RFC 7643 §7: writeOnly, returned "never").
      if (readBack && (entry.leaf?.mutability === 'writeOnly' || entry.leaf?.returned === 'never')) continue;
      this.evalNotes(outcome);
      const current = readTargetValue(target, entry.rolesPath ?? entry.path);
      // The POST of an object the run created carried the default of a null value too; a None mapping
      // fills an empty target at any time ("if the target attribute is ever empty, it's populated with the Default value").
      const fillsEmpty = entry.mapping.source.kind === 'none' && !hasValue(current) && !!entry.defaultValue;
      const sent = isNull(outcome.value) && (readBack === 'created' || fillsEmpty) ? entry.defaultValue || null : outcome.value;
      if (fillsEmpty && readBack !== 'created')
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is a None mapping and ${this.targetName} has no value: Entra fills in its default ${JSON.stringify(entry.defaultValue)} (Customize application attributes: "if the target attribute is ever empty, it's populated with the Default value").`,
          span: entry.mapping.span,
        });
      if (isNull(sent)) {
        if (current !== null)
          this.notes.push({
            severity: 'information',
            message: `${entry.path.text} is null for this ${this.noun}, but Entra never sends null to clear a value: ${this.targetName} keeps ${JSON.stringify(current)}.`,
            span: entry.mapping.span,
          });
        continue;
      }
      if (addsRolesOnly(entry)) {
        const roles = this.rolesToAdd(entry, sent!, current);
        if (roles.length > 0) {
          changes.push({ entry, value: roles, current, placeholders: placeholdersOf(outcome) });
          this.modified.push({
            attribute: entry.path.text,
            current,
            value: entry.wire.whole ? wireValue(entry, roles, 'json').value : roles,
            span: entry.mapping.span,
          });
        }
        continue;
      }
      const value = wireValue(entry, sent!, 'json').value;
      const flowsAlways = entry.flowBehavior === 'FlowAlways';
      if (sameValue(current, value, entry) && !flowsAlways) continue;
      // Graph's attributeMapping: AttributeAddOnly "only propagates changes if no current value exists at all".
      if (entry.flowType === 'AttributeAddOnly' && hasValue(current)) {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is \`flow AttributeAddOnly\`, which flows only into an empty attribute: ${this.targetName} keeps ${JSON.stringify(current)}.`,
          span: entry.mapping.span,
        });
        continue;
      }
      // Graph's attributeMapping documents flowBehavior only as "when to export"; FlowAlways is read as "even when unchanged".
      if (flowsAlways && sameValue(current, value, entry, true)) {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is \`behavior FlowAlways\`, so the preview sends it although it is unchanged (assumed: Microsoft Graph documents flowBehavior only as "when to export", and no real configuration shows FlowAlways).`,
          span: entry.mapping.span,
        });
      }
      // Entra sends no update when only the letter case differs, unless the target attribute is caseExact (Customize application attributes).
      else if (!(entry.leaf?.caseExact ?? false) && sameValue(current, value, entry, true)) {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} differs from ${this.targetName}'s ${JSON.stringify(current)} only in letter case, and the attribute is not caseExact: Entra sends no update for it (set caseExact to true in the target schema to send case changes).`,
          span: entry.mapping.span,
        });
        this.caseOnly.push({ attribute: entry.path.text, current, value, span: entry.mapping.span });
        continue;
      }
      // The target's GET never shows such a value, so "flow when changed" always finds it changed.
      if (entry.leaf?.mutability === 'writeOnly' || entry.leaf?.returned === 'never') {
        this.notes.push({
          severity: 'information',
          message: `${entry.path.text} is write-only: ${this.targetName} never returns it, so Entra finds no current value to compare and most likely sends it on every update (inferred: Microsoft does not document this; docs/requests.md). Map it \`on create\` to send it only when the ${this.noun} is created.`,
          span: entry.mapping.span,
        });
      }
      changes.push({ entry, value: sent!, current, placeholders: placeholdersOf(outcome) });
      this.modified.push({ attribute: entry.path.text, current, value, span: entry.mapping.span });
    }
    return changes;
  }

  /**
   * For a role function that adds only: the roles the target lacks. Roles the target has beyond the
   * user's assignments stay: Entra never removes them (noted).
   */
  private rolesToAdd(entry: EvaluatedMapping, value: string | string[], current: unknown): string[] {
    const wanted = Array.isArray(value) ? value : [value];
    const present = new Set(roleValues(current));
    const kept = [...present].filter((role) => !wanted.includes(role));
    if (kept.length > 0) {
      this.notes.push({
        severity: 'information',
        message: `${this.targetName} has role${kept.length === 1 ? '' : 's'} ${kept.map((role) => JSON.stringify(role)).join(', ')} that the user's app role assignments lack: ${entry.roleFunction} PATCHes with add only, so Entra never removes ${kept.length === 1 ? 'it' : 'them'} (AssertiveAppRoleAssignmentsComplex replaces the list).`,
        span: entry.mapping.span,
      });
    }
    return wanted.filter((role) => !present.has(role));
  }

  /** Where this block's create bodies put their values: made once per block and target. */
  private createLayouts(): CreateLayouts {
    let byBlock = createLayouts.get(this.target);
    if (!byBlock) createLayouts.set(this.target, (byBlock = new WeakMap()));
    let layouts = byBlock.get(this.block);
    if (!layouts) {
      const resource = this.resource;
      // A group's POST starts with the two URNs of Entra's documented body; both then list the extensions their values use.
      const documented = this.object === 'users' ? [resource.coreSchema] : [resource.coreSchema, groupSchemaMicrosoft];
      const schemas = (values: readonly OutgoingValue[]) => schemasUsed(resource, values, documented);
      byBlock.set(this.block, (layouts = new CreateLayouts(this.entries, schemas)));
    }
    return layouts;
  }

  /** Notes each required attribute the create body lacks; the first note's message, if any. */
  private requireTargets(built: BuiltBody): string | undefined {
    let refusal: string | undefined;
    for (const name of this.resource.required) {
      if (memberOf(built.body, name) !== undefined) continue;
      const message = `${this.targetName} requires ${name} on create, and this user has none: the POST will be rejected.`;
      // The target refuses the POST for certain: Entra fails the object (a warning is a value the target may refuse).
      this.notes.push({ severity: 'error', message });
      refusal ??= message;
    }
    // RFC 7643 §6-7: an extension the body carries, or that the resource type requires, brings its required attributes.
    for (const { schema, required } of extensionRequirements(this.resource)) {
      const carried = memberOf(built.body, schema.id);
      if (carried === undefined && !schema.required) {
        this.noteExtensionLeftOut(schema, required);
        continue;
      }
      const given = isRecord(carried) ? carried : {};
      for (const attribute of required) {
        if (memberOf(given, attribute.name) !== undefined) continue;
        const message = `${this.targetName} requires ${schema.id}:${attribute.name} on create (the ${schema.name} extension marks it required), and this ${this.noun} has none: the POST will be rejected.`;
        this.notes.push({ severity: 'error', message });
        refusal ??= message;
      }
    }
    return refusal;
  }

  /**
   * An optional extension whose mapped values are all null is left out of the POST, and with it the
   * attributes it marks required: the target accepts the object without them. Said, so that a
   * required attribute the mapping does set is not dropped silently.
   */
  private noteExtensionLeftOut(schema: ExtensionRequirement['schema'], required: ExtensionRequirement['required']): void {
    const urn = schema.id.toLowerCase();
    const names = new Set(required.map((attribute) => attribute.name.toLowerCase()));
    const mapped = this.entries.filter(
      (entry) =>
        entry.extensionSchema?.toLowerCase() === urn && entry.attribute !== undefined && names.has(entry.attribute.name.toLowerCase()),
    );
    if (mapped.length === 0) return;
    const paths = mapped.map((entry) => entry.path.text).join(', ');
    this.notes.push({
      severity: 'information',
      message: `${paths} ${mapped.length === 1 ? 'is' : 'are'} null for this ${this.noun}, as is every value mapped to the ${schema.name} extension, so the POST leaves the extension out and ${this.targetName} creates the ${this.noun} without it (the attributes the extension marks required apply only when it is sent).`,
      span: mapped[0].mapping.span,
    });
  }

  private get compat() {
    return this.options.compat ?? 'default';
  }

  private op(name: 'Add' | 'Replace' | 'Remove'): string {
    return this.compat === 'aadOptscim062020' ? name.toLowerCase() : name;
  }

  private push(
    title: string,
    method: ScimRequest['method'],
    path: string,
    built: BuiltBody,
    id?: TargetId,
    extraNotes: RequestNote[] = [],
  ): void {
    // Entra updates objects only with PATCH (Microsoft Learn "Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service"); an endpoint that says it lacks PATCH refuses every update.
    if (method === 'PATCH' && this.target.serviceProvider?.patch === false) {
      extraNotes = [
        ...extraNotes,
        {
          severity: 'warning',
          message: `${this.targetName}'s ServiceProviderConfig says it does not support PATCH, which is how Entra sends every update: this request will likely be refused.`,
        },
      ];
    }
    // A built body belongs to the one request made of it: its placeholders and notes are taken, not copied.
    const placeholders = built.placeholders;
    if (id && id.placeholders.length > 0) placeholders.path = id.placeholders;
    this.requests.push({
      title,
      method,
      path,
      body: built.body,
      notes: extraNotes.length === 0 ? built.notes : built.notes.concat(extraNotes),
      sources: built.sources,
      placeholders,
    });
  }

  deleteGroup(id: TargetId): ObjectPreview {
    this.requests.push({
      title: 'Delete group',
      method: 'DELETE',
      path: `/Groups/${id.value}`,
      notes: [],
      sources: {},
      placeholders: id.placeholders.length > 0 ? { path: id.placeholders } : {},
    });
    return this.finish('delete', 'The group left scope: Entra deletes it.');
  }

  finish(action: PreviewAction, summary: string): ObjectPreview {
    const preview: ObjectPreview = {
      object: this.object,
      action,
      summary,
      scope: this.scope,
      matching: this.matching,
      requests: this.requests,
      notes: this.notes,
    };
    if (this.modified.length === 0 && this.caseOnly.length === 0) return preview;
    return {
      ...preview,
      ...(this.modified.length > 0 && { changes: this.modified }),
      ...(this.caseOnly.length > 0 && { caseOnly: this.caseOnly }),
    };
  }
}

/**
 * The error that fails the object, if any: the failed preview's, or one on a request Entra still
 * sends (the target refuses it for certain). Either way Entra fails the object.
 */
export function failureOf(preview: ObjectPreview): RequestNote | undefined {
  let error = preview.notes.find((note) => note.severity === 'error');
  for (const request of preview.requests) error ??= request.notes.find((note) => note.severity === 'error');
  return error;
}

/** Where each block's create bodies put their values, per target (Flow.createLayouts). */
const createLayouts = new WeakMap<Target, WeakMap<ObjectBlock, CreateLayouts>>();

/** A create body's `schemas`: the documented URNs, then the extension URNs of the target schema the values use, in the schema's order; custom URNs stay out. */
function schemasUsed(resource: ResourceSchema, values: readonly OutgoingValue[], documented: readonly string[]): string[] {
  const schemas = [...documented];
  for (const schema of resource.schemas) {
    for (const value of values) {
      if (value.entry.extensionSchema === schema.id) {
        schemas.push(schema.id);
        break;
      }
    }
  }
  return schemas;
}

/** The app's name for messages: the preview's target schema, Genesys Cloud by default. */
function targetNameOf(options: PreviewOptions): string {
  return (options.targetSchema ?? defaultTarget()).name;
}

/** The manager's id a target holds: a plain string or SCIM's `{value, $ref}`. */
function managerIdIn(current: unknown): unknown {
  return typeof current === 'string'
    ? current
    : current !== null && typeof current === 'object'
      ? (current as Record<string, unknown>).value
      : undefined;
}

/** A user without a manager (most): shared and frozen. */
const noManager: ManagerReference = Object.freeze({ placeholders: Object.freeze([]) as unknown as RequestPlaceholder[] });

function resolveManager(block: ObjectBlock, user: SampleUser, options: PreviewOptions, notes: RequestNote[]): ManagerReference {
  const ref = referenceOf(user.attributes.manager);
  if (ref === undefined) return noManager;
  const manager = options.samples?.users.find((candidate) => candidate.id === ref);
  const managerScope = manager && evaluateScope(block, manager.attributes);
  if (managerScope && !managerScope.inScope) {
    notes.push({
      severity: 'information',
      message: managerScope.undecided?.clause.invalid
        ? `The manager "${ref}" has no scope verdict: ${invalidFilterText(managerScope.undecided)}, so the preview leaves the manager reference out; fix the pattern.`
        : managerScope.undecided
          ? `scimmap cannot tell whether the manager "${ref}" is in scope (${managerScope.undecided.clause.reason}), so the preview leaves the manager reference out; Entra sets it if the manager is in scope.`
          : `The manager "${ref}" is out of scope, so Entra skips the manager reference (and does not link it later without a restart; Microsoft Learn: Known issues for provisioning in Microsoft Entra ID).`,
    });
    return { placeholders: [] };
  }
  const outcome = options.unprovisioned?.get(ref);
  if (outcome) {
    // Entra sends no manager then: a target that holds one for the user keeps it.
    const managerMapping = block.mappings.find(isManagerMapping);
    const current = managerMapping && options.target ? readTargetValue(options.target, resolvePath(managerMapping.target)) : undefined;
    notes.push({
      severity: 'information',
      message: `The manager "${ref}" ${unprovisionedVerbs[outcome].one} in this cycle (see its record), so it has no id in ${targetNameOf(options)}: Entra ${current === undefined || current === null || current === '' ? 'leaves the manager unset' : 'sends no manager, and the user keeps the one it has in the target'}.`,
    });
    return { placeholders: [] };
  }
  if (manager && typeof manager.target?.id === 'string') return { value: manager.target.id, placeholders: [] };
  const value = `«id of ${ref} in ${targetNameOf(options)}»`;
  return {
    value,
    placeholders: [
      {
        kind: 'targetId',
        note: `The id ${targetNameOf(options)} gave the manager "${ref}"; known once the manager is provisioned${manager ? ' (give the manager a "$target" with an "id" to see it)' : ''}.`,
      },
    ],
  };
}

/** How a note says what the cycle does to a user it leaves with no target object, for one user and for several. */
const unprovisionedVerbs: Readonly<Record<UnprovisionedOutcome, { readonly one: string; readonly many: string }>> = {
  failure: { one: 'fails', many: 'fail' },
  skip: { one: 'is skipped', many: 'are skipped' },
};

/**
 * Member ids in the target; members outside the users block's scope are skipped, as Entra skips them
 * (Microsoft Learn "Known issues for provisioning in Microsoft Entra ID"), and so are members the
 * cycle leaves with no target object (options.unprovisioned), which have no id in the target.
 */
function memberIds(
  file: MappingFile,
  group: SampleGroup,
  options: PreviewOptions,
  notes: RequestNote[],
  members: EvaluatedMapping,
): MemberId[] {
  const usersBlock = blockOf(file, 'users');
  const ids: MemberId[] = [];
  const users = new Map((options.samples?.users ?? []).map((user) => [user.id, user]));
  // One note for each kind of skipped member, naming the first few: a group of 100,000 gets two notes, not 100,000.
  const unknown: string[] = [];
  const skipped: string[] = [];
  const undecided: string[] = [];
  const invalid: string[] = [];
  let invalidScope: NonNullable<ScopeVerdict['undecided']> | undefined;
  const withoutTarget: Record<UnprovisionedOutcome, string[]> = { failure: [], skip: [] };
  for (const ref of group.members) {
    const user = users.get(ref);
    if (!user) {
      unknown.push(ref);
      continue;
    }
    const scope = usersBlock && !truthy(user.attributes.IsSoftDeleted) ? evaluateScope(usersBlock, user.attributes) : undefined;
    if (scope?.undecided?.clause.invalid) {
      invalid.push(ref);
      invalidScope ??= scope.undecided;
      continue;
    }
    if (scope?.undecided) {
      undecided.push(ref);
      continue;
    }
    if (!scope?.inScope) {
      skipped.push(ref);
      continue;
    }
    const outcome = options.unprovisioned?.get(ref);
    if (outcome) {
      withoutTarget[outcome].push(ref);
      continue;
    }
    if (typeof user.target?.id === 'string') ids.push({ value: user.target.id, placeholders: [] });
    else
      ids.push({
        value: `«id of ${ref} in ${targetNameOf(options)}»`,
        placeholders: [
          { kind: 'targetId', note: `The id ${targetNameOf(options)} gave "${ref}"; Entra adds a member once the user is provisioned.` },
        ],
      });
  }
  const quoted = (refs: readonly string[]) => listed(refs.map((ref) => `"${ref}"`));
  const source = options.usersSource ?? 'samples';
  const resolver = source === 'directory' ? 'the simulation' : 'the preview';
  // A member that is a group of the input is a nested group: Entra provisions none as a member.
  const groupIds =
    unknown.length > 0 && options.samples?.groups.length ? new Set(options.samples.groups.map((group) => group.id)) : undefined;
  const nested = groupIds ? unknown.filter((ref) => groupIds.has(ref)) : [];
  const outside = groupIds ? unknown.filter((ref) => !groupIds.has(ref)) : unknown;
  if (nested.length > 0)
    notes.push({
      severity: 'information',
      message: `${nested.length === 1 ? `Member ${quoted(nested)} is a group` : `${nested.length} members (${quoted(nested)}) are groups`}: nested groups are not provisioned as members, so Entra leaves ${nested.length === 1 ? 'it' : 'them'} out.`,
      span: members.mapping.span,
    });
  if (outside.length === 1)
    notes.push({
      severity: 'information',
      message: `Member ${quoted(outside)} ${notAmongUsers(1, source)}, so ${resolver} cannot resolve it.`,
      span: members.mapping.span,
    });
  else if (outside.length > 1)
    notes.push({
      severity: 'information',
      message: `${outside.length} members (${quoted(outside)}) ${notAmongUsers(outside.length, source)}, so ${resolver} cannot resolve them.`,
      span: members.mapping.span,
    });
  const why = usersBlock ? "out of the users block's scope or soft-deleted" : 'the mapping has no users block';
  if (skipped.length === 1)
    notes.push({
      severity: 'information',
      message: `Member ${quoted(skipped)} is not provisioned (${why}): Entra skips it.`,
      span: members.mapping.span,
    });
  else if (skipped.length > 1)
    notes.push({
      severity: 'information',
      message: `${skipped.length} members (${quoted(skipped)}) are not provisioned (${why}): Entra skips them.`,
      span: members.mapping.span,
    });
  if (undecided.length > 0)
    notes.push({
      severity: 'information',
      message: `scimmap cannot tell whether ${undecided.length === 1 ? `member ${quoted(undecided)} is` : `${undecided.length} members (${quoted(undecided)}) are`} in the users block's scope (a scoping clause it cannot evaluate), so the preview leaves ${undecided.length === 1 ? 'it' : 'them'} out; Entra adds ${undecided.length === 1 ? 'it' : 'them'} if in scope.`,
      span: members.mapping.span,
    });
  if (invalidScope)
    notes.push({
      severity: 'information',
      message: `${invalid.length === 1 ? `Member ${quoted(invalid)} has` : `${invalid.length} members (${quoted(invalid)}) have`} no scope verdict: the users block's ${invalidFilterText(invalidScope)}, so the preview leaves ${invalid.length === 1 ? 'it' : 'them'} out; fix the pattern.`,
      span: members.mapping.span,
    });
  for (const outcome of ['failure', 'skip'] as const) {
    const refs = withoutTarget[outcome];
    if (refs.length === 0) continue;
    const verbs = unprovisionedVerbs[outcome];
    notes.push({
      severity: 'information',
      message:
        refs.length === 1
          ? `Member ${quoted(refs)} ${verbs.one} in this cycle (see its record), so it has no id in ${targetNameOf(options)}: Entra skips it.`
          : `${refs.length} members (${quoted(refs)}) ${verbs.many} in this cycle (see their records), so they have no id in ${targetNameOf(options)}: Entra skips them.`,
      span: members.mapping.span,
    });
  }
  return ids;
}

/** The first ids of a long list, and how many more. */
function listed(ids: readonly string[]): string {
  const shown = 10;
  return ids.length <= shown ? ids.join(', ') : `${ids.slice(0, shown).join(', ')} and ${ids.length - shown} more`;
}

function currentMembers(target: TargetResource): string[] {
  const members = target.members;
  if (!Array.isArray(members)) return [];
  return members.flatMap((member) =>
    typeof member === 'string'
      ? [member]
      : member !== null && typeof member === 'object' && typeof (member as Record<string, unknown>).value === 'string'
        ? [(member as Record<string, unknown>).value as string]
        : [],
  );
}

/**
 * A user's attributes as the mappings read them (a B2B guest's userPrincipalName stripped, with a
 * note); scoping filters, which are not mappings, keep reading the stored attributes.
 */
function mappedAttributes(
  user: { readonly attributes: Readonly<Record<string, unknown>> },
  notes: RequestNote[],
): Readonly<Record<string, unknown>> {
  const flowing = flowingUserAttributes(user.attributes);
  if (flowing.guest) notes.push(guestNote(flowing.guest));
  return flowing.attributes;
}

/** The attributes Entra sets on a user before its mappings read it: IsSoftDeleted, and the manager as its id in the target (undefined: none). */
type UserAdditions = { readonly IsSoftDeleted: boolean; readonly manager: string | undefined };

function managerNote(entry: EvaluatedMapping, app: string): RequestNote {
  const subAttributes = entry.attribute?.subAttributes ?? [];
  const valueAndRef = ['value', '$ref'].every((name) => subAttributes.some((sub) => sub.name === name));
  return {
    severity: 'information',
    message: `Entra writes reference attributes in a second round trip after the user exists (Microsoft Learn: Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID). The value is the manager's id as a plain string, the shape of the 2024 SCIM job; the legacy customappsso job sent [{"value": id, "$ref": url}]. Unverified for ${app}${valueAndRef ? ', which models manager as {value, $ref}' : ''}.`,
    pointer: '/Operations/0/value',
    span: entry.mapping.span,
  };
}

function matchingValue(outcome: EvalOutcome): string | null {
  if (outcome.kind !== 'value') return null;
  const value = Array.isArray(outcome.value) ? (outcome.value[0] ?? null) : outcome.value;
  return value === '' ? null : value;
}

/** Whether an `eq` filter finds the target's value: ignoring case unless the attribute is caseExact (RFC 7644 §3.4.2.2). */
function sameMatchingValue(current: unknown, value: string, caseExact: boolean): boolean {
  if (typeof current !== 'string') return false;
  return caseExact ? current === value : current.toLowerCase() === value.toLowerCase();
}

/** A target value that is there: AttributeAddOnly leaves it alone. */
function hasValue(current: unknown): boolean {
  return current !== null && current !== '' && !(Array.isArray(current) && current.length === 0);
}

function isNull(value: string | string[] | null): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function falsy(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

export function blockOf(file: MappingFile, object: ObjectBlock['object']): ObjectBlock | undefined {
  // A loop, not find with a closure: every preview looks its block up.
  for (const block of file.blocks) if (block.object === object && !isCarriedBlock(block)) return block;
  return undefined;
}

function skipping(object: ObjectBlock['object'], summary: string): ObjectPreview {
  return { object, action: 'skip', summary, matching: [], requests: [], notes: [] };
}

/** The block Entra provisions with, or the skip that says why there is none. */
function activeBlock(file: MappingFile, object: ObjectBlock['object']): ObjectBlock | ObjectPreview {
  const block = blockOf(file, object);
  if (!block) return skipping(object, `The mapping has no ${object} block, so Entra provisions no ${object}.`);
  if (block.enabled?.value === false) {
    return skipping(
      object,
      `The ${object} block is disabled (enabled false): Entra provisions no ${object}.${object === 'users' ? ' Entra does not support disabling user mappings.' : ''}`,
    );
  }
  return block;
}

/** The requests alone, `{method, path, body}` in order: what `scimmap preview` prints. */
export function wireRequests(preview: Pick<ObjectPreview, 'requests'>): Array<{ method: string; path: string; body?: unknown }> {
  return preview.requests.map((request) =>
    request.body === undefined
      ? { method: request.method, path: request.path }
      : { method: request.method, path: request.path, body: request.body },
  );
}

/** A resource's extension schemas that require an attribute, with those attributes: worked out once per resource, not per create. */
const extensionRequirementsKept = new WeakMap<ResourceSchema, readonly ExtensionRequirement[]>();

interface ExtensionRequirement {
  readonly schema: ResourceSchema['schemas'][number];
  readonly required: readonly { readonly name: string }[];
}

function extensionRequirements(resource: ResourceSchema): readonly ExtensionRequirement[] {
  let found = extensionRequirementsKept.get(resource);
  if (found === undefined) {
    const core = resource.coreSchema.toLowerCase();
    found = resource.schemas
      .filter((schema) => schema.id.toLowerCase() !== core)
      .map((schema) => ({ schema, required: entraWritableAttributes(schema).filter((attribute) => attribute.required) }))
      .filter(({ required }) => required.length > 0);
    extensionRequirementsKept.set(resource, found);
  }
  return found;
}

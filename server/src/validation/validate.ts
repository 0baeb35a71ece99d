// Semantic validation of a parsed .scimmap file against its target schema and Entra's rules.
// Pure: AST in, diagnostics out. Nodes the parser flagged `recovered` are not judged (their syntax
// error is already reported); block-level completeness checks are skipped in a block with syntax
// errors, whose mappings may simply not have parsed, and in a disabled block.
import { quoted } from '../syntax/quoting';
import {
  blockIdentity,
  flowTypeOf,
  isCarriedBlock,
  type AttributeMapping,
  type Call,
  type Diagnostic,
  type Expression,
  type MappingFile,
  type MappingProperty,
  type ObjectBlock,
  type Span,
} from '../syntax/ast';
import { findFunction, findFunctionIgnoreCase, hasFlag } from '../schema/functions';
import { findSourceAttribute } from '../schema/source';
import {
  entraWritableAttributes,
  findTargetAttributeByPath,
  findTargetResource,
  qualifiedName,
  spelledQualifiedName,
  type Target,
  type TargetAttribute,
  type TargetFormat,
  type TargetResource,
  type TargetSchema,
} from '../schema/target';
import { checkMappingExpression } from './expressions';
import { shiftDiagnostic } from '../syntax/ast-shift';
import { Reporter, suggestionData, type HiddenDiagnostics } from './report';
import { checkScope } from './scoping';
import { checkTarget, complexValuePath, constantMismatch, leafOf, reportUnlistedValue, type ResolvedTarget } from './targets';
import { matchesFormat, neverHasFormat } from '../schema/target-rules';
import { isTargetFileReference } from '../schema/target-format';

/**
 * The checks of each mapping by itself from earlier validations, with diagnostics relative to the
 * mapping's start: they follow from the mapping's text, the block's object and the target alone. Found by node
 * (incremental analysis keeps the nodes an edit did not touch, moved in place) or else by text.
 * Incremental analysis keeps one per document, so an edit rechecks only the mappings it changed;
 * the block-level checks always run.
 */
export class MappingCheckCache {
  /** Nodes checked by the last validation and by this one (a Map: cheaper to look up than a WeakMap). */
  private previousNodes = new Map<AttributeMapping, CachedCheck>();
  private nodes = new Map<AttributeMapping, CachedCheck>();
  /** One map per object, so that the mapping's text alone is the key (nothing concatenated to hash). */
  private readonly byText: Record<ObjectBlock['object'], Map<string, CachedCheck>> = { users: new Map(), groups: new Map() };
  /** The checks made since the last indexTexts, with the text their mappings' spans point into. */
  private unindexed: Array<{ mapping: AttributeMapping; object: ObjectBlock['object']; text: string; check: CachedCheck }> = [];
  /** The target the cached checks were made against: another one invalidates them all. */
  private target: Target | undefined;

  /** Called once per validation: texts of long-gone mappings are dropped when they far outnumber the live ones. */
  startValidation(file: MappingFile, target: Target): void {
    const retargeted = this.target !== target;
    this.target = target;
    this.previousNodes = retargeted ? new Map() : this.nodes;
    this.nodes = new Map();
    const live = file.blocks.reduce((count, block) => count + block.mappings.length, 0);
    for (const map of Object.values(this.byText)) if (retargeted || map.size > 4 * live + 1000) map.clear();
  }

  /**
   * Files the checks made since the last call under their mappings' text, for a later version's new
   * nodes of the same text. Call it before those nodes are moved or dropped (an incremental reparse
   * does both), while their spans still point into the text they were checked in. Not done as the
   * checks are made: the first analysis of a document would spend a tenth of its time on 2,000 keys
   * that only a later version can use, and the server's first diagnostics wait for it.
   */
  indexTexts(): void {
    // A copy, not a slice: a slice would keep that version of the whole text alive.
    for (const { mapping, object, text, check } of this.unindexed)
      this.byText[object].set(`${checkKey(mapping, text)} `.slice(0, -1), check);
    this.unindexed = [];
  }

  get(mapping: AttributeMapping, object: ObjectBlock['object'], text: string): CachedCheck | undefined {
    const byText = this.byText[object];
    const found = this.previousNodes.get(mapping) ?? (byText.size > 0 ? byText.get(checkKey(mapping, text)) : undefined);
    if (found) this.nodes.set(mapping, found);
    return found;
  }

  set(mapping: AttributeMapping, object: ObjectBlock['object'], text: string, check: CachedCheck): void {
    this.nodes.set(mapping, check);
    this.unindexed.push({ mapping, object, text, check });
  }
}

/**
 * What a mapping's checks depend on: its text, and which of its nodes the parser recovered (the
 * same text parses to other recovered nodes depending on what follows it, and recovered nodes are
 * not judged). The text alone lost or kept diagnostics that a fresh analysis did not.
 */
function checkKey(mapping: AttributeMapping, text: string): string {
  const source = text.slice(mapping.span.start, mapping.span.end);
  const recovered: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as { recovered?: boolean; kind?: string; span?: Span };
    if (node.recovered && node.span)
      recovered.push(`${node.kind}@${node.span.start - mapping.span.start}-${node.span.end - mapping.span.start}`);
    for (const key in node) if (key !== 'span') visit((node as Record<string, unknown>)[key]);
  };
  visit(mapping);
  return recovered.length === 0 ? source : `${source}\u0000${recovered.join(',')}`;
}

interface CachedCheck {
  readonly target: ResolvedTarget | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly hidden: HiddenDiagnostics;
}

export function validate(
  file: MappingFile,
  text: string,
  target: Target,
  syntaxErrors: readonly Span[] = [],
  cache?: MappingCheckCache,
): { diagnostics: Diagnostic[]; hidden: HiddenDiagnostics } {
  cache?.startValidation(file, target);
  const reporter = new Reporter();
  const errorStarts = syntaxErrors.map((span) => span.start).sort((a, b) => a - b);
  checkCycleSettings(file, reporter);
  checkRoleFunctionsUnderSyncAll(file, reporter);
  const seen = new Map<string, ObjectBlock>();
  for (const block of file.blocks) {
    const identity = blockIdentity(block);
    const first = seen.get(identity);
    if (first) {
      reporter.report('duplicate-block', block.keyword.span, `A file maps \`${block.object}\` once: merge this block into the one above.`, {
        first: first.keyword.span,
      });
    } else {
      seen.set(identity, block);
    }
    if (isCarriedBlock(block)) {
      const objects = block.objects!;
      reporter.report(
        'carried-block',
        objects.span,
        `This block maps Entra's ${JSON.stringify(objects.source?.value)} objects to ${JSON.stringify(objects.target?.value ?? '')}, not to one of the target schema's resources: it is carried to and from Entra as written, without target checks or preview.`,
      );
      continue;
    }
    // A block with syntax errors may have lost mappings to them; a disabled block provisions nothing;
    // a second block of the same object is an error itself: what the object's mapping lacks is
    // judged once, on its first block (thousands of stray `users {` gave thousands of each).
    const hasSyntaxErrors = hasStartWithin(errorStarts, block.span);
    const disabled = block.enabled?.value === false;
    const resource = findTargetResource(target, block.object);
    if (resource) new BlockValidator(block, text, target, resource, reporter, !first && !hasSyntaxErrors && !disabled, cache).run();
    else {
      const kinds = target.resources.map((r) => `\`${r.block}\``).join(' and ');
      reporter.report(
        'target-has-no-resource',
        block.keyword.span,
        `${target.name} has no resource for Entra ${block.object === 'users' ? 'users' : 'groups'} (its target schema maps only ${kinds}): remove this block or declare another target.`,
      );
    }
  }
  return { diagnostics: reporter.diagnostics, hidden: reporter.hidden };
}

/** Whether a sorted list of offsets holds one in [span.start, span.end] (a binary search: files can have thousands of blocks and errors). */
function hasStartWithin(sorted: readonly number[], span: Span): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < span.start) low = mid + 1;
    else high = mid;
  }
  return low < sorted.length && sorted[low] <= span.end;
}

interface CheckedMapping {
  readonly mapping: AttributeMapping;
  readonly target: ResolvedTarget | undefined;
}

class BlockValidator {
  constructor(
    private readonly block: ObjectBlock,
    private readonly text: string,
    private readonly target: Target,
    private readonly resource: TargetResource,
    private readonly reporter: Reporter,
    /** Judge what the block lacks (required targets, matching, actions). */
    private readonly judgeCompleteness: boolean,
    private readonly cache: MappingCheckCache | undefined,
  ) {}

  run(): void {
    this.checkSettings();
    const checked = this.block.mappings.map((mapping) => this.checkMappingOnce(mapping));
    this.checkDuplicateTargets(checked);
    this.checkMatching(checked);
    if (this.judgeCompleteness) this.checkRequiredTargets(checked);
    for (const scope of this.block.scopes) checkScope(scope, this.block.object, this.reporter);
  }

  private checkSettings(): void {
    const { block, reporter, resource } = this;
    if (block.object === 'users' && block.enabled && !block.enabled.value && !block.enabled.recovered) {
      reporter.report(
        'user-mapping-disabled',
        block.enabled.valueSpan,
        'Entra does not support disabling the user mapping: remove `enabled false` and use scoping filters or assignments to limit who is provisioned.',
      );
    }
    for (const action of block.actions?.actions ?? []) {
      if (action.action === undefined && !action.recovered) {
        reporter.report(
          'unknown-action',
          action.span,
          `${quoted(action.text)} is not a target object action: use create, update or delete.`,
        );
      }
    }
    const supported = resource.supportedActions;
    if (!supported) return;
    if (!block.actions) {
      if (this.judgeCompleteness) {
        reporter.report(
          'group-action-unsupported',
          block.keyword.span,
          `${this.target.name} cannot ${(['create', 'delete'] as const).filter((a) => !supported.includes(a)).join(' or ')} ${block.object}, and without \`actions\` Entra would try all three: add \`actions ${supported.join(', ')}\`.`,
          { suggestion: `actions ${supported.join(', ')}` },
        );
      }
      return;
    }
    for (const action of block.actions.actions) {
      if (action.action && !supported.includes(action.action)) {
        reporter.report(
          'group-action-unsupported',
          action.span,
          `${this.target.name} cannot ${action.action} ${block.object} through SCIM (only ${supported.join(', ')}): remove \`${action.action}\`${supported.includes('create') ? '' : `; ${block.object} must already exist with the same name as in Entra`}.`,
          { remove: action.action },
        );
      }
    }
  }

  private checkMappingOnce(mapping: AttributeMapping): CheckedMapping {
    const { cache } = this;
    if (!cache) return { mapping, target: this.checkMapping(mapping, this.reporter) };
    const start = mapping.span.start;
    let check = cache.get(mapping, this.block.object, this.text);
    if (!check) {
      const own = new Reporter();
      const target = this.checkMapping(mapping, own);
      check = { target, diagnostics: own.diagnostics.map((d) => shiftDiagnostic(d, -start)), hidden: own.hidden };
      cache.set(mapping, this.block.object, this.text, check);
    }
    this.reporter.adopt(
      check.diagnostics.map((diagnostic) => shiftDiagnostic(diagnostic, start)),
      check.hidden,
    );
    return { mapping, target: check.target };
  }

  /** The checks of one mapping by itself, reported to `reporter`. */
  private checkMapping(mapping: AttributeMapping, reporter: Reporter): ResolvedTarget | undefined {
    const targetFile = isTargetFileReference(this.target.origin) ? this.target.origin : undefined;
    const onCreate = flowTypeOf(mapping) === 'ObjectAddOnly';
    const target = checkTarget(mapping.target, this.resource, this.target.name, reporter, targetFile, onCreate);
    const matching = mapping.properties.some((p) => p.kind === 'match');
    const source = mapping.source;
    const defaultValue = mapping.properties.find((p) => p.kind === 'default');
    checkRepeatedProperties(mapping, reporter);

    if (source.kind === 'none') {
      // `default ""` is read as no default (docs/entra-schema.md), so it sends nothing either.
      if ((!defaultValue || defaultValue.value?.value === '') && !source.recovered) {
        reporter.report(
          'none-without-default',
          source.span,
          `A \`none\` mapping sends nothing unless it has a default value${defaultValue ? ' (an empty `default ""` is read as none)' : ''}: add \`default "value"\` (sent whenever the target has no value) or remove the mapping.`,
        );
      }
    } else {
      checkMappingExpression(source.expression, source.span, { object: this.block.object, reporter, text: this.text, onCreate, matching });
      if (source.mappingType === 'constant' && source.expression.kind === 'string')
        this.checkConstant(source.expression.value, source.expression.span, target, reporter);
      if (target?.writable) this.checkResultKind(source.expression, target, mapping.target.text, reporter);
      const format = target?.writable ? leafOf(target).format : undefined;
      if (format) {
        const why = neverOfFormat(source.expression, format, this.block.object);
        if (why)
          reporter.report(
            'value-format',
            source.span,
            `${quoted(target!.path)} takes ${format.description} in ${this.target.name}, but ${why}: the target rejects the ${this.block.object === 'users' ? 'user' : 'group'}.`,
          );
      }
      if (
        target &&
        leafOf(target).type === 'boolean' &&
        source.mappingType === 'direct' &&
        source.expression.kind === 'attribute' &&
        source.expression.name === 'IsSoftDeleted'
      ) {
        const suggestion = leafOf(target).entraDefault ?? 'Not([IsSoftDeleted])';
        reporter.report(
          'active-from-is-soft-deleted',
          source.span,
          `[IsSoftDeleted] is "True" for users who should be inactive: mapped directly it activates deleted users. Use ${suggestion}.`,
          { suggestion },
        );
      }
    }
    // `default ""` is an empty "Default value if null", no value sent (docs/entra-schema.md): nothing to type-check.
    if (defaultValue?.value && !defaultValue.value.recovered && defaultValue.value.value !== '')
      this.checkConstant(defaultValue.value.value, defaultValue.value.span, target, reporter);
    return target;
  }

  private checkConstant(value: string, span: Span, target: ResolvedTarget | undefined, reporter: Reporter): void {
    if (!target?.writable) return;
    const mismatch = constantMismatch(value, target, this.target.name);
    if (mismatch)
      reporter.report('constant-type', span, mismatch.message, mismatch.suggestion ? { suggestion: mismatch.suggestion } : undefined);
    else reportUnlistedValue(value, span, leafOf(target).suggestedValues, quoted(target.spelled), this.target.name, reporter);
  }

  /** What the whole expression produces (several values, roles, a reference) against what the target holds. */
  private checkResultKind(expression: Expression, target: ResolvedTarget, written: string, reporter: Reporter): void {
    const leaf = leafOf(target);
    const holdsMany = leaf.multiValued || (target.attribute.multiValued && !target.subAttribute);
    let produces: 'many' | 'roles' | 'reference' | undefined;
    let what = '';
    if (expression.kind === 'attribute') {
      const attribute = findSourceAttribute(this.block.object, expression.name);
      if (attribute?.type === 'Reference') [produces, what] = ['reference', `[${attribute.name}] is a reference`];
      else if (attribute?.multiValued && !attribute.roleFunctionsOnly)
        [produces, what] = ['many', `[${attribute.name}] has several values`];
    } else if (expression.kind === 'call' && !expression.recovered) {
      const fn = findFunction(expression.name.text);
      if (fn?.returns === 'roles') [produces, what] = ['roles', `${fn.name} sends a list of roles`];
      else if (fn?.returns === 'multiValued') [produces, what] = ['many', `${fn.name} returns several values`];
    }
    const reference = leaf.entraType === 'Reference';
    let problem: string | undefined;
    if (produces === 'reference' && !reference)
      problem = `${what}, resolved to the referenced object's id in ${this.target.name}; ${quoted(written)} is a plain value.`;
    else if (produces !== 'reference' && reference && expression.kind !== 'string')
      problem = `${quoted(written)} takes a reference: map the Entra reference attribute (e.g. [manager] or [members]).`;
    else if ((produces === 'many' || produces === 'roles') && !holdsMany) problem = `${what}, but ${quoted(written)} holds one value.`;
    if (problem) reporter.report('result-kind', expression.kind === 'call' ? expression.name.span : expression.span, problem);
  }

  private checkDuplicateTargets(checked: CheckedMapping[]): void {
    // By attribute, then by entry: an unresolved target is known by its Entra name, compared as SCIM compares names.
    const firstByKey = new Map<string, Map<string, AttributeMapping>>();
    for (const { mapping, target } of checked) {
      if (!target && mapping.target.recovered) continue;
      const attributeKey = target ? target.attributeKey : 'text:';
      const entryKey = target ? target.entryKey : mapping.target.name.toLowerCase();
      let byEntry = firstByKey.get(attributeKey);
      if (!byEntry) firstByKey.set(attributeKey, (byEntry = new Map()));
      const first = byEntry.get(entryKey);
      if (first) {
        this.reporter.report(
          'duplicate-target',
          mapping.target.span,
          `${quoted(mapping.target.text)} is already mapped in this block: keep one mapping per target.`,
          {
            first: first.target.span,
          },
        );
      } else {
        byEntry.set(entryKey, mapping);
      }
    }
  }

  private checkMatching(checked: CheckedMapping[]): void {
    const { block, reporter } = this;
    const byPrecedence = new Map<number, Span>();
    let matchingCount = 0;
    for (const { mapping, target } of checked) {
      for (const property of mapping.properties) {
        if (property.kind !== 'match') continue;
        matchingCount++;
        if (property.recovered || property.precedence === undefined) continue;
        const at = property.valueSpan ?? property.span;
        if (property.precedence < 1) {
          reporter.report(
            'invalid-match-precedence',
            at,
            'Matching precedence starts at 1 (Entra stores 0 for "not a matching attribute"): use `match 1` or remove it.',
            { suggestion: '1' },
          );
        } else if (byPrecedence.has(property.precedence)) {
          reporter.report(
            'duplicate-match-precedence',
            at,
            `Matching precedence ${property.precedence} is already used in this block: give each matching attribute its own precedence (1, 2, ...).`,
            {
              first: byPrecedence.get(property.precedence),
              suggestion: String(Math.max(...byPrecedence.keys(), property.precedence) + 1),
            },
          );
        } else {
          byPrecedence.set(property.precedence, at);
        }
        const leaf = target?.writable ? leafOf(target) : undefined;
        const noun = this.resource.name.toLowerCase();
        if (leaf && (leaf.mutability === 'writeOnly' || leaf.returned === 'never')) {
          const supported = this.filterablePaths(target!.attribute);
          reporter.report(
            'write-only-matching-attribute',
            property.span,
            `${this.target.name} never returns ${quoted(mapping.target.text)} (${leaf.mutability === 'writeOnly' ? 'it is write-only' : 'returned: never'}), so Entra's match query could never find a ${noun} by it, and the query would put the value, a secret, in the URL of its GET (RFC 7644 §7.5.2)${instead(supported)}`,
            suggestionData(supported[0]),
          );
        } else if (leaf && leaf.filterable === false) {
          const supported = this.filterablePaths(target!.attribute);
          reporter.report(
            'unfilterable-matching-attribute',
            property.span,
            `${this.target.name} cannot filter ${noun}s on ${quoted(mapping.target.text)}, so Entra could never find a match${instead(supported)}`,
            suggestionData(supported[0]),
          );
        } else if (leaf && leaf.type === 'boolean') {
          const supported = this.filterablePaths(target!.attribute);
          reporter.report(
            'boolean-matching-attribute',
            property.span,
            `${quoted(mapping.target.text)} is true or false, so its match query (\`${mapping.target.text} eq true\`) finds every ${noun} with that value, not this one: Entra fails a ${noun} that matches several${instead(supported, '. Match')}`,
            suggestionData(supported[0]),
          );
        }
      }
    }
    if (matchingCount === 0 && this.judgeCompleteness) {
      const suggestion = this.filterablePaths()[0];
      const where = suggestion
        ? `the \`${suggestion}\` mapping`
        : `the mapping of an attribute it can filter on (its target schema marks none \`"filterable": true\`)`;
      reporter.report(
        'no-matching-attribute',
        block.keyword.span,
        `Entra needs a matching attribute to find existing ${block.object} in ${this.target.name}: add \`match 1\` to ${where}.`,
        suggestionData(suggestion),
      );
    }
  }

  /**
   * The core attributes to suggest matching on, never `refused` (the one a diagnostic refuses): the
   * required ones the target can filter on that can tell one object from another (userName,
   * displayName; a boolean such as `active` cannot, every active user has it), else userName where the
   * target does not say it cannot filter on it, else any it can filter on. Empty: none to suggest.
   */
  private filterablePaths(refused?: TargetAttribute): string[] {
    const core = this.resource.schemas.find((s) => s.id === this.resource.coreSchema);
    const candidates = (core?.attributes ?? []).filter(
      (a) =>
        a !== refused &&
        a.entraType !== undefined &&
        a.type !== 'boolean' &&
        a.mutability !== 'readOnly' &&
        a.mutability !== 'writeOnly' &&
        a.returned !== 'never',
    );
    const preferred = candidates.filter((a) => a.filterable && a.required);
    if (preferred.length > 0) return preferred.map((a) => a.name);
    if (candidates.some((a) => a.name === 'userName' && a.filterable !== false)) return ['userName'];
    return candidates.filter((a) => a.filterable).map((a) => a.name);
  }

  private checkRequiredTargets(checked: CheckedMapping[]): void {
    const { block, reporter, resource } = this;
    const noun = resource.name.toLowerCase();
    // A required complex attribute (emails, name) is given by mapping any of its entries or sub-attributes.
    const mapped = new Set(checked.filter((c) => c.target).map((c) => c.target!.attribute));
    const sent = new Set(checked.filter((c) => c.target).map((c) => c.target!.schema));
    // A misspelt target whose unknown-target already suggests the required one (`userNam`) is that one mistake, not two.
    const suggested = new Set(
      reporter.diagnostics
        .filter((d) => d.code === 'unknown-target' && d.span.start >= block.span.start && d.span.end <= block.span.end)
        .map((d) => d.data?.suggestion),
    );
    const missing = (name: string, schema: TargetSchema, attribute: TargetAttribute, why: string): void => {
      if (mapped.has(attribute) || suggested.has(name)) return;
      mapped.add(attribute);
      // A complex attribute (emails, name) is given through one of its values, as complex-target says.
      const spelled = spelledQualifiedName(resource, schema, attribute);
      const path = attribute.entraType ? spelled : complexValuePath(spelled, attribute);
      const mapping = `${path} <- ${attribute.entraDefault ?? '[displayName]'}`;
      reporter.report(
        'missing-required-target',
        block.keyword.span,
        `${this.target.name} requires ${quoted(name)} for every ${noun} (${why}): add a mapping such as \`${mapping}\`.`,
        { attribute: name, suggestion: mapping },
      );
    };
    // A gallery app marks these Required, and Entra does not let an admin delete a required mapping; a discovered app's /Schemas says so.
    const why = this.target.discovered ? 'its /Schemas marks it required' : 'its gallery app marks it Required';
    for (const name of resource.required) {
      const required = findTargetAttributeByPath(resource, name);
      if (required) missing(name, required.schema, required.attribute, why);
    }
    // RFC 7643 §6: a required extension must be present; §7: a present schema's required attributes too.
    for (const schema of resource.schemas) {
      if (schema.id.toLowerCase() === resource.coreSchema.toLowerCase() || !(schema.required || sent.has(schema))) continue;
      const writable = entraWritableAttributes(schema);
      const required = writable.filter((attribute) => attribute.required);
      for (const attribute of required)
        missing(qualifiedName(resource, schema, attribute), schema, attribute, `the ${schema.name} extension marks it required`);
      if (required.length === 0 && !sent.has(schema) && writable.length > 0)
        missing(schema.id, schema, writable[0], `it must carry the ${schema.name} extension, which its resource type marks required`);
    }
  }
}

/** The end of a matching advice: the attributes to match on instead, or a full stop when there are none. */
function instead(supported: readonly string[], lead = ': match'): string {
  return supported.length > 0 ? `${lead} on ${supported.map((p) => `\`${p}\``).join(' or ')} instead.` : '.';
}

/** Functions that change letters but cannot give a value of a format what is not of it (an address, a phone number). */
const formatPreserving = new Set(['ToLower', 'ToUpper', 'NormalizeDiacritics', 'StripSpaces']);

/** Why the expression can never give a value of the format (a constant that does not match, a source attribute of another format), or undefined when it may. */
function neverOfFormat(expression: Expression, format: TargetFormat, object: ObjectBlock['object']): string | undefined {
  switch (expression.kind) {
    case 'string':
      return matchesFormat(format, expression.value) ? undefined : `the constant ${JSON.stringify(expression.value)} is not`;
    case 'number':
      return matchesFormat(format, expression.raw) ? undefined : `the number ${expression.raw} is not`;
    case 'attribute': {
      const attribute = findSourceAttribute(object, expression.name);
      return attribute && neverHasFormat(attribute, format)
        ? `[${attribute.name}] never is (it holds ${attribute.format ? `a ${attribute.format}` : `a ${attribute.type}`})`
        : undefined;
    }
    case 'call': {
      const name = expression.name.text;
      const argument = expression.args[0];
      if (formatPreserving.has(name)) return argument ? neverOfFormat(argument, format, object) : undefined;
      // A choice among values is never of the format when none of its values can be.
      const outcomes = possibleResults(expression);
      if (!outcomes || outcomes.length === 0) return undefined;
      const reasons: string[] = [];
      for (const outcome of outcomes) {
        const why = outcome && neverOfFormat(outcome, format, object);
        if (!why) return undefined;
        reasons.push(why);
      }
      return reasons.join(', and ');
    }
    default:
      return undefined;
  }
}

/** The expressions a Coalesce, IIF or Switch gives one of (undefined for a left-out slot), or undefined for any other call. */
function possibleResults(call: Call): ReadonlyArray<Expression | undefined> | undefined {
  const args = call.args;
  switch (call.name.text) {
    case 'Coalesce':
      return args;
    case 'IIF':
      return args.length === 3 ? [args[1], args[2]] : undefined;
    case 'Switch': {
      // Switch(source, default, key1, value1, ...): a left-out default gives null, which sends nothing.
      const values = args.filter((_, index) => index >= 3 && index % 2 === 1);
      return args[1] === undefined ? values : [args[1], ...values];
    }
    default:
      return undefined;
  }
}

/** The provisioning job's settings: each once; a threshold of 0 stops every cycle that disables anyone. */
function checkCycleSettings(file: MappingFile, reporter: Reporter): void {
  const first = new Map<string, Span>();
  for (const setting of file.cycle ?? []) {
    const earlier = first.get(setting.kind);
    if (earlier)
      reporter.report(
        'duplicate-cycle-setting',
        setting.span,
        `\`${setting.keyword.text}\` is set above already: the job has one value, keep one line.`,
        { first: earlier },
      );
    else first.set(setting.kind, setting.span);
    if (setting.kind === 'deletionThreshold' && setting.value === 0 && setting.valueSpan) {
      reporter.report(
        'deletion-threshold-zero',
        setting.valueSpan,
        "A threshold of 0 stops every cycle that would disable or delete even one object; Entra's default is 500.",
      );
    }
  }
}

/**
 * The role functions are "not compatible with the scope Sync all users and groups" (Microsoft Learn,
 * functions reference and "Customize attribute mappings"): with `sync all`, each call is a warning.
 */
function checkRoleFunctionsUnderSyncAll(file: MappingFile, reporter: Reporter): void {
  const syncs = (file.cycle ?? []).filter((setting) => setting.kind === 'sync');
  if (syncs[syncs.length - 1]?.value?.text !== 'all') return;
  const visit = (expression: Expression | undefined): void => {
    if (expression === undefined) return;
    if (expression.kind === 'call') {
      const fn = findFunctionIgnoreCase(expression.name.text);
      if (fn && hasFlag(fn, 'roleFunction'))
        reporter.report(
          'role-function-sync-all',
          expression.name.span,
          `${fn.name} is not compatible with \`sync all\` (Sync all users and groups), as Microsoft documents: use \`sync assigned\` and assign the users to the app with their roles.`,
        );
      expression.args.forEach(visit);
    } else if (expression.kind === 'comparison' || expression.kind === 'concat') {
      visit(expression.left);
      visit(expression.right);
    }
  };
  for (const block of file.blocks)
    for (const mapping of block.mappings) if (mapping.source.kind === 'expression') visit(mapping.source.expression);
}

/** What each property sets in Entra's attributeMapping: `on create`, `always` and `flow` all set the flowType. */
const PROPERTY_SETTINGS: Record<MappingProperty['kind'], string> = {
  match: 'matching precedence (`match`)',
  default: 'default value (`default`)',
  apply: 'flowType (`on create`, `always` or `flow`)',
  flow: 'flowType (`on create`, `always` or `flow`)',
  behavior: 'flowBehavior (`behavior`)',
};

/** Entra's attributeMapping holds one value of each setting: a second one would silently win or lose. */
function checkRepeatedProperties(mapping: AttributeMapping, reporter: Reporter): void {
  const seen = new Set<string>();
  for (const property of mapping.properties) {
    const setting = PROPERTY_SETTINGS[property.kind];
    if (seen.has(setting)) {
      reporter.report(
        'duplicate-property',
        property.span,
        `This mapping already sets its ${setting}: Entra keeps one value, so remove one of the two.`,
      );
    }
    seen.add(setting);
  }
}

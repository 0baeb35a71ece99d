// `scimmap diff`: what a schema JSON says differently from a .scimmap, in the terms of the portal
// (object mappings, attribute mappings, scoping filters), for "what did someone change in the
// portal since I exported?". Pure: a file model and a schema text in, a list of differences out.
import { arrayItems, member, scalar, stringMember, type JsonNode } from './json-tree';
import { ENTRA_DIRECTORY_NAMES, blockKindOf, objectMappingsOf, readSchemaDocument } from './import';
import { pairBlocks } from './export';
import {
  ALL_ACTIONS,
  USUAL_OBJECTS,
  objectMappingActions,
  objectNamesOf,
  readAttributeMapping,
  readScope,
  refusedValue,
  sameActions,
  sameFilters,
  type ClauseModel,
  type EntraProblem,
  type MappingModel,
  type ObjectModel,
  type ScopeModel,
} from './model';

export interface Difference {
  /** `added`: only in the schema; `removed`: only in the .scimmap; `changed`: in both, differently. */
  readonly change: 'added' | 'removed' | 'changed';
  /** The object mapping, as `users "Name"`. */
  readonly object: string;
  /** The attribute mapping's target, or `scope`, `enabled`, `actions`; absent for a whole object mapping. */
  readonly item?: string;
  /** What the .scimmap says and what the schema says, for a change. */
  readonly scimmap?: string;
  readonly schema?: string;
  /** Where in the schema. */
  readonly pointer: string;
}

/**
 * The differences between a .scimmap's blocks and a schema text (throws EntraSchemaError for a bad
 * schema). `warnings` receives the values import refuses in attribute mappings the .scimmap also maps.
 */
export function diffSchema(blocks: readonly ObjectModel[], schemaText: string, warnings: EntraProblem[] = []): Difference[] {
  const document = readSchemaDocument(schemaText);
  const pairing = pairBlocks(document, blocks);
  const differences: Difference[] = pairing.withoutRule.map((block) => ({
    change: 'removed',
    object: blockLabel(block),
    item: `rule ${JSON.stringify(block.rule)}`,
    pointer: document.rules.pointer,
  }));
  document.rules.items.forEach((rule, ruleIndex) => {
    const { edits, added } = pairing.perRule[ruleIndex];
    for (const block of added)
      differences.push({ change: 'removed', object: blockLabel(block), pointer: `${rule.pointer}/objectMappings` });
    if (!ENTRA_DIRECTORY_NAMES.includes(stringMember(rule, 'sourceDirectoryName') ?? '')) return;
    for (const om of objectMappingsOf(rule)) {
      const block = edits.get(om);
      if (block)
        differences.push(
          ...objectDifferences(block, om, (problem, target) =>
            warnings.push(
              refusedValue(
                problem,
                document.root,
                schemaText,
                `diff compares it as the schema holds it, and export writes the .scimmap's mapping of ${target} over it`,
              ),
            ),
          ),
        );
      else {
        const names = objectNamesOf(om);
        const kind = blockKindOf(names.source, names.target);
        // Objects other than the block's usual source (a hidden mapping's "") are named, as import's header names them.
        const objects = names.source === USUAL_OBJECTS[kind].source ? {} : { source: names.source, target: names.target };
        differences.push({
          change: 'added',
          object: label(kind, scalar(member(om, 'name')) as string | null, objects),
          pointer: om.pointer,
        });
      }
    }
  });
  return differences;
}

/** An object mapping as a block header says it: `users "Name" from "SOURCE" to "TARGET"`, each part when known. */
function label(kind: string, name: string | null | undefined, objects: { source?: string; target?: string } = {}): string {
  const parts = [kind];
  if (name) parts.push(JSON.stringify(name));
  if (objects.source !== undefined) parts.push(`from ${JSON.stringify(objects.source)}`);
  if (objects.target !== undefined) parts.push(`to ${JSON.stringify(objects.target)}`);
  return parts.join(' ');
}

function blockLabel(block: ObjectModel, name = block.name): string {
  return label(block.kind, name, { source: block.sourceObject, target: block.targetObject });
}

function objectDifferences(block: ObjectModel, om: JsonNode, refused: (problem: EntraProblem, target: string) => void): Difference[] {
  const object = blockLabel(block, block.name ?? (scalar(member(om, 'name')) as string | null));
  const differences: Difference[] = [];
  const changed = (item: string, scimmap: string, schema: string, pointer: string) =>
    differences.push({ change: 'changed', object, item, scimmap, schema, pointer });
  const enabled = scalar(member(om, 'enabled')) !== false;
  if (enabled !== block.enabled) changed('enabled', String(block.enabled), String(enabled), `${om.pointer}/enabled`);
  const actions = objectMappingActions(om);
  if (!actions || !sameActions(actions, block.actions))
    changed(
      'actions',
      ALL_ACTIONS.filter((a) => block.actions.has(a)).join(', '),
      stringMember(om, 'flowTypes') ?? 'Add,Update,Delete (no flowTypes)',
      `${om.pointer}/flowTypes`,
    );
  const name = scalar(member(om, 'name'));
  if (block.name !== undefined && block.name !== name)
    changed('name', JSON.stringify(block.name), JSON.stringify(name), `${om.pointer}/name`);

  const list = member(om, 'attributeMappings');
  const theirs = arrayItems(list).map((node) => {
    const problems: EntraProblem[] = [];
    return { node, model: readAttributeMapping(node, problems), problems };
  });
  const matched = new Set<JsonNode>();
  for (const mine of block.mappings) {
    const other = theirs.find((t) => !matched.has(t.node) && t.model?.target === mine.target);
    if (!other?.model) {
      differences.push({
        change: 'removed',
        object,
        item: mine.target,
        scimmap: describeMapping(mine),
        pointer: list?.pointer ?? om.pointer,
      });
      continue;
    }
    matched.add(other.node);
    for (const problem of other.problems) refused(problem, mine.target);
    const a = describeMapping(mine);
    const b = describeMapping(other.model);
    if (a !== b) changed(mine.target, a, b, other.node.pointer);
  }
  for (const t of theirs) {
    if (!matched.has(t.node))
      differences.push({
        change: 'added',
        object,
        item: t.model?.target ?? stringMember(t.node, 'targetAttributeName') ?? '?',
        schema: t.model ? describeMapping(t.model) : 'unreadable',
        pointer: t.node.pointer,
      });
  }
  differences.push(...scopeDifferences(object, block.scopes, member(om, 'scope'), `${om.pointer}/scope`));
  return differences;
}

/**
 * The scoping filter's differences one filter group or clause at a time (the group and clause that
 * changed, at its pointer), not the whole filter on both sides. Items are named from the schema's
 * side where it has one, so two diffs against the same schema name the same change the same way.
 */
function scopeDifferences(
  object: string,
  mine: readonly ScopeModel[],
  scopeNode: JsonNode | undefined,
  scopePointer: string,
): Difference[] {
  const groupNodes = arrayItems(member(scopeNode, 'groups'));
  const theirs = readScope(scopeNode, []);
  const differences: Difference[] = [];
  for (const [a, b] of align(mine, theirs, sameFilters)) {
    if (b === undefined) {
      const group = mine[a!];
      differences.push({
        change: 'removed',
        object,
        item: groupLabel(group, a!),
        scimmap: describeClauses(group),
        pointer: `${scopePointer}/groups`,
      });
    } else if (a === undefined) {
      const group = theirs[b];
      differences.push({
        change: 'added',
        object,
        item: groupLabel(group, b),
        schema: describeClauses(group),
        pointer: groupNodes[b].pointer,
      });
    } else differences.push(...groupDifferences(object, mine[a], theirs[b], b, groupNodes[b]));
  }
  return differences;
}

function groupDifferences(object: string, mine: ScopeModel, theirs: ScopeModel, index: number, node: JsonNode): Difference[] {
  const group = groupLabel(theirs, index);
  const differences: Difference[] = [];
  if (mine.name !== theirs.name)
    differences.push({
      change: 'changed',
      object,
      item: `${group} name`,
      scimmap: JSON.stringify(mine.name ?? ''),
      schema: JSON.stringify(theirs.name ?? ''),
      pointer: `${node.pointer}/name`,
    });
  const clauseNodes = arrayItems(member(node, 'clauses'));
  const clausesPointer = `${node.pointer}/clauses`;
  for (const [a, b] of align(mine.clauses, theirs.clauses, sameFilters)) {
    if (b === undefined)
      differences.push({
        change: 'removed',
        object,
        item: `${group} clause ${a! + 1}`,
        scimmap: describeClause(mine.clauses[a!]),
        pointer: clausesPointer,
      });
    else if (a === undefined)
      differences.push({
        change: 'added',
        object,
        item: `${group} clause ${b + 1}`,
        schema: describeClause(theirs.clauses[b]),
        pointer: clauseNodes[b]?.pointer ?? clausesPointer,
      });
    else
      differences.push({
        change: 'changed',
        object,
        item: `${group} clause ${b + 1}`,
        scimmap: describeClause(mine.clauses[a]),
        schema: describeClause(theirs.clauses[b]),
        pointer: clauseNodes[b]?.pointer ?? clausesPointer,
      });
  }
  return differences;
}

/** A filter group as `scope "Name"` (as the .scimmap writes it), numbered: names may repeat or be empty. */
function groupLabel(group: ScopeModel, index: number): string {
  return `scope ${JSON.stringify(group.name ?? '')} (group ${index + 1})`;
}

/**
 * Pairs two lists' elements by index: equal leading and trailing elements are left out, the rest
 * pair in order and what is left over has no partner (so one inserted, removed or edited element in
 * a list shows as just that element).
 */
function align<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): [number | undefined, number | undefined][] {
  let start = 0;
  while (start < a.length && start < b.length && same(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const pairs: [number | undefined, number | undefined][] = [];
  for (let i = 0; i < Math.max(endA - start, endB - start); i++) {
    const x = start + i < endA ? start + i : undefined;
    const y = start + i < endB ? start + i : undefined;
    pairs.push([x, y]);
  }
  return pairs;
}

/** A mapping as one .scimmap line (without the target). */
export function describeMapping(m: MappingModel): string {
  const parts = [m.canonical ?? 'none'];
  if (m.matchingPriority > 0) parts.push(`match ${m.matchingPriority}`);
  if (m.defaultValue !== null) parts.push(`default ${JSON.stringify(m.defaultValue)}`);
  if (m.flowType !== 'Always') parts.push(`flow ${m.flowType}`);
  if (m.flowBehavior !== 'FlowWhenChanged') parts.push(`behavior ${m.flowBehavior}`);
  return parts.join('  ');
}

function describeClauses(group: ScopeModel): string {
  return group.clauses.map(describeClause).join(' AND ') || 'no clauses';
}

/** A clause as the .scimmap writes it. */
function describeClause(c: ClauseModel): string {
  return `[${c.attribute}] ${c.operator}${c.values.length ? ` ${c.values.map((v) => JSON.stringify(v)).join(', ')}` : ''}`;
}

/** One line per difference: `+` only in the schema, `-` only in the .scimmap, `~` changed. */
export function formatDifference(d: Difference): string {
  const where = d.item ? `${d.object} ${d.item}` : d.object;
  if (d.change === 'added') return `+ ${where}${d.schema ? `: ${d.schema}` : ''}   (only in the schema, ${d.pointer})`;
  if (d.change === 'removed') return `- ${where}${d.scimmap ? `: ${d.scimmap}` : ''}   (only in the .scimmap)`;
  return `~ ${where}: .scimmap ${d.scimmap}; schema ${d.schema}   (${d.pointer})`;
}

/**
 * What a push does to the schema in Entra (its PUT): the current schema is before, the .scimmap's
 * export after, so the polarity is the reverse of diffSchema's. `added`: the push adds it (only in the
 * .scimmap); `removed`: the push removes it (only in the schema); `changed`: the push sets the
 * .scimmap's (`scimmap`) where the schema says `schema`. The other members are Difference's.
 */
export interface PushChange extends Omit<Difference, 'change'> {
  readonly change: 'added' | 'removed' | 'changed';
}

/**
 * diffSchema(.scimmap, current schema) as what the push does. An object mapping the .scimmap has no
 * block for is no change: export keeps it as it is (and says so in a note).
 */
export function pushChanges(differences: readonly Difference[]): PushChange[] {
  return differences
    .filter((d) => !(d.change === 'added' && d.item === undefined))
    .map((d) => (d.change === 'changed' ? d : { ...d, change: d.change === 'added' ? 'removed' : 'added' }));
}

/** One line per change the push makes: `+` it adds, `-` it removes, `~` it changes. */
export function formatPushChange(d: PushChange): string {
  const where = d.item ? `${d.object} ${d.item}` : d.object;
  if (d.change === 'added') return `+ ${where}${d.scimmap ? `: ${d.scimmap}` : ''}   (the push adds it)`;
  if (d.change === 'removed') return `- ${where}${d.schema ? `: ${d.schema}` : ''}   (the push removes it, ${d.pointer})`;
  return `~ ${where}: ${d.schema} in Entra; the push sets ${d.scimmap}   (${d.pointer})`;
}

/**
 * What the schema in Entra says differently from the pulled one (someone saved in the portal since
 * the pull), and what push --force does with it: --force keeps Entra's unless the .scimmap says
 * otherwise (`changes`, the .scimmap against the current schema, has the same object and item).
 */
export interface ChangeSincePull {
  readonly change: 'added in Entra' | 'removed in Entra' | 'changed in Entra';
  readonly object: string;
  readonly item?: string;
  /** What the pulled schema said and what Entra says now. */
  readonly pulled?: string;
  readonly current?: string;
  readonly pointer: string;
  readonly withForce: "keeps Entra's" | "puts the .scimmap's back" | 'removes it (the .scimmap has none)' | "sets the .scimmap's";
}

/** `sincePull`: the pulled schema's differences from the current one (diffSchema of the pulled file's blocks). */
export function changesSincePull(sincePull: readonly Difference[], changes: readonly Difference[]): ChangeSincePull[] {
  return sincePull.map((d) => {
    const overwritten = changes.find((c) => c.object === d.object && c.item === d.item);
    return {
      change: `${d.change} in Entra` as const,
      object: d.object,
      ...(d.item !== undefined && { item: d.item }),
      ...(d.scimmap !== undefined && { pulled: d.scimmap }),
      ...(d.schema !== undefined && { current: d.schema }),
      pointer: d.pointer,
      withForce: withForce(overwritten),
    };
  });
}

function withForce(overwritten: Difference | undefined): ChangeSincePull['withForce'] {
  // Export keeps the object mappings the .scimmap does not mention: only their attribute mappings go.
  if (!overwritten || (overwritten.change === 'added' && overwritten.item === undefined)) return "keeps Entra's";
  if (overwritten.change === 'removed') return "puts the .scimmap's back";
  return overwritten.change === 'added' ? 'removes it (the .scimmap has none)' : "sets the .scimmap's";
}

/** One line per change since the pull: `+` added in Entra, `-` removed in Entra, `~` changed in Entra. */
export function formatChangeSincePull(c: ChangeSincePull): string {
  const where = c.item ? `${c.object} ${c.item}` : c.object;
  const sign = { 'added in Entra': '+', 'removed in Entra': '-', 'changed in Entra': '~' }[c.change];
  const value = c.change === 'changed in Entra' ? `pulled ${c.pulled}; now ${c.current}` : (c.current ?? c.pulled);
  return `${sign} ${where}${value ? `: ${value}` : ''}   (${c.change} since the pull, ${c.pointer}; --force ${c.withForce})`;
}

// Target paths against the target schema: the schema URN, the attribute, the value filter
// and the sub-attribute, each reported on its own span; then whether the target can be written and
// whether a constant fits it.
import { quoted, quoteString } from '../syntax/quoting';
import { spelledTargetName, spelledTargetParts, spelledValueFilter } from '../syntax/target-names';
import type { PathSegment, Span, StringLiteral, TargetPath } from '../syntax/ast';
import {
  allTargetAttributes,
  coreSchemaOf,
  entraWritableAttributes,
  findSubAttribute,
  findTargetAttribute,
  findTargetSchema,
  qualifiedName,
  readOnlyEntryFor,
  spelledQualifiedName,
  type TargetAttribute,
  type TargetResource,
  type TargetSchema,
} from '../schema/target';
import { closest, didYouMean, suggestionData, type Reporter } from './report';
import { isDateTime, rangeMismatch } from '../schema/target-rules';
import { coreSchemaPrefix } from '../provisioning/paths';

/**
 * A lookup by name remembered per schema object and name as written: the schema lookups compare
 * case-insensitively over every candidate, and a large file asks the same few questions thousands
 * of times. Forgets a schema's answers once it holds more than a few thousand spellings.
 */
function remembered<O extends object, R>(lookup: (owner: O, name: string) => R | undefined): (owner: O, name: string) => R | undefined {
  // Owners are the target schema's objects: a target file reloaded after an edit leaves its old ones to the collector.
  const answers = new WeakMap<O, Map<string, R | null>>();
  return (owner, name) => {
    let known = answers.get(owner);
    if (!known) answers.set(owner, (known = new Map()));
    const remembered = known.get(name);
    if (remembered !== undefined) return remembered ?? undefined;
    const answer = lookup(owner, name);
    if (known.size > 4096) known.clear();
    known.set(name, answer ?? null);
    return answer;
  };
}

const schemaByUrn = remembered(findTargetSchema);
const attributeByName = remembered(findTargetAttribute);
const subAttributeByName = remembered(findSubAttribute);
const qualifiedPaths = new WeakMap<TargetAttribute, { readonly path: string; readonly lower: string }>();

/** How Entra names an attribute, and that name in lower case (the start of a target's key); once per attribute. */
function qualifiedPath(
  resource: TargetResource,
  schema: TargetSchema,
  attribute: TargetAttribute,
): { readonly path: string; readonly lower: string } {
  let known = qualifiedPaths.get(attribute);
  if (!known) {
    const path = qualifiedName(resource, schema, attribute);
    qualifiedPaths.set(attribute, (known = { path, lower: path.toLowerCase() }));
  }
  return known;
}

export interface ResolvedTarget {
  readonly schema: TargetSchema;
  readonly attribute: TargetAttribute;
  readonly subAttribute?: TargetAttribute;
  /** `userName`, `urn:...:enterprise:2.0:User:manager`: how Entra names the attribute. */
  readonly path: string;
  /** The path as a .scimmap writes it (`urn:...:2.0:User:"Région"`): how messages show it. */
  readonly spelled: string;
  /**
   * The same target however it is spelled (case, fully qualified core names, filter order), in two
   * parts: the attribute (one string per attribute, so cheap to look up) and the entry and
   * sub-attribute within it.
   */
  readonly attributeKey: string;
  readonly entryKey: string;
  /** Whether the path names something Entra can write (not read-only, not a bare complex value). */
  readonly writable: boolean;
}

/** The leaf a value lands in: the sub-attribute when there is one. */
export function leafOf(target: ResolvedTarget): TargetAttribute {
  return target.subAttribute ?? target.attribute;
}

/**
 * Checks a target path against `resource` of the app called `app` (for messages); `targetFile`: the
 * `target "./X.target.json"` file the schema was read from, which an unknown attribute can be added to;
 * `onCreate`: the mapping applies only when the object is created (an immutable target needs it).
 */
export function checkTarget(
  target: TargetPath,
  resource: TargetResource,
  app: string,
  reporter: Reporter,
  targetFile?: string,
  onCreate = false,
): ResolvedTarget | undefined {
  if (target.recovered || target.segments.length === 0) return undefined;
  const schema = resolveSchema(target, resource, app, reporter);
  if (!schema) return undefined;
  const first = target.segments[0];
  const second = target.segments.length > 1 ? target.segments[1] : undefined;
  const attribute = resolveAttribute(first, target, schema, resource, app, reporter, targetFile);
  if (!attribute) return undefined;
  const { path, lower } = qualifiedPath(resource, schema, attribute);
  const spelled = spelledQualifiedName(resource, schema, attribute);
  if (!checkFilter(first, attribute, spelled, app, reporter)) return undefined;

  let subAttribute: TargetAttribute | undefined;
  if (target.segments.length > 2 && reportedDeeperPath(target, attribute, spelled, reporter)) return undefined;
  if (second) {
    subAttribute = resolveSubAttribute(second, attribute, spelled, app, reporter);
    if (!subAttribute) return undefined;
    if (subAttribute.name.includes('.'))
      reporter.report(
        'dotted-sub-attribute',
        second.name.span,
        `${quoted(subAttribute.name)} is one sub-attribute of \`${spelled}\`, as SCIM paths have one: the preview sends it under that name, and \`${target.name}\` as the PATCH path; what Entra sends for a name of more parts is undocumented.`,
      );
    if (target.segments.length > 2) {
      const extra = target.segments[2].name;
      reporter.report(
        'unknown-sub-attribute',
        extra.span,
        `\`${spelled}.${spelledTargetName(subAttribute.name)}\` has no sub-attributes: SCIM paths stop at one sub-attribute.`,
      );
      return undefined;
    }
    // RFC 7643 §2.4: the attribute is an array, and without a filter there is no entry to write to (the request would carry one object).
    if (attribute.multiValued && !first.filter && !attribute.unfilteredEntries) {
      const example = exampleFilter(attribute, subAttribute.name);
      reporter.report(
        'missing-value-filter',
        first.name.span,
        `\`${spelledTargetName(attribute.name)}\` is multi-valued: select the entry to write with a value filter, e.g. \`${spelledTargetParts(undefined, attribute.name, example, subAttribute.name)}\`.`,
        // Without a filter key the example's value is made up: no quick fix.
        attribute.filterKey ? { suggestion: spelledTargetParts(undefined, attribute.name, example) } : undefined,
      );
      return undefined;
    }
  }

  const entryKey = `${filterKey(first)}|${subAttribute?.name.toLowerCase() ?? ''}`;
  return {
    schema,
    attribute,
    subAttribute,
    path,
    spelled,
    attributeKey: lower,
    entryKey,
    writable: checkWritable(target, first, attribute, subAttribute, spelled, app, reporter, onCreate),
  };
}

/**
 * `a.b.c` where the attribute `a` has the sub-attribute `b.c` (an Entra name of three parts, which
 * import writes `a."b.c"`): SCIM paths stop at one sub-attribute, so the rest is that one name.
 * Reported with the spelling to write; true when it was.
 */
function reportedDeeperPath(target: TargetPath, attribute: TargetAttribute, spelled: string, reporter: Reporter): boolean {
  const rest = target.segments.slice(1);
  const sub = subAttributeByName(attribute, rest.map((segment) => segment.name.text).join('.'));
  if (!sub || rest.some((segment) => segment.filter)) return false;
  const suggestion = spelledTargetName(sub.name);
  reporter.report(
    'unknown-sub-attribute',
    { start: rest[0].name.span.start, end: rest[rest.length - 1].name.span.end },
    `SCIM paths stop at one sub-attribute: \`${spelled}\` has the sub-attribute ${quoted(sub.name)}, one name with its dots: write it \`${suggestion}\`.`,
    { suggestion },
  );
  return true;
}

function resolveSchema(target: TargetPath, resource: TargetResource, app: string, reporter: Reporter): TargetSchema | undefined {
  if (!target.schema) return coreSchemaOf(resource);
  const urn = target.schema;
  const schema = schemaByUrn(resource, urn.text);
  if (schema) {
    if (schema.id !== urn.text) reportCase(reporter, urn.span, schema.id, 'schema URN', app);
    return schema;
  }
  // `urn:...:enterprise:2.0:User <- ...`: the lexer reads `User` as the attribute, but the whole is a schema.
  const [only] = target.segments;
  const named =
    target.segments.length === 1 && !only.filter && !only.quoted ? schemaByUrn(resource, `${urn.text}:${only.name.text}`) : undefined;
  if (named) {
    const example = entraWritableAttributes(named)[0];
    reporter.report(
      'unknown-target',
      target.span,
      `\`${target.text}\` is a schema, not an attribute: write one of its attributes after a \`:\`${example ? `, such as \`${spelledQualifiedName(resource, named, example)}\`` : ''}.`,
    );
    return undefined;
  }
  const suggestion = closest(
    urn.text,
    resource.schemas.map((s) => s.id),
  );
  const known = resource.schemas.map((s) => s.id).join(', ');
  reporter.report(
    'unknown-schema',
    urn.span,
    `${app} ${resource.name} resources have no schema \`${urn.text}\`.${didYouMean(suggestion)} Known schemas: ${known}.`,
    suggestionData(suggestion),
  );
  return undefined;
}

function resolveAttribute(
  segment: PathSegment,
  target: TargetPath,
  schema: TargetSchema,
  resource: TargetResource,
  app: string,
  reporter: Reporter,
  targetFile: string | undefined,
): TargetAttribute | undefined {
  const written = segment.name.text;
  const attribute = attributeByName(schema, written);
  if (attribute) {
    if (attribute.name !== written) reportCase(reporter, segment.name.span, spelledTargetName(attribute.name), 'attribute', app);
    return attribute;
  }
  const entries = allTargetAttributes(resource);
  if (!target.schema) {
    // `department` is written fully qualified: it lives in the enterprise extension.
    const elsewhere = entries.find((e) => e.schema !== schema && e.attribute.name.toLowerCase() === written.toLowerCase());
    if (elsewhere) {
      const qualified = spelledQualifiedName(resource, elsewhere.schema, elsewhere.attribute);
      reporter.report(
        'unknown-target',
        segment.name.span,
        `\`${spelledTargetName(elsewhere.attribute.name)}\` belongs to the ${elsewhere.schema.name} extension: write it fully qualified as \`${qualified}\`.`,
        { suggestion: qualified },
      );
      return undefined;
    }
    if (resource.block === 'users' && written.toLowerCase() === 'members') {
      reporter.report(
        'members-only-on-groups',
        segment.name.span,
        '`members` is a group attribute: map group membership in the `groups` block (`members <- [members]`).',
      );
      return undefined;
    }
  }
  // `nmae.givenName`: only an attribute with sub-attributes makes the rest of the path valid.
  const pool = entries.filter(
    (e) => (!target.schema || e.schema === schema) && (target.segments.length === 1 || e.attribute.subAttributes !== undefined),
  );
  const name = closest(
    written,
    pool.map((e) => e.attribute.name),
  );
  const match = pool.find((e) => e.attribute.name === name);
  const suggestion =
    match && (target.schema ? spelledTargetName(match.attribute.name) : spelledQualifiedName(resource, match.schema, match.attribute));
  const where = target.schema ? `the schema \`${schema.id}\`` : `${app} ${resource.name} resources`;
  // An imported app's attributes are in its target file: one the app has but the file lacks is added there.
  const addIt = targetFile
    ? ` If ${app} has it, add it to ${targetFile} (docs/targets.md): then \`scimmap export\` adds its attribute definition to Entra's schema.`
    : '';
  reporter.report(
    'unknown-target',
    segment.name.span,
    `${quoted(spelledTargetName(written))} is not an attribute of ${where}.${quotedPunctuation(segment)}${didYouMean(suggestion)}${addIt}`,
    suggestionData(suggestion),
  );
  return undefined;
}

/** What a quoted name holding `.`, `[` or `:` means: one name, so `"name.familyName"` is not the path name.familyName. */
function quotedPunctuation(segment: PathSegment): string {
  if (!segment.quoted || !/[.[\]:]/.test(segment.name.text)) return '';
  return ' Inside quotes a dot, bracket or colon is part of one attribute name: without the quotes it is read as a path.';
}

function resolveSubAttribute(
  segment: PathSegment,
  attribute: TargetAttribute,
  spelled: string,
  app: string,
  reporter: Reporter,
): TargetAttribute | undefined {
  const written = segment.name.text;
  if (!attribute.subAttributes) {
    reporter.report(
      'unknown-sub-attribute',
      segment.name.span,
      `${quoted(spelled)} is a ${attribute.type} and has no sub-attributes: map ${quoted(spelled)} itself.`,
    );
    return undefined;
  }
  const sub = subAttributeByName(attribute, written);
  if (!sub) {
    const name = closest(
      written,
      attribute.subAttributes.map((s) => s.name),
    );
    const suggestion = name && spelledTargetName(name);
    const known = attribute.subAttributes.map((s) => s.name).join(', ');
    reporter.report(
      'unknown-sub-attribute',
      segment.name.span,
      `\`${spelledTargetName(attribute.name)}\` has no sub-attribute ${quoted(spelledTargetName(written))}.${quotedPunctuation(segment)}${didYouMean(suggestion)} It has: ${known}.`,
      suggestionData(suggestion),
    );
    return undefined;
  }
  if (segment.filter) {
    reporter.report(
      'filter-not-allowed',
      segment.filter.span,
      `\`${spelledTargetParts(undefined, attribute.name, '', sub.name)}\` is a single value: value filters select entries of multi-valued attributes only.`,
    );
    return undefined;
  }
  if (sub.name !== written) reportCase(reporter, segment.name.span, spelledTargetName(sub.name), 'sub-attribute', app);
  return sub;
}

/** Checks the value filter on a segment; false when it is wrong enough that the target means nothing. */
function checkFilter(segment: PathSegment, attribute: TargetAttribute, spelled: string, app: string, reporter: Reporter): boolean {
  const filter = segment.filter;
  if (!filter || filter.recovered) return !filter;
  if (!attribute.multiValued || attribute.type !== 'complex' || !attribute.subAttributes) {
    reporter.report(
      'filter-not-allowed',
      filter.span,
      `${quoted(spelled)} is single-valued: value filters select entries of multi-valued complex attributes such as emails. Remove the filter.`,
    );
    return false;
  }
  let ok = true;
  for (const comparison of filter.comparisons) {
    if (comparison.recovered) {
      ok = false;
      continue;
    }
    if (comparison.operator.text !== 'eq') {
      reporter.report(
        'filter-operator',
        comparison.operator.span,
        `Entra writes target value filters with \`eq\` only, not ${quoted(comparison.operator.text)}.`,
        { suggestion: 'eq' },
      );
      ok = false;
    }
    const sub = subAttributeByName(attribute, comparison.attribute.text);
    if (!sub) {
      const names = attribute.subAttributes.map((s) => s.name);
      const suggestion = closest(comparison.attribute.text, names);
      reporter.report(
        'unknown-filter-attribute',
        comparison.attribute.span,
        `\`${spelledTargetName(attribute.name)}\` entries have no \`${comparison.attribute.text}\` to filter on.${didYouMean(suggestion)} They have: ${names.join(', ')}.`,
        suggestionData(suggestion),
      );
      ok = false;
      continue;
    }
    if (sub.name !== comparison.attribute.text) reportCase(reporter, comparison.attribute.span, sub.name, 'sub-attribute', app);
    checkFilterValue(comparison.value, sub, attribute, app, reporter);
  }
  return ok;
}

function checkFilterValue(value: StringLiteral, sub: TargetAttribute, attribute: TargetAttribute, app: string, reporter: Reporter): void {
  if (value.recovered) return;
  if (value.quote === "'") {
    reporter.report(
      'single-quoted-filter-value',
      value.span,
      `RFC 7644 filters quote values with double quotes: write ${quoteString(value.value)}.`,
      {
        replacement: quoteString(value.value),
      },
    );
  }
  if (sub.type === 'boolean') {
    // The filter's value is sent as the element's boolean (`"primary": true`): it must read as one.
    const mismatch = booleanMismatch(
      value.value,
      `${quoted(spelledTargetName(sub.name))} of ${quoted(spelledTargetName(attribute.name))}`,
      app,
    );
    if (mismatch)
      reporter.report('constant-type', value.span, mismatch.message, mismatch.suggestion ? { suggestion: mismatch.suggestion } : undefined);
    return;
  }
  const allowed = sub.canonicalValues;
  if (!allowed) {
    reportUnlistedValue(value.value, value.span, sub.suggestedValues, `${attribute.name} ${sub.name}`, app, reporter);
    return;
  }
  if (allowed.includes(value.value)) return;
  const sameIgnoringCase = allowed.find((v) => v.toLowerCase() === value.value.toLowerCase());
  if (sameIgnoringCase) {
    reporter.report(
      'filter-value-case',
      value.span,
      `${app} spells this ${attribute.name} ${sub.name} \`${sameIgnoringCase}\`: write ${quoteString(sameIgnoringCase)}.`,
      { suggestion: sameIgnoringCase },
    );
    return;
  }
  const suggestion = closest(value.value, allowed);
  reporter.report(
    'unknown-filter-value',
    value.span,
    `${app} has no ${attribute.name} ${sub.name} ${quoteString(value.value)}.${didYouMean(suggestion)} Use one of: ${allowed.join(', ')}.`,
    { ...suggestionData(suggestion), allowed },
  );
}

/** A list's values in lower case, made once per list: an imported schema may list 20,000 filter values, each checked against all. */
const lowerCaseSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function lowerCaseSetOf(list: readonly string[]): ReadonlySet<string> {
  let set = lowerCaseSets.get(list);
  if (!set) lowerCaseSets.set(list, (set = new Set(list.map((item) => item.toLowerCase()))));
  return set;
}

/**
 * A value that nearly spells one the target suggests (RFC 7643 §7's canonical values, which
 * discovery reads as suggestions): likely a typo, and a value the app may ignore. One that is not
 * close to any is taken as meant (Genesys Cloud authorities beyond the three it names).
 */
export function reportUnlistedValue(
  value: string,
  span: Span,
  listed: readonly string[] | undefined,
  what: string,
  app: string,
  reporter: Reporter,
): void {
  if (!listed || lowerCaseSetOf(listed).has(value.toLowerCase())) return;
  const suggestion = closest(value, listed);
  if (suggestion === undefined) return;
  reporter.report(
    'unlisted-value',
    span,
    `${app} lists ${listed.map((item) => quoteString(item)).join(', ')} for ${what}, not ${quoteString(value)}.${didYouMean(suggestion)} RFC 7643 §7 lets an app ignore a value it does not support.`,
    { suggestion },
  );
}

/** A schema's description as the reason a target is read-only: none (a discovered schema may give "") ends the sentence. */
function readOnlyWhy(description: string | undefined): string {
  const why = description?.trim();
  if (!why) return '.';
  return `: ${why}${/[.!?]$/.test(why) ? '' : '.'}`;
}

function checkWritable(
  target: TargetPath,
  first: PathSegment,
  attribute: TargetAttribute,
  subAttribute: TargetAttribute | undefined,
  spelled: string,
  app: string,
  reporter: Reporter,
  onCreate: boolean,
): boolean {
  const leaf = subAttribute ?? attribute;
  if (attribute.mutability === 'readOnly' || leaf.mutability === 'readOnly') {
    reporter.report(
      'read-only-target',
      target.span,
      `${quoted(target.text)} is read-only in ${app}${readOnlyWhy(attribute.description)} Remove this mapping.`,
    );
    return false;
  }
  // RFC 7643 §7: an immutable value may be set when the resource is created, never updated (Entra's "Only during object creation").
  if ((attribute.mutability === 'immutable' || leaf.mutability === 'immutable') && !onCreate)
    reporter.report(
      'requires-on-create',
      target.span,
      `${quoted(target.text)} is immutable in ${app}: it can be set when the object is created but never updated (RFC 7643 §7), and ${app} refuses Entra's update when the value changes. Add \`on create\` to this mapping.`,
      { suggestion: 'on create' },
    );
  const readOnlyEntry = first.filter?.comparisons.find((c) => c.attribute.text.toLowerCase() === attribute.filterKey?.toLowerCase());
  const entry = readOnlyEntry && readOnlyEntryFor(attribute, readOnlyEntry.value.value);
  if (entry) {
    reporter.report('read-only-target', target.span, `${quoted(target.text)} is read-only in ${app}: ${entry.reason}.`);
    return false;
  }
  if (!subAttribute && !attribute.entraType) {
    const suggestion = first.filter ? `${target.text}.${valueSubAttribute(attribute)}` : complexValuePath(spelled, attribute);
    reporter.report(
      'complex-target',
      target.span,
      `${quoted(target.text)} is a complex attribute: map one of its values, e.g. \`${suggestion}\`.`,
      { suggestion },
    );
    return false;
  }
  return true;
}

/** The sub-attribute of a complex attribute to write, as a .scimmap spells it: the first but the filter key (`value`, `givenName`). */
function valueSubAttribute(attribute: TargetAttribute): string {
  return spelledTargetName(attribute.subAttributes?.find((s) => s.name !== attribute.filterKey)?.name ?? 'value');
}

/** How a mapping writes one value of the complex attribute spelled `spelled`: `name.givenName`, `emails[type eq "work"].value`. */
export function complexValuePath(spelled: string, attribute: TargetAttribute): string {
  const value = valueSubAttribute(attribute);
  return `${spelled}${attribute.multiValued ? exampleFilter(attribute, value) : ''}.${value}`;
}

/** A value filter selecting an entry: on the filter key, or else on another sub-attribute than the one written (`written`). */
function exampleFilter(attribute: TargetAttribute, written?: string): string {
  const subs = attribute.subAttributes ?? [];
  const key = subs.find((s) => s.name === attribute.filterKey) ?? subs.find((s) => s.name !== written) ?? subs[0];
  const value = key?.canonicalValues?.[0] ?? key?.suggestedValues?.[0] ?? (attribute.filterKey ? 'work' : '...');
  return spelledValueFilter(key?.name ?? 'type', value);
}

/**
 * A target as written, keyed as duplicate-target compares targets within one schema (names case
 * ignored, a value filter by its comparisons in any order and quoting): for callers without the
 * target schema, such as a quick fix checking that its edit makes no duplicate.
 */
export function writtenTargetKey(target: TargetPath): string {
  const [first, ...rest] = target.segments;
  const names = rest.map((segment) => segment.name.text.toLowerCase()).join('.');
  // A core attribute qualified by a core schema's URN is the bare attribute, as duplicate-target resolves it.
  const schema = target.schema?.text.toLowerCase() ?? '';
  return `${schema.startsWith(coreSchemaPrefix) ? '' : schema}|${first?.name.text.toLowerCase() ?? ''}|${first ? filterKey(first) : ''}|${names}`;
}

function filterKey(segment: PathSegment): string {
  if (!segment.filter) return '';
  const comparisons = segment.filter.comparisons;
  if (comparisons.length === 1) return `${comparisons[0].attribute.text.toLowerCase()}=${comparisons[0].value.value}`;
  return comparisons
    .map((c) => `${c.attribute.text.toLowerCase()}=${c.value.value}`)
    .sort()
    .join('&');
}

/** `spelled`: the name as the app spells it, written as the .scimmap needs it there (the quick fix's text). */
function reportCase(reporter: Reporter, span: PathSegment['span'], spelled: string, what: string, app: string): void {
  reporter.report(
    'target-case',
    span,
    `${app} spells this ${what} \`${spelled}\`. SCIM apps compare names case-insensitively, but Entra compares target names byte for byte: it sends what you write, and \`scimmap export\` adds this spelling as an attribute definition of its own where Entra's schema lacks it.`,
    { suggestion: spelled },
  );
}

/** The attribute a constant goes to, as messages name it: `emails[type eq "work"].primary` is `primary` of `emails`, not `emails`. */
function leafName(target: ResolvedTarget): string {
  return target.subAttribute
    ? `${quoted(spelledTargetName(target.subAttribute.name))} of ${quoted(target.spelled)}`
    : quoted(target.spelled);
}

/** Why a constant cannot be sent as the boolean `name` (already quoted for the message), or undefined when it reads as one. */
function booleanMismatch(value: string, name: string, app: string): { message: string; suggestion?: string } | undefined {
  if (/^(true|false)$/i.test(value)) return undefined;
  const suggestion = /^(yes|y|1|on|enabled|active)$/i.test(value)
    ? 'True'
    : /^(no|n|0|off|disabled|inactive)$/i.test(value)
      ? 'False'
      : undefined;
  return { message: `${name} is a boolean: ${app} booleans are sent from "True" or "False", not "${value}".`, suggestion };
}

/** Why a constant cannot be sent to this target, or undefined when it fits. */
export function constantMismatch(value: string, target: ResolvedTarget, app: string): { message: string; suggestion?: string } | undefined {
  const leaf = leafOf(target);
  if (leaf.entraType === 'Reference') {
    return {
      message: `${leafName(target)} takes a reference to another object, which a constant cannot be: map the Entra reference attribute (e.g. [manager]).`,
    };
  }
  if (leaf.type === 'boolean') return booleanMismatch(value, leafName(target), app);
  if (leaf.type === 'integer' || leaf.type === 'decimal') {
    if (!(leaf.type === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(value)) {
      return { message: `${leafName(target)} is ${leaf.type === 'integer' ? 'an integer' : 'a number'}: "${value}" is not.` };
    }
    const range = rangeMismatch(leaf, Number(value));
    if (range) return { message: `${leafName(target)} takes a number ${app} accepts: ${range}.` };
  }
  if (leaf.type === 'dateTime' && !isDateTime(value)) {
    return {
      message: `${leafName(target)} is a dateTime: ${app} takes an xsd:dateTime such as "2026-01-05T09:00:00Z" (RFC 7643 §2.3.5), not "${value}".`,
    };
  }
  if (leaf.canonicalValues && !leaf.canonicalValues.includes(value)) {
    const suggestion = closest(value, leaf.canonicalValues);
    return { message: `${app} accepts only ${leaf.canonicalValues.join(', ')} here, not "${value}".`, suggestion };
  }
  return undefined;
}

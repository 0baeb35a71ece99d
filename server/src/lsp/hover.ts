// Hover: what the thing under the cursor means in Entra and Genesys Cloud terms. Target attributes
// (type, mutability, required, canonical values, the Genesys field), source attributes, functions
// (signature, semantics, an example), scoping operators, properties and keywords, all in Markdown
// generated from the bundled data. Completion reuses these descriptions as its documentation.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { MappingSource, ObjectBlock, StringLiteral, TargetPath } from '../syntax/ast';
import { innermost, nodePathAt, type Located } from '../syntax/locate';
import {
  allTargetAttributes,
  findFunction,
  findFunctionIgnoreCase,
  findScopingOperator,
  findSourceAttribute,
  findSubAttribute,
  findTargetSchema,
  isDirectoryExtension,
  readOnlyEntryReason,
  resolveTargetPath,
  sourceObject,
  sourceSchema,
  targetResource,
  type FunctionInfo,
  type ScopingOperator,
  type SourceAttribute,
  type TargetAttribute,
  type TargetSchema,
} from '../schema/schema';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import { signatureParts } from './signature-help';

type BlockObject = ObjectBlock['object'];

// ---- Keywords and properties ----

const ENABLED = 'Object setting **Enabled**: `true` (the default) or `false`. A disabled object mapping provisions nothing of that object type.';
const ACTIONS =
  'Object setting **Target Object Actions**: which of `create`, `update`, `delete` Entra may perform on the target (default: all three). Genesys Cloud groups support `update` only: they must already exist with the same name.';

/** Markdown for the language's keywords, by keyword. */
export const keywordDocs: Readonly<Record<string, string>> = {
  users: 'Object mapping **users**: Entra ID `User` objects provisioned to Genesys Cloud `User` resources (`/Users`). At most one per file.',
  groups: 'Object mapping **groups**: Entra ID `Group` objects provisioned to Genesys Cloud `Group` resources (`/Groups`). At most one per file.',
  enabled: ENABLED,
  true: ENABLED,
  false: ENABLED,
  actions: ACTIONS,
  create: `**create**: Entra creates target objects that do not exist yet.\n\n${ACTIONS}`,
  update: `**update**: Entra updates target objects when their source changes.\n\n${ACTIONS}`,
  delete: `**delete**: Entra disables or deletes target objects that leave the scope.\n\n${ACTIONS}`,
  match:
    '**Matching precedence** (*Match objects using this attribute*): Entra looks for an existing target object with this attribute, in ascending precedence; the first match stops the search. The target must support filtering on the attribute, and every object needs a value for at least one matching attribute.',
  default: '**Default value if null**: sent when the source evaluates to null. Entra applies it **only when creating** the object.',
  on: '**Apply this mapping: Only during object creation** (flowType `ObjectAddOnly`): the value is sent when the object is created and never updated afterwards.',
  always: '**Apply this mapping: Always** (flowType `Always`, the default): the value is sent on create and on every update.',
  none: 'Mapping type **None**: Entra sends nothing from the source and leaves the target unchanged; with a `default`, the default is sent when the object is created.',
  scope:
    '**Scoping filter**: only objects that pass it are provisioned. The clauses inside one `scope` are ANDed; several scopes are ORed. Any clause is false when the attribute is null or empty, and multi-valued attributes cannot be filtered.',
  eq: '`eq`: equals. Entra writes target value filters with `eq` only (RFC 7644 valuePath).',
  and: '`and`: both comparisons must hold (`[type eq "work" and primary eq "True"]`).',
  vbTextCompare: '`vbTextCompare`: InStr compares case-insensitively.',
  vbBinaryCompare: '`vbBinaryCompare`: InStr compares case-sensitively (ordinal).',
};

/** The documentation of a word as written, if it is one of the language's keywords (never an Object prototype member). */
function keywordDoc(word: string): string | undefined {
  return Object.hasOwn(keywordDocs, word) ? keywordDocs[word] : undefined;
}

const MAPPING_TYPES: Record<string, string> = {
  direct: 'Mapping type **Direct**: the source attribute\'s value is copied to the target.',
  constant: 'Mapping type **Constant**: the target always receives this string.',
  expression: "Mapping type **Expression**: Entra evaluates this expression (Entra's expression language) for every object.",
};

// ---- Target attributes ----

const mutabilityText: Record<TargetAttribute['mutability'], string> = {
  readWrite: 'read-write',
  readOnly: 'read-only (Genesys sets it: do not map it)',
  immutable: 'immutable (set once, on create)',
  writeOnly: 'write-only (never returned)',
};

function typeText(attribute: TargetAttribute): string {
  return `${attribute.type}${attribute.multiValued ? ' (multi-valued)' : ''}`;
}

/**
 * Markdown for a target attribute (or a sub-attribute, with its parent), written as `path`.
 * `readOnlyReason` says why a filtered entry is read-only (`emails[type eq "other"]`).
 */
export function targetAttributeMarkdown(path: string, schema: TargetSchema, attribute: TargetAttribute, sub?: TargetAttribute, readOnlyReason?: string): string {
  const leaf = sub ?? attribute;
  const lines = [codeBlock(path), leaf.description, ''];
  lines.push(`- **Type:** ${typeText(leaf)}${leaf.entraType ? ` (Entra: ${leaf.entraType})` : ''}`);
  const mutability = readOnlyReason ? `read-only: ${readOnlyReason}` : mutabilityText[sub && attribute.mutability === 'readOnly' ? 'readOnly' : leaf.mutability];
  lines.push(`- **Mutability:** ${mutability}`);
  lines.push(`- **Required:** ${leaf.required ? 'yes' : 'no'}`);
  if (leaf.canonicalValues) lines.push(`- **Canonical values:** ${leaf.canonicalValues.map((v) => `\`${v}\``).join(', ')}`);
  if (leaf.suggestedValues) lines.push(`- **Usual values:** ${leaf.suggestedValues.map((v) => `\`${v}\``).join(', ')}`);
  if (!sub && attribute.subAttributes) {
    lines.push(`- **Sub-attributes:** ${attribute.subAttributes.map((s) => `\`${s.name}\``).join(', ')}`);
    if (attribute.filterKey) lines.push(`- **Select an entry with:** \`${attribute.name}[${attribute.filterKey} eq "…"]\``);
  }
  if (leaf.filterable) lines.push('- **Filterable:** yes, so it can be a matching attribute');
  const genesysField = leaf.genesysField ?? attribute.genesysField;
  if (genesysField && !readOnlyReason) lines.push(`- **Genesys Cloud field:** ${genesysField}`);
  lines.push(`- **Schema:** ${schema.name} (\`${schema.id}\`)`);
  return lines.join('\n');
}

function targetSegmentHover(object: BlockObject, target: TargetPath, index: number): string | undefined {
  const { schema, attribute, sub } = resolveTargetPath(object, target);
  if (!attribute && !target.schema && index === 0) {
    // `department` alone: an extension attribute written without its schema URN.
    const name = target.segments[0].name.text.toLowerCase();
    const elsewhere = allTargetAttributes(targetResource(object)).find((entry) => entry.attribute.name.toLowerCase() === name);
    return elsewhere && `${targetAttributeMarkdown(elsewhere.path, elsewhere.schema, elsewhere.attribute)}\n\n**Write it fully qualified:** \`${elsewhere.path}\``;
  }
  if (!schema || !attribute) return undefined;
  const prefix = target.schema ? `${schema.id}:` : '';
  if (index === 0) return targetAttributeMarkdown(prefix + attribute.name, schema, attribute);
  if (!sub || index > 1) return undefined;
  return targetAttributeMarkdown(target.text, schema, attribute, sub, readOnlyEntryReason(attribute, target));
}

function schemaHover(object: BlockObject, urn: string): string | undefined {
  const schema = findTargetSchema(targetResource(object), urn);
  if (!schema) return undefined;
  return [codeBlock(schema.id), `**${schema.name}**: ${schema.description}`, '', `Attributes: ${schema.attributes.map((a) => `\`${a.name}\``).join(', ')}`].join('\n');
}

function filterHover(object: BlockObject, target: TargetPath, leaf: Located): string | undefined {
  const { schema, attribute } = resolveTargetPath(object, target);
  if (!schema || !attribute) return undefined;
  if (leaf.role === 'filterOperator') return keywordDocs.eq;
  const comparison = target.segments[0]?.filter?.comparisons.find((c) => c.span.start <= leaf.node.span.start && leaf.node.span.end <= c.span.end);
  const sub = comparison && findSubAttribute(attribute, comparison.attribute.text);
  if (!sub) return undefined;
  if (leaf.role === 'filterAttribute') return targetAttributeMarkdown(`${attribute.name}.${sub.name}`, schema, attribute, sub);
  const value = (leaf.node as StringLiteral).value;
  if (value === '') return undefined;
  const known = sub.canonicalValues ?? sub.suggestedValues ?? [];
  const lines = [`\`${attribute.name}\` entry with ${sub.name} **${value}**`];
  if (sub.canonicalValues) lines.push('', `${known.includes(value) ? 'A canonical' : '**Not** a canonical'} ${sub.name} of \`${attribute.name}\`. Canonical values: ${known.map((v) => `\`${v}\``).join(', ')}.`);
  else if (known.length > 0) lines.push('', `Usual values: ${known.map((v) => `\`${v}\``).join(', ')}.`);
  const reason = attribute.readOnlyEntries?.find((entry) => entry.value === value)?.reason;
  if (reason) lines.push('', `**Read-only entry:** ${reason}.`);
  return lines.join('\n');
}

// ---- Source attributes, functions, operators ----

export function sourceAttributeMarkdown(object: BlockObject, attribute: SourceAttribute): string {
  const facts = [`${attribute.type}${attribute.multiValued ? ', multi-valued' : ''}`];
  if (attribute.anchor) facts.push('the anchor');
  if (attribute.computed) facts.push('computed by the provisioning service');
  if (attribute.referencedObject) facts.push(`reference to ${attribute.referencedObject}`);
  return [codeBlock(`[${attribute.name}]`), `Entra ID ${sourceObject(object).name} attribute · *${facts.join(', ')}*`, '', attribute.description].join('\n');
}

function sourceAttributeHover(object: BlockObject, name: string): string {
  const attribute = findSourceAttribute(object, name);
  if (attribute) return sourceAttributeMarkdown(object, attribute);
  const what = sourceObject(object).name;
  if (isDirectoryExtension(name)) return [codeBlock(`[${name}]`), `Entra ID directory extension attribute of ${what} objects.`, '', sourceSchema.directoryExtensionNote].join('\n');
  return [codeBlock(`[${name}]`), `Not a known Entra ID ${what} attribute. ${sourceSchema.directoryExtensionNote}`].join('\n');
}

export function functionMarkdown(fn: FunctionInfo): string {
  const lines = [codeBlock(fn.signatures.map((signature) => signatureParts(fn, signature).label).join('\n')), fn.description, '', `Returns: *${fn.returns}*`];
  const parameters = fn.signatures[0].parameters;
  if (parameters.length > 0) {
    lines.push('');
    for (const parameter of parameters) lines.push(`- \`${parameter.name}\`${parameter.required ? '' : ' (optional)'}: ${parameter.description}`);
  }
  if (fn.notes.length > 0) lines.push('', ...fn.notes.map((note) => `> ${note}`));
  const example = fn.examples[0];
  if (example) {
    const input = example.input && Object.keys(example.input).length > 0 ? ` with ${Object.entries(example.input).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}` : '';
    const output = example.output === undefined ? '' : ` → \`${JSON.stringify(example.output)}\``;
    lines.push('', `**Example**${input}:`, codeBlock(example.expression), output ? `gives${output}` : '');
  }
  return lines.join('\n').trimEnd();
}

function functionHover(name: string): string {
  const fn = findFunction(name);
  if (fn) return functionMarkdown(fn);
  const wrongCase = findFunctionIgnoreCase(name);
  if (wrongCase) return `${functionMarkdown(wrongCase)}\n\n**Write \`${wrongCase.name}\`:** Entra's function names are case-sensitive.`;
  return `\`${name}\` is not an Entra app-provisioning function.`;
}

export function scopingOperatorMarkdown(operator: ScopingOperator): string {
  const value = operator.arity === 'unary' ? 'takes no value' : `takes a ${operator.valueKind ?? 'string'} value`;
  const lines = [`**${operator.name}** (scoping operator, ${value})`, '', operator.description, '', codeBlock(operator.example)];
  if (operator.uncertain) lines.push('', '*The documentation leaves the exact semantics unclear.*');
  return lines.join('\n');
}

function codeBlock(code: string): string {
  return `\`\`\`scimmap\n${code}\n\`\`\``;
}

// ---- The hover itself ----

function sourceHover(source: MappingSource): string {
  return source.kind === 'none' ? keywordDocs.none : MAPPING_TYPES[source.mappingType];
}

function markdownFor(path: readonly Located[], leaf: Located): string | undefined {
  const object = innermost(path, 'block')?.node.object;
  const target = innermost(path, 'target')?.node;
  switch (leaf.role) {
    case 'segmentName':
      return object && target ? targetSegmentHover(object, target, leaf.index) : undefined;
    case 'schema':
      return object ? schemaHover(object, leaf.node.text) : undefined;
    case 'filterAttribute':
    case 'filterOperator':
    case 'filterValue':
      return object && target ? filterHover(object, target, leaf) : undefined;
    case 'expression':
      if (leaf.node.kind === 'attribute') return object ? sourceAttributeHover(object, leaf.node.name) : undefined;
      if (leaf.node.kind === 'call') return functionHover(leaf.node.name.text);
      if (leaf.node.kind === 'enum') return keywordDoc(leaf.node.name);
      return undefined;
    case 'functionName':
      return functionHover(leaf.node.text);
    case 'arrow': {
      const mapping = innermost(path, 'mapping')?.node;
      return mapping && sourceHover(mapping.source);
    }
    case 'source':
      return sourceHover(leaf.node);
    case 'propertyKeyword':
      return keywordDoc(leaf.node.text.split(/\s+/)[0]);
    case 'property':
      return keywordDocs[leaf.node.kind === 'apply' ? (leaf.node.apply === 'onCreate' ? 'on' : 'always') : leaf.node.kind];
    case 'blockKeyword':
    case 'settingKeyword':
    case 'scopeKeyword':
      return keywordDoc(leaf.node.text);
    case 'settingValue':
      return keywordDoc(leaf.text);
    case 'clauseOperator': {
      const operator = findScopingOperator(leaf.node.text);
      return operator && scopingOperatorMarkdown(operator);
    }
    default:
      return undefined;
  }
}

export function hover(document: AnalyzedDocument, offset: number): Hover | null {
  const path = nodePathAt(document.file, offset);
  const leaf = path[path.length - 1];
  const value = markdownFor(path, leaf);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: document.lines.rangeOf(leaf.node.span) };
}

export const hoverFeature: Feature = {
  capabilities: { hoverProvider: true },
  register(connection, store) {
    connection.onHover(({ textDocument, position }) => {
      const document = store.get(textDocument.uri);
      return document ? hover(document, document.lines.offsetAt(position)) : null;
    });
  },
};

// Hover: what the thing under the cursor means in Entra's and the declared target's terms. Target
// attributes (type, mutability, required, canonical values, the app's field), source attributes, functions
// (signature, semantics, an example), scoping operators, properties and keywords, all in Markdown
// generated from the bundled data. Completion reuses these descriptions as its documentation.
import { HoverRequest, MarkupKind, type Hover } from 'vscode-languageserver';
import type { MappingSource, ObjectBlock, Span, StringLiteral, TargetPath, ValueFilter } from '../syntax/ast';
import { innermost, nodePathAt, type Located } from '../syntax/node-path';
import {
  allTargetAttributes,
  findSubAttribute,
  findTargetResource,
  findTargetSchema,
  readOnlyEntryFor,
  spelledQualifiedName,
  type Target,
  type TargetResource,
} from '../schema/target';
import { bundledTarget, isTargetFileReference } from '../schema/target-format';
import { findFunction, findFunctionIgnoreCase } from '../schema/functions';
import { findScopingOperator } from '../schema/scoping-operators';
import { findSourceAttribute, isDirectoryExtension, sourceObject, sourceSchema } from '../schema/source';
import { readOnlyEntryReason, resolveTargetPath } from '../schema/target-paths';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import {
  codeBlock,
  escapeMarkdown,
  functionMarkdown,
  keywordDoc,
  keywordDocs,
  mappingTypeDoc,
  scopingOperatorMarkdown,
  sourceAttributeMarkdown,
  targetAttributeMarkdown,
} from '../documentation/markdown';

type BlockObject = ObjectBlock['object'];

// ---- Target attributes ----

function targetSegmentHover(app: string, resource: TargetResource, target: TargetPath, index: number): string | undefined {
  const { schema, attribute, sub } = resolveTargetPath(resource, target);
  if (!attribute && !target.schema && index === 0) {
    // `department` alone: an extension attribute written without its schema URN.
    const name = target.segments[0].name.text.toLowerCase();
    const elsewhere = allTargetAttributes(resource).find((entry) => entry.attribute.name.toLowerCase() === name);
    return (
      elsewhere &&
      `${targetAttributeMarkdown(app, elsewhere.path, elsewhere.schema, elsewhere.attribute)}\n\n**Write it fully qualified:** \`${spelledQualifiedName(resource, elsewhere.schema, elsewhere.attribute)}\``
    );
  }
  if (!schema || !attribute) return undefined;
  const prefix = target.schema ? `${schema.id}:` : '';
  if (index === 0) return targetAttributeMarkdown(app, prefix + attribute.name, schema, attribute);
  if (!sub || index > 1) return undefined;
  return targetAttributeMarkdown(app, target.name, schema, attribute, sub, readOnlyEntryReason(attribute, target));
}

function schemaHover(resource: TargetResource, urn: string): string | undefined {
  const schema = findTargetSchema(resource, urn);
  if (!schema) return undefined;
  return [
    codeBlock(schema.id),
    `**${schema.name}**: ${schema.description}`,
    '',
    `Attributes: ${schema.attributes.map((a) => `\`${a.name}\``).join(', ')}`,
  ].join('\n');
}

function filterHover(app: string, resource: TargetResource, target: TargetPath, leaf: Located): string | undefined {
  const { schema, attribute } = resolveTargetPath(resource, target);
  if (!schema || !attribute) return undefined;
  if (leaf.role === 'filterOperator') return keywordDocs.eq;
  const comparison = target.segments[0]?.filter?.comparisons.find(
    (c) => c.span.start <= leaf.node.span.start && leaf.node.span.end <= c.span.end,
  );
  const sub = comparison && findSubAttribute(attribute, comparison.attribute.text);
  if (!sub) return undefined;
  if (leaf.role === 'filterAttribute') return targetAttributeMarkdown(app, `${attribute.name}.${sub.name}`, schema, attribute, sub);
  const value = (leaf.node as StringLiteral).value;
  if (value === '') return undefined;
  const known = sub.canonicalValues ?? sub.suggestedValues ?? [];
  const lines = [`\`${attribute.name}\` entry with ${sub.name} **${escapeMarkdown(value)}**`];
  if (sub.canonicalValues)
    lines.push(
      '',
      `${known.includes(value) ? 'A canonical' : '**Not** a canonical'} ${sub.name} of \`${attribute.name}\`. Canonical values: ${known.map((v) => `\`${v}\``).join(', ')}.`,
    );
  else if (known.length > 0) lines.push('', `Usual values: ${known.map((v) => `\`${v}\``).join(', ')}.`);
  const reason = readOnlyEntryFor(attribute, value)?.reason;
  if (reason) lines.push('', `**Read-only entry:** ${reason}.`);
  return lines.join('\n');
}

// ---- Source attributes, functions, operators ----

function sourceAttributeHover(object: BlockObject, name: string): string {
  const attribute = findSourceAttribute(object, name);
  if (attribute) return sourceAttributeMarkdown(object, attribute);
  const what = sourceObject(object).name;
  if (isDirectoryExtension(name))
    return [
      codeBlock(`[${name}]`),
      `Entra ID directory extension attribute of ${what} objects.`,
      '',
      sourceSchema.directoryExtensionNote,
    ].join('\n');
  return [codeBlock(`[${name}]`), `Not a known Entra ID ${what} attribute. ${sourceSchema.directoryExtensionNote}`].join('\n');
}

function functionHover(name: string): string {
  const fn = findFunction(name);
  if (fn) return functionMarkdown(fn);
  const wrongCase = findFunctionIgnoreCase(name);
  if (wrongCase) return `${functionMarkdown(wrongCase)}\n\n**Write \`${wrongCase.name}\`:** Entra's function names are case-sensitive.`;
  return `\`${name}\` is not an Entra app-provisioning function.`;
}

// ---- The hover itself ----

function sourceHover(source: MappingSource): string {
  return source.kind === 'none' ? keywordDocs.none : mappingTypeDoc(source.mappingType);
}

/** The declaration's target: what it is, where it came from, what it holds. */
function targetDeclarationHover(schema: Target, declared: string | undefined): string {
  const lines = [keywordDoc('target', schema)!, ''];
  if (declared !== undefined && !isTargetFileReference(declared) && !bundledTarget(declared)) return lines[0];
  lines.push(`**${schema.name}**${schema.description ? `: ${schema.description}` : ''}`, '');
  if (schema.discovered) lines.push(`Discovered from ${schema.discovered.url} on ${schema.discovered.at}.`, '');
  for (const resource of schema.resources) {
    const count = resource.schemas.reduce((sum, s) => sum + s.attributes.length, 0);
    const actions = resource.supportedActions ? ` · ${resource.supportedActions.join(', ')} only` : '';
    lines.push(
      `- \`${resource.block}\` → ${resource.name} (\`${resource.endpoint}\`): ${count} attributes in ${resource.schemas.map((s) => `\`${s.name}\``).join(', ')}${actions}`,
    );
  }
  return lines.join('\n');
}

function markdownFor(document: AnalyzedDocument, path: readonly Located[], leaf: Located): string | undefined {
  const schema = document.target;
  const object = innermost(path, 'block')?.node.object;
  const resource = object && findTargetResource(schema, object);
  const target = innermost(path, 'target')?.node;
  switch (leaf.role) {
    case 'targetKeyword':
    case 'targetReference':
      return targetDeclarationHover(schema, document.file.target?.value?.value);
    case 'cycleKeyword':
      return keywordDoc(leaf.node.text, schema);
    case 'cycleValue':
      return keywordDoc(innermost(path, 'cycleSetting')?.node.kind === 'sync' ? leaf.text : 'deletion threshold', schema);
    case 'segmentName':
      return resource && target ? targetSegmentHover(schema.name, resource, target, leaf.index) : undefined;
    case 'schema':
      return resource ? schemaHover(resource, leaf.node.text) : undefined;
    case 'filterAttribute':
    case 'filterOperator':
    case 'filterValue':
      return resource && target ? filterHover(schema.name, resource, target, leaf) : undefined;
    case 'expression':
      if (leaf.node.kind === 'attribute') return object ? sourceAttributeHover(object, leaf.node.name) : undefined;
      if (leaf.node.kind === 'call') return functionHover(leaf.node.name.text);
      if (leaf.node.kind === 'enum') return keywordDoc(leaf.node.name, schema);
      return undefined;
    case 'functionName':
      return functionHover(leaf.node.text);
    case 'operator':
      return keywordDocs[innermost(path, 'expression')?.node.kind === 'concat' ? '&' : '= <> > >= < <='];
    case 'arrow': {
      const mapping = innermost(path, 'mapping')?.node;
      return mapping && sourceHover(mapping.source);
    }
    case 'source':
      return sourceHover(leaf.node);
    case 'propertyKeyword':
      return keywordDoc(leaf.node.text.split(/\s+/)[0], schema);
    case 'property':
      return keywordDocs[leaf.node.kind === 'apply' ? (leaf.node.apply === 'onCreate' ? 'on' : 'always') : leaf.node.kind];
    // A value is explained by what holds it: `match 1`, `default "Agent"`.
    case 'propertyValue': {
      const property = innermost(path, 'property')?.node;
      return property && property.kind !== 'apply' ? keywordDocs[property.kind] : undefined;
    }
    case 'scopeTitle':
      return keywordDoc('scope', schema);
    case 'blockTitle':
      return keywordDoc('users "…"', schema);
    case 'blockHeader':
    case 'headerKeyword':
    case 'headerValue':
      return keywordDoc(innermost(path, 'blockHeader')?.node.kind === 'rule' ? 'rule "…"' : 'from "…" to "…"', schema);
    case 'blockKeyword':
    case 'settingKeyword':
    case 'scopeKeyword':
      return keywordDoc(leaf.node.text, schema);
    case 'settingValue':
      return keywordDoc(leaf.text, schema);
    case 'clauseOperator':
    case 'clauseValue': {
      const operator = findScopingOperator(innermost(path, 'clause')?.node.operator.text ?? '');
      return operator && scopingOperatorMarkdown(operator);
    }
    default:
      return undefined;
  }
}

/** The `and` between a value filter's comparisons at the offset (the AST keeps only the comparisons). */
function filterConnectorAt(text: string, filter: ValueFilter, offset: number): Span | undefined {
  let start = offset;
  let end = offset;
  while (start > filter.span.start && /\w/.test(text[start - 1])) start--;
  while (end < filter.span.end && /\w/.test(text[end])) end++;
  return text.slice(start, end) === 'and' ? { start, end } : undefined;
}

export function hover(document: AnalyzedDocument, offset: number): Hover | null {
  const path = nodePathAt(document.file, offset);
  const leaf = path[path.length - 1];
  const connector = leaf.role === 'valueFilter' && filterConnectorAt(document.text, leaf.node, offset);
  if (connector) return { contents: { kind: MarkupKind.Markdown, value: keywordDocs.and }, range: document.lines.rangeOf(connector) };
  const value = markdownFor(document, path, leaf);
  if (!value) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: document.lines.rangeOf(leaf.node.span) };
}

export const hoverFeature: Feature = {
  capabilities: { hoverProvider: true },
  register(handlers) {
    handlers.onDocumentRequest(HoverRequest.type, (document, { position }) => hover(document, document.lines.offsetAt(position)));
  },
};

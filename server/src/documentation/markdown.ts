// The documentation the editor shows (hover, completion details): Markdown built from the bundled
// data (target and source schemas, the function catalogue, the scoping operators) and the keyword
// texts in keywords.json. Pure: no LSP types.
import keywordsJson from './keywords.json';
import type { TargetAttribute, TargetSchema, BlockObject, TargetSchemaData } from '../schema/target';
import type { FunctionInfo, FunctionSignature } from '../schema/functions';
import type { ScopingOperator } from '../schema/scoping-operators';
import { sourceObject, type SourceAttribute } from '../schema/source';
import type { ExpressionSource } from '../syntax/ast';

/** Markdown for the language's keywords, by keyword, as written (`{target}` where the target's name goes: see keywordDoc). */
export const keywordDocs: Readonly<Record<string, string>> = keywordsJson.keywords;

/** What a target cannot do with its resources: ` Genesys Cloud groups support \`update\` only: ...`. */
function actionLimits(target: TargetSchemaData): string {
  return target.resources
    .filter((resource) => resource.supportedActions)
    .map((resource) => {
      const actions = resource.supportedActions!;
      const noun = resource.block;
      const consequence = actions.includes('create') ? '' : ': they must already exist with the same name';
      return ` ${target.name} ${noun} support ${actions.map((a) => `\`${a}\``).join(', ')} only${consequence}.`;
    })
    .join('');
}

/**
 * The documentation of a word as written, if it is one of the language's keywords (never an Object
 * prototype member), about the file's target.
 */
export function keywordDoc(word: string, target: TargetSchemaData): string | undefined {
  if (!Object.hasOwn(keywordDocs, word)) return undefined;
  return keywordDocs[word].replace(/\{target\}/g, target.name).replace('{actionLimits}', () => actionLimits(target));
}

/** Markdown for a mapping type (Direct, Constant, Expression). */
export function mappingTypeDoc(mappingType: ExpressionSource['mappingType']): string {
  return (keywordsJson.mappingTypes as Record<string, string>)[mappingType];
}

export interface SignatureParts {
  /** `Switch(source, defaultValue?, key, value, …)` */
  readonly label: string;
  /** Each parameter's [start, end) in the label, in the signature's order. */
  readonly parameters: ReadonlyArray<[number, number]>;
}

/** The label of a signature: optional parameters marked `?`, a repeating group followed by `…`. */
export function signatureParts(fn: FunctionInfo, signature: FunctionSignature): SignatureParts {
  let label = `${fn.name}(`;
  const parameters: Array<[number, number]> = [];
  signature.parameters.forEach((parameter, index) => {
    if (index > 0) label += ', ';
    const start = label.length;
    label += parameter.name + (parameter.required ? '' : '?');
    parameters.push([start, label.length]);
  });
  if (signature.repeat) label += ', …';
  return { label: `${label})`, parameters };
}

const mutabilityText: Record<TargetAttribute['mutability'], string> = {
  readWrite: 'read-write',
  readOnly: 'read-only ({target} sets it: do not map it)',
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
export function targetAttributeMarkdown(
  app: string,
  path: string,
  schema: TargetSchema,
  attribute: TargetAttribute,
  sub?: TargetAttribute,
  readOnlyReason?: string,
): string {
  const leaf = sub ?? attribute;
  const lines = [codeBlock(path), leaf.description, ''];
  lines.push(`- **Type:** ${typeText(leaf)}${leaf.entraType ? ` (Entra: ${leaf.entraType})` : ''}`);
  const mutability = readOnlyReason
    ? `read-only: ${readOnlyReason}`
    : mutabilityText[sub && attribute.mutability === 'readOnly' ? 'readOnly' : leaf.mutability].replace('{target}', app);
  lines.push(`- **Mutability:** ${mutability}`);
  lines.push(`- **Required:** ${leaf.required ? 'yes' : 'no'}`);
  if (leaf.canonicalValues) lines.push(`- **Canonical values:** ${leaf.canonicalValues.map((v) => `\`${v}\``).join(', ')}`);
  if (leaf.suggestedValues) lines.push(`- **Usual values:** ${leaf.suggestedValues.map((v) => `\`${v}\``).join(', ')}`);
  if (!sub && attribute.subAttributes) {
    lines.push(`- **Sub-attributes:** ${attribute.subAttributes.map((s) => `\`${s.name}\``).join(', ')}`);
    if (attribute.filterKey) lines.push(`- **Select an entry with:** \`${attribute.name}[${attribute.filterKey} eq "…"]\``);
  }
  if (leaf.filterable) lines.push('- **Filterable:** yes, so it can be a matching attribute');
  else if (leaf.filterable === false) lines.push(`- **Filterable:** no, so it cannot be a matching attribute`);
  const appField = leaf.appField ?? attribute.appField;
  if (appField && !readOnlyReason) lines.push(`- **${app} field:** ${appField}`);
  lines.push(`- **Schema:** ${schema.name} (\`${schema.id}\`)`);
  return lines.join('\n');
}

export function sourceAttributeMarkdown(object: BlockObject, attribute: SourceAttribute): string {
  const facts = [`${attribute.type}${attribute.multiValued ? ', multi-valued' : ''}`];
  if (attribute.anchor) facts.push('the anchor');
  if (attribute.computed) facts.push('computed by the provisioning service');
  if (attribute.referencedObject) facts.push(`reference to ${attribute.referencedObject}`);
  return [
    codeBlock(`[${attribute.name}]`),
    `Entra ID ${sourceObject(object).name} attribute · *${facts.join(', ')}*`,
    '',
    attribute.description,
  ].join('\n');
}

export function functionMarkdown(fn: FunctionInfo): string {
  const lines = [
    codeBlock(fn.signatures.map((signature) => signatureParts(fn, signature).label).join('\n')),
    fn.description,
    '',
    `Returns: *${fn.returns}*`,
  ];
  const parameters = fn.signatures[0].parameters;
  if (parameters.length > 0) {
    lines.push('');
    for (const parameter of parameters)
      lines.push(`- \`${parameter.name}\`${parameter.required ? '' : ' (optional)'}: ${parameter.description}`);
  }
  if (fn.notes.length > 0) lines.push('', ...fn.notes.map((note) => `> ${note}`));
  const example = fn.examples[0];
  if (example) {
    const input =
      example.input && Object.keys(example.input).length > 0
        ? ` with ${Object.entries(example.input)
            .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
            .join(', ')}`
        : '';
    const output = example.output === undefined ? '' : ` → \`${JSON.stringify(example.output)}\``;
    lines.push('', `**Example**${input}:`, codeBlock(example.expression), output ? `gives${output}` : '');
  }
  return lines.join('\n').trimEnd();
}

export function scopingOperatorMarkdown(operator: ScopingOperator): string {
  const value = operator.arity === 'unary' ? 'takes no value' : `takes a ${operator.valueKind ?? 'string'} value`;
  const lines = [`**${operator.name}** (scoping operator, ${value})`, '', operator.description, '', codeBlock(operator.example)];
  if (operator.uncertain) lines.push('', '*The documentation leaves the exact semantics unclear.*');
  return lines.join('\n');
}

/** Text written by the user (a filter value, a target as written) shown as itself: CommonMark's markup characters and HTML escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, '\\$&');
}

/** Markdown as plain text (a completion item's detail): emphasis dropped, escaped characters kept. */
export function markdownAsPlainText(markdown: string): string {
  return markdown.replace(/\\(.)|\*/g, (_, escaped: string | undefined) => escaped ?? '');
}

export function codeBlock(code: string): string {
  return `\`\`\`scimmap\n${code}\n\`\`\``;
}

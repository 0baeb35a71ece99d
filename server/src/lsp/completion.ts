// Completion by context (server/src/syntax/cursor-context.ts `cursorContext` says where the cursor is, on
// incomplete text): the declared target's paths at the start of a mapping, Entra source attributes
// inside `[`, functions as snippets, attributes and literal hints in expressions, sub-attributes,
// `eq`, `and` and canonical values inside value filters, properties after a mapping, scoping
// operators after a clause's attribute, block keywords, the target declaration and block settings.
//
// Every candidate list is built once: the source and function lists from the bundled data at module
// load, the target lists once per target schema; a request only picks a list, sets the range to
// replace and ranks what the block already has.
import {
  CompletionItemKind,
  CompletionRequest,
  InsertReplaceEdit,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver';
import { FLOW_BEHAVIORS, FLOW_TYPES, type Expression, type ObjectBlock, type Span, type SyncSetting } from '../syntax/ast';
import { cursorContext, mappingBefore, type CallFrame, type CursorContext } from '../syntax/cursor-context';
import { isQuote, Keywords, scanString } from '../syntax/lexer';
import { grammarWordsAfter, parseExpression } from '../syntax/parser';
import { lineEndAt } from '../syntax/positions';
import {
  allTargetAttributes,
  findSubAttribute,
  findTargetAttributeByPath,
  findTargetResource,
  readOnlyEntryFor,
  spelledQualifiedName,
  type Target,
  type TargetAttribute,
  type TargetResource,
} from '../schema/target';
import { bundledTargetNames } from '../schema/target-format';
import { findFunction, functionCatalogue, hasFlag, parameterAt, type FunctionInfo, type FunctionSignature } from '../schema/functions';
import { findSourceAttribute, sourceObject, sourceSchema } from '../schema/source';
import { resolveTargetPath } from '../schema/target-paths';
import { findScopingOperator, scopingOperators } from '../schema/scoping-operators';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import {
  escapeMarkdown,
  functionMarkdown,
  keywordDoc,
  keywordDocs,
  markdownAsPlainText,
  scopingOperatorMarkdown,
  signatureParts,
  sourceAttributeMarkdown,
  targetAttributeMarkdown,
} from '../documentation/markdown';
import { quoteString } from '../syntax/quoting';
import { isPlainTargetName, spelledTargetName, spelledValueFilter } from '../syntax/target-names';

type BlockObject = ObjectBlock['object'];
const OBJECTS: readonly BlockObject[] = ['users', 'groups'];
const SYNC_SCOPES: ReadonlyArray<NonNullable<SyncSetting['value']>['text']> = ['assigned', 'all'];

/** A candidate without its range: the per-request part is only where it goes and how it ranks. */
interface Candidate {
  readonly label: string;
  readonly kind: CompletionItemKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Snippet text when it differs from the label. */
  readonly snippet?: string;
}

function markdown(value: string | undefined) {
  return value === undefined ? undefined : { kind: MarkupKind.Markdown, value };
}

/** Escapes text for a snippet: `$`, `}` and `\` are snippet syntax. */
function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function choice(index: number, values: readonly string[]): string {
  return `\${${index}|${values.map((v) => v.replace(/[\\,|$}]/g, (c) => `\\${c}`)).join(',')}|}`;
}

// ---- Targets ----

interface TargetCandidate extends Candidate {
  /** Lower-cased path, to recognise a target the block already maps. */
  readonly key: string;
  /** The path as a .scimmap writes it: the label, with quotes around names that need them (`"Département"`). */
  readonly spelled: string;
  readonly required: boolean;
}

function targetCandidate(
  path: string,
  spelled: string,
  detailOf: TargetAttribute,
  documentation: string,
  required = false,
): TargetCandidate {
  return {
    label: path,
    kind: CompletionItemKind.Field,
    detail: `${detailOf.type}${detailOf.multiValued ? '[]' : ''}${required ? ' · required' : ''}`,
    documentation,
    key: path.toLowerCase(),
    spelled,
    required,
  };
}

/** Everything Entra can write on the resource, as Entra writes it: whole attributes, filtered entries, sub-attributes. */
function buildTargetCandidates(resource: TargetResource, app: string): TargetCandidate[] {
  const candidates: TargetCandidate[] = [];
  for (const { schema, attribute, path } of allTargetAttributes(resource)) {
    if (attribute.mutability === 'readOnly') continue;
    const required = resource.required.includes(path);
    if (attribute.entraType)
      candidates.push(
        targetCandidate(
          path,
          spelledQualifiedName(resource, schema, attribute),
          attribute,
          targetAttributeMarkdown(app, path, schema, attribute),
          required,
        ),
      );
    if (attribute.entraType || !attribute.subAttributes) continue;
    const writable = attribute.subAttributes.filter((sub) => sub.mutability !== 'readOnly' && sub.name !== attribute.filterKey);
    const key = attribute.filterKey ? findSubAttribute(attribute, attribute.filterKey) : undefined;
    // A multi-valued attribute without a filter key has no entry to offer: its filter's value is the user's (missing-value-filter).
    const entries = key
      ? (key.canonicalValues ?? key.suggestedValues ?? []).filter((value) => !readOnlyEntryFor(attribute, value))
      : attribute.multiValued && !attribute.unfilteredEntries
        ? []
        : [''];
    for (const entry of entries) {
      const filter = key ? spelledValueFilter(key.name, entry) : '';
      for (const sub of writable) {
        const filtered = `${path}${filter}.${sub.name}`;
        const spelled = spelledQualifiedName(resource, schema, attribute, filter, sub);
        candidates.push(targetCandidate(filtered, spelled, sub, targetAttributeMarkdown(app, filtered, schema, attribute, sub)));
      }
    }
  }
  return candidates;
}

interface TargetCandidates {
  readonly candidates: TargetCandidate[];
  readonly keys: Map<string, string>;
  readonly lengths: Set<number>;
}

const targetCandidateLists = new WeakMap<TargetResource, TargetCandidates>();

/** A resource's target candidates, built on first use (a target schema file reloaded is a new resource); `app` names its target. */
function targetCandidates(resource: TargetResource, app: string): TargetCandidates {
  let list = targetCandidateLists.get(resource);
  if (!list) {
    const candidates = buildTargetCandidates(resource, app);
    list = { candidates, keys: new Map(candidates.map((c) => [c.label, c.key])), lengths: new Set(candidates.map((c) => c.key.length)) };
    targetCandidateLists.set(resource, list);
  }
  return list;
}

const settingCandidates: Record<'enabled' | 'actions' | 'scope', (target: Target, resource: TargetResource | undefined) => Candidate> = {
  enabled: () => ({
    label: 'enabled',
    kind: CompletionItemKind.Keyword,
    detail: 'object setting',
    documentation: keywordDocs.enabled,
    snippet: `enabled ${choice(1, ['true', 'false'])}`,
  }),
  actions: (target, resource) => ({
    label: 'actions',
    kind: CompletionItemKind.Keyword,
    detail: 'object setting',
    documentation: keywordDoc('actions', target),
    snippet: `actions \${1:${supportedActions(resource).join(', ')}}`,
  }),
  scope: () => ({
    label: 'scope',
    kind: CompletionItemKind.Keyword,
    detail: 'scoping filter',
    documentation: keywordDocs.scope,
    // The clause is written with a value: only the operators that take one.
    snippet: `scope "\${1:title}" {\n\t[\${2:attribute}] ${choice(
      3,
      scopingOperators.filter((o) => o.arity !== 'unary').map((o) => o.name),
    )} "\${4:value}"\n}`,
  }),
};

function supportedActions(resource: TargetResource | undefined): readonly string[] {
  return resource?.supportedActions ?? ['create', 'update', 'delete'];
}

// ---- Functions ----

function exampleArguments(fn: FunctionInfo): ReadonlyArray<Expression | undefined> {
  for (const example of fn.examples) {
    const { expression } = parseExpression(example.expression);
    if (expression?.kind === 'call' && expression.name.text === fn.name) return expression.args;
  }
  return [];
}

/**
 * One parameter's placeholder. A call or an attribute in the catalogue example is kept as such; the
 * value a function works on (its first parameter, unless it leads a repeating group as Join's
 * separator does, and one-parameter repeating groups: Join's and Coalesce's sources) is an attribute; otherwise the type decides.
 */
function placeholder(signature: FunctionSignature, position: number, index: number, example: Expression | undefined): string {
  const parameter = parameterAt(signature, position)!;
  const name = `\${${index}:${parameter.name}}`;
  if (parameter.type === 'enum' && parameter.values) return choice(index, parameter.values);
  if (parameter.type === 'boolean') return `"${choice(index, ['True', 'False'])}"`;
  if (parameter.values) return `"${choice(index, parameter.values)}"`;
  const leadsRepeat = signature.repeat !== undefined && position < signature.repeat.from;
  const worksOn =
    (parameter.type === 'string' || parameter.type === 'any') &&
    ((parameter.repeating && signature.repeat?.size === 1) || (position === 0 && !leadsRepeat));
  if (example?.kind === 'call') return name;
  if (example?.kind === 'attribute' || parameter.type === 'multiValued' || parameter.type === 'appRoleAssignments' || worksOn)
    return `[${name}]`;
  if (example?.kind === 'string' || parameter.type === 'string' || parameter.type === 'any') return `"${name}"`;
  return name;
}

/**
 * The snippet for a function, e.g. `Switch([${1:source}], ${2}, "${3:key}", "${4:value}")`. When
 * the catalogue example writes every slot with some left empty (Replace's 7 slots), the snippet
 * keeps that layout. Otherwise an optional parameter before a required one is an empty tab stop
 * (Entra style), optional ones at the end are left out, and a repeating group appears once (twice
 * for one-parameter groups such as Join's sources).
 */
export function functionSnippet(fn: FunctionInfo): string {
  const signature = fn.signatures[0];
  const examples = exampleArguments(fn);
  const { parameters, repeat } = signature;
  let tabStop = 0;
  const filled = (position: number) => placeholder(signature, position, ++tabStop, examples[position]);
  let args: string[];
  if (!repeat && examples.length === parameters.length && examples.includes(undefined)) {
    args = parameters.map((_, position) => (examples[position] === undefined ? '' : filled(position)));
  } else {
    const count = repeat
      ? repeat.from + repeat.size * Math.max(repeat.min, repeat.size === 1 ? 2 : 1)
      : parameters.map((p) => p.required).lastIndexOf(true) + 1;
    args = Array.from({ length: count }, (_, position) => {
      const parameter = parameterAt(signature, position)!;
      return parameter.required ? filled(position) : `\${${++tabStop}}`;
    });
  }
  return `${fn.name}(${args.join(', ')})`;
}

const functionCandidates: Array<Candidate & { readonly fn: FunctionInfo }> = functionCatalogue.functions.map((fn) => ({
  fn,
  label: fn.name,
  kind: CompletionItemKind.Function,
  detail: fn.signatures.map((signature) => signatureParts(fn, signature).label).join('  |  '),
  documentation: functionMarkdown(fn),
  snippet: functionSnippet(fn),
}));

/**
 * Where a function cannot go, it is not offered: top-level-only functions inside a call, null tests
 * as a Switch source (they return booleans; Entra's documentation warns against it). Functions
 * that work only for HR-driven provisioning to on-premises AD come last, with a note.
 */
function functionFit(fn: FunctionInfo, calls: readonly CallFrame[]): { offered: boolean; note?: string } {
  const innermostCall = calls[calls.length - 1];
  if (innermostCall && hasFlag(fn, 'topLevelOnly')) return { offered: false };
  if (innermostCall?.name === 'Switch' && innermostCall.argIndex === 0 && hasFlag(fn, 'nullTest')) return { offered: false };
  if (hasFlag(fn, 'hrToAdOnly')) return { offered: true, note: '*Only for HR-driven provisioning to on-premises AD*' };
  return { offered: true };
}

// ---- Source attributes ----

interface SourceCandidates {
  /** `[mail]`, for expression positions. */
  readonly bracketed: Candidate[];
  /** `mail`, inside brackets. */
  readonly bare: Candidate[];
  /** `[mail]` for scope clauses: only attributes scoping filters accept. */
  readonly scoping: Candidate[];
}

function buildSourceCandidates(object: BlockObject): SourceCandidates {
  const attributes = sourceObject(object).attributes;
  const unsupported = new Set(sourceSchema.scopingUnsupported.map((u) => u.name));
  const candidate = (attribute: (typeof attributes)[number], label: string): Candidate => ({
    label,
    kind: CompletionItemKind.Variable,
    detail: `${attribute.type}${attribute.multiValued ? '[]' : ''}`,
    documentation: sourceAttributeMarkdown(object, attribute),
  });
  return {
    bracketed: attributes.map((a) => candidate(a, `[${a.name}]`)),
    bare: attributes.map((a) => candidate(a, a.name)),
    scoping: attributes
      .filter((a) => !a.multiValued && a.type !== 'DateTime' && !unsupported.has(a.name))
      .map((a) => candidate(a, `[${a.name}]`)),
  };
}

const sourceCandidates = new Map(OBJECTS.map((object) => [object, buildSourceCandidates(object)]));

const operatorCandidates: Candidate[] = scopingOperators.map((operator) => ({
  label: operator.name,
  kind: CompletionItemKind.Operator,
  detail: operator.arity === 'unary' ? 'no value' : `${operator.valueKind ?? 'string'} value`,
  documentation: scopingOperatorMarkdown(operator),
  snippet: operator.arity === 'unary' ? undefined : `${operator.name} "$1"`,
}));

// ---- Literal hints ----

/** Functions whose arguments at these slots become the function's value (so the target's type applies). */
function flowsToResult(fn: FunctionInfo, index: number): boolean {
  switch (fn.name) {
    case 'Switch':
      return index === 1 || (index >= 3 && index % 2 === 1);
    case 'IIF':
      return index === 1 || index === 2;
    case 'Coalesce':
    case 'IgnoreFlowIfNullOrEmpty':
      return true;
    default:
      return false;
  }
}

interface Literals {
  readonly values: readonly string[];
  /** Strings are written quoted; enum identifiers bare. */
  readonly quoted: boolean;
  readonly why: string;
}

const BOOLEAN_STRINGS = ['True', 'False'];

/** The literal values that fit where the cursor is: boolean strings, documented string values, enum identifiers. */
function expectedLiterals(calls: readonly CallFrame[], object: BlockObject, targetIsBoolean: () => boolean): Literals | undefined {
  for (let depth = calls.length - 1; depth >= 0; depth--) {
    const frame = calls[depth];
    const fn = findFunction(frame.name);
    if (!fn) return undefined;
    const parameter = parameterAt(fn.signatures[0], frame.argIndex);
    if (parameter?.values) return { values: parameter.values, quoted: parameter.type !== 'enum', why: `${fn.name} ${parameter.name}` };
    if (parameter?.type === 'boolean') return { values: BOOLEAN_STRINGS, quoted: true, why: `${fn.name} takes a boolean string` };
    if (fn.name === 'Switch' && frame.argIndex >= 2 && frame.argIndex % 2 === 0) {
      const source = frame.firstAttribute === undefined ? undefined : findSourceAttribute(object, frame.firstAttribute);
      return source?.type === 'Boolean' ? booleanAttributeLiterals(source.name) : undefined;
    }
    if (!flowsToResult(fn, frame.argIndex)) return undefined;
  }
  return targetIsBoolean() ? { values: BOOLEAN_STRINGS, quoted: true, why: 'the target is a boolean' } : undefined;
}

/** What a Boolean source attribute is compared with: Entra writes its value as text. */
function booleanAttributeLiterals(name: string): Literals {
  return { values: BOOLEAN_STRINGS, quoted: true, why: `[${name}] is "True" or "False"` };
}

/** Literal items; inside a string they replace it whole, so they filter on the quoted text. */
function addLiterals(items: Items, literals: Literals | undefined, inString: boolean): void {
  for (const value of literals?.values ?? []) {
    const label = literals!.quoted ? `"${value}"` : value;
    items.add({ label, kind: literals!.quoted ? CompletionItemKind.Value : CompletionItemKind.EnumMember, detail: literals!.why }, 0, {
      filterText: inString ? label : value,
      plain: true,
    });
  }
}

/** What a `default` may be: a boolean string or a canonical value, when the target says so. */
function defaultLiterals(leaf: TargetAttribute | undefined): Literals | undefined {
  if (leaf?.type === 'boolean') return { values: BOOLEAN_STRINGS, quoted: true, why: 'the target is a boolean' };
  return leaf?.canonicalValues ? { values: leaf.canonicalValues, quoted: true, why: `canonical ${leaf.name}` } : undefined;
}

// ---- The request ----

/** Collects items for one request; `rank` orders groups, the index keeps each group's own order. */
class Items {
  readonly items: CompletionItem[] = [];
  private readonly range: Range;

  /** With nothing typed before the cursor, the word right after it (`sync |all`): what a keyword or value may replace instead. */
  private readonly wordAfter: Range | undefined;

  constructor(
    private readonly document: AnalyzedDocument,
    readonly replace: Span,
    wordAfter: Span | undefined,
  ) {
    this.range = document.lines.rangeOf(replace);
    this.wordAfter = wordAfter && document.lines.rangeOf(wordAfter);
  }

  /** A space to insert before an item right after other text (`[accountEnabled]|`), else nothing. */
  get spaceBefore(): string {
    return /\S/.test(this.document.text.slice(Math.max(0, this.replace.start - 1), this.replace.start)) ? ' ' : '';
  }

  /** The text right after the replaced range, on the same line. */
  get after(): string {
    return this.document.text.slice(this.replace.end, lineEndAt(this.document.text, this.replace.end));
  }

  add(
    candidate: Candidate,
    rank: number,
    options: { insert?: string; note?: string; filterText?: string; plain?: boolean; prefix?: string } = {},
  ): void {
    const snippet = options.plain ? undefined : candidate.snippet;
    const newText = (options.prefix ?? '') + (options.insert ?? snippet ?? candidate.label);
    const documentation = options.note ? `${options.note}\n\n${candidate.documentation ?? ''}` : candidate.documentation;
    this.items.push({
      label: candidate.label,
      kind: candidate.kind,
      detail: options.note ? `${candidate.detail ?? ''} · ${markdownAsPlainText(options.note)}`.replace(/^ · /, '') : candidate.detail,
      documentation: markdown(documentation),
      sortText: `${rank}${String(this.items.length).padStart(4, '0')}`,
      filterText: options.filterText ?? candidate.label,
      textEdit: this.editFor(candidate.kind, newText),
      insertTextFormat: snippet !== undefined || options.insert !== undefined ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    });
  }

  /**
   * A keyword or value before a word (`sync |all` + `assigned`) may stand in for it: the editor
   * inserts by default and replaces the word in its replace mode (VS Code's Shift+Enter, or
   * `editor.suggest.insertMode`). Other items (functions, targets, attributes) come before what follows.
   */
  private editFor(kind: CompletionItemKind, newText: string): CompletionItem['textEdit'] {
    const replacesWord = kind === CompletionItemKind.Keyword || kind === CompletionItemKind.EnumMember || kind === CompletionItemKind.Value;
    return this.wordAfter && replacesWord ? InsertReplaceEdit.create(newText, this.range, this.wordAfter) : { range: this.range, newText };
  }

  keyword(label: string, rank: number, documentation?: string, detail?: string, prefix?: string): void {
    this.add({ label, kind: CompletionItemKind.Keyword, documentation, detail }, rank, { prefix });
  }
}

/** What the editor can take: `insertReplace`, items with an insert and a replace range (LSP InsertReplaceEdit). */
export interface CompletionClient {
  readonly insertReplace?: boolean;
}

export function completion(document: AnalyzedDocument, offset: number, client: CompletionClient = {}): CompletionList {
  const context = cursorContext(document.file, document.text, offset);
  const replace = wholeToken(document.text, context);
  const wordAfter = client.insertReplace && replace.start === replace.end ? tokenAt(document.text, context, replace.start) : undefined;
  const items = new Items(document, replace, wordAfter && wordAfter.end > wordAfter.start ? wordAfter : undefined);
  complete(context, items, document);
  return { isIncomplete: false, items: items.items };
}

/** Characters that go on a partial word: a target path's (`urn:...:2.0:User:dep`), a source attribute's (`employeeOrgData.division`). */
const PATH_REST = /[\w.:$-]/y;
const WORD_REST = /\w/y;

/**
 * What an item replaces: the partial text before the cursor and the rest of its token after it, so
 * completing inside a word (`[jobT|itle]`, `Jo|in(`, `"wo|rk"`) replaces the word instead of
 * leaving its tail behind (`[jobTitle]itle]`). Nothing typed yet: nothing after the cursor is taken.
 */
function wholeToken(text: string, context: CursorContext): Span {
  const { start, end } = context.replace;
  if (start === end) return context.replace;
  if (isQuote(text.charCodeAt(start))) {
    const string = scanString(text, start);
    return { start, end: string.closed ? Math.max(end, string.end) : end };
  }
  return { start, end: tokenFrom(text, context, end).end };
}

/** The token that starts at `offset`: a closed string (`|"work"`), or a word as tokenFrom reads it. */
function tokenAt(text: string, context: CursorContext, offset: number): Span {
  if (!isQuote(text.charCodeAt(offset))) return tokenFrom(text, context, offset);
  const string = scanString(text, offset);
  return { start: offset, end: string.closed ? string.end : offset };
}

/** The rest of the token from `offset`: the characters that go on a partial word where the cursor is. */
function tokenFrom(text: string, context: CursorContext, offset: number): Span {
  const rest = context.kind === 'statement' || context.kind === 'sourceAttribute' ? PATH_REST : WORD_REST;
  let end = offset;
  for (rest.lastIndex = end; end < text.length && rest.test(text); rest.lastIndex = end) end++;
  return { start: offset, end };
}

function complete(context: CursorContext, items: Items, document: AnalyzedDocument): void {
  const object = context.object;
  const resource = object && findTargetResource(document.target, object);
  switch (context.kind) {
    case 'topLevel': {
      const declared = new Set(
        document.file.blocks.filter((b) => b.span.end <= context.replace.start || b.span.start >= context.replace.end).map((b) => b.object),
      );
      for (const name of OBJECTS) {
        if (!declared.has(name))
          items.add(
            {
              label: name,
              kind: CompletionItemKind.Keyword,
              documentation: keywordDoc(name, document.target),
              snippet: `${name} {\n\t$0\n}`,
            },
            0,
          );
      }
      // Offered once the user starts typing it, above the blocks, when the file declares no other target.
      const typed = document.text.slice(context.replace.start, context.replace.end);
      const declaration = document.file.target;
      const aboveBlocks = document.file.blocks.every((b) => b.span.start >= context.replace.end);
      if (typed !== '' && 'target'.startsWith(typed) && aboveBlocks && (!declaration || declaration.span.start === context.replace.start)) {
        items.add(
          {
            label: 'target',
            kind: CompletionItemKind.Keyword,
            detail: 'the target schema',
            documentation: keywordDoc('target', document.target),
            snippet: `target "${choice(1, [...bundledTargetNames, './app.target.json'])}"`,
          },
          1,
        );
      }
      // The cycle's settings, above the blocks, once each.
      const written = new Set(
        (document.file.cycle ?? [])
          .filter((setting) => setting.span.end <= context.replace.start || setting.span.start >= context.replace.end)
          .map((setting) => setting.kind),
      );
      if (typed !== '' && aboveBlocks && 'sync'.startsWith(typed) && !written.has('sync')) {
        items.add(
          {
            label: 'sync',
            kind: CompletionItemKind.Keyword,
            detail: 'provisioning scope',
            documentation: keywordDoc('sync', document.target),
            snippet: `sync ${choice(1, ['assigned', 'all'])}`,
          },
          2,
        );
      }
      if (typed !== '' && aboveBlocks && 'deletion threshold'.startsWith(typed) && !written.has('deletionThreshold')) {
        items.add(
          {
            label: 'deletion threshold',
            kind: CompletionItemKind.Keyword,
            detail: 'accidental deletions prevention',
            documentation: keywordDoc('deletion threshold', document.target),
            snippet: 'deletion threshold ${1:500}',
          },
          2,
        );
      }
      return;
    }
    case 'targetName': {
      // Inside the quotes the typed text starts with `"`; after `target` it is the bare name.
      const quoted = context.replace.start < context.replace.end && isQuote(document.text.charCodeAt(context.replace.start));
      for (const name of bundledTargetNames)
        items.add({ label: quoteString(name), kind: CompletionItemKind.Value, detail: 'bundled target schema' }, 0, {
          filterText: quoted ? quoteString(name) : name,
          plain: true,
        });
      return;
    }
    case 'cycleValue':
      if (context.setting === 'sync') SYNC_SCOPES.forEach((word, rank) => items.keyword(word, rank, keywordDocs[word]));
      else items.keyword('threshold', 0, keywordDocs['deletion threshold']);
      return;
    case 'statement':
      if (resource) completeStatement(context, items, document.target, resource, document.text);
      return;
    case 'subAttribute':
    case 'filterAttribute': {
      const found = resource && findTargetAttributeByPath(resource, context.attributePath);
      for (const sub of found?.attribute.subAttributes ?? []) {
        if (sub.mutability === 'readOnly') continue;
        const isKey = sub.name === found?.attribute.filterKey;
        if (context.kind === 'subAttribute' && isKey) continue;
        // A value filter names its attribute bare (RFC 7644's attrPath; Entra's names have no other form).
        if (context.kind === 'filterAttribute' && !isPlainTargetName(sub.name)) continue;
        const candidate: Candidate = {
          label: sub.name,
          kind: CompletionItemKind.Field,
          detail: sub.type,
          documentation: targetAttributeMarkdown(document.target.name, `${found!.path}.${sub.name}`, found!.schema, found!.attribute, sub),
        };
        const values = sub.canonicalValues ?? sub.suggestedValues;
        const spelled = spelledTargetName(sub.name);
        // Each value escaped as inside a string (`wo\"rk`), between the snippet's own quotes.
        const escaped = values?.map((value) => quoteString(value).slice(1, -1));
        const insert =
          context.kind === 'filterAttribute' && escaped
            ? `${sub.name} eq "${choice(1, escaped)}"`
            : spelled !== sub.name
              ? snippetText(spelled)
              : undefined;
        items.add(candidate, isKey ? 0 : 1, { insert });
      }
      return;
    }
    case 'filterOperator':
      items.keyword('eq', 0, keywordDocs.eq);
      return;
    case 'filterConnector':
      // Right after the value's closing quote (`"work"|`): `and` needs a space before it.
      items.keyword('and', 0, keywordDocs.and, undefined, items.spaceBefore);
      return;
    case 'filterValue': {
      const found = resource && findTargetAttributeByPath(resource, context.attributePath);
      const sub = found && findSubAttribute(found.attribute, context.attribute);
      // Inside the quotes the typed text starts with `"`: filter on the quoted label.
      const quoted = context.replace.start < context.replace.end && !/\w/.test(document.text[context.replace.start]);
      // A boolean is compared with its text, as Entra writes it (`roles[primary eq "True"]`).
      const booleanValues = sub?.type === 'boolean' ? BOOLEAN_STRINGS : [];
      for (const value of sub?.canonicalValues ?? sub?.suggestedValues ?? booleanValues) {
        const readOnly = found && readOnlyEntryFor(found.attribute, value);
        const label = quoteString(value);
        items.add({ label, kind: CompletionItemKind.EnumMember, detail: `${found!.attribute.name} ${sub!.name}` }, readOnly ? 9 : 0, {
          note: readOnly && `**Read-only entry:** ${readOnly.reason}.`,
          filterText: quoted ? label : value,
          plain: true,
        });
      }
      return;
    }
    case 'expression':
    case 'string':
      if (object) completeExpression(context, items, object, resource);
      return;
    case 'sourceAttribute': {
      if (!object) return;
      const closed = items.after.startsWith(']');
      for (const candidate of sourceCandidates.get(object)!.bare)
        items.add(candidate, 0, { insert: closed ? undefined : `${snippetText(candidate.label)}]`, plain: true });
      return;
    }
    case 'property':
      completeProperties(context, items, resource, document.target.name);
      return;
    case 'defaultValue':
      if (object) addLiterals(items, defaultLiterals(targetLeaf(context, resource)), context.replace.start < context.replace.end);
      return;
    case 'matchNumber':
      items.keyword(String(nextFreePrecedence(context.block)), 0, keywordDocs.match, 'next free matching precedence');
      return;
    case 'applyValue':
      for (const word of grammarWordsAfter('property', [Keywords.on])) items.keyword(word, 0, keywordDocs.on);
      return;
    case 'flowValue':
      (context.property === 'flow' ? FLOW_TYPES : FLOW_BEHAVIORS).forEach((value, rank) =>
        items.keyword(value, rank, keywordDocs[context.property]),
      );
      return;
    case 'enabledValue':
      grammarWordsAfter('enabledSetting', [Keywords.enabled]).forEach((word, rank) => items.keyword(word, rank, keywordDocs[word]));
      return;
    case 'actionsValue':
      if (object)
        for (const action of supportedActions(resource))
          if (!context.listed.includes(action)) items.keyword(action, 0, keywordDoc(action, document.target));
      return;
    case 'scopeClause':
      if (object)
        for (const candidate of sourceCandidates.get(object)!.scoping)
          items.add(candidate, 0, { filterText: candidate.label.slice(1, -1) });
      return;
    case 'scopeOperator': {
      const isBoolean = object !== undefined && findSourceAttribute(object, context.attribute)?.type === 'Boolean';
      // Right after the clause's `[attribute]`: the operator needs a space before it.
      const prefix = items.spaceBefore;
      for (const candidate of operatorCandidates) items.add(candidate, isBoolean && candidate.label.startsWith('IS ') ? 0 : 1, { prefix });
      return;
    }
    case 'scopeValue': {
      // As in an IIF comparison: a Boolean attribute reads "True" or "False", which a string operator compares with.
      const attribute = object && findSourceAttribute(object, context.attribute);
      if (attribute?.type === 'Boolean' && findScopingOperator(context.operator)?.valueKind === 'string')
        addLiterals(items, booleanAttributeLiterals(attribute.name), context.replace.start < context.replace.end);
      return;
    }
    default:
      return;
  }
}

/** Where each candidate target is mapped in a block, computed once per block (an AST never changes). */
/** Per resource, then per block: the same block (kept by incremental parsing) is keyed anew under another target. */
const mappedTargets = new WeakMap<TargetResource, WeakMap<ObjectBlock, Map<string, number[]>>>();

function mappedTargetsOf(block: ObjectBlock, resource: TargetResource, app: string): Map<string, number[]> {
  let byBlock = mappedTargets.get(resource);
  if (!byBlock) mappedTargets.set(resource, (byBlock = new WeakMap()));
  const cached = byBlock.get(block);
  if (cached) return cached;
  const { lengths, keys } = targetCandidates(resource, app);
  const starts = new Map<string, number[]>();
  for (const { target } of block.mappings) {
    // Cheap tests first: most targets are named as the candidate is, and only a target as long as a candidate can be one.
    let key = keys.get(target.name);
    if (key === undefined) {
      if (!lengths.has(target.name.length)) continue;
      key = target.name.toLowerCase();
    }
    const list = starts.get(key);
    if (list) list.push(target.span.start);
    else starts.set(key, [target.span.start]);
  }
  byBlock.set(block, starts);
  return starts;
}

function completeStatement(context: CursorContext, items: Items, target: Target, resource: TargetResource, text: string): void {
  const typed = text.slice(context.replace.start, context.replace.end);
  const block = context.block;
  const mapped = block ? mappedTargetsOf(block, resource, target.name) : new Map<string, number[]>();
  // The mapping being typed (its target starts where the replaced text does) is not "already mapped".
  const isMapped = (key: string) => (mapped.get(key) ?? []).some((start) => start !== context.replace.start);
  const continues = /^\s*<-/.test(items.after);
  // Typed with a quote (`"Dé`), the spelled form is what the editor filters on.
  const quoteTyped = typed.includes('"');
  for (const candidate of targetCandidates(resource, target.name).candidates) {
    const spelledOtherwise = candidate.spelled !== candidate.label;
    const insert = continues ? (spelledOtherwise ? snippetText(candidate.spelled) : undefined) : `${snippetText(candidate.spelled)} <- $0`;
    const filterText = quoteTyped ? candidate.spelled : undefined;
    if (!isMapped(candidate.key)) items.add(candidate, candidate.required ? 0 : 1, { insert, filterText });
    else items.add(candidate, 8, { insert, filterText, note: '*Already mapped in this block*' });
  }
  if (/^[A-Za-z_]*$/.test(typed)) {
    if (!block?.enabled) items.add(settingCandidates.enabled(target, resource), 5);
    if (!block?.actions) items.add(settingCandidates.actions(target, resource), 5);
    items.add(settingCandidates.scope(target, resource), 5);
  }
}

function completeExpression(
  context: Extract<CursorContext, { kind: 'expression' | 'string' }>,
  items: Items,
  object: BlockObject,
  resource: TargetResource | undefined,
): void {
  const compared = context.comparedWith === undefined ? undefined : findSourceAttribute(object, context.comparedWith);
  addLiterals(
    items,
    compared?.type === 'Boolean'
      ? booleanAttributeLiterals(compared.name)
      : expectedLiterals(context.calls, object, () => targetLeaf(context, resource)?.type === 'boolean'),
    context.kind === 'string',
  );
  if (context.kind === 'string') return;
  const call = /^\s*\(/.test(items.after);
  for (const candidate of functionCandidates) {
    const { offered, note } = functionFit(candidate.fn, context.calls);
    if (offered) items.add(candidate, note ? 4 : 2, { plain: call, note });
  }
  for (const candidate of sourceCandidates.get(object)!.bracketed) items.add(candidate, 1, { filterText: candidate.label.slice(1, -1) });
  if (context.calls.length === 0) items.keyword('none', 3, keywordDocs.none, 'mapping type None');
}

/** The attribute the mapping at the cursor writes, when the block has the mapping and the schema knows the target. */
function targetLeaf(
  context: CursorContext & { readonly target: string },
  resource: TargetResource | undefined,
): TargetAttribute | undefined {
  const mapping = context.block && mappingBefore(context.block, context.replace.start);
  if (!mapping || mapping.target.text !== context.target) return undefined;
  const { attribute, sub } = resolveTargetPath(resource, mapping.target);
  return sub ?? attribute;
}

function completeProperties(
  context: Extract<CursorContext, { kind: 'property' }>,
  items: Items,
  resource: TargetResource | undefined,
  app: string,
): void {
  const { present, block } = context;
  // Right after the source (`[accountEnabled]|`): the property needs a space before it.
  const prefix = items.spaceBefore;
  if (!present.includes('match')) {
    const next = nextFreePrecedence(block);
    const match: Candidate = {
      label: 'match',
      kind: CompletionItemKind.Keyword,
      detail: `matching precedence ${next}`,
      documentation: keywordDocs.match,
      snippet: `match \${1:${next}}`,
    };
    const leaf = targetLeaf(context, resource);
    // Entra matches by filtering the target on the attribute: one the target cannot filter on cannot match.
    if (leaf && leaf.filterable === false)
      items.add(match, 4, { note: `*${app} cannot filter on ${escapeMarkdown(context.target)}*`, prefix });
    else items.add(match, 0, { prefix });
  }
  if (!present.includes('default'))
    items.add(
      {
        label: 'default',
        kind: CompletionItemKind.Keyword,
        detail: 'default value if null',
        documentation: keywordDocs.default,
        snippet: 'default "$1"',
      },
      1,
      { prefix },
    );
  if (!present.includes('apply') && !present.includes('flow')) {
    items.keyword('on create', 2, keywordDocs.on, 'apply only during object creation', prefix);
    items.keyword('always', 3, keywordDocs.always, 'apply always (the default)', prefix);
  }
}

/** The smallest matching precedence no mapping of the block uses yet. */
function nextFreePrecedence(block: ObjectBlock | undefined): number {
  const used = new Set<number>();
  for (const mapping of block?.mappings ?? [])
    for (const property of mapping.properties)
      if (property.kind === 'match' && property.precedence !== undefined) used.add(property.precedence);
  let next = 1;
  while (used.has(next)) next++;
  return next;
}

export const completionFeature: Feature = {
  capabilities: { completionProvider: { triggerCharacters: ['[', '.', '"', '(', ',', ':'], resolveProvider: false } },
  register(handlers) {
    handlers.onDocumentRequest(CompletionRequest.type, async (document, { position }, { checkpoint }) => {
      // The analysis of a large file may have taken a while: skip the completion the editor no longer wants.
      await checkpoint();
      const insertReplace = handlers.clientCapabilities.textDocument?.completion?.completionItem?.insertReplaceSupport === true;
      return completion(document, document.lines.offsetAt(position), { insertReplace });
    });
  },
};

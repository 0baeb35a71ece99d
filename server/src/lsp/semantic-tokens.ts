// Semantic tokens (whole document): targets, schema URNs, source attributes, functions, filter
// values and keywords each get their own standard token type, so any theme colours them by meaning
// on top of the TextMate grammar. Read-only targets carry `readonly`; catalogue functions and known
// source attributes carry `defaultLibrary` (an unknown name stays plain).
import {
  SemanticTokensBuilder,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type SemanticTokens,
  type SemanticTokensLegend,
} from 'vscode-languageserver';
import type { ObjectBlock, Span, TargetPath } from '../syntax/ast';
import { forEachNode, innermost, type Located } from '../syntax/node-path';
import { functionCatalogue } from '../schema/functions';
import { readOnlyEntryReason, resolveTargetPath } from '../schema/target-paths';
import { findTargetResource, type Target } from '../schema/target';
import { sourceObject } from '../schema/source';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

export const tokenTypes = [
  'namespace',
  'property',
  'variable',
  'function',
  'string',
  'number',
  'keyword',
  'operator',
  'enumMember',
  'comment',
] as const;
export const tokenModifiers = ['readonly', 'defaultLibrary'] as const;

export type TokenType = (typeof tokenTypes)[number];
export type TokenModifier = (typeof tokenModifiers)[number];

export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

/** One token in offsets, before encoding. */
export interface ScimmapToken {
  readonly span: Span;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

function isReadOnlyTarget(schema: Target, object: ObjectBlock['object'], target: TargetPath): boolean {
  const { attribute, sub } = resolveTargetPath(findTargetResource(schema, object), target);
  if (!attribute) return false;
  const leaf = sub ?? attribute;
  return (
    attribute.mutability === 'readOnly' ||
    leaf.mutability === 'readOnly' ||
    leaf.mutability === 'immutable' ||
    readOnlyEntryReason(attribute, target) !== undefined
  );
}

// Name sets for the `defaultLibrary` modifier: a token request may look up thousands of names.
const functionNames = new Set(functionCatalogue.functions.map((fn) => fn.name));
const sourceNames = {
  users: new Set(sourceObject('users').attributes.map((a) => a.name)),
  groups: new Set(sourceObject('groups').attributes.map((a) => a.name)),
};

const NONE: readonly TokenModifier[] = [];
const READONLY: readonly TokenModifier[] = ['readonly'];
const DEFAULT_LIBRARY: readonly TokenModifier[] = ['defaultLibrary'];

/** Classifies nodes into tokens; remembers per target whether it is read-only (a target has several segments). */
class Tokenizer {
  private readonly readOnly = new Map<TargetPath, boolean>();

  /** `schema`: the document's target schema, which says what is read-only. */
  constructor(private readonly schema: Target) {}

  tokenOf(located: Located, parents: readonly Located[]): ScimmapToken | undefined {
    const type = this.typeOf(located, parents);
    if (!type) return undefined;
    return { span: located.node.span, type, modifiers: this.modifiersOf(located, parents) };
  }

  private typeOf(located: Located, parents: readonly Located[]): TokenType | undefined {
    switch (located.role) {
      case 'comment':
        return 'comment';
      case 'blockKeyword':
      case 'settingKeyword':
      case 'settingValue':
      case 'scopeKeyword':
      case 'targetKeyword':
      case 'cycleKeyword':
      case 'headerKeyword':
        return 'keyword';
      case 'blockTitle':
      case 'headerValue':
        return 'string';
      case 'cycleValue':
        return located.text === 'assigned' || located.text === 'all' ? 'enumMember' : 'number';
      case 'targetReference':
        return 'string';
      // `on create` is one keyword: the property's span covers both words.
      case 'property':
        return located.node.kind === 'apply' ? 'keyword' : undefined;
      case 'propertyKeyword':
        return innermost(parents, 'property')?.node.kind === 'apply' ? undefined : 'keyword';
      case 'source':
        return located.node.kind === 'none' ? 'keyword' : undefined;
      case 'schema':
        return 'namespace';
      case 'segmentName':
      case 'filterAttribute':
        return 'property';
      case 'filterOperator':
      case 'arrow':
      case 'operator':
      case 'clauseOperator':
        return 'operator';
      case 'filterValue':
        return 'enumMember';
      case 'functionName':
        return 'function';
      case 'propertyValue':
      case 'clauseValue':
      case 'scopeTitle':
        return 'kind' in located.node && located.node.kind === 'string' ? 'string' : 'number';
      case 'expression':
        switch (located.node.kind) {
          case 'attribute':
            return 'variable';
          case 'string':
            return 'string';
          case 'number':
            return 'number';
          case 'enum':
            return 'enumMember';
          default:
            return undefined;
        }
      default:
        return undefined;
    }
  }

  private modifiersOf(located: Located, parents: readonly Located[]): readonly TokenModifier[] {
    if (located.role === 'functionName') return functionNames.has(located.node.text) ? DEFAULT_LIBRARY : NONE;
    if (located.role === 'expression' && located.node.kind === 'attribute') {
      const object = innermost(parents, 'block')?.node.object;
      return object && sourceNames[object].has(located.node.name) ? DEFAULT_LIBRARY : NONE;
    }
    if (located.role !== 'segmentName') return NONE;
    const object = innermost(parents, 'block')?.node.object;
    const target = innermost(parents, 'target')?.node;
    if (!object || !target) return NONE;
    let readOnly = this.readOnly.get(target);
    if (readOnly === undefined) this.readOnly.set(target, (readOnly = isReadOnlyTarget(this.schema, object, target)));
    return readOnly ? READONLY : NONE;
  }
}

/** The document's tokens in source order; with `within`, those of the nodes that overlap it. */
export function semanticTokenList(document: AnalyzedDocument, within?: Span): ScimmapToken[] {
  const tokens: ScimmapToken[] = [];
  const tokenizer = new Tokenizer(document.target);
  forEachNode(
    document.file,
    (located, parents) => {
      const token = tokenizer.tokenOf(located, parents);
      if (token && token.span.end > token.span.start) tokens.push(token);
    },
    within,
  );
  tokens.sort((a, b) => a.span.start - b.span.start);
  return tokens;
}

const typeIndex = new Map(tokenTypes.map((type, index) => [type, index]));

/**
 * The tokens (of the whole document, or of the nodes overlapping `within`) encoded for LSP. Lines
 * are counted while walking the sorted tokens, once over the text they cover. A token never
 * overlaps the previous one (the outer one wins), and one that crosses a line break (`on` /
 * `create` on two lines) is cut at the end of its first line.
 */
export function semanticTokens(document: AnalyzedDocument, within?: Span): SemanticTokens {
  const text = document.text;
  const builder = new SemanticTokensBuilder();
  const tokens = semanticTokenList(document, within);
  const first = document.lines.positionAt(tokens[0]?.span.start ?? 0);
  let line = first.line;
  let scanned = tokens[0]?.span.start ?? 0;
  let lineStart = scanned - first.character;
  let lastEnd = 0;
  for (const token of tokens) {
    const { start, end } = token.span;
    if (start < lastEnd) continue;
    for (; scanned < start; scanned++) {
      const c = text.charCodeAt(scanned);
      // `\n`, or a `\r` not followed by `\n`: one line break each (LSP's three kinds).
      if (c === 10 || (c === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    let cut = start;
    while (cut < end && text.charCodeAt(cut) !== 10 && text.charCodeAt(cut) !== 13) cut++;
    if (cut === start) continue;
    let modifiers = 0;
    for (const modifier of token.modifiers) modifiers |= 1 << tokenModifiers.indexOf(modifier);
    builder.push(line, start - lineStart, cut - start, typeIndex.get(token.type)!, modifiers);
    lastEnd = end;
  }
  return builder.build();
}

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend, full: true, range: true } },
  register(handlers) {
    handlers.onDocumentRequest(SemanticTokensRequest.type, (document) => semanticTokens(document));
    // Editors ask for the visible range first on large files.
    handlers.onDocumentRequest(SemanticTokensRangeRequest.type, (document, { range }) =>
      semanticTokens(document, document.lines.spanOf(range)),
    );
  },
};

// Semantic tokens (whole document): targets, schema URNs, source attributes, functions, filter
// values and keywords each get their own standard token type, so any theme colours them by meaning
// on top of the TextMate grammar. Read-only targets carry `readonly`; catalogue functions and known
// source attributes carry `defaultLibrary` (an unknown name stays plain).
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import type { ObjectBlock, Span, TargetPath } from '../core/ast';
import { forEachNode, innermost, type Located } from '../core/locate';
import { findFunction, findSourceAttribute } from '../core/schema';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';
import { readOnlyEntryReason, resolveTargetPath } from './hover';

export const tokenTypes = ['namespace', 'property', 'variable', 'function', 'string', 'number', 'keyword', 'operator', 'enumMember', 'comment'] as const;
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

function isReadOnlyTarget(object: ObjectBlock['object'], target: TargetPath): boolean {
  const { attribute, sub } = resolveTargetPath(object, target);
  if (!attribute) return false;
  const leaf = sub ?? attribute;
  return attribute.mutability === 'readOnly' || leaf.mutability === 'readOnly' || leaf.mutability === 'immutable' || readOnlyEntryReason(attribute, target) !== undefined;
}

function tokenOf(located: Located, parents: readonly Located[]): ScimmapToken | undefined {
  const token = (type: TokenType, modifiers: TokenModifier[] = [], span: Span = located.node.span): ScimmapToken => ({ span, type, modifiers });
  const object = () => innermost(parents, 'block')?.node.object;
  switch (located.role) {
    case 'comment':
      return token('comment');
    case 'blockKeyword':
    case 'settingKeyword':
    case 'settingValue':
    case 'scopeKeyword':
      return token('keyword');
    // `on create` is one keyword: the property's span covers both words.
    case 'property':
      return located.node.kind === 'apply' ? token('keyword') : undefined;
    case 'propertyKeyword':
      return innermost(parents, 'property')?.node.kind === 'apply' ? undefined : token('keyword');
    case 'source':
      return located.node.kind === 'none' ? token('keyword') : undefined;
    case 'schema':
      return token('namespace');
    case 'segmentName': {
      const block = object();
      const target = innermost(parents, 'target')?.node;
      return token('property', block && target && isReadOnlyTarget(block, target) ? ['readonly'] : []);
    }
    case 'filterAttribute':
      return token('property');
    case 'filterOperator':
    case 'arrow':
    case 'operator':
    case 'clauseOperator':
      return token('operator');
    case 'filterValue':
      return token('enumMember');
    case 'functionName':
      return token('function', findFunction(located.node.text) ? ['defaultLibrary'] : []);
    case 'propertyValue':
    case 'clauseValue':
    case 'scopeTitle':
      return token('kind' in located.node && located.node.kind === 'string' ? 'string' : 'number');
    case 'expression': {
      const expression = located.node;
      if (expression.kind === 'attribute') {
        const block = object();
        return token('variable', block && findSourceAttribute(block, expression.name) ? ['defaultLibrary'] : []);
      }
      if (expression.kind === 'string') return token('string');
      if (expression.kind === 'number') return token('number');
      if (expression.kind === 'enum') return token('enumMember');
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The document's tokens in source order, each on one line (a token never spans lines in this language). */
export function semanticTokenList(document: AnalyzedDocument): ScimmapToken[] {
  const tokens: ScimmapToken[] = [];
  forEachNode(document.file, (located, parents) => {
    const token = tokenOf(located, parents);
    if (token && token.span.end > token.span.start) tokens.push(token);
  });
  tokens.sort((a, b) => a.span.start - b.span.start);
  return tokens;
}

export function semanticTokens(document: AnalyzedDocument): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  let lastEnd = 0;
  for (const token of semanticTokenList(document)) {
    if (token.span.start < lastEnd) continue; // never overlap: the outer token wins
    const start = document.lines.positionAt(token.span.start);
    const end = document.lines.positionAt(token.span.end);
    // A token that crosses a line break (`on\n create`) is cut at the line's end.
    const length = end.line === start.line ? end.character - start.character : lineLength(document.text, token.span.start);
    const modifiers = token.modifiers.reduce((bits, modifier) => bits | (1 << tokenModifiers.indexOf(modifier)), 0);
    builder.push(start.line, start.character, length, tokenTypes.indexOf(token.type), modifiers);
    lastEnd = token.span.end;
  }
  return builder.build();
}

function lineLength(text: string, from: number): number {
  const end = text.slice(from).search(/[\r\n]/);
  return end < 0 ? text.length - from : end;
}

export const semanticTokensFeature: Feature = {
  capabilities: { semanticTokensProvider: { legend, full: true } },
  register(connection, store) {
    connection.languages.semanticTokens.on(({ textDocument }) => {
      const document = store.get(textDocument.uri);
      return document ? semanticTokens(document) : { data: [] };
    });
  },
};

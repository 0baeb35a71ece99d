// Document symbols (outline, breadcrumbs, Go to Symbol in Editor): each block, then its object
// settings, mappings (name = the target path, detail = the source) and scoping filters with their
// clauses, in source order. Names are never empty (VS Code rejects an empty symbol name), so a
// node the parser recovered is shown with a placeholder.
import { DocumentSymbolRequest, SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import {
  isCarriedBlock,
  USUAL_SOURCE_OBJECT,
  type AttributeMapping,
  type ObjectBlock,
  type ScopeClause,
  type ScopeFilter,
  type Span,
} from '../syntax/ast';
import { quoteString } from '../syntax/quoting';
import type { LineIndex } from '../syntax/positions';
import { findTargetResource } from '../schema/target';
import type { AnalyzedDocument } from '../documents';
import type { Feature } from './feature';

/** Longer sources are cut in the outline's detail; the editor shows the whole expression anyway. */
const MAX_DETAIL = 80;

/** The text of a span on one line: whitespace runs (line breaks included) become one space. */
function oneLine(text: string, span: Span): string {
  return text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

function shortened(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

function symbol(
  lines: LineIndex,
  name: string,
  kind: SymbolKind,
  span: Span,
  selection: Span,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const symbol: DocumentSymbol = { name, kind, range: lines.rangeOf(span), selectionRange: lines.rangeOf(selection) };
  // Set only when there is one (no spread of a temporary object: thousands of blocks each make a symbol).
  if (detail) symbol.detail = detail;
  if (children) symbol.children = children;
  return symbol;
}

function mappingSymbol(document: AnalyzedDocument, mapping: AttributeMapping): DocumentSymbol {
  const { text, lines } = document;
  const target = oneLine(text, mapping.target.span) || '(missing target)';
  const source = mapping.source.kind === 'none' ? 'none' : oneLine(text, mapping.source.span);
  const properties = mapping.properties.map((property) => oneLine(text, property.span));
  const detail = shortened([source, ...properties].filter((part) => part !== '').join('  '));
  return symbol(lines, target, SymbolKind.Field, mapping.span, mapping.target.span, detail);
}

function clauseSymbol(document: AnalyzedDocument, clause: ScopeClause): DocumentSymbol {
  const name = oneLine(document.text, clause.span) || `[${clause.attribute.name}]`;
  return symbol(document.lines, name, SymbolKind.Boolean, clause.span, clause.attribute.span);
}

function scopeSymbol(document: AnalyzedDocument, scope: ScopeFilter): DocumentSymbol {
  const name = scope.title?.value || '(untitled scoping filter)';
  const clauses = scope.clauses.map((clause) => clauseSymbol(document, clause));
  const detail = `scoping filter, ${clauses.length} clause${clauses.length === 1 ? '' : 's'} (ANDed)`;
  return symbol(document.lines, name, SymbolKind.Object, scope.span, scope.title?.span ?? scope.keyword.span, detail, clauses);
}

function blockSymbol(document: AnalyzedDocument, block: ObjectBlock, detail: (block: ObjectBlock) => string): DocumentSymbol {
  const { text, lines } = document;
  // An empty block (a file of thousands of stray `users {` lines) has no `children`: fewer objects and bytes.
  if (!block.enabled && !block.actions && block.mappings.length === 0 && block.scopes.length === 0)
    return symbol(lines, block.object, SymbolKind.Module, block.span, block.keyword.span, detail(block));
  // Settings, mappings and scopes in source order, as the user wrote them.
  const items: Array<{ start: number; symbol: DocumentSymbol }> = [];
  for (const setting of [block.enabled, block.actions]) {
    if (!setting) continue;
    const value = oneLine(text, { start: setting.keyword.span.end, end: setting.span.end });
    items.push({
      start: setting.span.start,
      symbol: symbol(lines, setting.keyword.text, SymbolKind.Property, setting.span, setting.keyword.span, value),
    });
  }
  for (const mapping of block.mappings) items.push({ start: mapping.span.start, symbol: mappingSymbol(document, mapping) });
  for (const scope of block.scopes) items.push({ start: scope.span.start, symbol: scopeSymbol(document, scope) });
  items.sort((a, b) => a.start - b.start);
  const children = items.map((item) => item.symbol);
  return symbol(lines, block.object, SymbolKind.Module, block.span, block.keyword.span, detail(block), children);
}

export function documentSymbols(document: AnalyzedDocument): DocumentSymbol[] {
  // One detail text per kind of block, shared by every block of that kind.
  const details = new Map<string, string>();
  const detail = (block: ObjectBlock): string => {
    const disabled = block.enabled?.value === false;
    const key = disabled ? `${block.object} disabled` : block.object;
    let text = details.get(key);
    if (text === undefined) {
      const resource = findTargetResource(document.target, block.object);
      text = `Entra ${USUAL_SOURCE_OBJECT[block.object]} → ${document.target.name} ${resource?.name ?? '(no such resource)'}${disabled ? ' (disabled)' : ''}`;
      details.set(key, text);
    }
    // A header tells blocks of one keyword apart (an imported schema's several object mappings): show it.
    const title = block.title?.value;
    const objects = isCarriedBlock(block)
      ? `Entra ${quoteString(block.objects!.source!.value)} → ${quoteString(block.objects?.target?.value ?? '')} (carried as written)${disabled ? ' (disabled)' : ''}`
      : text;
    const rule = block.rule?.value && `rule ${quoteString(block.rule.value.value)}`;
    return [title, rule, objects].filter((part) => part).join(' · ');
  };
  return document.file.blocks.map((block) => blockSymbol(document, block, detail));
}

export const documentSymbolsFeature: Feature = {
  capabilities: { documentSymbolProvider: { label: 'scimmap' } },
  register(handlers) {
    handlers.onDocumentRequest(DocumentSymbolRequest.type, (document) => documentSymbols(document));
  },
};

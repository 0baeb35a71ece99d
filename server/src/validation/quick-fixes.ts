// Quick fixes: for a diagnostic (by its code and `data`, docs/diagnostics.md), the edits that make
// it go away. Pure: text + AST + diagnostic -> fixes with offset edits. Each fix is checked by the
// tests to leave a file without that diagnostic.
import type { AttributeMapping, Call, Diagnostic, Expression, MappingFile, ObjectBlock, Span } from '../syntax/ast';
import type { TextEdit } from '../syntax/format';
import { iifConditionFailures } from './expressions';
import { lineBreakOf, lineEndAt, lineStartAt, nextLineStart } from '../syntax/positions';
import { parseBlock } from '../syntax/parser';
import { writtenTargetKey } from './targets';

export interface QuickFix {
  readonly title: string;
  readonly diagnostic: Diagnostic;
  readonly edits: TextEdit[];
  /** The fix to apply without asking (Auto Fix, fix on save): only where there is no doubt. */
  readonly preferred: boolean;
}

/** Codes whose `data.suggestion` is the exact replacement of the diagnostic's span. */
const REPLACE_WITH_SUGGESTION = new Set([
  'unknown-target',
  'unknown-sub-attribute',
  'target-case',
  'unknown-schema',
  'unknown-filter-attribute',
  'filter-operator',
  'missing-value-filter',
  'complex-target',
  'unknown-source-attribute',
  'unknown-function',
  'function-case',
  'unknown-scope-operator',
  'scope-operator-case',
  'unexpected-identifier',
  'argument-kind',
  'app-role-assignments-direct',
  'invalid-match-precedence',
  'duplicate-match-precedence',
  'active-from-is-soft-deleted',
]);

/** Codes whose span is a string literal and whose `data.suggestion` is its new value. */
const REQUOTE_WITH_SUGGESTION = new Set([
  'filter-value-case',
  'unknown-filter-value',
  'unlisted-value',
  'constant-type',
  'switch-boolean-key-case',
]);

/** Spelling fixes: nothing to choose, so they may be applied automatically. */
const PREFERRED = new Set([
  'function-case',
  'target-case',
  'scope-operator-case',
  'filter-value-case',
  'switch-boolean-key-case',
  'filter-operator',
  'single-quoted-filter-value',
  'typographic-quote',
]);

/** What IgnoreFlowIfNullOrEmpty changes, said in the title of each fix that adds it. */
const EMPTY_RESULT_KEEPS_TARGET = 'an empty result then leaves the target unchanged instead of clearing it';

/** A string literal in double quotes with Entra's escapes. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

function shown(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The fixes for one diagnostic of `text` (whose AST is `file`); none when it has no mechanical fix. */
export function quickFixes(text: string, file: MappingFile, diagnostic: Diagnostic): QuickFix[] {
  const data = diagnostic.data ?? {};
  const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
  const written = text.slice(diagnostic.span.start, diagnostic.span.end);
  const block = file.blocks.find((b) => contains(b.span, diagnostic.span));
  const mapping = block?.mappings.find((m) => contains(m.span, diagnostic.span));
  const fix = (title: string, edits: TextEdit[]): QuickFix[] =>
    block && mapping && renamesOntoMappedTarget(block, mapping, edits)
      ? []
      : [{ title, diagnostic, edits, preferred: PREFERRED.has(diagnostic.code) }];

  switch (diagnostic.code) {
    case 'typographic-quote': {
      const literal = stringLiteralAt(file, diagnostic.span);
      if (!literal) return [];
      return fix('Use straight double quotes', [{ span: literal.span, newText: quoted(literal.value) }]);
    }
    case 'single-quoted-filter-value':
      return typeof data.replacement === 'string'
        ? fix(`Write ${data.replacement}`, [{ span: diagnostic.span, newText: data.replacement }])
        : [];
    case 'concatenation': {
      const span = data.replaceSpan as Span | undefined;
      if (typeof data.replacement !== 'string' || !span) return [];
      return fix(`Use ${shown(data.replacement)}`, [{ span, newText: data.replacement }]);
    }
    case 'argument-count': {
      const slot = data.emptySlot as { parameter: string; insert: Span } | undefined;
      return slot ? fix(`Leave ${slot.parameter} empty (insert the missing \`,\`)`, [{ span: slot.insert, newText: ', ' }]) : [];
    }
    case 'missing-required-target':
      return block && suggestion ? fix(`Add \`${shown(suggestion)}\``, [addMapping(text, block, suggestion)]) : [];
    case 'no-matching-attribute': {
      const candidate = block?.mappings.find((m) => m.target.text === suggestion);
      return candidate
        ? fix(`Match on \`${suggestion}\` (add \`match 1\`)`, [
            { span: { start: candidate.span.end, end: candidate.span.end }, newText: '  match 1' },
          ])
        : [];
    }
    case 'requires-on-create':
      return mapping ? fix('Add `on create`', [{ span: { start: mapping.span.end, end: mapping.span.end }, newText: '  on create' }]) : [];
    case 'duplicate-target':
      return mapping ? fix(`Remove this duplicate mapping of \`${shown(mapping.target.text)}\``, [removeMapping(text, mapping)]) : [];
    case 'read-only-target':
    case 'members-only-on-groups':
      return mapping ? fix(`Remove the mapping of \`${shown(mapping.target.text)}\``, [removeMapping(text, mapping)]) : [];
    case 'group-action-unsupported': {
      if (!block) return [];
      if (suggestion && block.openBrace) return fix(`Add \`${suggestion}\``, [insertFirstItem(text, block.openBrace, suggestion)]);
      const edit = typeof data.remove === 'string' ? removeAction(block, diagnostic.span) : undefined;
      return edit ? fix(`Remove \`${data.remove}\` from the actions`, [edit]) : [];
    }
    case 'switch-default-null': {
      // Microsoft documents both workarounds for the known issue: nested IIF, or IgnoreFlowIfNullOrEmpty around the Switch.
      const wrapped = mapping && ignoreFlowWrapping(mapping, diagnostic.span);
      const nested = block && mapping && switchAsNestedIif(text, block, mapping, diagnostic.span);
      return [
        ...(wrapped
          ? fix(`Wrap the Switch in IgnoreFlowIfNullOrEmpty (known Entra service issue; ${EMPTY_RESULT_KEEPS_TARGET})`, wrapped)
          : []),
        ...(nested ? fix(`Use nested IIF: ${shown(nested.newText)} (Microsoft's documented workaround)`, [nested]) : []),
      ];
    }
    case 'iif-null-condition': {
      const replacement = mapping && iifAsSwitch(text, mapping, diagnostic.span);
      if (!replacement) return [];
      return replacement.wrapped
        ? fix(
            `Use ${shown(replacement.edit.newText)} (Entra's workarounds for empty attributes and Switch defaults; ${EMPTY_RESULT_KEEPS_TARGET})`,
            [replacement.edit],
          )
        : fix(`Use ${shown(replacement.edit.newText)} (Entra's workaround for empty attributes)`, [replacement.edit]);
    }
    default:
      if (suggestion === undefined) return [];
      if (REPLACE_WITH_SUGGESTION.has(diagnostic.code))
        return fix(`Change \`${shown(written)}\` to \`${shown(suggestion)}\``, [{ span: diagnostic.span, newText: suggestion }]);
      if (REQUOTE_WITH_SUGGESTION.has(diagnostic.code))
        return fix(`Change ${shown(written)} to ${quoted(suggestion)}`, [{ span: diagnostic.span, newText: quoted(suggestion) }]);
      return [];
  }
}

/**
 * Whether an edit of the mapping's target makes it a target another mapping of the block already
 * has (`titel` -> `title` next to `title <- ...`, `emails.value` -> `emails[type eq "work"].value`
 * next to `emails[type eq 'work'].value`): the fix would trade its diagnostic for duplicate-target.
 * Targets are compared as that diagnostic compares them as written (writtenTargetKey).
 */
function renamesOntoMappedTarget(block: ObjectBlock, mapping: AttributeMapping, edits: readonly TextEdit[]): boolean {
  const { start, end } = mapping.target.span;
  if (edits.length !== 1 || edits[0].span.start < start || edits[0].span.end > end) return false;
  const [edit] = edits;
  const written = mapping.target.text;
  const renamedText = written.slice(0, edit.span.start - start) + edit.newText + written.slice(edit.span.end - start);
  // The renamed target read as the parser reads a mapping's target, alone in a block of its own.
  const renamed = parseBlock(`${block.object} {\n${renamedText} <- [x]\n}`, 0).block?.mappings[0]?.target;
  if (!renamed || renamed.recovered) return false;
  const after = writtenTargetKey(renamed);
  if (after === writtenTargetKey(mapping.target)) return false;
  return block.mappings.some((other) => other !== mapping && !other.target.recovered && writtenTargetKey(other.target) === after);
}

/** The string literal whose span contains `span`, anywhere in the file. */
function stringLiteralAt(file: MappingFile, span: Span): { span: Span; value: string } | undefined {
  for (const block of file.blocks) {
    for (const mapping of block.mappings) {
      for (const segment of mapping.target.segments)
        for (const comparison of segment.filter?.comparisons ?? []) if (contains(comparison.value.span, span)) return comparison.value;
      if (mapping.source.kind === 'expression') {
        const found = findExpression(mapping.source.expression, (e) => e.kind === 'string' && contains(e.span, span));
        if (found?.kind === 'string') return found;
      }
      for (const property of mapping.properties)
        if (property.kind === 'default' && property.value && contains(property.value.span, span)) return property.value;
    }
    for (const scope of block.scopes) {
      if (scope.title && contains(scope.title.span, span)) return scope.title;
      for (const clause of scope.clauses) if (clause.value?.kind === 'string' && contains(clause.value.span, span)) return clause.value;
    }
  }
  return undefined;
}

/** The innermost expression in `expression` that satisfies `test`. */
function findExpression(expression: Expression | undefined, test: (e: Expression) => boolean): Expression | undefined {
  if (!expression) return undefined;
  const children =
    expression.kind === 'call'
      ? expression.args
      : expression.kind === 'comparison' || expression.kind === 'concat'
        ? [expression.left, expression.right]
        : [];
  for (const child of children) {
    const found = findExpression(child, test);
    if (found) return found;
  }
  return test(expression) ? expression : undefined;
}

/** Inserts `line` as the block's last item, on a line of its own after the last item (keeping any comment on that line where it is). */
function addMapping(text: string, block: ObjectBlock, line: string): TextEdit {
  const eol = lineBreakOf(text);
  const lastItem = Math.max(
    block.openBrace?.end ?? block.keyword.span.end,
    ...[block.enabled, block.actions, ...block.mappings, ...block.scopes].map((item) => item?.span.end ?? 0),
  );
  const lineEnd = lineEndAt(text, lastItem);
  // `users { userName <- [x] }` on one line: the line goes between the last item and the `}`, which
  // move to lines of their own; the spaces between them go, so no line ends in a space.
  if (block.closeBrace && block.closeBrace.start >= lastItem && block.closeBrace.start < lineEnd) {
    return { span: { start: lastItem, end: block.closeBrace.start }, newText: `${eol}  ${line}${eol}` };
  }
  return { span: { start: lineEnd, end: lineEnd }, newText: `${eol}  ${line}` };
}

/** Inserts `line` as the block's first item, on the line after `{`. */
function insertFirstItem(text: string, openBrace: Span, line: string): TextEdit {
  const lineEnd = lineEndAt(text, openBrace.end);
  return { span: { start: lineEnd, end: lineEnd }, newText: `${lineBreakOf(text)}  ${line}` };
}

/** Deletes one action of `actions a, b, c` with its comma; the only action becomes `update`. */
function removeAction(block: ObjectBlock, span: Span): TextEdit | undefined {
  const actions = block.actions?.actions ?? [];
  const index = actions.findIndex((action) => action.span.start === span.start);
  if (index < 0) return undefined;
  if (actions.length === 1) return { span, newText: 'update' };
  if (index > 0) return { span: { start: actions[index - 1].span.end, end: span.end }, newText: '' };
  return { span: { start: span.start, end: actions[1].span.start }, newText: '' };
}

/** Deletes a mapping; with its whole line (and a comment on it) when nothing else is on that line. */
function removeMapping(text: string, mapping: AttributeMapping): TextEdit {
  const { start, end } = mapping.span;
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd).trim();
  if (before.trim() === '' && (after === '' || after.startsWith('#')))
    return { span: { start: lineStart, end: nextLineStart(text, end) }, newText: '' };
  return { span: { start, end }, newText: '' };
}

/**
 * `IgnoreFlowIfNullOrEmpty(...)` around the mapping's expression, when it is the Switch whose
 * default the diagnostic points at (IgnoreFlowIfNullOrEmpty must be the whole expression).
 */
function ignoreFlowWrapping(mapping: AttributeMapping, defaultSpan: Span): TextEdit[] | undefined {
  if (mapping.source.kind !== 'expression') return undefined;
  const expression = mapping.source.expression;
  if (expression.kind !== 'call' || expression.args[1]?.span.start !== defaultSpan.start) return undefined;
  const { start, end } = expression.span;
  return [
    { span: { start, end: start }, newText: 'IgnoreFlowIfNullOrEmpty(' },
    { span: { start: end, end }, newText: ')' },
  ];
}

/**
 * The Switch whose default the diagnostic points at, as the nested IIF Microsoft documents for the
 * Switch known issue: `Switch(s, d, "k1", v1, "k2", v2)` -> `IIF(s = "k1", v1, IIF(s = "k2", v2, d))`.
 * Only where IIF compares as Switch does: every key a double-quoted text that is not a number (IIF
 * compares numbers numerically) and not empty (an IIF condition on an empty value fails). And only
 * where `s = "k1"` is a condition Entra can check (`iif-null-condition` would flag it otherwise, and
 * its fix would turn the IIF back into this Switch): `s` reads only attributes Entra always fills.
 */
function switchAsNestedIif(text: string, block: ObjectBlock, mapping: AttributeMapping, defaultSpan: Span): TextEdit | undefined {
  if (mapping.source.kind !== 'expression') return undefined;
  const call = findExpression(
    mapping.source.expression,
    (e) => e.kind === 'call' && e.name.text === 'Switch' && e.args[1]?.span.start === defaultSpan.start,
  ) as Call | undefined;
  if (!call || call.args.length < 4 || call.args.length % 2 !== 0 || call.args.some((arg) => arg === undefined)) return undefined;
  const args = call.args as Expression[];
  if (iifConditionFailures(args[0], block.object).length > 0) return undefined;
  const written = (e: Expression) => text.slice(e.span.start, e.span.end);
  const pairs: Array<{ key: string; value: string }> = [];
  for (let i = 2; i < args.length; i += 2) {
    const key = args[i];
    if (key.kind !== 'string' || key.quote !== '"' || key.value === '' || /^\s*-?[0-9.]+\s*$/.test(key.value)) return undefined;
    pairs.push({ key: written(key), value: written(args[i + 1]) });
  }
  const source = written(args[0]);
  const nested = pairs.reduceRight((otherwise, pair) => `IIF(${source} = ${pair.key}, ${pair.value}, ${otherwise})`, written(args[1]));
  return { span: call.span, newText: nested };
}

/**
 * Entra's documented workaround for an IIF whose condition reads a possibly empty attribute:
 * `IIF([x] = "v", a, b)` -> `Switch([x], b, "v", a)`, `IIF([x] <> "v", a, b)` -> `Switch([x], a, "v", b)`,
 * `IIF(IsNullOrEmpty([x]), a, b)` -> `Switch([x], b, "", a)`, `IIF(IsPresent([x]), a, b)` -> `Switch([x], a, "", b)`,
 * and `IIF(IsNull([x]), a, b)` as IsNullOrEmpty: the "" key also takes an empty value, which an Entra
 * attribute does not hold (a cleared attribute is absent, reference §2).
 * Only where Switch compares the same way: a text key (IIF compares numbers numerically). The Switch
 * has a default, so where it is the whole expression it comes wrapped in IgnoreFlowIfNullOrEmpty, the
 * workaround for the Switch known issue (`switch-default-null`); elsewhere it cannot be wrapped.
 */
function iifAsSwitch(text: string, mapping: AttributeMapping, at: Span): { edit: TextEdit; wrapped: boolean } | undefined {
  if (mapping.source.kind !== 'expression') return undefined;
  const iif = findExpression(
    mapping.source.expression,
    (e) => e.kind === 'call' && e.name.text === 'IIF' && e.args[0] !== undefined && contains(e.args[0].span, at),
  ) as Call | undefined;
  if (!iif || iif.args.length !== 3 || iif.args.some((arg) => arg === undefined)) return undefined;
  const [condition, whenTrue, whenFalse] = iif.args as Expression[];
  const source = (e: Expression) => text.slice(e.span.start, e.span.end);
  let attribute: Expression | undefined;
  let key: string | undefined;
  let keyMatchesWhenTrue = true;
  if (condition.kind === 'comparison' && (condition.operator === '=' || condition.operator === '<>')) {
    const [ref, literal] = condition.left.kind === 'attribute' ? [condition.left, condition.right] : [condition.right, condition.left];
    if (ref.kind !== 'attribute' || literal.kind !== 'string' || literal.quote !== '"' || /^\s*-?[0-9.]+\s*$/.test(literal.value))
      return undefined;
    attribute = ref;
    key = source(literal);
    keyMatchesWhenTrue = condition.operator === '=';
  } else if (
    condition.kind === 'call' &&
    (condition.name.text === 'IsNull' || condition.name.text === 'IsNullOrEmpty' || condition.name.text === 'IsPresent') &&
    condition.args.length === 1 &&
    condition.args[0]?.kind === 'attribute'
  ) {
    attribute = condition.args[0];
    key = '""';
    keyMatchesWhenTrue = condition.name.text !== 'IsPresent';
  }
  if (!attribute || key === undefined) return undefined;
  const [onKey, otherwise] = keyMatchesWhenTrue ? [whenTrue, whenFalse] : [whenFalse, whenTrue];
  const replacement = `Switch(${source(attribute)}, ${source(otherwise)}, ${key}, ${source(onKey)})`;
  const wrapped = iif === mapping.source.expression;
  return { edit: { span: iif.span, newText: wrapped ? `IgnoreFlowIfNullOrEmpty(${replacement})` : replacement }, wrapped };
}

// Moving parsed nodes by `delta` characters: what incremental analysis does to everything after an
// edit. AST nodes move in place: copying the tail of a 2,000-mapping block on every keystroke costs
// more than the whole latency budget in allocation and garbage collection, while moving it in
// place costs about a millisecond. This relies on a parse result being a tree (parser.ts: no node
// or span is reachable twice; test/unit/validation/incremental.test.ts checks it), and on an analysis
// being used until the next one of the same document (features answer synchronously). Nodes keep
// their identity, so caches keyed by node stay valid: what a node means does not change.
// Diagnostics are few and are shared between analyses, so they are copied instead.
import type {
  ActionsSetting,
  AttributeMapping,
  Comment,
  Diagnostic,
  EnabledSetting,
  Expression,
  MappingProperty,
  Name,
  ObjectBlock,
  ScopeFilter,
  Span,
  TargetPath,
  ValueFilter,
} from './ast';

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

function move(span: Span, delta: number): void {
  const moved = span as Mutable<Span>;
  moved.start += delta;
  moved.end += delta;
}

function moveName(name: Name, delta: number): void {
  move(name.span, delta);
}

export function moveExpression(expression: Expression, delta: number): void {
  move(expression.span, delta);
  switch (expression.kind) {
    case 'attribute':
      move(expression.nameSpan, delta);
      return;
    case 'call':
      moveName(expression.name, delta);
      if (expression.openParen) move(expression.openParen, delta);
      if (expression.closeParen) move(expression.closeParen, delta);
      for (const arg of expression.args) if (arg) moveExpression(arg, delta);
      for (const span of expression.argSpans) move(span, delta);
      return;
    case 'comparison':
    case 'concat':
      move(expression.operatorSpan, delta);
      moveExpression(expression.left, delta);
      moveExpression(expression.right, delta);
      return;
    default:
      return;
  }
}

function moveFilter(filter: ValueFilter, delta: number): void {
  move(filter.span, delta);
  for (const comparison of filter.comparisons) {
    move(comparison.span, delta);
    moveName(comparison.attribute, delta);
    moveName(comparison.operator, delta);
    move(comparison.value.span, delta);
  }
}

function moveTarget(target: TargetPath, delta: number): void {
  move(target.span, delta);
  if (target.schema) moveName(target.schema, delta);
  for (const segment of target.segments) {
    move(segment.span, delta);
    moveName(segment.name, delta);
    if (segment.filter) moveFilter(segment.filter, delta);
  }
}

function moveProperty(property: MappingProperty, delta: number): void {
  move(property.span, delta);
  moveName(property.keyword, delta);
  if (property.kind === 'match' && property.valueSpan) move(property.valueSpan, delta);
  if (property.kind === 'default' && property.value) move(property.value.span, delta);
}

export function moveMapping(mapping: AttributeMapping, delta: number): AttributeMapping {
  move(mapping.span, delta);
  moveTarget(mapping.target, delta);
  if (mapping.arrow) move(mapping.arrow, delta);
  move(mapping.source.span, delta);
  if (mapping.source.kind === 'expression') moveExpression(mapping.source.expression, delta);
  for (const property of mapping.properties) moveProperty(property, delta);
  return mapping;
}

export function moveScope(scope: ScopeFilter, delta: number): ScopeFilter {
  move(scope.span, delta);
  moveName(scope.keyword, delta);
  if (scope.title) move(scope.title.span, delta);
  for (const clause of scope.clauses) {
    move(clause.span, delta);
    moveExpression(clause.attribute, delta);
    moveName(clause.operator, delta);
    if (clause.value) moveExpression(clause.value, delta);
  }
  return scope;
}

export function moveEnabled(setting: EnabledSetting, delta: number): EnabledSetting {
  move(setting.span, delta);
  moveName(setting.keyword, delta);
  move(setting.valueSpan, delta);
  return setting;
}

export function moveActions(setting: ActionsSetting, delta: number): ActionsSetting {
  move(setting.span, delta);
  moveName(setting.keyword, delta);
  for (const action of setting.actions) moveName(action, delta);
  return setting;
}

/** The block moved; a new block object, so that caches keyed by the block see a new one. */
export function moveBlock(block: ObjectBlock, delta: number): ObjectBlock {
  move(block.span, delta);
  moveName(block.keyword, delta);
  // The header: `users "Title" from "User" to "urn:..." rule "RULE"`.
  if (block.title) move(block.title.span, delta);
  if (block.objects) {
    move(block.objects.span, delta);
    moveName(block.objects.keyword, delta);
    if (block.objects.source) move(block.objects.source.span, delta);
    if (block.objects.target) move(block.objects.target.span, delta);
  }
  if (block.rule) {
    move(block.rule.span, delta);
    moveName(block.rule.keyword, delta);
    if (block.rule.value) move(block.rule.value.span, delta);
  }
  if (block.openBrace) move(block.openBrace, delta);
  if (block.closeBrace) move(block.closeBrace, delta);
  if (block.enabled) moveEnabled(block.enabled, delta);
  if (block.actions) moveActions(block.actions, delta);
  for (const mapping of block.mappings) moveMapping(mapping, delta);
  for (const scope of block.scopes) moveScope(scope, delta);
  return { ...block };
}

export function moveComment(comment: Comment, delta: number): Comment {
  move(comment.span, delta);
  return comment;
}

function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

/** A copy of a diagnostic moved by `delta`, with the spans its data carries for quick fixes (`first`, `quotes`). */
export function shiftDiagnostic(diagnostic: Diagnostic, delta: number): Diagnostic {
  const copy: Mutable<Diagnostic> = { ...diagnostic, span: shiftSpan(diagnostic.span, delta) };
  if (diagnostic.data) copy.data = shiftData(diagnostic.data, delta) as Record<string, unknown>;
  return copy;
}

function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

function shiftData(value: unknown, delta: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => shiftData(item, delta));
  if (isSpan(value)) return shiftSpan(value, delta);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shiftData(item, delta)]));
}

// Where is the cursor, in the AST: `nodePathAt(file, offset)` is the chain of AST nodes that
// contain an offset, outermost first, each tagged with the role it plays (a target segment's name,
// a filter value, a function name, a property keyword, ...). Hover, selection ranges and semantic
// tokens (through `forEachNode`) work on complete text and read the AST. Completion and signature
// help, which run on text being typed, use cursor-context.ts instead.
import type {
  CycleSetting,
  ActionsSetting,
  AttributeMapping,
  Comment,
  EnabledSetting,
  Expression,
  FilterComparison,
  MappingFile,
  MappingProperty,
  MappingSource,
  Name,
  Node,
  NumberLiteral,
  ObjectBlock,
  ObjectsClause,
  PathSegment,
  RuleClause,
  ScopeClause,
  ScopeFilter,
  Span,
  StringLiteral,
  TargetDeclaration,
  TargetPath,
  ValueFilter,
} from './ast';

/** A node together with the role it plays where it appears. */
export type Located =
  | { readonly role: 'file'; readonly node: MappingFile }
  | { readonly role: 'comment'; readonly node: Comment }
  | { readonly role: 'targetDeclaration'; readonly node: TargetDeclaration }
  | { readonly role: 'targetKeyword'; readonly node: Name }
  /** The target schema's name or path in `target "..."`. */
  | { readonly role: 'targetReference'; readonly node: StringLiteral }
  /** `sync all`, `deletion threshold 100` */
  | { readonly role: 'cycleSetting'; readonly node: CycleSetting }
  | { readonly role: 'cycleKeyword'; readonly node: Name }
  /** `assigned` / `all`, or the threshold's number. */
  | { readonly role: 'cycleValue'; readonly node: Node; readonly text: string }
  | { readonly role: 'block'; readonly node: ObjectBlock }
  /** `users` / `groups` */
  | { readonly role: 'blockKeyword'; readonly node: Name }
  /** The Entra object mapping's name: `users "Provision Microsoft Entra ID Users" {`. */
  | { readonly role: 'blockTitle'; readonly node: StringLiteral }
  /** `from "User" to "urn:...:User"` or `rule "R"` in a block header. */
  | { readonly role: 'blockHeader'; readonly node: ObjectsClause | RuleClause }
  /** `from` / `rule` */
  | { readonly role: 'headerKeyword'; readonly node: Name }
  /** The strings of `from "…" to "…"` and `rule "…"`. */
  | { readonly role: 'headerValue'; readonly node: StringLiteral }
  | { readonly role: 'setting'; readonly node: EnabledSetting | ActionsSetting }
  /** `enabled` / `actions` */
  | { readonly role: 'settingKeyword'; readonly node: Name }
  /** `true` / `false` after `enabled`, or one action after `actions` */
  | { readonly role: 'settingValue'; readonly node: Node; readonly text: string }
  | { readonly role: 'mapping'; readonly node: AttributeMapping }
  | { readonly role: 'target'; readonly node: TargetPath }
  /** The schema URN of a fully qualified target. */
  | { readonly role: 'schema'; readonly node: Name }
  | { readonly role: 'segment'; readonly node: PathSegment; readonly index: number }
  /** The attribute name of a path segment; `index` 0 is the attribute, then sub-attributes. */
  | { readonly role: 'segmentName'; readonly node: Name; readonly index: number }
  | { readonly role: 'valueFilter'; readonly node: ValueFilter }
  | { readonly role: 'filterComparison'; readonly node: FilterComparison }
  | { readonly role: 'filterAttribute'; readonly node: Name }
  | { readonly role: 'filterOperator'; readonly node: Name }
  | { readonly role: 'filterValue'; readonly node: StringLiteral }
  /** The `<-` of a mapping. */
  | { readonly role: 'arrow'; readonly node: Node }
  | { readonly role: 'source'; readonly node: MappingSource }
  /** Any expression, including the `[attribute]` of a scope clause. */
  | { readonly role: 'expression'; readonly node: Expression }
  | { readonly role: 'functionName'; readonly node: Name }
  /** `=`, `<>`, ... of a comparison, or `&` of a concatenation. */
  | { readonly role: 'operator'; readonly node: Node }
  | { readonly role: 'property'; readonly node: MappingProperty }
  /** `match`, `default`, `on create`, `always` */
  | { readonly role: 'propertyKeyword'; readonly node: Name }
  /** The number of `match N` or the string of `default "v"`. */
  | { readonly role: 'propertyValue'; readonly node: Node }
  | { readonly role: 'scope'; readonly node: ScopeFilter }
  | { readonly role: 'scopeKeyword'; readonly node: Name }
  | { readonly role: 'scopeTitle'; readonly node: StringLiteral }
  | { readonly role: 'clause'; readonly node: ScopeClause }
  | { readonly role: 'clauseOperator'; readonly node: Name }
  | { readonly role: 'clauseValue'; readonly node: StringLiteral | NumberLiteral };

export type NodeRole = Located['role'];

/** The direct children of a located node, in field order (not always source order). */
export function childrenOf(located: Located): Located[] {
  switch (located.role) {
    case 'file':
      return [
        ...(located.node.target ? [{ role: 'targetDeclaration', node: located.node.target } as const] : []),
        ...(located.node.cycle ?? []).map((node): Located => ({ role: 'cycleSetting', node })),
        ...located.node.blocks.map((node): Located => ({ role: 'block', node })),
        ...located.node.comments.map((node): Located => ({ role: 'comment', node })),
      ];
    case 'targetDeclaration': {
      const { keyword, value } = located.node;
      return value
        ? [
            { role: 'targetKeyword', node: keyword },
            { role: 'targetReference', node: value },
          ]
        : [{ role: 'targetKeyword', node: keyword }];
    }
    case 'cycleSetting': {
      const setting = located.node;
      const children: Located[] = [{ role: 'cycleKeyword', node: setting.keyword }];
      if (setting.kind === 'sync' && setting.value) children.push({ role: 'cycleValue', node: setting.value, text: setting.value.text });
      if (setting.kind === 'deletionThreshold' && setting.valueSpan)
        children.push({ role: 'cycleValue', node: { span: setting.valueSpan }, text: String(setting.value ?? '') });
      return children;
    }
    case 'block': {
      const block = located.node;
      const children: Located[] = [{ role: 'blockKeyword', node: block.keyword }];
      if (block.title) children.push({ role: 'blockTitle', node: block.title });
      if (block.objects) children.push({ role: 'blockHeader', node: block.objects });
      if (block.rule) children.push({ role: 'blockHeader', node: block.rule });
      if (block.enabled) children.push({ role: 'setting', node: block.enabled });
      if (block.actions) children.push({ role: 'setting', node: block.actions });
      for (const node of block.mappings) children.push({ role: 'mapping', node });
      for (const node of block.scopes) children.push({ role: 'scope', node });
      return children;
    }
    case 'blockHeader': {
      const clause = located.node;
      const values = clause.kind === 'objects' ? [clause.source, clause.target] : [clause.value];
      return [
        { role: 'headerKeyword', node: clause.keyword },
        ...values.filter((node) => node !== undefined).map((node): Located => ({ role: 'headerValue', node })),
      ];
    }
    case 'setting': {
      const setting = located.node;
      const children: Located[] = [{ role: 'settingKeyword', node: setting.keyword }];
      if (setting.kind === 'enabled')
        children.push({ role: 'settingValue', node: { span: setting.valueSpan }, text: String(setting.value) });
      else for (const action of setting.actions) children.push({ role: 'settingValue', node: action, text: action.text });
      return children;
    }
    case 'mapping': {
      const mapping = located.node;
      const children: Located[] = [{ role: 'target', node: mapping.target }];
      if (mapping.arrow) children.push({ role: 'arrow', node: { span: mapping.arrow } });
      children.push({ role: 'source', node: mapping.source });
      for (const node of mapping.properties) children.push({ role: 'property', node });
      return children;
    }
    case 'target': {
      const children: Located[] = located.node.schema ? [{ role: 'schema', node: located.node.schema }] : [];
      located.node.segments.forEach((node, index) => children.push({ role: 'segment', node, index }));
      return children;
    }
    case 'segment': {
      const children: Located[] = [{ role: 'segmentName', node: located.node.name, index: located.index }];
      if (located.node.filter) children.push({ role: 'valueFilter', node: located.node.filter });
      return children;
    }
    case 'valueFilter':
      return located.node.comparisons.map((node): Located => ({ role: 'filterComparison', node }));
    case 'filterComparison':
      return [
        { role: 'filterAttribute', node: located.node.attribute },
        { role: 'filterOperator', node: located.node.operator },
        { role: 'filterValue', node: located.node.value },
      ];
    case 'source':
      return located.node.kind === 'expression' ? [{ role: 'expression', node: located.node.expression }] : [];
    case 'expression':
      return expressionChildren(located.node);
    case 'property': {
      const property = located.node;
      const children: Located[] = [{ role: 'propertyKeyword', node: property.keyword }];
      if (property.kind === 'match' && property.valueSpan) children.push({ role: 'propertyValue', node: { span: property.valueSpan } });
      if (property.kind === 'default' && property.value) children.push({ role: 'propertyValue', node: property.value });
      return children;
    }
    case 'scope': {
      const children: Located[] = [{ role: 'scopeKeyword', node: located.node.keyword }];
      if (located.node.title) children.push({ role: 'scopeTitle', node: located.node.title });
      for (const node of located.node.clauses) children.push({ role: 'clause', node });
      return children;
    }
    case 'clause': {
      const children: Located[] = [
        { role: 'expression', node: located.node.attribute },
        { role: 'clauseOperator', node: located.node.operator },
      ];
      if (located.node.value) children.push({ role: 'clauseValue', node: located.node.value });
      return children;
    }
    default:
      return [];
  }
}

function expressionChildren(expression: Expression): Located[] {
  switch (expression.kind) {
    case 'call': {
      const children: Located[] = [{ role: 'functionName', node: expression.name }];
      for (const node of expression.args) if (node) children.push({ role: 'expression', node });
      return children;
    }
    case 'comparison':
    case 'concat':
      return [
        { role: 'expression', node: expression.left },
        { role: 'operator', node: { span: expression.operatorSpan } },
        { role: 'expression', node: expression.right },
      ];
    default:
      return [];
  }
}

/**
 * The nodes containing `offset`, outermost (the file) first, innermost last. A node contains the
 * offset when start <= offset < end; where none does, a node ending exactly at the offset is taken
 * (a cursor just after a word is on that word, as in the editor). Comments belong to the file in
 * the AST but sit inside blocks and expressions: one under the cursor ends the path.
 */
export function nodePathAt(file: MappingFile, offset: number): Located[] {
  const path: Located[] = [{ role: 'file', node: file }];
  const comment = file.comments.find((c) => c.span.start <= offset && offset <= c.span.end);
  for (;;) {
    const children = childrenOf(path[path.length - 1]);
    let found: Located | undefined;
    let touching: Located | undefined;
    for (const child of children) {
      const { start, end } = child.node.span;
      if (start === end) continue;
      if (start <= offset && offset < end) {
        found = child;
        break;
      }
      if (end === offset) touching = child;
    }
    const next = found ?? touching;
    if (!next) {
      if (comment && path[path.length - 1].role !== 'comment') path.push({ role: 'comment', node: comment });
      return path;
    }
    path.push(next);
  }
}

/**
 * Visits every node in depth-first order (parents before children), with its parent chain. With
 * `within`, only the nodes that overlap that span (and their ancestors) are visited.
 */
export function forEachNode(file: MappingFile, visit: (located: Located, parents: readonly Located[]) => void, within?: Span): void {
  const parents: Located[] = [];
  const walk = (located: Located) => {
    visit(located, parents);
    parents.push(located);
    for (const child of childrenOf(located)) {
      if (!within || (child.node.span.end >= within.start && child.node.span.start <= within.end)) walk(child);
    }
    parents.pop();
  };
  walk({ role: 'file', node: file });
}

/** The innermost located node of the given roles on the path, if any. */
export function innermost<R extends NodeRole>(path: readonly Located[], ...roles: R[]): Extract<Located, { role: R }> | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    if ((roles as NodeRole[]).includes(path[i].role)) return path[i] as Extract<Located, { role: R }>;
  }
  return undefined;
}

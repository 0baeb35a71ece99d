// The .scimmap parser: Chevrotain tokens -> AST (with offsets) + syntax diagnostics.
//
// A small recursive-descent parser over the Chevrotain token vector builds the AST directly (no
// CST). It recovers explicitly: every construct keeps what did parse (flagged `recovered`), a missing
// `}` `)` `]` is reported where it is missing, and parsing resumes at the next line that starts an
// item. docs/language.md ("How the parser recovers") gives the reasoning. A result is a tree: no
// object (node or span) is reachable twice, so incremental analysis can move spans in place.
import type { TokenType } from 'chevrotain';
import { FLOW_BEHAVIORS, FLOW_TYPES } from './ast';
import type {
  ActionsSetting,
  BehaviorProperty,
  FlowBehavior,
  FlowProperty,
  FlowType,
  AttributeMapping,
  AttributeRef,
  Call,
  Comment,
  Comparison,
  ComparisonOperator,
  Concatenation,
  Diagnostic,
  EnabledSetting,
  Expression,
  ExpressionSource,
  FilterComparison,
  MappingFile,
  MappingProperty,
  MappingSource,
  Name,
  NumberLiteral,
  ObjectBlock,
  ObjectsClause,
  PathSegment,
  RuleClause,
  ScopeClause,
  ScopeFilter,
  Span,
  StringLiteral,
  TargetAction,
  TargetDeclaration,
  TargetPath,
  ValueFilter,
} from './ast';
import scopingOperatorsJson from '../data/scoping-operators.json';
import * as T from './lexer';

export interface ParseResult {
  file: MappingFile;
  diagnostics: Diagnostic[];
  /** How many of the diagnostics, at their start, are characters no token matches (the rest come from parsing). */
  lexErrorCount: number;
}

export interface BlockParseResult {
  /** Undefined when the range does not start with `users` or `groups`. */
  block: ObjectBlock | undefined;
  comments: Comment[];
  diagnostics: Diagnostic[];
  /** Offset just after the block (its `}` or the last token it took). */
  end: number;
}

/** Parses a whole `.scimmap` file. Never throws. */
export function parse(text: string): ParseResult {
  const parser = new Parser(text, 0);
  const lexErrorCount = parser.diagnostics.length;
  const { target, blocks } = parser.parseFile();
  return {
    file: { kind: 'file', span: { start: 0, end: text.length }, ...(target && { target }), blocks, comments: parser.comments },
    diagnostics: parser.diagnostics,
    lexErrorCount,
  };
}

/**
 * Parses the one block that starts at `start` (a `users` or `groups` keyword) and ends before
 * `end` (default: the end of the text), so an edit can reparse only the block it touched. Offsets
 * in the result are offsets into `text`.
 */
export function parseBlock(text: string, start: number, end: number = text.length): BlockParseResult {
  const parser = new Parser(text.slice(start, end), start);
  const block = parser.parseSingleBlock();
  return { block, comments: parser.comments, diagnostics: parser.diagnostics, end: parser.consumedEnd() };
}

/** Where a parse of block items stopped: before the item starting at `offset`, or at the block's closing `}`. */
export interface ItemsStop {
  readonly offset: number;
  readonly closingBrace: boolean;
}

export interface ItemsParseResult {
  readonly mappings: AttributeMapping[];
  readonly scopes: ScopeFilter[];
  /** The block's settings after the parsed items: the ones given, or the first ones the items set. */
  readonly enabled: EnabledSetting | undefined;
  readonly actions: ActionsSetting | undefined;
  /** Comments, lexing errors and syntax errors before the stop. */
  readonly comments: Comment[];
  readonly lexErrors: Diagnostic[];
  readonly diagnostics: Diagnostic[];
  /** Undefined when the range ended, or the block did, before `canStop` accepted a stop. */
  readonly stop: ItemsStop | undefined;
}

/**
 * Parses the items of a `block` from `start` (where an item starts, first on its line) as the block
 * loop of a whole-file parse would, with the block's settings as they were at `start`, and stops
 * before the first item start or closing `}` that `canStop` accepts. It is offered only stops at
 * least three tokens before `end` (or any stop when `end` is the end of the text), so every decision
 * before a stop saw the same tokens a whole-file parse sees. Incremental analysis (incremental.ts)
 * uses it to reparse only the items an edit touched.
 */
export function parseBlockItems(
  text: string,
  start: number,
  end: number,
  block: Pick<ObjectBlock, 'object' | 'enabled' | 'actions'>,
  canStop: (stop: ItemsStop, settings: Pick<ObjectBlock, 'enabled' | 'actions'>) => boolean,
): ItemsParseResult {
  // A copy, not a slice: names in the AST are slices of what the parser reads, and a slice of the
  // whole text would keep that version of the document alive as long as the items it parsed.
  const parser = new Parser(`${text.slice(start, end)} `.slice(0, -1), start);
  const lexErrorCount = parser.diagnostics.length;
  const items: Mutable<ObjectBlock> = { kind: 'block', span: { start, end: start }, object: block.object, keyword: { text: block.object, span: { start, end: start } }, mappings: [], scopes: [] };
  if (block.enabled) items.enabled = block.enabled;
  if (block.actions) items.actions = block.actions;
  const stop = parser.parseItemsUntil(items, end === text.length, canStop);
  const before = (span: Span) => stop === undefined || span.start < stop.offset;
  return {
    mappings: items.mappings,
    scopes: items.scopes,
    enabled: items.enabled,
    actions: items.actions,
    comments: parser.comments.filter((c) => before(c.span)),
    lexErrors: parser.diagnostics.slice(0, lexErrorCount).filter((d) => before(d.span)),
    diagnostics: parser.diagnostics.slice(lexErrorCount),
    stop,
  };
}

/** Parses a standalone Entra expression (`scimmap eval --expr`). Never throws. */
export function parseExpression(text: string): { expression: Expression | undefined; diagnostics: Diagnostic[] } {
  const parser = new Parser(text, 0, true);
  return { expression: parser.parseStandaloneExpression(), diagnostics: parser.diagnostics };
}

// ---- implementation ----

const EOF: TokenType = { name: 'EOF' } as TokenType;

/** Past this many nested calls an expression is reported instead of recursed into. */
const MAX_NESTING = 100;
/** Enough to show every real mistake; stops binary junk from producing a million diagnostics. */
const MAX_DIAGNOSTICS = 1000;

const COMPARISON_OPERATORS = new Map<TokenType, ComparisonOperator>([
  [T.Equal, '='],
  [T.NotEqual, '<>'],
  [T.Greater, '>'],
  [T.GreaterEqual, '>='],
  [T.Less, '<'],
  [T.LessEqual, '<='],
]);

const KEYWORD_TYPES = new Set<TokenType>(Object.values(T.Keywords));
const PROPERTY_KEYWORDS = new Set<TokenType>([T.Keywords.match, T.Keywords.default, T.Keywords.on, T.Keywords.always]);

/** The scoping operators as words, matched case-insensitively, longest first (`IS NOT NULL` before `IS NULL`). */
const SCOPE_OPERATOR_WORDS: string[][] = scopingOperatorsJson.operators
  .map((op) => op.name.toUpperCase().split(' '))
  .sort((a, b) => b.length - a.length);

const ACTIONS = new Set<string>(['create', 'update', 'delete']);
/** Properties named by plain words (`flow ValueAddOnly`, `behavior FlowAlways`), not reserved keywords. */
const PROPERTY_WORDS = new Set<string>(['flow', 'behavior']);

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  readonly comments: Comment[];
  private readonly types: TokenType[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private i = 0;
  /** End (relative) of the last consumed token. */
  private lastEnd = 0;
  /** Set once an expression was abandoned as too deep: its enclosing calls are not reported again. */
  private abandonedDeepExpression = false;

  constructor(
    private readonly src: string,
    private readonly base: number,
    private readonly standalone = false,
  ) {
    this.types = [];
    this.comments = [];
    let starts = new Int32Array(Math.min(src.length + 1, 1024));
    let ends = new Int32Array(starts.length);
    const errors: Array<{ offset: number; length: number }> = [];
    T.tokenizeChunks(src, (lexed, offset) => {
      for (const token of lexed.tokens) {
        const k = this.types.length;
        if (k + 1 >= starts.length) {
          starts = grown(starts);
          ends = grown(ends);
        }
        this.types.push(token.tokenType);
        starts[k] = token.startOffset + offset;
        ends[k] = starts[k] + token.image.length;
      }
      for (const c of lexed.comments) this.comments.push({ kind: 'comment', span: this.span(c.startOffset + offset, c.startOffset + offset + c.image.length), text: c.image });
      for (const e of lexed.errors) errors.push({ offset: e.offset + offset, length: e.length });
    });
    const n = this.types.length;
    this.types.push(EOF);
    starts[n] = src.length;
    ends[n] = src.length;
    this.starts = starts;
    this.ends = ends;
    for (const e of errors) {
      const chars = src.slice(e.offset, e.offset + e.length);
      const shown = chars.length > 20 ? `${chars.slice(0, 20)}…` : chars;
      this.error(e.offset, e.offset + e.length, `Unexpected character${e.length > 1 ? 's' : ''} \`${printable(shown)}\`: not part of the .scimmap language`);
    }
  }

  // ---- entry points ----

  parseFile(): { target: TargetDeclaration | undefined; blocks: ObjectBlock[] } {
    const blocks: ObjectBlock[] = [];
    let target: TargetDeclaration | undefined;
    while (this.type() !== EOF) {
      if (this.isBlockKeyword()) {
        blocks.push(this.block());
      } else if (this.isTargetDeclaration()) {
        const declaration = this.targetDeclaration();
        const { start, end } = declaration.span;
        if (target) this.error(start - this.base, end - this.base, 'The target is already declared above: a file maps to one target, keep one `target` line');
        else {
          if (blocks.length > 0) this.error(start - this.base, end - this.base, 'Declare the target at the top of the file, before the `users` and `groups` blocks');
          target = declaration;
        }
      } else {
        this.skipTopLevelJunk();
      }
    }
    return { target, blocks };
  }

  parseSingleBlock(): ObjectBlock | undefined {
    if (!this.isBlockKeyword()) {
      this.skipTopLevelJunk();
      return undefined;
    }
    const block = this.block();
    if (this.type() !== EOF) this.skipTopLevelJunk();
    return block;
  }

  parseItemsUntil(block: Mutable<ObjectBlock>, endsText: boolean, canStop: (stop: ItemsStop, settings: Pick<ObjectBlock, 'enabled' | 'actions'>) => boolean): ItemsStop | undefined {
    for (;;) {
      const type = this.type();
      if (type === EOF || this.startsBlock()) return undefined;
      // The tokens a decision before this one may have looked at (up to three ahead) are real ones.
      const seenAhead = endsText || this.i + 4 < this.types.length;
      const stop = { offset: this.start() + this.base, closingBrace: type === T.RBrace };
      if (seenAhead && canStop(stop, block)) return stop;
      if (stop.closingBrace) return undefined;
      this.blockItem(block);
    }
  }

  parseStandaloneExpression(): Expression | undefined {
    if (this.type() === EOF) {
      this.error(0, this.src.length, 'Expected an expression, such as [mail] or Join(" ", [givenName], [surname])');
      return undefined;
    }
    const expression = this.canStartExpression() ? this.expression(0) : undefined;
    if (!expression) this.error(this.start(), this.end(), `Expected an expression, found ${this.describe()}`);
    if (this.type() !== EOF) {
      this.error(this.start(), this.src.length, `Unexpected ${this.describe()} after the expression`);
      this.i = this.types.length - 1;
    }
    return expression;
  }

  consumedEnd(): number {
    return this.lastEnd + this.base;
  }

  // ---- the target declaration ----

  private targetDeclaration(): TargetDeclaration {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    this.advance();
    let value: StringLiteral | undefined;
    if (this.type() === T.StringLiteral && !this.firstOnLine()) value = this.stringLiteral();
    else this.errorAfterPrevious('Expected the target schema in quotes after `target`: a bundled one such as "genesys-cloud" or "generic-scim", or a file such as "./app.target.json"');
    return this.finish({ kind: 'targetDeclaration', span: this.spanFrom(start), keyword, ...(value && { value }) }, before);
  }

  // ---- blocks and items ----

  private block(): ObjectBlock {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    const object = keyword.text as 'users' | 'groups';
    this.advance();
    const block: Mutable<ObjectBlock> = { kind: 'block', span: this.span(start, start), object, keyword, mappings: [], scopes: [] };
    this.blockHeader(block);
    if (this.type() === T.LBrace) {
      block.openBrace = this.tokenSpan();
      this.advance();
    } else {
      this.errorAfterPrevious(`Expected \`{\` after \`${object}\` to open the block`);
    }
    for (;;) {
      const type = this.type();
      if (type === T.RBrace) {
        block.closeBrace = this.tokenSpan();
        this.advance();
        break;
      }
      if (type === EOF || this.startsBlock()) {
        this.errorAfterPrevious(`Expected \`}\` to close the \`${object}\` block`);
        break;
      }
      this.blockItem(block);
    }
    block.span = this.spanFrom(start);
    return this.finish(block, before);
  }

  /** `users "Name" from "User" to "urn:...:User" rule "RULE"`: the Entra identity of the object mapping, all optional. */
  private blockHeader(block: Mutable<ObjectBlock>): void {
    if (this.type() === T.StringLiteral) block.title = this.stringLiteral();
    for (;;) {
      const word = this.isName() && !this.firstOnLine() ? this.image() : undefined;
      if (word !== 'from' && word !== 'rule') return;
      const before = this.diagnostics.length;
      const start = this.start();
      const keyword = this.name();
      this.advance();
      const value = this.headerString(word === 'from' ? `Expected the Entra source object in quotes after \`from\`, such as from "User"` : 'Expected the synchronization rule\'s name or id in quotes after `rule`');
      if (word === 'rule') {
        const clause: RuleClause = this.finish({ kind: 'rule', span: this.spanFrom(start), keyword, value }, before);
        if (block.rule) this.error(start, this.lastEnd, 'The rule is already given for this block: keep one');
        else block.rule = clause;
        continue;
      }
      let target: StringLiteral | undefined;
      if (this.isName() && this.image() === 'to' && !this.firstOnLine()) {
        this.advance();
        target = this.headerString('Expected the target object in quotes after `to`, such as to "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"');
      } else {
        this.errorAfterPrevious('Expected `to` and the target object after the source object, such as from "User" to "User"');
      }
      const clause: ObjectsClause = this.finish({ kind: 'objects', span: this.spanFrom(start), keyword, source: value, target }, before);
      if (block.objects) this.error(start, this.lastEnd, 'The objects are already given for this block: keep one `from ... to ...`');
      else block.objects = clause;
    }
  }

  private headerString(message: string): StringLiteral | undefined {
    if (this.type() === T.StringLiteral && !this.firstOnLine()) return this.stringLiteral();
    this.errorAfterPrevious(message);
    return undefined;
  }

  private blockItem(block: Mutable<ObjectBlock>): void {
    const type = this.type();
    const nextIsArrow = this.type(1) === T.Arrow;
    if (type === T.Keywords.enabled && !nextIsArrow) {
      const setting = this.enabledSetting();
      if (block.enabled) this.error(setting.span.start - this.base, setting.span.end - this.base, `\`enabled\` is already set in this \`${block.object}\` block: keep one`);
      else block.enabled = setting;
    } else if (type === T.Keywords.actions && !nextIsArrow) {
      const setting = this.actionsSetting();
      if (block.actions) this.error(setting.span.start - this.base, setting.span.end - this.base, `\`actions\` is already set in this \`${block.object}\` block: keep one`);
      else block.actions = setting;
    } else if (type === T.Keywords.scope && !nextIsArrow) {
      block.scopes.push(this.scope());
    } else if (type === T.Keywords.target && this.type(1) === T.StringLiteral) {
      this.skipJunk(`The target is declared once for the whole file, at its top, outside the \`${block.object}\` block`);
    } else if (type === T.Urn || this.isName()) {
      block.mappings.push(this.mapping());
    } else {
      this.skipJunk(`Expected an attribute mapping (\`target <- source\`), \`enabled\`, \`actions\` or \`scope\`, found ${this.describe()}`);
    }
  }

  private enabledSetting(): EnabledSetting {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    this.advance();
    let value = true;
    let valueSpan = this.span(this.lastEnd, this.lastEnd);
    if (this.type() === T.Keywords.true || this.type() === T.Keywords.false) {
      value = this.type() === T.Keywords.true;
      valueSpan = this.tokenSpan();
      this.advance();
    } else if (this.isName() && !this.firstOnLine()) {
      const written = this.image();
      value = written.toLowerCase() !== 'false';
      valueSpan = this.tokenSpan();
      this.error(this.start(), this.end(), `Expected \`true\` or \`false\` after \`enabled\`, found \`${written}\``);
      this.advance();
    } else {
      this.errorAfterPrevious('Expected `true` or `false` after `enabled`');
    }
    return this.finish({ kind: 'enabled', span: this.spanFrom(start), keyword, value, valueSpan }, before);
  }

  private actionsSetting(): ActionsSetting {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    this.advance();
    const actions: Array<Name & { action: TargetAction | undefined }> = [];
    for (;;) {
      if (this.isName() && (actions.length === 0 || !this.firstOnLine()) && this.type(1) !== T.Arrow) {
        const name = this.name();
        actions.push({ ...name, action: ACTIONS.has(name.text) ? (name.text as TargetAction) : undefined });
        this.advance();
      } else {
        this.errorAfterPrevious(
          actions.length === 0 ? 'Expected the target object actions after `actions`: create, update, delete' : 'Expected an action (create, update or delete) after `,`',
        );
        break;
      }
      if (this.type() === T.Comma) {
        this.advance();
      } else if (this.isName() && !this.firstOnLine() && this.type(1) !== T.Arrow) {
        this.errorAfterPrevious('Expected `,` between actions');
      } else {
        break;
      }
    }
    return this.finish({ kind: 'actions', span: this.spanFrom(start), keyword, actions }, before);
  }

  // ---- mappings ----

  private mapping(): AttributeMapping {
    const before = this.diagnostics.length;
    this.abandonedDeepExpression = false;
    const start = this.start();
    const target = this.target();
    let arrow: Span | undefined;
    if (this.type() === T.Arrow) {
      arrow = this.tokenSpan();
      this.advance();
    } else {
      this.errorAfterPrevious(`Expected \`<-\` after the target attribute \`${target.text}\``);
    }
    const source = this.source(arrow !== undefined);
    const properties: MappingProperty[] = [];
    while (this.isPropertyKeyword()) properties.push(this.property());
    if (!this.atItemBoundary()) {
      this.skipJunk(`Unexpected ${this.describe()} after the mapping of \`${target.text}\`: expected \`match\`, \`default\`, \`on create\`, \`always\` or a new line`);
    }
    return this.finish({ kind: 'mapping', span: this.spanFrom(start), target, arrow, source, properties }, before);
  }

  private source(afterArrow: boolean): MappingSource {
    if (this.type() === T.Keywords.none && this.type(1) !== T.LParen) {
      const span = this.tokenSpan();
      this.advance();
      return { kind: 'none', span };
    }
    const expression = (afterArrow || !this.firstOnLine()) && this.canStartExpression() ? this.expression(0) : undefined;
    if (!expression) {
      if (afterArrow) this.errorAfterPrevious('Expected a source after `<-`: an attribute such as [mail], a "string", a function call, or `none`');
      const at = this.span(this.lastEnd, this.lastEnd);
      return { kind: 'expression', span: at, mappingType: 'expression', expression: { kind: 'error', span: { ...at }, recovered: true }, recovered: true };
    }
    const mappingType = expression.kind === 'attribute' ? 'direct' : expression.kind === 'string' ? 'constant' : 'expression';
    const source: ExpressionSource = { kind: 'expression', span: { ...expression.span }, mappingType, expression };
    return expression.recovered ? this.markRecovered(source) : source;
  }

  private property(): MappingProperty {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    const type = this.type();
    this.advance();
    if (keyword.text === 'flow' || keyword.text === 'behavior') return this.enumProperty(keyword, start, before);
    if (type === T.Keywords.match) {
      let precedence: number | undefined;
      let valueSpan: Span | undefined;
      if (this.type() === T.NumberLiteral) {
        valueSpan = this.tokenSpan();
        const raw = this.image();
        if (/^[0-9]+$/.test(raw)) precedence = Number(raw);
        else this.error(this.start(), this.end(), `The matching precedence must be a whole number such as 1, not \`${raw}\``);
        this.advance();
      } else {
        this.errorAfterPrevious('Expected the matching precedence after `match`: a whole number such as 1');
      }
      return this.finish({ kind: 'match', span: this.spanFrom(start), keyword, precedence, valueSpan }, before);
    }
    if (type === T.Keywords.default) {
      let value: StringLiteral | undefined;
      if (this.type() === T.StringLiteral) value = this.stringLiteral();
      else this.errorAfterPrevious('Expected a quoted value after `default`, such as default "Agent"');
      return this.finish({ kind: 'default', span: this.spanFrom(start), keyword, value }, before);
    }
    if (type === T.Keywords.on) {
      if (this.type() === T.Keywords.create) this.advance();
      else this.errorAfterPrevious('Expected `create` after `on` (`on create` applies the mapping only during object creation)');
      return this.finish({ kind: 'apply', span: this.spanFrom(start), keyword, apply: 'onCreate' }, before);
    }
    return { kind: 'apply', span: this.spanFrom(start), keyword, apply: 'always' };
  }

  /** `flow ValueAddOnly` or `behavior FlowAlways`: an Entra enum value, spelled exactly. */
  private enumProperty(keyword: Name, start: number, before: number): FlowProperty | BehaviorProperty {
    const isFlow = keyword.text === 'flow';
    const allowed: readonly string[] = isFlow ? FLOW_TYPES : FLOW_BEHAVIORS;
    let value: Name | undefined;
    if (this.isName() && !this.firstOnLine()) {
      value = this.name();
      this.advance();
      if (!allowed.includes(value.text)) this.error(value.span.start - this.base, value.span.end - this.base, `\`${value.text}\` is not an Entra ${isFlow ? 'flowType' : 'flowBehavior'}: use ${allowed.join(', ')}`);
    } else {
      this.errorAfterPrevious(`Expected the ${isFlow ? 'flowType' : 'flowBehavior'} after \`${keyword.text}\`: ${allowed.join(', ')}`);
    }
    const known = value && allowed.includes(value.text) ? value.text : undefined;
    const span = this.spanFrom(start);
    const property: FlowProperty | BehaviorProperty = isFlow
      ? { kind: 'flow', span, keyword, value, flowType: known as FlowType | undefined }
      : { kind: 'behavior', span, keyword, value, behavior: known as FlowBehavior | undefined };
    return this.finish(property, before);
  }

  // ---- target paths ----

  private target(): TargetPath {
    const before = this.diagnostics.length;
    const start = this.start();
    const segments: PathSegment[] = [];
    let schema: Name | undefined;
    if (this.type() === T.Urn) {
      const image = this.image();
      const colon = image.lastIndexOf(':');
      schema = { text: image.slice(0, colon), span: this.span(start, start + colon) };
      let offset = start + colon + 1;
      const parts = image.slice(colon + 1).split('.');
      this.advance();
      parts.forEach((part, index) => {
        if (part === '') this.error(offset, offset + 1, 'Expected an attribute name here');
        else segments.push(this.segment({ text: part, span: this.span(offset, offset + part.length) }, index === parts.length - 1));
        offset += part.length + 1;
      });
    } else {
      const name = this.name();
      this.advance();
      segments.push(this.segment(name, true));
    }
    while (this.type() === T.Dot) {
      this.advance();
      if (this.isName()) {
        const name = this.name();
        this.advance();
        segments.push(this.segment(name, true));
      } else {
        this.errorAfterPrevious('Expected a sub-attribute name after `.`, such as `value`');
        break;
      }
    }
    const text = this.src.slice(start, this.lastEnd);
    return this.finish({ kind: 'target', span: this.spanFrom(start), text, schema, segments }, before);
  }

  private segment(name: Name, mayHaveFilter: boolean): PathSegment {
    const filter = mayHaveFilter && this.type() === T.LBracket ? this.valueFilter() : undefined;
    const end = filter ? filter.span.end : name.span.end;
    return { kind: 'segment', span: { start: name.span.start, end }, name, filter };
  }

  private valueFilter(): ValueFilter {
    const before = this.diagnostics.length;
    const start = this.start();
    this.advance();
    const comparisons: FilterComparison[] = [];
    for (;;) {
      comparisons.push(this.filterComparison());
      if (this.isName() && this.image().toLowerCase() === 'and') this.advance();
      else break;
    }
    if (this.type() === T.RBracket) {
      this.advance();
    } else if (this.type() === EOF || this.type() === T.Arrow || this.type() === T.Dot || this.firstOnLine()) {
      this.errorAfterPrevious('Expected `]` to close the value filter');
    } else {
      this.error(this.start(), this.end(), `Expected \`]\` to close the value filter, found ${this.describe()}`);
      while (this.type() !== T.RBracket && this.type() !== T.Arrow && this.type() !== EOF && !this.firstOnLine()) this.advance();
      if (this.type() === T.RBracket) this.advance();
    }
    return this.finish({ kind: 'valueFilter', span: this.spanFrom(start), comparisons }, before);
  }

  private filterComparison(): FilterComparison {
    const before = this.diagnostics.length;
    const start = this.start();
    const attribute = this.expectName('Expected an attribute name in the value filter, such as `type`');
    const operator = this.expectName(`Expected \`eq\` after \`${attribute.text}\``);
    let value: StringLiteral;
    if (this.type() === T.StringLiteral) {
      value = this.stringLiteral();
    } else {
      this.errorAfterPrevious(`Expected a quoted value after \`${operator.text || 'eq'}\`, such as "work"`);
      value = { kind: 'string', span: this.span(this.lastEnd, this.lastEnd), value: '', quote: '"', recovered: true };
    }
    return this.finish({ kind: 'comparison', span: this.spanFrom(start), attribute, operator, value }, before);
  }

  private expectName(message: string): Name {
    if (this.isName() && !this.firstOnLine()) {
      const name = this.name();
      this.advance();
      return name;
    }
    this.errorAfterPrevious(message);
    return { text: '', span: this.span(this.lastEnd, this.lastEnd), recovered: true };
  }

  // ---- scoping filters ----

  private scope(): ScopeFilter {
    const before = this.diagnostics.length;
    const start = this.start();
    const keyword = this.name();
    this.advance();
    let title: StringLiteral | undefined;
    if (this.type() === T.StringLiteral) title = this.stringLiteral();
    else this.errorAfterPrevious('Expected the scoping filter\'s title in quotes after `scope`, such as scope "Sales only"');
    const clauses: ScopeClause[] = [];
    if (this.type() === T.LBrace) {
      this.advance();
      for (;;) {
        const type = this.type();
        if (type === T.RBrace) {
          this.advance();
          break;
        }
        if (type === T.AttributeRef || type === T.LBracket || (this.isName() && this.isOperatorWord(1) && this.type(2) !== T.Arrow)) {
          clauses.push(this.clause());
        } else if (type === EOF || (this.firstOnLine() && this.startsItem())) {
          this.errorAfterPrevious('Expected `}` to close the scoping filter');
          break;
        } else {
          this.skipJunk(`Expected a clause such as [department] EQUALS "Sales", found ${this.describe()}`);
        }
      }
    } else {
      this.errorAfterPrevious('Expected `{` to open the scoping filter');
    }
    return this.finish({ kind: 'scope', span: this.spanFrom(start), keyword, title, clauses }, before);
  }

  private clause(): ScopeClause {
    const before = this.diagnostics.length;
    const start = this.start();
    const attribute = this.isName() ? this.bracketlessAttribute() : this.attributeRef();
    const operator = this.scopeOperator(attribute);
    let value: StringLiteral | NumberLiteral | undefined;
    if (this.type() === T.StringLiteral) {
      value = this.stringLiteral();
    } else if (this.type() === T.NumberLiteral || this.type() === T.HexNumber) {
      value = this.numberLiteral();
    } else if (this.isName() && !this.firstOnLine()) {
      const written = this.image();
      this.error(this.start(), this.end(), `Put the value in double quotes: "${written}"`);
      value = { kind: 'string', span: this.tokenSpan(), value: written, quote: '"', recovered: true };
      this.advance();
    }
    return this.finish({ kind: 'clause', span: this.spanFrom(start), attribute, operator, value }, before);
  }

  private scopeOperator(attribute: AttributeRef): Name {
    for (const words of SCOPE_OPERATOR_WORDS) {
      if (words.every((word, k) => this.isOperatorWord(k) && this.image(k).toUpperCase() === word)) {
        const start = this.start();
        const written: string[] = [];
        for (let k = 0; k < words.length; k++) {
          written.push(this.image());
          this.advance();
        }
        return { text: written.join(' '), span: this.spanFrom(start) };
      }
    }
    if (this.isOperatorWord(0) && !this.firstOnLine()) {
      const name = this.name();
      this.advance();
      return name;
    }
    this.errorAfterPrevious(`Expected an operator after \`[${attribute.name}]\`, such as EQUALS, IS TRUE or REGEX MATCH`);
    return { text: '', span: this.span(this.lastEnd, this.lastEnd), recovered: true };
  }

  private isOperatorWord(k: number): boolean {
    const type = this.type(k);
    return type === T.Identifier || KEYWORD_TYPES.has(type) || type === T.Ampersand || type === T.NotAmpersand;
  }

  // ---- expressions ----

  private expression(depth: number): Expression | undefined {
    let left = this.concatenation(depth);
    if (!left) return undefined;
    for (let operators = 1; ; operators++) {
      const type = this.type();
      if (depth + operators > MAX_NESTING && (COMPARISON_OPERATORS.has(type) || type === T.Arrow)) return this.abandonDeepExpression(left);
      const operator = COMPARISON_OPERATORS.get(type);
      if (operator) {
        const operatorSpan = this.tokenSpan();
        this.advance();
        const right = this.concatenation(depth) ?? this.missingOperand(operator);
        left = this.binary({ kind: 'comparison', operator, operatorSpan, left, right });
      } else if (type === T.Arrow && (depth > 0 || this.standalone) && this.type(1) === T.NumberLiteral && this.start(1) === this.end()) {
        // `[x]<-10` inside a condition: `<` then `-10`, never a mapping arrow.
        const at = this.start();
        this.advance();
        const right: NumberLiteral = { kind: 'number', span: this.span(at + 1, this.end()), raw: `-${this.image()}`, hex: false };
        this.advance();
        left = this.binary({ kind: 'comparison', operator: '<', operatorSpan: this.span(at, at + 1), left, right });
      } else {
        return left;
      }
    }
  }

  private concatenation(depth: number): Expression | undefined {
    let left = this.primary(depth);
    if (!left) return undefined;
    for (let operators = 1; this.type() === T.Ampersand; operators++) {
      if (depth + operators > MAX_NESTING) return this.abandonDeepExpression(left);
      const operatorSpan = this.tokenSpan();
      this.advance();
      const right = this.primary(depth) ?? this.missingOperand('&');
      left = this.binary({ kind: 'concat', operatorSpan, left, right });
    }
    return left;
  }

  /** Reports an expression nested beyond MAX_NESTING once, and skips the rest of it. */
  private abandonDeepExpression(partial: Expression): Expression {
    const start = partial.span.start - this.base;
    while (!this.isSyncPoint()) this.advance();
    this.error(start, this.lastEnd, `Expression nested too deeply (more than ${MAX_NESTING} calls or operators inside each other)`);
    this.abandonedDeepExpression = true;
    return this.markRecovered({ ...partial, span: this.spanFrom(start) });
  }

  private binary(node: Omit<Comparison, 'span'> | Omit<Concatenation, 'span'>): Comparison | Concatenation {
    const span = { start: node.left.span.start, end: node.right.span.end };
    const result = { ...node, span } as Comparison | Concatenation;
    return node.left.recovered || node.right.recovered ? this.markRecovered(result) : result;
  }

  private missingOperand(operator: string): Expression {
    this.errorAfterPrevious(`Expected a value after \`${operator}\``);
    return { kind: 'error', span: this.span(this.lastEnd, this.lastEnd), recovered: true };
  }

  private primary(depth: number): Expression | undefined {
    const type = this.type();
    if (type === T.AttributeRef || type === T.LBracket) return this.attributeRef();
    if (type === T.StringLiteral) return this.stringLiteral();
    if (type === T.NumberLiteral || type === T.HexNumber) return this.numberLiteral();
    if (!this.isName() || (PROPERTY_KEYWORDS.has(type) && this.type(1) !== T.LParen)) return undefined;
    if (this.type(1) === T.LParen) return this.call(depth);
    if (depth > 0 || this.standalone) {
      const node = { kind: 'enum' as const, span: this.tokenSpan(), name: this.image() };
      this.advance();
      return node;
    }
    // A name starting a line is the next mapping's target, not this mapping's source.
    if (this.firstOnLine()) return undefined;
    if (type === T.Keywords.true || type === T.Keywords.false) {
      const span = this.tokenSpan();
      const value = type === T.Keywords.true ? 'True' : 'False';
      this.error(this.start(), this.end(), `Entra has no boolean literals: write the string "${value}"`);
      this.advance();
      return { kind: 'string', span, value, quote: '"', recovered: true };
    }
    return this.bracketlessAttribute();
  }

  /** `userName <- mail` or `department EQUALS "Sales"`: a source attribute without its brackets. */
  private bracketlessAttribute(): AttributeRef {
    const name = this.image();
    const span = this.tokenSpan();
    this.error(this.start(), this.end(), `Source attributes go in brackets: write [${name}]`);
    this.advance();
    return { kind: 'attribute', span, name, nameSpan: { ...span }, recovered: true };
  }

  private attributeRef(): AttributeRef {
    const start = this.start();
    if (this.type() === T.AttributeRef) {
      const name = this.image().slice(1, -1);
      const node: AttributeRef = { kind: 'attribute', span: this.tokenSpan(), name, nameSpan: this.span(start + 1, this.end() - 1) };
      if (name.trim() === '') this.error(start, this.end(), 'Expected an attribute name between `[` and `]`, such as [mail]');
      this.advance();
      return node;
    }
    // A `[` the lexer could not close on its line: take the adjacent name, report the missing `]`.
    this.advance();
    const nameStart = this.start();
    while (this.type() !== EOF && this.type() !== T.RBracket && this.start() === this.lastEnd && !this.firstOnLine()) this.advance();
    const name = this.src.slice(nameStart, Math.max(nameStart, this.lastEnd));
    const nameSpan = this.span(nameStart, Math.max(nameStart, this.lastEnd));
    if (this.type() === T.RBracket) {
      this.advance();
      this.error(start, this.lastEnd, `Expected an attribute name between \`[\` and \`]\`, such as [mail]`);
    } else {
      this.errorAfterPrevious(name ? `Expected \`]\` to close the attribute reference \`[${name}\`` : 'Expected an attribute name after `[`, such as [mail]');
    }
    return { kind: 'attribute', span: this.spanFrom(start), name, nameSpan, recovered: true };
  }

  private call(depth: number): Expression {
    const before = this.diagnostics.length;
    const start = this.start();
    const name = this.name();
    this.advance();
    const openParen = this.tokenSpan();
    this.advance();
    if (depth >= MAX_NESTING) return this.abandonDeepExpression({ kind: 'error', span: this.spanFrom(start) });
    const args: Array<Expression | undefined> = [];
    const argSpans: Span[] = [];
    let slotStart = openParen.end - this.base;
    let slot: Expression | null = null;
    let commas = 0;
    let closeParen: Span | undefined;
    const finishSlot = (end: number) => {
      args.push(slot ?? undefined);
      argSpans.push(this.span(slotStart, end));
      slot = null;
    };
    for (;;) {
      const type = this.type();
      if (type === T.Comma) {
        finishSlot(this.start());
        this.advance();
        slotStart = this.lastEnd;
        commas++;
      } else if (type === T.RParen) {
        if (slot !== null || commas > 0) finishSlot(this.start());
        closeParen = this.tokenSpan();
        this.advance();
        break;
      } else if (this.isSyncPoint()) {
        if (slot !== null || commas > 0) finishSlot(this.lastEnd);
        if (!this.abandonedDeepExpression) this.errorAfterPrevious(`Expected \`)\` to close \`${name.text}(\``);
        break;
      } else if (this.canStartExpression()) {
        if (slot !== null) {
          this.error(this.start(), this.end(), `Expected \`,\` between the arguments of \`${name.text}\`, or \`)\` to close it, found ${this.describe()}`);
          finishSlot(this.start());
          slotStart = this.start();
        }
        slot = this.expression(depth + 1) ?? null;
      } else {
        this.error(this.start(), this.end(), `Unexpected ${this.describe()} in the arguments of \`${name.text}\``);
        this.advance();
      }
    }
    return this.finish({ kind: 'call', span: this.spanFrom(start), name, openParen, closeParen, args, argSpans }, before);
  }

  private stringLiteral(): StringLiteral {
    const image = this.image();
    const start = this.start();
    const open = image[0];
    const last = image[image.length - 1];
    const closed = T.scanString(image, 0).closed;
    const wrongQuotes: Span[] = [];
    if (isTypographic(open)) wrongQuotes.push(this.span(start, start + 1));
    if (closed && isTypographic(last)) wrongQuotes.push(this.span(start + image.length - 1, start + image.length));
    const body = closed ? image.slice(1, -1) : image.slice(1);
    const value = body.includes('\\') ? body.replace(open === "'" ? /\\(["'\\])/g : /\\(["\\])/g, '$1') : body;
    const span = this.tokenSpan();
    this.advance();
    if (wrongQuotes.length > 0) {
      this.diagnostic({
        span: { ...span },
        severity: 'error',
        code: 'typographic-quote',
        message: 'Typographic quotes (‘ ’ “ ”) do not delimit strings: use straight double quotes "',
        data: { quotes: wrongQuotes },
      });
    }
    if (!closed) {
      const closer = open === "'" ? "'" : '"';
      this.error(start, this.lastEnd, `Unterminated string: add the closing \`${closer}\` (a string ends on its own line)`);
    }
    const quote = wrongQuotes.length > 0 ? 'typographic' : open === "'" ? "'" : '"';
    const node: StringLiteral = { kind: 'string', span, value, quote };
    return closed ? node : this.markRecovered(node);
  }

  private numberLiteral(): NumberLiteral {
    const node: NumberLiteral = { kind: 'number', span: this.tokenSpan(), raw: this.image(), hex: this.type() === T.HexNumber };
    this.advance();
    return node;
  }

  // ---- recovery helpers ----

  private skipTopLevelJunk(): void {
    const looksLikeMapping = this.type() === T.Urn || (this.isName() && this.type(1) === T.Arrow);
    const message = looksLikeMapping
      ? 'Mappings belong inside a `users { ... }` or `groups { ... }` block'
      : `Expected a \`users { ... }\` or \`groups { ... }\` block or the \`target\` declaration, found ${this.describe()}`;
    const start = this.start();
    do this.advance();
    while (this.type() !== EOF && !this.isBlockKeyword() && !this.isTargetDeclaration());
    this.error(start, this.lastEnd, message);
  }

  /** Reports `message` over the tokens up to the next line that starts an item. */
  private skipJunk(message: string): void {
    const start = this.start();
    do this.advance();
    while (this.type() !== EOF && this.type() !== T.RBrace && !(this.firstOnLine() && this.startsItem()));
    this.error(start, this.lastEnd, message);
  }

  /** Where an unfinished expression must stop: the end of its mapping. */
  private isSyncPoint(): boolean {
    const type = this.type();
    if (type === EOF) return true;
    if (this.standalone) return false;
    if (type === T.RBrace || (PROPERTY_KEYWORDS.has(type) && this.type(1) !== T.LParen)) return true;
    return this.firstOnLine() && this.startsItem() && !(this.isName() && this.type(1) === T.LParen);
  }

  /** True at a token that ends the current mapping (a new line item, `}` or the end). */
  private atItemBoundary(): boolean {
    const type = this.type();
    if (type === EOF || type === T.RBrace) return true;
    return (this.firstOnLine() || this.type(1) === T.Arrow) && this.startsItem();
  }

  /** Can the current token start a block item (a mapping target, a setting, a scope or a block)? */
  private startsItem(): boolean {
    const type = this.type();
    if (type === T.Urn || type === T.RBrace) return true;
    if (!this.isName()) return false;
    const next = this.type(1);
    return next !== T.LParen && next !== T.Comma && next !== T.RParen;
  }

  private canStartExpression(): boolean {
    const type = this.type();
    if (type === T.AttributeRef || type === T.LBracket || type === T.StringLiteral || type === T.NumberLiteral || type === T.HexNumber) return true;
    if (!this.isName()) return false;
    return !(PROPERTY_KEYWORDS.has(type) && this.type(1) !== T.LParen);
  }

  // ---- token access ----

  private type(k = 0): TokenType {
    const index = this.i + k;
    return index < this.types.length ? this.types[index] : EOF;
  }

  private start(k = 0): number {
    return this.starts[Math.min(this.i + k, this.starts.length - 1)];
  }

  private end(k = 0): number {
    return this.ends[Math.min(this.i + k, this.ends.length - 1)];
  }

  private image(k = 0): string {
    return this.src.slice(this.start(k), this.end(k));
  }

  private advance(): void {
    if (this.i < this.types.length - 1) {
      this.lastEnd = this.ends[this.i];
      this.i++;
    }
  }

  private isName(k = 0): boolean {
    const type = this.type(k);
    return type === T.Identifier || KEYWORD_TYPES.has(type);
  }

  private isBlockKeyword(): boolean {
    const type = this.type();
    return (type === T.Keywords.users || type === T.Keywords.groups) && this.type(1) !== T.Arrow;
  }

  /** `target "..."` at the top level (`target <- ...` is a mapping written outside a block). */
  private isTargetDeclaration(): boolean {
    return this.type() === T.Keywords.target && this.type(1) !== T.Arrow;
  }

  private isPropertyKeyword(): boolean {
    if (PROPERTY_KEYWORDS.has(this.type())) return this.type(1) !== T.Arrow && this.type(1) !== T.LParen;
    // `flow` and `behavior` stay ordinary names: a property only when an enum value (not a target) follows.
    const next = this.type(2);
    return this.type() === T.Identifier && PROPERTY_WORDS.has(this.image()) && !this.firstOnLine() && this.isName(1) && !this.firstOnLine(1) && next !== T.Arrow && next !== T.Dot && next !== T.LBracket;
  }

  /** A block keyword followed by its header (`users {`, `users "Name" ...`, `groups from ...`, `users rule ...`). */
  private startsBlock(): boolean {
    if (!this.isBlockKeyword()) return false;
    const next = this.type(1);
    if (next === T.LBrace || next === T.StringLiteral) return true;
    return this.type(1) === T.Identifier && (this.image(1) === 'from' || this.image(1) === 'rule') && this.type(2) === T.StringLiteral;
  }

  /** Is the current token the first on its line (only whitespace and comments before it)? */
  private firstOnLine(k = 0): boolean {
    if (this.i + k === 0) return true;
    const from = this.ends[Math.min(this.i + k, this.ends.length - 1) - 1];
    const to = this.start(k);
    for (let p = from; p < to; p++) {
      const c = this.src.charCodeAt(p);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private name(): Name {
    return { text: this.image(), span: this.tokenSpan() };
  }

  private tokenSpan(): Span {
    return this.span(this.start(), this.end());
  }

  /** From `start` to the end of the last consumed token; empty at that end when nothing was consumed. */
  private spanFrom(start: number): Span {
    return this.lastEnd < start ? this.span(this.lastEnd, this.lastEnd) : this.span(start, this.lastEnd);
  }

  private span(start: number, end: number): Span {
    return { start: start + this.base, end: end + this.base };
  }

  private describe(): string {
    if (this.type() === EOF) return 'the end of the file';
    const image = this.image();
    return `\`${printable(image.length > 30 ? `${image.slice(0, 30)}…` : image)}\``;
  }

  // ---- diagnostics ----

  private finish<N extends object>(node: N, diagnosticsBefore: number): N {
    return this.diagnostics.length > diagnosticsBefore ? this.markRecovered(node) : node;
  }

  private markRecovered<N extends object>(node: N): N {
    (node as { recovered?: boolean }).recovered = true;
    return node;
  }

  /** A missing token is reported where it belongs: right after the previous token. */
  private errorAfterPrevious(message: string): void {
    this.error(this.lastEnd, this.lastEnd, message);
  }

  private error(start: number, end: number, message: string): void {
    this.diagnostic({ span: this.span(start, end), severity: 'error', code: 'syntax', message });
  }

  private diagnostic(diagnostic: Diagnostic): void {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push(diagnostic);
    else if (this.diagnostics.length === MAX_DIAGNOSTICS) {
      this.diagnostics.push({ ...diagnostic, message: `Too many syntax errors: only the first ${MAX_DIAGNOSTICS} are shown` });
    }
  }
}

/** Twice the room, the same contents. */
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function isTypographic(c: string): boolean {
  return c === '\u201c' || c === '\u201d' || c === '\u2018' || c === '\u2019';
}

/** Control characters and junk shown as escapes, so a message stays readable. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

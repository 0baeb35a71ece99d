// The .scimmap parser: Chevrotain tokens -> AST (with offsets) + syntax diagnostics.
//
// The grammar is written in Chevrotain's parser DSL (an EmbeddedActionsParser building the AST
// directly, no CST), one instance built at load. It recovers explicitly: every construct keeps what
// did parse (flagged `recovered`), a missing `}` `)` `]` is reported where it is missing, and parsing
// resumes at the next line that starts an item. docs/language.md ("How the parser recovers") gives
// the reasoning. A result is a tree: no object (node or span) is reachable twice, so incremental
// analysis can move spans in place.
import {
  createTokenInstance,
  EmbeddedActionsParser,
  EOF,
  tokenMatcher,
  type DSLMethodOptsWithErr,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type ISerializedGast,
  type IToken,
  type OrMethodOpts,
  type TokenType,
} from 'chevrotain';
import { FLOW_BEHAVIORS, FLOW_TYPES } from './ast';
import type {
  ActionsSetting,
  BehaviorProperty,
  FlowBehavior,
  FlowProperty,
  FlowType,
  AttributeMapping,
  AttributeRef,
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
  CycleSetting,
  SyncSetting,
  TargetPath,
  ValueFilter,
} from './ast';
import scopingOperatorsJson from '../data/scoping-operators.json';
import * as T from './lexer';
import { quoteString, quoted, shortened } from './quoting';
import { normalisedTargetText } from './target-names';
import { closest } from '../validation/report';

export interface ParseResult {
  file: MappingFile;
  /** The lexing errors, then the syntax errors: at most MAX_DIAGNOSTICS, and one more saying there are more. */
  diagnostics: Diagnostic[];
}

/** The errors a parse found, each list in order: the first MAX_DIAGNOSTICS + 1 (a full list means there were more). */
export interface FoundErrors {
  readonly lexErrors: Diagnostic[];
  readonly syntax: Diagnostic[];
}

export interface BlockParseResult {
  /** Undefined when the range does not start with `users` or `groups`. */
  block: ObjectBlock | undefined;
  comments: Comment[];
  diagnostics: Diagnostic[];
  /** Offset just after the block (its `}` or the last token it took). */
  end: number;
}

/** The codes of the diagnostics parse() gives: an analysis with one of them has a text that does not parse cleanly. */
export const parseDiagnosticCodes: ReadonlySet<string> = new Set(['syntax', 'typographic-quote']);

/** Parses a whole `.scimmap` file. Never throws. */
export function parse(text: string): ParseResult {
  const { file, errors } = parseFile(text);
  return { file, diagnostics: reportedDiagnostics(errors) };
}

/** As parse(), with the errors as found (incremental analysis splices those, then reports them). */
export function parseFile(text: string): { file: MappingFile; errors: FoundErrors } {
  parser.begin(text, 0);
  const { target, cycle, blocks } = withinStack(() => parser.file(), { target: undefined, cycle: [], blocks: [], afterBlock: false });
  const errors = parser.collect();
  const file: MappingFile = {
    kind: 'file',
    span: { start: 0, end: text.length },
    ...(target && { target }),
    ...(cycle.length > 0 && { cycle }),
    blocks,
    comments: parser.comments,
  };
  parser.end();
  return { file, errors };
}

/** What a file reports of the errors found: lexing errors first, at most MAX_DIAGNOSTICS, and one more saying there are more. */
export function reportedDiagnostics({ lexErrors, syntax }: FoundErrors): Diagnostic[] {
  const diagnostics = lexErrors.length === 0 ? syntax : syntax.length === 0 ? lexErrors : lexErrors.concat(syntax);
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS + 1);
  shown[MAX_DIAGNOSTICS] = { ...shown[MAX_DIAGNOSTICS], message: TOO_MANY };
  return shown;
}

/** May a list of errors found be cut short (the parser keeps the first MAX_DIAGNOSTICS + 1)? */
export function mayBeCutShort(errors: readonly Diagnostic[]): boolean {
  return errors.length > MAX_DIAGNOSTICS;
}

/** Of `errors` (in order), what a parse keeps: the first MAX_DIAGNOSTICS + 1. */
export function keptErrors(errors: Diagnostic[]): Diagnostic[] {
  return errors.length > MAX_DIAGNOSTICS + 1 ? errors.slice(0, MAX_DIAGNOSTICS + 1) : errors;
}

/**
 * Parses the one block that starts at `start` (a `users` or `groups` keyword) and ends before
 * `end` (default: the end of the text), so an edit can reparse only the block it touched. Offsets
 * in the result are offsets into `text`.
 */
export function parseBlock(text: string, start: number, end: number = text.length): BlockParseResult {
  parser.begin(text.slice(start, end), start);
  const block = withinStack(() => {
    if (!parser.atBlockKeyword()) {
      if (!parser.atEnd()) parser.topLevelJunk();
      return undefined;
    }
    const parsed = parser.block();
    if (!parser.atEnd()) parser.topLevelJunk();
    return parsed;
  }, undefined);
  const consumedEnd = parser.consumedEnd();
  const result = { block, comments: parser.comments, diagnostics: reportedDiagnostics(parser.collect()), end: consumedEnd };
  parser.end();
  return result;
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
  /** Comments, lexing errors and syntax errors before the stop (the errors as found, see FoundErrors). */
  readonly comments: Comment[];
  readonly errors: FoundErrors;
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
  parser.beginRange(text, start, end);
  const items: Mutable<ObjectBlock> = {
    kind: 'block',
    span: { start, end: start },
    object: block.object,
    keyword: { text: block.object, span: { start, end: start } },
    mappings: [],
    scopes: [],
  };
  if (block.enabled) items.enabled = block.enabled;
  if (block.actions) items.actions = block.actions;
  const stop = withinStack(() => {
    for (;;) {
      if (parser.atBlockStartOrEnd()) return undefined;
      // The tokens a decision before this one may have looked at (up to three ahead) are real ones.
      const next = parser.nextItemStop();
      const stop = { offset: next.offset, closingBrace: next.closingBrace };
      if ((end === text.length || next.seenAhead) && canStop(stop, items)) return stop;
      if (stop.closingBrace) return undefined;
      parser.item(items);
    }
  }, undefined);
  const result: ItemsParseResult = {
    mappings: items.mappings,
    scopes: items.scopes,
    enabled: items.enabled,
    actions: items.actions,
    ...parser.foundBefore(stop?.offset),
    stop,
  };
  parser.end();
  return result;
}

export interface TopLevelParseResult {
  readonly blocks: ObjectBlock[];
  /** Whether the text held a `target` declaration or a provisioning setting (whose place in the file matters to the rest). */
  readonly declarations: boolean;
  /** Comments, lexing errors and syntax errors before the stop (the errors as found, see FoundErrors). */
  readonly comments: Comment[];
  readonly errors: FoundErrors;
  /** Where the parse stopped, before an item `canStop` accepted; undefined when the range ended first. */
  readonly stop: number | undefined;
}

/**
 * Parses the file's items (blocks, declarations, junk) from `start` (where a block starts, first on
 * its line) as a whole-file parse would after the items before it (`before`), and stops before the
 * first item start that `canStop` accepts. As with parseBlockItems, it is offered only stops at
 * least three tokens before `end` (or any when `end` is the end of the text). Incremental analysis
 * uses it for edits outside any one block's items.
 */
export function parseTopLevelItems(
  text: string,
  start: number,
  end: number,
  before: { readonly target: TargetDeclaration | undefined; readonly afterBlock: boolean },
  canStop: (offset: number, afterBlock: boolean) => boolean,
): TopLevelParseResult {
  parser.beginRange(text, start, end);
  const top: TopLevel = { target: before.target, cycle: [], blocks: [], afterBlock: before.afterBlock };
  const stop = withinStack(() => {
    for (;;) {
      if (parser.atEnd()) return undefined;
      const next = parser.nextItemStop();
      if ((end === text.length || next.seenAhead) && canStop(next.offset, top.afterBlock)) return next.offset;
      parser.topLevelItem(top);
    }
  }, undefined);
  const result: TopLevelParseResult = {
    blocks: top.blocks,
    declarations: top.target !== before.target || top.cycle.length > 0,
    ...parser.foundBefore(stop),
    stop,
  };
  parser.end();
  return result;
}

/** Parses a standalone Entra expression (`scimmap eval --expr`). Never throws. */
export function parseExpression(text: string): { expression: Expression | undefined; diagnostics: Diagnostic[] } {
  parser.begin(text, 0, true);
  const expression = withinStack(() => parser.standaloneExpression(), undefined);
  const result = { expression, diagnostics: reportedDiagnostics(parser.collect()) };
  parser.end();
  return result;
}

/** Keyword and punctuation token types by the text they stand for (their labels are `'text'`). */
const WORD_OF = new Map<TokenType, string>(
  T.allTokens.filter((type) => type.LABEL?.startsWith("'")).map((type) => [type, type.LABEL!.slice(1, -1)]),
);
const nextWords = new Map<string, string[]>();

/**
 * The keywords and punctuation the grammar lets follow `preceding` (keyword token types, in order)
 * at the start of `rule`, in the grammar's order: Chevrotain's content assist over the parser's own
 * rules, for completion. Gates are not consulted, so only words the token types alone decide come
 * out; the grammar never changes, so each answer is computed once.
 */
export function grammarWordsAfter(rule: 'enabledSetting' | 'property', preceding: readonly TokenType[]): string[] {
  const key = `${rule} ${preceding.map((type) => type.name).join(' ')}`;
  let words = nextWords.get(key);
  if (!words) {
    const tokens = preceding.map((type) => createTokenInstance(type, WORD_OF.get(type) ?? '', NaN, NaN, NaN, NaN, NaN, NaN));
    const next = parser.computeContentAssist(rule, tokens).map((path) => WORD_OF.get(path.nextTokenType));
    words = [...new Set(next.filter((word): word is string => word !== undefined))];
    nextWords.set(key, words);
  }
  return words;
}

/** The grammar's rules as data, for the syntax diagrams (diagrams.ts) and the grammar-coverage test. */
export function serializedGrammar(): ISerializedGast[] {
  return parser.getSerializedGastProductions();
}

/**
 * Runs a parse; should the stack still run out (deep nesting is cut at MAX_NESTING, so only a
 * caller already deep in its own stack can see this), reports it instead of throwing.
 */
function withinStack<R>(parse: () => R, fallback: R): R {
  // Recovery throws Chevrotain's RecognitionExceptions (Errors) and catches them again at once:
  // capturing a stack trace for each was most of the time of a file full of errors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    parser.error(0, 0, `Expression nested too deeply (more than ${MAX_NESTING} calls or operators inside each other)`);
    return fallback;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

// ---- implementation ----

/** Why `[name` did not close. */
function unclosedAttributeMessage(name: string): string {
  if (!name) return 'Expected an attribute name after `[`, such as [mail]';
  return `Expected \`]\` to close the attribute reference ${quoted(`[${name}`)}`;
}

/** A quote inside a bracketed name (`[o'brien]`, or `[o'brien` with no `]`): what Entra's names are, and how a text is written. */
function quoteInAttributeMessage(name: string, quote: string, closed: boolean): string {
  // What was meant ends at the first `]`; past it is what an unclosed string swallowed.
  const inside = name.split(']')[0];
  const written = closed ? quoted(`[${inside}]`) : `${quoted(`[${inside}`)}, whose \`]\` is missing too`;
  return (
    `An attribute name in brackets cannot contain a quote (${quote}), as in ${written}: Entra's attribute names ` +
    'are letters, digits and `_` (an extension attribute is extension_<appId>_name), so check the name; ' +
    `a text to compare or send goes in double quotes instead: ${quoteString(inside)}`
  );
}

/** The target attribute name Entra writes for a path: its text normalised outside the quoted names, each quoted name by its value. */
function entraTargetName(text: string, start: number, segments: readonly PathSegment[]): string {
  if (!segments.some((segment) => segment.quoted)) return normalisedTargetText(text);
  let name = '';
  let from = 0;
  for (const segment of segments) {
    if (!segment.quoted) continue;
    name += normalisedTargetText(text.slice(from, segment.name.span.start - start)) + segment.name.text;
    from = segment.name.span.end - start;
  }
  return name + normalisedTargetText(text.slice(from));
}

/**
 * `items` at its size. An array grown by push keeps room for 17 elements (V8 grows a backing store
 * by half plus 16): a heap snapshot of the 2,000-mapping file's analysis held 7,000 of them, most
 * with one or two elements, a megabyte in all. The AST's lists are copied to their size when their
 * node is built.
 */
function fitted<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

/** What the lexer's URN token may hold after its last `:`, between dots: RFC 7643's name characters. */
const URN_ATTRIBUTE_PART = /^[A-Za-z0-9_-]+$/;

/** Past this many nested calls an expression is reported instead of recursed into. */
const MAX_NESTING = 100;
/** Enough to show every real mistake; stops binary junk from producing a million diagnostics. */
const MAX_DIAGNOSTICS = 1000;
const TOO_MANY = `Too many syntax errors: only the first ${MAX_DIAGNOSTICS} are shown`;

/** What LA gives past the last token (Chevrotain's own sentinel is not exported). */
const END_OF_FILE = createTokenInstance(EOF, '', NaN, NaN, NaN, NaN, NaN, NaN);

const COMPARISON_OPERATORS = new Map<TokenType, ComparisonOperator>([
  [T.Equal, '='],
  [T.NotEqual, '<>'],
  [T.Greater, '>'],
  [T.GreaterEqual, '>='],
  [T.Less, '<'],
  [T.LessEqual, '<='],
]);

/** Other languages' comparison operators, lexed as two of Entra's (`==`, `=>`, `=<`, `< >`, `><`): what to write instead. */
const OPERATOR_SLIPS: Readonly<Record<string, string>> = {
  '==': 'Entra compares with a single `=`',
  '=>': 'Entra writes greater-or-equal as `>=`',
  '=<': 'Entra writes less-or-equal as `<=`',
  '<>': 'write `<>` without a space',
  '><': 'Entra writes not-equal as `<>`',
};

const KEYWORD_TYPES = new Set<TokenType>(Object.values(T.Keywords));
const PROPERTY_KEYWORDS = new Set<TokenType>(T.propertyKeywords.map((word) => T.Keywords[word]));

/** The scoping operators as words, matched case-insensitively, longest first (`IS NOT NULL` before `IS NULL`). */
const SCOPE_OPERATOR_WORDS: string[][] = scopingOperatorsJson.operators
  .map((op) => op.name.toUpperCase().split(' '))
  .sort((a, b) => b.length - a.length);

const ACTIONS = new Set<string>(['create', 'update', 'delete']);
const SYNC_SCOPES = new Set<string>(['assigned', 'all']);
type BlockObject = ObjectBlock['object'];
const BLOCK_OBJECTS: readonly BlockObject[] = ['users', 'groups'];
const ITEM_KEYWORDS = ['enabled', 'actions', 'scope'] as const;
/** Properties named by plain words (`flow ValueAddOnly`, `behavior FlowAlways`), not reserved keywords. */
const PROPERTY_WORDS = new Set<string>(['flow', 'behavior']);
/** The words that start a property after a mapping's source, for saying which one a misspelt word meant. */
const PROPERTY_NAMES = [...T.propertyKeywords, ...PROPERTY_WORDS];

type Mutable<N> = { -readonly [K in keyof N]: N[K] };

/** A call's arguments while they are parsed (offsets relative, as the parser reads them). */
interface CallInProgress {
  readonly name: Name;
  readonly depth: number;
  readonly args: Array<Expression | undefined>;
  readonly argSpans: Span[];
  slotStart: number;
  slot: Expression | null;
  commas: number;
  closeParen: Span | undefined;
}

/** The file's items so far, as far as the next item's parse depends on them. */
interface TopLevel {
  target: TargetDeclaration | undefined;
  cycle: CycleSetting[];
  blocks: ObjectBlock[];
  /** Whether a block came before (in a reparse from the middle of the file, before the reparsed text). */
  afterBlock: boolean;
}

/**
 * Chevrotain's own messages are never shown (every diagnostic is phrased by the grammar rule that
 * found the problem, in the user's words), so building them would only cost time.
 */
const SILENT_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: () => '',
  buildNotAllInputParsedMessage: () => '',
  buildNoViableAltMessage: () => '',
  buildEarlyExitMessage: () => '',
};

/** The grammar's tokens: what the lexer produces, and the categories rules consume. */
export const parserVocabulary: TokenType[] = [T.AnyToken, T.OperatorWord, ...T.allTokens];

/**
 * The grammar of .scimmap in Chevrotain's parser DSL, building the AST directly (embedded actions;
 * docs/language.md says why not a CST). Decisions look one token ahead (`maxLookahead: 1`), with
 * gates for what a token type alone cannot say (is this name first on its line? is the next token
 * `<-`?). Recovery is the grammar's own: Chevrotain's re-sync is off; every rule keeps what it
 * parsed (flagged `recovered` when it reported a problem), a missing closer is a CONSUME that
 * reports where the token is missing and goes on, and junk is skipped as `AnyToken`s up to the next
 * line that starts an item. Nothing a rule does throws a recognition error past the rule.
 */
export class ScimmapParser extends EmbeddedActionsParser {
  /** The syntax errors in the order found: the first MAX_DIAGNOSTICS + 1 (a full list means there were more). */
  diagnostics: Diagnostic[] = [];
  /** How many syntax errors were found, kept or not. */
  private errorsFound = 0;
  comments: Comment[] = [];
  private src = '';
  private base = 0;
  private standalone = false;
  /** Set once an expression was abandoned as too deep: its enclosing calls are not reported again. */
  private abandonedDeepExpression = false;

  constructor(options: { validate?: boolean } = {}) {
    super(parserVocabulary, {
      maxLookahead: 1,
      recoveryEnabled: false,
      errorMessageProvider: SILENT_MESSAGES,
      skipValidations: !options.validate,
    });
    this.performSelfAnalysis();
  }

  /**
   * Makes `text` from `start` to `end` the input, offsets as in `text`. A copy, not a slice: names
   * in the AST are slices of what the parser reads, and a slice of the whole text would keep that
   * version of the document alive as long as the nodes parsed from it.
   */
  beginRange(text: string, start: number, end: number): void {
    this.begin(`${text.slice(start, end)} `.slice(0, -1), start);
  }

  /** Lexes `src` (offsets in the result are `base` + offsets into `src`) and makes it the input. */
  begin(src: string, base: number, standalone = false): void {
    this.input = [];
    this.src = src;
    this.base = base;
    this.standalone = standalone;
    this.diagnostics = [];
    this.errorsFound = 0;
    this.lexErrors = [];
    this.comments = [];
    this.abandonedDeepExpression = false;
    this.window = [];
    this.windowBase = 0;
    this.lexedTo = 0;
  }

  /** Lexes what the parse did not reach (its comments and lexing errors belong to the result too), and gives the errors found. */
  collect(): FoundErrors {
    while (this.lexChunk());
    return { lexErrors: this.lexErrors, syntax: this.diagnostics };
  }

  /**
   * The comments and errors of a parse that stopped before `stop` (absolute; undefined: it ran to
   * the end). After a stop nothing more is wanted: the rest stays unlexed, and what lexing ran past
   * the stop found is dropped (the parse itself found nothing there).
   */
  foundBefore(stop: number | undefined): { comments: Comment[]; errors: FoundErrors } {
    if (stop === undefined) return { comments: this.comments, errors: this.collect() };
    return {
      comments: this.comments.filter((c) => c.span.start < stop),
      errors: { lexErrors: this.lexErrors.filter((d) => d.span.start < stop), syntax: this.diagnostics },
    };
  }

  /** Lets go of the input, so a parsed document is not kept alive by the parser. */
  end(): void {
    this.input = [];
    this.window = [];
    this.src = '';
  }

  // ---- tokens, lexed as the parse reaches them ----

  /** The tokens from the last consumed one on (absolute index `windowBase` first). */
  private window: IToken[] = [];
  private windowBase = 0;
  /** Where the next chunk to lex starts. */
  private lexedTo = 0;
  private lexErrors: Diagnostic[] = [];

  /** Chevrotain's position: the index of the last consumed token (-1 before the first). */
  private get position(): number {
    return (this as unknown as { currIdx: number }).currIdx;
  }

  /**
   * Chevrotain reads every token through LA (and LA_FAST, its unchecked twin: "methods which can be
   * overridden to implement lazy lexers"). Lexing a chunk only when the parse reaches it, and
   * dropping the tokens behind, keeps a large file's tokens from all living at once (tokenizeChunk).
   */
  protected override LA(howMuch: number): IToken {
    const index = this.position + howMuch;
    if (index < 0) return END_OF_FILE;
    while (index - this.windowBase >= this.window.length) if (!this.lexChunk()) return END_OF_FILE;
    return this.window[index - this.windowBase];
  }

  protected override LA_FAST(howMuch: number): IToken {
    return this.LA(howMuch);
  }

  /** Lexes the next chunk of lines into the window; false at the end of the text. */
  private lexChunk(): boolean {
    if (this.lexedTo >= this.src.length) return false;
    const offset = this.lexedTo;
    const { lexed, end } = T.tokenizeChunk(this.src, offset);
    this.lexedTo = end;
    // Nothing looks further back than the last consumed token.
    const behind = Math.max(0, this.position) - this.windowBase;
    if (behind > 0) {
      this.window = this.window.slice(behind);
      this.windowBase += behind;
    }
    for (const token of lexed.tokens) {
      if (offset !== 0) token.startOffset += offset;
      this.window.push(token);
    }
    for (const c of lexed.comments)
      this.comments.push({
        kind: 'comment',
        span: this.span(c.startOffset + offset, c.startOffset + offset + c.image.length),
        text: c.image,
      });
    for (const e of lexed.errors) {
      if (this.lexErrors.length > MAX_DIAGNOSTICS) break;
      const start = e.offset + offset;
      const chars = this.src.slice(start, start + e.length);
      const message =
        chars === '!' && this.src[start + 1] === '='
          ? 'Unexpected character `!`: Entra writes not-equal as `<>`, not `!=`'
          : `Unexpected character${e.length > 1 ? 's' : ''} ${quoted(chars, 20)}: not part of the .scimmap language`;
      this.lexErrors.push({ span: this.span(start, start + e.length), severity: 'error', code: 'syntax', message });
    }
    return true;
  }

  /** Chevrotain pads its own token vector with EOF at a root rule's start and checks that all was parsed at its end: LA does both here. */
  onBeforeParse(): void {}

  onAfterParse(): void {}

  // ---- the file and its blocks ----

  readonly file = this.RULE('file', (): TopLevel => {
    const top: TopLevel = { target: undefined, cycle: [], blocks: [], afterBlock: false };
    this.MANY(() => this.SUBRULE(this.topLevelItem, { ARGS: [top] }));
    return top;
  });

  /** What the file's items so far decide for the next one (the one state between top-level items). */
  private top!: TopLevel;
  private readonly topLevelAlternatives: OrMethodOpts<void> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.isBlockStart(),
        ALT: () => {
          const top = this.top;
          const block = this.SUBRULE(this.block);
          this.ACTION(() => {
            top.blocks.push(block);
            top.afterBlock = true;
          });
        },
      },
      {
        GATE: () => this.isTargetDeclaration(),
        ALT: () => {
          const top = this.top;
          const declaration = this.SUBRULE(this.targetDeclaration);
          this.ACTION(() => {
            const { start, end } = declaration.span;
            if (top.target)
              this.error(
                start - this.base,
                end - this.base,
                'The target is already declared above: a file maps to one target, keep one `target` line',
              );
            else {
              if (top.afterBlock)
                this.error(
                  start - this.base,
                  end - this.base,
                  'Declare the target at the top of the file, before the `users` and `groups` blocks',
                );
              top.target = declaration;
            }
          });
        },
      },
      {
        GATE: () => this.isCycleSetting(),
        ALT: () => {
          const top = this.top;
          const setting = this.SUBRULE(this.cycleSetting);
          this.ACTION(() => {
            if (top.afterBlock)
              this.error(
                setting.span.start - this.base,
                setting.span.end - this.base,
                'Put the provisioning settings (`sync`, `deletion threshold`) at the top of the file, before the `users` and `groups` blocks',
              );
            top.cycle.push(setting);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.topLevelJunk) },
    ],
  };

  /** One item of the file: a block, the target declaration, a provisioning setting, or junk up to the next of those. */
  readonly topLevelItem = this.RULE('topLevelItem', (top: TopLevel): void => {
    this.top = top;
    this.OR(this.topLevelAlternatives);
  });

  /** `sync assigned|all` or `deletion threshold N`: the provisioning job's settings a cycle depends on. */
  readonly cycleSetting = this.RULE('cycleSetting', (): CycleSetting => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    return this.OR([
      {
        GATE: () => this.image().toLowerCase() === 'sync',
        ALT: (): CycleSetting => {
          // `Sync All`: one error for the setting's case, over what is in the wrong case.
          const reportCase = (end: number, meant: string) => {
            const written = this.src.slice(start, end);
            if (written !== meant) this.error(start, end, misspeltKeywordMessage(written.replace(/\s+/, ' '), meant));
          };
          this.CONSUME(T.Identifier);
          let value: SyncSetting['value'];
          this.OR2([
            {
              GATE: () => !this.firstOnLine() && this.isName() && SYNC_SCOPES.has(this.image().toLowerCase()),
              ALT: () => {
                const written = this.name();
                const scope = written.text.toLowerCase() as 'assigned' | 'all';
                value = { text: scope, span: written.span };
                this.CONSUME2(T.Identifier);
                const wrongCase = written.text !== scope;
                if (!this.RECORDING_PHASE)
                  reportCase(wrongCase ? this.lastEnd() : keyword.span.end - this.base, wrongCase ? `sync ${scope}` : 'sync');
              },
            },
            {
              GATE: () => !this.firstOnLine() && this.isName(),
              ALT: () => {
                const name = this.name();
                this.CONSUME3(T.Identifier);
                this.ACTION(() => reportCase(keyword.span.end - this.base, 'sync'));
                this.ACTION(() =>
                  this.error(
                    name.span.start - this.base,
                    name.span.end - this.base,
                    `${quoted(name.text)} is not a sync scope: write \`sync assigned\` (only assigned users and groups, Entra's default) or \`sync all\``,
                  ),
                );
              },
            },
            {
              ALT: () => {
                this.ACTION(() => reportCase(keyword.span.end - this.base, 'sync'));
                this.errorAfterPrevious("Expected `assigned` (only assigned users and groups, Entra's default) or `all` after `sync`");
              },
            },
          ]);
          const syncKeyword: Name = { text: 'sync', span: keyword.span };
          return this.finish({ kind: 'sync', span: this.spanFrom(start), keyword: syncKeyword, ...(value && { value }) }, before);
        },
      },
      {
        ALT: (): CycleSetting => {
          this.CONSUME4(T.Identifier); // deletion
          const words: Name = { text: 'deletion threshold', span: this.span(start, this.tokenEnd()) };
          const written = this.src.slice(start, this.tokenEnd());
          if (!this.RECORDING_PHASE && !/^deletion\s+threshold$/.test(written))
            this.error(start, this.tokenEnd(), misspeltKeywordMessage(written.replace(/\s+/, ' '), 'deletion threshold'));
          this.CONSUME5(T.Identifier); // threshold
          let value: number | undefined;
          let valueSpan: Span | undefined;
          this.OR3([
            {
              GATE: () => !this.firstOnLine(),
              ALT: () => {
                const raw = this.image();
                valueSpan = this.tokenSpan();
                this.CONSUME(T.NumberLiteral);
                this.ACTION(() => {
                  if (/^[0-9]+$/.test(raw)) value = Number(raw);
                  else
                    this.error(
                      valueSpan!.start - this.base,
                      valueSpan!.end - this.base,
                      `The deletion threshold is a whole number of objects such as 500, not ${quoted(raw)}`,
                    );
                });
              },
            },
            {
              ALT: () =>
                this.errorAfterPrevious(
                  'Expected the number of disables and deletes that stops a cycle after `deletion threshold`, such as 500',
                ),
            },
          ]);
          return this.finish(
            {
              kind: 'deletionThreshold',
              span: this.spanFrom(start),
              keyword: words,
              ...(value !== undefined && { value }),
              ...(valueSpan && { valueSpan }),
            },
            before,
          );
        },
      },
    ]);
  });

  /** `target "generic-scim"` or `target "./app.target.json"`: the target schema the file maps to. */
  readonly targetDeclaration = this.RULE('targetDeclaration', (): TargetDeclaration => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(T.Keywords.target) }, { ALT: () => this.misspeltKeyword(1, 'target') }],
    });
    let value: StringLiteral | undefined;
    this.OR([
      { GATE: () => !this.firstOnLine(), ALT: () => (value = this.SUBRULE(this.stringLiteral)) },
      {
        ALT: () =>
          this.errorAfterPrevious(
            'Expected the target schema in quotes after `target`: a bundled one such as "genesys-cloud" or "generic-scim", or a file such as "./app.target.json"',
          ),
      },
    ]);
    return this.finish({ kind: 'targetDeclaration', span: this.spanFrom(start), keyword, ...(value && { value }) }, before);
  });

  readonly block = this.RULE('block', (): ObjectBlock => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    const object = this.OR(this.objectKeywordAlternatives);
    const block: Mutable<ObjectBlock> = { kind: 'block', span: this.span(start, start), object, keyword, mappings: [], scopes: [] };
    // `users "Name" from "User" to "urn:...:User" rule "RULE"`: the Entra identity of the object mapping, all optional.
    // Like the loops below, entered only when its first token is there (a cold parse of many blocks pays for each).
    if (this.RECORDING_PHASE || this.type() === T.StringLiteral) this.OPTION(() => (block.title = this.SUBRULE(this.stringLiteral)));
    if (this.RECORDING_PHASE || this.startsBlockClause())
      this.MANY2({
        GATE: () => this.startsBlockClause(),
        DEF: () =>
          this.OR2({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.image() === 'rule',
                ALT: () => {
                  const clause = this.SUBRULE(this.ruleClause);
                  this.ACTION(() => {
                    if (block.rule)
                      this.error(clause.span.start - this.base, this.lastEnd(), 'The rule is already given for this block: keep one');
                    else block.rule = clause;
                  });
                },
              },
              {
                ALT: () => {
                  const clause = this.SUBRULE(this.objectsClause);
                  this.ACTION(() => {
                    if (block.objects)
                      this.error(
                        clause.span.start - this.base,
                        this.lastEnd(),
                        'The objects are already given for this block: keep one `from ... to ...`',
                      );
                    else block.objects = clause;
                  });
                },
              },
            ],
          }),
      });
    const openBrace = this.expect(1, T.LBrace, () => `Expected \`{\` after ${quoted(object)} to open the block`);
    if (openBrace) block.openBrace = openBrace;
    if (this.RECORDING_PHASE || !this.endsBlock())
      this.MANY({
        GATE: () => !this.endsBlock(),
        DEF: () => this.SUBRULE(this.item, { ARGS: [block] }),
      });
    const closeBrace = this.expect(2, T.RBrace, () => `Expected \`}\` to close the ${quoted(object)} block`);
    if (closeBrace) block.closeBrace = closeBrace;
    block.span = this.spanFrom(start);
    return this.finish(block, before);
  });

  private readonly objectKeywordAlternatives: Array<IOrAlt<BlockObject>> = [
    {
      ALT: () => {
        this.CONSUME(T.Keywords.users);
        return 'users';
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.Keywords.groups);
        return 'groups';
      },
    },
    {
      // `Users {`, `user {`: reported, and the block parsed as the one meant, so its items are still checked.
      GATE: () => this.misspeltBlockObject() !== undefined,
      ALT: () => {
        const object = this.RECORDING_PHASE ? 'users' : this.misspeltBlockObject()!;
        this.misspeltKeyword(1, object, 'A block starts with `users` or `groups`: ');
        return object;
      },
    },
  ];

  /** The block keyword a top-level name followed by `{` or a title means (`Users`, `user`, `grups`), if it is near one. */
  private misspeltBlockObject(): BlockObject | undefined {
    if (this.type() !== T.Identifier || (this.type(1) !== T.LBrace && this.type(1) !== T.StringLiteral)) return undefined;
    return closest(this.image(), BLOCK_OBJECTS) as BlockObject | undefined;
  }

  /**
   * The setting keyword a name first in an item means (`Enabled false`, `action create`, `Scope "x" {`),
   * when it is near one and what follows fits that setting (a target keeps its name otherwise).
   */
  private misspeltItemKeyword(): 'enabled' | 'actions' | 'scope' | undefined {
    if (this.type() !== T.Identifier) return undefined;
    const keyword = closest(this.image(), ITEM_KEYWORDS);
    const next = this.firstOnLine(1) ? '' : this.image(1).toLowerCase();
    if (keyword === 'enabled') return next === 'true' || next === 'false' ? keyword : undefined;
    if (keyword === 'actions') return ACTIONS.has(next) ? keyword : undefined;
    if (keyword === 'scope') return this.type(1) === T.StringLiteral || this.type(1) === T.LBrace ? keyword : undefined;
    return undefined;
  }

  /** Consumes a name that misspells `keyword`, reporting it: a wrong case is said as such, else `otherwise` leads. */
  private misspeltKeyword(index: number, keyword: string, otherwise = ''): void {
    this.error(this.tokenStart(), this.tokenEnd(), misspeltKeywordMessage(this.image(), keyword, otherwise));
    this.consume(index, T.Identifier);
  }

  /** After a mapping, what was expected: the property a name misspells (`mach`, `Match`), else the list. */
  private expectedProperty(): string {
    const property = this.isName() ? closest(this.image(), PROPERTY_NAMES) : undefined;
    if (!property) return 'expected `match`, `default`, `on create`, `always` or a new line';
    const message = misspeltKeywordMessage(this.image(), property, '', 'keywords are lower case, ');
    return message[0].toLowerCase() + message.slice(1);
  }

  /** Does a block start here at the top level: its keyword, or a name that misspells it? */
  private isBlockStart(): boolean {
    return this.isBlockKeyword() || this.misspeltBlockObject() !== undefined;
  }

  /** `from` or `rule` after the block keyword, on its line: a clause of the block's Entra identity. */
  private startsBlockClause(): boolean {
    return this.isName() && !this.firstOnLine() && (this.image() === 'from' || this.image() === 'rule');
  }

  /** The block the item rule is in (items do not nest), for its alternatives, which are built once like primary's. */
  private itemBlock!: Mutable<ObjectBlock>;
  private readonly itemAlternatives: OrMethodOpts<void> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.type(1) !== T.Arrow && (this.type() === T.Keywords.enabled || this.misspeltItemKeyword() === 'enabled'),
        ALT: () => {
          const block = this.itemBlock;
          const setting = this.SUBRULE(this.enabledSetting);
          this.ACTION(() => {
            if (block.enabled)
              this.error(
                setting.span.start - this.base,
                setting.span.end - this.base,
                `\`enabled\` is already set in this ${quoted(block.object)} block: keep one`,
              );
            else block.enabled = setting;
          });
        },
      },
      {
        GATE: () => this.type(1) !== T.Arrow && (this.type() === T.Keywords.actions || this.misspeltItemKeyword() === 'actions'),
        ALT: () => {
          const block = this.itemBlock;
          const setting = this.SUBRULE(this.actionsSetting);
          this.ACTION(() => {
            if (block.actions)
              this.error(
                setting.span.start - this.base,
                setting.span.end - this.base,
                `\`actions\` is already set in this ${quoted(block.object)} block: keep one`,
              );
            else block.actions = setting;
          });
        },
      },
      {
        GATE: () => this.type(1) !== T.Arrow && (this.type() === T.Keywords.scope || this.misspeltItemKeyword() === 'scope'),
        ALT: () => {
          const block = this.itemBlock;
          const scope = this.SUBRULE(this.scope);
          this.ACTION(() => block.scopes.push(scope));
        },
      },
      {
        // `target "..."` in any case (`Target "x"` is no attribute mapping either).
        GATE: () =>
          (this.type() === T.Keywords.target || (this.type() === T.Identifier && this.image().toLowerCase() === 'target')) &&
          this.type(1) === T.StringLiteral,
        ALT: () =>
          this.SUBRULE2(this.junk, {
            ARGS: [`The target is declared once for the whole file, at its top, outside the \`${this.itemBlock?.object}\` block`],
          }),
      },
      {
        GATE: () => this.type() !== T.StringLiteral || this.startsQuotedTarget(),
        ALT: () => {
          const block = this.itemBlock;
          const mapping = this.SUBRULE(this.mapping);
          this.ACTION(() => block.mappings.push(mapping));
        },
      },
      {
        ALT: () =>
          this.SUBRULE(this.junk, {
            ARGS: [`Expected an attribute mapping (\`target <- source\`), \`enabled\`, \`actions\` or \`scope\`, found ${this.describe()}`],
          }),
      },
    ],
  };

  /** `rule "USER_OUTBOUND_USER"` in a block header. */
  readonly ruleClause = this.RULE('ruleClause', (): RuleClause => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    this.CONSUME(T.Identifier);
    const value = this.headerString(1, () => "Expected the synchronization rule's name or id in quotes after `rule`");
    return this.finish({ kind: 'rule', span: this.spanFrom(start), keyword, value }, before);
  });

  /** `from "User" to "urn:...:User"` in a block header. */
  readonly objectsClause = this.RULE('objectsClause', (): ObjectsClause => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    this.CONSUME(T.Identifier);
    const source = this.headerString(1, () => 'Expected the Entra source object in quotes after `from`, such as from "User"');
    let target: StringLiteral | undefined;
    this.OR3({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.image() === 'to' && !this.firstOnLine(),
          ALT: () => {
            this.CONSUME2(T.Identifier);
            target = this.headerString(
              2,
              () =>
                'Expected the target object in quotes after `to`, such as to "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
            );
          },
        },
        {
          ALT: () => this.errorAfterPrevious('Expected `to` and the target object after the source object, such as from "User" to "User"'),
        },
      ],
    });
    return this.finish({ kind: 'objects', span: this.spanFrom(start), keyword, source, target }, before);
  });

  /** A quoted header value on the header's line, or the problem reported. */
  private headerString(index: number, message: () => string): StringLiteral | undefined {
    return this.or(index, [
      { GATE: () => !this.firstOnLine(), ALT: () => this.subrule(index, this.stringLiteral) },
      {
        ALT: () => {
          this.errorAfterPrevious(message());
          return undefined;
        },
      },
    ]);
  }

  /** One item of a block: a setting, a scoping filter, a mapping, or junk up to the next line that starts one. */
  readonly item = this.RULE('item', (block: Mutable<ObjectBlock>): void => {
    this.itemBlock = block;
    this.OR(this.itemAlternatives);
  });

  readonly enabledSetting = this.RULE('enabledSetting', (): EnabledSetting => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    // The keyword, else the name that misspells it (the item's gate chose this rule for it).
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(T.Keywords.enabled) }, { ALT: () => this.misspeltKeyword(1, 'enabled') }],
    });
    let value = true;
    let valueSpan = this.span(this.lastEnd(), this.lastEnd());
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            valueSpan = this.tokenSpan();
            this.CONSUME(T.Keywords.true);
          },
        },
        {
          ALT: () => {
            value = false;
            valueSpan = this.tokenSpan();
            this.CONSUME(T.Keywords.false);
          },
        },
        {
          GATE: () => !this.firstOnLine(),
          ALT: () => {
            const written = this.image();
            value = written.toLowerCase() !== 'false';
            valueSpan = this.tokenSpan();
            this.error(this.tokenStart(), this.tokenEnd(), `Expected \`true\` or \`false\` after \`enabled\`, found ${quoted(written)}`);
            this.CONSUME(T.Identifier);
          },
        },
        { ALT: () => this.errorAfterPrevious('Expected `true` or `false` after `enabled`') },
      ],
    });
    return this.finish({ kind: 'enabled', span: this.spanFrom(start), keyword, value, valueSpan }, before);
  });

  readonly actionsSetting = this.RULE('actionsSetting', (): ActionsSetting => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    // The keyword, else the name that misspells it (the item's gate chose this rule for it).
    this.OR4({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(T.Keywords.actions) }, { ALT: () => this.misspeltKeyword(4, 'actions') }],
    });
    const actions: Array<Name & { action: TargetAction | undefined }> = [];
    const action = () => {
      const name = this.name();
      actions.push({ ...name, action: ACTIONS.has(name.text) ? (name.text as TargetAction) : undefined });
    };
    let done = false;
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.type(1) !== T.Arrow,
          ALT: () => {
            action();
            this.CONSUME(T.Identifier);
          },
        },
        {
          ALT: () => {
            this.errorAfterPrevious('Expected the target object actions after `actions`: create, update, delete');
            done = true;
          },
        },
      ],
    });
    this.MANY({
      GATE: () => !done && (this.type() === T.Comma || this.isNextAction()),
      DEF: () =>
        this.OR2([
          {
            ALT: () => {
              this.CONSUME(T.Comma);
              this.OR3({
                IGNORE_AMBIGUITIES: true,
                DEF: [
                  {
                    GATE: () => this.isNextAction(),
                    ALT: () => {
                      action();
                      this.CONSUME2(T.Identifier);
                    },
                  },
                  {
                    ALT: () => {
                      this.errorAfterPrevious('Expected an action (create, update or delete) after `,`');
                      done = true;
                    },
                  },
                ],
              });
            },
          },
          {
            ALT: () => {
              this.errorAfterPrevious('Expected `,` between actions');
              action();
              this.CONSUME3(T.Identifier);
            },
          },
        ]),
    });
    return this.finish({ kind: 'actions', span: this.spanFrom(start), keyword, actions: fitted(actions) }, before);
  });

  // ---- mappings ----

  readonly mapping = this.RULE('mapping', (): AttributeMapping => {
    const before = this.errorsFound;
    this.abandonedDeepExpression = false;
    const start = this.tokenStart();
    const target = this.SUBRULE(this.target);
    let arrow: Span | undefined;
    let sourceAfterArrow = true;
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            arrow = this.tokenSpan();
            this.CONSUME(T.Arrow);
          },
        },
        {
          // `title = [jobTitle]`, `title -> [jobTitle]`, `title => [x]`: the arrow mistyped, one error at it; the source is read as after `<-`.
          GATE: () => (COMPARISON_OPERATORS.has(this.type()) || this.type() === T.MistypedArrow) && !this.firstOnLine(),
          ALT: () => {
            const start = this.tokenStart();
            this.CONSUME(T.AnyToken);
            // `=>` lexes as `=` then `>`: one arrow.
            if (this.RECORDING_PHASE || (COMPARISON_OPERATORS.has(this.type()) && this.tokenStart() === this.lastEnd()))
              this.OPTION2(() => this.CONSUME2(T.AnyToken));
            this.error(
              start,
              this.lastEnd(),
              `Write the mapping arrow \`<-\` between the target and its source, not ${quoted(this.src.slice(start, this.lastEnd()))}`,
            );
          },
        },
        {
          ALT: () => {
            this.errorAfterPreviousOnce(`Expected \`<-\` after the target attribute ${quoted(target.text)}`);
            sourceAfterArrow = false;
          },
        },
      ],
    });
    const source = this.SUBRULE(this.source, { ARGS: [sourceAfterArrow] });
    const properties: MappingProperty[] = [];
    // As in expression: no loop objects built when the loop cannot run (the grammar recording still sees it).
    if (this.RECORDING_PHASE || this.isPropertyKeyword())
      this.MANY({ GATE: () => this.isPropertyKeyword(), DEF: () => properties.push(this.SUBRULE(this.property)) });
    if (this.RECORDING_PHASE || !this.atItemBoundary()) {
      this.OPTION({
        GATE: () => !this.atItemBoundary(),
        DEF: () =>
          this.SUBRULE(this.junk, {
            // After a mistake on this line (`on creat`, `match x`), the rest of it is that mistake's, not another.
            ARGS: [
              this.errorsFound > before && this.onLastErrorLine()
                ? undefined
                : `Unexpected ${this.describe()} after the mapping of ${quoted(target.text)}: ${this.expectedProperty()}`,
            ],
          }),
      });
    }
    return this.finish({ kind: 'mapping', span: this.spanFrom(start), target, arrow, source, properties: fitted(properties) }, before);
  });

  /** Whether the source follows an `<-` (else the arrow is missing), for the alternatives, built once like primary's. */
  private sourceAfterArrow = false;
  private readonly sourceAlternatives: OrMethodOpts<MappingSource> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        GATE: () => this.type(1) !== T.LParen,
        ALT: (): MappingSource => {
          const span = this.tokenSpan();
          this.CONSUME(T.Keywords.none);
          return { kind: 'none', span };
        },
      },
      {
        // `None`, as the portal names the mapping type: the none source, in the wrong case.
        GATE: () => this.type() === T.Identifier && this.image().toLowerCase() === 'none' && this.type(1) !== T.LParen,
        ALT: (): MappingSource => {
          const span = this.tokenSpan();
          this.misspeltKeyword(1, 'none');
          return { kind: 'none', span, recovered: true };
        },
      },
      {
        GATE: () => (this.sourceAfterArrow || !this.firstOnLine()) && this.canStartExpression(),
        ALT: () => {
          const afterArrow = this.sourceAfterArrow;
          return this.expressionSource(this.SUBRULE(this.expression, { ARGS: [0] }), afterArrow);
        },
      },
      { ALT: () => this.expressionSource(undefined, this.sourceAfterArrow) },
    ],
  };

  readonly source = this.RULE('source', (afterArrow: boolean): MappingSource => {
    this.sourceAfterArrow = afterArrow;
    return this.OR(this.sourceAlternatives);
  });

  readonly property = this.RULE('property', (): MappingProperty => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: (): MappingProperty => {
            this.CONSUME(T.Keywords.match);
            let precedence: number | undefined;
            let valueSpan: Span | undefined;
            const raw = this.image();
            const number = this.expect(
              1,
              T.NumberLiteral,
              () => 'Expected the matching precedence after `match`: a whole number such as 1',
            );
            if (number) {
              valueSpan = number;
              if (/^[0-9]+$/.test(raw)) precedence = Number(raw);
              else
                this.error(
                  number.start - this.base,
                  number.end - this.base,
                  `The matching precedence must be a whole number such as 1, not ${quoted(raw)}`,
                );
            }
            return this.finish({ kind: 'match', span: this.spanFrom(start), keyword, precedence, valueSpan }, before);
          },
        },
        {
          ALT: (): MappingProperty => {
            this.CONSUME(T.Keywords.default);
            let value: StringLiteral | undefined;
            this.OR2([
              { ALT: () => (value = this.SUBRULE(this.stringLiteral)) },
              { ALT: () => this.errorAfterPrevious('Expected a quoted value after `default`, such as default "Agent"') },
            ]);
            return this.finish({ kind: 'default', span: this.spanFrom(start), keyword, value }, before);
          },
        },
        {
          ALT: (): MappingProperty => {
            this.CONSUME(T.Keywords.on);
            this.expect(
              2,
              T.Keywords.create,
              () => 'Expected `create` after `on` (`on create` applies the mapping only during object creation)',
            );
            return this.finish({ kind: 'apply', span: this.spanFrom(start), keyword, apply: 'onCreate' }, before);
          },
        },
        {
          ALT: (): MappingProperty => {
            this.CONSUME(T.Keywords.always);
            return { kind: 'apply', span: this.spanFrom(start), keyword, apply: 'always' };
          },
        },
        // `flow ValueAddOnly` or `behavior FlowAlways`: an Entra enum value, spelled exactly.
        { GATE: () => PROPERTY_WORDS.has(this.image()), ALT: () => this.enumProperty(keyword, start, before) },
      ],
    });
  });

  /** The `flow` or `behavior` alternative of the property rule. */
  private enumProperty(keyword: Name, start: number, before: number): FlowProperty | BehaviorProperty {
    const isFlow = keyword.text === 'flow';
    const allowed: readonly string[] = isFlow ? FLOW_TYPES : FLOW_BEHAVIORS;
    let value: Name | undefined;
    this.CONSUME(T.Identifier);
    this.OR3([
      {
        GATE: () => !this.firstOnLine(),
        ALT: () => {
          const name = this.name();
          value = name;
          this.CONSUME2(T.Identifier);
          if (!allowed.includes(name.text))
            this.error(
              name.span.start - this.base,
              name.span.end - this.base,
              `${quoted(name.text)} is not an Entra ${isFlow ? 'flowType' : 'flowBehavior'}: use ${allowed.join(', ')}`,
            );
        },
      },
      {
        ALT: () =>
          this.errorAfterPrevious(`Expected the ${isFlow ? 'flowType' : 'flowBehavior'} after \`${keyword.text}\`: ${allowed.join(', ')}`),
      },
    ]);
    const known = value && allowed.includes(value.text) ? value.text : undefined;
    const span = this.spanFrom(start);
    const property: FlowProperty | BehaviorProperty = isFlow
      ? { kind: 'flow', span, keyword, value, flowType: known as FlowType | undefined }
      : { kind: 'behavior', span, keyword, value, behavior: known as FlowBehavior | undefined };
    return this.finish(property, before);
  }

  // ---- target paths ----

  readonly target = this.RULE('target', (): TargetPath => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const segments: PathSegment[] = [];
    let schema: Name | undefined;
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // `urn:...:2.0:User:` right before a quoted attribute name.
          GATE: () => this.type() === T.Urn && this.src.charCodeAt(this.tokenEnd() - 1) === 58 /* : */,
          ALT: () => {
            const image = this.image();
            schema = { text: image.slice(0, -1), span: this.span(start, start + image.length - 1) };
            this.CONSUME2(T.Urn);
            segments.push(this.quotedSegment(1, () => this.OPTION4(() => this.SUBRULE4(this.valueFilter))));
          },
        },
        {
          ALT: () => {
            const image = this.image();
            const colon = image.lastIndexOf(':');
            schema = { text: image.slice(0, colon), span: this.span(start, start + colon) };
            this.CONSUME(T.Urn);
            const parts = image.slice(colon + 1).split('.');
            let offset = start + colon + 1;
            for (const part of parts.slice(0, -1)) {
              if (part === '') this.error(offset, offset + 1, 'Expected an attribute name here');
              else segments.push(this.segment(this.urnAttributePart(part, offset), undefined));
              offset += part.length + 1;
            }
            // Without a quoted name after it, the lexer ends a URN on a name character: its last part is never empty.
            const last = parts[parts.length - 1];
            segments.push(
              this.segment(
                this.urnAttributePart(last, offset),
                this.OPTION(() => this.SUBRULE(this.valueFilter)),
              ),
            );
          },
        },
        { ALT: () => segments.push(this.plainSegment(1, () => this.OPTION2(() => this.SUBRULE2(this.valueFilter)))) },
        {
          ALT: () => segments.push(this.quotedSegment(2, () => this.OPTION5(() => this.SUBRULE5(this.valueFilter)))),
        },
      ],
    });
    // `emails[type eq "work"]value`: the sub-attribute is read, its missing `.` reported once.
    if (this.RECORDING_PHASE || this.missingDotAfterFilter())
      this.OPTION7(() => {
        this.errorAfterPrevious(`Expected \`.\` before the sub-attribute ${quoted(this.image())}`);
        segments.push(this.plainSegment(4, () => undefined));
      });
    let done = false;
    if (this.RECORDING_PHASE || this.type() === T.Dot) {
      this.MANY({
        GATE: () => !done,
        DEF: () => {
          const dot = this.tokenSpan();
          this.CONSUME(T.Dot);
          // A name on the next line is the next item's target (`x.` half typed), not this one's sub-attribute.
          this.OR2([
            {
              GATE: () => !this.firstOnLine(),
              ALT: () => segments.push(this.plainSegment(2, () => this.OPTION3(() => this.SUBRULE3(this.valueFilter)))),
            },
            {
              // `emails.[type eq "work"].value`: the filter of the name before the dot, the dot reported once.
              GATE: () => !this.firstOnLine() && segments.at(-1)?.filter === undefined,
              ALT: () => {
                const filter = this.SUBRULE7(this.valueFilter);
                if (this.RECORDING_PHASE) return;
                const last = segments[segments.length - 1];
                segments[segments.length - 1] = { ...this.segment(last.name, filter), ...(last.quoted && { quoted: true }) };
                this.error(
                  dot.start - this.base,
                  dot.end - this.base,
                  `A value filter follows its attribute name without a \`.\`: write ${quoted(`${last.name.text}${this.src.slice(filter.span.start - this.base, filter.span.end - this.base)}`)}`,
                );
              },
            },
            {
              GATE: () => !this.firstOnLine(),
              ALT: () => segments.push(this.quotedSegment(3, () => this.OPTION6(() => this.SUBRULE6(this.valueFilter)))),
            },
            {
              ALT: () => {
                this.errorAfterPrevious('Expected a sub-attribute name after `.`, such as `value`');
                done = true;
              },
            },
          ]);
        },
      });
    }
    const text = this.src.slice(start, this.lastEnd());
    const name = this.RECORDING_PHASE ? text : entraTargetName(text, start + this.base, segments);
    return this.finish({ kind: 'target', span: this.spanFrom(start), text, name, schema, segments: fitted(segments) }, before);
  });

  /**
   * A name after a URN's last `:` (or a dot after it). The URN's own characters (`~`, `é`, `(`) belong
   * to the schema: a name that holds one is reported, with how to write it.
   */
  private urnAttributePart(part: string, offset: number): Name {
    if (!URN_ATTRIBUTE_PART.test(part))
      this.error(offset, offset + part.length, `${quoted(part)} is not a plain attribute name: write it in double quotes, \`"${part}"\``);
    return { text: part, span: this.span(offset, offset + part.length) };
  }

  /** A name right after a value filter's `]` (`emails[type eq "work"]value`): a sub-attribute whose `.` is missing. */
  private missingDotAfterFilter(): boolean {
    return this.isName() && this.LA(0).tokenType === T.RBracket && this.tokenStart() === this.lastEnd();
  }

  /** A plain attribute name in a target path (`cost-center`) and its value filter, if any. */
  private plainSegment(index: number, filter: () => ValueFilter | undefined): PathSegment {
    const name = this.name();
    this.consume(index, T.Identifier);
    return this.segment(name, filter());
  }

  /** A quoted attribute name in a target path (`"Département"`) and its value filter, if any. */
  private quotedSegment(index: number, filter: () => ValueFilter | undefined): PathSegment {
    const string = this.subrule(index, this.stringLiteral);
    if (this.RECORDING_PHASE) return this.segment({ text: '', span: string.span }, filter());
    if (string.quote === "'")
      this.error(string.span.start - this.base, string.span.end - this.base, 'Quote an attribute name with double quotes "');
    else if (string.value === '')
      this.error(string.span.start - this.base, string.span.end - this.base, 'An attribute name cannot be empty');
    return { ...this.segment({ text: string.value, span: string.span }, filter()), quoted: true };
  }

  readonly valueFilter = this.RULE('valueFilter', (): ValueFilter => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    this.CONSUME(T.LBracket);
    const comparisons: FilterComparison[] = [this.SUBRULE(this.filterComparison)];
    this.MANY({
      GATE: () => this.image().toLowerCase() === 'and',
      DEF: () => {
        this.CONSUME(T.Identifier);
        comparisons.push(this.SUBRULE2(this.filterComparison));
      },
    });
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.RBracket) },
        {
          GATE: () => !(this.type() === T.Arrow || this.type() === T.Dot || this.firstOnLine()),
          ALT: () => {
            this.error(this.tokenStart(), this.tokenEnd(), `Expected \`]\` to close the value filter, found ${this.describe()}`);
            this.CONSUME(T.AnyToken);
            this.MANY2({
              GATE: () => !(this.type() === T.RBracket || this.type() === T.Arrow || this.firstOnLine()),
              DEF: () => this.CONSUME2(T.AnyToken),
            });
            this.OPTION(() => this.CONSUME2(T.RBracket));
          },
        },
        { ALT: () => this.errorAfterPreviousOnce('Expected `]` to close the value filter') },
      ],
    });
    return this.finish({ kind: 'valueFilter', span: this.spanFrom(start), comparisons: fitted(comparisons) }, before);
  });

  readonly filterComparison = this.RULE('filterComparison', (): FilterComparison => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const attribute = this.expectName(1, () =>
      this.type() === T.RBracket
        ? 'Expected a comparison in the value filter, such as type eq "work"'
        : 'Expected an attribute name in the value filter, such as `type`',
    );
    // With no attribute (`emails[]`), the operator and value missing too are that one mistake.
    const reported = this.errorsFound > before;
    let written: Name | undefined;
    // `type = "work"`: read as the operator, which validation reports with `eq` as the fix (filter-operator).
    if (this.RECORDING_PHASE || (!reported && COMPARISON_OPERATORS.has(this.type()) && !this.firstOnLine()))
      this.OPTION(() => {
        written = this.name();
        this.CONSUME(T.AnyToken);
      });
    if (this.RECORDING_PHASE || (!reported && !written))
      written = this.expectName(2, () => `Expected \`eq\` after ${quoted(attribute.text)}`);
    const operator: Name = written ?? { text: '', span: this.span(this.lastEnd(), this.lastEnd()), recovered: true };
    const value = this.OR3({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.stringLiteral) },
        {
          // `type eq work`: the value meant, reported once.
          GATE: () => this.isName() && !this.firstOnLine() && (this.type(1) === T.RBracket || this.image(1).toLowerCase() === 'and'),
          ALT: (): StringLiteral => {
            const written = this.image();
            const span = this.tokenSpan();
            this.error(this.tokenStart(), this.tokenEnd(), `Put the filter value in double quotes: "${written}"`);
            this.CONSUME3(T.Identifier);
            return { kind: 'string', span, value: written, quote: '"', recovered: true };
          },
        },
        {
          ALT: (): StringLiteral => {
            if (!this.RECORDING_PHASE && this.errorsFound === before)
              this.errorAfterPrevious(`Expected a quoted value after ${quoted(operator.text || 'eq')}, such as "work"`);
            return { kind: 'string', span: this.span(this.lastEnd(), this.lastEnd()), value: '', quote: '"', recovered: true };
          },
        },
      ],
    });
    return this.finish({ kind: 'comparison', span: this.spanFrom(start), attribute, operator, value }, before);
  });

  // ---- scoping filters ----

  readonly scope = this.RULE('scope', (): ScopeFilter => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const keyword = this.name();
    // The keyword, else the name that misspells it (the item's gate chose this rule for it).
    this.OR4({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(T.Keywords.scope) }, { ALT: () => this.misspeltKeyword(1, 'scope') }],
    });
    let title: StringLiteral | undefined;
    this.OR([
      { ALT: () => (title = this.SUBRULE(this.stringLiteral)) },
      { ALT: () => this.errorAfterPrevious('Expected the scoping filter\'s title in quotes after `scope`, such as scope "Sales only"') },
    ]);
    const clauses: ScopeClause[] = [];
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.MANY3({
            GATE: () => this.type() !== T.RBrace && (this.startsClause() || !(this.firstOnLine() && this.startsItem())),
            DEF: () =>
              this.OR3({
                IGNORE_AMBIGUITIES: true,
                DEF: [
                  { GATE: () => this.startsClause(), ALT: () => clauses.push(this.SUBRULE(this.clause)) },
                  {
                    ALT: () =>
                      this.SUBRULE(this.junk, {
                        ARGS: [`Expected a clause such as [department] EQUALS "Sales", found ${this.describe()}`],
                      }),
                  },
                ],
              }),
          });
          this.expect(1, T.RBrace, () => 'Expected `}` to close the scoping filter');
        },
      },
      {
        ALT: () => {
          this.errorAfterPrevious('Expected `{` to open the scoping filter');
          // Its clauses (on its line or below) are still its clauses, and a `}` after them closes it unless the block ends there.
          // Only a bracketed attribute is surely a clause here (`enabled false` on the next line is a setting).
          this.MANY2({
            GATE: () => this.type() === T.AttributeRef || this.type() === T.LBracket,
            DEF: () => clauses.push(this.SUBRULE2(this.clause)),
          });
          if (this.RECORDING_PHASE || (clauses.length > 0 && this.type() === T.RBrace && !this.closesBlock(1)))
            this.OPTION(() => this.CONSUME(T.RBrace));
        },
      },
    ]);
    return this.finish({ kind: 'scope', span: this.spanFrom(start), keyword, title, clauses: fitted(clauses) }, before);
  });

  readonly clause = this.RULE('clause', (): ScopeClause => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const attribute = this.OR([{ ALT: () => this.SUBRULE(this.bracketlessAttribute) }, { ALT: () => this.SUBRULE(this.attributeRef) }]);
    const operator = this.SUBRULE(this.scopeOperator, { ARGS: [attribute] });
    let value: StringLiteral | NumberLiteral | undefined;
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => (value = this.SUBRULE(this.stringLiteral)) },
        { ALT: () => (value = this.SUBRULE(this.numberLiteral)) },
        {
          GATE: () => !this.firstOnLine(),
          ALT: () => {
            const written = this.image();
            this.error(this.tokenStart(), this.tokenEnd(), `Put the value in double quotes: "${written}"`);
            value = { kind: 'string', span: this.tokenSpan(), value: written, quote: '"', recovered: true };
            this.CONSUME(T.Identifier);
          },
        },
        { ALT: () => undefined },
      ],
    });
    return this.finish({ kind: 'clause', span: this.spanFrom(start), attribute, operator, value }, before);
  });

  /** A scoping operator: the longest of scoping-operators.json's spelled here (any case), else one word, reported by validation. */
  readonly scopeOperator = this.RULE('scopeOperator', (attribute: AttributeRef): Name => {
    let words = 0;
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => (words = this.knownOperatorWords()) > 0,
          ALT: (): Name => {
            const start = this.tokenStart();
            const written: string[] = [this.image()];
            this.CONSUME(T.OperatorWord);
            this.MANY({
              GATE: () => written.length < words,
              DEF: () => {
                written.push(this.image());
                this.CONSUME2(T.OperatorWord);
              },
            });
            return { text: written.join(' '), span: this.spanFrom(start) };
          },
        },
        {
          GATE: () => !this.firstOnLine(),
          ALT: (): Name => {
            // An unknown operator of several words (`IS MEMBER OF "Sales"`) is one operator, not a word and
            // stray values, when a value in quotes (or a number) ends the words on the line.
            const start = this.tokenStart();
            const words = this.unknownOperatorWords();
            const written: string[] = [this.image()];
            this.CONSUME3(T.OperatorWord);
            this.MANY2({
              GATE: () => written.length < words,
              DEF: () => {
                written.push(this.image());
                this.CONSUME4(T.OperatorWord);
              },
            });
            return { text: written.join(' '), span: this.spanFrom(start) };
          },
        },
        {
          ALT: (): Name => {
            this.errorAfterPrevious(`Expected an operator after \`[${attribute?.name}]\`, such as EQUALS, IS TRUE or REGEX MATCH`);
            return { text: '', span: this.span(this.lastEnd(), this.lastEnd()), recovered: true };
          },
        },
      ],
    });
  });

  // ---- expressions ----

  /** A comparison operator, or `<-` directly followed by a number (`[x]<-10`: `<` then `-10`); built once, like primary's alternatives. */
  private readonly comparisonOperators: Array<IOrAlt<IToken | NumberLiteral>> = [
    { ALT: () => this.CONSUME(T.Equal) },
    { ALT: () => this.CONSUME(T.NotEqual) },
    { ALT: () => this.CONSUME(T.Greater) },
    { ALT: () => this.CONSUME(T.GreaterEqual) },
    { ALT: () => this.CONSUME(T.Less) },
    { ALT: () => this.CONSUME(T.LessEqual) },
    {
      // `[x]<-10` inside a condition: `<` then `-10`, never a mapping arrow.
      ALT: () => {
        const at = this.tokenStart();
        this.CONSUME(T.Arrow);
        const right: NumberLiteral = { kind: 'number', span: this.span(at + 1, this.tokenEnd()), raw: `-${this.image()}`, hex: false };
        this.CONSUME(T.NumberLiteral);
        return right;
      },
    },
  ];

  /**
   * `concatenation { comparisonOperator concatenation }`, the concatenations written out in place:
   * one rule less per nesting level keeps the stack shallow (calls nest expressions in expressions).
   */
  readonly expression = this.RULE('expression', (depth: number): Expression | undefined => {
    let left = this.concatenation(1, depth);
    if (left === undefined) return undefined;
    // Most expressions have no comparison: do not build the loop's closures for nothing (in parses, not in recording the grammar).
    if (!this.RECORDING_PHASE && !this.continuesComparison(depth, 1)) return left;
    let operators = 0;
    let abandoned = false;
    this.MANY({
      GATE: () => !abandoned && this.continuesComparison(depth, operators + 1),
      DEF: () => {
        operators++;
        if (depth + operators > MAX_NESTING) {
          left = this.SUBRULE(this.abandonExpression, { ARGS: [left!] });
          abandoned = true;
          return;
        }
        const operatorSpan = this.tokenSpan();
        const operator = COMPARISON_OPERATORS.get(this.type()) ?? '<';
        const right = this.OR(this.comparisonOperators);
        const lessThanNegative = !this.RECORDING_PHASE && 'kind' in right;
        const operand = lessThanNegative ? right : (this.concatenation(2, depth) ?? this.missingOperand(operator));
        if (this.RECORDING_PHASE) return;
        left = lessThanNegative
          ? this.binary({
              kind: 'comparison',
              operator: '<',
              operatorSpan: { start: operatorSpan.start, end: operatorSpan.start + 1 },
              left: left!,
              right: operand,
            })
          : this.binary({ kind: 'comparison', operator, operatorSpan, left: left!, right: operand });
      },
    });
    return left;
  });

  /** `primary { "&" primary }`, at DSL occurrence `index` of the expression rule. */
  private concatenation(index: number, depth: number): Expression | undefined {
    let left = this.subrule(2 * index - 1, this.primary, { ARGS: [depth] });
    if (left === undefined) return undefined;
    if (!this.RECORDING_PHASE && this.type() !== T.Ampersand) return left;
    let operators = 0;
    let abandoned = false;
    this.many(index, {
      GATE: () => !abandoned && this.type() === T.Ampersand,
      DEF: () => {
        operators++;
        if (depth + operators > MAX_NESTING) {
          left = this.subrule(index, this.abandonExpression, { ARGS: [left!] });
          abandoned = true;
          return;
        }
        const operatorSpan = this.tokenSpan();
        this.consume(index, T.Ampersand);
        const right = this.subrule(2 * index, this.primary, { ARGS: [depth] }) ?? this.missingOperand('&');
        if (!this.RECORDING_PHASE) left = this.binary({ kind: 'concat', operatorSpan, left: left!, right });
      },
    });
    return left;
  }

  /**
   * The primary rule's alternatives, built once: an OR given a new array of closures on every call
   * spends more on allocating them than on deciding (Chevrotain's "Runtime Performance" guide).
   * Per-call state they need is in `primaryDepth`, read before anything nested can change it.
   */
  private primaryDepth = 0;
  private readonly primaryAlternatives: OrMethodOpts<Expression | undefined> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.attributeRef) },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.SUBRULE(this.numberLiteral) },
      { GATE: () => this.type(1) === T.LParen, ALT: () => this.SUBRULE(this.call, { ARGS: [this.primaryDepth] }) },
      {
        GATE: () => (this.primaryDepth > 0 || this.standalone) && !PROPERTY_KEYWORDS.has(this.type()),
        ALT: (): Expression => {
          const node = { kind: 'enum' as const, span: this.tokenSpan(), name: this.image() };
          this.CONSUME(T.Identifier);
          return node;
        },
      },
      {
        // A name starting a line is the next mapping's target, not this mapping's source.
        GATE: () => !this.firstOnLine(),
        ALT: (): Expression => {
          const span = this.tokenSpan();
          const value = this.type() === T.Keywords.true ? 'True' : 'False';
          this.error(this.tokenStart(), this.tokenEnd(), `Entra has no boolean literals: write the string "${value}"`);
          this.OR2([{ ALT: () => this.CONSUME(T.Keywords.true) }, { ALT: () => this.CONSUME(T.Keywords.false) }]);
          return { kind: 'string', span, value, quote: '"', recovered: true };
        },
      },
      { GATE: () => !this.firstOnLine() && !PROPERTY_KEYWORDS.has(this.type()), ALT: () => this.SUBRULE(this.bracketlessAttribute) },
      { ALT: () => undefined },
    ],
  };

  readonly primary = this.RULE('primary', (depth: number): Expression | undefined => {
    this.primaryDepth = depth;
    return this.OR(this.primaryAlternatives);
  });

  /** `userName <- mail` or `department EQUALS "Sales"`: a source attribute without its brackets. */
  readonly bracketlessAttribute = this.RULE('bracketlessAttribute', (): AttributeRef => {
    const name = this.image();
    const span = this.tokenSpan();
    this.error(this.tokenStart(), this.tokenEnd(), `Source attributes go in brackets: write [${shortened(name)}]`);
    this.CONSUME(T.Identifier);
    return { kind: 'attribute', span, name, nameSpan: { ...span }, recovered: true };
  });

  readonly attributeRef = this.RULE('attributeRef', (): AttributeRef => {
    const start = this.tokenStart();
    return this.OR([
      {
        ALT: (): AttributeRef => {
          // Only a name holding a quote comes without its `]` (`[o'brien, [mail]`): the lexer ends it there.
          const closed = this.image().endsWith(']');
          const name = this.image().slice(1, closed ? -1 : undefined);
          const node: AttributeRef = {
            kind: 'attribute',
            span: this.tokenSpan(),
            name,
            nameSpan: this.span(start + 1, this.tokenEnd() - (closed ? 1 : 0)),
          };
          if (name.trim() === '') this.error(start, this.tokenEnd(), 'Expected an attribute name between `[` and `]`, such as [mail]');
          // The lexer ends `[o'brien]` at its `]` so that the rest of the line parses.
          if (this.reportQuoteInName(name, start + 1, closed)) this.markRecovered(node);
          this.CONSUME(T.AttributeRef);
          return node;
        },
      },
      {
        // A `[` the lexer could not close on its line: take the adjacent name, report the missing `]`.
        ALT: (): AttributeRef => {
          this.CONSUME(T.LBracket);
          const nameStart = this.tokenStart();
          this.MANY({
            GATE: () => this.type() !== T.RBracket && this.tokenStart() === this.lastEnd() && !this.firstOnLine(),
            DEF: () => this.CONSUME(T.AnyToken),
          });
          const name = this.src.slice(nameStart, Math.max(nameStart, this.lastEnd()));
          const nameSpan = this.span(nameStart, Math.max(nameStart, this.lastEnd()));
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.RBracket);
                this.error(start, this.lastEnd(), `Expected an attribute name between \`[\` and \`]\`, such as [mail]`);
              },
            },
            {
              ALT: () => {
                // A quote inside the brackets is the cause: said at the quote (its string may have swallowed the `]`).
                if (!this.reportQuoteInName(name, nameStart, name.includes(']'))) this.errorAfterPrevious(unclosedAttributeMessage(name));
              },
            },
          ]);
          return { kind: 'attribute', span: this.spanFrom(start), name, nameSpan, recovered: true };
        },
      },
    ]);
  });

  readonly call = this.RULE('call', (depth: number): Expression => {
    const before = this.errorsFound;
    const start = this.tokenStart();
    const name = this.name();
    this.CONSUME(T.Identifier);
    const openParen = this.tokenSpan();
    this.CONSUME(T.LParen);
    if (depth >= MAX_NESTING) return this.SUBRULE(this.abandonExpression, { ARGS: [{ kind: 'error', span: this.spanFrom(start) }] });
    const call: CallInProgress = {
      name,
      depth,
      args: [],
      argSpans: [],
      slotStart: openParen.end - this.base,
      slot: null,
      commas: 0,
      closeParen: undefined,
    };
    const enclosing = this.callInProgress;
    this.callInProgress = call;
    this.MANY(this.callArguments);
    this.callInProgress = enclosing;
    if (call.closeParen === undefined) {
      if (call.slot !== null || call.commas > 0) this.finishSlot(call, this.lastEnd());
      if (!this.abandonedDeepExpression) this.errorAfterPrevious(`Expected \`)\` to close ${quoted(`${name.text}(`)}`);
    }
    return this.finish(
      {
        kind: 'call',
        span: this.spanFrom(start),
        name,
        openParen,
        closeParen: call.closeParen,
        args: fitted(call.args),
        argSpans: fitted(call.argSpans),
      },
      before,
    );
  });

  /**
   * The call whose arguments are being parsed. Its loop and alternatives are built once (a call has
   * one per argument token, and a 1 MB file tens of thousands of calls); calls nest, so an
   * alternative that parses an argument puts its call back after it.
   */
  private callInProgress!: CallInProgress;
  private readonly callArguments: DSLMethodOptsWithErr<void> = {
    GATE: () => this.callInProgress.closeParen === undefined && !this.isSyncPoint(),
    DEF: () => this.OR(this.callArgumentAlternatives),
  };
  private readonly callArgumentAlternatives: OrMethodOpts<void> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: () => {
          const call = this.callInProgress;
          this.finishSlot(call, this.tokenStart());
          this.CONSUME(T.Comma);
          call.slotStart = this.lastEnd();
          call.commas++;
        },
      },
      {
        ALT: () => {
          const call = this.callInProgress;
          if (call.slot !== null || call.commas > 0) this.finishSlot(call, this.tokenStart());
          call.closeParen = this.tokenSpan();
          this.CONSUME(T.RParen);
        },
      },
      {
        GATE: () => this.canStartExpression(),
        ALT: () => {
          const call = this.callInProgress;
          if (call.slot !== null) {
            this.error(
              this.tokenStart(),
              this.tokenEnd(),
              `Expected \`,\` between the arguments of ${quoted(call.name.text)}, or \`)\` to close it, found ${this.describe()}`,
            );
            this.finishSlot(call, this.tokenStart());
            call.slotStart = this.tokenStart();
          }
          call.slot = this.SUBRULE(this.expression, { ARGS: [call.depth + 1] }) ?? null;
          this.callInProgress = call;
        },
      },
      {
        ALT: () => {
          this.error(
            this.tokenStart(),
            this.tokenEnd(),
            `Unexpected ${this.describe()} in the arguments of ${quoted(this.callInProgress.name.text)}`,
          );
          this.CONSUME(T.AnyToken);
        },
      },
    ],
  };

  /** Ends the argument slot being parsed at `end` (relative): its expression, or a hole. */
  private finishSlot(call: CallInProgress, end: number): void {
    call.args.push(call.slot ?? undefined);
    call.argSpans.push(this.span(call.slotStart, end));
    call.slot = null;
  }

  readonly stringLiteral = this.RULE('stringLiteral', (): StringLiteral => {
    const image = this.image();
    const start = this.tokenStart();
    const span = this.tokenSpan();
    this.CONSUME(T.StringLiteral);
    if (this.RECORDING_PHASE) return { kind: 'string', span, value: '', quote: '"' };
    const open = image[0];
    const last = image[image.length - 1];
    const closed = T.scanString(image, 0).closed;
    const wrongQuotes: Span[] = [];
    if (isTypographic(open)) wrongQuotes.push(this.span(start, start + 1));
    if (closed && isTypographic(last)) wrongQuotes.push(this.span(start + image.length - 1, start + image.length));
    const body = closed ? image.slice(1, -1) : image.slice(1);
    const value = body.includes('\\') ? body.replace(open === "'" ? /\\(["'\\])/g : /\\(["\\])/g, '$1') : body;
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
      this.error(start, this.lastEnd(), `Unterminated string: add the closing \`${closer}\` (a string ends on its own line)`);
    }
    const quote = wrongQuotes.length > 0 ? 'typographic' : open === "'" ? "'" : '"';
    const node: StringLiteral = { kind: 'string', span, value, quote };
    return closed ? node : this.markRecovered(node);
  });

  private readonly numberTokens: Array<IOrAlt<IToken>> = [
    { ALT: () => this.CONSUME(T.NumberLiteral) },
    { ALT: () => this.CONSUME(T.HexNumber) },
  ];

  readonly numberLiteral = this.RULE('numberLiteral', (): NumberLiteral => {
    const node: NumberLiteral = { kind: 'number', span: this.tokenSpan(), raw: this.image(), hex: this.type() === T.HexNumber };
    this.OR(this.numberTokens);
    return node;
  });

  /** `scimmap eval --expr`: one expression and nothing after it. */
  readonly standaloneExpression = this.RULE('standaloneExpression', (): Expression | undefined => {
    if (!this.RECORDING_PHASE && this.type() === EOF) {
      this.error(0, this.src.length, 'Expected an expression, such as [mail] or Join(" ", [givenName], [surname])');
      return undefined;
    }
    const expression = this.OPTION({ GATE: () => this.canStartExpression(), DEF: () => this.SUBRULE(this.expression, { ARGS: [0] }) });
    if (!expression) this.error(this.tokenStart(), this.tokenEnd(), `Expected an expression, found ${this.describe()}`);
    this.OPTION2(() => {
      this.error(this.tokenStart(), this.src.length, `Unexpected ${this.describe()} after the expression`);
      this.CONSUME(T.AnyToken);
      this.MANY(() => this.CONSUME2(T.AnyToken));
    });
    return expression;
  });

  // ---- recovery rules ----

  /** Outside any block: everything up to the next `users` or `groups` keyword or `target` declaration, reported once. */
  readonly topLevelJunk = this.RULE('topLevelJunk', (): void => {
    const looksLikeMapping = this.type() === T.Urn || this.startsQuotedTarget() || (this.isName() && this.type(1) === T.Arrow);
    const message = looksLikeMapping
      ? 'Mappings belong inside a `users { ... }` or `groups { ... }` block'
      : `Expected a \`users { ... }\` or \`groups { ... }\` block, the \`target\` declaration or a provisioning setting (\`sync\`, \`deletion threshold\`), found ${this.describe()}`;
    const start = this.tokenStart();
    this.CONSUME(T.AnyToken);
    this.MANY({
      GATE: () => !this.isBlockStart() && !this.isTargetDeclaration() && !this.isCycleSetting(),
      DEF: () => this.CONSUME2(T.AnyToken),
    });
    this.error(start, this.lastEnd(), message);
  });

  /** Skips the tokens up to the next line that starts an item (or the block's `}`), reporting `message` over them if given. */
  readonly junk = this.RULE('junk', (message: string | undefined): void => {
    const start = this.tokenStart();
    this.CONSUME(T.AnyToken);
    this.MANY({ GATE: () => this.type() !== T.RBrace && !(this.firstOnLine() && this.startsItem()), DEF: () => this.CONSUME2(T.AnyToken) });
    if (message !== undefined) this.error(start, this.lastEnd(), message);
  });

  /** Reports an expression nested beyond MAX_NESTING once, and skips the rest of it. */
  readonly abandonExpression = this.RULE('abandonExpression', (partial: Expression): Expression => {
    const start = this.RECORDING_PHASE ? 0 : partial.span.start - this.base;
    this.MANY({ GATE: () => !this.isSyncPoint(), DEF: () => this.CONSUME(T.AnyToken) });
    this.error(start, this.lastEnd(), `Expression nested too deeply (more than ${MAX_NESTING} calls or operators inside each other)`);
    this.abandonedDeepExpression = true;
    return this.markRecovered({ ...partial, span: this.spanFrom(start) });
  });

  // ---- helpers of the rules ----

  /**
   * CONSUME `type` when it is next; otherwise report it missing right after the previous token and
   * go on. Looked at first rather than caught from CONSUME: a file of thousands of unclosed blocks
   * spent most of its parse throwing and catching Chevrotain's exceptions (issue 10 §11).
   */
  private expect(index: number, type: TokenType, message: () => string): Span | undefined {
    if (!this.RECORDING_PHASE && !tokenMatcher(this.LA(1), type)) {
      // Past the errors kept, only counted: a file of thousands of unclosed blocks would make each message for nothing.
      if (this.diagnostics.length > MAX_DIAGNOSTICS) this.errorsFound++;
      else this.errorAfterPrevious(message());
      return undefined;
    }
    const span = this.tokenSpan();
    this.consume(index, type);
    return span;
  }

  private expectName(index: number, message: () => string): Name {
    return this.or(index, {
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => !this.firstOnLine(),
          ALT: (): Name => {
            const name = this.name();
            this.consume(index, T.Identifier);
            return name;
          },
        },
        {
          ALT: (): Name => {
            this.errorAfterPrevious(message());
            return { text: '', span: this.span(this.lastEnd(), this.lastEnd()), recovered: true };
          },
        },
      ],
    });
  }

  private segment(name: Name, filter: ValueFilter | undefined): PathSegment {
    if (this.RECORDING_PHASE) return { kind: 'segment', span: name.span, name };
    const end = filter ? filter.span.end : name.span.end;
    return { kind: 'segment', span: { start: name.span.start, end }, name, filter };
  }

  private expressionSource(expression: Expression | undefined, afterArrow: boolean): MappingSource {
    if (!expression) {
      // `title <- -`: the stray character's lexing error is the one diagnostic.
      if (afterArrow && this.lexErrorBeforeNext()) this.errorsFound++;
      else if (afterArrow)
        this.errorAfterPrevious('Expected a source after `<-`: an attribute such as [mail], a "string", a function call, or `none`');
      const at = this.span(this.lastEnd(), this.lastEnd());
      return {
        kind: 'expression',
        span: at,
        mappingType: 'expression',
        expression: { kind: 'error', span: { ...at }, recovered: true },
        recovered: true,
      };
    }
    if (this.RECORDING_PHASE) return { kind: 'expression', span: { start: 0, end: 0 }, mappingType: 'expression', expression };
    const mappingType = expression.kind === 'attribute' ? 'direct' : expression.kind === 'string' ? 'constant' : 'expression';
    const source: ExpressionSource = { kind: 'expression', span: { ...expression.span }, mappingType, expression };
    return expression.recovered ? this.markRecovered(source) : source;
  }

  private binary(node: Omit<Comparison, 'span'> | Omit<Concatenation, 'span'>): Comparison | Concatenation {
    const span = { start: node.left.span.start, end: node.right.span.end };
    const result = { ...node, span } as Comparison | Concatenation;
    return node.left.recovered || node.right.recovered ? this.markRecovered(result) : result;
  }

  private missingOperand(operator: string): Expression {
    const next = COMPARISON_OPERATORS.get(this.type());
    const slip = next && OPERATOR_SLIPS[operator + next];
    this.errorAfterPrevious(`Expected a value after \`${operator}\`${slip ? `: ${slip}` : ''}`);
    return { kind: 'error', span: this.span(this.lastEnd(), this.lastEnd()), recovered: true };
  }

  /** Does a comparison continue the expression here (or, too deep, one that must be abandoned)? */
  private continuesComparison(depth: number, operators: number): boolean {
    const type = this.type();
    if (COMPARISON_OPERATORS.has(type)) return true;
    if (type !== T.Arrow) return false;
    if (depth + operators > MAX_NESTING) return true;
    return (depth > 0 || this.standalone) && this.type(1) === T.NumberLiteral && this.tokenStart(1) === this.tokenEnd();
  }

  /** How many words of a known scoping operator follow (0: none). */
  private knownOperatorWords(): number {
    for (const words of SCOPE_OPERATOR_WORDS) {
      if (words.every((word, k) => this.isOperatorWord(k) && this.image(k).toUpperCase() === word)) return words.length;
    }
    return 0;
  }

  /**
   * How many words an unknown operator takes: all the words on its line when a value (a string or a
   * number) follows them there (`IS MEMBER OF "Sales"`), else one, so a bare value stays a value to quote.
   */
  private unknownOperatorWords(): number {
    let words = 1;
    while (this.isOperatorWord(words) && !this.firstOnLine(words)) words++;
    const after = this.type(words);
    return (after === T.StringLiteral || after === T.NumberLiteral) && !this.firstOnLine(words) ? words : 1;
  }

  private isNextAction(): boolean {
    return this.isName() && !this.firstOnLine() && this.type(1) !== T.Arrow;
  }

  private startsClause(): boolean {
    const type = this.type();
    return type === T.AttributeRef || type === T.LBracket || (this.isName() && this.isOperatorWord(1) && this.type(2) !== T.Arrow);
  }

  /** Where a block's items end: its `}`, the end, or the next block (`users {`, `groups "Name"`, ...). */
  private endsBlock(): boolean {
    const type = this.type();
    return type === T.RBrace || type === EOF || this.startsNextBlock();
  }

  /** The next block's start, its keyword misspelt or not (`Groups {` first on its line), as at the top level. */
  private startsNextBlock(): boolean {
    return this.startsBlock() || (this.firstOnLine() && this.misspeltBlockObject() !== undefined);
  }

  /** Is the token k ahead where the file's blocks go on (the end, or the next block's start)? */
  private closesBlock(k: number): boolean {
    return this.type(k) === EOF || this.startsBlock(k);
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
    if (type === T.StringLiteral) return this.startsQuotedTarget();
    if (!this.isName()) return false;
    const next = this.type(1);
    return next !== T.LParen && next !== T.Comma && next !== T.RParen;
  }

  /** A string followed by `<-`, `.` or a value filter is a quoted target name (`"Département" <- ...`), never a value. */
  private startsQuotedTarget(): boolean {
    const next = this.type(1);
    return this.type() === T.StringLiteral && (next === T.Arrow || next === T.Dot || next === T.LBracket);
  }

  private canStartExpression(): boolean {
    const type = this.type();
    if (type === T.AttributeRef || type === T.LBracket || type === T.StringLiteral || type === T.NumberLiteral || type === T.HexNumber)
      return true;
    if (!this.isName()) return false;
    return !(PROPERTY_KEYWORDS.has(type) && this.type(1) !== T.LParen);
  }

  // ---- token access (k = 0 is the next token, as LA(1)) ----

  private type(k = 0): TokenType {
    return this.LA(k + 1).tokenType;
  }

  private tokenStart(k = 0): number {
    const token = this.LA(k + 1);
    return token.tokenType === EOF ? this.src.length : token.startOffset;
  }

  private tokenEnd(k = 0): number {
    const token = this.LA(k + 1);
    return token.tokenType === EOF ? this.src.length : token.startOffset + token.image.length;
  }

  /** End of the last consumed token (0 before the first). */
  private lastEnd(): number {
    const token = this.LA(0);
    return token.tokenType === EOF ? 0 : token.startOffset + token.image.length;
  }

  private image(k = 0): string {
    return this.src.slice(this.tokenStart(k), this.tokenEnd(k));
  }

  private isName(k = 0): boolean {
    const type = this.type(k);
    return type === T.Identifier || KEYWORD_TYPES.has(type);
  }

  private isBlockKeyword(k = 0): boolean {
    const type = this.type(k);
    return (type === T.Keywords.users || type === T.Keywords.groups) && this.type(k + 1) !== T.Arrow;
  }

  /** `target "..."` at the top level (`target <- ...` is a mapping written outside a block). */
  /** `sync ...` or `deletion threshold ...` at the top level: ordinary names elsewhere. */
  private isCycleSetting(): boolean {
    if (this.type() !== T.Identifier || this.type(1) === T.Arrow) return false;
    // In any case (`Sync all`, `deletion Threshold 5`): reported as such, and read as meant.
    const word = this.image().toLowerCase();
    return (
      word === 'sync' || (word === 'deletion' && this.isName(1) && this.image(1).toLowerCase() === 'threshold' && !this.firstOnLine(1))
    );
  }

  /** `target "..."`, or `Target "..."` (reported as such, and read as meant). */
  private isTargetDeclaration(): boolean {
    if (this.type() === T.Identifier) return this.image().toLowerCase() === 'target' && this.type(1) === T.StringLiteral;
    return this.type() === T.Keywords.target && this.type(1) !== T.Arrow;
  }

  private isPropertyKeyword(): boolean {
    if (PROPERTY_KEYWORDS.has(this.type())) return this.type(1) !== T.Arrow && this.type(1) !== T.LParen;
    // `flow` and `behavior` stay ordinary names: a property only when an enum value (not a target) follows.
    const next = this.type(2);
    return (
      this.type() === T.Identifier &&
      PROPERTY_WORDS.has(this.image()) &&
      !this.firstOnLine() &&
      this.isName(1) &&
      !this.firstOnLine(1) &&
      next !== T.Arrow &&
      next !== T.Dot &&
      next !== T.LBracket
    );
  }

  /** A block keyword followed by its header (`users {`, `users "Name" ...`, `groups from ...`, `users rule ...`). */
  private startsBlock(k = 0): boolean {
    if (!this.isBlockKeyword(k)) return false;
    const next = this.type(k + 1);
    if (next === T.LBrace || next === T.StringLiteral) return true;
    return next === T.Identifier && (this.image(k + 1) === 'from' || this.image(k + 1) === 'rule') && this.type(k + 2) === T.StringLiteral;
  }

  private isOperatorWord(k: number): boolean {
    const type = this.type(k);
    return type === T.Identifier || KEYWORD_TYPES.has(type) || type === T.Ampersand || type === T.NotAmpersand;
  }

  /** Is the token k ahead (0: the next one) the first on its line (only whitespace and comments before it)? */
  firstOnLine(k = 0): boolean {
    const previous = this.LA(k);
    if (previous.tokenType === EOF) return true;
    const from = previous.startOffset + previous.image.length;
    const to = this.tokenStart(k);
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
    return this.span(this.tokenStart(), this.tokenEnd());
  }

  /** From `start` to the end of the last consumed token; empty at that end when nothing was consumed. */
  private spanFrom(start: number): Span {
    const lastEnd = this.lastEnd();
    return lastEnd < start ? this.span(lastEnd, lastEnd) : this.span(start, lastEnd);
  }

  private span(start: number, end: number): Span {
    return { start: start + this.base, end: end + this.base };
  }

  private describe(): string {
    if (this.type() === EOF) return 'the end of the file';
    const image = this.image();
    return quoted(image, 30);
  }

  /** Offset just after the last token consumed (absolute). */
  consumedEnd(): number {
    return this.lastEnd() + this.base;
  }

  /** Is the next token the start of a block (`users {`, `groups from ...`), or the end? (block-item loops stop there) */
  atBlockStartOrEnd(): boolean {
    return this.type() === EOF || this.startsNextBlock();
  }

  /** The next token's offset (absolute), whether it is `}`, and whether three tokens after it are real ones. */
  nextItemStop(): { offset: number; closingBrace: boolean; seenAhead: boolean } {
    return { offset: this.tokenStart() + this.base, closingBrace: this.type() === T.RBrace, seenAhead: this.LA(4).tokenType !== EOF };
  }

  atBlockKeyword(): boolean {
    return this.isBlockStart();
  }

  atEnd(): boolean {
    return this.type() === EOF;
  }

  // ---- diagnostics ----

  /** `node` flagged `recovered` if errors were found since `errorsBefore` (counted past the cap on what is kept). */
  private finish<N extends object>(node: N, errorsBefore: number): N {
    return this.errorsFound > errorsBefore ? this.markRecovered(node) : node;
  }

  private markRecovered<N extends object>(node: N): N {
    if (!this.RECORDING_PHASE) (node as { recovered?: boolean }).recovered = true;
    return node;
  }

  /**
   * A quote in the bracketed name starting at `nameStart` (`[o'brien]`), reported at the quote: whether
   * there was one. `closed`: whether a `]` ends the name.
   */
  private reportQuoteInName(name: string, nameStart: number, closed: boolean): boolean {
    for (let i = 0; i < name.length; i++) {
      if (!T.isQuote(name.charCodeAt(i))) continue;
      this.error(nameStart + i, nameStart + i + 1, quoteInAttributeMessage(name, name[i], closed));
      return true;
    }
    return false;
  }

  /** Is the next token on the line where the last error kept ends? */
  private onLastErrorLine(): boolean {
    const last = this.diagnostics.at(-1);
    if (!last) return false;
    const to = this.tokenStart();
    for (let p = last.span.end - this.base; p < to; p++) {
      const c = this.src.charCodeAt(p);
      if (c === 10 || c === 13) return false;
    }
    return true;
  }

  /** Did lexing report characters after the last consumed token, on its line, before the next token? */
  private lexErrorBeforeNext(): boolean {
    const from = this.lastEnd();
    let to = from;
    while (to < this.tokenStart() && this.src.charCodeAt(to) !== 10 && this.src.charCodeAt(to) !== 13) to++;
    const errors = this.lexErrors;
    for (let i = errors.length - 1; i >= 0 && errors[i].span.start >= from + this.base; i--)
      if (errors[i].span.start < to + this.base) return true;
    return false;
  }

  /** A missing token is reported where it belongs: right after the previous token. */
  private errorAfterPrevious(message: string): void {
    this.error(this.lastEnd(), this.lastEnd(), message);
  }

  /**
   * As errorAfterPrevious, unless the last error already says something is missing at this very
   * place: a half-typed target (`phoneNumbers[ty`) misses its `]` and its `<-` for one mistake.
   */
  private errorAfterPreviousOnce(message: string): void {
    const at = this.lastEnd() + this.base;
    const last = this.diagnostics.at(-1);
    if (last && last.span.start === at && last.span.end === at) this.errorsFound++;
    else this.errorAfterPrevious(message);
  }

  error(start: number, end: number, message: string): void {
    this.diagnostic({ span: this.span(start, end), severity: 'error', code: 'syntax', message });
  }

  private diagnostic(diagnostic: Diagnostic): void {
    if (this.RECORDING_PHASE) return;
    this.errorsFound++;
    if (this.diagnostics.length <= MAX_DIAGNOSTICS) this.diagnostics.push(diagnostic);
  }
}

/** `Keywords are lower case: write `users`, not `Users`` for a wrong case, else `<otherwise>write `users`, not `user``. */
function misspeltKeywordMessage(written: string, keyword: string, otherwise = '', lowerCase = 'Keywords are lower case: '): string {
  const lead = written.toLowerCase() === keyword ? lowerCase : otherwise;
  return `${lead}${lead ? 'write' : 'Write'} \`${keyword}\`, not ${quoted(written)}`;
}

function isTypographic(c: string): boolean {
  return c === '\u201c' || c === '\u201d' || c === '\u2018' || c === '\u2019';
}

/** The one parser: the grammar is analysed once, when the module loads. */
const parser = new ScimmapParser();

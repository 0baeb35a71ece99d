// The .scimmap abstract syntax tree. Every node carries a span: offsets into the source text
// (start inclusive, end exclusive). Offsets are cheap to produce from tokens, shift easily when one
// block is reparsed, and convert to LSP line/character positions through a LineIndex (positions.ts).
// A node the parser had to invent while recovering from an error has `recovered: true`.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Node {
  readonly span: Span;
  readonly recovered?: boolean;
}

/** A name with its own span (keywords, attribute names, function names). */
export interface Name extends Node {
  readonly text: string;
}

export interface MappingFile extends Node {
  readonly kind: 'file';
  /** `target "genesys-cloud"`: the target schema the file maps to; absent means Genesys Cloud. */
  readonly target?: TargetDeclaration;
  /** `sync all`, `deletion threshold 100`: the provisioning job's settings a cycle depends on. */
  readonly cycle?: readonly CycleSetting[];
  readonly blocks: ObjectBlock[];
  readonly comments: Comment[];
}

/** `sync assigned` (Entra's default, "Sync only assigned users and groups") or `sync all` ("Sync all users and groups"). */
export interface SyncSetting extends Node {
  readonly kind: 'sync';
  readonly keyword: Name;
  /** `assigned` or `all`; absent when missing or not one of them (a syntax error was reported). */
  readonly value?: Name & { readonly text: 'assigned' | 'all' };
}

/** `deletion threshold 500`: accidental deletions prevention stops a cycle that would disable or delete more objects. */
export interface DeletionThresholdSetting extends Node {
  readonly kind: 'deletionThreshold';
  /** The two words `deletion threshold`. */
  readonly keyword: Name;
  readonly value?: number;
  readonly valueSpan?: Span;
}

export type CycleSetting = SyncSetting | DeletionThresholdSetting;

/**
 * `target "generic-scim"` (a bundled target schema by name) or `target "./app.target.json"` (a
 * target-schema file, relative to the .scimmap file). At most one per file, before the blocks.
 */
export interface TargetDeclaration extends Node {
  readonly kind: 'targetDeclaration';
  readonly keyword: Name;
  /** Absent when the string is missing (a syntax error was reported). */
  readonly value?: StringLiteral;
}

export interface Comment extends Node {
  readonly kind: 'comment';
  readonly text: string;
}

/** `users { ... }` or `groups { ... }`: one Entra object mapping (source object -> target resource). */
export interface ObjectBlock extends Node {
  readonly kind: 'block';
  /** `users` maps Entra `User` to the target `User`; `groups` maps Entra `Group` to the target `Group`. */
  readonly object: 'users' | 'groups';
  readonly keyword: Name;
  readonly openBrace?: Span;
  readonly closeBrace?: Span;
  /** `enabled true|false`; absent means enabled (Entra's default). */
  readonly enabled?: EnabledSetting;
  /** `actions create, update, delete`; absent means all three (Entra's default). */
  readonly actions?: ActionsSetting;
  readonly mappings: AttributeMapping[];
  /** `scope "title" { ... }`: several filters are ORed. */
  readonly scopes: ScopeFilter[];
  /**
   * `users "Provision Microsoft Entra ID Users" { ... }`: the Entra object mapping's name. Absent: the
   * name Entra has is kept (a new object mapping gets Entra's usual name).
   */
  readonly title?: StringLiteral;
  /** `from "User" to "urn:...:User"`: the object mapping's identity in Entra; absent: the block's usual objects. */
  readonly objects?: ObjectsClause;
  /** `rule "USERGROUP_OUTBOUND_USERGROUP"`: the synchronization rule (name or id); absent: the first editable rule. */
  readonly rule?: RuleClause;
}

/** The Entra source object each block keyword maps when its header does not say `from`. */
export const USUAL_SOURCE_OBJECT: Readonly<Record<ObjectBlock['object'], string>> = { users: 'User', groups: 'Group' };

/**
 * A block that maps some other Entra object mapping (a gallery app's hidden one, `from ""`): it is
 * carried to and from Entra as written, not checked against the target's resources nor previewed.
 */
export function isCarriedBlock(block: ObjectBlock): boolean {
  const source = block.objects?.source?.value;
  return source !== undefined && source !== USUAL_SOURCE_OBJECT[block.object];
}

/**
 * What tells two blocks of the same keyword apart: their rule and objects, as written. A block
 * without them is its keyword alone (a JSON array never equals one): a file of thousands of `users {`
 * spent milliseconds of every edit building JSON.
 */
export function blockIdentity(block: ObjectBlock): string {
  const [rule, source, target] = [block.rule?.value?.value, block.objects?.source?.value, block.objects?.target?.value];
  if (rule === undefined && source === undefined && target === undefined) return block.object;
  return JSON.stringify([block.object, rule, source, target]);
}

/** `from "User" to "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"` in a block header. */
export interface ObjectsClause extends Node {
  readonly kind: 'objects';
  readonly keyword: Name;
  /** Entra's sourceObjectName (`""` for the hidden mappings gallery apps carry). */
  readonly source?: StringLiteral;
  /** Entra's targetObjectName. */
  readonly target?: StringLiteral;
}

/** `rule "USER_OUTBOUND_USER"` in a block header. */
export interface RuleClause extends Node {
  readonly kind: 'rule';
  readonly keyword: Name;
  readonly value?: StringLiteral;
}

export interface EnabledSetting extends Node {
  readonly kind: 'enabled';
  readonly keyword: Name;
  readonly value: boolean;
  readonly valueSpan: Span;
}

export type TargetAction = 'create' | 'update' | 'delete';

export interface ActionsSetting extends Node {
  readonly kind: 'actions';
  readonly keyword: Name;
  readonly actions: Array<Name & { readonly action: TargetAction | undefined }>;
}

/** `TARGET <- SOURCE PROPERTY*` */
export interface AttributeMapping extends Node {
  readonly kind: 'mapping';
  readonly target: TargetPath;
  readonly arrow?: Span;
  readonly source: MappingSource;
  readonly properties: MappingProperty[];
}

/**
 * A SCIM attribute path as Entra writes it: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:...:enterprise:2.0:User:manager`,
 * `urn:...:genesys:purecloud:2.0:User:externalIds[authority eq "microsoftteams"].value`.
 */
export interface TargetPath extends Node {
  readonly kind: 'target';
  /** The source text of the whole path, exactly as written. */
  readonly text: string;
  /**
   * The target attribute name as Entra writes it: `text` with its whitespace normalised and each
   * quoted name as its value (`"Département".value` is `Département.value`).
   */
  readonly name: string;
  /** The schema URN for a fully qualified path (`urn:...:2.0:User`), without the attribute. */
  readonly schema?: Name;
  /** Attribute, then sub-attributes. `emails[type eq "work"].value` has segments emails (with filter), value. */
  readonly segments: PathSegment[];
}

export interface PathSegment extends Node {
  readonly kind: 'segment';
  /** The attribute's name; a quoted one (`"Département"`) by its value, its span with the quotes. */
  readonly name: Name;
  /** Written in double quotes: a name that is not a plain NAME (`"first name"`, `"u_région"`). */
  readonly quoted?: true;
  readonly filter?: ValueFilter;
}

/** `[type eq "work"]` or `[authority eq "a" and value eq "b"]`: the RFC 7644 valuePath subset Entra uses. */
export interface ValueFilter extends Node {
  readonly kind: 'valueFilter';
  readonly comparisons: FilterComparison[];
}

export interface FilterComparison extends Node {
  readonly kind: 'comparison';
  readonly attribute: Name;
  /** Always `eq` when valid; kept as written so a wrong operator can be reported. */
  readonly operator: Name;
  readonly value: StringLiteral;
}

/** Entra's mapping types: Direct (an attribute), Constant (a string), Expression, or None. */
export type MappingSource = NoneSource | ExpressionSource;

export interface NoneSource extends Node {
  readonly kind: 'none';
}

export interface ExpressionSource extends Node {
  readonly kind: 'expression';
  /** `direct` for a bare `[attr]`, `constant` for a bare string literal, `expression` otherwise. */
  readonly mappingType: 'direct' | 'constant' | 'expression';
  readonly expression: Expression;
}

export type MappingProperty = MatchProperty | DefaultProperty | ApplyProperty | FlowProperty | BehaviorProperty;

/** `match 1`: matching precedence (Entra's matchingPriority). */
export interface MatchProperty extends Node {
  readonly kind: 'match';
  readonly keyword: Name;
  /** undefined when the number is missing or not an integer (a syntax error was reported). */
  readonly precedence: number | undefined;
  readonly valueSpan?: Span;
}

/** `default "value"`: default value if null (applies only during creation). */
export interface DefaultProperty extends Node {
  readonly kind: 'default';
  readonly keyword: Name;
  readonly value?: StringLiteral;
}

/** `on create` (flowType ObjectAddOnly) or `always` (flowType Always, the default). */
export interface ApplyProperty extends Node {
  readonly kind: 'apply';
  readonly keyword: Name;
  readonly apply: 'onCreate' | 'always';
}

/** Entra's attributeMapping flowType values. */
export type FlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';
export const FLOW_TYPES: readonly FlowType[] = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'];

/** A mapping's flowType: `on create`, `always` and `flow X` all set it, and the last one written wins. */
export function flowTypeOf(mapping: AttributeMapping): FlowType {
  let flowType: FlowType = 'Always';
  for (const p of mapping.properties) {
    if (p.kind === 'apply') flowType = p.apply === 'onCreate' ? 'ObjectAddOnly' : 'Always';
    else if (p.kind === 'flow') flowType = p.flowType ?? flowType;
  }
  return flowType;
}

/** `flow ValueAddOnly`: any flowType by its Entra name (`on create` and `always` are the usual two). */
export interface FlowProperty extends Node {
  readonly kind: 'flow';
  readonly keyword: Name;
  readonly value?: Name;
  /** undefined when the value is missing or not a flowType (a syntax error was reported). */
  readonly flowType: FlowType | undefined;
}

/** Entra's attributeMapping flowBehavior values. */
export type FlowBehavior = 'FlowWhenChanged' | 'FlowAlways';
export const FLOW_BEHAVIORS: readonly FlowBehavior[] = ['FlowWhenChanged', 'FlowAlways'];

/** A mapping's flowBehavior: the last `behavior` property's, else Entra's default FlowWhenChanged. */
export function flowBehaviorOf(mapping: AttributeMapping): FlowBehavior {
  let behavior: FlowBehavior = 'FlowWhenChanged';
  for (const p of mapping.properties) if (p.kind === 'behavior') behavior = p.behavior ?? behavior;
  return behavior;
}

/** `behavior FlowAlways`: Entra's flowBehavior; absent means FlowWhenChanged. */
export interface BehaviorProperty extends Node {
  readonly kind: 'behavior';
  readonly keyword: Name;
  readonly value?: Name;
  readonly behavior: FlowBehavior | undefined;
}

/** `scope "title" { CLAUSE* }`: clauses are ANDed. */
export interface ScopeFilter extends Node {
  readonly kind: 'scope';
  readonly keyword: Name;
  readonly title?: StringLiteral;
  readonly clauses: ScopeClause[];
}

/** `[department] EQUALS "Sales"`, `[accountEnabled] IS TRUE` */
export interface ScopeClause extends Node {
  readonly kind: 'clause';
  readonly attribute: AttributeRef;
  /** The operator as written, whitespace normalised to single spaces; `operator.text` is canonical (see scoping-operators.json). */
  readonly operator: Name;
  /** Absent for unary operators (IS TRUE, IS NULL, ...). */
  readonly value?: StringLiteral | NumberLiteral;
}

// ---- Expressions (Entra's VBA-like expression language) ----

export type Expression = AttributeRef | StringLiteral | NumberLiteral | EnumLiteral | Call | Comparison | Concatenation | ErrorExpression;

/** `[userPrincipalName]`, `[extension_abc123_costCenter]`, `[passwordProfile.password]` */
export interface AttributeRef extends Node {
  readonly kind: 'attribute';
  /** The name inside the brackets, exactly as written. */
  readonly name: string;
  readonly nameSpan: Span;
}

export interface StringLiteral extends Node {
  readonly kind: 'string';
  /** The unescaped value (`\"` -> `"`, `\\` -> `\`). */
  readonly value: string;
  /**
   * How it was delimited: `"` normally; `'` for a single-quoted value filter;
   * `typographic` for ‘ ’ “ ” (an error, reported with a quick fix).
   */
  readonly quote: '"' | "'" | 'typographic';
}

/** Integers, decimals (`42568.75`), negatives (`-10`) and VB hex (`&HF`). */
export interface NumberLiteral extends Node {
  readonly kind: 'number';
  /** As written (`&HF`, `-10`, `129699324000000000`): big FILETIME integers must not lose precision. */
  readonly raw: string;
  readonly hex: boolean;
}

/** A bare identifier argument: `vbTextCompare`, `vbBinaryCompare`. */
export interface EnumLiteral extends Node {
  readonly kind: 'enum';
  readonly name: string;
}

export interface Call extends Node {
  readonly kind: 'call';
  readonly name: Name;
  readonly openParen?: Span;
  readonly closeParen?: Span;
  /** Positional; `undefined` for an empty optional slot (`Replace([x], , "re", , "", , )`). */
  readonly args: Array<Expression | undefined>;
  /** The span of each argument slot, including empty ones (from after the previous comma to the next). */
  readonly argSpans: Span[];
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

/** Only valid as an IIF condition or the CBool argument; allowed anywhere by the grammar, checked by validation. */
export interface Comparison extends Node {
  readonly kind: 'comparison';
  readonly operator: ComparisonOperator;
  readonly operatorSpan: Span;
  readonly left: Expression;
  readonly right: Expression;
}

/** `"t-" & [alias]`: cloud sync only; parsed so it can be reported precisely. */
export interface Concatenation extends Node {
  readonly kind: 'concat';
  readonly operatorSpan: Span;
  readonly left: Expression;
  readonly right: Expression;
}

/** Where the parser expected an expression and found none; a syntax error is already reported. */
export interface ErrorExpression extends Node {
  readonly kind: 'error';
}

// ---- Diagnostics ----

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  readonly span: Span;
  readonly severity: Severity;
  /** Stable code, e.g. `syntax`, `unknown-target`; listed in docs/diagnostics.md. */
  readonly code: string;
  readonly message: string;
  /** Machine-readable details for quick fixes (e.g. `{ suggestion: 'userName' }`). */
  readonly data?: Record<string, unknown>;
}

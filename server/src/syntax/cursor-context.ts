// Where is the cursor, in text being typed: `cursorContext(file, text, offset)` says what may be
// typed at the cursor, for completion and signature help. These run on INCOMPLETE text
// (`emails[type eq "`, `title <- Jo`), where the parser's recovery cannot say what the user meant.
// So it rescans the text of the statement under the cursor (found through the AST, so a request
// never walks the whole file) with a small tolerant scanner that reads up to the cursor, the way
// Langium re-parses up to the cursor for its completion, and returns the context there: the
// partial text to replace and the calls the cursor is inside (argument index with empty slots
// counted). Hover and other AST readers use node-path.ts.
import type { AttributeMapping, MappingFile, MappingProperty, Node, ObjectBlock, Span } from './ast';
import { isQuote, isUrnChar, propertyKeywords, scanString } from './lexer';
import { findScopingOperator, scopingOperators } from '../schema/scoping-operators';

/** An open function call around the cursor. */
export interface CallFrame {
  readonly name: string;
  readonly nameSpan: Span;
  /** Offset of the `(`. */
  readonly openParen: number;
  /** The argument slot the cursor is in, 0-based, empty slots (`Switch([x], , "a", "b")`) counted. */
  readonly argIndex: number;
  /** The first argument when it is a bare attribute: `IsSoftDeleted` in `Switch([IsSoftDeleted], ...)`. */
  readonly firstAttribute?: string;
}

interface ContextBase {
  /**
   * The text a completion replaces: the partial word, path, operator or string (quotes included)
   * before the cursor, plus a closing quote right after it (the editor's auto-closed `"`). An
   * empty span at the cursor when nothing is typed yet.
   */
  readonly replace: Span;
  /** The block the cursor is in, from the AST (undefined at top level, or when the parser did not see the block). */
  readonly block?: ObjectBlock;
  /** The object of the block the cursor is in. */
  readonly object?: ObjectBlock['object'];
  /** The calls the cursor is inside, outermost first. */
  readonly calls: readonly CallFrame[];
}

/** What may be typed at the cursor. */
export type CursorContext = ContextBase &
  (
    | { readonly kind: 'none' }
    /** Outside any block: `users`, `groups`. */
    | { readonly kind: 'topLevel' }
    /** Inside the string of `target "…"`, or after `target`: a bundled target schema's name. */
    | { readonly kind: 'targetName' }
    /** After `sync` (`assigned`, `all`) or `deletion` (`threshold`), on the keyword's line. */
    | { readonly kind: 'cycleValue'; readonly setting: 'sync' | 'deletion' }
    /** The start of a block statement, or a partial target path: targets, `enabled`, `actions`, `scope`. */
    | { readonly kind: 'statement' }
    /** After `emails[type eq "work"].`: sub-attributes of `attributePath`. */
    | { readonly kind: 'subAttribute'; readonly attributePath: string }
    /** After `emails[`: sub-attributes to filter on. */
    | { readonly kind: 'filterAttribute'; readonly attributePath: string }
    /** After `emails[type `: `eq`. */
    | { readonly kind: 'filterOperator'; readonly attributePath: string; readonly attribute: string }
    /** After `emails[type eq "work" `: `and` (or `]`). */
    | { readonly kind: 'filterConnector'; readonly attributePath: string }
    /** After `emails[type eq `, or inside its string: the values of `attribute`. */
    | { readonly kind: 'filterValue'; readonly attributePath: string; readonly attribute: string }
    /**
     * Where an expression operand goes: functions, attributes, literals. `comparedWith`: the
     * attribute on the left of a comparison the operand is the right side of (`[accountEnabled] = `).
     */
    | { readonly kind: 'expression'; readonly target: string; readonly comparedWith?: string }
    /** Inside a string literal of an expression. */
    | { readonly kind: 'string'; readonly target: string; readonly comparedWith?: string }
    /** Inside `[`: a source attribute name (in a mapping, or in a scope clause when `target` is undefined). */
    | { readonly kind: 'sourceAttribute'; readonly target?: string }
    /** After a complete source on the mapping's line: `match`, `default`, `on create`, `always`. */
    | { readonly kind: 'property'; readonly target: string; readonly present: ReadonlyArray<MappingProperty['kind']> }
    /** After `match`. */
    | { readonly kind: 'matchNumber'; readonly target: string }
    /** After `default`, or inside its string. */
    | { readonly kind: 'defaultValue'; readonly target: string }
    /** After `on`. */
    | { readonly kind: 'applyValue' }
    /** After `flow` or `behavior`: Entra's flowType or flowBehavior names. */
    | { readonly kind: 'flowValue'; readonly property: 'flow' | 'behavior' }
    /** After `enabled`. */
    | { readonly kind: 'enabledValue' }
    /** In the list after `actions`; `listed` are the actions already written. */
    | { readonly kind: 'actionsValue'; readonly listed: readonly string[] }
    /** At the start of a scope clause: `[attribute]`. */
    | { readonly kind: 'scopeClause' }
    /** After a clause's `[attribute]`: a scoping operator. */
    | { readonly kind: 'scopeOperator'; readonly attribute: string }
    /** After a binary scoping operator: its value. */
    | { readonly kind: 'scopeValue'; readonly attribute: string; readonly operator: string }
  );

export type ContextKind = CursorContext['kind'];

/** Distributes over the union, so each kind keeps its own fields. */
type ContextDetails = CursorContext extends infer C ? (C extends CursorContext ? Omit<C, keyof ContextBase> : never) : never;

export function cursorContext(file: MappingFile, text: string, offset: number): CursorContext {
  const cursor = Math.max(0, Math.min(offset, text.length));
  const inside = blockAt(file, cursor);
  if (inside) {
    const { block, bodyStart } = inside;
    return new ContextScanner(text, cursor, block).scanBlockBody(lastStatementStart(block, cursor) ?? bodyStart, block.object);
  }
  // After the last closed block: a block still being typed (`users from "Us`, no `{` yet) is read
  // from its keyword, so the scan knows the cursor is in its header.
  const previous = file.blocks.filter((b) => b.closeBrace && b.span.end <= cursor).pop();
  return new ContextScanner(text, cursor, undefined).scanTopLevel(previous ? previous.span.end : 0);
}

/** The block whose body (after `{`, up to and including the `}` position) holds the offset. */
function blockAt(file: MappingFile, offset: number): { block: ObjectBlock; bodyStart: number } | undefined {
  for (let i = 0; i < file.blocks.length; i++) {
    const block = file.blocks[i];
    if (!block.openBrace || offset < block.openBrace.end) continue;
    // An unclosed block runs until the next block starts.
    const inBody = block.closeBrace
      ? offset <= block.closeBrace.start
      : !file.blocks.slice(i + 1).some((later) => later.span.start <= offset);
    if (inBody) return { block, bodyStart: block.openBrace.end };
  }
  return undefined;
}

/** The start of the last top-level statement of the block that starts at or before the offset. */
function lastStatementStart(block: ObjectBlock, offset: number): number | undefined {
  let best: number | undefined;
  const consider = (node: Node | undefined) => {
    if (node && node.span.start <= offset && (best === undefined || node.span.start > best)) best = node.span.start;
  };
  consider(block.enabled);
  consider(block.actions);
  consider(mappingBefore(block, offset));
  for (const scope of block.scopes) consider(scope);
  return best;
}

/** The last mapping of the block that starts at or before the offset (mappings are in source order, so a binary search). */
export function mappingBefore(block: ObjectBlock, offset: number): AttributeMapping | undefined {
  let low = 0;
  let high = block.mappings.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (block.mappings[mid].span.start <= offset) low = mid + 1;
    else high = mid - 1;
  }
  return block.mappings[high];
}

/** A context the scan reached, or `undefined` when the construct ended before the cursor. */
type Found = CursorContext | undefined;

/** scanOperand read a call's name and `(`: its arguments follow. */
const OPENED_CALL = Symbol('opened call');

const PROPERTY_KEYWORDS = new Set<string>(propertyKeywords);
/** The words of a block header, between `users`/`groups` and `{`. */
const HEADER_KEYWORDS = new Set(['from', 'to', 'rule']);
/** Properties only after a source on the same line (elsewhere they are ordinary names). */
const FLOW_KEYWORDS = new Set<string>(['flow', 'behavior']);

/** The kind of property a keyword starts. */
function propertyKind(keyword: string): MappingProperty['kind'] {
  return keyword === 'on' || keyword === 'always' ? 'apply' : (keyword as MappingProperty['kind']);
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || isOtherLetter(code);
}

/** A letter beyond ASCII (`é` of `Dépa` typed for `"Département"`): part of a partial target, which completion quotes. */
function isOtherLetter(code: number): boolean {
  return code > 127 && /\p{L}/u.test(String.fromCharCode(code));
}

/** Characters of a target path outside value filters: names, dots, URN colons and `2.0`, `$ref`, `cost-center`. */
function isPathChar(code: number): boolean {
  return isWordChar(code) || code === 46 /* . */ || code === 58 /* : */ || code === 45 /* - */ || isOtherLetter(code);
}

function isLineBreak(c: string): boolean {
  return c === '\n' || c === '\r';
}

/** A path as the target schema names it: value filters stripped, quoted names unquoted (`"e-mails"[type eq "work"]` -> `e-mails`). */
function withoutFilters(path: string): string {
  let result = '';
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (isQuote(path.charCodeAt(i))) {
      const string = scanString(path, i);
      if (depth === 0) result += path.slice(i + 1, string.closed ? string.end - 1 : string.end).replace(/\\(["\\])/g, '$1');
      i = string.end - 1;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) result += c;
  }
  return result;
}

interface OpenCall {
  readonly name: string;
  readonly nameSpan: Span;
  readonly openParen: number;
  argIndex: number;
  firstAttribute?: string;
}

/** Reads from a statement start up to the cursor; see the module comment. */
class ContextScanner {
  private pos = 0;
  private readonly calls: OpenCall[] = [];
  private object: ObjectBlock['object'] | undefined;
  /** The bare attribute operand last read, and where it ends. */
  private attributeOperand: { name: string; end: number } | undefined;
  /** The attribute a comparison operator just read compares the next operand with. */
  private comparedWith: string | undefined;

  constructor(
    private readonly text: string,
    private readonly cursor: number,
    private readonly block: ObjectBlock | undefined,
  ) {
    this.object = block?.object;
  }

  scanTopLevel(start: number): CursorContext {
    this.pos = start;
    let previousWord: { text: string; end: number } | undefined;
    /** After `users`/`groups`, before the `{`: the header (name, `from "…" to "…"`, `rule "…"`), where no block goes. */
    let header = false;
    let blockKeyword: ObjectBlock['object'] = 'users';
    for (;;) {
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return (!header && this.settingValueAfter(previousWord)) || this.at(header ? 'none' : 'topLevel');
      const code = this.text.charCodeAt(this.pos);
      // A string (`target "…"`, a block's name or header): no keyword goes inside it.
      if (isQuote(code)) {
        const string = this.stringAt(this.pos);
        if (string.replace) return previousWord?.text === 'target' && !header ? this.at('targetName', string.replace) : this.at('none');
        this.pos = string.end;
        previousWord = undefined;
        continue;
      }
      if (header && this.text[this.pos] === '{') {
        this.pos++;
        header = false;
        const found = this.scanStatements(blockKeyword);
        if (found) return found;
        continue;
      }
      if (isWordStart(code)) {
        const word = this.readWord();
        if (this.touchesCursor(word.start, word.end)) {
          if (header) return this.at('none');
          return this.settingValueAfter(previousWord, word.start) ?? this.partial('topLevel', word.start);
        }
        previousWord = { text: word.text, end: word.end };
        if (header && !HEADER_KEYWORDS.has(word.text)) header = false;
        if (word.text === 'users' || word.text === 'groups') {
          header = true;
          blockKeyword = word.text;
        }
      } else {
        this.pos++;
        previousWord = undefined;
      }
    }
  }

  /**
   * The value a top-level keyword takes on its own line (`target "…"`, `sync all`, `deletion
   * threshold 500`), when the cursor (or the word being typed, from `start`) follows that keyword
   * on the keyword's line: no block keyword goes there.
   */
  private settingValueAfter(keyword: { text: string; end: number } | undefined, start = this.cursor): CursorContext | undefined {
    if (!keyword || this.lineBreakBetween(keyword.end, start)) return undefined;
    const replace = { start, end: this.cursor };
    switch (keyword.text) {
      case 'target':
        return this.at('targetName', replace);
      case 'sync':
      case 'deletion':
        return this.at('cycleValue', replace, { setting: keyword.text });
      case 'threshold':
        return this.at('none', replace);
      default:
        return undefined;
    }
  }

  scanBlockBody(start: number, object: ObjectBlock['object']): CursorContext {
    this.pos = start;
    return this.scanStatements(object) ?? this.scanTopLevel(this.pos);
  }

  /** Statements of a block body; undefined when the block's `}` comes before the cursor. */
  private scanStatements(object: ObjectBlock['object']): Found {
    this.object = object;
    // `checked`: how far after the mapping's end the text was looked at for a line break (each
    // character once, however many stray characters the loop steps over one at a time).
    let mapping: { target: string; present: Array<MappingProperty['kind']>; checked: number; lineBroken: boolean } | undefined;
    for (;;) {
      if (this.skipTrivia()) return this.at('none');
      if (mapping && !mapping.lineBroken && mapping.checked < this.pos) {
        mapping.lineBroken = this.lineBreakBetween(mapping.checked, this.pos);
        mapping.checked = this.pos;
      }
      const sameLine = mapping !== undefined && !mapping.lineBroken;
      if (this.pos >= this.cursor) {
        return mapping && sameLine
          ? this.at('property', undefined, { target: mapping.target, present: mapping.present })
          : this.at('statement');
      }
      const c = this.text[this.pos];
      const code = this.text.charCodeAt(this.pos);
      if (c === '}') {
        this.pos++;
        this.object = undefined;
        return undefined;
      }
      // A target starts with a name or a quoted name (`"Département" <- ...`).
      const quotedTarget = code === 34; /* " */
      if (!isWordStart(code) && !quotedTarget) {
        this.pos++;
        continue;
      }
      const start = this.pos;
      const word = quotedTarget ? { start, end: start, text: '' } : this.readWord();
      const plainWord = !quotedTarget && !isPathChar(this.text.charCodeAt(this.pos)) && this.text[this.pos] !== '[';
      if (plainWord && this.touchesCursor(word.start, word.end)) {
        return mapping && sameLine
          ? this.partial('property', start, { target: mapping.target, present: mapping.present })
          : this.partial('statement', start);
      }
      if (plainWord && mapping && (PROPERTY_KEYWORDS.has(word.text) || (sameLine && FLOW_KEYWORDS.has(word.text)))) {
        const found = this.scanProperty(word.text, mapping.target);
        if (found) return found;
        mapping.present.push(propertyKind(word.text));
        mapping.checked = this.pos;
        mapping.lineBroken = false;
        continue;
      }
      mapping = undefined;
      if (plainWord && word.text === 'enabled') {
        const found = this.scanEnabled();
        if (found) return found;
        continue;
      }
      if (plainWord && word.text === 'actions') {
        const found = this.scanActions();
        if (found) return found;
        continue;
      }
      if (plainWord && word.text === 'scope') {
        const found = this.scanScope();
        if (found) return found;
        continue;
      }
      this.pos = start;
      const target = this.scanTargetPath();
      if (typeof target !== 'string') return target;
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return this.at('none');
      if (!this.text.startsWith('<-', this.pos)) continue;
      this.pos += 2;
      const found = this.scanExpression(target);
      if (found) return found;
      mapping = { target, present: [], checked: this.pos, lineBroken: false };
    }
  }

  // ---- target paths ----

  /** A target path: its text, or the context when the cursor is inside it. */
  private scanTargetPath(): string | CursorContext {
    const start = this.pos;
    const text = this.text;
    // A schema URN also holds RFC 8141's `~`, `(`, `%`... (`urn:...:acme~corp:2.0:User:badge`), as the lexer reads it.
    const urn = /^urn:/i.test(text.slice(start, start + 4));
    let i = start;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (isPathChar(code) || (urn && isUrnChar(code))) {
        i++;
      } else if (code === 34 /* " */ && (i === start || text[i - 1] === '.' || text[i - 1] === ':')) {
        // A quoted name: with the cursor inside, the whole path so far is replaced (its closing quote too).
        const quoted = this.stringAt(i);
        if (quoted.replace) return this.at('statement', { start, end: quoted.replace.end });
        i = quoted.end;
      } else if (text[i] === '[') {
        // A value filter: up to its `]` or the end of the line.
        i++;
        while (i < text.length && text[i] !== ']' && !isLineBreak(text[i]))
          i = isQuote(text.charCodeAt(i)) ? scanString(text, i).end : i + 1;
        if (text[i] === ']') i++;
      } else {
        break;
      }
    }
    this.pos = i;
    if (!(start < this.cursor && this.cursor <= i)) return text.slice(start, i);
    return this.pathContext(start);
  }

  /** The context inside a target path that starts at `start` and contains the cursor. */
  private pathContext(start: number): CursorContext {
    const text = this.text;
    // Find an unclosed `[` before the cursor.
    let open = -1;
    for (let i = start; i < this.cursor; i++) {
      const c = text[i];
      // A filter's value or a quoted name: its brackets are not the path's.
      if (isQuote(text.charCodeAt(i))) {
        const string = scanString(text, i);
        if (!string.closed || string.end > this.cursor) break;
        i = string.end - 1;
      } else if (c === '[') open = i;
      else if (c === ']') open = -1;
    }
    if (open >= 0) return this.filterContext(withoutFilters(text.slice(start, open)), open + 1);
    const prefix = text.slice(start, this.cursor);
    const dot = prefix.lastIndexOf('.');
    if (dot > 0 && dot > prefix.lastIndexOf(']') && prefix.lastIndexOf(']') >= 0) {
      return this.at('subAttribute', { start: start + dot + 1, end: this.cursor }, { attributePath: withoutFilters(prefix.slice(0, dot)) });
    }
    return this.partial('statement', start);
  }

  /** Inside `[...` of a value filter: `attribute eq "value" and attribute eq "value"`. */
  private filterContext(attributePath: string, from: number): CursorContext {
    const text = this.text;
    let state: 'attribute' | 'operator' | 'value' | 'connector' = 'attribute';
    let attribute = '';
    let i = from;
    for (;;) {
      while (i < this.cursor && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= this.cursor) break;
      if (state === 'value' && isQuote(text.charCodeAt(i))) {
        const string = this.stringAt(i);
        if (string.replace) return this.at('filterValue', string.replace, { attributePath, attribute });
        i = string.end;
        state = 'connector';
        continue;
      }
      const wordStart = i;
      while (i < this.cursor && isWordChar(text.charCodeAt(i))) i++;
      if (i === wordStart) {
        i++;
        continue;
      }
      const word = text.slice(wordStart, i);
      if (i >= this.cursor) {
        const replace = { start: wordStart, end: this.cursor };
        if (state === 'attribute') return this.at('filterAttribute', replace, { attributePath });
        if (state === 'operator') return this.at('filterOperator', replace, { attributePath, attribute });
        if (state === 'value') return this.at('filterValue', replace, { attributePath, attribute });
        return this.at('filterConnector', replace, { attributePath });
      }
      if (state === 'attribute') {
        attribute = word;
        state = 'operator';
      } else if (state === 'operator') state = 'value';
      else if (state === 'connector' && word === 'and') state = 'attribute';
    }
    const here = { start: this.cursor, end: this.cursor };
    if (state === 'attribute') return this.at('filterAttribute', here, { attributePath });
    if (state === 'operator') return this.at('filterOperator', here, { attributePath, attribute });
    if (state === 'value') return this.at('filterValue', here, { attributePath, attribute });
    return this.at('filterConnector', here, { attributePath });
  }

  // ---- expressions ----

  /**
   * An expression: operands joined by `&` or comparison operators, an operand possibly a call whose
   * arguments are expressions. A loop over an explicit stack (the open calls), not recursion, so
   * thousands of nested calls cost no call stack.
   */
  private scanExpression(target: string): Found {
    const base = this.calls.length;
    /** Where the argument being read of each call opened here starts. */
    const argumentStarts: number[] = [];
    let state: 'operand' | 'afterOperand' | 'arguments' = 'operand';
    for (;;) {
      if (state === 'operand') {
        const found = this.scanOperand(target);
        if (found === OPENED_CALL) {
          argumentStarts.push(this.pos);
          state = 'arguments';
        } else if (found) return found;
        else state = 'afterOperand';
        continue;
      }
      if (state === 'afterOperand') {
        // The expression ends at its last operand: what follows (a property on the same line, the
        // next mapping on another) is the statement loop's business.
        const operandEnd = this.pos;
        if (this.skipTrivia()) return this.at('none');
        if (this.pos >= this.cursor) {
          if (this.calls.length > 0) return this.at('none');
          this.pos = operandEnd;
          return undefined;
        }
        const c = this.text[this.pos];
        const next = this.text[this.pos + 1];
        if (c === '&' && next !== 'H' && next !== 'h') {
          this.pos++;
          state = 'operand';
          continue;
        }
        if (c === '=' || ((c === '<' || c === '>') && next !== '-')) {
          this.comparedWith = this.attributeOperand?.end === operandEnd ? this.attributeOperand.name : undefined;
          this.pos += next === '=' || (c === '<' && next === '>') ? 2 : 1;
          state = 'operand';
          continue;
        }
        this.pos = operandEnd;
        if (this.calls.length === base) return undefined;
        // The end of an argument of the innermost call opened here.
        const call = this.calls[this.calls.length - 1];
        const before = argumentStarts[argumentStarts.length - 1];
        if (this.pos === before) {
          this.closeCall(argumentStarts);
          continue;
        }
        const bareAttribute = call.argIndex === 0 ? /^\[([^\]]*)\]$/.exec(this.text.slice(before, this.pos).trim()) : null;
        if (bareAttribute) call.firstAttribute = bareAttribute[1];
        state = 'arguments';
        continue;
      }
      // Between the arguments of the innermost open call.
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return this.at('expression', undefined, { target });
      const c = this.text[this.pos];
      if (c === ',') {
        this.calls[this.calls.length - 1].argIndex++;
        this.pos++;
        continue;
      }
      if (c === ')' || c === '}' || this.text.startsWith('<-', this.pos)) {
        if (c === ')') this.pos++;
        this.closeCall(argumentStarts);
        state = 'afterOperand';
        continue;
      }
      argumentStarts[argumentStarts.length - 1] = this.pos;
      state = 'operand';
    }
  }

  /** The innermost call is complete (or abandoned): it is now one operand of the expression around it. */
  private closeCall(argumentStarts: number[]): void {
    this.calls.pop();
    argumentStarts.pop();
  }

  /** One operand; a call's name and `(` open the call (OPENED_CALL), its arguments are the caller's loop. */
  private scanOperand(target: string): Found | typeof OPENED_CALL {
    const comparedWith = this.comparedWith;
    this.comparedWith = undefined;
    if (this.skipTrivia()) return this.at('none');
    if (this.pos >= this.cursor) return this.at('expression', undefined, { target, comparedWith });
    const text = this.text;
    const c = text[this.pos];
    const start = this.pos;
    if (c === '[') {
      let end = start + 1;
      while (end < text.length && text[end] !== ']' && !isLineBreak(text[end])) end++;
      if (this.cursor > start && this.cursor <= end) return this.at('sourceAttribute', { start: start + 1, end: this.cursor }, { target });
      this.pos = text[end] === ']' ? end + 1 : end;
      this.attributeOperand = { name: text.slice(start + 1, end), end: this.pos };
      return undefined;
    }
    if (isQuote(text.charCodeAt(start))) {
      const string = this.stringAt(start);
      if (string.replace) return this.at('string', string.replace, { target, comparedWith });
      this.pos = string.end;
      return undefined;
    }
    const code = text.charCodeAt(start);
    if (isWordStart(code)) {
      const word = this.readWord();
      if (this.touchesCursor(word.start, word.end)) return this.partial('expression', start, { target, comparedWith });
      let next = this.pos;
      while (text[next] === ' ' || text[next] === '\t') next++;
      if (text[next] !== '(') return undefined;
      this.pos = next + 1;
      this.calls.push({ name: word.text, nameSpan: { start: word.start, end: word.end }, openParen: next, argIndex: 0 });
      return OPENED_CALL;
    }
    // A number (`42`, `-10`, `&HF`) or a stray character: consume it as one operand.
    this.pos++;
    while (this.pos < text.length && /[0-9A-Za-z.]/.test(text[this.pos])) this.pos++;
    return undefined;
  }

  // ---- properties and settings ----

  private scanProperty(keyword: string, target: string): Found {
    if (keyword === 'always') return undefined;
    if (this.skipTrivia()) return this.at('none');
    if (keyword === 'match') {
      if (this.pos >= this.cursor) return this.at('matchNumber', undefined, { target });
      const start = this.pos;
      while (this.pos < this.text.length && /[0-9A-Za-z_.-]/.test(this.text[this.pos])) this.pos++;
      if (this.touchesCursor(start, this.pos)) return this.partial('matchNumber', start, { target });
      return undefined;
    }
    if (keyword === 'flow' || keyword === 'behavior') {
      if (this.pos >= this.cursor) return this.at('flowValue', undefined, { property: keyword });
      if (!isWordStart(this.text.charCodeAt(this.pos))) return undefined;
      const word = this.readWord();
      if (this.touchesCursor(word.start, word.end)) return this.partial('flowValue', word.start, { property: keyword });
      return undefined;
    }
    if (keyword === 'on') {
      if (this.pos >= this.cursor) return this.at('applyValue');
      if (!isWordStart(this.text.charCodeAt(this.pos))) return undefined;
      const word = this.readWord();
      if (this.touchesCursor(word.start, word.end)) return this.partial('applyValue', word.start);
      return undefined;
    }
    // default "value"
    if (this.pos >= this.cursor) return this.at('defaultValue', undefined, { target });
    if (isQuote(this.text.charCodeAt(this.pos))) {
      const string = this.stringAt(this.pos);
      if (string.replace) return this.at('defaultValue', string.replace, { target });
      this.pos = string.end;
    }
    return undefined;
  }

  private scanEnabled(): Found {
    if (this.skipTrivia()) return this.at('none');
    if (this.pos >= this.cursor) return this.at('enabledValue');
    if (!isWordStart(this.text.charCodeAt(this.pos))) return undefined;
    const word = this.readWord();
    if (this.touchesCursor(word.start, word.end)) return this.partial('enabledValue', word.start);
    return undefined;
  }

  private scanActions(): Found {
    const listed: string[] = [];
    for (;;) {
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return this.at('actionsValue', undefined, { listed });
      if (!isWordStart(this.text.charCodeAt(this.pos))) return undefined;
      const word = this.readWord();
      if (this.touchesCursor(word.start, word.end)) return this.partial('actionsValue', word.start, { listed });
      listed.push(word.text);
      const afterWord = this.pos;
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) {
        // Right after an action on its line: another may follow once a comma is typed; nothing else fits.
        this.pos = afterWord;
        return undefined;
      }
      if (this.text[this.pos] !== ',') return undefined;
      this.pos++;
    }
  }

  private scanScope(): Found {
    if (this.skipTrivia()) return this.at('none');
    if (this.pos >= this.cursor) return this.at('none');
    if (isQuote(this.text.charCodeAt(this.pos))) {
      const title = this.stringAt(this.pos);
      if (title.replace) return this.at('none');
      this.pos = title.end;
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return this.at('none');
    }
    if (this.text[this.pos] !== '{') return undefined;
    this.pos++;
    for (;;) {
      if (this.skipTrivia()) return this.at('none');
      if (this.pos >= this.cursor) return this.at('scopeClause');
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return undefined;
      }
      if (c !== '[') {
        this.pos++;
        continue;
      }
      const found = this.scanClause();
      if (found) return found;
    }
  }

  private scanClause(): Found {
    const text = this.text;
    const start = this.pos;
    let end = start + 1;
    while (end < text.length && text[end] !== ']' && !isLineBreak(text[end])) end++;
    if (this.cursor > start && this.cursor <= end) return this.at('sourceAttribute', { start: start + 1, end: this.cursor }, {});
    const attribute = text.slice(start + 1, end);
    this.pos = text[end] === ']' ? end + 1 : end;
    if (this.skipTrivia()) return this.at('none');
    if (this.pos >= this.cursor) return this.at('scopeOperator', undefined, { attribute });
    // The operator: words and `&`/`!&`, separated by spaces on one line (`NOT REGEX MATCH`).
    const operatorStart = this.pos;
    let operatorEnd = this.pos;
    let i = this.pos;
    while (i < text.length) {
      const c = text[i];
      if (/[A-Za-z_&!]/.test(c)) operatorEnd = ++i;
      else if (c === ' ' || c === '\t') i++;
      else break;
    }
    if (this.cursor > operatorStart && this.cursor <= i) {
      // Within the operator's words, or after `IS ` / `NOT ` where a longer operator goes on.
      const typed = text.slice(operatorStart, this.cursor).replace(/\s+/g, ' ');
      const goesOn = !findScopingOperator(typed) && scopingOperators.some((op) => op.name.startsWith(typed));
      if (this.cursor <= operatorEnd || goesOn) return this.at('scopeOperator', { start: operatorStart, end: this.cursor }, { attribute });
    }
    this.pos = operatorEnd;
    const operator = text.slice(operatorStart, operatorEnd).replace(/\s+/g, ' ');
    if (findScopingOperator(operator)?.arity === 'unary') return undefined;
    if (this.skipTrivia()) return this.at('none');
    if (this.pos >= this.cursor) return this.at('scopeValue', undefined, { attribute, operator });
    if (isQuote(text.charCodeAt(this.pos))) {
      const string = this.stringAt(this.pos);
      if (string.replace) return this.at('scopeValue', string.replace, { attribute, operator });
      this.pos = string.end;
      return undefined;
    }
    while (this.pos < text.length && /[0-9A-Za-z.-]/.test(text[this.pos])) this.pos++;
    return undefined;
  }

  // ---- lexical helpers ----

  /**
   * Skips whitespace and comments, never past the cursor. Returns true when the cursor is inside a
   * comment (nothing to complete there).
   */
  private skipTrivia(): boolean {
    const text = this.text;
    while (this.pos < this.cursor) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        this.pos++;
      } else if (c === '#') {
        let end = this.pos;
        while (end < text.length && !isLineBreak(text[end])) end++;
        if (end >= this.cursor) return true;
        this.pos = end;
      } else {
        break;
      }
    }
    return false;
  }

  private readWord(): { start: number; end: number; text: string } {
    const start = this.pos;
    while (this.pos < this.text.length && isWordChar(this.text.charCodeAt(this.pos))) this.pos++;
    return { start, end: this.pos, text: this.text.slice(start, this.pos) };
  }

  /**
   * The string literal opening at `start`: where it ends, and, when the cursor is inside it, the
   * span a completion replaces (the string so far, plus its closing quote right after the cursor).
   */
  private stringAt(start: number): { end: number; replace?: Span } {
    const string = scanString(this.text, start);
    // An unterminated string runs to the end of its line, and the cursor may sit at that end.
    const inside = this.cursor > start && this.cursor < string.end + (string.closed ? 0 : 1);
    if (!inside) return { end: string.end };
    return { end: string.end, replace: { start, end: string.closed && string.end === this.cursor + 1 ? string.end : this.cursor } };
  }

  /** The cursor is inside the token or right after it. */
  private touchesCursor(start: number, end: number): boolean {
    return start < this.cursor && this.cursor <= end;
  }

  private lineBreakBetween(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (isLineBreak(this.text[i])) return true;
    return false;
  }

  /** A context whose partial text runs from `start` to the cursor. */
  private partial<K extends ContextKind>(
    kind: K,
    start: number,
    details?: Omit<Extract<ContextDetails, { kind: K }>, 'kind'>,
  ): CursorContext {
    return this.at(kind, { start, end: this.cursor }, details);
  }

  private at<K extends ContextKind>(kind: K, replace?: Span, details?: Omit<Extract<ContextDetails, { kind: K }>, 'kind'>): CursorContext {
    return {
      kind,
      ...details,
      replace: replace ?? { start: this.cursor, end: this.cursor },
      block: this.object === this.block?.object ? this.block : undefined,
      object: this.object,
      calls: this.calls.map((call) => ({ ...call })),
    } as CursorContext;
  }
}

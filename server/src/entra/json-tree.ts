// A JSON parser that keeps where every value sits in the text, so an export can replace exactly
// the values a .scimmap changed and leave every other byte of the schema as it was. Errors name
// the offset and the RFC 6901 JSON Pointer of the value being read.
import { LineIndex } from '../syntax/positions';
import { pointerToken, pointerTokens } from '../../../shared/src/json-pointer';

export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface Located {
  /** Offsets into the text: start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The RFC 6901 pointer of this value (built when asked: most are never needed). */
  readonly pointer: string;
}

/** Where a value sits in its parent: enough to build its pointer on demand. */
abstract class Position {
  end: number;

  constructor(
    readonly start: number,
    private readonly parent: Position | undefined,
    private readonly key: string | number,
  ) {
    this.end = start;
  }

  get pointer(): string {
    return this.parent ? `${this.parent.pointer}/${pointerToken(this.key)}` : '';
  }
}

class ObjectNode extends Position implements JsonObject {
  readonly kind = 'object';
  readonly members: JsonMember[] = [];
}

class ArrayNode extends Position implements JsonArray {
  readonly kind = 'array';
  readonly items: JsonNode[] = [];
}

class ScalarNode extends Position implements JsonScalar {
  constructor(
    readonly kind: JsonScalar['kind'],
    readonly value: string | number | boolean | null,
    start: number,
    end: number,
    parent: Position | undefined,
    key: string | number,
  ) {
    super(start, parent, key);
    this.end = end;
  }
}

export interface JsonMember {
  readonly key: string;
  readonly keyStart: number;
  readonly value: JsonNode;
}

export interface JsonObject extends Located {
  readonly kind: 'object';
  readonly members: readonly JsonMember[];
}

export interface JsonArray extends Located {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
}

export interface JsonScalar extends Located {
  readonly kind: 'string' | 'number' | 'boolean' | 'null';
  readonly value: string | number | boolean | null;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly pointer: string,
  ) {
    super(message);
  }
}

/** Parses JSON text (RFC 8259, a UTF-8 byte order mark allowed). Throws JsonSyntaxError. */
export function parseJsonTree(text: string): JsonNode {
  const reader = new Reader(text);
  reader.skipSpace();
  const root = reader.value(undefined, '');
  reader.skipSpace();
  if (reader.at < text.length) reader.fail('Unexpected text after the JSON value', '');
  return root;
}

/**
 * JSON.parse's value of `text` (a UTF-8 byte order mark allowed); when the text is not JSON, the
 * JsonSyntaxError of parseJsonTree, which says the line and column as editors count them, where
 * JSON.parse says only a character offset.
 */
export function parseJson(text: string): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    parseJsonTree(text);
    throw error; // both read RFC 8259: should they ever disagree, JSON.parse's own message
  }
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (const m of node.members) if (m.key === key) return m.value;
  return undefined;
}

export function stringMember(node: JsonNode | undefined, key: string): string | undefined {
  const value = member(node, key);
  return value?.kind === 'string' ? (value.value as string) : undefined;
}

/** The deepest node on the way to `pointer` (RFC 6901): the value itself when it exists, else the nearest one holding it. */
export function deepestNode(root: JsonNode, pointer: string): JsonNode {
  let node = root;
  for (const token of pointerTokens(pointer)) {
    const next = node.kind === 'array' ? node.items[/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : -1] : member(node, token);
    if (!next) break;
    node = next;
  }
  return node;
}

/** Where in the text a JSON string value's `offset`-th character (of its decoded value) is: escapes are several characters of text. */
export function offsetInString(text: string, node: JsonScalar, offset: number): number {
  let at = node.start + 1;
  for (let decoded = 0; decoded < offset && at < node.end - 1; decoded++) {
    if (text.charCodeAt(at) !== 0x5c) at += 1;
    else at += text[at + 1] === 'u' ? 6 : 2;
  }
  return at;
}

/** The elements of an array node; none for anything else (absent, null, another kind). */
export function arrayItems(node: JsonNode | undefined): readonly JsonNode[] {
  return node?.kind === 'array' ? node.items : [];
}

/** The value of a scalar node; undefined for objects, arrays and absent nodes. */
export function scalar(node: JsonNode | undefined): string | number | boolean | null | undefined {
  return node && node.kind !== 'object' && node.kind !== 'array' ? node.value : undefined;
}

/** A key written more than once in one object: `sameValue` when every occurrence has the same text. */
export interface DuplicateKey {
  readonly object: JsonObject;
  readonly key: string;
  readonly count: number;
  readonly sameValue: boolean;
}

/** Every key that appears more than once in one object of the tree (`text`: the tree's source). */
export function duplicateKeys(root: JsonNode, text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const visit = (node: JsonNode): void => {
    if (node.kind === 'array') node.items.forEach(visit);
    if (node.kind !== 'object') return;
    // Most objects repeat no key: their values' texts are only gathered when one does.
    const keys = new Set<string>();
    let repeats = false;
    for (const m of node.members) {
      repeats ||= keys.has(m.key);
      keys.add(m.key);
      visit(m.value);
    }
    if (!repeats) return;
    const values = new Map<string, string[]>();
    for (const m of node.members) {
      const texts = values.get(m.key) ?? [];
      values.set(m.key, texts);
      texts.push(text.slice(m.value.start, m.value.end));
    }
    for (const [key, texts] of values)
      if (texts.length > 1) found.push({ object: node, key, count: texts.length, sameValue: texts.every((t) => t === texts[0]) });
  };
  visit(root);
  return found;
}

/** What is wrong with a key given `count` times in one object with different values (`pointer`: the key's). */
export function repeatedKeyMessage(pointer: string, count: number): string {
  return `${pointer} is given ${count} times in one object, with different values: JSON keeps only the last, so the others would be lost; keep one`;
}

/** A key given more than once in one object with different values, found by repeatedKeysIn. */
export interface RepeatedKey {
  /** The reference tokens of the object that gives it, from the text's root. */
  readonly holder: readonly string[];
  readonly message: string;
}

/**
 * The keys a JSON text (one JSON.parse read) gives twice in one object with different values, as
 * duplicateKeys finds them, for a text too large to build a tree of (a directory or target dump of
 * a million users): a scan keeps the keys of each open object, and only the members of an object
 * that repeats one are read again, as text, to compare the values.
 */
export function repeatedKeysIn(text: string): RepeatedKey[] {
  const found: RepeatedKey[] = [];
  for (const { start, path } of objectsRepeatingKeys(text))
    for (const [key, values] of membersOf(text, start))
      if (values.length > 1 && values.some((value) => value !== values[0]))
        found.push({
          holder: path,
          message: repeatedKeyMessage([...path, key].map((token) => `/${pointerToken(token)}`).join(''), values.length),
        });
  return found;
}

/** The members of the object at `start` of a valid JSON text: each key (decoded) with the text of every value it is given. */
function membersOf(text: string, start: number): Map<string, string[]> {
  const members = new Map<string, string[]>();
  let key: string | undefined;
  let valueStart = -1;
  let depth = 0;
  for (let i = start + 1; depth >= 0; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      const quote = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      if (depth === 0 && valueStart < 0) key = JSON.parse(text.slice(quote, i + 1)) as string;
    } else if (code === 0x3a && depth === 0) valueStart = i + 1;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if ((code === 0x7d || code === 0x5d) && depth > 0) depth--;
    else if ((code === 0x2c && depth === 0) || code === 0x7d) {
      if (key !== undefined) members.set(key, [...(members.get(key) ?? []), text.slice(valueStart, i).trim()]);
      [key, valueStart] = [undefined, -1];
      if (code === 0x7d) depth = -1;
    }
  }
  return members;
}

/** An object or array open around the scan of objectsRepeatingKeys; one per depth, used again for each value at it. */
interface ScanFrame {
  start: number;
  isObject: boolean;
  /** The hashes of an object's keys so far; where the one being read is written (with its quotes); whether one came twice. */
  readonly keys: Set<number>;
  keyStart: number;
  keyEnd: number;
  escaped: boolean;
  repeats: boolean;
  /** An array's index being read. */
  index: number;
}

/** Where each object of a valid JSON text that may give a key twice starts, and its pointer tokens. */
function objectsRepeatingKeys(text: string): Array<{ start: number; path: string[] }> {
  const found: Array<{ start: number; path: string[] }> = [];
  // A frame (and its Set) per depth, not per object: a dump of a million users allocates a handful.
  const frames: ScanFrame[] = [];
  let depth = 0;
  let keyNext = false;
  // The next backslash at or after the string being read: strings are skipped with indexOf, a backslash's escape followed by hand.
  let backslash = text.indexOf('\\');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      const start = i;
      if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
      i = text.indexOf('"', i + 1);
      const escaped = backslash !== -1 && backslash < i; // a key with an escape is decoded when its path is needed
      while (backslash !== -1 && backslash < i) {
        if (backslash + 1 === i) i = text.indexOf('"', i + 1); // an escaped quote: the string goes on
        backslash = text.indexOf('\\', backslash + 2);
      }
      if (!keyNext) continue;
      keyNext = false;
      const frame = frames[depth - 1];
      // Keys are told apart by a hash of their text, not a copy: two keys that only share a hash are
      // found not to repeat when the object's members are read (repeatedKeysIn), no copy made for the rest.
      let hash = 0;
      for (let at = start + 1; at < i; at++) hash = (Math.imul(hash, 31) + text.charCodeAt(at)) | 0;
      if (frame.keys.has(hash)) frame.repeats = true;
      else frame.keys.add(hash);
      frame.keyStart = start;
      frame.keyEnd = i + 1;
      frame.escaped = escaped;
    } else if (code === 0x7b || code === 0x5b) {
      const frame = (frames[depth++] ??= {
        start: 0,
        isObject: false,
        keys: new Set(),
        keyStart: 0,
        keyEnd: 0,
        escaped: false,
        repeats: false,
        index: 0,
      });
      frame.start = i;
      frame.isObject = keyNext = code === 0x7b;
      frame.keys.clear();
      frame.repeats = false;
      frame.index = 0;
    } else if (code === 0x2c) {
      const frame = frames[depth - 1];
      if (frame.isObject) keyNext = true;
      else frame.index++;
    } else if (code === 0x7d || code === 0x5d) {
      const frame = frames[--depth];
      if (frame.repeats)
        found.push({
          start: frame.start,
          path: frames.slice(0, depth).map((outer) => (outer.isObject ? keyOf(text, outer) : String(outer.index))),
        });
    }
  }
  return found;
}

/** The key an object frame of objectsRepeatingKeys is reading. */
function keyOf(text: string, frame: ScanFrame): string {
  const written = text.slice(frame.keyStart, frame.keyEnd);
  return frame.escaped ? (JSON.parse(written) as string) : written.slice(1, -1);
}

/** The plain value of a node (objects keep only the last of duplicate keys, as JSON.parse does). */
export function plain(node: JsonNode): unknown {
  if (node.kind === 'object') {
    const result: Record<string, unknown> = {};
    for (const m of node.members) result[m.key] = plain(m.value);
    return result;
  }
  if (node.kind === 'array') return node.items.map(plain);
  return node.value;
}

type Parent = Position | undefined;

/**
 * Deeper than any document read here: an Entra schema nests three levels per call of an expression
 * (source, parameters, parameter) and a mapping at most 100 calls; a mapping test file a few levels
 * more than its values (64 at most). The reader recurses for each level, so a hostile file is refused
 * here, far from the stack's limit.
 */
const maxDepth = 1_000;

const WORDS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

class Reader {
  at = 0;
  /** Objects and arrays open around the value being read. */
  private depth = 0;
  /** The root or the root's member being read: where a value nested too deep is said to be, not a thousand steps down. */
  private outer: [Parent, string | number] = [undefined, ''];

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
  }

  skipSpace(): void {
    const { text } = this;
    for (let c = text.charCodeAt(this.at); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++this.at));
  }

  fail(message: string, where: Parent | string, key?: string | number): never {
    // Counted as editors count them: \r\n and a lone \r end lines, a byte order mark is no column.
    const position = new LineIndex(this.text).positionAt(this.at);
    const line = { line: position.line + 1, column: position.character + 1 };
    const pointer = typeof where === 'string' ? where : `${where?.pointer ?? ''}${key === undefined ? '' : `/${pointerToken(key)}`}`;
    throw new JsonSyntaxError(`${message} (line ${line.line}, column ${line.column}, at ${pointer || 'the top'})`, this.at, pointer);
  }

  value(parent: Parent, key: string | number): JsonNode {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b || c === 0x5b) {
      if (this.depth <= 1) this.outer = [parent, key];
      if (this.depth === maxDepth)
        this.fail(`A value nested deeper than ${maxDepth} levels, which no document read here is`, ...this.outer);
      this.depth++;
      const node = c === 0x7b ? this.object(parent, key) : this.array(parent, key);
      this.depth--;
      return node;
    }
    const start = this.at;
    if (c === 0x22) {
      const value = this.string(parent, key);
      return new ScalarNode('string', value, start, this.at, parent, key);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(parent, key);
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return new ScalarNode(value === null ? 'null' : 'boolean', value, start, this.at, parent, key);
      }
    }
    if (this.at >= this.text.length) this.fail('Unexpected end of the JSON text', parent, key);
    this.fail(`Unexpected \`${this.text[this.at]}\`: expected a JSON value`, parent, key);
  }

  private object(parent: Parent, key: string | number): JsonObject {
    const node = new ObjectNode(this.at++, parent, key);
    const members = node.members;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      node.end = ++this.at;
      return node;
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail('Expected a member name in double quotes', node);
      const keyStart = this.at;
      const name = this.string(node);
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail(`Expected \`:\` after the member name "${name}"`, node);
      this.at++;
      this.skipSpace();
      const value = this.value(node, name);
      members.push({ key: name, keyStart, value });
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c === 0x2c) {
        this.at++;
        this.skipSpace();
      } else if (c === 0x7d) {
        node.end = ++this.at;
        return node;
      } else {
        this.fail('Expected `,` or `}` after a member', node, name);
      }
    }
  }

  private array(parent: Parent, key: string | number): JsonArray {
    const node = new ArrayNode(this.at++, parent, key);
    const items = node.items;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      node.end = ++this.at;
      return node;
    }
    for (;;) {
      items.push(this.value(node, items.length));
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c === 0x2c) {
        this.at++;
        this.skipSpace();
      } else if (c === 0x5d) {
        node.end = ++this.at;
        return node;
      } else {
        this.fail('Expected `,` or `]` after an array element', node, items.length - 1);
      }
    }
  }

  private string(parent: Parent, key?: string | number): string {
    const { text } = this;
    const start = this.at;
    let escaped = false;
    for (let i = start + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c === 0x22) {
        this.at = i + 1;
        if (!escaped) return text.slice(start + 1, i);
        try {
          return JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          this.at = start;
          this.fail('Invalid escape in a string', parent, key);
        }
      } else if (c < 0x20) {
        this.at = i;
        this.fail('Unescaped control character (a line break?) in a string', parent, key);
      }
    }
    this.fail('Unterminated string', parent, key);
  }

  private number(parent: Parent, key: string | number): JsonScalar {
    const start = this.at;
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = start;
    if (!match.exec(this.text)) this.fail('Invalid number', parent, key);
    this.at = match.lastIndex;
    return new ScalarNode('number', Number(this.text.slice(start, this.at)), start, this.at, parent, key);
  }
}

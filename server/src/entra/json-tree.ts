// A JSON parser that keeps where every value sits in the text, so an export can replace exactly
// the values a .scimmap changed and leave every other byte of the schema as it was. Errors name
// the offset and the RFC 6901 JSON Pointer of the value being read.
import { pointerToken } from '../../../shared/src/json-pointer';

export type JsonNode = JsonObject | JsonArray | JsonScalar;

interface Located {
  /** Offsets into the text: start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The RFC 6901 pointer of this value. */
  readonly pointer: string;
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
  const root = reader.value('');
  reader.skipSpace();
  if (reader.at < text.length) reader.fail('Unexpected text after the JSON value', '');
  return root;
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

/** The value of a scalar node; undefined for objects, arrays and absent nodes. */
export function scalar(node: JsonNode | undefined): string | number | boolean | null | undefined {
  return node && node.kind !== 'object' && node.kind !== 'array' ? node.value : undefined;
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

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

class Reader {
  at = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.at = 1;
  }

  skipSpace(): void {
    const { text } = this;
    while (this.at < text.length && WHITESPACE.has(text.charCodeAt(this.at))) this.at++;
  }

  fail(message: string, pointer: string): never {
    const line = lineAndColumn(this.text, this.at);
    throw new JsonSyntaxError(`${message} (line ${line.line}, column ${line.column}, at ${pointer || 'the top'})`, this.at, pointer);
  }

  value(pointer: string): JsonNode {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b) return this.object(pointer);
    if (c === 0x5b) return this.array(pointer);
    if (c === 0x22) {
      const start = this.at;
      const value = this.string(pointer);
      return { kind: 'string', start, end: this.at, pointer, value };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(pointer);
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        const start = this.at;
        this.at += word.length;
        return { kind: value === null ? 'null' : 'boolean', start, end: this.at, pointer, value };
      }
    }
    if (this.at >= this.text.length) this.fail('Unexpected end of the JSON text', pointer);
    this.fail(`Unexpected \`${this.text[this.at]}\`: expected a JSON value`, pointer);
  }

  private object(pointer: string): JsonObject {
    const start = this.at++;
    const members: JsonMember[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return { kind: 'object', start, end: this.at, pointer, members };
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail('Expected a member name in double quotes', pointer);
      const keyStart = this.at;
      const key = this.string(pointer);
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail(`Expected \`:\` after the member name "${key}"`, pointer);
      this.at++;
      this.skipSpace();
      const value = this.value(`${pointer}/${pointerToken(key)}`);
      members.push({ key, keyStart, value });
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c === 0x2c) {
        this.at++;
        this.skipSpace();
      } else if (c === 0x7d) {
        this.at++;
        return { kind: 'object', start, end: this.at, pointer, members };
      } else {
        this.fail('Expected `,` or `}` after a member', `${pointer}/${pointerToken(key)}`);
      }
    }
  }

  private array(pointer: string): JsonArray {
    const start = this.at++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return { kind: 'array', start, end: this.at, pointer, items };
    }
    for (;;) {
      items.push(this.value(`${pointer}/${items.length}`));
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c === 0x2c) {
        this.at++;
        this.skipSpace();
      } else if (c === 0x5d) {
        this.at++;
        return { kind: 'array', start, end: this.at, pointer, items };
      } else {
        this.fail('Expected `,` or `]` after an array element', `${pointer}/${items.length - 1}`);
      }
    }
  }

  private string(pointer: string): string {
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
          this.fail('Invalid escape in a string', pointer);
        }
      } else if (c < 0x20) {
        this.at = i;
        this.fail('Unescaped control character (a line break?) in a string', pointer);
      }
    }
    this.fail('Unterminated string', pointer);
  }

  private number(pointer: string): JsonScalar {
    const start = this.at;
    const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = start;
    if (!match.exec(this.text)) this.fail('Invalid number', pointer);
    this.at = match.lastIndex;
    return { kind: 'number', start, end: this.at, pointer, value: Number(this.text.slice(start, this.at)) };
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

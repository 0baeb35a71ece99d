// Target attribute names as a .scimmap path writes them (docs/language.md, "Quoted target names"):
// bare when the name is RFC 7643's ATTRNAME, in double quotes otherwise.
import { quoteString } from './quoting';

/** RFC 7643 §2.1 ATTRNAME (letters, digits, `_` and `-`), ending on a letter, digit or `_` as the lexer's Identifier does. */
const PLAIN_NAME = /^[A-Za-z_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;

/** Can the name stand bare in a target path (`cost-center`), or does it need quotes (`"Département"`)? */
export function isPlainTargetName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

/** An attribute or sub-attribute name as a target path writes it: `costCenter`, `cost-center`, `"u_région"`. */
export function spelledTargetName(name: string): string {
  return isPlainTargetName(name) ? name : quoteString(name);
}

/** A value filter as a target path writes it: `[type eq "work"]`, `[type eq "wo\"rk"]`. */
export function spelledValueFilter(key: string, value: string): string {
  return `[${key} eq ${quoteString(value)}]`;
}

/**
 * A target path from a target schema's parts, as a .scimmap writes it: the schema URN when there is
 * one, each name by spelledTargetName, a value filter after the attribute
 * (`urn:...:2.0:User:"Région"[type eq "x"].ville`). Messages and quick fixes that know the parts use
 * this, never spelledTargetPath on a joined name: an attribute named `a.b` is one name.
 */
export function spelledTargetParts(schema: string | undefined, attribute: string, filter = '', sub?: string): string {
  return `${schema ? `${schema}:` : ''}${spelledTargetName(attribute)}${filter}${sub === undefined ? '' : `.${spelledTargetName(sub)}`}`;
}

/** Anything normalisedTargetText changes: a comment, a whitespace run or one that is not a space, a space at `.`, `[` or `]`. */
const NEEDS_NORMALISING = /[#\t\n\v\f\r\u00a0\ufeff\u2028\u2029]|\s\s|\s[.[\]]|[.[\]]\s/;

/**
 * Target path text outside quoted names, as Entra writes it: whitespace runs as one space, none
 * around `.`, `[` and `]`, comments left out; a filter's quoted value as it is.
 */
export function normalisedTargetText(text: string): string {
  // Most targets are written as Entra writes them: one test instead of building the text again.
  if (!NEEDS_NORMALISING.test(text)) return text;
  const uncommented = text.includes('#') ? text.replace(/("(?:[^"\\\r\n]|\\.)*")|#[^\r\n]*/g, (_, value?: string) => value ?? ' ') : text;
  return uncommented.replace(
    /("(?:[^"\\\r\n]|\\.)*")|\s*([.[\]])\s*|\s+/g,
    (_, value?: string, punctuation?: string) => value ?? punctuation ?? ' ',
  );
}

/**
 * An Entra target attribute name as a target path writes it: the schema URN and value filters as
 * they are, each attribute and sub-attribute name by spelledTargetName
 * (`urn:...:2.0:User:Département` -> `urn:...:2.0:User:"Département"`). SCIM paths have one
 * sub-attribute (RFC 7644 §3.10), so a name with more parts is its attribute and one sub-attribute
 * named by the rest, `a.b.c` -> `a."b.c"`, as the attribute tree import writes has it. Callers that
 * must be sure (import) parse the result back: a name whose parts cannot be told apart this way
 * reads back as another name, and quoted whole it is one attribute.
 */
export function spelledTargetPath(name: string): string {
  const filterStart = name.search(/[["]/);
  const head = filterStart < 0 ? name : name.slice(0, filterStart);
  const schema = /^urn:/i.test(head) ? name.slice(0, head.lastIndexOf(':') + 1) : '';
  const segments: string[] = [];
  let segment = '';
  let filter = '';
  let subStart = -1;
  for (let i = schema.length; i < name.length; i++) {
    const c = name[i];
    if (c === '[' && filter === '') {
      const end = filterEnd(name, i);
      filter = name.slice(i, end);
      i = end - 1;
    } else if (c === '.') {
      segments.push(spelledTargetName(segment) + filter);
      segment = filter = '';
      if (subStart < 0) subStart = i + 1;
    } else if (filter === '') segment += c;
    else return quoteString(name);
  }
  segments.push(spelledTargetName(segment) + filter);
  // Past the attribute, the rest of a name of three parts or more is one sub-attribute.
  if (segments.length > 2) return `${schema}${segments[0]}.${spelledTargetName(name.slice(subStart))}`;
  return schema + segments.join('.');
}

/** Where the value filter opening at `start` ends (after its `]`, quoted values skipped), or the text's end. */
function filterEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === ']') return i + 1;
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    }
  }
  return text.length;
}

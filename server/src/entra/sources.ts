// Entra's attributeMappingSource trees <-> .scimmap expressions. The `expression` text is the
// lossless form; the tree is generated from it with the parameter keys of the function catalogue
// (functions.json graphKey, each marked confirmed or not), and a tree read from a schema is
// checked against its expression.
import type { Call, Expression } from '../syntax/ast';
import { acceptsArgumentCount, findFunction, parameterAt } from '../schema/functions';
import { arrayItems, member, stringMember, type JsonNode } from './json-tree';
import { quoteString } from '../syntax/quoting';

/** attributeMappingSource, keys in the order the service emits them. */
export interface SourceNode {
  expression: string;
  name: string;
  type: 'Attribute' | 'Constant' | 'Function';
  parameters: Array<{ key: string; value: SourceNode }>;
}

/** The canonical text Entra stores: `Name(a, b, , )`, empty slots kept, one space after commas. */
export function canonicalExpression(e: Expression): string {
  switch (e.kind) {
    case 'attribute':
      return `[${e.name}]`;
    case 'string':
      return quoteString(e.value);
    case 'number':
      return e.raw;
    case 'enum':
      return e.name;
    case 'call':
      return `${e.name.text}(${e.args.map((a) => (a ? canonicalExpression(a) : '')).join(', ')})`;
    case 'comparison':
      return `${canonicalExpression(e.left)} ${e.operator} ${canonicalExpression(e.right)}`;
    case 'concat':
      return `${canonicalExpression(e.left)} & ${canonicalExpression(e.right)}`;
    case 'error':
      return '';
  }
}

/** The Graph key of argument `index` of a call, and whether a real export confirmed it. */
export function parameterKey(call: Call, index: number): { key: string; confirmed: boolean } {
  const fn = findFunction(call.name.text);
  const count = call.args.length;
  const signature = fn?.signatures.find((s) => acceptsArgumentCount(s, count)) ?? fn?.signatures[0];
  const parameter = signature ? parameterAt(signature, index) : undefined;
  if (!parameter) return { key: `arg${index + 1}`, confirmed: false };
  return { key: parameter.graphKey, confirmed: parameter.graphKeyConfirmed };
}

/** The source tree of an expression: nested nodes carry their own text; empty slots are left out. */
export function sourceTree(e: Expression, nested = false): SourceNode {
  const expression = canonicalExpression(e);
  switch (e.kind) {
    case 'attribute':
      return { expression, name: e.name, type: 'Attribute', parameters: [] };
    case 'string':
      return { expression, name: e.value, type: 'Constant', parameters: [] };
    case 'number':
      // Graph stores numeric arguments as string constants (`name: "1"`, `expression: "\"1\""`); the
      // whole mapping's expression stays the text as written.
      return { expression: nested ? quoteString(e.raw) : expression, name: e.raw, type: 'Constant', parameters: [] };
    case 'enum':
      return { expression, name: e.name, type: 'Constant', parameters: [] };
    case 'call': {
      const parameters: SourceNode['parameters'] = [];
      e.args.forEach((arg, index) => {
        if (arg) parameters.push({ key: parameterKey(e, index).key, value: sourceTree(arg, true) });
      });
      return { expression, name: e.name.text, type: 'Function', parameters };
    }
    case 'comparison':
    case 'concat':
      // Not seen in any real export: an operator node named after the operator (docs/entra-schema.md).
      return {
        expression,
        name: e.kind === 'concat' ? '&' : e.operator,
        type: 'Function',
        parameters: [
          { key: 'left', value: sourceTree(e.left, true) },
          { key: 'right', value: sourceTree(e.right, true) },
        ],
      };
    case 'error':
      return { expression: '', name: '', type: 'Constant', parameters: [] };
  }
}

/** The expression text a source tree stands for, for trees read without `expression` (Graph allows it). */
export function expressionOfTree(node: JsonNode): string | undefined {
  const written = stringMember(node, 'expression');
  if (written !== undefined) return written;
  const type = stringMember(node, 'type');
  const name = stringMember(node, 'name');
  if (name === undefined) return undefined;
  if (type === 'Attribute') return `[${name}]`;
  if (type === 'Constant') return quoteString(name);
  if (type !== 'Function') return undefined;
  const fn = findFunction(name);
  const args = new Map<string, string[]>();
  for (const p of arrayItems(member(node, 'parameters'))) {
    const key = stringMember(p, 'key');
    const value = member(p, 'value');
    const text = value ? expressionOfTree(value) : undefined;
    if (key === undefined || text === undefined) return undefined;
    args.set(key, [...(args.get(key) ?? []), text]);
  }
  const signature = fn?.signatures[0];
  if (!signature) return `${name}(${[...args.values()].flat().join(', ')})`;
  const slots: string[] = [];
  for (const parameter of signature.parameters) {
    const values = args.get(parameter.graphKey);
    if (parameter.repeating) slots.push(...(values ?? []));
    else slots.push(values?.[0] ?? '');
  }
  while (slots.length > 0 && slots[slots.length - 1] === '' && !signature.allSlots) slots.pop();
  return `${name}(${slots.join(', ')})`;
}

/**
 * Where a tree read from a schema disagrees with the tree its expression stands for: the pointer
 * and what differs, or undefined. Keys are compared only where the catalogue's key is confirmed;
 * operator nodes (never seen in real exports) are not compared.
 */
export function treeDisagreement(expected: SourceNode, actual: JsonNode): { pointer: string; message: string } | undefined {
  if (expected.type === 'Function' && !findFunction(expected.name)) return undefined;
  const type = stringMember(actual, 'type');
  const name = stringMember(actual, 'name');
  if (type !== undefined && type !== expected.type)
    return {
      pointer: `${actual.pointer}/type`,
      message: `the tree says ${type}, the expression ${expected.type} (${expected.expression})`,
    };
  if (name !== undefined && name !== expected.name)
    return {
      pointer: `${actual.pointer}/name`,
      message: `the tree names ${JSON.stringify(name)}, the expression ${JSON.stringify(expected.name)}`,
    };
  const parameters = member(actual, 'parameters');
  if (expected.type !== 'Function' || parameters?.kind !== 'array') return undefined;
  if (parameters.items.length !== expected.parameters.length) {
    return {
      pointer: parameters.pointer,
      message: `the tree has ${parameters.items.length} parameters, the expression ${expected.expression} has ${expected.parameters.length}`,
    };
  }
  const confirmed = confirmedKeys(expected.name);
  for (let i = 0; i < parameters.items.length; i++) {
    const item = parameters.items[i];
    const key = stringMember(item, 'key');
    const wanted = expected.parameters[i].key;
    if (key !== undefined && key !== wanted && confirmed.has(wanted)) {
      return {
        pointer: `${item.pointer}/key`,
        message: `the tree keys this ${expected.name} argument ${JSON.stringify(key)}, where Entra uses ${JSON.stringify(wanted)}`,
      };
    }
    const value = member(item, 'value');
    if (value) {
      const inner = treeDisagreement(expected.parameters[i].value, value);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The Graph keys of a function that real exports confirmed. */
function confirmedKeys(name: string): Set<string> {
  const keys = new Set<string>();
  for (const signature of findFunction(name)?.signatures ?? [])
    for (const p of signature.parameters) if (p.graphKeyConfirmed) keys.add(p.graphKey);
  return keys;
}

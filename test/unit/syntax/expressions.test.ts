import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Call, Comparison, Expression } from '../../../server/src/syntax/ast';
import { parseExpression } from '../../../server/src/syntax/parser';

/** The expression without its offsets, so a case reads as the tree it means. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key.endsWith('Span') || key === 'argSpans' || key === 'openParen' || key === 'closeParen') continue;
    out[key] = shape(value);
  }
  return out;
}

function parsed(text: string): Expression {
  const result = parseExpression(text);
  assert.deepEqual(result.diagnostics, [], `diagnostics for ${text}`);
  assert.ok(result.expression, `an expression for ${text}`);
  return result.expression;
}

const attr = (name: string) => ({ kind: 'attribute', name });
const str = (value: string) => ({ kind: 'string', value, quote: '"' });
const num = (raw: string, hex = false) => ({ kind: 'number', raw, hex });
const call = (name: string, ...args: unknown[]) => ({ kind: 'call', name: { text: name }, args });

describe('expressions parse into the AST', () => {
  const cases: Array<[string, unknown]> = [
    ['[userPrincipalName]', attr('userPrincipalName')],
    ['[passwordProfile.password]', attr('passwordProfile.password')],
    ['[extension_4e1f2a3b5c6d_costCenter]', attr('extension_4e1f2a3b5c6d_costCenter')],
    ['"Agent"', str('Agent')],
    ['"Company name: \\"Contoso\\""', str('Company name: "Contoso"')],
    ['"\\\\+(?<isdCode>\\\\d* )"', str('\\+(?<isdCode>\\d* )')],
    ['"C:\\temp\\d"', str('C:\\temp\\d')],
    ['""', str('')],
    ['42', num('42')],
    ['-10', num('-10')],
    ['42568.75', num('42568.75')],
    ['129699324000000000', num('129699324000000000')],
    ['&HF', num('&HF', true)],
    ['&hf7', num('&hf7', true)],
    ['Now()', call('Now')],
    ['Append([userPrincipalName], ".test")', call('Append', attr('userPrincipalName'), str('.test'))],
    ['BitAnd(&HF, &HF7)', call('BitAnd', num('&HF', true), num('&HF7', true))],
    [
      'InStr("repEated","e",3,vbBinaryCompare)',
      call('InStr', str('repEated'), str('e'), num('3'), { kind: 'enum', name: 'vbBinaryCompare' }),
    ],
    ['DateAdd("d", -10, CDate([StatusHireDate]))', call('DateAdd', str('d'), num('-10'), call('CDate', attr('StatusHireDate')))],
    ['Replace([x], , "re", , "", , )', call('Replace', attr('x'), undefined, str('re'), undefined, str(''), undefined, undefined)],
    ['Switch([IsSoftDeleted], , "False", "True")', call('Switch', attr('IsSoftDeleted'), undefined, str('False'), str('True'))],
    ['Foo(,)', call('Foo', undefined, undefined)],
    ['Foo([a],)', call('Foo', attr('a'), undefined)],
    [
      'IIF([country]="USA",[country],[department])',
      call('IIF', { kind: 'comparison', operator: '=', left: attr('country'), right: str('USA') }, attr('country'), attr('department')),
    ],
    [
      'CBool([attribute1] = [attribute2])',
      call('CBool', { kind: 'comparison', operator: '=', left: attr('attribute1'), right: attr('attribute2') }),
    ],
    [
      'IIF([StatusRehire]=1, "a", "b")',
      call('IIF', { kind: 'comparison', operator: '=', left: attr('StatusRehire'), right: num('1') }, str('a'), str('b')),
    ],
    ['IIF([x]<-10, "a", "b")', call('IIF', { kind: 'comparison', operator: '<', left: attr('x'), right: num('-10') }, str('a'), str('b'))],
    ['"t-" & [alias]', { kind: 'concat', left: str('t-'), right: attr('alias') }],
    [
      '[a] & [b] = "c"',
      { kind: 'comparison', operator: '=', left: { kind: 'concat', left: attr('a'), right: attr('b') }, right: str('c') },
    ],
    ['Join(" ",\n    [givenName],   # first\n    [surname]\n)', call('Join', str(' '), attr('givenName'), attr('surname'))],
  ];
  for (const [text, expected] of cases) {
    test(text.replace(/\n/g, '⏎'), () => assert.deepEqual(shape(parsed(text)), expected));
  }

  test('every comparison operator parses, as the lowest-precedence binary node', () => {
    for (const operator of ['=', '<>', '>', '>=', '<', '<='] as const) {
      const node = parsed(`DateDiff("d", Now(), [hireDate]) ${operator} 5`) as Comparison;
      assert.equal(node.kind, 'comparison');
      assert.equal(node.operator, operator);
      assert.equal(node.left.kind, 'call');
      assert.deepEqual(shape(node.right), num('5'));
    }
  });

  test('a bare string is double-quoted; a single-quoted one says so', () => {
    assert.equal((parsed("'x'") as { quote: string }).quote, "'");
  });
});

describe('expression spans point at their text', () => {
  test('call, name, parentheses and every argument slot, empty ones included', () => {
    const text = 'Replace([x], , "re", , "", , )';
    const node = parsed(text) as Call;
    const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    assert.equal(slice(node.span), text);
    assert.equal(slice(node.name.span), 'Replace');
    assert.equal(slice(node.openParen!), '(');
    assert.equal(slice(node.closeParen!), ')');
    assert.deepEqual(node.argSpans.map(slice), ['[x]', ' ', ' "re"', ' ', ' ""', ' ', ' ']);
    assert.equal(slice(node.args[2]!.span), '"re"');
  });

  test('attribute name, operators and nested operands', () => {
    const text = 'IIF([country] = "USA", "t-" & [alias], "x")';
    const node = parsed(text) as Call;
    const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    const condition = node.args[0] as Comparison;
    assert.equal(slice(condition.span), '[country] = "USA"');
    assert.equal(slice(condition.operatorSpan), '=');
    assert.equal(slice((condition.left as { nameSpan: { start: number; end: number } }).nameSpan), 'country');
    const concat = node.args[1]!;
    assert.equal(slice(concat.span), '"t-" & [alias]');
  });
});

describe('expression errors', () => {
  test('an empty expression is reported, not thrown', () => {
    const result = parseExpression('   ');
    assert.equal(result.expression, undefined);
    assert.equal(result.diagnostics.length, 1);
    assert.match(result.diagnostics[0].message, /Expected an expression/);
  });

  test('a missing `)` is reported right after the last argument', () => {
    const text = 'Join(" ", [givenName]';
    const result = parseExpression(text);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].span.start, text.length);
    assert.equal(result.diagnostics[0].message, 'Expected `)` to close `Join(`');
    const node = result.expression as Call;
    assert.equal(node.recovered, true);
    assert.equal(node.args.length, 2);
  });

  test('a missing comma between arguments is reported at the second argument', () => {
    const text = 'Join(" " [givenName])';
    const result = parseExpression(text);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(text.slice(result.diagnostics[0].span.start, result.diagnostics[0].span.end), '[givenName]');
    assert.equal((result.expression as Call).args.length, 2);
  });

  test('text after a complete expression is reported', () => {
    const result = parseExpression('[mail] [upn]');
    assert.equal(result.diagnostics.length, 1);
    assert.match(result.diagnostics[0].message, /after the expression/);
  });

  test('a comparison without a right side keeps an error node', () => {
    const result = parseExpression('IIF([a] = , "x", "y")');
    assert.equal(result.diagnostics[0].message, 'Expected a value after `=`');
    const condition = (result.expression as Call).args[0] as Comparison;
    assert.equal(condition.right.kind, 'error');
  });

  test("other languages' comparison operators say what Entra writes instead", () => {
    const firstMessage = (operator: string) => parseExpression(`IIF([a] ${operator} "x", "y", "z")`).diagnostics[0]?.message;
    assert.equal(firstMessage('=='), 'Expected a value after `=`: Entra compares with a single `=`');
    assert.equal(firstMessage('=>'), 'Expected a value after `=`: Entra writes greater-or-equal as `>=`');
    assert.equal(firstMessage('=<'), 'Expected a value after `=`: Entra writes less-or-equal as `<=`');
    assert.equal(firstMessage('< >'), 'Expected a value after `<`: write `<>` without a space');
    assert.equal(firstMessage('!='), 'Unexpected character `!`: Entra writes not-equal as `<>`, not `!=`');
  });
});

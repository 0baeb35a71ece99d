import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../support/repository';
import { legend, semanticTokenList, semanticTokens, tokenModifiers, tokenTypes } from '../../../server/src/lsp/semantic-tokens';
import { analyzedDocument, brokenInputs } from './analyzed-document';

/** `text`, `type` and modifiers of each token, in order. */
function tokensOf(text: string): string[] {
  return semanticTokenList(analyzedDocument(text)).map(
    (t) => `${text.slice(t.span.start, t.span.end)} ${t.type}${t.modifiers.map((m) => `.${m}`).join('')}`,
  );
}

describe('semantic tokens', () => {
  test('the legend uses standard token types and modifiers', () => {
    assert.deepEqual(legend.tokenTypes, [
      'namespace',
      'property',
      'variable',
      'function',
      'string',
      'number',
      'keyword',
      'operator',
      'enumMember',
      'comment',
    ]);
    assert.deepEqual(legend.tokenModifiers, ['readonly', 'defaultLibrary']);
  });

  test('a block header: its keywords and its strings', () => {
    assert.deepEqual(tokensOf('users "Provision" from "User" to "urn:ietf:params:scim:schemas:core:2.0:User" rule "R" {\n}'), [
      'users keyword',
      '"Provision" string',
      'from keyword',
      '"User" string',
      '"urn:ietf:params:scim:schemas:core:2.0:User" string',
      'rule keyword',
      '"R" string',
    ]);
  });

  test('tells targets, URNs, filter values, source attributes, functions and keywords apart', () => {
    const text = [
      '# users',
      'users {',
      '  enabled true',
      '  emails[type eq "work"].value <- [mail]  match 1',
      '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- ToLower([department], "en-US")  on create',
      '  title <- none  default "Agent"',
      '  externalId <- [extension_0123456789abcdef0123456789abcdef_id]',
      '  displayName <- Frobnicate([x]) & InStr([a], "b", 1, vbTextCompare)',
      '  scope "Sales" {',
      '    [department] EQUALS "Sales"',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(tokensOf(text), [
      '# users comment',
      'users keyword',
      'enabled keyword',
      'true keyword',
      'emails property',
      'type property',
      'eq operator',
      '"work" enumMember',
      'value property',
      '<- operator',
      '[mail] variable.defaultLibrary',
      'match keyword',
      '1 number',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User namespace',
      'department property',
      '<- operator',
      'ToLower function.defaultLibrary',
      '[department] variable.defaultLibrary',
      '"en-US" string',
      'on create keyword',
      'title property',
      '<- operator',
      'none keyword',
      'default keyword',
      '"Agent" string',
      'externalId property',
      '<- operator',
      '[extension_0123456789abcdef0123456789abcdef_id] variable',
      'displayName property',
      '<- operator',
      'Frobnicate function',
      '[x] variable',
      '& operator',
      'InStr function.defaultLibrary',
      '[a] variable',
      '"b" string',
      '1 number',
      'vbTextCompare enumMember',
      'scope keyword',
      '"Sales" string',
      '[department] variable.defaultLibrary',
      'EQUALS operator',
      '"Sales" string',
    ]);
  });

  test('read-only targets carry the readonly modifier', () => {
    const tokens = tokensOf(
      'users {\n  id <- [objectId]\n  emails[type eq "other"].value <- [mail]\n  emails[type eq "work"].value <- [mail]\n}',
    );
    assert.deepEqual(
      tokens.filter((t) => t.includes('property')),
      [
        'id property.readonly',
        'emails property.readonly',
        'type property',
        'value property.readonly',
        'emails property',
        'type property',
        'value property',
      ],
    );
  });

  test('encodes relative positions with the legend indexes', () => {
    const text = 'users {\n  title <- [jobTitle]\n}';
    const { data } = semanticTokens(analyzedDocument(text));
    const type = (name: (typeof tokenTypes)[number]) => tokenTypes.indexOf(name);
    const defaultLibrary = 1 << tokenModifiers.indexOf('defaultLibrary');
    assert.deepEqual(
      data,
      [
        [0, 0, 5, type('keyword'), 0],
        [1, 2, 5, type('property'), 0],
        [0, 6, 2, type('operator'), 0],
        [0, 3, 10, type('variable'), defaultLibrary],
      ].flat(),
    );
  });

  test('a range request encodes only the tokens of the nodes in range, at their real lines', () => {
    const text = 'users {\n  userName <- [userPrincipalName]\n  title <- [jobTitle]\n  displayName <- [displayName]\n}';
    const document = analyzedDocument(text);
    const line = (n: number) => ({
      start: document.lines.offsetAt({ line: n, character: 0 }),
      end: document.lines.offsetAt({ line: n, character: 99 }),
    });
    const { data } = semanticTokens(document, line(2));
    assert.deepEqual(
      data,
      [
        [2, 2, 5, tokenTypes.indexOf('property'), 0],
        [0, 6, 2, tokenTypes.indexOf('operator'), 0],
        [0, 3, 10, tokenTypes.indexOf('variable'), 1 << tokenModifiers.indexOf('defaultLibrary')],
      ].flat(),
    );
  });

  test('a property keyword split over two lines stays on its first line', () => {
    const text = 'users {\n  title <- [jobTitle] on\n    create\n}';
    const { data } = semanticTokens(analyzedDocument(text));
    const last = data.slice(-5);
    assert.deepEqual(last, [0, 11, 2, tokenTypes.indexOf('keyword'), 0]);
  });

  test('tokens of every example are sorted, single-line and never overlap', () => {
    const examplesDir = join(repositoryRoot(__dirname), 'examples');
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.scimmap'));
    assert.ok(files.length > 0);
    for (const name of files) {
      const text = readFileSync(join(examplesDir, name), 'utf8');
      const tokens = semanticTokenList(analyzedDocument(text));
      let end = 0;
      for (const token of tokens) {
        assert.ok(token.span.start >= end, `${name}: overlap at ${token.span.start}`);
        assert.ok(!/[\r\n]/.test(text.slice(token.span.start, token.span.end)) || token.type === 'keyword', `${name}: multi-line token`);
        end = token.span.end;
      }
    }
  });
});

test('semantic tokens of broken input are well formed', () => {
  for (const text of brokenInputs) {
    const { data } = semanticTokens(analyzedDocument(text));
    assert.equal(data.length % 5, 0);
    for (let i = 0; i < data.length; i += 5) assert.ok(data[i + 2] > 0, 'no empty token');
  }
});

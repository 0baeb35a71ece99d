import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { matchingMappings, matchingQueryPath } from '../../../server/src/provisioning/matching';

describe('matching queries', () => {
  test('users are queried by the matching attribute with the value as a JSON string', () => {
    assert.equal(matchingQueryPath('users', 'userName', 'ada@contoso.com'), '/Users?filter=userName eq "ada@contoso.com"');
  });

  test('multi-valued matching attributes are queried by their full path', () => {
    assert.equal(
      matchingQueryPath('users', 'emails[type eq "work"].value', 'a@b.c'),
      '/Users?filter=emails[type eq "work"].value eq "a@b.c"',
    );
  });

  test('groups exclude members and filter on displayName', () => {
    assert.equal(
      matchingQueryPath('groups', 'displayName', 'Sales EMEA'),
      '/Groups?excludedAttributes=members&filter=displayName eq "Sales EMEA"',
    );
  });

  test("a boolean or numeric attribute's value is RFC 7644's bare compValue, a string attribute's a JSON string", () => {
    const cases: Array<[value: string, type: string | undefined, query: string]> = [
      ['True', 'boolean', 'active eq true'],
      ['FALSE', 'boolean', 'active eq false'],
      ['yes', 'boolean', 'active eq "yes"'],
      ['42', 'integer', 'active eq 42'],
      ['4.5', 'integer', 'active eq "4.5"'],
      ['4.5', 'decimal', 'active eq 4.5'],
      ['007', 'integer', 'active eq "007"'],
      ['True', 'string', 'active eq "True"'],
      ['True', undefined, 'active eq "True"'],
    ];
    for (const [value, type, query] of cases)
      assert.equal(matchingQueryPath('users', 'active', value, type), `/Users?filter=${query}`, value);
  });

  test('quotes and backslashes are escaped as RFC 7644 requires', () => {
    assert.equal(matchingQueryPath('users', 'userName', 'O"Brien\\x'), '/Users?filter=userName eq "O\\"Brien\\\\x"');
  });

  test('matching mappings come in ascending precedence', () => {
    const { file } = parse(
      'users {\n  externalId <- [objectId] match 2\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n}',
    );
    assert.deepEqual(
      matchingMappings(file.blocks[0]).map((entry) => [entry.precedence, entry.mapping.target.text]),
      [
        [1, 'userName'],
        [2, 'externalId'],
      ],
    );
  });
});

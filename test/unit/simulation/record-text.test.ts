// A record's modifiedProperties written straight to JSON text: what JSON.stringify gives for the
// properties, each new value with the old one at the same place in the target's value, and a create's
// values named by their mappings' targets, the body's envelope left out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createdBodyText, createdProperties, isEnvelope, PropertiesText } from '../../../server/src/simulation/record-text';

const written = (write: (properties: PropertiesText) => void) => {
  const properties = new PropertiesText();
  write(properties);
  const text = properties.text();
  const parsed = JSON.parse(text) as unknown;
  assert.equal(JSON.stringify(parsed), text, 'written as JSON.stringify writes it');
  return parsed;
};

describe('modifiedProperties text', () => {
  test('a replaced list: each leaf with the leaf at the same place before, none where the list was shorter', () => {
    const phones = [
      { type: 'work', value: '+14255550100' },
      { type: 'mobile', value: '+14255550101' },
    ];
    assert.deepEqual(
      written((properties) => properties.addLeaves(phones, 'phoneNumbers', [{ Type: 'work', value: '+14255550199' }])),
      [
        { displayName: 'phoneNumbers[0].type', oldValue: 'work', newValue: 'work' },
        { displayName: 'phoneNumbers[0].value', oldValue: '+14255550199', newValue: '+14255550100' },
        { displayName: 'phoneNumbers[1].type', oldValue: null, newValue: 'mobile' },
        { displayName: 'phoneNumbers[1].value', oldValue: null, newValue: '+14255550101' },
      ],
    );
  });

  test('an old value is a leaf (string, number, boolean): an object or list where the new value has a leaf, or a member only its prototype has, is no old value', () => {
    assert.deepEqual(
      written((properties) => {
        properties.addLeaves('Lead', 'title', { nested: { deeper: 'x' } });
        properties.addLeaves(false, 'active', true);
        properties.addLeaves(7, 'level', 6);
        properties.addLeaves({ constructor: 'a', toString: 'b' }, 'name', {});
      }),
      [
        { displayName: 'title', oldValue: null, newValue: 'Lead' },
        { displayName: 'active', oldValue: 'true', newValue: 'false' },
        { displayName: 'level', oldValue: '6', newValue: '7' },
        { displayName: 'name.constructor', oldValue: null, newValue: 'a' },
        { displayName: 'name.toString', oldValue: null, newValue: 'b' },
      ],
    );
  });

  test('values that need escaping, and a property with an old value and none new between properties without', () => {
    const odd = 'Quote "and" back\\slash\n line \u2028 \ud800';
    assert.deepEqual(
      written((properties) => {
        properties.add('members[0].$ref', null);
        properties.add(`members[value eq ${JSON.stringify(odd)}]`, null, odd);
        properties.add('displayName', odd, odd.toUpperCase());
        properties.add('title', 'Lead');
      }),
      [
        { displayName: 'members[0].$ref', oldValue: null, newValue: null },
        { displayName: `members[value eq ${JSON.stringify(odd)}]`, oldValue: odd, newValue: null },
        { displayName: 'displayName', oldValue: odd.toUpperCase(), newValue: odd },
        { displayName: 'title', oldValue: null, newValue: 'Lead' },
      ],
    );
  });

  test("a create body's text is JSON.stringify's; its properties are its mappings' values in their order, named by each mapping's target, not the envelope or the element's type", () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@contoso.com',
      phoneNumbers: [
        { type: 'work', value: '+1 "425"' },
        { type: 'mobile', value: '+14255550101' },
      ],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' },
      roles: [{ value: 'Agent', primary: true }],
      active: true,
      meta: { resourceType: 'User' },
    };
    const created = createdBodyText(body);
    assert.equal(created.text, JSON.stringify(body));
    // The work number's quotes need escapes, so its properties are escaped again, not taken as they are.
    assert.equal(created.verbatim, false);
    assert.deepEqual(createdBodyText({ userName: 'ada@contoso.com', name: { givenName: 'Łukasz' } }), {
      text: '{"userName":"ada@contoso.com","name":{"givenName":"Łukasz"}}',
      verbatim: true,
    });
    // Each value's pointer and its mapping's span (by its start), in the mapping's order, as bodies.ts records them.
    const sources = Object.freeze({
      '/userName': { start: 1 },
      '/active': { start: 2 },
      '/phoneNumbers/1/value': { start: 3 },
      '/phoneNumbers/0/value': { start: 4 },
      '/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department': { start: 5 },
      '/roles': { start: 6 },
      '/schemas': { start: 7 },
    });
    const targets = new Map([
      [1, 'userName'],
      [2, 'active'],
      [3, 'phoneNumbers[type eq "mobile"].value'],
      [4, 'phoneNumbers[type eq "work"].value'],
      [5, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'],
      [6, 'roles'],
      [7, 'schemas'],
    ]);
    const expected = [
      { displayName: 'userName', oldValue: null, newValue: 'ada@contoso.com' },
      { displayName: 'active', oldValue: null, newValue: 'true' },
      { displayName: 'phoneNumbers[type eq "mobile"].value', oldValue: null, newValue: '+14255550101' },
      { displayName: 'phoneNumbers[type eq "work"].value', oldValue: null, newValue: '+1 "425"' },
      { displayName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', oldValue: null, newValue: 'Sales' },
      { displayName: 'roles[0].value', oldValue: null, newValue: 'Agent' },
      { displayName: 'roles[0].primary', oldValue: null, newValue: 'true' },
    ];
    // Twice: the second body of the same (frozen, shared) sources reads the places kept for the first.
    for (let round = 0; round < 2; round++)
      assert.deepEqual(
        written((properties) => createdProperties(body, sources, targets, properties, created.verbatim)),
        expected,
      );
    assert.deepEqual(['schemas', 'schemas[1]', 'meta', 'meta.resourceType', 'metadata', 'schemasUsed', 'name.schemas'].map(isEnvelope), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

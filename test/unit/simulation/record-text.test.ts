// A record's modifiedProperties written straight to JSON text: what JSON.stringify gives for the
// properties, each new value with the old one at the same place in the target's value, and the create
// body's envelope left out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createdBodyText, isEnvelope, PropertiesText } from '../../../server/src/simulation/record-text';

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

  test("a create body's properties are its leaves but the envelope's; an attribute whose name starts like the envelope's is listed", () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@contoso.com',
      metadata: 'kept',
      name: { schemas: 'kept too' },
      meta: { resourceType: 'User' },
    };
    const properties = new PropertiesText();
    assert.equal(createdBodyText(body, properties), JSON.stringify(body));
    assert.deepEqual(
      (JSON.parse(properties.text()) as Array<{ displayName: string }>).map((property) => property.displayName),
      ['userName', 'metadata', 'name.schemas'],
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

// What an object's requests send at a target path (simulation/mapping-tests.ts sentValue), over the
// wire forms Entra writes (reference/entra-provisioning.md §4.4): the create's body and then every
// PATCH operation in order, with or without the aadOptscim062020 flag.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sentPath, sentValue } from '../../../server/src/simulation/mapping-tests';

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const extensions = [enterprise];
const patch = (...Operations: unknown[]) => ({ method: 'PATCH', path: '/Users/u1', body: { Operations } });
const at = (requests: Parameters<typeof sentValue>[0], path: string) => sentValue(requests, sentPath(path, extensions)!, extensions);

describe('the value the requests send at a path', () => {
  test("the flag's merged replace: its members are paths, dotted and URN-qualified", () => {
    const requests = [
      patch({ op: 'replace', value: { displayName: 'Ada', 'name.givenName': 'Ada', [`${enterprise}:employeeNumber`]: '42' } }),
    ];
    assert.equal(at(requests, 'name.givenName'), 'Ada');
    assert.deepEqual(at(requests, 'name'), { givenName: 'Ada' });
    assert.equal(at(requests, `${enterprise}:employeeNumber`), '42');
    assert.equal(at(requests, 'displayName'), 'Ada');
    assert.equal(at(requests, 'title'), null);
  });

  test('a later operation on the same path wins; an add to a list appends to the POST body', () => {
    const requests = [
      { method: 'POST', path: '/Users', body: { userName: 'ada', emails: [{ type: 'work', value: 'a@x' }] } },
      patch({ op: 'Add', path: 'emails', value: [{ type: 'home', value: 'h@x' }] }),
      patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'b@x' }),
    ];
    assert.deepEqual(at(requests, 'emails'), [
      { type: 'work', value: 'b@x' },
      { type: 'home', value: 'h@x' },
    ]);
    assert.equal(at(requests, 'EMAILS[type eq "Work"].Value'), 'b@x');
  });

  test('members removed, by a value list (default) or one by one by filter (the flag), show beside those added', () => {
    const added = { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] };
    const byList = [patch(added), patch({ op: 'Remove', path: 'members', value: [{ value: 'u2' }] })];
    const byFilter = [
      patch(added),
      patch({ op: 'remove', path: 'members[value eq "u2"]' }, { op: 'remove', path: 'members[value eq "u3"]' }),
    ];
    assert.deepEqual(at(byList, 'members'), { add: [{ $ref: null, value: 'u1' }], remove: [{ value: 'u2' }] });
    assert.deepEqual(at(byFilter, 'members'), { add: [{ $ref: null, value: 'u1' }], remove: [{ value: 'u2' }, { value: 'u3' }] });
    assert.deepEqual(at([patch({ op: 'Remove', path: 'members', value: [{ value: 'u2' }] })], 'members'), {
      add: [],
      remove: [{ value: 'u2' }],
    });
    assert.deepEqual(at([patch(added)], 'members'), [{ $ref: null, value: 'u1' }], 'nothing removed: the list added');
    assert.deepEqual(at(byList, 'members[value eq "u1"]'), { $ref: null, value: 'u1' });
  });

  test('the requests are not changed by reading them', () => {
    const requests = [
      patch({ op: 'Add', path: 'members', value: [{ value: 'u1' }] }),
      patch({ op: 'Add', path: 'members[value eq "u1"].display', value: 'Ada' }),
    ];
    const before = JSON.stringify(requests);
    assert.deepEqual(at(requests, 'members'), [{ value: 'u1', display: 'Ada' }]);
    assert.equal(JSON.stringify(requests), before);
  });
});

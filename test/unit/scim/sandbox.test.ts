// The sandbox behaves as Genesys Cloud is documented to (the Genesys Cloud developer center's Platform API reference, SCIM (developer.genesys.cloud)), so what works
// against it is what a user may expect from the real service.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ScimClient } from '../../../shared/src/scim/client';
import { clientFor, useSandbox } from './helpers';

const userUrn = 'urn:ietf:params:scim:schemas:core:2.0:User';
const enterpriseUrn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const genesysUrn = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
const patchUrn = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the Genesys sandbox', () => {
  const sandbox = useSandbox();
  let scim: ScimClient;
  const get = async (path: string, query?: Record<string, string>) => (await scim.json({ method: 'GET', path, query })).body as Doc;
  const status = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    query?: Record<string, string>,
  ) => scim.send({ method, path, body, headers, query });
  const create = async (user: Doc) =>
    (await scim.json({ method: 'POST', path: '/Users', body: { schemas: [userUrn], ...user } })).body as Doc;
  const patch = async (path: string, operations: Doc[]) => status('PATCH', path, { schemas: [patchUrn], Operations: operations });

  before(async () => {
    scim = clientFor(sandbox().url, sandbox().token).client;
  });
  after(async () => {
    await scim.close();
  });

  test('both roots, and paths in any case', async () => {
    for (const path of ['/users', '/Users', '/USERS']) assert.equal((await get(path)).totalResults, 2);
    const legacy = clientFor(sandbox().url.replace(/\/v2$/, ''), sandbox().token).client;
    assert.equal(((await legacy.json({ method: 'GET', path: '/serviceproviderconfig' })).body as Doc).patch.supported, true);
  });

  test('listing without a filter shows active users only; active eq false shows the others', async () => {
    assert.deepEqual(
      (await get('/Users')).Resources.map((user: Doc) => user.userName),
      ['ada.lovelace@example.com', 'alan.turing@example.com'],
    );
    assert.deepEqual(
      (await get('/Users', { filter: 'active eq false' })).Resources.map((user: Doc) => user.userName),
      ['grace.hopper@example.com'],
    );
  });

  test('filters: quoted and unquoted values, the documented aliases, and 400 for the rest', async () => {
    assert.equal((await get('/Users', { filter: 'userName eq "ADA.LOVELACE@example.com"' })).totalResults, 1);
    assert.equal((await get('/Users', { filter: 'userName eq ada.lovelace@example.com' })).totalResults, 1);
    assert.equal((await get('/Users', { filter: 'email eq ada@example.com' })).totalResults, 1);
    assert.equal((await get('/Users', { filter: `manager eq "nobody"` })).totalResults, 0);
    assert.equal((await get('/Users', { filter: 'division eq Nowhere' })).totalResults, 0);
    assert.equal((await get('/Users', { filter: 'userName eq "nobody@example.com"' })).totalResults, 0);
    assert.equal((await get('/Groups', { filter: 'displayname eq Sales' })).totalResults, 1);
    const ada = (await get('/Users', { filter: 'userName eq "ada.lovelace@example.com"' })).Resources[0];
    assert.equal(
      (await get('/Users', { filter: `${genesysUrn}:externalIds[authority eq "x-pc:scimv2:v1" and value eq "${ada.id}"]` })).totalResults,
      1,
    );
    const unsupported = await status('GET', '/Users', undefined, undefined, { filter: 'title co "A"' });
    assert.equal(unsupported.status, 400);
    assert.match(unsupported.text, /invalidFilter/);
  });

  test('filters Genesys Cloud documents nothing for are refused: "or", and every attribute the schema marks unfilterable', async () => {
    const refused = async (resource: string, filter: string) => {
      const answer = await status('GET', resource, undefined, undefined, { filter });
      assert.equal(answer.status, 400, filter);
      assert.equal(JSON.parse(answer.text).scimType, 'invalidFilter', filter);
      return JSON.parse(answer.text).detail as string;
    };
    assert.match(await refused('/Users', 'userName eq "ada.lovelace@example.com" or userName eq "alan.turing@example.com"'), /"or"/);
    assert.match(await refused('/Groups', 'displayName eq "Sales" or displayName eq "Support"'), /"or"/);
    // An "or" inside a quoted value is a value, not an operator.
    assert.equal((await get('/Users', { filter: 'userName eq "this or that@example.com"' })).totalResults, 0);
    // Genesys documents `email eq`, not the emails path (the schema: emails filterable false, filterAlias email).
    assert.match(await refused('/Users', 'emails[type eq "work"].value eq "ada@example.com"'), /cannot filter on/);
    // Every attribute of the bundled schema: filterable ones answer 200, the rest 400 (one source for both).
    for (const [resource, endpoint] of [
      [sandbox().store.userResource, '/Users'],
      [sandbox().store.groupResource, '/Groups'],
    ] as const) {
      for (const schema of resource.schemas) {
        for (const attribute of schema.attributes) {
          const path = schema.id === resource.coreSchema ? attribute.name : `${schema.id}:${attribute.name}`;
          const filter = `${path} eq "x"`;
          if (attribute.filterable && attribute.multiValued) continue; // externalIds: by its value filter, below
          if (attribute.filterable) assert.equal((await status('GET', endpoint, undefined, undefined, { filter })).status, 200, filter);
          else assert.match(await refused(endpoint, filter), /cannot filter on/);
        }
      }
    }
    assert.match(await refused('/Users', `${genesysUrn}:routingSkills[name eq "Billing"]`), /cannot filter on/);
  });

  test("errors carry the body Genesys documents for their status: ErrorBody, with ScimError's scimType and detail on a 400; ScimError on a 409", async () => {
    const badFilter = JSON.parse((await status('GET', '/Users', undefined, undefined, { filter: 'title eq "x"' })).text);
    assert.deepEqual(Object.keys(badFilter).sort(), [
      'code',
      'contextId',
      'detail',
      'details',
      'errors',
      'message',
      'schemas',
      'scimType',
      'status',
    ]);
    assert.equal(badFilter.status, 400);
    assert.equal(badFilter.message, badFilter.detail);
    const notFound = JSON.parse((await status('GET', '/Users/00000000-0000-4000-8000-000000000000')).text);
    assert.deepEqual([notFound.status, notFound.code, notFound.schemas, notFound.scimType], [404, 'not.found', undefined, undefined]);
    assert.match(notFound.message, /not found/);
    const duplicate = JSON.parse((await status('POST', '/Users', { userName: 'ada.lovelace@example.com', displayName: 'Ada' })).text);
    assert.deepEqual(duplicate, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'User name already in use by non-deleted user.',
    });
  });

  test('paging with startIndex and count; count=0 gives the total only', async () => {
    const page = await get('/Users', { startIndex: '2', count: '1' });
    assert.deepEqual(
      [page.totalResults, page.startIndex, page.itemsPerPage, page.Resources[0].userName],
      [2, 2, 1, 'alan.turing@example.com'],
    );
    const totals = await get('/Users', { count: '0' });
    assert.deepEqual([totals.totalResults, totals.Resources], [2, []]);
  });

  test('create: 201 with the main email and the SCIM externalIds entry; 409 on a duplicate userName', async () => {
    const user = await create({
      userName: 'kat.johnson@example.com',
      displayName: 'Katherine Johnson',
      [enterpriseUrn]: { department: 'Flight' },
    });
    assert.deepEqual(user.emails[0], { value: 'kat.johnson@example.com', type: 'other', primary: true });
    assert.deepEqual(user[genesysUrn].externalIds[0], { authority: 'x-pc:scimv2:v1', value: user.id });
    assert.equal(user[enterpriseUrn].department, 'Flight');
    const duplicate = await status('POST', '/Users', { schemas: [userUrn], userName: 'KAT.JOHNSON@example.com', displayName: 'K' });
    assert.equal(duplicate.status, 409);
    assert.match(duplicate.text, /already in use by non-deleted user/);
    const missing = await status('POST', '/Users', { schemas: [userUrn], userName: 'no.name@example.com' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /displayName/);
  });

  test('canonical values and read-only rules are enforced', async () => {
    const badPhone = await status('POST', '/Users', {
      userName: 'p@example.com',
      displayName: 'P',
      phoneNumbers: [{ value: '+15555550100', type: 'fax' }],
    });
    assert.equal(badPhone.status, 400);
    assert.match(JSON.parse(badPhone.text).detail, /phoneNumbers type "fax" is not one of/);
    const user = await create({ userName: 'ro@example.com', displayName: 'Read Only' });
    const mainEmail = await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'emails[type eq "other"].value', value: 'x@example.com' }]);
    assert.equal(mainEmail.status, 400);
    assert.match(mainEmail.text, /mutability/);
    const groups = await patch(`/Users/${user.id}`, [{ op: 'Add', path: 'groups', value: [{ value: 'g' }] }]);
    assert.equal(groups.status, 400);
    assert.match(groups.text, /Groups endpoint/);
    const skills = await patch(`/Users/${user.id}`, [
      { op: 'Replace', path: `${genesysUrn}:routingSkills`, value: [{ name: 'Billing', proficiency: 7 }] },
    ]);
    assert.equal(skills.status, 400);
    assert.match(skills.text, /0 to 5/);
  });

  test('PATCH in Entra\'s default shape: capitalised ops, "False" as a string, filtered paths, URN paths', async () => {
    const user = await create({ userName: 'patch.default@example.com', displayName: 'Patch Default' });
    const response = await patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'work@example.com' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+15555550100' },
      { op: 'Replace', path: `${enterpriseUrn}:manager`, value: 'manager-id' },
      { op: 'Add', path: `${genesysUrn}:externalIds[authority eq 'microsoftteams'].value`, value: 'teams-id' },
    ]);
    assert.equal(response.status, 200, response.text);
    const patched = JSON.parse(response.text) as Doc;
    assert.equal(patched.active, false);
    assert.deepEqual(patched.emails[1], { type: 'work', value: 'work@example.com' });
    assert.deepEqual(patched.phoneNumbers, [{ type: 'mobile', value: '+15555550100' }]);
    assert.deepEqual(patched[enterpriseUrn].manager, { value: 'manager-id' });
    assert.deepEqual(patched[genesysUrn].externalIds[1], { authority: 'microsoftteams', value: 'teams-id' });
  });

  test('PATCH in the aadOptscim062020 shape: lower-case ops, booleans, one path-less replace', async () => {
    const user = await create({ userName: 'patch.flag@example.com', displayName: 'Patch Flag' });
    const response = await patch(`/Users/${user.id}`, [
      { op: 'replace', value: { displayName: 'Renamed', title: 'Lead', [`${enterpriseUrn}:department`]: 'Ops' } },
      { op: 'replace', path: 'active', value: false },
    ]);
    assert.equal(response.status, 200, response.text);
    const patched = JSON.parse(response.text) as Doc;
    assert.deepEqual(
      [patched.displayName, patched.title, patched[enterpriseUrn].department, patched.active],
      ['Renamed', 'Lead', 'Ops', false],
    );
  });

  test('groups: members added and removed in both Entra shapes; no create or delete', async () => {
    const sales = (await get('/Groups', { filter: 'displayName eq "Sales"' })).Resources[0];
    const user = await create({ userName: 'member@example.com', displayName: 'Member' });
    assert.equal(
      (await patch(`/Groups/${sales.id}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] }])).status,
      200,
    );
    // User.groups entries are ScimV2GroupReference {value, $ref, type}: Genesys' model has no display.
    assert.deepEqual(
      (await get(`/Users/${user.id}`)).groups.map((group: Doc) => Object.keys(group).sort()),
      [['$ref', 'type', 'value']],
    );
    assert.equal((await get(`/Users/${user.id}`)).groups[0].value, sales.id);
    assert.equal((await patch(`/Groups/${sales.id}`, [{ op: 'Remove', path: 'members', value: [{ value: user.id }] }])).status, 200);
    assert.equal((await patch(`/Groups/${sales.id}`, [{ op: 'add', path: 'members', value: [{ value: user.id }] }])).status, 200);
    assert.equal((await patch(`/Groups/${sales.id}`, [{ op: 'remove', path: `members[value eq "${user.id}"]` }])).status, 200);
    assert.equal((await get(`/Users/${user.id}`)).groups, undefined);
    assert.equal((await status('POST', '/Groups', { displayName: 'New' })).status, 405);
    assert.equal((await status('DELETE', `/Groups/${sales.id}`)).status, 405);
    assert.equal((await status('GET', '/Groups')).status, 400, 'the filter is required on /api/v2/scim/v2/groups');
  });

  test('ETags: 304 for a current If-None-Match, 409 for a stale If-Match', async () => {
    const user = await create({ userName: 'etag@example.com', displayName: 'ETag' });
    const first = await status('GET', `/Users/${user.id}`);
    const etag = first.headers.etag;
    assert.equal(etag, `"${user.meta.version}"`);
    assert.equal((await status('GET', `/Users/${user.id}`, undefined, { 'if-none-match': etag })).status, 304);
    assert.equal((await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'title', value: 'New' }])).status, 200);
    const stale = await status('PUT', `/Users/${user.id}`, { userName: 'etag@example.com', displayName: 'ETag' }, { 'if-match': etag });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Version does not match/);
  });

  test('delete: 204, gone afterwards, and the userName can be used again', async () => {
    const user = await create({ userName: 'leaver@example.com', displayName: 'Leaver' });
    assert.equal((await status('DELETE', `/Users/${user.id}`)).status, 204);
    assert.equal((await status('GET', `/Users/${user.id}`)).status, 404);
    assert.equal((await status('POST', '/Users', { userName: 'leaver@example.com', displayName: 'Leaver again' })).status, 201);
  });

  test('ServiceProviderConfig states only what Genesys documents: no filter maximum, no documentation URI', async () => {
    const config = await get('/ServiceProviderConfig');
    assert.deepEqual(Object.keys(config).sort(), [
      'authenticationSchemes',
      'bulk',
      'changePassword',
      'etag',
      'filter',
      'meta',
      'patch',
      'schemas',
      'sort',
    ]);
    assert.deepEqual(config.filter, { supported: true });
    assert.deepEqual(config.patch, { supported: true });
    assert.deepEqual(config.etag, { supported: true });
    assert.deepEqual(config.sort, { supported: false });
    assert.deepEqual(config.bulk, { supported: false, maxOperations: 0, maxPayloadSize: 0 });
    assert.deepEqual(
      config.authenticationSchemes.map((scheme: Doc) => Object.keys(scheme).sort()),
      [['description', 'name', 'primary', 'type']],
      'no specUri or documentationUri: Genesys publishes none for its SCIM API',
    );
  });

  test('discovery: Schemas from the bundled Genesys schema; a filtered Schemas query is refused', async () => {
    const schemas = await get('/Schemas');
    const user = schemas.Resources.find((schema: Doc) => schema.id === userUrn);
    const phone = user.attributes.find((attribute: Doc) => attribute.name === 'phoneNumbers');
    assert.ok(phone.subAttributes.find((sub: Doc) => sub.name === 'type').canonicalValues.includes('microsoftteams'));
    assert.equal((await get(`/Schemas/${enterpriseUrn}`)).id, enterpriseUrn);
    assert.equal((await status('GET', '/Schemas', undefined, undefined, { filter: 'id eq x' })).status, 403);
    const types = await get('/ResourceTypes');
    assert.deepEqual(
      types.Resources.map((type: Doc) => type.endpoint),
      ['/Users', '/Groups'],
    );
  });

  test("userName must be an email address, on create and on every update (the schema's format)", async () => {
    for (const userName of ['mailnickname', 'ada@', 'two words@example.com']) {
      const created = await status('POST', '/Users', { userName, displayName: 'No Address' });
      assert.equal(created.status, 400, userName);
      assert.match(JSON.parse(created.text).detail, /is not an email address/);
    }
    const user = await create({ userName: 'address@example.com', displayName: 'Address' });
    const replaced = await patch(`/Users/${user.id}`, [{ op: 'Replace', path: 'userName', value: 'address' }]);
    assert.equal(replaced.status, 400);
    assert.equal((await get(`/Users/${user.id}`)).userName, 'address@example.com');
  });

  test('every email and phone entry needs its type, the filter key Genesys files it by', async () => {
    for (const [name, entry] of [
      ['emails', { value: 'typeless@example.com' }],
      ['phoneNumbers', { value: '+15555550100' }],
      ['phoneNumbers', { value: '+15555550100', type: '' }],
    ] as const) {
      const created = await status('POST', '/Users', { userName: 't@example.com', displayName: 'T', [name]: [entry] });
      assert.equal(created.status, 400, `${name} ${JSON.stringify(entry)}`);
      assert.match(JSON.parse(created.text).detail, new RegExp(`Every ${name} entry needs a type`));
    }
    const user = await create({
      userName: 'typed@example.com',
      displayName: 'Typed',
      phoneNumbers: [{ value: '+15555550100', type: 'mobile' }],
    });
    const added = await patch(`/Users/${user.id}`, [{ op: 'Add', path: 'phoneNumbers', value: [{ value: '+15555550101' }] }]);
    assert.equal(added.status, 400);
    // A filtered path names the type: the entry it creates carries it.
    const filtered = await patch(`/Users/${user.id}`, [{ op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+15555550102' }]);
    assert.equal(filtered.status, 200);
    assert.deepEqual(
      (await get(`/Users/${user.id}`)).phoneNumbers.map((phone: Doc) => phone.type),
      ['mobile', 'work'],
    );
  });
});

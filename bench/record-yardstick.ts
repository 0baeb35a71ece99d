// The simulation's yardstick (issue 15): the provisioning-log records of bench/eval.ts's generated
// users through examples/purecloud.scimmap, written by hand for that one mapping and those users: no
// interpreter, no schema checks, no notes beyond the one these users get, every fixed run of the
// record one string made before the cycle and each value put between two of them. A generic engine
// does all of that and more for any mapping, so this is the most it could reach; bench/simulate.ts
// checks that each record here is byte for byte the one `Simulation.simulateText` writes, then times
// both over the same users.
import { ClaimedValues } from '../server/src/simulation/claimed-values';
import { escaped } from '../server/src/provisioning/json-string';
import type { SampleUser } from '../server/src/schema/sample-data';

const core = 'urn:ietf:params:scim:schemas:core:2.0:User';
const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A modified property's text up to its new value's opening quote: `,{"displayName":"title","oldValue":null,"newValue":"`. */
const opening = (name: string) => `,{"displayName":"${name}","oldValue":null,"newValue":"`;
/** A filtered path's property, named as the mapping names it (its quotes escaped in the JSON text): `emails[type eq \"work\"].value`. */
const filtered = (attribute: string, type: string) => opening(`${attribute}[type eq \\"${type}\\"].value`);

const fixed = {
  properties: '[{"displayName":"userName","oldValue":null,"newValue":"',
  active: { true: `"}${opening('active')}true"}`, false: `"}${opening('active')}false"}` },
  body: `{"schemas":["${core}","${enterprise}"],"userName":"`,
  bodyActive: { true: '","active":true', false: '","active":false' },
  displayName: [opening('displayName'), ',"displayName":"'],
  mail: [filtered('emails', 'work'), ',"emails":[{"type":"work","value":"'],
  title: [opening('title'), ',"title":"'],
  mobile: [filtered('phoneNumbers', 'mobile'), '{"type":"mobile","value":"'],
  telephone: [filtered('phoneNumbers', 'work'), '{"type":"work","value":"', ',{"type":"work","value":"'],
  department: [opening(`${enterprise}:department`), '"department":"'],
  employeeNumber: [opening(`${enterprise}:employeeNumber`), '"employeeNumber":"', ',"employeeNumber":"'],
  head: '{"id":"user:',
  importStep: `","provisioningAction":"create","provisioningStatusInfo":{"status":"success","errorInformation":null},"provisioningSteps":[{"name":"EntryImport","provisioningStepType":"import","status":"success","description":"Retrieved User '`,
  matchingStep:
    `' from Microsoft Entra ID","details":{}},` +
    '{"name":"EntrySynchronizationScoping","provisioningStepType":"scoping","status":"success","description":"In scope: the users block has no scoping filter, so every assigned user is in scope","details":{"Assigned":"True","Scope sync all":"False"}},' +
    '{"name":"EntryImport","provisioningStepType":"matching","status":"success","description":"No target state given: matching finds nothing, as against an empty target","details":{"1. userName":"',
  properties2:
    '"}},{"name":"EntryExportAdd","provisioningStepType":"export","status":"success","description":"Entra creates the user.","details":{"Requests":"2"}}],"modifiedProperties":',
  sourceIdentity: '],"sourceIdentity":{"id":"',
  sourceName: '","displayName":"',
  where: '","identityType":"User","details":{"where":"',
  targetIdentity: '"}},"targetIdentity":{"id":null,"displayName":"',
  query: `","identityType":"${enterprise}","details":{}},"sourceSystem":{"id":null,"displayName":"Microsoft Entra ID","details":{}},"targetSystem":{"id":null,"displayName":"Genesys Cloud","details":{}},"simulation":{"action":"create","summary":"Entra creates the user.","requests":[{"method":"GET","path":"/Users?filter=userName eq \\"`,
  post: '\\""},{"method":"POST","path":"/Users","body":',
  notes: {
    true: ',"meta":{"resourceType":"User"}}}],"rejections":[],"notes":[]}}',
    false:
      ',"meta":{"resourceType":"User"}}}],"rejections":[],"notes":["accountEnabled is false, so Entra evaluates IsSoftDeleted as True: the user is provisioned disabled (Microsoft Learn: How Application Provisioning works in Microsoft Entra ID)."]}}',
  },
};

/** A generated user's value as the mapping sends it (a string attribute read as it is), escaped for JSON; null when absent. */
function sent(value: unknown): string | null {
  return value === null || value === undefined ? null : escaped(String(value));
}

/** Writes the records of one cycle over generated users: each user's userName is claimed, as the cycle keeps it unique. */
export class HandWrittenRecords {
  private readonly claimed = new ClaimedValues();

  record(user: SampleUser, where: string): string {
    const attributes = user.attributes;
    const id = escaped(user.id);
    // The source identity is the Entra object id each generated user carries (the record's key is its id).
    const objectId = escaped(String(attributes.objectId));
    const userPrincipalName = String(attributes.userPrincipalName);
    const userName = escaped(userPrincipalName);
    this.claimed.claim(userPrincipalName.toLowerCase(), user.id);
    const active = attributes.accountEnabled === false ? 'false' : 'true';
    const displayName = sent(attributes.displayName);
    const mail = sent(attributes.mail);
    const title = sent(attributes.jobTitle);
    const mobile = sent(attributes.mobile);
    const telephone = sent(attributes.telephoneNumber);
    const department = sent(attributes.department);
    const employeeNumber = sent(attributes.employeeId);
    let properties = fixed.properties + userName + fixed.active[active];
    let body = fixed.body + userName + fixed.bodyActive[active];
    if (displayName !== null) {
      properties += fixed.displayName[0] + displayName + '"}';
      body += fixed.displayName[1] + displayName + '"';
    }
    if (mail !== null) {
      properties += fixed.mail[0] + mail + '"}';
      body += fixed.mail[1] + mail + '"}]';
    }
    if (title !== null) {
      properties += fixed.title[0] + title + '"}';
      body += fixed.title[1] + title + '"';
    }
    if (mobile !== null || telephone !== null) {
      body += ',"phoneNumbers":[';
      if (mobile !== null) {
        properties += fixed.mobile[0] + mobile + '"}';
        body += fixed.mobile[1] + mobile + '"}';
      }
      if (telephone !== null) {
        properties += fixed.telephone[0] + telephone + '"}';
        body += fixed.telephone[mobile === null ? 1 : 2] + telephone + '"}';
      }
      body += ']';
    }
    if (department !== null || employeeNumber !== null) {
      body += `,"${enterprise}":{`;
      if (department !== null) {
        properties += fixed.department[0] + department + '"}';
        body += fixed.department[1] + department + '"';
      }
      if (employeeNumber !== null) {
        properties += fixed.employeeNumber[0] + employeeNumber + '"}';
        body += fixed.employeeNumber[department === null ? 1 : 2] + employeeNumber + '"';
      }
      body += '}';
    }
    return (
      fixed.head +
      id +
      fixed.importStep +
      objectId +
      fixed.matchingStep +
      userName +
      fixed.properties2 +
      properties +
      fixed.sourceIdentity +
      objectId +
      fixed.sourceName +
      (displayName ?? userName) +
      fixed.where +
      escaped(where) +
      fixed.targetIdentity +
      userName +
      fixed.query +
      userName +
      fixed.post +
      body +
      fixed.notes[active]
    );
  }
}

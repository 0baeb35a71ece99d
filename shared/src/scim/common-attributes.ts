// RFC 7643 §3.1: `id`, `externalId` and `meta` belong to every resource but are "not defined in any
// particular schema", so a conformant /Schemas (RFC 7643 §8.7.1, scimmy's) does not list them. Read
// as attributes of a resource's core schema wherever a mapping is checked against an endpoint's
// /Schemas, they are written as SCIM schema attributes, with RFC 7643's characteristics.

export interface CommonAttribute {
  readonly name: string;
  readonly type: 'string' | 'complex' | 'dateTime' | 'reference';
  readonly mutability: 'readOnly' | 'readWrite';
  readonly caseExact: boolean;
  readonly description: string;
  readonly subAttributes?: readonly CommonAttribute[];
}

const metaSub = (name: string, type: CommonAttribute['type'], caseExact: boolean, description: string): CommonAttribute => ({
  name,
  type,
  mutability: 'readOnly',
  caseExact,
  description,
});

export const commonAttributes: readonly CommonAttribute[] = [
  {
    name: 'id',
    type: 'string',
    mutability: 'readOnly',
    caseExact: true,
    description: 'RFC 7643 §3.1 common attribute: the resource id, set by the server. Entra caches it after matching; never map it.',
  },
  {
    name: 'externalId',
    type: 'string',
    mutability: 'readWrite',
    caseExact: true,
    description: 'RFC 7643 §3.1 common attribute: an identifier set by the provisioning client (the Entra objectId by default).',
  },
  {
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    caseExact: false,
    description: 'RFC 7643 §3.1 common attribute: server-set metadata.',
    subAttributes: [
      metaSub('resourceType', 'string', true, 'The resource type (User, Group).'),
      metaSub('created', 'dateTime', false, 'Creation, ISO 8601.'),
      metaSub('lastModified', 'dateTime', false, 'Last change, ISO 8601.'),
      metaSub('location', 'reference', true, "The resource's URI."),
      metaSub('version', 'string', true, 'The version, equal to the ETag.'),
    ],
  },
];

/** The common attributes a core schema's own attribute names (any case) do not already list. */
export function commonAttributesMissingFrom(listed: Iterable<string>): CommonAttribute[] {
  const names = new Set([...listed].map((name) => name.toLowerCase()));
  return commonAttributes.filter((attribute) => !names.has(attribute.name.toLowerCase()));
}

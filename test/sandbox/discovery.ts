// The sandbox's discovery documents. /Schemas is generated from server/src/data/genesys-schema.json,
// the schema the validator checks mappings against, so the two cannot drift apart. Genesys publishes
// no live ServiceProviderConfig payload: the sandbox states only what the Platform API reference's
// SCIM operations and parameters show, and leaves out what nothing documents (filter.maxResults,
// documentationUri). docs/connections.md ("The local sandbox") says where each value comes from.
import type { TargetAttribute } from '../../server/src/schema/target';
import { bundledTarget } from '../../server/src/schema/target-format';

const targetSchema = bundledTarget('genesys-cloud')!;
import type { Json } from './store';

export function serviceProviderConfig(base: string): Json {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: true }, // PATCH /users/{id} and /groups/{id} are documented operations
    filter: { supported: true }, // the filter parameter of GET /users and /groups; no maximum is published
    etag: { supported: true }, // meta.version is the ETag; If-Match and If-None-Match are documented headers
    sort: { supported: false }, // no sortBy or sortOrder parameter on any SCIM operation
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 }, // no /Bulk operation
    changePassword: { supported: true }, // password is writable on PUT and PATCH (permission directory:user:setPassword)
    authenticationSchemes: [
      {
        // The OpenAPI security scheme's name; the SCIM calls send the access token as a bearer token.
        name: 'PureCloud OAuth',
        description: 'A Genesys Cloud OAuth access token, sent as a bearer token.',
        type: 'oauthbearertoken',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig`, version: '1' },
  };
}

function scimAttribute(attribute: TargetAttribute): Json {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned:
      attribute.name === 'id' || attribute.name === 'userName' ? 'always' : attribute.mutability === 'writeOnly' ? 'never' : 'default',
    uniqueness: attribute.name === 'id' ? 'global' : attribute.name === 'userName' ? 'server' : 'none',
    ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(scimAttribute) } : {}),
  };
}

export function schemaResources(base: string): Json[] {
  return targetSchema.resources.flatMap((resource) =>
    resource.schemas.map((schema) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: schema.id,
      name: schema.name,
      description: schema.description,
      attributes: schema.attributes.map(scimAttribute),
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
    })),
  );
}

export function resourceTypes(base: string): Json[] {
  return targetSchema.resources.map((resource) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: resource.name,
    name: resource.name,
    endpoint: resource.endpoint,
    schema: resource.coreSchema,
    schemaExtensions: resource.schemas
      .filter((schema) => schema.id !== resource.coreSchema)
      .map((schema) => ({ schema: schema.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${resource.name}` },
  }));
}

// The sandbox's discovery documents. /Schemas is generated from server/src/data/genesys-schema.json,
// the schema the validator checks mappings against, so the two cannot drift apart. The
// ServiceProviderConfig values are the sandbox's own: Genesys publishes no live payload
// (Genesys publishes none of these payloads), so they state what the sandbox implements.
import type { TargetAttribute } from '../../server/src/schema/target';
import { bundledTarget } from '../../server/src/schema/target-format';

const targetSchema = bundledTarget('genesys-cloud')!;
import type { Json } from './store';

export function serviceProviderConfig(base: string): Json {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://developer.genesys.cloud/useragentmanagement/scim/scim-documentation',
    patch: { supported: true },
    filter: { supported: true, maxResults: 25 },
    etag: { supported: true },
    sort: { supported: false },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    changePassword: { supported: true },
    authenticationSchemes: [
      {
        name: 'OAuth Bearer Token',
        description: 'Authentication with a Genesys Cloud OAuth access token.',
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

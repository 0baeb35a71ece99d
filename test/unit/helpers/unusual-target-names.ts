// The fixture whose targets the plain path syntax cannot spell (`cost-center`, `Département`,
// `u_région`, `x_y$z`, `first name`, `urn:...:Fieldwork:2.0:User:Région`) or whose schema URNs hold
// RFC 8141's other characters (`acme~corp`, `société+cie(fr)%20!$'*,;=@`), and the target schema
// import writes for it: what the tests of quoted target names check against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSchema } from '../../../server/src/entra/import';
import { readTargetSchema } from '../../../server/src/schema/target-format';
import { repositoryRoot } from '../../support/repository';

export const FIELDWORK = 'urn:ietf:params:scim:schemas:extension:Fieldwork:2.0:User';
/** Extension schemas whose URNs hold RFC 8141 characters beyond a name's (`~`, `é`, `+`, `(`, `%`, ...). */
export const ACME = 'urn:ietf:params:scim:schemas:extension:acme~corp:2.0:User';
export const SOCIETE = "urn:ietf:params:scim:schemas:extension:société+cie(fr)%20!$'*,;=@:2.0:User";

export const unusualNamesSchema = readFileSync(
  join(repositoryRoot(__dirname), 'test', 'fixtures', 'entra', 'unusual-target-names.json'),
  'utf8',
);

export const unusualNamesTarget = readTargetSchema(
  importSchema(unusualNamesSchema, 'unusual-target-names.json', { targetFile: './u.target.json' }).targetSchema,
  'u.target.json',
);

// Every semantic diagnostic code fires where it should, on the exact text, and not on the clean
// file next to it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnosticSeverities, type DiagnosticCode } from '../../../server/src/validation/report';
import { readTargetSchema } from '../../../server/src/schema/target-format';
import type { TargetChoice } from '../../../server/src/validation/analyze';
import { ACTIVE, diagnose, groups, summarize, users, usersWithUserName } from './cases';

interface Case {
  readonly name: string;
  readonly code: DiagnosticCode;
  readonly bad: string;
  /** The exact text the diagnostic underlines. */
  readonly span: string;
  /** The nearby file that is right; it must have no diagnostics at all unless `goodAlso` allows some. */
  readonly good: string;
  readonly data?: Record<string, unknown>;
  readonly goodAlso?: DiagnosticCode[];
  /** The target schema both files are checked against, when not the one they declare. */
  readonly targets?: TargetChoice;
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const userName = { name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true };
const active = { name: 'active', type: 'boolean', entraType: 'Boolean' };
const displayName = { name: 'displayName', type: 'string', entraType: 'String' };

/** The target schema of an app whose one resource is User, as a file would give it: its core schema's attributes and its extensions. */
function usersTarget(name: string, file: string, coreAttributes: readonly object[], extensions: readonly object[] = []) {
  return readTargetSchema(
    {
      name,
      resources: [
        {
          name: 'User',
          block: 'users',
          endpoint: '/Users',
          coreSchema: CORE_USER,
          required: ['userName'],
          schemas: [{ id: CORE_USER, attributes: coreAttributes }, ...extensions],
        },
      ],
    },
    file,
  );
}

/**
 * An app that provisions users only (no Group resource), with a sub-attribute named with a dot (an
 * Entra name of three parts, `locker.door.number`, as import declares it).
 */
const usersOnly = usersTarget('Acme HR', 'acme.target.json', [
  userName,
  active,
  displayName,
  {
    name: 'locker',
    type: 'complex',
    subAttributes: [
      { name: 'door.number', type: 'string', entraType: 'String' },
      { name: 'floor', type: 'string', entraType: 'String' },
    ],
  },
]);

/** An app that cannot filter on userName (audit 12 J F10); externalId filterable or not. */
function handTarget(externalIdFilterable: boolean) {
  return usersTarget('Hand', 'hand.target.json', [
    { ...userName, filterable: false },
    { ...active, filterable: true },
    displayName,
    { name: 'externalId', type: 'string', entraType: 'String', filterable: externalIdFilterable },
  ]);
}

const MUST = 'urn:ietf:params:scim:schemas:extension:must:2.0:User';

/** An app whose User resource type requires an extension (RFC 7643 §6 `schemaExtensions[].required`); `site` required in it or not. */
function mustTarget(siteRequired: boolean) {
  return usersTarget(
    'Must',
    'must.target.json',
    [userName, active, displayName],
    [
      {
        id: MUST,
        name: 'Must',
        required: true,
        attributes: [
          { name: 'site', type: 'string', entraType: 'String', required: siteRequired },
          { name: 'floor', type: 'string', entraType: 'String' },
        ],
      },
    ],
  );
}

const EXT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';

/** An app discovered from its endpoint (audit 12 J): a custom extension with multi-valued attributes without a filter key. */
const acme = usersTarget(
  'Acme',
  'acme.target.json',
  [userName, active, displayName, { name: 'password', type: 'string', entraType: 'String', mutability: 'writeOnly', returned: 'never' }],
  [
    {
      id: ACME,
      attributes: [
        { name: 'costCenter', type: 'string', entraType: 'String', required: true },
        { name: 'badgeId', type: 'string', entraType: 'String', mutability: 'immutable' },
        { name: 'pin', type: 'string', entraType: 'String', returned: 'never' },
        { name: 'tags', type: 'string', entraType: 'String', multiValued: true },
        { name: 'hireDate', type: 'dateTime', entraType: 'DateTime' },
        { name: 'level', type: 'integer', entraType: 'Integer', minimum: 1, maximum: 5 },
        { name: 'shift', type: 'string', entraType: 'String', suggestedValues: ['day', 'night'] },
        {
          name: 'certifications',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'name', type: 'string', entraType: 'String' },
            { name: 'issuer', type: 'string', entraType: 'String' },
          ],
        },
      ],
    },
  ],
);
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';

/** A users block for the bundled generic SCIM profile, whose multi-valued attributes have a boolean `primary`. */
function genericUsers(extra: string): string {
  return `target "generic-scim"\nusers {\n  userName <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n  active <- ${ACTIVE}\n${extra}\n}\n`;
}

const cases: Case[] = [
  // the target declaration
  {
    name: 'an unknown bundled target',
    code: 'unknown-target-schema',
    bad: `target "genesys"\n${users('')}`,
    span: '"genesys"',
    good: `target "genesys-cloud"\n${users('')}`,
  },
  {
    name: 'a target without groups',
    code: 'target-has-no-resource',
    bad: users('') + groups(''),
    span: 'groups',
    good: users(''),
    targets: { override: usersOnly },
  },
  // the provisioning job's settings
  {
    name: 'sync written twice',
    code: 'duplicate-cycle-setting',
    bad: `sync all\nsync assigned\n${users('')}`,
    span: 'sync assigned',
    good: `sync all\n${users('')}`,
    data: { first: { start: 0, end: 8 } },
  },
  {
    name: 'a deletion threshold of 0',
    code: 'deletion-threshold-zero',
    bad: `deletion threshold 0\n${users('')}`,
    span: '0',
    good: `deletion threshold 1\n${users('')}`,
  },
  {
    name: 'a role function under sync all',
    code: 'role-function-sync-all',
    bad: `sync all\n${users('  roles <- AppRoleAssignmentsComplex([appRoleAssignments])')}`,
    span: 'AppRoleAssignmentsComplex',
    good: `sync assigned\n${users('  roles <- AppRoleAssignmentsComplex([appRoleAssignments])')}`,
  },
  // blocks and settings
  {
    name: 'a second groups block',
    code: 'duplicate-block',
    bad: groups('') + groups(''),
    span: 'groups',
    good: groups(''),
    data: { first: { start: 0, end: 6 } },
  },
  {
    name: 'a second groups block with its own objects is no duplicate',
    code: 'carried-block',
    bad: groups('') + 'groups from "" to "Internal" {\n  enabled false\n  Name <- none  match 1\n}\n',
    span: 'from "" to "Internal"',
    good: groups('') + 'groups from "Group" to "Group" {\n  actions update\n  displayName <- [displayName]  match 1\n}\n',
  },
  {
    name: 'a misspelt action',
    code: 'unknown-action',
    bad: users('', '  actions create, updat'),
    span: 'updat',
    good: users('', '  actions create, update'),
  },
  {
    name: 'groups asking for create',
    code: 'group-action-unsupported',
    bad: groups('', '  actions create, update'),
    span: 'create',
    good: groups(''),
    data: { remove: 'create' },
  },
  {
    name: 'groups without actions (all three)',
    code: 'group-action-unsupported',
    bad: groups('', ''),
    span: 'groups',
    good: groups(''),
    data: { suggestion: 'actions update' },
  },
  {
    name: 'users disabled',
    code: 'user-mapping-disabled',
    bad: users('', '  enabled false'),
    span: 'false',
    good: users('', '  enabled true'),
  },
  {
    name: 'no matching attribute',
    code: 'no-matching-attribute',
    bad: users('').replace(' match 1', ''),
    span: 'users',
    good: users(''),
    data: { suggestion: 'userName' },
  },
  {
    name: 'userName missing',
    code: 'missing-required-target',
    bad: 'users {\n  externalId <- [objectId] match 1\n  displayName <- [displayName]\n  active <- ' + ACTIVE + '\n}\n',
    span: 'users',
    good: users(''),
    data: { attribute: 'userName', suggestion: 'userName <- [userPrincipalName]' },
  },
  {
    name: 'displayName missing',
    code: 'missing-required-target',
    bad: users('').replace('  displayName <- [displayName]\n', ''),
    span: 'users',
    good: users(''),
    data: { attribute: 'displayName', suggestion: 'displayName <- [displayName]' },
  },
  {
    name: 'group displayName missing',
    code: 'missing-required-target',
    bad: 'groups {\n  actions update\n  externalId <- [objectId] match 1\n}\n',
    span: 'groups',
    good: groups(''),
    goodAlso: [],
    data: { attribute: 'displayName', suggestion: 'displayName <- [displayName]' },
  },
  {
    name: 'a required attribute of an extension the mapping sends (audit 12 J F2)',
    code: 'missing-required-target',
    bad: users(`  ${ACME}:tags <- [department]`),
    span: 'users',
    good: users(`  ${ACME}:tags <- [department]\n  ${ACME}:costCenter <- [employeeId]`),
    data: { attribute: `${ACME}:costCenter`, suggestion: `${ACME}:costCenter <- [displayName]` },
    targets: { override: acme },
  },
  {
    name: 'a required attribute of an extension the resource type requires (audit 12 J F2)',
    code: 'missing-required-target',
    bad: users(''),
    span: 'users',
    good: users(`  ${MUST}:site <- [physicalDeliveryOfficeName]`),
    data: { attribute: `${MUST}:site`, suggestion: `${MUST}:site <- [displayName]` },
    targets: { override: mustTarget(true) },
  },
  {
    name: 'a required extension without required attributes, not mapped (audit 12 J F2)',
    code: 'missing-required-target',
    bad: users(''),
    span: 'users',
    good: users(`  ${MUST}:floor <- [physicalDeliveryOfficeName]`),
    data: { attribute: MUST, suggestion: `${MUST}:site <- [displayName]` },
    targets: { override: mustTarget(false) },
  },
  {
    name: 'active not mapped',
    code: 'missing-required-target',
    bad: users('').replace(`  active <- ${ACTIVE}\n`, ''),
    span: 'users',
    good: users(''),
    data: { attribute: 'active', suggestion: `active <- ${ACTIVE}` },
  },
  // targets
  {
    name: 'unknown schema URN',
    code: 'unknown-schema',
    bad: users('  urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr:department <- [department]'),
    span: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr',
    good: users(`  ${EXT}:department <- [department]`),
    data: { suggestion: EXT },
  },
  {
    name: 'misspelt target',
    code: 'unknown-target',
    bad: users('  titel <- [jobTitle]'),
    span: 'titel',
    good: users('  title <- [jobTitle]'),
    data: { suggestion: 'title' },
  },
  {
    name: 'extension attribute written bare',
    code: 'unknown-target',
    bad: users('  department <- [department]'),
    span: 'department',
    good: users(`  ${EXT}:department <- [department]`),
    data: { suggestion: `${EXT}:department` },
  },
  {
    name: 'misspelt extension attribute',
    code: 'unknown-target',
    bad: users(`  ${EXT}:departmnt <- [department]`),
    span: 'departmnt',
    good: users(`  ${EXT}:department <- [department]`),
    data: { suggestion: 'department' },
  },
  {
    name: 'members on users',
    code: 'members-only-on-groups',
    bad: users('  members <- [manager]'),
    span: 'members',
    good: groups('  members <- [members]'),
  },
  {
    name: 'unknown sub-attribute',
    code: 'unknown-sub-attribute',
    bad: users('  emails[type eq "work"].valeu <- [mail]'),
    span: 'valeu',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'value' },
  },
  {
    name: 'sub-attribute of a string',
    code: 'unknown-sub-attribute',
    bad: users('  title.value <- [jobTitle]'),
    span: 'value',
    good: users('  title <- [jobTitle]'),
  },
  {
    name: 'a sub-attribute named with a dot',
    code: 'dotted-sub-attribute',
    bad: users('  locker."door.number" <- [department]'),
    span: '"door.number"',
    good: users('  locker.floor <- [department]'),
    targets: { override: usersOnly },
  },
  {
    name: 'wrong case in a path',
    code: 'target-case',
    bad: users('  emails[type eq "work"].Value <- [mail]'),
    span: 'Value',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'value' },
  },
  {
    name: 'filter on a single value',
    code: 'filter-not-allowed',
    bad: users('  title[type eq "work"] <- [jobTitle]'),
    span: '[type eq "work"]',
    good: users('  title <- [jobTitle]'),
  },
  {
    name: 'multi-valued without a filter',
    code: 'missing-value-filter',
    bad: users('  phoneNumbers.value <- [mobile]'),
    span: 'phoneNumbers',
    good: users('  phoneNumbers[type eq "mobile"].value <- [mobile]'),
    data: { suggestion: 'phoneNumbers[type eq "work"]' },
  },
  {
    name: 'multi-valued without a filter key, and without a filter (audit 12 J F1)',
    code: 'missing-value-filter',
    bad: users(`  ${ACME}:certifications.name <- [jobTitle]`),
    span: 'certifications',
    good: users(
      `  ${ACME}:certifications[issuer eq "ACME"].name <- [jobTitle]\n  ${ACME}:tags <- [department]\n  ${ACME}:costCenter <- [employeeId]`,
    ),
    targets: { override: acme },
  },
  {
    name: 'filter operator other than eq',
    code: 'filter-operator',
    bad: users('  emails[type ne "work"].value <- [mail]'),
    span: 'ne',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'eq' },
  },
  {
    name: 'filter operator written as a comparison, the one diagnostic of the line (before: three syntax errors, "Expected `eq` after `type`" and two more)',
    code: 'filter-operator',
    bad: users('  emails[type = "work"].value <- [mail]'),
    span: '=',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'eq' },
  },
  {
    name: 'unknown filter attribute',
    code: 'unknown-filter-attribute',
    bad: users('  emails[typ eq "work"].value <- [mail]'),
    span: 'typ',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'type' },
  },
  {
    name: 'phone type Genesys lacks',
    code: 'unknown-filter-value',
    bad: users('  phoneNumbers[type eq "fax"].value <- [facsimileTelephoneNumber]'),
    span: '"fax"',
    good: users('  phoneNumbers[type eq "work2"].value <- [facsimileTelephoneNumber]'),
  },
  // Before: nothing; RFC 7643 §7 lets a server ignore a value it does not list, so a near miss of a suggested one is likely lost.
  {
    name: 'a near miss of a suggested filter value (discover13)',
    code: 'unlisted-value',
    bad: genericUsers('  emails[type eq "wrok"].value <- [mail]'),
    span: '"wrok"',
    good: genericUsers('  emails[type eq "work"].value <- [mail]\n  phoneNumbers[type eq "pager"].value <- [mobile]'),
    data: { suggestion: 'work' },
  },
  {
    name: 'a near miss of a suggested authority (discover13)',
    code: 'unlisted-value',
    bad: users(`  ${GENESYS}:externalIds[authority eq "zoomphon"].value <- [objectId]`),
    span: '"zoomphon"',
    good: users(`  ${GENESYS}:externalIds[authority eq "x-pc:scimv2"].value <- [objectId]`),
    data: { suggestion: 'zoomphone' },
  },
  {
    name: 'a near miss of a suggested constant (discover13)',
    code: 'unlisted-value',
    bad: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:shift <- "nigth"`),
    span: '"nigth"',
    good: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:shift <- "evening"`),
    data: { suggestion: 'night' },
    targets: { override: acme },
  },
  {
    name: 'canonical value in the wrong case',
    code: 'filter-value-case',
    bad: users('  phoneNumbers[type eq "Mobile"].value <- [mobile]'),
    span: '"Mobile"',
    good: users('  phoneNumbers[type eq "mobile"].value <- [mobile]'),
    data: { suggestion: 'mobile' },
  },
  {
    name: 'single-quoted filter value',
    code: 'single-quoted-filter-value',
    bad: users(`  ${GENESYS}:externalIds[authority eq 'zoomphone'].value <- [mail]`),
    span: "'zoomphone'",
    good: users(`  ${GENESYS}:externalIds[authority eq "zoomphone"].value <- [mail]`),
    data: { replacement: '"zoomphone"' },
  },
  {
    name: 'an immutable target without on create (audit 12 J F3)',
    code: 'requires-on-create',
    bad: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:badgeId <- [employeeId]`),
    span: `${ACME}:badgeId`,
    good: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:badgeId <- [employeeId]  on create`),
    data: { suggestion: 'on create' },
    targets: { override: acme },
  },
  // Before: nothing, though RFC 7643 §2.3.5 wants an xsd:dateTime and a strict target refuses the text.
  {
    name: 'a dateTime from a text that is no date and time (discover13)',
    code: 'constant-type',
    bad: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:hireDate <- "next monday"`),
    span: '"next monday"',
    good: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:hireDate <- "2026-01-05T09:00:00Z"`),
    targets: { override: acme },
  },
  {
    name: 'a dateTime from a date without its time (discover13)',
    code: 'constant-type',
    bad: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:hireDate <- "2026-13-05"`),
    span: '"2026-13-05"',
    good: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:hireDate <- "2026-12-05T09:00:00.5+01:00"`),
    targets: { override: acme },
  },
  { name: 'id', code: 'read-only-target', bad: users('  id <- [objectId]'), span: 'id', good: users('  externalId <- [objectId]') },
  { name: 'meta', code: 'read-only-target', bad: users('  meta.version <- "1"'), span: 'meta.version', good: users('  title <- "1"') },
  {
    name: 'groups on a user',
    code: 'read-only-target',
    bad: users('  groups <- [department]'),
    span: 'groups',
    good: users('  title <- [department]'),
  },
  {
    name: 'the other email',
    code: 'read-only-target',
    bad: users('  emails[type eq "other"].value <- [mail]'),
    span: 'emails[type eq "other"].value',
    good: users('  emails[type eq "work"].value <- [mail]'),
  },
  {
    name: 'a complex attribute as a whole',
    code: 'complex-target',
    bad: users('  emails <- [mail]'),
    span: 'emails',
    good: users('  emails[type eq "work"].value <- [mail]'),
    data: { suggestion: 'emails[type eq "work"].value' },
  },
  {
    name: 'active from "yes"',
    code: 'constant-type',
    bad: users('  active <- "yes"').replace(`  active <- ${ACTIVE}\n`, ''),
    span: '"yes"',
    good: users('  active <- "True"').replace(`  active <- ${ACTIVE}\n`, ''),
    data: { suggestion: 'True' },
  },
  {
    name: 'a default that cannot be a boolean',
    code: 'constant-type',
    bad: users('').replace(`active <- ${ACTIVE}`, `active <- ${ACTIVE} default "maybe"`),
    span: '"maybe"',
    good: users('').replace(`active <- ${ACTIVE}`, `active <- ${ACTIVE} default "False"`),
  },
  // Audit 10 F8: the filter's value becomes the element's boolean ("primary": true), so "yes" cannot be sent.
  {
    name: 'a filter value for a boolean sub-attribute that is not a boolean',
    code: 'constant-type',
    bad: genericUsers('  addresses[type eq "work" and primary eq "yes"].locality <- [city]'),
    span: '"yes"',
    good: genericUsers('  addresses[type eq "work" and primary eq "True"].locality <- [city]'),
    data: { suggestion: 'True' },
  },
  {
    name: 'a filter value for a boolean key that is not a boolean',
    code: 'constant-type',
    bad: genericUsers('  emails[primary eq "maybe"].value <- [mail]'),
    span: '"maybe"',
    good: genericUsers('  emails[primary eq "false"].value <- [mail]'),
  },
  {
    name: 'a routing skill proficiency above 5',
    code: 'constant-type',
    bad: users(`  ${GENESYS}:routingSkills[name eq "Billing"].proficiency <- "7"`),
    span: '"7"',
    good: users(`  ${GENESYS}:routingSkills[name eq "Billing"].proficiency <- "4.5"`),
  },
  {
    name: 'a routing language proficiency below 0',
    code: 'constant-type',
    bad: users(`  ${GENESYS}:routingLanguages[name eq "French"].proficiency <- "-1"`),
    span: '"-1"',
    good: users(`  ${GENESYS}:routingLanguages[name eq "French"].proficiency <- "0"`),
  },
  {
    name: 'the SCIM-owned externalIds entry',
    code: 'read-only-target',
    bad: users(`  ${GENESYS}:externalIds[authority eq "x-pc:scimv2:v1:entra"].value <- [objectId]`),
    span: `${GENESYS}:externalIds[authority eq "x-pc:scimv2:v1:entra"].value`,
    good: users(`  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- [objectId]`),
  },
  {
    name: 'the SCIM-owned externalIds entry, its exact authority',
    code: 'read-only-target',
    bad: users(`  ${GENESYS}:externalIds[authority eq "x-pc:scimv2:v1"].value <- [objectId]`),
    span: `${GENESYS}:externalIds[authority eq "x-pc:scimv2:v1"].value`,
    good: users(`  ${GENESYS}:externalIds[authority eq "x-pc:scimv2"].value <- [objectId]`),
  },
  {
    name: 'userName from the mail alias',
    code: 'value-format',
    bad: usersWithUserName('[mailNickname]'),
    span: '[mailNickname]',
    good: usersWithUserName('Join("@", [mailNickname], "contoso.com")'),
  },
  {
    name: 'userName from a constant that is no address',
    code: 'value-format',
    bad: usersWithUserName('"helpdesk"'),
    span: '"helpdesk"',
    good: usersWithUserName('"helpdesk@contoso.com"'),
  },
  {
    name: 'userName from a lower-cased object id',
    code: 'value-format',
    bad: usersWithUserName('ToLower([objectId])'),
    span: 'ToLower([objectId])',
    good: usersWithUserName('ToLower([mail])'),
  },
  {
    name: 'userName from a choice none of whose values is an address (Coalesce)',
    code: 'value-format',
    bad: usersWithUserName('Coalesce([mailNickname], [objectId])'),
    span: 'Coalesce([mailNickname], [objectId])',
    good: usersWithUserName('Coalesce([mail], [mailNickname])'),
  },
  {
    name: 'userName from a Switch whose default and values are no address',
    code: 'value-format',
    bad: usersWithUserName('Switch([country], [mailNickname], "US", "helpdesk")'),
    span: 'Switch([country], [mailNickname], "US", "helpdesk")',
    good: usersWithUserName('Switch([country], [mailNickname], "US", "us@contoso.com")'),
    goodAlso: ['switch-default-null'],
  },
  {
    name: 'userName from an IIF of two values that are no address',
    code: 'value-format',
    bad: usersWithUserName('IIF([accountEnabled] = "True", [mailNickname], "disabled")'),
    span: 'IIF([accountEnabled] = "True", [mailNickname], "disabled")',
    good: users('').replace(
      'userName <- [userPrincipalName]',
      'userName <- IIF([accountEnabled] = "True", [userPrincipalName], "disabled")',
    ),
  },
  {
    name: 'a phone number from the mail alias',
    code: 'value-format',
    bad: users('  phoneNumbers[type eq "work"].value <- [mailNickname]'),
    span: '[mailNickname]',
    good: users('  phoneNumbers[type eq "work"].value <- [telephoneNumber]'),
  },
  {
    name: 'a constant manager',
    code: 'constant-type',
    bad: users(`  ${EXT}:manager <- "boss"`),
    span: '"boss"',
    good: users(`  ${EXT}:manager <- [manager]`),
  },
  {
    name: 'the same target twice',
    code: 'duplicate-target',
    bad: users('  title <- [jobTitle]\n  Title <- [department]'),
    span: 'Title',
    good: users('  title <- [jobTitle]\n  emails[type eq "work"].value <- [mail]'),
    goodAlso: [],
  },
  {
    name: 'the same filtered target twice',
    code: 'duplicate-target',
    bad: users('  emails[type eq "work"].value <- [mail]\n  emails[type eq "work"].value <- [userPrincipalName]'),
    span: 'emails[type eq "work"].value',
    good: users('  emails[type eq "work"].value <- [mail]\n  phoneNumbers[type eq "work"].value <- [telephoneNumber]'),
  },
  {
    name: 'none without default',
    code: 'none-without-default',
    bad: users('  title <- none'),
    span: 'none',
    good: users('  title <- none default "Agent"'),
  },
  {
    name: 'none with the empty default, which check and the preview read as no default (docs/entra-schema.md; before: no diagnostic)',
    code: 'none-without-default',
    bad: users('  title <- none default ""'),
    span: 'none',
    good: users('  title <- none default "Agent"'),
  },
  {
    name: 'active straight from IsSoftDeleted',
    code: 'active-from-is-soft-deleted',
    bad: users('').replace(`active <- ${ACTIVE}`, 'active <- [IsSoftDeleted]'),
    span: '[IsSoftDeleted]',
    good: users(''),
    data: { suggestion: ACTIVE },
  },
  {
    name: 'several values into one',
    code: 'result-kind',
    bad: users('  title <- [proxyAddresses]'),
    span: '[proxyAddresses]',
    good: users('  title <- Item([proxyAddresses], 1)'),
  },
  {
    name: 'roles into a single value',
    code: 'result-kind',
    bad: users('  title <- AppRoleAssignmentsComplex([appRoleAssignments])'),
    span: 'AppRoleAssignmentsComplex',
    good: users('  roles <- AppRoleAssignmentsComplex([appRoleAssignments])'),
  },
  {
    name: 'a plain value into manager',
    code: 'result-kind',
    bad: users(`  ${EXT}:manager <- [department]`),
    span: '[department]',
    good: users(`  ${EXT}:manager <- [manager]`),
  },
  {
    name: 'a reference into a plain value',
    code: 'result-kind',
    bad: users('  externalId <- [manager]'),
    span: '[manager]',
    good: users('  externalId <- [objectId]'),
  },
  // matching
  {
    name: 'match 0',
    code: 'invalid-match-precedence',
    bad: users('  externalId <- [objectId] match 0'),
    span: '0',
    good: users('  externalId <- [objectId] match 2'),
  },
  {
    name: 'the same precedence twice',
    code: 'duplicate-match-precedence',
    bad: users('  externalId <- [objectId] match 1'),
    span: '1',
    good: users('  externalId <- [objectId] match 2'),
    data: { suggestion: '2' },
  },
  {
    name: 'matching on an attribute Genesys cannot filter',
    code: 'unfilterable-matching-attribute',
    bad: users('  title <- [jobTitle] match 2'),
    span: 'match 2',
    good: users(`  ${EXT}:employeeNumber <- [employeeId] match 2`),
    data: { suggestion: 'userName' },
  },
  {
    name: 'matching on a write-only password: a secret in the GET (audit 12 J F4)',
    code: 'write-only-matching-attribute',
    bad: users('  password <- [employeeId] match 2'),
    span: 'match 2',
    good: users('  password <- [employeeId]'),
    data: { suggestion: 'userName' },
    targets: { override: acme },
  },
  {
    name: 'matching on an attribute never returned (audit 12 J F4)',
    code: 'write-only-matching-attribute',
    bad: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:pin <- [employeeId] match 2`),
    span: 'match 2',
    good: users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:pin <- [employeeId]`),
    data: { suggestion: 'userName' },
    targets: { override: acme },
  },
  {
    name: 'matching on active, a boolean: every active user matches',
    code: 'boolean-matching-attribute',
    bad: users('').replace(`active <- ${ACTIVE}`, `active <- ${ACTIVE} match 2`),
    span: 'match 2',
    good: users(''),
    data: { suggestion: 'userName' },
  },
  {
    name: 'matching on userName where the target cannot filter on it: the advice is another attribute (audit 12 J F10)',
    code: 'unfilterable-matching-attribute',
    bad: users(''),
    span: 'match 1',
    good: users('  externalId <- [objectId] match 1').replace('userName <- [userPrincipalName] match 1', 'userName <- [userPrincipalName]'),
    data: { suggestion: 'externalId' },
    targets: { override: handTarget(true) },
  },
  {
    name: 'matching groups on externalId',
    code: 'unfilterable-matching-attribute',
    bad: groups('  externalId <- [objectId] match 2'),
    span: 'match 2',
    good: groups('  externalId <- [objectId]'),
    data: { suggestion: 'displayName' },
  },
  // expressions
  {
    name: 'over 10,000 characters',
    code: 'expression-too-long',
    bad: users(`  title <- Join(" ", ${'"abcdefghi", '.repeat(770)}"x")`),
    span: `Join(" ", ${'"abcdefghi", '.repeat(770)}"x")`,
    good: users(`  title <- Join(" ", ${'"abcdefghi", '.repeat(700)}"x")`),
    data: { length: undefined, limit: 10_000 },
  },
  {
    name: 'an unknown source attribute',
    code: 'unknown-source-attribute',
    bad: users('  title <- [costCenter]'),
    span: 'costCenter',
    good: users('  title <- [extension_0123456789abcdef0123456789abcdef_costCenter]'),
  },
  {
    name: 'a source attribute in the wrong case',
    code: 'unknown-source-attribute',
    bad: users('  title <- [jobtitle]'),
    span: 'jobtitle',
    good: users('  title <- [jobTitle]'),
    data: { suggestion: 'jobTitle' },
  },
  {
    name: 'a source attribute Entra does not offer',
    code: 'unknown-source-attribute',
    bad: users('  title <- [userType]'),
    span: 'userType',
    good: users('  title <- [employeeType]'),
  },
  {
    name: 'appRoleAssignments mapped directly',
    code: 'app-role-assignments-direct',
    bad: users('  roles <- [appRoleAssignments]'),
    span: '[appRoleAssignments]',
    good: users('  roles <- AppRoleAssignmentsComplex([appRoleAssignments])'),
  },
  {
    name: 'an unknown function',
    code: 'unknown-function',
    bad: users('  title <- Upper([jobTitle])'),
    span: 'Upper',
    good: users('  title <- ToUpper([jobTitle])'),
    data: { suggestion: 'ToUpper' },
  },
  {
    name: 'a cloud-sync-only function',
    code: 'unknown-function',
    bad: users('  title <- Trim([jobTitle])'),
    span: 'Trim',
    good: users('  title <- StripSpaces([jobTitle])'),
  },
  {
    name: "a function Graph's schema/functions lists but Microsoft does not document",
    code: 'unknown-function',
    bad: users('  roles <- AppRoleAssignments([appRoleAssignments])'),
    span: 'AppRoleAssignments',
    good: users('  roles <- AppRoleAssignmentsComplex([appRoleAssignments])'),
  },
  {
    name: 'a function in the wrong case',
    code: 'function-case',
    bad: users('  title <- toLower([jobTitle])'),
    span: 'toLower',
    good: users('  title <- ToLower([jobTitle])'),
    data: { suggestion: 'ToLower' },
  },
  {
    name: 'too few arguments',
    code: 'argument-count',
    bad: users('  title <- Mid([jobTitle], 1)'),
    span: ')',
    good: users('  title <- Mid([jobTitle], 1, 3)'),
    data: { found: 2 },
  },
  {
    name: 'too many arguments',
    code: 'argument-count',
    bad: users('  title <- Left([jobTitle], 1, 2, 3)'),
    span: '2, 3',
    good: users('  title <- Left([jobTitle], 1)'),
  },
  {
    name: 'Switch with an unpaired key',
    code: 'argument-count',
    bad: users('  title <- Switch([jobTitle], , "a", "b", "c")'),
    span: '"c"',
    good: users('  title <- Switch([jobTitle], , "a", "b", "c", "d")'),
  },
  {
    name: 'Replace with 6 slots',
    code: 'argument-count',
    bad: users('  title <- Replace([jobTitle], "a", , , "b", )'),
    span: ')',
    good: users('  title <- Replace([jobTitle], "a", , , "b", , )'),
  },
  {
    name: 'FormatDateTime with 2 arguments',
    code: 'argument-count',
    bad: users('  title <- FormatDateTime([extensionAttribute1], "yyyy")'),
    span: ')',
    good: users('  title <- FormatDateTime([extensionAttribute1], , "yyyyMMdd", "yyyy")'),
  },
  {
    name: 'Switch without its default slot',
    code: 'argument-count',
    bad: users('  title <- Switch([jobTitle], "a", "b")'),
    span: ')',
    good: users('  title <- Switch([jobTitle], , "a", "b")'),
    data: { found: 3, emptySlot: undefined },
  },
  {
    name: 'an empty required slot',
    code: 'missing-argument',
    bad: users('  title <- Mid([jobTitle], , 3)'),
    span: ' ',
    good: users('  title <- Mid([jobTitle], 1, 3)'),
    data: { parameter: 'start' },
  },
  {
    name: 'a non-number for a number',
    code: 'argument-kind',
    bad: users('  title <- Left([jobTitle], "three")'),
    span: '"three"',
    good: users('  title <- Left([jobTitle], "3")'),
  },
  {
    // Graph stores numbers as string constants, so a quoted VB hex is a number, in either case of &H.
    name: 'a quoted non-hex for a whole number',
    code: 'argument-kind',
    bad: users('  title <- BitAnd([extensionAttribute1], "&HG")'),
    span: '"&HG"',
    good: users('  title <- BitAnd([extensionAttribute1], "&h1F")'),
  },
  {
    name: 'IIF condition that is not a comparison',
    code: 'argument-kind',
    bad: users('  title <- IIF(Left([jobTitle], 1), "a", "b")'),
    span: 'Left([jobTitle], 1)',
    good: users('  title <- IIF(Left([jobTitle], 1) = "A", "a", "b")'),
    goodAlso: ['iif-null-condition'],
  },
  {
    name: 'a wrong enum',
    code: 'argument-kind',
    bad: users('  title <- InStr([jobTitle], "a", 1, vbTextCompar)'),
    span: 'vbTextCompar',
    good: users('  title <- InStr([jobTitle], "a", 1, vbTextCompare)'),
    data: { suggestion: 'vbTextCompare' },
  },
  {
    name: 'a role function without appRoleAssignments',
    code: 'argument-kind',
    bad: users('  roles <- SingleAppRoleAssignment([department])'),
    span: '[department]',
    good: users('  roles <- SingleAppRoleAssignment([appRoleAssignments])'),
  },
  {
    name: 'a bare word',
    code: 'unexpected-identifier',
    bad: users('  title <- Join(" ", givenName, [surname])'),
    span: 'givenName',
    good: users('  title <- Join(" ", [givenName], [surname])'),
    data: { suggestion: '[givenName]' },
  },
  {
    name: 'a comparison outside a condition',
    code: 'comparison-outside-condition',
    bad: users('  title <- Coalesce([jobTitle] = "x")'),
    span: '=',
    good: users('  title <- CBool([jobTitle] = "x")'),
  },
  {
    name: '& concatenation',
    code: 'concatenation',
    bad: users('  title <- "t-" & [mailNickname]'),
    span: '&',
    good: users('  title <- Join("", "t-", [mailNickname])'),
    data: { replaceSpan: undefined, replacement: 'Join("", "t-", [mailNickname])' },
  },
  {
    name: 'IgnoreFlowIfNullOrEmpty as a condition',
    code: 'top-level-only',
    bad: users('  title <- IIF(IgnoreFlowIfNullOrEmpty([jobTitle]) = "a", "b", "c")'),
    span: 'IgnoreFlowIfNullOrEmpty',
    good: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([jobTitle], , "a", "b"))'),
    goodAlso: ['iif-null-condition'],
  },
  {
    name: 'SelectUniqueValue nested',
    code: 'top-level-only',
    bad: users('  title <- ToLower(SelectUniqueValue([jobTitle], [department])) on create'),
    span: 'SelectUniqueValue',
    good: users('  title <- SelectUniqueValue([jobTitle], [department]) on create'),
    goodAlso: ['unsupported-for-target'],
  },
  {
    name: 'SelectUniqueValue always applied',
    code: 'requires-on-create',
    bad: users('  title <- SelectUniqueValue([jobTitle], [department])'),
    span: 'SelectUniqueValue',
    good: users('  title <- SelectUniqueValue([jobTitle], [department]) on create'),
    goodAlso: ['unsupported-for-target'],
    data: { suggestion: 'on create' },
  },
  {
    name: 'an empty Coalesce slot before the last',
    code: 'missing-argument',
    bad: users('  title <- Coalesce([jobTitle], , [department])'),
    span: ' ',
    // The last slot is Coalesce's optional defaultValue: empty, it is omitted.
    good: users('  title <- Coalesce([jobTitle], [department], )'),
    data: { parameter: 'source' },
  },
  {
    name: 'a flowType given twice',
    code: 'duplicate-property',
    bad: users('  title <- [jobTitle]  on create  flow Always'),
    span: 'flow Always',
    good: users('  title <- [jobTitle]  on create  default "Agent"'),
  },
  {
    name: 'a default given twice',
    code: 'duplicate-property',
    bad: users('  title <- [jobTitle]  default "A"  default "B"'),
    span: 'default "B"',
    good: users('  title <- [jobTitle]  default "A"  behavior FlowAlways'),
  },
  {
    name: 'SelectUniqueValue with another flowType',
    code: 'requires-on-create',
    bad: users('  title <- SelectUniqueValue([jobTitle], [department]) flow ValueAddOnly'),
    span: 'SelectUniqueValue',
    // `flow ObjectAddOnly` is the flowType `on create` writes, as Entra's JSON spells it.
    good: users('  title <- SelectUniqueValue([jobTitle], [department]) flow ObjectAddOnly'),
    goodAlso: ['unsupported-for-target'],
    data: { suggestion: 'on create' },
  },
  {
    name: 'SelectUniqueValue on a matching attribute',
    code: 'not-for-matching',
    bad: users('  externalId <- SelectUniqueValue([mail], [mailNickname]) on create match 2'),
    span: 'SelectUniqueValue',
    good: users('  externalId <- SelectUniqueValue([mail], [mailNickname]) on create'),
    goodAlso: ['unsupported-for-target'],
  },
  {
    name: 'SelectUniqueValue for a SCIM app',
    code: 'unsupported-for-target',
    bad: users('  title <- SelectUniqueValue([jobTitle], [department]) on create'),
    span: 'SelectUniqueValue',
    good: users('  title <- Coalesce([jobTitle], [department])'),
  },
  {
    name: 'IsPresent as the Switch source',
    code: 'switch-boolean-source',
    bad: users('  title <- Switch(IsPresent([jobTitle]), , "True", [jobTitle])'),
    span: 'IsPresent',
    good: users('  title <- Switch([jobTitle], , "", "Agent")'),
  },
  {
    name: 'a Switch on IsSoftDeleted with keys in lower case',
    code: 'switch-boolean-key-case',
    bad: users('').replace(ACTIVE, 'Switch([IsSoftDeleted], , "false", "True", "true", "False")'),
    span: '"true"',
    good: users(''),
    data: { suggestion: 'True' },
  },
  {
    name: 'a Switch on accountEnabled with a key in upper case',
    code: 'switch-boolean-key-case',
    bad: users('  title <- Switch([accountEnabled], , "TRUE", "Enabled", "False", "Disabled")'),
    span: '"TRUE"',
    good: users('  title <- Switch([accountEnabled], , "True", "Enabled", "False", "Disabled")'),
    data: { suggestion: 'True' },
  },
  {
    name: 'Switch with a default value',
    code: 'switch-default-null',
    bad: users('  title <- Switch([jobTitle], "Agent", "a", "b")'),
    span: '"Agent"',
    good: users('  title <- IgnoreFlowIfNullOrEmpty(Switch([jobTitle], "Agent", "a", "b"))'),
    data: { suggestion: 'IgnoreFlowIfNullOrEmpty' },
  },
  {
    name: 'IIF on a nullable attribute',
    code: 'iif-null-condition',
    bad: users('  title <- IIF([country] = "US", "a", "b")'),
    span: '[country]',
    good: users('  title <- IIF([accountEnabled] = "True", "a", "b")'),
  },
  {
    name: 'IIF on IsNullOrEmpty',
    code: 'iif-null-condition',
    bad: users('  title <- IIF(IsNullOrEmpty([jobTitle]), "Agent", [jobTitle])'),
    span: 'IsNullOrEmpty',
    good: users('  title <- Switch([jobTitle], [jobTitle], "", "Agent")'),
    goodAlso: ['switch-default-null'],
  },
  {
    name: 'an invalid Replace regex',
    code: 'invalid-regex',
    bad: users('  title <- Replace([jobTitle], , "(ab", , "", , )'),
    span: '"(ab"',
    good: users('  title <- Replace([jobTitle], , "(?<x>ab)", , "", , )'),
  },
  {
    name: 'an invalid REGEX MATCH',
    code: 'invalid-regex',
    bad: users('  scope "s" {\n    [mail] REGEX MATCH "[a-"\n  }'),
    span: '"[a-"',
    good: users('  scope "s" {\n    [mail] REGEX MATCH "(?i)^a.*"\n  }'),
  },
  {
    name: 'a valid .NET Replace regex scimmap cannot evaluate',
    code: 'unevaluable-regex',
    bad: users('  title <- Replace([jobTitle], , "(?>a+)b", , "", , )'),
    span: '"(?>a+)b"',
    good: users('  title <- Replace([jobTitle], , "(?:a+)b", , "", , )'),
  },
  {
    name: 'a case-insensitive repeated alternation that backtracks catastrophically',
    code: 'unevaluable-regex',
    bad: users('  title <- Replace([jobTitle], , "(?i)(a|A)*$", , "", , )'),
    span: '"(?i)(a|A)*$"',
    good: users('  title <- Replace([jobTitle], , "(a|A)*$", , "", , )'),
  },
  {
    name: 'a valid .NET REGEX MATCH scimmap cannot evaluate',
    code: 'unevaluable-regex',
    bad: users('  scope "s" {\n    [mail] REGEX MATCH "\\\\Ga"\n  }'),
    span: '"\\\\Ga"',
    good: users('  scope "s" {\n    [mail] REGEX MATCH "^a"\n  }'),
  },
  // scoping filters
  {
    name: 'an empty filter',
    code: 'empty-scope',
    bad: users('  scope "s" {\n  }'),
    span: '"s"',
    good: users('  scope "s" {\n    [department] EQUALS "Sales"\n  }'),
  },
  {
    name: 'an unknown operator',
    code: 'unknown-scope-operator',
    bad: users('  scope "s" {\n    [department] EQUAL "Sales"\n  }'),
    span: 'EQUAL',
    good: users('  scope "s" {\n    [department] EQUALS "Sales"\n  }'),
    data: { suggestion: 'EQUALS' },
  },
  {
    name: 'an operator in lower case',
    code: 'scope-operator-case',
    bad: users('  scope "s" {\n    [department] not   equals "Sales"\n  }'),
    span: 'not   equals',
    good: users('  scope "s" {\n    [department] NOT   EQUALS "Sales"\n  }'),
    data: { suggestion: 'NOT EQUALS' },
  },
  {
    name: 'a binary operator without a value',
    code: 'scope-value-missing',
    bad: users('  scope "s" {\n    [department] EQUALS\n  }'),
    span: 'EQUALS',
    good: users('  scope "s" {\n    [department] IS NOT NULL\n  }'),
  },
  {
    name: 'a unary operator with a value',
    code: 'scope-value-extra',
    bad: users('  scope "s" {\n    [accountEnabled] IS TRUE "yes"\n  }'),
    span: '"yes"',
    good: users('  scope "s" {\n    [accountEnabled] IS TRUE\n  }'),
  },
  {
    name: 'Greater_Than a decimal',
    code: 'scope-integer-value',
    bad: users('  scope "s" {\n    [extensionAttribute1] Greater_Than "1.5"\n  }'),
    span: '"1.5"',
    good: users('  scope "s" {\n    [extensionAttribute1] Greater_Than "15"\n  }'),
  },
  {
    name: 'scoping on a multi-valued attribute',
    code: 'scope-unsupported-attribute',
    bad: users('  scope "s" {\n    [proxyAddresses] Includes "x"\n  }'),
    span: '[proxyAddresses]',
    good: users('  scope "s" {\n    [mail] Includes "x"\n  }'),
  },
  {
    name: 'scoping on manager',
    code: 'scope-unsupported-attribute',
    bad: users('  scope "s" {\n    [manager] IS NOT NULL\n  }'),
    span: '[manager]',
    good: users('  scope "s" {\n    [department] IS NOT NULL\n  }'),
  },
  {
    name: 'scoping on userType',
    code: 'scope-unsupported-attribute',
    bad: users('  scope "s" {\n    [userType] EQUALS "Member"\n  }'),
    span: '[userType]',
    good: users('  scope "s" {\n    [employeeType] EQUALS "Member"\n  }'),
  },
  {
    name: 'scoping on a date',
    code: 'scope-unsupported-attribute',
    bad: users('  scope "s" {\n    [employeeHireDate] IS NOT NULL\n  }'),
    span: '[employeeHireDate]',
    good: users('  scope "s" {\n    [employeeId] IS NOT NULL\n  }'),
  },
];

describe('every diagnostic code fires on the exact text, and not on the clean file next to it', () => {
  for (const c of cases) {
    test(`${c.code}: ${c.name}`, () => {
      const bad = diagnose(c.bad, c.targets);
      const hits = bad.diagnostics.filter((d) => d.code === c.code);
      assert.ok(hits.length > 0, `expected ${c.code}, got: ${summarize(bad).join(', ') || 'nothing'}`);
      const spans = hits.map((d) => bad.text.slice(d.span.start, d.span.end));
      assert.ok(spans.includes(c.span), `expected ${c.code} on ${JSON.stringify(c.span)}, got ${JSON.stringify(spans)}`);
      const hit = hits[spans.indexOf(c.span)];
      assert.equal(hit.severity, diagnosticSeverities[c.code]);
      assert.ok(hit.message.length > 20, 'the message says what to do');
      for (const [key, value] of Object.entries(c.data ?? {})) {
        if (value === undefined) assert.ok(hit.data && key in hit.data, `data.${key} is set`);
        else assert.deepEqual(hit.data?.[key], value, `data.${key}`);
      }
      const good = diagnose(c.good, c.targets);
      const unexpected = good.diagnostics.filter((d) => !(c.goodAlso ?? []).includes(d.code as DiagnosticCode));
      assert.deepEqual(summarize({ text: good.text, diagnostics: unexpected }), []);
    });
  }

  test('every code of the severity table has a case', () => {
    const covered = new Set(cases.map((c) => c.code));
    assert.deepEqual(
      Object.keys(diagnosticSeverities).filter((code) => !covered.has(code as DiagnosticCode)),
      [],
    );
  });
});

test('the matching advice names only attributes that tell users apart: userName, never the boolean active', () => {
  const found = diagnose(users('  title <- [jobTitle] match 2'));
  const messages = found.diagnostics.filter((d) => d.code === 'unfilterable-matching-attribute').map((d) => d.message);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /match on `userName` instead\.$/);
});

test('a target that can filter on nothing gets no attribute to match on suggested, least of all the refused userName (audit 12 J F10)', () => {
  const targets = { override: handTarget(false) };
  const refused = diagnose(users(''), targets).diagnostics.filter((d) => d.code === 'unfilterable-matching-attribute');
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, /so Entra could never find a match\.$/);
  assert.equal(refused[0].data, undefined);
  const none = diagnose(users('').replace(' match 1', ''), targets).diagnostics.filter((d) => d.code === 'no-matching-attribute');
  assert.equal(none.length, 1);
  assert.doesNotMatch(none[0].message, /userName/);
  assert.equal(none[0].data, undefined);
});

test('constant-type names the boolean sub-attribute, not its parent (audit 10 F8)', () => {
  const messages = (text: string) =>
    diagnose(text)
      .diagnostics.filter((d) => d.code === 'constant-type')
      .map((d) => d.message);
  assert.deepEqual(messages(genericUsers('  emails[type eq "work"].primary <- "yes"')), [
    '`primary` of `emails` is a boolean: SCIM 2.0 (RFC 7643) booleans are sent from "True" or "False", not "yes".',
  ]);
  assert.deepEqual(messages(genericUsers('  addresses[type eq "work" and primary eq "yes"].locality <- [city]')), [
    '`primary` of `addresses` is a boolean: SCIM 2.0 (RFC 7643) booleans are sent from "True" or "False", not "yes".',
  ]);
});

test('a Switch key "true" is wrong only on a Boolean source attribute: on [department] it is a text like any other', () => {
  const found = diagnose(users('  title <- Switch([department], , "true", "Yes", "false", "No")'));
  assert.deepEqual(summarize(found), []);
});

test('CBool takes any expression that gives a number or True/False text, as the reference says (audit F F4)', () => {
  for (const expression of [
    'Not(CBool(BitAnd([extensionAttribute1], 2)))',
    'CBool(Len([jobTitle]))',
    'CBool(InStr([jobTitle], "a"))',
    'CBool(CStr([jobTitle]))',
  ]) {
    assert.deepEqual(summarize(diagnose(users(`  title <- ${expression}`))), [], expression);
  }
  // A DateTime or a list is no boolean; IIF still wants a comparison.
  assert.deepEqual(summarize(diagnose(users('  title <- CBool(CDate([jobTitle]))'))), ['argument-kind @ "CDate([jobTitle])"']);
  assert.deepEqual(summarize(diagnose(users('  title <- CBool(Split([jobTitle], ","))'))), [
    'argument-kind @ "Split([jobTitle], \\",\\")"',
  ]);
});

// Graph stores a number as a string constant ("1"), and CBool(1) and CBool("1") evaluate alike: check must not refuse the quoted one.
test('CBool and IIF take a quoted number or True/False as they take a bare number; other text is still refused', () => {
  for (const expression of [
    'CBool("1")',
    'CBool("0")',
    'CBool("-2.5")',
    'CBool("&HF")',
    'CBool("True")',
    'CBool("false")',
    'IIF("1", "a", "b")',
  ]) {
    assert.deepEqual(summarize(diagnose(users(`  title <- ${expression}`))), [], expression);
  }
  assert.deepEqual(summarize(diagnose(users('  title <- CBool("yes")'))), ['argument-kind @ "\\"yes\\""']);
});

// Microsoft documents IsMemberOf as unsupported in scoping filters; users write it as a clause.
test('a group-membership operator (IS MEMBER OF, IS NOT MEMBER OF) is one unknown-scope-operator saying Entra cannot filter on membership', () => {
  for (const operator of ['IS MEMBER OF', 'IS NOT MEMBER OF', 'IsMemberOf']) {
    const found = diagnose(users(`  scope "s" {\n    [department] ${operator} "Sales"\n  }`));
    assert.deepEqual(summarize(found), [`unknown-scope-operator @ ${JSON.stringify(operator)}`], operator);
    assert.match(found.diagnostics[0].message, /cannot test group membership/, operator);
  }
  // An unknown one-word operator still leaves a bare value to quote, also of two words (no value in quotes ends the run).
  const twoWords = diagnose(users('  scope "s" {\n    [department] EQUAL Sales Team\n  }'));
  assert.deepEqual(
    twoWords.diagnostics.filter((d) => d.code === 'unknown-scope-operator').map((d) => twoWords.text.slice(d.span.start, d.span.end)),
    ['EQUAL'],
  );
  // An unknown one-word operator still leaves a bare value to quote.
  assert.deepEqual(summarize(diagnose(users('  scope "s" {\n    [department] EQUAL Sales\n  }'))), [
    'unknown-scope-operator @ "EQUAL"',
    'syntax @ "Sales"',
  ]);
});

test('an unknown source attribute gets the directory-extension hint only where it fits: never a second extension_ prefix, never on a name with spaces', () => {
  const messageOf = (source: string) => {
    const found = diagnose(users(`  title <- ${source}`)).diagnostics.filter((d) => d.code === 'unknown-source-attribute');
    assert.equal(found.length, 1, source);
    return found[0];
  };
  assert.match(messageOf('[costCenter]').message, /write its full name \(extension_<appId>_costCenter\)/);
  const shortAppId = messageOf('[extension_abc123_costCenter]').message;
  assert.doesNotMatch(shortAppId, /extension_<appId>_extension_/);
  assert.match(shortAppId, /32 hexadecimal digits/);
  const dashed = messageOf('[extension_01234567-89ab-cdef-0123-456789abcdef_costCenter]');
  assert.equal(dashed.data?.suggestion, 'extension_0123456789abcdef0123456789abcdef_costCenter');
  assert.match(dashed.message, /without dashes/);
  assert.doesNotMatch(messageOf('[Job Title]').message, /extension_/);
});

test('iif-null-condition on IsPresent names the attribute in its Switch workaround, ready to paste', () => {
  const found = diagnose(users('  title <- IIF(IsPresent([jobTitle]), [jobTitle], "Agent")')).diagnostics.filter(
    (d) => d.code === 'iif-null-condition',
  );
  assert.equal(found.length, 1);
  assert.match(found[0].message, /Switch\(\[jobTitle\], \[jobTitle\], "", "<value when empty>"\)/);
});

// Before: "... takes a number Genesys Cloud accepts: 9 is outside 1-5." for any app's range.
test('a constant outside the range of a target other than Genesys Cloud names that target', () => {
  const text = users(`  ${ACME}:costCenter <- [department]\n  ${ACME}:level <- "9"`);
  const messages = diagnose(text, { override: acme })
    .diagnostics.filter((d) => d.code === 'constant-type')
    .map((d) => d.message);
  assert.deepEqual(messages, [`\`${ACME}:level\` takes a number Acme accepts: 9 is outside 1-5.`]);
});

// Before: "add a mapping such as `emails <- [displayName]`", whose quick fix wrote a complex-target error.
test('a required complex attribute is suggested through one of its values, as complex-target suggests it', () => {
  const target = readTargetSchema(
    {
      name: 'Mails',
      resources: [
        {
          name: 'User',
          block: 'users',
          endpoint: '/Users',
          coreSchema: CORE_USER,
          required: ['userName', 'emails', 'name'],
          schemas: [
            {
              id: CORE_USER,
              attributes: [
                userName,
                {
                  name: 'emails',
                  type: 'complex',
                  multiValued: true,
                  required: true,
                  filterKey: 'type',
                  subAttributes: [
                    { name: 'value', type: 'string', entraType: 'String' },
                    { name: 'type', type: 'string', entraType: 'String', suggestedValues: ['work', 'home'] },
                  ],
                },
                {
                  name: 'name',
                  type: 'complex',
                  required: true,
                  subAttributes: [{ name: 'givenName', type: 'string', entraType: 'String' }],
                },
              ],
            },
          ],
        },
      ],
    },
    'mails.target.json',
  );
  const text = 'users {\n  userName <- [userPrincipalName]  match 1\n}\n';
  const suggestions = diagnose(text, { override: target })
    .diagnostics.filter((d) => d.code === 'missing-required-target')
    .map((d) => d.data?.suggestion);
  assert.deepEqual(suggestions, ['emails[type eq "work"].value <- [displayName]', 'name.givenName <- [displayName]']);
  const fixed = text.replace('match 1\n', `match 1\n${suggestions.map((suggestion) => `  ${String(suggestion)}\n`).join('')}`);
  assert.deepEqual(summarize(diagnose(fixed, { override: target })), []);
});

test('a misspelt required target is one mistake: its unknown-target names the required one, and no missing-required-target repeats it (before: both)', () => {
  assert.deepEqual(summarize(diagnose(users('').replace('userName <-', 'userNam <-'))), ['unknown-target @ "userNam"']);
  assert.deepEqual(summarize(diagnose(users('').replace('displayName <-', 'displayNme <-'))), ['unknown-target @ "displayNme"']);
  assert.deepEqual(summarize(diagnose(groups('').replace('displayName <-', 'dispalyName <-'))), ['unknown-target @ "dispalyName"']);
  // A wrong name that suggests nothing required leaves the required one missing.
  assert.deepEqual(summarize(diagnose(users('').replace('active <-', 'titel <-'))), [
    'missing-required-target @ "users"',
    'unknown-target @ "titel"',
  ]);
});

test('a schema URN written as the target, with no attribute, says so once (before: unknown-schema "no schema `…:enterprise:2.0`. Did you mean `…:2.0:User`?", the schema it names)', () => {
  const found = diagnose(users(`  ${EXT} <- [department]`));
  assert.deepEqual(summarize(found), [`unknown-target @ "${EXT}"`]);
  assert.equal(
    found.diagnostics[0].message,
    `\`${EXT}\` is a schema, not an attribute: write one of its attributes after a \`:\`, such as \`${EXT}:division\`.`,
  );
});

// Deterministic large .scimmap files for the benchmarks: the gallery default mapping, then as many
// extra mappings as asked, each to its own Genesys external id (so the file stays valid and has no
// duplicate targets) from a rotating set of realistic sources: direct attributes, constants,
// Join / Switch / IIF / Replace calls spread over several lines, properties and comments.
const sources = [
  '[userPrincipalName]',
  '"Agent"',
  'Join(" ", [givenName], [surname])',
  'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  'Coalesce([mail], [otherMails], [userPrincipalName])',
  'Replace([mobile], , "[()\\\\s-]+", , "", , )',
  'ToLower([mail], )',
  'Left([department], 3)',
  'SingleAppRoleAssignment([appRoleAssignments])',
  'IgnoreFlowIfNullOrEmpty(Switch([department],\n      "Other",\n      "Sales", "S",\n      "Support", "T"))',
  'NormalizeDiacritics(PCase(Join(".", [givenName], [surname])))',
  '[employeeId]',
];

const header = `# Generated benchmark mapping
users {
  enabled true
  actions create, update, delete

  userName    <- [userPrincipalName]  match 1
  active      <- Switch([IsSoftDeleted], , "False", "True", "True", "False")
  displayName <- [displayName]
  emails[type eq "work"].value <- [mail]
  title       <- [jobTitle]  default "Agent"
`;

const footer = `
  scope "Sales only" {
    [department] EQUALS "Sales"
    [accountEnabled] IS TRUE
  }
}

groups {
  actions update
  displayName <- [displayName]  match 1
  externalId  <- [objectId]
  members     <- [members]
}
`;

const headerMappings = 5;

/** The extra mapping number `i` (one or more lines, ending in a line break). */
function mapping(i: number): string {
  const comment = i % 25 === 0 ? `  # external ids, part ${i / 25}\n` : '';
  const property = i % 7 === 0 ? '  on create' : i % 11 === 0 ? '  default "none"' : '';
  const target = `urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "system-${i}"].value`;
  return `${comment}  ${target} <- ${sources[i % sources.length]}${property}\n`;
}

/** A file with exactly `count` mappings in its users block (plus three in groups). */
export function generateMappings(count: number): string {
  const parts = [header];
  for (let i = 0; i < count - headerMappings; i++) parts.push(mapping(i));
  parts.push(footer);
  return parts.join('');
}

/** A file of about `bytes` characters, built the same way. */
export function generateBytes(bytes: number): string {
  const parts = [header];
  let length = header.length + footer.length;
  for (let i = 0; length < bytes; i++) {
    const next = mapping(i);
    parts.push(next);
    length += next.length;
  }
  parts.push(footer);
  return parts.join('');
}

/** Issue 10 §11's hostile file: `users {` on each line, 50,000 bytes (6,250 unclosed blocks). */
export function nestedBlocks(): string {
  return 'users {\n'.repeat(6_250);
}

/** Issue 15's hostile value (audit 3, finding 1), as JSON text: {"a":{"a":...1...}}, `depth` objects deep. */
export function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Issue 10 §10's hostile mapping: `depth` nested calls around a source attribute. */
export function nestedCalls(depth: number): string {
  return `users {\n  userName <- [userPrincipalName] match 1\n  title <- ${'ToLower('.repeat(depth)}[jobTitle]${')'.repeat(depth)}\n}\n`;
}

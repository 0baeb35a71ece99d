import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import grammarJson from '../../../syntaxes/scimmap.tmLanguage.json';
import functionsJson from '../../../server/src/data/functions.json';
import scopingOperatorsJson from '../../../server/src/data/scoping-operators.json';
import { FLOW_BEHAVIORS, FLOW_TYPES } from '../../../server/src/syntax/ast';
import { tokenize, type Token } from './tokenize';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GENESYS = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ACME = "urn:ietf:params:scim:schemas:extension:acme~corp(fr)%20'x:2.0:User";

/** The innermost scope of the `occurrence`-th token (1-based) whose text is `text`, on `line` when given. */
async function scopeOf(source: string, text: string, options: { line?: number; occurrence?: number } = {}): Promise<Token> {
  const matches = (await tokenize(source)).filter((t) => t.text === text && (options.line === undefined || t.line === options.line));
  const token = matches[(options.occurrence ?? 1) - 1];
  assert.ok(token, `no token ${JSON.stringify(text)} in ${JSON.stringify(source)}`);
  return token;
}

function innermost(token: Token): string {
  return token.scopes[token.scopes.length - 1];
}

/** Every visible character gets a scope a theme colours (not just `source` or `meta`), and none is marked invalid. */
async function assertFullyHighlighted(text: string): Promise<void> {
  for (const token of await tokenize(text)) {
    if (token.text.trim() === '') continue;
    const scope = innermost(token);
    assert.ok(
      !/^(source|meta)\./.test(scope),
      `${JSON.stringify(token.text)} on line ${token.line + 1} has only ${token.scopes.join(' ')}`,
    );
    assert.ok(!scope.startsWith('invalid.'), `${JSON.stringify(token.text)} on line ${token.line + 1} is marked invalid`);
  }
}

interface ScopeCase {
  readonly source: string;
  readonly token: string;
  readonly scope: string;
  readonly line?: number;
  readonly occurrence?: number;
}

const cases: Record<string, ScopeCase[]> = {
  comments: [
    { source: '# Genesys Cloud default mapping', token: '#', scope: 'punctuation.definition.comment.scimmap' },
    { source: '# Genesys Cloud default mapping', token: ' Genesys Cloud default mapping', scope: 'comment.line.number-sign.scimmap' },
    { source: '  displayName <- [displayName]  # shown in Genesys', token: ' shown in Genesys', scope: 'comment.line.number-sign.scimmap' },
    { source: '  userName <- [userPrincipalName] match 1 # matching', token: '1', scope: 'constant.numeric.integer.scimmap' },
    { source: '  title <- "Agent #1"', token: 'Agent #1', scope: 'string.quoted.double.scimmap' },
  ],
  'blocks and settings': [
    { source: 'target "generic-scim"', token: 'target', scope: 'keyword.control.target.scimmap' },
    { source: 'target "./acme.target.json"', token: './acme.target.json', scope: 'string.quoted.double.scimmap' },
    { source: 'users {\n  target <- [mail]', token: 'target', scope: 'variable.other.property.scimmap' },
    { source: 'users {', token: 'users', scope: 'storage.type.object.scimmap' },
    { source: 'users {', token: '{', scope: 'punctuation.section.block.begin.scimmap' },
    { source: 'groups{', token: 'groups', scope: 'storage.type.object.scimmap' },
    { source: '}', token: '}', scope: 'punctuation.section.block.end.scimmap' },
    { source: '  enabled false', token: 'enabled', scope: 'keyword.control.setting.scimmap' },
    { source: '  enabled false', token: 'false', scope: 'constant.language.boolean.scimmap' },
    { source: '  actions create, update, delete', token: 'actions', scope: 'keyword.control.setting.scimmap' },
    { source: '  actions create, update, delete', token: 'update', scope: 'constant.language.action.scimmap' },
    { source: '  actions create, update, delete', token: ',', scope: 'punctuation.separator.comma.scimmap' },
    { source: 'sync assigned', token: 'sync', scope: 'keyword.control.setting.scimmap' },
    { source: 'sync assigned', token: 'assigned', scope: 'constant.language.scimmap' },
    { source: 'deletion threshold 500', token: 'deletion threshold', scope: 'keyword.control.setting.scimmap' },
    { source: 'deletion threshold 500', token: '500', scope: 'constant.numeric.scimmap' },
    // The block's identity in Entra (what import writes): its words are keywords, its values strings.
    { source: `users "Provision Users" from "User" to "${CORE}" rule "R1" {`, token: 'from', scope: 'keyword.other.header.scimmap' },
    { source: `users "Provision Users" from "User" to "${CORE}" rule "R1" {`, token: 'to', scope: 'keyword.other.header.scimmap' },
    { source: `users "Provision Users" from "User" to "${CORE}" rule "R1" {`, token: 'rule', scope: 'keyword.other.header.scimmap' },
    { source: `users "Provision Users" from "User" to "${CORE}" rule "R1" {`, token: CORE, scope: 'string.quoted.double.scimmap' },
    { source: 'groups from "" to "Group" {', token: 'from', scope: 'keyword.other.header.scimmap' },
    // Elsewhere they are names, as the parser reads them.
    { source: 'users {\n  from <- [a]', token: 'from', scope: 'variable.other.property.scimmap' },
  ],
  'mappings and properties': [
    { source: '  userName <- [userPrincipalName]  match 1', token: 'userName', scope: 'variable.other.property.scimmap' },
    { source: '  userName <- [userPrincipalName]  match 1', token: '<-', scope: 'keyword.operator.assignment.scimmap' },
    { source: '  userName <- [userPrincipalName]  match 1', token: 'userPrincipalName', scope: 'variable.parameter.attribute.scimmap' },
    { source: '  userName <- [userPrincipalName]  match 1', token: '[', scope: 'punctuation.definition.attribute.begin.scimmap' },
    { source: '  userName <- [userPrincipalName]  match 1', token: 'match', scope: 'keyword.control.property.scimmap' },
    { source: '  userName <- [userPrincipalName]  match 1', token: '1', scope: 'constant.numeric.integer.scimmap' },
    { source: '  title <- [jobTitle]  default "Agent"', token: 'default', scope: 'keyword.control.property.scimmap' },
    { source: '  title <- [jobTitle]  default "Agent"', token: 'Agent', scope: 'string.quoted.double.scimmap' },
    { source: '  title <- [jobTitle]  on create', token: 'on create', scope: 'keyword.control.property.scimmap' },
    { source: '  title <- [jobTitle]  always', token: 'always', scope: 'keyword.control.property.scimmap' },
    { source: '  preferredLanguage <- none  default "en-US"', token: 'none', scope: 'constant.language.none.scimmap' },
    { source: '  title <- [jobTitle]  flow ValueAddOnly', token: 'flow', scope: 'keyword.control.property.scimmap' },
    { source: '  title <- [jobTitle]  flow ValueAddOnly', token: 'ValueAddOnly', scope: 'constant.language.flow.scimmap' },
    { source: '  title <- [jobTitle]  behavior FlowAlways', token: 'behavior', scope: 'keyword.control.property.scimmap' },
    { source: '  title <- [jobTitle]  behavior FlowAlways', token: 'FlowAlways', scope: 'constant.language.flow.scimmap' },
    {
      source: '  title <- [jobTitle]  match 1 flow Always behavior FlowWhenChanged',
      token: 'FlowWhenChanged',
      scope: 'constant.language.flow.scimmap',
    },
    { source: '  title <- "Agent"', token: 'Agent', scope: 'string.quoted.double.scimmap' },
    { source: '  x <- [passwordProfile.password]', token: 'passwordProfile.password', scope: 'variable.parameter.attribute.scimmap' },
    {
      source: '  x <- [extension_9d98a8e1b2c34f8a9e0b1c2d3e4f5a6b_costCenter]',
      token: 'extension_9d98a8e1b2c34f8a9e0b1c2d3e4f5a6b_costCenter',
      scope: 'variable.parameter.attribute.scimmap',
    },
    // Keywords are attribute names when a path or an arrow follows.
    { source: '  groups <- [memberOf]', token: 'groups', scope: 'variable.other.property.scimmap' },
    { source: '  createdBy <- [x]', token: 'createdBy', scope: 'variable.other.property.scimmap' },
  ],
  'target paths': [
    { source: '  cost-center <- [department]', token: 'cost-center', scope: 'variable.other.property.scimmap' },
    { source: '  "Département" <- [department]', token: 'Département', scope: 'variable.other.property.scimmap' },
    { source: '  "Département" <- [department]', token: '"', scope: 'punctuation.definition.quoted-name.begin.scimmap' },
    { source: '  "first name".value <- [givenName]', token: 'first name', scope: 'variable.other.property.scimmap' },
    { source: '  "first name".value <- [givenName]', token: 'value', scope: 'variable.other.property.scimmap' },
    { source: `  ${ENTERPRISE}:"Région" <- [state]`, token: ENTERPRISE, scope: 'entity.name.namespace.scimmap' },
    { source: `  ${ENTERPRISE}:"Région" <- [state]`, token: 'Région', scope: 'variable.other.property.scimmap' },
    // RFC 8141's `~`, `(`, `%`, `'`... belong to the schema URN, as the language reads it.
    { source: `  ${ACME}:badge <- [a]`, token: ACME, scope: 'entity.name.namespace.scimmap' },
    { source: `  ${ACME}:badge <- [a]`, token: 'badge', scope: 'variable.other.property.scimmap' },
    { source: '  title <- [a]\n  "x_y$z" <- [b]', token: 'x_y$z', scope: 'variable.other.property.scimmap', line: 1 },
    { source: '  title <- Join(",",\n  "x_y$z")', token: 'x_y$z', scope: 'string.quoted.double.scimmap', line: 1 },
    { source: '  name.givenName <- [givenName]', token: 'name', scope: 'variable.other.property.scimmap' },
    { source: '  name.givenName <- [givenName]', token: '.', scope: 'punctuation.accessor.scimmap' },
    { source: '  name.givenName <- [givenName]', token: 'givenName', scope: 'variable.other.property.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'emails', scope: 'variable.other.property.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: '[', scope: 'punctuation.section.filter.begin.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'type', scope: 'variable.other.property.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'eq', scope: 'keyword.operator.comparison.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'work', scope: 'string.quoted.double.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'value', scope: 'variable.other.property.scimmap' },
    { source: '  emails[type eq "work"].value <- [mail]', token: 'mail', scope: 'variable.parameter.attribute.scimmap' },
    { source: `  ${ENTERPRISE}:employeeNumber <- [employeeId]  on create`, token: ENTERPRISE, scope: 'entity.name.namespace.scimmap' },
    { source: `  ${ENTERPRISE}:employeeNumber <- [employeeId]  on create`, token: ':', scope: 'punctuation.separator.namespace.scimmap' },
    {
      source: `  ${ENTERPRISE}:employeeNumber <- [employeeId]  on create`,
      token: 'employeeNumber',
      scope: 'variable.other.property.scimmap',
    },
    {
      source: `  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- [userPrincipalName]`,
      token: GENESYS,
      scope: 'entity.name.namespace.scimmap',
    },
    {
      source: `  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- [userPrincipalName]`,
      token: 'externalIds',
      scope: 'variable.other.property.scimmap',
    },
    {
      source: `  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- [userPrincipalName]`,
      token: 'microsoftteams',
      scope: 'string.quoted.double.scimmap',
    },
    {
      source: `  ${GENESYS}:externalIds[authority eq 'zoomphone'].value <- [userPrincipalName]`,
      token: 'zoomphone',
      scope: 'string.quoted.single.scimmap',
    },
    {
      source: `  ${GENESYS}:externalIds[authority eq "a" and value eq "b"].value <- [x]`,
      token: 'and',
      scope: 'keyword.operator.logical.scimmap',
    },
  ],
  expressions: [
    {
      source: '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      token: 'Switch',
      scope: 'support.function.builtin.scimmap',
    },
    {
      source: '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      token: '(',
      scope: 'punctuation.definition.arguments.begin.scimmap',
    },
    {
      source: '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      token: 'IsSoftDeleted',
      scope: 'variable.parameter.attribute.scimmap',
    },
    {
      source: '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      token: ',',
      scope: 'punctuation.separator.comma.scimmap',
      occurrence: 2,
    },
    {
      source: '  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      token: ')',
      scope: 'punctuation.definition.arguments.end.scimmap',
    },
    {
      source: '  x <- IIF(InStr([mail], "@", 1, vbTextCompare) >= 2, "a", "b")',
      token: 'InStr',
      scope: 'support.function.builtin.scimmap',
    },
    {
      source: '  x <- IIF(InStr([mail], "@", 1, vbTextCompare) >= 2, "a", "b")',
      token: 'vbTextCompare',
      scope: 'constant.language.enum.scimmap',
    },
    { source: '  x <- InStr([mail], "@", , vbBinaryCompare)', token: 'vbBinaryCompare', scope: 'constant.language.enum.scimmap' },
    {
      source: '  x <- IIF(InStr([mail], "@", 1, vbTextCompare) >= 2, "a", "b")',
      token: '>=',
      scope: 'keyword.operator.comparison.scimmap',
    },
    { source: '  x <- IIF([country] <> "US", "a", "b")', token: '<>', scope: 'keyword.operator.comparison.scimmap' },
    { source: '  x <- IIF([StatusRehire]=1, "a", "b")', token: '=', scope: 'keyword.operator.comparison.scimmap' },
    { source: '  x <- IIF(Len([x]) <= 5, "a", "b")', token: '<=', scope: 'keyword.operator.comparison.scimmap' },
    { source: '  x <- CBool([a] < [b])', token: '<', scope: 'keyword.operator.comparison.scimmap' },
    { source: '  x <- "t-" & [alias]', token: '&', scope: 'keyword.operator.concatenation.scimmap' },
    { source: '  x <- BitAnd(&HF, &HF7)', token: '&HF7', scope: 'constant.numeric.hex.scimmap' },
    { source: '  x <- Len(42568.75)', token: '42568.75', scope: 'constant.numeric.decimal.scimmap' },
    { source: '  x <- DateAdd("d", -10, Now())', token: '-10', scope: 'constant.numeric.integer.scimmap' },
    { source: '  x <- DateFromNum(129699324000000000)', token: '129699324000000000', scope: 'constant.numeric.integer.scimmap' },
    { source: '  x <- Append("Company name: \\"Contoso\\"", "\\\\")', token: '\\"', scope: 'constant.character.escape.scimmap' },
    { source: '  x <- Append("Company name: \\"Contoso\\"", "\\\\")', token: '\\\\', scope: 'constant.character.escape.scimmap' },
    { source: '  x <- Replace([x], , "\\\\d+", , "", , )', token: '\\\\', scope: 'constant.character.escape.scimmap' },
    // A quote inside a bracketed name: the reference ends at its `]`, as the lexer reads it (the parser reports the quote).
    { source: '  x <- Join(" ", [o\'brien], [mail])', token: "'", scope: 'invalid.illegal.quote-in-attribute.scimmap' },
    { source: '  x <- Join(" ", [o\'brien], [mail])', token: 'brien', scope: 'variable.parameter.attribute.scimmap' },
    { source: '  x <- Join(" ", [o\'brien], [mail])', token: 'mail', scope: 'variable.parameter.attribute.scimmap' },
    { source: '  x <- Join(" ", [o\'brien], [mail])', token: ')', scope: 'punctuation.definition.arguments.end.scimmap' },
    { source: '  x <- Join(" ", [o’brien], [mail])', token: '’', scope: 'invalid.illegal.quote-in-attribute.scimmap' },
    { source: '  x <- [a"b"c]', token: 'c', scope: 'variable.parameter.attribute.scimmap' },
    { source: 'scope "s" {\n  [o\'brien] EQUALS "x"\n}', token: 'EQUALS', scope: 'keyword.operator.word.scimmap' },
    // A quote after anything but a name's letters still opens a string, as in the lexer.
    { source: '  x <- Join(",", [givenName, "]")', token: ']', scope: 'string.quoted.double.scimmap' },
    // Entra is case-sensitive: a wrong-case or unknown name is a function, but not a catalogue one.
    { source: '  x <- switch([a], , "1", "2")', token: 'switch', scope: 'entity.name.function.scimmap' },
    { source: '  x <- Trim([a])', token: 'Trim', scope: 'entity.name.function.scimmap' },
    { source: '  x <- Join(" ", [givenName], DefaultDomain())', token: 'DefaultDomain', scope: 'support.function.builtin.scimmap' },
  ],
  'typographic quotes': [
    { source: '  title <- “Agent”', token: '“', scope: 'invalid.illegal.typographic-quote.scimmap' },
    { source: '  title <- “Agent”', token: 'Agent', scope: 'string.quoted.other.typographic.scimmap' },
    { source: '  title <- “Agent”', token: '”', scope: 'invalid.illegal.typographic-quote.scimmap' },
    { source: '  title <- ‘Agent’', token: '’', scope: 'invalid.illegal.typographic-quote.scimmap' },
    { source: '  title <- "Agent”', token: '”', scope: 'invalid.illegal.typographic-quote.scimmap' },
    { source: '  emails[type eq “work”].value <- [mail]', token: '“', scope: 'invalid.illegal.typographic-quote.scimmap' },
    // Inside a straight-quoted string a typographic apostrophe is text.
    { source: '  x <- Switch([a], "O’Brien", "1", "2")', token: 'O’Brien', scope: 'string.quoted.double.scimmap' },
  ],
  'scoping filters': [
    { source: '  scope "Sales only" {', token: 'scope', scope: 'storage.type.scope.scimmap' },
    { source: '  scope "Sales only" {', token: 'Sales only', scope: 'string.quoted.double.scimmap' },
    { source: '  scope "Sales only" {', token: '{', scope: 'punctuation.section.block.begin.scimmap' },
    { source: 'scope "s" {\n  [department] EQUALS "Sales"\n}', token: 'department', scope: 'variable.parameter.attribute.scimmap' },
    { source: 'scope "s" {\n  [department] EQUALS "Sales"\n}', token: 'EQUALS', scope: 'keyword.operator.word.scimmap' },
    { source: 'scope "s" {\n  [department] EQUALS "Sales"\n}', token: 'Sales', scope: 'string.quoted.double.scimmap' },
    { source: 'scope "s" {\n  [department] EQUALS "Sales"\n}', token: '}', scope: 'punctuation.section.block.end.scimmap' },
    { source: 'scope "s" {\n  [mail]  IS   NOT  NULL\n}', token: 'IS   NOT  NULL', scope: 'keyword.operator.word.scimmap' },
    { source: 'scope "s" {\n  [department] equals "Sales"\n}', token: 'equals', scope: 'keyword.operator.word.scimmap' },
    { source: 'scope "s" {\n  [x] Greater_Than 10\n}', token: '10', scope: 'constant.numeric.integer.scimmap' },
    { source: 'scope "s" {\n  [x] !& "4"\n}', token: '!&', scope: 'keyword.operator.scoping.scimmap' },
    {
      source: 'scope "s" {  # engineers\n  [jobTitle] Includes "Engineer"\n}',
      token: ' engineers',
      scope: 'comment.line.number-sign.scimmap',
    },
  ],
  'across lines': [
    // A multi-line expression: the arguments on the next lines, a comment inside, then the next mapping.
    {
      source:
        'users {\n  active <- Switch([IsSoftDeleted], ,\n    "False", "True",   # not soft-deleted\n    "True", "False")\n  displayName <- [displayName]\n}',
      token: 'True',
      line: 3,
      scope: 'string.quoted.double.scimmap',
    },
    {
      source:
        'users {\n  active <- Switch([IsSoftDeleted], ,\n    "False", "True",   # not soft-deleted\n    "True", "False")\n  displayName <- [displayName]\n}',
      token: ' not soft-deleted',
      scope: 'comment.line.number-sign.scimmap',
    },
    {
      source:
        'users {\n  active <- Switch([IsSoftDeleted], ,\n    "False", "True",   # not soft-deleted\n    "True", "False")\n  displayName <- [displayName]\n}',
      token: 'displayName',
      line: 4,
      scope: 'variable.other.property.scimmap',
    },
    // Properties may sit on the line after the source.
    {
      source: '  userName <- [userPrincipalName]\n    match 1\n  title <- [jobTitle]',
      token: 'match',
      scope: 'keyword.control.property.scimmap',
    },
    {
      source: '  userName <- [userPrincipalName]\n    match 1\n  title <- [jobTitle]',
      token: 'title',
      scope: 'variable.other.property.scimmap',
    },
    { source: '  x <- "t-"\n    & [alias]', token: '&', scope: 'keyword.operator.concatenation.scimmap' },
    // A target path after a comment line still starts a new mapping.
    {
      source: '  userName <- [userPrincipalName]\n  # next\n  title <- [jobTitle]',
      token: 'title',
      scope: 'variable.other.property.scimmap',
    },
    // Settings and scopes after a mapping are not part of its source.
    { source: 'users {\n  userName <- [upn]\n  enabled true\n}', token: 'enabled', scope: 'keyword.control.setting.scimmap' },
    { source: 'users {\n  userName <- [upn]\n  scope "s" {\n  }\n}', token: 'scope', scope: 'storage.type.scope.scimmap' },
    { source: 'users { userName <- [upn] }', token: '}', scope: 'punctuation.section.block.end.scimmap' },
    // A missing `)` does not swallow the next mapping or block: a new statement or `}` closes every open call.
    {
      source: 'users {\n  x <- Join(" ", Join(".", [a]\n  displayName <- [displayName]\n}',
      token: 'displayName',
      line: 2,
      scope: 'variable.other.property.scimmap',
    },
    {
      source: 'users {\n  x <- Join(" ", Join(".", [a]\n  displayName <- [displayName]\n}',
      token: '<-',
      line: 2,
      scope: 'keyword.operator.assignment.scimmap',
    },
    {
      source: 'users {\n  x <- InStr([a], "b", 1,\n    vbTextCompare  # compare case-insensitively\n  )\n}',
      token: ')',
      scope: 'punctuation.definition.arguments.end.scimmap',
      occurrence: 1,
      line: 3,
    },
    {
      source: 'users {\n  x <- Join(" ", Join(".", [a]\n}\ngroups {\n  displayName <- [displayName]\n}',
      token: '}',
      line: 2,
      scope: 'punctuation.section.block.end.scimmap',
    },
    {
      source: 'users {\n  x <- Join(" ", Join(".", [a]\n}\ngroups {\n  displayName <- [displayName]\n}',
      token: 'groups',
      scope: 'storage.type.object.scimmap',
    },
    {
      source: 'users {\n  x <- Join(" ", Join(".", [a]\n}\ngroups {\n  displayName <- [displayName]\n}',
      token: 'displayName',
      line: 4,
      scope: 'variable.other.property.scimmap',
    },
    // Strings do not span lines: an unterminated one stops at the end of its line.
    {
      source: '  title <- "Agent\n  displayName <- [displayName]',
      token: 'displayName',
      line: 1,
      scope: 'variable.other.property.scimmap',
    },
  ],
};

describe('TextMate grammar scopes', () => {
  for (const [group, groupCases] of Object.entries(cases)) {
    test(group, async () => {
      for (const c of groupCases) {
        const token = await scopeOf(c.source, c.token, { line: c.line, occurrence: c.occurrence });
        assert.equal(innermost(token), c.scope, `${JSON.stringify(c.token)} in ${JSON.stringify(c.source)}: ${token.scopes.join(' ')}`);
      }
    });
  }

  test('an unterminated string leaves no string scope on the next line', async () => {
    const tokens = await tokenize('  title <- "Agent\n  displayName <- [displayName]');
    for (const token of tokens.filter((t) => t.line === 1)) {
      assert.ok(!token.scopes.some((s) => s.startsWith('string.')), `${token.text}: ${token.scopes.join(' ')}`);
    }
  });

  test('every function of the catalogue is a support function, and the grammar names no other', async () => {
    const catalogue = functionsJson.functions.map((f) => f.name);
    for (const name of catalogue) {
      const token = await scopeOf(`  x <- ${name}([a])`, name);
      assert.equal(innermost(token), 'support.function.builtin.scimmap', name);
    }
    const alternation = grammarJson.repository['function-name'].patterns[0].match;
    const grammarNames = /^\\b\(\?:([\w|]*)\)/.exec(alternation)?.[1].split('|');
    assert.deepEqual([...(grammarNames ?? [])].sort(), [...catalogue].sort());
  });

  test('every scoping operator of the catalogue is highlighted whole, however its words are spaced', async () => {
    for (const { name } of scopingOperatorsJson.operators) {
      for (const spelled of [name, name.replace(/ /g, '   ')]) {
        const token = await scopeOf(`scope "s" {\n  [x] ${spelled} "v"\n}`, spelled);
        assert.match(innermost(token), /^keyword\.operator\.(word|scoping)\.scimmap$/, spelled);
      }
    }
  });

  test('every flowType and flowBehavior the parser accepts is highlighted as a value, and the grammar names no other', async () => {
    for (const [keyword, values] of [
      ['flow', FLOW_TYPES],
      ['behavior', FLOW_BEHAVIORS],
    ] as const) {
      for (const value of values) {
        const token = await scopeOf(`  title <- [jobTitle]  ${keyword} ${value}`, value);
        assert.equal(innermost(token), 'constant.language.flow.scimmap', `${keyword} ${value}`);
      }
    }
    const grammarNames = grammarJson.repository['mapping-property'].patterns
      .flatMap((pattern) => [...pattern.match.matchAll(/\((?:\?:)?([A-Za-z|]+)\)\\b/g)].flatMap((match) => match[1].split('|')))
      .filter((name) => /^[A-Z]/.test(name));
    assert.deepEqual(grammarNames.sort(), [...FLOW_TYPES, ...FLOW_BEHAVIORS].sort());
  });

  test('every visible character of a file as scimmap import writes it gets a colourable scope', async () => {
    const file = [
      'target "./app.target.json"',
      'sync all',
      'deletion threshold 250',
      `users "Provision Microsoft Entra ID Users" from "User" to "${CORE}" rule "USER_OUTBOUND_USER" {`,
      '  userName <- [userPrincipalName]  match 1  behavior FlowAlways',
      '  title <- [jobTitle]  flow ValueAddOnly  default ""',
      '}',
      'groups from "" to "Group" {',
      '  displayName <- [displayName]',
      '}',
    ].join('\n');
    await assertFullyHighlighted(file);
  });

  test('every visible character of a realistic file gets a colourable scope', async () => {
    const file = [
      '# Genesys Cloud for Azure',
      'users {',
      '  enabled true',
      '  actions create, update, delete',
      '  userName    <- [userPrincipalName]  match 1',
      '  active      <- Switch([IsSoftDeleted], , "False", "True",',
      '                        "True", "False")',
      '  displayName <- Join(" ", [givenName], [surname])  default "Agent"  on create',
      '  emails[type eq "work"].value <- [mail]  # work address',
      `  ${ENTERPRISE}:manager <- [manager]`,
      `  ${GENESYS}:externalIds[authority eq "microsoftteams"].value <- IgnoreFlowIfNullOrEmpty([userPrincipalName])`,
      '  title <- Replace([jobTitle], , "[^A-Za-z ]", , "", , )  always',
      '  scope "Agents" {',
      '    [department] NOT EQUALS "Sales"',
      '    [accountEnabled] IS TRUE',
      '  }',
      '}',
      'groups {',
      '  actions update',
      '  displayName <- [displayName]  match 1',
      '  members <- [members]',
      '}',
    ].join('\n');
    await assertFullyHighlighted(file);
  });

  test('the shipped example highlights completely', async () => {
    await assertFullyHighlighted(readFileSync('examples/purecloud.scimmap', 'utf8'));
  });
});

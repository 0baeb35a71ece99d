import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from '../../../server/src/syntax/parser';
import { analyze } from '../../../server/src/validation/analyze';
import type { ObjectBlock } from '../../../server/src/syntax/ast';
import { tokenize } from './tokenize';

interface Snippet {
  readonly prefix: string | string[];
  readonly description: string;
  readonly body: string | string[];
}

// VS Code reads .code-snippets as JSON with comments; ours is plain JSON so any tool can read it.
const snippets = JSON.parse(readFileSync('snippets/scimmap.code-snippets', 'utf8')) as Record<string, Snippet>;

/**
 * The text a snippet inserts when the user accepts every default: `${1:text}` gives its text
 * (placeholders may nest), `${1|a,b|}` its first choice, `$1` / `${1}` / `$0` nothing.
 */
function expandDefaults(body: string): string {
  const [text, end] = expand(body, 0, false);
  assert.equal(end, body.length, `unbalanced snippet body: ${body}`);
  return text;
}

function expand(body: string, start: number, insidePlaceholder: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
      out += body[i + 1];
      i += 2;
    } else if (insidePlaceholder && c === '}') {
      return [out, i + 1];
    } else if (c === '$') {
      const tabstop = /^\$(?:\d+|\{\d+\})/.exec(body.slice(i));
      const placeholder = /^\$\{\d+:/.exec(body.slice(i));
      const choice = /^\$\{\d+\|((?:[^|\\]|\\.)*)\|\}/.exec(body.slice(i));
      if (tabstop) {
        i += tabstop[0].length;
      } else if (placeholder) {
        const [inner, next] = expand(body, i + placeholder[0].length, true);
        out += inner;
        i = next;
      } else if (choice) {
        out += choice[1].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
        i += choice[0].length;
      } else {
        throw new Error(`unsupported snippet syntax at ${JSON.stringify(body.slice(i, i + 20))}`);
      }
    } else {
      out += c;
      i++;
    }
  }
  assert.ok(!insidePlaceholder, `unterminated placeholder in ${body}`);
  return [out, i];
}

const choicePattern = /\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/g;

/** The body once per option of each choice (the others at their first), as if the user picked it. */
function choiceVariants(body: string): string[] {
  const choices = [...body.matchAll(choicePattern)];
  return choices.flatMap((choice, index) =>
    choice[2].split(/(?<!\\),/).map((option) => {
      let seen = -1;
      return body.replace(choicePattern, (whole, tabstop: string) => (++seen === index ? `\${${tabstop}|${option}|}` : whole));
    }),
  );
}

/** The default texts of a body's placeholders (`${1:text}`), which the user types over after the tab. */
function placeholderTexts(body: string): string[] {
  return [...body.matchAll(/\$\{\d+:([^${}]+)\}/g)].map((match) => match[1].trim()).filter((text) => text !== '');
}

function bodyText(snippet: Snippet): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

/** The mappings Genesys Cloud wants in every users block (validation warns without them). */
const REQUIRED_USER_MAPPINGS = [
  'userName <- [userPrincipalName]  match 1',
  'displayName <- [displayName]',
  'active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
];

/** A valid users block around `items`, leaving out the required mappings whose target `items` map themselves. */
function usersBlock(...items: string[]): string {
  const target = (line: string) => line.split('<-')[0].trim();
  const mapped = new Set(items.map(target));
  const lines = [...REQUIRED_USER_MAPPINGS.filter((m) => !mapped.has(target(m))), ...items];
  return `users {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

/** Where each snippet is meant to be inserted, as the file around it. */
const contexts = {
  file: (body: string) => body,
  block: (body: string) => `${body}\n`,
  mapping: (body: string) => usersBlock(body),
  clause: (body: string) => usersBlock(`scope "s" {\n    ${body}\n  }`),
  expression: (body: string) => usersBlock(`title <- ${body}`),
};

const contextOf: Record<string, keyof typeof contexts> = {
  'Genesys Cloud mapping file': 'file',
  'users block': 'block',
  'groups block': 'block',
  'scoping filter': 'mapping',
  'scoping clause with a value': 'clause',
  'scoping clause without a value': 'clause',
  'direct mapping': 'mapping',
  'active from IsSoftDeleted': 'mapping',
  'phone number mapping': 'mapping',
  'enterprise attribute mapping': 'mapping',
  'Genesys external id mapping': 'mapping',
  'Join of names': 'expression',
  'Switch with default': 'expression',
  'IgnoreFlowIfNullOrEmpty around Switch': 'expression',
  'Replace text': 'expression',
  'Replace into a template': 'expression',
  'Replace with a regular expression': 'expression',
  'Replace a named regex group': 'expression',
};

describe('snippets', () => {
  test('the placeholder expansion used below follows the snippet syntax', () => {
    assert.equal(expandDefaults('a ${1:x ${2:y}} $1 ${2} $0 ${3|EQUALS,NOT EQUALS|} \\$x \\}'), 'a x y    EQUALS $x }');
    assert.equal(expandDefaults('actions ${2|create\\, update,update|}'), 'actions create, update');
  });

  test('every snippet has a prefix, a description and a body, and a context to check it in', () => {
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(contextOf).sort());
    for (const [name, snippet] of Object.entries(snippets)) {
      const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => /^[A-Za-z]+$/.test(p)), `${name}: prefixes are single words`);
      assert.ok(snippet.description.length > 20, `${name}: description says what it does`);
      assert.ok(bodyText(snippet).trim().length > 0, `${name}: body`);
    }
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    test(`"${name}" inserts a valid mapping for Genesys Cloud that highlights cleanly`, async () => {
      const text = contexts[contextOf[name]](expandDefaults(bodyText(snippet)));
      // Information notes (such as the Switch default caveat) are fine; errors and warnings are not.
      const problems = analyze(text).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(
        problems.map((d) => `${d.code}: ${d.message} at ${JSON.stringify(text.slice(d.span.start, d.span.end))}`),
        [],
        text,
      );
      for (const token of await tokenize(text)) {
        assert.ok(!token.scopes.some((s) => s.startsWith('invalid.')), `${JSON.stringify(token.text)} is marked invalid in\n${text}`);
      }
    });
  }

  test('whatever choice is picked, the snippet parses and highlights cleanly, and what the checker reports is only a placeholder to type over (Greater_Than with "Sales", manager from [department])', async () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const placeholders = placeholderTexts(bodyText(snippet));
      for (const variant of choiceVariants(bodyText(snippet))) {
        const text = contexts[contextOf[name]](expandDefaults(variant));
        assert.deepEqual(parse(text).diagnostics, [], text);
        const problems = analyze(text).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
        for (const problem of problems) {
          const spanned = text.slice(problem.span.start, problem.span.end);
          assert.ok(
            placeholders.some((placeholder) => spanned.includes(placeholder)),
            `${name}: ${problem.code} ${problem.message} at ${JSON.stringify(spanned)}, not a placeholder, in\n${text}`,
          );
        }
        for (const token of await tokenize(text)) {
          assert.ok(!token.scopes.some((s) => s.startsWith('invalid.')), `${JSON.stringify(token.text)} is marked invalid in\n${text}`);
        }
      }
    }
  });

  test('the whole-file snippet is the default mapping of the Genesys Cloud tutorial', () => {
    const text = expandDefaults(bodyText(snippets['Genesys Cloud mapping file']));
    const { file, diagnostics } = analyze(text);
    assert.deepEqual(diagnostics, []);
    const summary = (block: ObjectBlock) =>
      block.mappings.map((m) => {
        const source = text.slice(m.source.span.start, m.source.span.end);
        const match = m.properties.find((p) => p.kind === 'match');
        return `${m.target.text} <- ${source}${match && match.kind === 'match' ? ` match ${match.precedence}` : ''}`;
      });
    const [users, groups] = file.blocks;
    assert.equal(users.object, 'users');
    assert.deepEqual(
      users.actions?.actions.map((a) => a.action),
      ['create', 'update', 'delete'],
    );
    assert.deepEqual(summary(users), [
      'userName <- [userPrincipalName] match 1',
      'active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      'displayName <- [displayName]',
      'emails[type eq "work"].value <- [mail]',
      'title <- [jobTitle]',
      'phoneNumbers[type eq "mobile"].value <- [mobile]',
      'phoneNumbers[type eq "work"].value <- [telephoneNumber]',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager <- [manager]',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber <- [employeeId]',
    ]);
    assert.equal(groups.object, 'groups');
    assert.deepEqual(
      groups.actions?.actions.map((a) => a.action),
      ['update'],
    );
    assert.deepEqual(summary(groups), ['displayName <- [displayName] match 1', 'externalId <- [objectId]', 'members <- [members]']);
  });
});

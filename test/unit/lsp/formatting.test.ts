import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../support/repository';
import { formatDocument, meaningOf } from '../../../server/src/syntax/format';
import { parse } from '../../../server/src/syntax/parser';
import { formattingEdits } from '../../../server/src/lsp/formatting';
import { marked } from '../helpers/markers';
import { filesUnder, fixturesInTestSources } from '../helpers/scimmap-corpus';
import { applyEdits } from './apply-edits';
import { analyzedDocument, brokenInputs } from './analyzed-document';

const root = repositoryRoot(__dirname);

function format(text: string): string {
  const result = formatDocument(text);
  assert.equal(result.kind, 'formatted', `not formatted: ${JSON.stringify(result)}`);
  return (result as { text: string }).text;
}

describe('formatting keeps meaning and is idempotent', () => {
  const examples = filesUnder(join(root, 'examples'), '.scimmap').map((path) => ({
    name: path.slice(root.length + 1),
    text: readFileSync(path, 'utf8'),
  }));
  const fixtureFiles = filesUnder(join(root, 'test'), '.scimmap').map((path) => ({
    name: path.slice(root.length + 1),
    text: readFileSync(path, 'utf8'),
  }));
  const sources = fixturesInTestSources();

  test("the corpus is the examples and the test suite's sources", () => {
    assert.ok(examples.length >= 1, 'examples/*.scimmap');
    assert.ok(sources.length >= 20, `found only ${sources.length} fixtures in test sources`);
  });

  for (const { name, text } of [...examples, ...fixtureFiles, ...sources]) {
    test(name, () => {
      const once = formatDocument(text);
      assert.equal(once.kind, 'formatted', `refused: ${JSON.stringify(once)}`);
      if (once.kind !== 'formatted') return;
      assert.equal(meaningOf(parse(once.text).file), meaningOf(parse(text).file));
      assert.equal(applyEdits(text, once.edits), once.text, 'the edits produce the formatted text');
      assert.equal(format(once.text), once.text, 'formatting twice changes nothing');
      assert.deepEqual(formatDocument(once.text), { kind: 'formatted', text: once.text, edits: [] });
    });
  }
});

/** The same mappings with one space before each arrow. */
function unaligned(text: string): string {
  return text.replace(/ +<- /g, ' <- ');
}

/** The same lines, each indented by some other amount. */
function reindented(text: string): string {
  return text.replace(/^ +/gm, (_, offset: number) => ' '.repeat(offset % 7));
}

const MULTI_LINE = [
  'users {',
  '  displayName <- IIF([c] = "US",',
  '    Join(" ",',
  '      [givenName],',
  '      [surname]',
  '    ),',
  '    "x")',
  '}',
  '',
].join('\n');

const ALIGNED_RUNS = [
  'users {',
  '  userName    <- [userPrincipalName]',
  '  displayName <- [displayName]',
  '',
  '  title <- [jobTitle]',
  '  # names',
  '  name.givenName  <- [givenName]',
  '  name.familyName <- [surname]',
  '  active <- Switch([IsSoftDeleted], ,',
  '    "False", "True")',
  '  externalId <- [objectId]',
  '}',
  '',
].join('\n');

const ALIGNED_SECTIONS = [
  'users {',
  '  userName <- [userPrincipalName]',
  '  title    <- [jobTitle]',
  '  phoneNumbers[type eq "mobile"].value <- [mobile]',
  '  phoneNumbers[type eq "work"].value   <- [telephoneNumber]',
  '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department <- [department]',
  '  urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager    <- [manager]',
  '}',
  '',
].join('\n');

describe('formatting rules', () => {
  const cases: Array<{ name: string; input: string; output: string }> = [
    {
      name: 'the target declaration after a comment stays at the start of its line; block headers keep one space between words',
      input: '# imported\n\n   target "./app.target.json"\nusers   "Name"  from ""   to "X" {\n  a <- [b]   flow  ValueAddOnly\n}\n',
      output: '# imported\n\ntarget "./app.target.json"\nusers "Name" from "" to "X" {\n  a <- [b]  flow ValueAddOnly\n}\n',
    },
    {
      name: 'indents block contents by two spaces and puts each item on its own line',
      input: 'users{userName<-[userPrincipalName] match 1 displayName <- [displayName]}\n',
      output: 'users {\n  userName    <- [userPrincipalName]  match 1\n  displayName <- [displayName]\n}\n',
    },
    {
      name: 'one space after commas, none inside parens, empty slots as `, ,`',
      input:
        'users {\n  active <- Switch( [IsSoftDeleted],,"False" ,"True","True","False" )\n  mobile <- Replace([mobile],,"[()\\\\s-]+",,"",,)\n}\n',
      output:
        'users {\n  active <- Switch([IsSoftDeleted], , "False", "True", "True", "False")\n  mobile <- Replace([mobile], , "[()\\\\s-]+", , "", , )\n}\n',
    },
    {
      name: 'value filters and paths have no inner spacing but single spaces between words',
      input: 'users {\n  emails [ type   eq "work"   and primary eq "True" ] . value <- [mail]\n}\n',
      output: 'users {\n  emails[type eq "work" and primary eq "True"].value <- [mail]\n}\n',
    },
    {
      name: 'properties are set off by two spaces; operators by one',
      input: 'users {\n  title <- [jobTitle]   default  "Agent" on   create\n  displayName <- IIF([c]="US","a"&[x],"b")\n}\n',
      output: 'users {\n  title <- [jobTitle]  default "Agent"  on create\n  displayName <- IIF([c] = "US", "a" & [x], "b")\n}\n',
    },
    {
      name: 'arrows align in runs of one-line mappings; a blank line, a comment line or a multi-line mapping ends a run',
      input: unaligned(ALIGNED_RUNS),
      output: ALIGNED_RUNS,
    },
    {
      name: 'a much wider target and fully qualified targets do not push the others',
      input: unaligned(ALIGNED_SECTIONS),
      output: ALIGNED_SECTIONS,
    },
    {
      name: 'multi-line expressions keep their line breaks, indented by their open calls',
      input: reindented(MULTI_LINE),
      output: MULTI_LINE,
    },
    {
      name: 'keeps comments and at most one blank line; none after `{` or before `}`; trailing whitespace goes',
      input:
        '\n\n# header   \n\n\n\nusers {   # the users\n\n\n  # first\n  userName <- [userPrincipalName]   # why\n\n\n\n  displayName <- [displayName]\n   # last\n\n}\n\n\n\ngroups {\n  actions update\n}\n\n\n',
      output:
        '# header\n\nusers { # the users\n  # first\n  userName <- [userPrincipalName] # why\n\n  displayName <- [displayName]\n  # last\n}\n\ngroups {\n  actions update\n}\n',
    },
    {
      name: 'scoping filters: clauses indented under their filter, operator words single-spaced',
      input: 'users {\nscope "Sales"\n{ [department]  NOT    EQUALS   "Sales" [accountEnabled] IS TRUE }\n}\n',
      output: 'users {\n  scope "Sales" {\n    [department] NOT EQUALS "Sales"\n    [accountEnabled] IS TRUE\n  }\n}\n',
    },
    {
      name: 'settings: one space after commas',
      input: 'groups {\n  enabled   true\n  actions update ,create\n}\n',
      output: 'groups {\n  enabled true\n  actions update, create\n}\n',
    },
    {
      name: '`<` then a negative number in a condition stays `<-10`',
      input: 'users {\n  title <- IIF([x]<-10, "low", "high")\n}\n',
      output: 'users {\n  title <- IIF([x] <-10, "low", "high")\n}\n',
    },
    {
      name: 'keeps CRLF line endings and a byte order mark',
      input: '\ufeffusers {\r\n  userName <- [userPrincipalName]\r\n\r\n\r\n  title <- [jobTitle]\r\n}',
      output: '\ufeffusers {\r\n  userName <- [userPrincipalName]\r\n\r\n  title <- [jobTitle]\r\n}\r\n',
    },
    { name: 'an empty file stays empty', input: '  \n\n', output: '' },
    { name: 'a file of comments', input: '   # one  \n\n\n#two', output: '# one\n\n#two\n' },
  ];
  for (const { name, input, output } of cases) {
    test(name, () => {
      assert.equal(format(input), output);
      assert.equal(format(output), output);
      assert.equal(meaningOf(parse(output).file), meaningOf(parse(input).file));
    });
  }
});

describe('formatting refuses what it cannot do safely', () => {
  test('a file with syntax errors gets no edits', () => {
    for (const text of [
      ...brokenInputs.filter((input) => input !== ''),
      'users {\n  title <- Join(" ", [a]\n}\n',
      'users {\n  title <- \u201cAgent\u201d\n}\n',
    ]) {
      assert.deepEqual(formatDocument(text), { kind: 'refused', reason: 'syntax-errors' }, JSON.stringify(text));
      assert.deepEqual(formattingEdits(analyzedDocument(text)), []);
    }
  });

  test('every one-character deletion of the example is refused or formatted without changing its meaning', () => {
    const example = readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8');
    for (let i = 0; i < example.length; i++) {
      const text = example.slice(0, i) + example.slice(i + 1);
      const result = formatDocument(text);
      if (result.kind === 'refused') {
        assert.equal(result.reason, 'syntax-errors', `deleting offset ${i}`);
        continue;
      }
      assert.equal(meaningOf(parse(result.text).file), meaningOf(parse(text).file), `deleting offset ${i}`);
      assert.equal(format(result.text), result.text, `deleting offset ${i}`);
    }
  });

  test('a line break, a comment or spaces inserted anywhere are refused or formatted without changing meaning', () => {
    const source =
      'users {\n  title <- IIF([x]<-10, Join(" ", [a], [b]), "c")  default "x" # why\n  emails[type eq "work"].value <- [mail]  match 1\n  scope "a" { [department] NOT EQUALS "x" }\n}\n';
    for (let i = 0; i <= source.length; i++) {
      for (const inserted of ['\n', '  ', '\n\n', '# c\n']) {
        const text = source.slice(0, i) + inserted + source.slice(i);
        const result = formatDocument(text);
        const where = JSON.stringify(text.slice(Math.max(0, i - 20), i + 20));
        if (result.kind === 'refused') {
          assert.equal(result.reason, 'syntax-errors', where);
          continue;
        }
        assert.equal(format(result.text), result.text, where);
      }
    }
  });

  test('meaningOf tells apart files that differ in anything but layout', () => {
    const base = meaningOf(parse('users {\n  title <- Join(" ", [a], [b])  match 1 # x\n}\n').file);
    assert.equal(meaningOf(parse('users{title<-Join( " " ,[a],[b])match 1# x   \n}').file), base);
    for (const other of [
      'users {\n  title <- Join(" ", [a], [c])  match 1 # x\n}\n',
      'users {\n  title <- Join(" ", [a], [b])  match 2 # x\n}\n',
      'users {\n  title <- Join(" ", [a], [b])  match 1 # y\n}\n',
      'users {\n  title <- Join("  ", [a], [b])  match 1 # x\n}\n',
    ]) {
      assert.notEqual(meaningOf(parse(other).file), base, other);
    }
  });
});

describe('range formatting', () => {
  const source = 'users {\n  userName<-[userPrincipalName]   match 1\n  title <- Join( " ",[a] )\n  displayName<-[displayName]\n}\n';

  test('formats only the mappings the range touches', () => {
    const { text, offsets } = marked(
      'users {\n  userName<-[userPrincipalName]   match 1\n  title <- Jo<|>in( " ",[a] <|>)\n  displayName<-[displayName]\n}\n',
    );
    const result = formatDocument(text, { start: offsets[0], end: offsets[1] });
    assert.equal(result.kind, 'formatted');
    if (result.kind !== 'formatted') return;
    assert.equal(
      applyEdits(text, result.edits),
      'users {\n  userName<-[userPrincipalName]   match 1\n  title       <- Join(" ", [a])\n  displayName<-[displayName]\n}\n',
    );
  });

  test('an empty range formats the mapping at the cursor; the LSP edits match the offsets', () => {
    const offset = source.indexOf('displayName<-');
    const document = analyzedDocument(source);
    const edits = formattingEdits(document, { start: offset, end: offset });
    assert.ok(edits.length > 0);
    let result = source;
    for (const edit of [...edits].reverse()) {
      const span = document.lines.spanOf(edit.range);
      result = result.slice(0, span.start) + edit.newText + result.slice(span.end);
    }
    assert.equal(
      result,
      'users {\n  userName<-[userPrincipalName]   match 1\n  title <- Join( " ",[a] )\n  displayName <- [displayName]\n}\n',
    );
  });
});

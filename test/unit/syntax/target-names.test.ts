// Target names beyond [A-Za-z_][A-Za-z0-9_]* (issue 12, audit 9 F3): RFC 7643's `-` bare, anything
// else in double quotes. Each case says what the parser reads, what Entra gets, and what validation
// against a target schema that has the name says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { formatDocument } from '../../../server/src/syntax/format';
import { spelledTargetPath } from '../../../server/src/syntax/target-names';
import { analyze } from '../../../server/src/validation/analyze';
import { quickFixes } from '../../../server/src/validation/quick-fixes';
import { ACME, FIELDWORK, SOCIETE, unusualNamesTarget as target } from '../helpers/unusual-target-names';

function mappingOf(line: string) {
  const text = `users {\n  ${line}\n}\n`;
  const { file, diagnostics } = parse(text);
  return { text, mappings: file.blocks[0]?.mappings ?? [], errors: diagnostics.map((d) => d.message) };
}

describe('target names: what the parser reads and what Entra gets', () => {
  const cases: Array<{ written: string; name: string; segments: string[]; schema?: string }> = [
    { written: 'cost-center', name: 'cost-center', segments: ['cost-center'] },
    { written: 'a-b-1_c', name: 'a-b-1_c', segments: ['a-b-1_c'] },
    { written: '"Département"', name: 'Département', segments: ['"Département"'] },
    { written: '"u_région"', name: 'u_région', segments: ['"u_région"'] },
    { written: '"x_y$z"', name: 'x_y$z', segments: ['"x_y$z"'] },
    { written: '"first name"', name: 'first name', segments: ['"first name"'] },
    { written: '"a\\"b\\\\c"', name: 'a"b\\c', segments: ['"a"b\\c"'] },
    { written: '"first name".value', name: 'first name.value', segments: ['"first name"', 'value'] },
    { written: 'name."given name"', name: 'name.given name', segments: ['name', '"given name"'] },
    { written: '"e-mails"[type eq "work"].value', name: 'e-mails[type eq "work"].value', segments: ['"e-mails"', 'value'] },
    { written: 'emails[type eq "work"].cost-center', name: 'emails[type eq "work"].cost-center', segments: ['emails', 'cost-center'] },
    { written: `${FIELDWORK}:"Région"`, name: `${FIELDWORK}:Région`, segments: ['"Région"'], schema: FIELDWORK },
    { written: `${FIELDWORK}:cost-center`, name: `${FIELDWORK}:cost-center`, segments: ['cost-center'], schema: FIELDWORK },
    { written: `${FIELDWORK}:a."b c"`, name: `${FIELDWORK}:a.b c`, segments: ['a', '"b c"'], schema: FIELDWORK },
    // RFC 8141 lets a URN hold `~`, `+`, `%`, `(`, `'`, `@`..., and Entra letters beyond ASCII: all the schema's.
    { written: `${ACME}:badge`, name: `${ACME}:badge`, segments: ['badge'], schema: ACME },
    { written: `${SOCIETE}:site`, name: `${SOCIETE}:site`, segments: ['site'], schema: SOCIETE },
    { written: `${ACME}:"Région"`, name: `${ACME}:Région`, segments: ['"Région"'], schema: ACME },
    { written: `${ACME}:name.givenName`, name: `${ACME}:name.givenName`, segments: ['name', 'givenName'], schema: ACME },
    // Whitespace between the parts goes, inside a quoted name or value it stays.
    { written: 'emails[type  eq "a  b"] . "x  y"', name: 'emails[type eq "a  b"].x  y', segments: ['emails', '"x  y"'] },
  ];
  for (const { written, name, segments, schema } of cases) {
    test(written, () => {
      const { text, mappings, errors } = mappingOf(`${written} <- [department]`);
      assert.deepEqual(errors, []);
      assert.equal(mappings.length, 1);
      const path = mappings[0].target;
      assert.equal(path.text, written);
      assert.equal(path.name, name);
      assert.equal(path.schema?.text, schema);
      // A quoted name is its value; its span keeps the quotes (what hover, diagnostics and quick fixes cover).
      assert.deepEqual(
        path.segments.map((s) => (s.quoted ? `"${s.name.text}"` : s.name.text)),
        segments,
      );
      for (const segment of path.segments.filter((s) => s.quoted))
        assert.match(text.slice(segment.name.span.start, segment.name.span.end), /^".*"$/);
      // Import spells the name so that it reads back as the same name.
      assert.equal(mappingOf(`${spelledTargetPath(name)} <- none`).mappings[0]?.target.name, name);
    });
  }

  const refused: Array<{ written: string; error: RegExp }> = [
    { written: "'Département' <- [a]", error: /Quote an attribute name with double quotes/ },
    { written: '"" <- [a]', error: /An attribute name cannot be empty/ },
    { written: 'Département <- [a]', error: /./ },
    { written: 'cost- <- [a]', error: /./ },
    { written: `${FIELDWORK}: "Région" <- [a]`, error: /./ },
    { written: `${ACME}:Région <- [a]`, error: /^`Région` is not a plain attribute name: write it in double quotes, `"Région"`$/ },
  ];
  for (const { written, error } of refused) {
    test(`refused: ${written}`, () => {
      const { errors } = mappingOf(written);
      assert.ok(
        errors.some((e) => error.test(e)),
        errors.join('\n'),
      );
    });
  }

  test('an Entra name of three parts or more is spelled as its attribute and one sub-attribute', () => {
    assert.equal(spelledTargetPath('a.b.c'), 'a."b.c"');
    assert.equal(spelledTargetPath(`${FIELDWORK}:a.b.c`), `${FIELDWORK}:a."b.c"`);
    assert.equal(spelledTargetPath('emails[type eq "work"].x.y'), 'emails[type eq "work"]."x.y"');
    assert.equal(spelledTargetPath('name.givenName'), 'name.givenName');
  });

  test('a quoted target starts a new mapping where a name would; a string elsewhere is still a value', () => {
    const { mappings, errors } = mappingOf(
      'title <- [a] "Département" <- [b]\n  "first name" <- Join(" ",\n    "x")\n  cost-center <- Mid([c], 1, -1)',
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(
      mappings.map((m) => m.target.name),
      ['title', 'Département', 'first name', 'cost-center'],
    );
  });

  test('the formatter keeps quoted names and glues a URN to its quoted attribute', () => {
    const text = `users {\n  "Département"   <- [a]\n  ${FIELDWORK}:"Région" <-  [b]\n  cost-center<-[c]\n}\n`;
    const result = formatDocument(text);
    assert.equal(result.kind, 'formatted');
    assert.equal(
      result.kind === 'formatted' && result.text,
      `users {\n  "Département" <- [a]\n  ${FIELDWORK}:"Région" <- [b]\n  cost-center <- [c]\n}\n`,
    );
  });
});

describe('target names: validation against a target schema that has them', () => {
  const cases: Array<{ line: string; code?: string; fix?: string }> = [
    { line: 'cost-center <- [department]' },
    { line: '"Département" <- [department]' },
    { line: '"u_région" <- [department]' },
    { line: '"x_y$z" <- [department]' },
    { line: '"first name" <- [department]' },
    { line: `${FIELDWORK}:"Région" <- [department]` },
    { line: 'emails[type eq "work"].cost-center <- [department]' },
    { line: `${ACME}:badge <- [department]` },
    { line: `${SOCIETE}:site <- [department]` },
    // SCIM compares names case-insensitively: accepted, with the app's spelling offered in the form it needs.
    { line: 'COST-CENTER <- [department]', code: 'target-case', fix: 'cost-center' },
    { line: '"département" <- [department]', code: 'target-case', fix: '"Département"' },
    { line: '"Cost-Center" <- [department]', code: 'target-case', fix: 'cost-center' },
    { line: `${FIELDWORK}:"RÉGION" <- [department]`, code: 'target-case', fix: '"Région"' },
    { line: `${ACME}:BADGE <- [department]`, code: 'target-case', fix: 'badge' },
    // A near miss is suggested quoted when its name needs quotes.
    { line: 'Departement <- [department]', code: 'unknown-target', fix: '"Département"' },
    { line: 'cost_center <- [department]', code: 'unknown-target', fix: 'cost-center' },
  ];
  for (const { line, code, fix } of cases) {
    test(line, () => {
      const text = `users {\n  userName <- [userPrincipalName]  match 1\n  ${line}\n}\n`;
      const analysis = analyze(text, { override: target });
      const problems = analysis.diagnostics.filter((d) => d.severity !== 'hint' && d.code !== 'missing-required-target');
      if (!code) return assert.deepEqual(problems, []);
      assert.deepEqual(
        problems.map((d) => d.code),
        [code],
      );
      const [action] = quickFixes(text, analysis.file, problems[0]);
      const edit = action.edits[0];
      const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
      assert.equal(fixed, text.replace(line.split(' <- ')[0].replace(/^urn:.*:/, ''), fix!));
      assert.deepEqual(
        analyze(fixed, { override: target }).diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
    });
  }

  test('a sub-attribute with dots written unquoted: SCIM paths stop at one sub-attribute, and the fix quotes it', () => {
    const text = 'users {\n  userName <- [userPrincipalName]  match 1\n  locker.door.number <- [department]\n}\n';
    const analysis = analyze(text, { override: target });
    const problems = analysis.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      problems.map((d) => [d.code, d.message]),
      [
        [
          'unknown-sub-attribute',
          'SCIM paths stop at one sub-attribute: `locker` has the sub-attribute `door.number`, one name with its dots: write it `"door.number"`.',
        ],
      ],
    );
    const edit = quickFixes(text, analysis.file, problems[0])[0].edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.ok(fixed.includes('  locker."door.number" <- [department]\n'));
    // Quoted, it checks; that Entra's sending of such a name is undocumented is said as information.
    assert.deepEqual(
      analyze(fixed, { override: target })
        .diagnostics.filter((d) => d.severity !== 'hint' && d.code !== 'missing-required-target')
        .map((d) => [d.code, d.severity, fixed.slice(d.span.start, d.span.end)]),
      [['dotted-sub-attribute', 'information', '"door.number"']],
    );
  });
});

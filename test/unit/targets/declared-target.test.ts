// Every consumer reads the target a file declares: validation, completion, hover, semantic tokens,
// the preview's requests. Under the generic RFC 7643 profile a realistic mapping checks clean and
// its typos are caught; switching the declaration re-checks; target files are read beside the file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../server/src/validation/analyze';
import { IncrementalAnalyzer } from '../../../server/src/validation/incremental';
import { completion } from '../../../server/src/lsp/completion';
import { hover } from '../../../server/src/lsp/hover';
import { semanticTokenList } from '../../../server/src/lsp/semantic-tokens';
import { documentSymbols } from '../../../server/src/lsp/document-symbols';
import { previewGroup, previewUser, wireRequests } from '../../../server/src/provisioning/requests';
import { parse } from '../../../server/src/syntax/parser';
import { bundledTarget, readTargetSchema } from '../../../server/src/schema/target-format';
import { TargetFiles } from '../../../server/src/schema/target-files';
import { analyzedDocument, atCursor } from '../lsp/analyzed-document';
import { ACTIVE } from '../validation/cases';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const generic = bundledTarget('generic-scim')!;

/** A realistic mapping for a plain SCIM 2.0 app (Microsoft's default attribute mappings of a non-gallery app). */
const GENERIC_MAPPING = `target "generic-scim"

users {
  userName <- [userPrincipalName] match 1
  active <- ${ACTIVE}
  displayName <- [displayName]
  title <- [jobTitle]
  emails[type eq "work"].value <- [mail]
  preferredLanguage <- [preferredLanguage]
  name.givenName <- [givenName]
  name.familyName <- [surname]
  name.formatted <- Join(" ", [givenName], [surname])
  addresses[type eq "work"].streetAddress <- [streetAddress]
  addresses[type eq "work"].locality <- [city]
  phoneNumbers[type eq "work"].value <- [telephoneNumber]
  phoneNumbers[type eq "mobile"].value <- [mobile]
  externalId <- [mailNickname]
  ${ENTERPRISE}:employeeNumber <- [employeeId]
  ${ENTERPRISE}:department <- [department]
  ${ENTERPRISE}:manager <- [manager]
}

groups {
  displayName <- [displayName] match 1
  externalId <- [objectId]
  members <- [members]
}
`;

function codes(text: string): string[] {
  return analyze(text).diagnostics.map((d) => `${d.code} @ ${text.slice(d.span.start, d.span.end)}`);
}

describe('validation follows the declared target', () => {
  test('a realistic generic SCIM mapping checks clean: name.*, addresses, groups with every action', () => {
    assert.deepEqual(codes(GENERIC_MAPPING), []);
  });

  test('the same mapping under Genesys Cloud (no declaration) is full of errors', () => {
    const undeclared = GENERIC_MAPPING.replace('target "generic-scim"\n', '');
    const found = codes(undeclared);
    assert.ok(found.includes('unknown-target @ name'), found.join('\n'));
    assert.ok(found.includes('group-action-unsupported @ groups'), found.join('\n'));
  });

  test('typos are caught with suggestions from the generic profile', () => {
    const typos = GENERIC_MAPPING.replace('name.givenName', 'name.givenNmae')
      .replace('preferredLanguage <-', 'preferedLanguage <-')
      .replace(`${ENTERPRISE}:department`, `${ENTERPRISE}:departement`);
    const diagnostics = analyze(typos).diagnostics;
    const found = diagnostics.map((d) => `${d.code} @ ${typos.slice(d.span.start, d.span.end)} -> ${String(d.data?.suggestion)}`);
    assert.deepEqual(found, [
      'unknown-target @ preferedLanguage -> preferredLanguage',
      'unknown-sub-attribute @ givenNmae -> givenName',
      'unknown-target @ departement -> department',
    ]);
    assert.match(diagnostics[0].message, /SCIM 2\.0 \(RFC 7643\) User resources/);
  });

  test('generic rules: userName is required, read-only groups on a user, writeOnly password is writable', () => {
    const text =
      'target "generic-scim"\nusers {\n  externalId <- [mailNickname] match 1\n  groups <- [objectId]\n  password <- Redact([objectId])\n  active <- ' +
      ACTIVE +
      '\n}\n';
    assert.deepEqual(codes(text), ['missing-required-target @ users', 'read-only-target @ groups']);
  });

  test('an undeclared file keeps Genesys Cloud: emails[type eq "home"] is no Genesys email type', () => {
    const text = `users {\n  userName <- [userPrincipalName] match 1\n  displayName <- [displayName]\n  active <- ${ACTIVE}\n  emails[type eq "home"].value <- [mail]\n}\n`;
    assert.deepEqual(codes(text), ['unknown-filter-value @ "home"']);
    assert.deepEqual(codes(`target "generic-scim"\n${text}`), []);
    assert.deepEqual(codes(`target "genesys-cloud"\n${text}`), ['unknown-filter-value @ "home"']);
  });

  test('an unknown target is reported on its name, and the file is checked against the generic profile', () => {
    const text = `target "acme"\n${GENERIC_MAPPING.replace('target "generic-scim"\n', '')}`;
    const analysis = analyze(text);
    assert.equal(analysis.target, generic);
    assert.deepEqual(codes(text), ['unknown-target-schema @ "acme"']);
    assert.match(analysis.diagnostics[0].message, /No bundled target schema is called "acme"/);
  });

  test('--target-schema style override wins over the declaration', () => {
    const text = GENERIC_MAPPING.replace('target "generic-scim"', 'target "genesys-cloud"');
    assert.deepEqual(analyze(text, { override: generic }).diagnostics, []);
  });

  test('switching the declaration re-checks the whole file, incrementally too', () => {
    const analyzer = new IncrementalAnalyzer();
    const genesysText = GENERIC_MAPPING.replace('target "generic-scim"', 'target "genesys-cloud"');
    const before = analyzer.analyze(genesysText);
    assert.ok(before.diagnostics.some((d) => d.code === 'unknown-target'));
    const after = analyzer.analyze(GENERIC_MAPPING);
    assert.deepEqual(after.diagnostics, []);
    assert.equal(after.target, generic);
    const back = analyzer.analyze(genesysText);
    assert.deepEqual(back.diagnostics, before.diagnostics);
  });
});

describe('editor features follow the declared target', () => {
  test('completion offers the generic attributes and not Genesys extensions', () => {
    const { document, offset } = atCursor('target "generic-scim"\nusers {\n  <|>\n}\n');
    const labels = completion(document, offset).items.map((i) => i.label);
    for (const label of ['name.givenName', 'addresses[type eq "work"].locality', 'nickName', `${ENTERPRISE}:costCenter`])
      assert.ok(labels.includes(label), label);
    assert.ok(!labels.some((l) => l.includes('genesys:purecloud')), 'no Genesys extension');
    const genesys = atCursor('users {\n  <|>\n}\n');
    const genesysLabels = completion(genesys.document, genesys.offset).items.map((i) => i.label);
    assert.ok(!genesysLabels.includes('name.givenName'));
  });

  test('completion of actions offers delete for generic groups, and `target` at the top', () => {
    const { document, offset } = atCursor('target "generic-scim"\ngroups {\n  actions create, <|>\n}\n');
    assert.deepEqual(
      completion(document, offset).items.map((i) => i.label),
      ['update', 'delete'],
    );
    const top = atCursor('tar<|>\nusers {\n}\n');
    const item = completion(top.document, top.offset).items.find((i) => i.label === 'target');
    assert.ok(
      item?.textEdit && 'newText' in item.textEdit && item.textEdit.newText.includes('genesys-cloud,generic-scim'),
      JSON.stringify(item),
    );
  });

  test('hover names the target: on an attribute, a block keyword and the declaration', () => {
    const at = (source: string) => {
      const { document, offset } = atCursor(source);
      return (hover(document, offset)!.contents as { value: string }).value;
    };
    assert.match(at('target "generic-scim"\nusers {\n  name.give<|>nName <- [givenName]\n}\n'), /The given name/);
    assert.match(at('target "generic-scim"\nuse<|>rs {\n}\n'), /provisioned to SCIM 2\.0 \(RFC 7643\) `User` resources/);
    const declaration = at('target "generic-<|>scim"\nusers {\n}\n');
    assert.match(declaration, /\*\*SCIM 2\.0 \(RFC 7643\)\*\*/);
    assert.match(declaration, /`groups` → Group \(`\/Groups`\)/);
    assert.match(at('groups {\n  act<|>ions update\n}\n'), /Genesys Cloud groups support `update` only/);
    assert.doesNotMatch(at('target "generic-scim"\ngroups {\n  act<|>ions update\n}\n'), /support `update` only/);
  });

  test('semantic tokens: the declaration is a keyword and a string; read-only follows the target', () => {
    const text = 'target "generic-scim"\nusers {\n  meta.created <- [mail]\n  name.givenName <- [givenName]\n}\n';
    const tokens = semanticTokenList(analyzedDocument(text)).map(
      (t) => `${text.slice(t.span.start, t.span.end)}:${t.type}${t.modifiers.length ? `.${t.modifiers.join('.')}` : ''}`,
    );
    assert.deepEqual(tokens.slice(0, 2), ['target:keyword', '"generic-scim":string']);
    assert.ok(tokens.includes('meta:property.readonly'), tokens.join(' '));
    assert.ok(tokens.includes('givenName:property'), tokens.join(' '));
  });

  test('document symbols name the target', () => {
    const symbols = documentSymbols(analyzedDocument(GENERIC_MAPPING));
    assert.deepEqual(
      symbols.map((s) => s.detail),
      ['Entra User → SCIM 2.0 (RFC 7643) User', 'Entra Group → SCIM 2.0 (RFC 7643) Group'],
    );
  });
});

describe('the preview follows the declared target', () => {
  const file = parse(GENERIC_MAPPING).file;
  const ada = {
    id: 'ada',
    attributes: {
      objectId: 'o1',
      userPrincipalName: 'ada@contoso.com',
      displayName: 'Ada Lovelace',
      givenName: 'Ada',
      surname: 'Lovelace',
      mail: 'ada@contoso.com',
      city: 'London',
      mobile: '07700 900123',
      accountEnabled: true,
    },
  };

  test('a user create carries the generic attributes; no Genesys phone format warning', () => {
    const preview = previewUser(file, ada, { targetSchema: generic });
    const post = wireRequests(preview).find((r) => r.method === 'POST')!;
    assert.deepEqual((post.body as Record<string, unknown>).name, { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' });
    assert.deepEqual((post.body as Record<string, unknown>).addresses, [{ type: 'work', locality: 'London' }]);
    const notes = preview.requests.flatMap((r) => r.notes.map((n) => n.message));
    assert.ok(!notes.some((n) => /E\.164/.test(n)), notes.join('\n'));
    const genesysNotes = previewUser(parse(GENERIC_MAPPING.replace('target "generic-scim"\n', '')).file, ada, {}).requests.flatMap((r) =>
      r.notes.map((n) => n.message),
    );
    assert.ok(
      genesysNotes.some((n) => /Genesys Cloud wants phone numbers in E\.164/.test(n)),
      genesysNotes.join('\n'),
    );
  });

  test('a group the generic target lacks is created; one that left scope is deleted', () => {
    const team = { id: 'g', attributes: { objectId: 'g1', displayName: 'Sales' }, members: [] };
    const created = previewGroup(file, team, { targetSchema: generic });
    assert.equal(created.action, 'create');
    assert.deepEqual(
      wireRequests(created).map((r) => `${r.method} ${r.path}`),
      ['GET /Groups?excludedAttributes=members&filter=displayName eq "Sales"', 'POST /Groups'],
    );
    const scoped = parse(
      GENERIC_MAPPING.replace('  members <- [members]', '  members <- [members]\n  scope "s" {\n    [displayName] EQUALS "Other"\n  }'),
    );
    const deleted = previewGroup(scoped.file, team, { targetSchema: generic, target: { id: 'abc', displayName: 'Sales' } });
    assert.equal(deleted.action, 'delete');
    assert.deepEqual(wireRequests(deleted), [{ method: 'DELETE', path: '/Groups/abc' }]);
    const genesys = previewGroup(parse(GENERIC_MAPPING.replace('target "generic-scim"\n', '')).file, team, {});
    assert.ok(genesys.notes.some((n) => n.severity === 'error' && /Genesys Cloud has no POST \/Groups/.test(n.message)));
    assert.ok(!created.notes.some((n) => n.severity === 'error'));
  });

  test('string booleans: Genesys Cloud accepts them, the generic profile does not say', () => {
    const target = { id: 'u1', userName: 'ada@contoso.com', active: true };
    const disabled = { ...ada, attributes: { ...ada.attributes, accountEnabled: false } };
    const messages = (options: object) =>
      previewUser(file, disabled, { ...options, target })
        .requests.flatMap((r) => r.notes.map((n) => n.message))
        .filter((m) => m.includes('active as the string'));
    assert.match(messages({ targetSchema: generic })[0], /"False"\. Strict SCIM servers refuse it; the aadOptscim062020 flag/);
    assert.match(messages({ targetSchema: bundledTarget('genesys-cloud') })[0], /Genesys Cloud accepts it/);
  });
});

describe('what the endpoint says it lacks (ServiceProviderConfig) is warned about in the preview', () => {
  const ada = { id: 'ada', attributes: { objectId: 'o1', userPrincipalName: 'ada@contoso.com', displayName: 'Ada', accountEnabled: true } };
  const file = parse(GENERIC_MAPPING).file;
  const limited = readTargetSchema(
    { ...JSON.parse(JSON.stringify(generic)), origin: undefined, serviceProvider: { patch: false, filter: false } },
    'limited.target.json',
  );
  const notesOf = (options: object) =>
    previewUser(file, ada, { ...options, target: { id: 'u1', userName: 'ada@contoso.com', displayName: 'Old' } }).requests.flatMap((r) =>
      r.notes.map((n) => `${r.method} ${n.message}`),
    );

  test('no filtering: the matching query warns; no PATCH: the update warns', () => {
    const notes = notesOf({ targetSchema: limited });
    assert.ok(
      notes.some((n) => /^GET .*does not support filtering, and Entra finds every user with this filter query/.test(n)),
      notes.join('\n'),
    );
    assert.ok(
      notes.some((n) => /^PATCH .*does not support PATCH, which is how Entra sends every update/.test(n)),
      notes.join('\n'),
    );
  });

  test('unknown support is not warned about', () => {
    const notes = notesOf({ targetSchema: generic });
    assert.ok(!notes.some((n) => /ServiceProviderConfig/.test(n)), notes.join('\n'));
  });
});

describe('target-schema files beside the .scimmap', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scimmap-targets-'));
  const acme = (attributes: unknown[]) =>
    JSON.stringify({
      name: 'Acme HR',
      resources: [
        {
          name: 'User',
          block: 'users',
          endpoint: '/Users',
          coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:User',
          required: ['userName'],
          schemas: [{ id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes }],
        },
      ],
    });
  const text = `target "./acme.target.json"\nusers {\n  userName <- [userPrincipalName] match 1\n  badgeNumber <- [employeeId]\n}\n`;

  test('read relative to the document, the same object while unchanged, re-read after a change', () => {
    const path = join(folder, 'acme.target.json');
    writeFileSync(path, acme([{ name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true }]));
    const files = new TargetFiles();
    const analyzer = new IncrementalAnalyzer({ resolve: files.resolverFor(folder) });
    const first = analyzer.analyze(text);
    assert.equal(first.target.name, 'Acme HR');
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['unknown-target'],
    );
    assert.match(first.diagnostics[0].message, /not an attribute of Acme HR User resources/);
    assert.equal(analyzer.analyze(text), first);
    writeFileSync(
      path,
      acme([
        { name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true },
        { name: 'badgeNumber', type: 'string', entraType: 'String' },
      ]),
    );
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    const second = analyzer.analyze(text);
    assert.notEqual(second.target, first.target);
    assert.deepEqual(second.diagnostics, []);
  });

  test('a missing, broken or huge file: a clear diagnostic on the declaration, nothing thrown', () => {
    const files = new TargetFiles();
    const message = (body: string | undefined, name: string) => {
      if (body !== undefined) writeFileSync(join(folder, name), body);
      const declared = text.replace('./acme.target.json', `./${name}`);
      const found = analyze(declared, { resolve: files.resolverFor(folder) }).diagnostics.filter((d) => d.code === 'unknown-target-schema');
      assert.equal(found.length, 1);
      assert.equal(declared.slice(found[0].span.start, found[0].span.end), `"./${name}"`);
      return found[0].message;
    };
    // As written, not where it was looked for: a SARIF log uploaded from CI held the runner's folders.
    assert.equal(
      message(undefined, 'missing.target.json'),
      'Target schema file "./missing.target.json" not found (the path is relative to the mapping file\'s folder). Meanwhile the file is checked against the generic SCIM 2.0 profile.',
    );
    assert.match(message('{ "name": "x", ', 'broken.target.json'), /is not JSON/);
    // Its list of problems ends a sentence before the next one starts (before: "... binary Meanwhile").
    assert.match(
      message('{ "name": "x", "resources": [{ "name": "User" }] }', 'invalid.target.json'),
      /"schemas" is missing\. Meanwhile the file/,
    );
    assert.match(message(' '.repeat(11 * 1024 * 1024), 'huge.target.json'), /too large to be a target schema/);
    // Before: Node's "EISDIR: illegal operation on a directory, read".
    mkdirSync(join(folder, 'folder.target.json'), { recursive: true });
    assert.match(
      message(undefined, 'folder.target.json'),
      /^Cannot read target schema file "\.\/folder\.target\.json": it is a folder\. Meanwhile/,
    );
  });

  // Before: `target "/dev/zero"` read until memory ran out (5 GB in 30 s), in `check` and in the language server.
  test(
    'a device that never ends (/dev/zero, /dev/urandom) is refused once past the limit, quickly',
    { skip: !existsSync('/dev/zero') },
    () => {
      for (const device of ['/dev/zero', '/dev/urandom']) {
        const started = Date.now();
        const found = analyze(`target "${device}"\nusers {\n  userName <- [userPrincipalName] match 1\n}\n`, {
          resolve: new TargetFiles().resolverFor(folder),
        }).diagnostics.filter((d) => d.code === 'unknown-target-schema');
        assert.equal(found.length, 1);
        assert.match(
          found[0].message,
          new RegExp(`^Target schema file "${device}" is over 10 MB: too large to be a target schema; it was not read\\.`),
        );
        assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
      }
    },
  );

  test('a read-only attribute whose schema gives no description: the message ends its sentence (before: "in Acme HR:  Remove this mapping.")', () => {
    writeFileSync(
      join(folder, 'bare.target.json'),
      acme([
        { name: 'userName', type: 'string', entraType: 'String', required: true, filterable: true },
        { name: 'badgeNumber', type: 'string', entraType: 'String', mutability: 'readOnly', description: '' },
      ]),
    );
    const declared = text.replace('./acme.target.json', './bare.target.json');
    const found = analyze(declared, { resolve: new TargetFiles().resolverFor(folder) }).diagnostics.filter(
      (d) => d.code === 'read-only-target',
    );
    assert.deepEqual(
      found.map((d) => d.message),
      ['`badgeNumber` is read-only in Acme HR. Remove this mapping.'],
    );
  });

  test('cleanup', () => rmSync(folder, { recursive: true, force: true }));
});

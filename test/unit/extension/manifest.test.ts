// package.json's contributions against the code that serves them, without VS Code: what the manifest
// names exists, what the client registers is contributed, and what the client derives from the
// manifest is what VS Code registers. The integration suite checks the installed .vsix in VS Code.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { exampleCopies } from '../../../client/src/example-copies';
import { walkthroughCategory, type Manifest } from '../../../client/src/manifest';
import { parseSampleFile } from '../../../server/src/schema/sample-data';
import { regions } from '../../../shared/src/scim/endpoint';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);

interface Contributes {
  readonly commands: ReadonlyArray<{ readonly command: string }>;
  readonly menus: Readonly<Record<string, ReadonlyArray<{ readonly command: string; readonly when?: string }>>>;
  readonly configuration: { readonly properties: Readonly<Record<string, { readonly items?: { properties: Record<string, unknown> } }>> };
  readonly walkthroughs: ReadonlyArray<{
    readonly id: string;
    readonly steps: ReadonlyArray<{
      readonly description: string;
      readonly media: { readonly markdown: string };
      readonly completionEvents: string[];
    }>;
  }>;
  readonly languages: ReadonlyArray<{ readonly configuration: string }>;
  readonly grammars: ReadonlyArray<{ readonly path: string }>;
  readonly snippets: ReadonlyArray<{ readonly path: string }>;
  readonly jsonValidation: ReadonlyArray<{ readonly fileMatch: readonly string[]; readonly url: string }>;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest & {
  readonly icon: string;
  readonly activationEvents: readonly string[];
  readonly capabilities: { readonly untrustedWorkspaces: { readonly restrictedConfigurations: readonly string[] } };
  readonly contributes: Contributes;
};
const contributes = manifest.contributes;
const contributedCommands = new Set(contributes.commands.map((entry) => entry.command));

/** The client's TypeScript sources (the webview pages register nothing), as text. */
const clientSources = readdirSync(join(root, 'client', 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.split(/[\\/]/).includes('page'))
  .map((file) => readFileSync(join(root, 'client', 'src', file), 'utf8'))
  .join('\n');

/** Every `scimmap.*` command the client registers (`registerCommand('…'` or its areas' `register('…'` wrappers). */
const registeredCommands = new Set([...clientSources.matchAll(/\bregister(?:Command)?\(\s*'(scimmap\.[\w.]+)'/g)].map((match) => match[1]));

describe('package.json against the code', () => {
  test('every contributed command is registered by the client, and every command it registers is contributed', () => {
    assert.deepEqual(
      [...contributedCommands].filter((command) => !registeredCommands.has(command)),
      [],
      'contributed, never registered',
    );
    assert.deepEqual(
      [...registeredCommands].filter((command) => !contributedCommands.has(command)),
      [],
      'registered, not contributed',
    );
  });

  test('menus name contributed commands, under context keys VS Code sets and view types the client creates', () => {
    const viewTypes = new Set([...clientSources.matchAll(/ViewType = '(\w+)'/g)].map((match) => match[1]));
    for (const [menu, entries] of Object.entries(contributes.menus)) {
      for (const entry of entries) {
        assert.ok(contributedCommands.has(entry.command), `${menu}: ${entry.command} is contributed`);
        for (const [, key, value] of (entry.when ?? '').matchAll(/(\w+) == (\w+)/g)) {
          if (key === 'resourceLangId') assert.equal(value, 'scimmap', `${menu}: ${entry.when}`);
          else if (key === 'activeWebviewPanelId') assert.ok(viewTypes.has(value), `${menu}: ${value} is a view type of the client`);
          else assert.fail(`${menu}: unexpected context key ${key} in ${entry.when}`);
        }
      }
    }
  });

  test('a webview panel activates the extension only under a view type the client restores', () => {
    const restored = [...clientSources.matchAll(/registerWebviewPanelSerializer\((\w+)/g)].map((match) => match[1]);
    const viewTypeOf = new Map([...clientSources.matchAll(/export const (\w+) = '(\w+)'/g)].map((match) => [match[1], match[2]]));
    const activating = manifest.activationEvents.filter((event) => event.startsWith('onWebviewPanel:')).map((event) => event.slice(15));
    assert.deepEqual(activating.sort(), restored.map((name) => viewTypeOf.get(name)).sort());
  });

  test("the walkthrough's buttons and completion events name contributed commands, and its pages exist", () => {
    for (const walkthrough of contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        const commands = [
          ...[...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]),
          ...step.completionEvents.filter((event) => event.startsWith('onCommand:')).map((event) => event.slice(10)),
        ];
        assert.ok(commands.length > 0, `${step.media.markdown}: the step has a button`);
        for (const command of commands) assert.ok(contributedCommands.has(command), `${command} is contributed`);
        assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      }
    }
  });

  test('SCIM: Get Started opens the walkthrough by the id VS Code registers it under (publisher.name#id; before: scimmap.scimmap#scimmap.gettingStarted, which opened the Welcome page without it)', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.equal(walkthroughCategory(manifest), `${manifest.publisher}.${manifest.name}#${walkthrough.id}`);
    assert.equal(walkthroughCategory(manifest), 'scimmap.scimmap#gettingStarted');
  });

  test('"Open the examples" copies shipped files, and its samples file is checked by the contributed schema, with no $schema where the copy has none (before: users.json kept "../server/src/data/sample-data.schema.json", a schema VS Code cannot load beside the copy, and no fileMatch named it)', () => {
    const packaged = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    /** A `jsonValidation` fileMatch as a regular expression over a file name. */
    const globRegex = (glob: string) =>
      new RegExp(
        `^${glob
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '(?:.*/)?')
          .replace(/\*/g, '[^/]*')}$`,
      );
    const sampleSchemaMatches = contributes.jsonValidation
      .filter((validation) => validation.url.endsWith('/sample-data.schema.json'))
      .flatMap((validation) => validation.fileMatch.map(globRegex));
    for (const { from, to, rewrite } of exampleCopies) {
      assert.ok(packaged.includes(`!${from}`), `${from} is packaged`);
      const original = readFileSync(join(root, from), 'utf8');
      const copy = rewrite ? rewrite(original) : original;
      assert.doesNotMatch(copy, /"\$schema"/, `${to} points at no schema file`);
      if (!from.endsWith('.json')) continue;
      assert.ok(
        sampleSchemaMatches.some((pattern) => pattern.test(to)),
        `${to} is checked against the sample-data schema`,
      );
      const [before, after] = [parseSampleFile(original), parseSampleFile(copy)];
      assert.ok(before.ok && after.ok);
      assert.deepEqual(after.value, before.value, 'the copy holds the same samples');
    }
  });

  test('every file the manifest names exists', () => {
    const files = [
      manifest.icon,
      ...contributes.languages.map((language) => language.configuration),
      ...contributes.grammars.map((grammar) => grammar.path),
      ...contributes.snippets.map((snippets) => snippets.path),
      ...contributes.jsonValidation.map((validation) => validation.url),
    ];
    for (const file of files) assert.ok(existsSync(join(root, file)), file);
  });

  test("the connection setting's regions are the client's regions, and restricted settings are contributed ones", () => {
    const region = contributes.configuration.properties['scimmap.connections'].items?.properties.region as { enum: string[] };
    assert.deepEqual(
      region.enum,
      regions.map((entry) => entry.key),
    );
    for (const setting of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations)
      assert.ok(setting in contributes.configuration.properties, setting);
  });
});

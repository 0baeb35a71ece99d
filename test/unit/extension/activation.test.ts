// The extension's activate() run under plain Node, with `vscode` and the language client replaced by
// stand-ins that record what the extension registers: a language server that cannot start must not
// leave the user with "command not found" for every scimmap command. What VS Code itself does with
// the extension is the integration suite's to prove.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repositoryRoot } from '../../support/repository';

const root = repositoryRoot(__dirname);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  contributes: { commands: Array<{ command: string }> };
};

/** Any value at all: every property, call and `new` gives another one; awaiting it gives itself. */
function anything(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    get: (_target, property) => {
      if (property === 'then') return undefined;
      if (property === Symbol.toPrimitive) return () => 'stand-in';
      if (property === Symbol.iterator) return function* () {};
      if (!cache.has(property)) cache.set(property, anything());
      return cache.get(property);
    },
    set: (_target, property, value) => {
      cache.set(property, value);
      return true;
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

test('a language server that fails to start leaves every command registered and says why (before: activate() threw, only SCIM: Restart Language Server existed)', async () => {
  const registered: string[] = [];
  const errors: string[] = [];
  const vscode = new Proxy(anything() as object, {
    get: (target, property) => {
      if (property === 'commands')
        return {
          registerCommand: (command: string) => {
            registered.push(command);
            return { dispose: () => undefined };
          },
          executeCommand: async () => undefined,
        };
      if (property === 'window')
        return new Proxy(Reflect.get(target, 'window') as object, {
          get: (window, name) =>
            name === 'showErrorMessage'
              ? async (message: string) => {
                  errors.push(message);
                  return undefined;
                }
              : Reflect.get(window, name),
        });
      if (property === 'ExtensionMode') return { Production: 1, Development: 2, Test: 3 };
      return Reflect.get(target, property);
    },
  });
  class LanguageClient {
    readonly outputChannel = anything();
    start(): Promise<void> {
      return Promise.reject(new Error('Server initialization failed: the server process exited with code 1'));
    }
    isRunning(): boolean {
      return false;
    }
    sendRequest(): Promise<never> {
      return Promise.reject(new Error('Client is not running'));
    }
    async stop(): Promise<void> {}
  }
  const languageClient = new Proxy(anything() as object, {
    get: (target, property) => (property === 'LanguageClient' ? LanguageClient : Reflect.get(target, property)),
  });

  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return languageClient;
    return load.call(this, request, ...rest);
  };
  try {
    const extension = (await import('../../../client/src/extension')) as typeof import('../../../client/src/extension');
    const context = new Proxy(anything() as object, {
      get: (target, property) => {
        if (property === 'subscriptions') return [];
        if (property === 'extensionMode') return 1;
        if (property === 'asAbsolutePath') return (file: string) => join(root, file);
        if (property === 'extension') return { id: `${manifest.publisher}.${manifest.name}`, packageJSON: manifest };
        return Reflect.get(target, property);
      },
    });
    await extension.activate(context as never);
  } finally {
    loader._load = load;
  }
  assert.deepEqual(
    manifest.contributes.commands.map((entry) => entry.command).filter((command) => !registered.includes(command)),
    [],
    'every contributed command is registered',
  );
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /language server did not start: Server initialization failed.*Reload Window tries again/);
});

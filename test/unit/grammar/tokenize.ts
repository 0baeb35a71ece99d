// Tokenizes .scimmap text with the extension's TextMate grammar, through the same engine VS Code
// uses (vscode-textmate + the Oniguruma wasm), so grammar tests see what the editor shows.
import { readFileSync } from 'node:fs';
import * as textmate from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import grammarJson from '../../../syntaxes/scimmap.tmLanguage.json';

export interface Token {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;

function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === grammarJson.scopeName ? (grammarJson as unknown as textmate.IRawGrammar) : null,
    });
    const grammar = await registry.loadGrammar(grammarJson.scopeName);
    if (!grammar) throw new Error(`The grammar ${grammarJson.scopeName} did not load`);
    return grammar;
  })();
  return grammarPromise;
}

/** Every token of `text`, line by line (0-based), carrying the rule state across lines as the editor does. */
export async function tokenize(text: string): Promise<Token[]> {
  const grammar = await loadGrammar();
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const token of result.tokens) {
      tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

// The texts fuzz runs start from: the shipped example, a generated mapping of a few hundred
// lines, and the half-typed inputs the feature tests use, in each kind of line break.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMappings, nestedBlocks, nestedCalls } from '../support/generate';
import { brokenInputs } from '../unit/lsp/analyzed-document';

export function fuzzStarts(root: string): string[] {
  const example = readFileSync(join(root, 'examples', 'purecloud.scimmap'), 'utf8');
  const texts = [example, generateMappings(150), ...brokenInputs.filter((text) => text.length < 200)];
  return texts.flatMap((text) => [text, text.replace(/\r?\n/g, '\r\n'), text.replace(/\r?\n/g, '\r')]);
}

/**
 * The hostile files of issue 10 (50 KB of nested `users {`, 5,000 nested calls), for the long run, and
 * a mapping whose target-schema file never ends (/dev/zero: once read until memory ran out).
 */
export function hostileStarts(): string[] {
  const endlessTarget = 'target "/dev/zero"\nusers {\n  userName <- [userPrincipalName] match 1\n}\n';
  return [nestedBlocks(), nestedCalls(5_000), ...(existsSync('/dev/zero') ? [endlessTarget] : [])];
}

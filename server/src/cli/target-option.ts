// --target-schema FILE|NAME, for every command that reads a mapping: the target schema to check it
// against instead of the one the file declares (a CI pipeline checking one mapping for several
// apps). Without it, a file's `target "./app.target.json"` is read relative to the file itself.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundledTarget, bundledTargetNames, isTargetFileReference, resolveTargetReference } from '../schema/target-format';
import { TargetFiles } from '../schema/target-files';
import type { TargetChoice } from '../validation/analyze';
import type { OptionSpecs } from './command';
import { UnusableInputError, UsageError } from './io';

export const targetSchemaOptions = { 'target-schema': { type: 'string' } } satisfies OptionSpecs;

export const targetSchemaSynopsis = '[--target-schema FILE|NAME]';

export const targetSchemaHelp = `--target-schema checks against a target-schema file (*.target.json) or a bundled target
(${bundledTargetNames.join(', ')}) instead of the file's \`target\` declaration (docs/targets.md).`;

/** How the mapping at `mapFile` finds its target: the option when given, else its declaration beside it. */
export function targetChoice(mapFile: string, option: string | undefined): TargetChoice {
  const files = new TargetFiles();
  if (option === undefined) return { resolve: files.resolverFor(dirname(resolve(mapFile))) };
  // A bare name is a bundled target, or else a file of that name in the working directory.
  const fromFile = isTargetFileReference(option) || (!bundledTarget(option) && existsSync(option));
  const loaded = fromFile ? files.load(resolve(option), option) : resolveTargetReference(option);
  // A file that is no target schema is an unusable input; a name no bundled target has is a mistake in the command line.
  if ('error' in loaded) throw new (fromFile ? UnusableInputError : UsageError)(`--target-schema: ${loaded.error}`);
  return { override: loaded.target };
}

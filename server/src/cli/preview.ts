// `scimmap preview MAP.scimmap --user USER.json [--target CURRENT.json] [--compat aadOptscim062020]`
// (or `--samples FILE --id ID` for a sample user or group): the SCIM requests Entra sends for one
// object, in order, as a JSON array of {method, path, body} on stdout. What the preview panel shows as notes (warnings, placeholders, skips) goes to stderr.
import { analyze } from '../validation/analyze';
import { LineIndex } from '../syntax/positions';
import { failureOf, previewGroup, previewUser, wireRequests } from '../provisioning/requests';
import type { CompatMode, RequestNote } from '../provisioning/types';
import {
  parseSampleFile,
  parseSampleUser,
  parseTargetResource,
  type SampleGroup,
  type SampleSet,
  type SampleUser,
} from '../schema/sample-data';
import { findSubject } from '../provisioning/on-demand';
import { diagnosticLine } from './check';
import { defineCommand, type OptionSpecs, type ParsedCommandLine } from './command';
import { evalOptionsFrom, evaluationOptions, readInput } from './eval';
import { type CliIo, readJsonTextFile, readTextFile, UsageError } from './io';
import { targetChoice, targetSchemaHelp, targetSchemaOptions, targetSchemaSynopsis } from './target-option';
import { shellQuote } from '../../../shared/src/shell';

const options = {
  user: { type: 'string' },
  samples: { type: 'string' },
  id: { type: 'string' },
  create: { type: 'boolean' },
  target: { type: 'string' },
  compat: { type: 'string' },
  ...evaluationOptions,
  ...targetSchemaOptions,
} satisfies OptionSpecs;

export const previewCommand = defineCommand({
  name: 'preview',
  synopsis: [
    `preview MAP.scimmap --user USER.json [--target CURRENT.json] [--compat aadOptscim062020] ${targetSchemaSynopsis}`,
    `preview MAP.scimmap --samples SAMPLES.json --id ID [--create] [--target CURRENT.json] [--compat aadOptscim062020] ${targetSchemaSynopsis}`,
  ],
  description: `Prints the SCIM requests Entra sends for the user, in order, as a JSON array of {"method", "path",
"body"}: the matching queries, then the create (POST /Users and the manager's PATCH) or, with
--target (the user as the target's GET returns it), only what changed, or the disable request when
the user is soft-deleted or out of scope. --compat aadOptscim062020 gives the PATCH dialect of a
Tenant URL with that flag. Notes, warnings and placeholders («...») are explained on stderr, then the
warnings check gives for the mapping.
--samples/--id previews a user or group of a samples file (docs/requests.md), resolving managers and
group members; its "$target" is the current state unless --create or --target is given.
--now ISO-DATE, --seed N and --default-domain DOMAIN make Now(), Guid()/RandomString() and
DefaultDomain() concrete, as for eval. ${targetSchemaHelp}
Exit 1 when the mapping has errors or Entra would fail the user, 2 on a usage error or an input that
cannot be read (one line saying why).`,
  options,
  run: preview,
});

export const runPreview = previewCommand.run;

const compatModes: readonly CompatMode[] = ['default', 'aadOptscim062020'];

/** The value of --compat (preview and provision): Entra's PATCH dialect. */
export function compatOption(value: string | undefined): CompatMode {
  const compat = (value ?? 'default') as CompatMode;
  if (!compatModes.includes(compat))
    throw new UsageError(`--compat takes ${compatModes.map((mode) => `"${mode}"`).join(' or ')}, not "${compat}"`);
  return compat;
}

function preview({ values, positionals: positional }: ParsedCommandLine<typeof options>, io: CliIo): number {
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? 'preview needs a .scimmap file' : `preview takes one .scimmap file, not ${positional.length}`,
    );
  const userFile = values.user;
  const samplesFile = values.samples;
  const id = values.id;
  if ((userFile === undefined) === (samplesFile === undefined))
    throw new UsageError('preview needs either --user USER.json or --samples SAMPLES.json --id ID');
  if ((samplesFile === undefined) !== (id === undefined)) throw new UsageError('--samples and --id go together');
  if (values.create && (samplesFile === undefined || values.target !== undefined))
    throw new UsageError('--create goes with --samples, without --target');
  const compat = compatOption(values.compat);
  const evalOptions = evalOptionsFrom(values);

  const [mapFile] = positional;
  const text = readTextFile(mapFile);
  const subject = userFile !== undefined ? readUser(userFile, io) : readSample(samplesFile!, id!, io);
  if (!subject) return 2;
  const targetFile = values.target;
  const target =
    targetFile === undefined
      ? undefined
      : readInput('preview', targetFile, 'target state (the object as the target returns it)', parseTargetResource, io);
  if (targetFile !== undefined && !target) return 2;

  const { file, diagnostics, target: targetSchema } = analyze(text, targetChoice(mapFile, values['target-schema']));
  const lines = new LineIndex(text);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    for (const diagnostic of errors) io.err(diagnosticLine(mapFile, lines.positionAt(diagnostic.span.start), diagnostic));
    io.err(`scimmap preview: ${mapFile} has errors; fix them first (scimmap check ${shellQuote(mapFile)})`);
    return 1;
  }

  const previewOptions = {
    ...evalOptions,
    compat,
    targetSchema,
    samples: subject.samples,
    target: target ?? (values.create ? undefined : subject.sample.target),
  };
  const preview =
    subject.kind === 'user'
      ? previewUser(file, subject.sample, previewOptions)
      : previewGroup(file, subject.sample as SampleGroup, previewOptions);
  const describe = (note: RequestNote, where?: string) => {
    const at = note.span ? ` (${mapFile}:${lines.positionAt(note.span.start).line + 1})` : '';
    io.err(`${note.severity}${where ? ` [${where}]` : ''}: ${note.message}${at}`);
  };
  io.err(`${preview.action}: ${preview.summary}`);
  for (const note of preview.notes) describe(note);
  preview.requests.forEach((request, index) => {
    const where = `${index + 1} ${request.method} ${request.path}`;
    for (const note of request.notes) describe(note, `${where}${note.pointer && note.pointer !== 'path' ? ` ${note.pointer}` : ''}`);
    for (const [pointer, placeholders] of Object.entries(request.placeholders)) {
      for (const placeholder of placeholders) io.err(`placeholder [${where} ${pointer}]: ${placeholder.note}`);
    }
  });
  // Entra takes the mapping despite a warning (a function name in the wrong case, an IIF on an attribute that may be empty), but the user should know, as check tells; after the preview's own lines.
  for (const diagnostic of diagnostics)
    if (diagnostic.severity === 'warning') io.err(diagnosticLine(mapFile, lines.positionAt(diagnostic.span.start), diagnostic));
  io.out(JSON.stringify(wireRequests(preview), null, 2));
  return preview.action === 'error' || failureOf(preview) !== undefined ? 1 : 0;
}

type Subject = { readonly kind: 'user' | 'group'; readonly sample: SampleUser | SampleGroup; readonly samples?: SampleSet };

function readUser(file: string, io: CliIo): Subject | undefined {
  const text = readJsonTextFile(file, 'a user (one JSON object of Entra attribute names to values)');
  const samples = parseSampleFile(text);
  if (samples.ok) {
    const ids = [...samples.value.users, ...samples.value.groups].map((sample) => sample.id);
    throw new UsageError(`${file} is a samples file, not one user: write --samples ${file} --id ID (its ids: ${ids.join(', ') || 'none'})`);
  }
  const user = readInput('preview', file, 'user (one JSON object of Entra attribute names to values)', parseSampleUser, io, text);
  return user && { kind: 'user', sample: user };
}

/** The sample user or group with the id; a user and a group with the same id is a mistake to name. */
function readSample(file: string, id: string, io: CliIo): Subject | undefined {
  const samples = readInput('preview', file, 'samples file', parseSampleFile, io);
  if (!samples) return undefined;
  const found = findSubject(samples, id);
  if ('error' in found) {
    io.err(`scimmap preview: ${file} ${found.error}`);
    return undefined;
  }
  const sample = (found.kind === 'user' ? samples.users : samples.groups).find((candidate) => candidate.id === id)!;
  return { kind: found.kind, sample, samples };
}

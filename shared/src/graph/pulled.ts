// What `scimmap pull` and SCIM: Pull Mapping from Entra... write beside a pulled .scimmap, so push,
// verify-with-entra, compare-functions and provisioning through Entra find the app, job and base again.
// Types only from synchronization.ts: its Graph client would bring undici into the language server's bundle.
import { schemaVersion } from './synchronization-schema';
import type { ServicePrincipal, SynchronizationJob } from './synchronization';

/** FILE.entra.json: where a pulled .scimmap came from, for push. No secret. */
export interface PulledFrom {
  readonly graphUrl: string;
  readonly app: ServicePrincipal;
  readonly job: { readonly id: string; readonly templateId?: string };
  /** The base schema, relative to FILE.entra.json. */
  readonly schema: string;
  readonly version?: string;
}

/** FILE.scimmap -> the files pull writes beside it (paths or URI paths: only the name changes). */
export function pulledFiles(scimmap: string): { schema: string; target: string; origin: string } {
  const stem = scimmap.replace(/\.scimmap$/i, '');
  return { schema: `${stem}.schema.json`, target: `${stem}.target.json`, origin: `${stem}.entra.json` };
}

/** FILE.entra.json's text, or undefined when it is not what pull writes (not JSON, or without the Graph, app, job or base). */
export function parsePulledFrom(text: string): PulledFrom | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const from = value as Partial<PulledFrom> | null;
  if (typeof from !== 'object' || from === null) return undefined;
  const named = (member: unknown) => typeof member === 'object' && member !== null && typeof (member as { id?: unknown }).id === 'string';
  if (typeof from.graphUrl !== 'string' || typeof from.schema !== 'string' || !named(from.app) || !named(from.job)) return undefined;
  return from as PulledFrom;
}

/**
 * Why a pulled set's FILE.entra.json cannot be used, or undefined: its base must be FILE.schema.json
 * beside it, as pull wrote it. An edited "schema" naming another file (another folder, an absolute
 * path) would have push read that file as its base and overwrite it.
 */
export function pulledFromProblem(scimmap: string, from: PulledFrom): string | undefined {
  const files = pulledFiles(scimmap);
  const name = files.schema.replace(/^.*[\\/]/, '');
  if (from.schema === `./${name}` || from.schema === name) return undefined;
  return `${files.origin} names the base schema ${JSON.stringify(from.schema)}, not ${name} beside it, as pull writes it: a pulled set is its four files side by side, and nothing reads or writes another file as its base. Put back "schema": "./${name}", or pull again into another file.`;
}

/**
 * Why a pull must not write its set over the FILE.scimmap there (`existing`), or undefined. A pull
 * replaces the whole set, so a .scimmap that is not what the pull of that set wrote holds work a pull
 * would lose (an empty one holds nothing). `reimported`: the set's FILE.schema.json imported as pull
 * imports it, the .scimmap that pull wrote; undefined when there is no pulled set beside it.
 */
export function pullOverProblem(scimmap: string, existing: string, reimported: string | undefined): string | undefined {
  // A checkout that turned line ends into CRLF changed nothing of the mapping.
  const lines = (text: string) => text.replace(/\r\n/g, '\n');
  if (existing.trim() === '' || (reimported !== undefined && lines(existing) === lines(reimported))) return undefined;
  const files = pulledFiles(scimmap);
  const why =
    reimported === undefined
      ? `not part of a pulled set (no readable ${files.origin} and ${files.schema} beside it)`
      : 'not what the pull of its set wrote (edited or pushed since)';
  return `${scimmap} exists and is ${why}: pulling over it would lose it. Nothing written: pull into another file and carry your edits over, or move ${scimmap} away first.`;
}

/** What a pull records in FILE.entra.json: the Graph, app and job, the base schema beside it (by its name) and its version. */
export function pulledFrom(
  graphUrl: string,
  app: ServicePrincipal,
  job: SynchronizationJob,
  schemaFile: string,
  schemaText: string,
): PulledFrom {
  return {
    graphUrl,
    app,
    job: { id: job.id, templateId: job.templateId },
    schema: `./${schemaFile.replace(/^.*[\\/]/, '')}`,
    version: schemaVersion(schemaText),
  };
}

// What a push to Entra would do, decided before anything is sent: whether the schema changed in the
// portal since the pull (and how, as the semantic diff), the schema to PUT (the .scimmap exported onto
// the fresh schema, so nothing changed meanwhile is lost when overwriting), what that changes, and
// afterwards whether what Entra kept round-trips. Pure: texts and a parsed file in, plans out.
import type { PushPlanOf } from '../../../shared/src/graph/push';
import { schemaVersion } from '../../../shared/src/graph/synchronization-schema';
import { jsonDifferences } from '../../../shared/src/json-differences';
import { parsePeerJson } from '../../../shared/src/scim/json';
import type { MappingFile } from '../syntax/ast';
import { parse } from '../syntax/parser';
import type { TargetSchemaData } from '../schema/target';
import { changesSincePull, diffSchema, pushChanges, type ChangeSincePull, type Difference, type PushChange } from './diff';
import { exportSchema } from './export';
import { importSchema } from './import';
import { EntraSchemaError, describeProblem, fileModel, type ObjectModel } from './model';

/** The push plan of shared/src/graph/push.ts, with the core's changes. */
export type PushPlan = PushPlanOf<PushChange, ChangeSincePull>;

/** Plans a push of `file` (free of errors) pulled as `pulledText`, onto the schema Entra has now. Throws EntraSchemaError (PulledBaseError for the base's). */
export function planPush(file: MappingFile, pulledText: string, currentText: string, target?: TargetSchemaData): PushPlan {
  const pulledVersion = schemaVersion(pulledText);
  const currentVersion = schemaVersion(currentText);
  const exported = exportSchema(file, currentText, { target });
  const differences = diffSchema(fileModel(file), currentText);
  const changed =
    pulledVersion !== currentVersion || otherJsonSince(pulledText, currentText)
      ? changesSincePull(diffSchema(pulledBlocks(pulledText), currentText), differences)
      : undefined;
  // A new version always stops the push. Under the same version, only a change of what the .scimmap
  // expresses does: the export keeps everything else of the current schema as it is.
  const changedSincePull = pulledVersion === currentVersion && changed?.length === 0 ? undefined : changed;
  return {
    pulledVersion,
    currentVersion,
    changedSincePull,
    exported: exported.text,
    changes: pushChanges(differences),
    notes: [...exported.notes, ...exported.warnings.map(describeProblem)],
  };
}

/**
 * Whether the schema in Entra, under the pulled version (Entra gives every save a new one) or
 * without any, is other JSON than the one pulled (what GET adds aside), which no save should leave,
 * so that a change is never overwritten unseen. A base that is not JSON counts as changed, for
 * pulledBlocks to blame it.
 */
function otherJsonSince(pulledText: string, currentText: string): boolean {
  const withoutContext = (text: string) => {
    const schema = parsePeerJson(text) as Record<string, unknown>;
    delete schema['@odata.context'];
    return schema;
  };
  try {
    return jsonDifferences(withoutContext(pulledText), withoutContext(currentText)).length > 0;
  } catch {
    return true;
  }
}

/** A problem of the pulled base (FILE.schema.json, a local file someone edited), not of the schema in Entra. */
export class PulledBaseError extends EntraSchemaError {}

function pulledBlocks(pulledText: string): ObjectModel[] {
  try {
    return fileModel(parse(importSchema(pulledText).text).file);
  } catch (error) {
    if (error instanceof EntraSchemaError) throw new PulledBaseError(error.problems, error.unreadable);
    throw error;
  }
}

/** After the PUT: what the schema Entra kept says differently from the .scimmap (normalisation by the service). */
export function roundTripDifferences(file: MappingFile, keptText: string): Difference[] {
  return diffSchema(fileModel(file), keptText);
}

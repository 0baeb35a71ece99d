// What a target path of the AST (`emails[type eq "work"].value`, `urn:...:User:manager`) names in
// the target schema.
import type { TargetPath } from '../syntax/ast';
import {
  coreSchemaOf,
  findSubAttribute,
  findTargetAttribute,
  findTargetSchema,
  readOnlyEntryFor,
  type TargetAttribute,
  type TargetResource,
  type TargetSchema,
} from './target';

/** The schema, attribute and sub-attribute a target path names in `resource` (the block's, if the target has it), as far as they exist. */
export function resolveTargetPath(
  resource: TargetResource | undefined,
  target: TargetPath,
): { schema?: TargetSchema; attribute?: TargetAttribute; sub?: TargetAttribute } {
  if (!resource) return {};
  const schema = target.schema ? findTargetSchema(resource, target.schema.text) : coreSchemaOf(resource);
  const [first, second] = target.segments;
  const attribute = schema && first ? findTargetAttribute(schema, first.name.text) : undefined;
  const sub = attribute && second ? findSubAttribute(attribute, second.name.text) : undefined;
  return { schema, attribute, sub };
}

/** Why a filtered entry is read-only (`emails[type eq "other"]`), if it is. */
export function readOnlyEntryReason(attribute: TargetAttribute, target: TargetPath): string | undefined {
  const comparisons = target.segments[0]?.filter?.comparisons ?? [];
  const selected = comparisons.find((c) => c.attribute.text.toLowerCase() === attribute.filterKey?.toLowerCase());
  return selected && readOnlyEntryFor(attribute, selected.value.value)?.reason;
}

// The value rules of the target schema's data that reach beyond types: a value format (format:
// pattern, description, name) and a numeric range (minimum, maximum). Validation and the preview
// read them here, so they judge the same way.
import type { SourceAttribute } from './source';
import type { TargetAttribute, TargetFormat } from './target';

const patterns = new WeakMap<TargetFormat, RegExp>();

/** Whether a value has the format (the pattern compiled once per format). */
export function matchesFormat(format: TargetFormat, value: string): boolean {
  let pattern = patterns.get(format);
  if (!pattern) patterns.set(format, (pattern = new RegExp(format.pattern)));
  return pattern.test(value);
}

/**
 * A source attribute that can never have a named format: one of another documented format (a mail
 * alias or a GUID is never an email address), or not a string at all.
 */
export function neverHasFormat(attribute: SourceAttribute, format: TargetFormat): boolean {
  if (format.name === undefined) return false;
  return attribute.type !== 'String' || (attribute.format !== undefined && attribute.format !== format.name);
}

/** Why a number is outside the attribute's range, or undefined. */
export function rangeMismatch(attribute: TargetAttribute, value: number): string | undefined {
  const { minimum, maximum } = attribute;
  if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
    return `${value} is outside ${minimum ?? '-∞'}-${maximum ?? '∞'}`;
  }
  return undefined;
}

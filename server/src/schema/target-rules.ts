// The value rules of the target schema's data that reach beyond types: a value format (format:
// pattern, description, name), a numeric range (minimum, maximum) and the dateTime form.
// Validation and the preview read them here, so they judge the same way.
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

/** RFC 7643 §2.3.5: an xsd:dateTime, date and time with an optional fraction and zone (`2008-01-23T04:56:22Z`). */
const xsdDateTime = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;

/** Whether a value is what a SCIM dateTime attribute takes. */
export function isDateTime(value: string): boolean {
  return xsdDateTime.test(value);
}

// Seeded random .scimmap files for the Entra round-trip test: every catalogue function, nested
// calls, empty optional slots, escaped strings, numbers, enums and IIF comparisons.
import { functionCatalogue, type FunctionInfo, type FunctionParameter } from '../../server/src/schema/functions';
import { random } from './random';

const ATTRIBUTES = [
  'userPrincipalName',
  'mail',
  'givenName',
  'surname',
  'department',
  'extension_0a1b2c3d4e5f60718293a4b5c6d7e8f9_costCenter',
  'passwordProfile.password',
];
const STRINGS = ['', ' ', 'Sales', 'a "quoted" word', 'back\\\\slash', '[()\\\\s-]+', 'Zoë'];

/** A file with one users block of `count` mappings, each to its own target. */
export function randomMappingFile(count: number, seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const functions = functionCatalogue.functions;

  const leaf = (): string => {
    const r = next();
    if (r < 0.5) return `[${pick(ATTRIBUTES)}]`;
    if (r < 0.85) return `"${pick(STRINGS).replace(/"/g, '\\"')}"`;
    return pick(['1', '-10', '42568.75', '129699324000000000', '&HF7']);
  };

  const argument = (parameter: FunctionParameter, depth: number): string => {
    if (parameter.type === 'condition') return `${value(depth + 1)} ${pick(['=', '<>', '>', '>=', '<', '<='])} ${leaf()}`;
    if (parameter.type === 'enum' && parameter.values) return pick(parameter.values);
    return value(depth + 1);
  };

  const value = (depth: number): string => (depth < 3 && next() < 0.35 ? call(pick(functions), depth) : leaf());

  const call = (fn: FunctionInfo, depth: number): string => {
    const signature = pick(fn.signatures);
    const { parameters, repeat } = signature;
    const args: string[] = [];
    if (repeat) {
      for (let i = 0; i < repeat.from; i++) args.push(parameters[i].required || next() < 0.6 ? argument(parameters[i], depth) : '');
      const groups = repeat.min + Math.floor(next() * 3);
      for (let g = 0; g < groups; g++) for (let k = 0; k < repeat.size; k++) args.push(argument(parameters[repeat.from + k], depth));
    } else {
      for (const parameter of parameters) args.push(parameter.required || next() < 0.5 ? argument(parameter, depth) : '');
      if (!signature.allSlots) while (args.length > 0 && args[args.length - 1] === '' && !parameters[args.length - 1].required) args.pop();
    }
    return `${fn.name}(${args.join(', ')})`;
  };

  const lines = ['users {'];
  for (let i = 0; i < count; i++) {
    // The first pass goes through every function once, so each appears whatever the seed.
    const source = i < functions.length ? call(functions[i], 0) : next() < 0.8 ? call(pick(functions), 0) : leaf();
    const properties = [
      next() < 0.1 ? `match ${1 + (i % 5)}` : '',
      next() < 0.2 ? `default "${pick(STRINGS).replace(/"/g, '\\"')}"` : '',
      next() < 0.2 ? 'on create' : '',
    ].filter(Boolean);
    lines.push(
      `  urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority eq "r-${i}"].value <- ${source}${properties.map((p) => `  ${p}`).join('')}`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

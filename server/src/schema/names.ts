// Name lookups shared by the schema modules. Entra's own names (source attributes, functions,
// operators) compare exactly; SCIM names compare case-insensitively (RFC 7643 §2.1).
export function byName<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((item) => item.name === name);
}

export function byNameIgnoreCase<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  const wanted = name.toLowerCase();
  return items.find((item) => item.name.toLowerCase() === wanted);
}

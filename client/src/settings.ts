// Settings read through one checked reader. settings.json is written by hand and VS Code hands back
// whatever it holds (a string where the schema says a list, a number, an object), so each value is
// checked before use; a bad one becomes a message naming the setting and what it expects, never a
// TypeError in a command. Pure (no `vscode`): a WorkspaceConfiguration is a SettingSource.

/** Where settings are read from: `vscode.WorkspaceConfiguration` fits. */
export interface SettingSource {
  get(key: string): unknown;
}

export type SettingRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * A list of file paths. A single string is taken as a one-path list, since `"users.csv"` for
 * `["users.csv"]` is the slip people make and its meaning is plain; unset or null is the empty list.
 */
export function readPathList(source: SettingSource, section: string, key: string): SettingRead<readonly string[]> {
  const value = source.get(key);
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (typeof value === 'string') return { ok: true, value: value.trim() === '' ? [] : [value] };
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return { ok: true, value: value.filter((item) => item.trim() !== '') };
  return {
    ok: false,
    message: `The setting ${section}.${key} must be a list of file paths, such as ["users.csv"], not ${describe(value)}. Fix it in settings.json.`,
  };
}

/** A value as the message quotes it: JSON, cut short. */
function describe(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

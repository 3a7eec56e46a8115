/**
 * The `mlopsCompose.*` settings the language server receives: only those the user set (user,
 * workspace or folder), not VS Code's defaults, so that a project's `.mlops-compose.yaml`
 * applies wherever the user has not said otherwise. No VS Code import: unit-tested as is.
 */

export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Flat keys ("rules.obsolete-version") with the most specific value the user set. */
export function explicitSettings(
  keys: readonly string[],
  inspect: (key: string) => Inspected | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const i = inspect(key);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The setting keys under `section.` that package.json declares. */
export function declaredKeys(packageJson: unknown, section: string): string[] {
  const props = (packageJson as { contributes?: { configuration?: unknown } })?.contributes?.configuration;
  const list = Array.isArray(props) ? props : props ? [props] : [];
  const keys: string[] = [];
  for (const category of list as { properties?: Record<string, unknown> }[])
    for (const k of Object.keys(category.properties ?? {}))
      if (k.startsWith(`${section}.`)) keys.push(k.slice(section.length + 1));
  return keys;
}

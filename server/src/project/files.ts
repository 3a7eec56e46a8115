/**
 * Which files make a Compose project when none is named (compose-go `cli/options.go`,
 * DefaultFileNames and DefaultOverrideFileNames): the first of compose.yaml, compose.yml,
 * docker-compose.yml, docker-compose.yaml in the folder, plus the override file of the same
 * family, if there is one. `COMPOSE_FILE` (split on `COMPOSE_PATH_SEPARATOR`, `:` by default
 * here) names them instead.
 */
import { basename, dirname, isAbsolute, join, resolve } from "node:path";

export const DEFAULT_FILE_NAMES = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yml",
  "docker-compose.yaml",
];
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
];

/** The default files of `dir` (empty when it has none); `exists` says whether a path is a file. */
export function defaultFiles(dir: string, exists: (path: string) => boolean): string[] {
  const main = DEFAULT_FILE_NAMES.find((n) => exists(join(dir, n)));
  if (!main) return [];
  // compose.* takes compose.override.*; docker-compose.* takes docker-compose.override.*.
  const family = main.startsWith("docker-") ? "docker-compose.override." : "compose.override.";
  const override = DEFAULT_OVERRIDE_FILE_NAMES.find((n) => n.startsWith(family) && exists(join(dir, n)));
  return override ? [join(dir, main), join(dir, override)] : [join(dir, main)];
}

/** `COMPOSE_FILE`'s paths, relative ones from `cwd`. */
export function composeFileVariable(value: string, separator: string | undefined, cwd: string): string[] {
  return value
    .split(separator || ":")
    .filter((p) => p.trim() !== "")
    .map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
}

/** Whether `path`'s name is one of the default override names (`docker-compose.override.yml`...). */
export function isDefaultOverrideName(path: string): boolean {
  return DEFAULT_OVERRIDE_FILE_NAMES.includes(basename(path));
}

/** The main file a default override file is merged onto, if the folder has one. */
export function mainFileOf(overridePath: string, exists: (path: string) => boolean): string[] {
  const dir = dirname(overridePath);
  const files = defaultFiles(dir, exists);
  return files.includes(overridePath) ? files : [];
}

/**
 * Whether a service may get variables the model has not read: an `env_file` that was not
 * loaded (the file alone, a missing or too big env file, another file's `environment:`).
 * Rules that reason from a variable's absence (an image default, no password) ask this.
 */
import type { Service } from "./types";

export function mayHaveUnreadEnv(service: Service): boolean {
  return service.envFiles.length > 0 && !service.envFilesRead;
}

/**
 * Reading an image reference (`docker.io/library/postgres:16-alpine@sha256:…`): one parser for
 * the model's `image:`, a Dockerfile's `FROM` and the image knowledge table.
 */
import type { ImageRef } from "./types";

/**
 * The parts of an image reference written as text (a compose `image:` or a Dockerfile's
 * `FROM`): registry, repository (lower-case, without `library/`), tag and digest.
 */
export function splitImageReference(text: string): Omit<ImageRef, "str"> {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  let registry: string | undefined;
  // The first component is a registry host when it has a dot or a port, or is "localhost".
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost")) registry = parts.shift();
  let repository = parts.join("/").toLowerCase();
  if (repository.startsWith("library/")) repository = repository.slice("library/".length);
  return { repository, baseName: parts[parts.length - 1]?.toLowerCase() ?? "", registry, tag, digest };
}

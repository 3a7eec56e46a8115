/**
 * Adding a whole service: its entries written in the style of the file (environment as a
 * list or a mapping, like its neighbour's; scalars quoted only when they must be; ports
 * always quoted, as YAML 1.1 reads `5433:5432` as a number), placed right after a given
 * service with the same blank-line rhythm.
 */
import type { Service } from "../model/types";
import type { RPair } from "../parse/resolve";
import { healthcheckLines } from "./healthcheck";
import { insertAfterPair } from "./insert";
import { pairEnd } from "./remove";
import type { TextEdit } from "./types";
import { type LineTree, yamlScalar } from "./yaml-text";

export interface NewService {
  /** The image as YAML text (copied as written from another service, quotes and all). */
  imageText: string;
  environment: { form: "list" | "map"; vars: Array<[string, string]> };
  /** `host:container` port mappings. */
  ports?: string[];
  /** Short-form volume mounts (`name:/path`). */
  volumes?: string[];
  networks?: string[];
  /** The healthcheck's `test:` command. */
  healthcheck?: string[];
}

/** The lines of a service's body. */
export function serviceBody(s: NewService): LineTree {
  const env: LineTree =
    s.environment.form === "list"
      ? s.environment.vars.map(([k, v]) => `- ${yamlScalar(`${k}=${v}`)}`)
      : s.environment.vars.map(([k, v]) => `${k}: ${yamlScalar(v)}`);
  const body: LineTree = [`image: ${s.imageText}`, "environment:", env];
  if (s.ports?.length)
    body.push(
      "ports:",
      s.ports.map((p) => `- ${JSON.stringify(p)}`),
    );
  if (s.volumes?.length)
    body.push(
      "volumes:",
      s.volumes.map((v) => `- ${yamlScalar(v)}`),
    );
  if (s.networks?.length)
    body.push(
      "networks:",
      s.networks.map((n) => `- ${yamlScalar(n)}`),
    );
  if (s.healthcheck) body.push(...healthcheckLines(s.healthcheck));
  return body;
}

/**
 * The edit adding service `name` right after `after`, a blank line between them if the file
 * has one between `after` and `next` (the service written after it, if any).
 */
export function insertServiceAfter(
  text: string,
  after: Service,
  next: RPair | undefined,
  name: string,
  body: LineTree,
): TextEdit | undefined {
  // Keep the file's rhythm: a blank line between services if the one before has one after it.
  const gap = next ? text.slice(pairEnd(after.pair) - 1, next.key.span.start) : "";
  const blankBetween = (gap.match(/\n/g)?.length ?? 0) >= 2;
  return insertAfterPair(text, after.pair, [`${yamlScalar(name)}:`, body], blankBetween);
}

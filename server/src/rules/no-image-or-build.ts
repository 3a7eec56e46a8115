/**
 * no-image-or-build: a service with neither `image` nor `build`. Compose refuses the project:
 * `service "worker" has neither an image nor a build context specified: invalid compose project`.
 *
 * Such a service is normal in a file that is merged onto another (an override fragment), so the
 * rule only speaks where the file must stand alone: not in a file that `include:`s others or is
 * named like an override or a part (`docker-compose.override.yml`, `compose.dev.yaml`,
 * `docker-compose.base.yml`: only the names Compose reads by default count as whole), nor when
 * no service of the file has an image or a build (then all of it is a fragment). A service that
 * `extends` another gets its image from there; a `provider:` service needs none.
 */
import type { Service } from "../model/types";
import { get, scalarText } from "../parse/resolve";
import { isFragment } from "./shared/project-scope";
import type { Finding, Rule } from "./types";

const RULE = "no-image-or-build";

/** The file names `docker compose` reads without `-f` (a corpus file is named `<repo>__<path>`). */
const STANDALONE_NAME = /(?:^|__)(?:docker-)?compose\.ya?ml$/;

function lacksImage(service: Service): boolean {
  if (!service.node || !isFragment(service)) return false;
  if (get(service.node, "provider")) return false;
  // `image: ${IMAGE}` with the variable unset is unknown, not missing (isFragment counts it as an image).
  return scalarText(get(service.node, "image")) === undefined;
}

export const noImageOrBuild: Rule = {
  meta: {
    id: RULE,
    title: "A service has neither `image` nor `build`",
    defaultSeverity: "error",
    fixable: false,
  },
  check(model) {
    if (!model.root || model.root.pairs.some((p) => p.key.text === "include")) return [];
    const base = model.path?.split(/[\\/]/).pop();
    if (base !== undefined && !STANDALONE_NAME.test(base)) return [];
    const missing = model.services.filter(lacksImage);
    if (missing.length === 0 || missing.length === model.services.filter((s) => s.node).length) return [];
    const out: Finding[] = [];
    for (const s of missing) {
      out.push({
        rule: RULE,
        message:
          `Service \`${s.name}\` has neither \`image\` nor \`build\`: Compose refuses the file ("service \\"${s.name}\\" has ` +
          'neither an image nor a build context specified"). Add `image:` (or `build:`); if this file is meant to be merged ' +
          "onto another, name it `compose.override.yaml` or pass both with `-f`.",
        span: s.key.span,
      });
    }
    return out;
  },
};

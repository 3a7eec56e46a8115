/**
 * no-image-or-build: a service with neither `image` nor `build`. Compose refuses the project:
 * `service "worker" has neither an image nor a build context specified: invalid compose project`.
 *
 * Such a service is normal in a file that is merged onto another (an override fragment), so the
 * rule is silent in a file that `include:`s others or is named like an override or a part: with
 * "override" in its name, or `<compose name>.<part>.yml` (`docker-compose.dev.yml`,
 * `compose.prod.yaml`, `docker-compose.base.yml`), the naming Compose's docs use for files
 * passed with `-f` after the base. A service that `extends` another gets its image from there;
 * a `provider:` service needs none; a service in a profile is only checked by Compose when the
 * profile is on.
 */

import { isFragment } from "../model/facts/project";
import type { Service } from "../model/types";
import { get, scalarText } from "../parse/resolve";
import type { Finding, FindingRule } from "./types";

const RULE = "no-image-or-build";

/** `docker-compose.override.yml`, `compose.dev.yaml`, `docker-compose.base.yml`, `app.override.yml`. */
const PART_NAME = /override|(?:^|[_.-])(?:docker-)?compose\.[^/\\]+\.ya?ml$/i;

/** True for a file name that says the file is merged onto a base file (an override or a part). */
export function isPartFileName(path: string | undefined): boolean {
  return PART_NAME.test(path?.split(/[\\/]/).pop() ?? "");
}

function lacksImage(service: Service): boolean {
  if (!service.node || !isFragment(service)) return false;
  if (get(service.node, "provider") || get(service.node, "profiles")) return false;
  // `image: ${IMAGE}` with the variable unset is unknown, not missing (isFragment counts it as an image).
  return scalarText(get(service.node, "image")) === undefined;
}

export const noImageOrBuild: FindingRule = {
  meta: {
    id: RULE,
    title: "A service has neither `image` nor `build`",
    defaultSeverity: "error",
    fixable: false,
  },
  check(model) {
    if (!model.root || model.root.pairs.some((p) => p.key.text === "include")) return [];
    if (isPartFileName(model.path)) return [];
    const missing = model.services.filter(lacksImage);
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

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
import { fitting } from "./phrases";
import { defineRule } from "./types";

const RULE = "no-image-or-build";

/** `docker-compose.override.yml`, `compose.dev.yaml`, `docker-compose.base.yml`, `app.override.yml`. */
const PART_NAME = /override|(?:^|[_.-])(?:docker-)?compose\.[^/\\]+\.ya?ml$/i;

/** True for a file name that says the file is merged onto a base file (an override or a part). */
export function isPartFileName(path: string | undefined): boolean {
  return PART_NAME.test(path?.split(/[\\/]/).pop() ?? "");
}

function lacksImage(service: Service): boolean {
  // isFragment: no image (`image: ${IMAGE}` with the variable unset counts as one: unknown, not missing), no build, no extends.
  if (!service.node || !isFragment(service)) return false;
  const has = (key: string) => service.node!.pairs.find((p) => p.key.text === key)?.value != null;
  return !has("provider") && !has("profiles");
}

export const noImageOrBuild = defineRule<Service>({
  meta: {
    id: RULE,
    title: "A service has neither `image` nor `build`",
    defaultSeverity: "error",
    fixable: false,
  },
  run: ({ model }) => {
    if (!model.root || model.root.pairs.some((p) => p.key.text === "include")) return [];
    if (isPartFileName(model.path)) return [];
    return model.services.filter(lacksImage);
  },
  diagnostic: (_ctx, s) => ({
    span: s.key.span,
    message: fitting(
      `Service \`${s.name}\` has neither \`image\` nor \`build\`, so Compose refuses the file.`,
      "This service has neither `image` nor `build`, so Compose refuses the file.",
    ),
    detail:
      `Compose: "service \\"${s.name}\\" has neither an image nor a build context specified". ` +
      "Add `image:` (or `build:`); if this file is meant to be merged " +
      "onto another, name it `compose.override.yaml` or pass both with `-f`.",
  }),
});

/**
 * unknown-image-variable: an environment variable in a known image's own prefix
 * (`POSTGRES_`, `MYSQL_`, `MARIADB_`, `MONGO_INITDB_`) that the image does not read
 * (knowledge/images.ts, each image's entrypoint at the cited commit), such as `POSTGRES_PASS`
 * or `POSTGRES_DATABASE`: the setting the author meant is not applied, so the password is not
 * set or the database never created.
 *
 * Warning when one of the image's variables is near (the likely typo) and nothing of the
 * service's own may read it; hint otherwise (no near name: it may be meant for something else,
 * `POSTGRES_HOST` set for symmetry; an init script or an entrypoint of the service's own may
 * read it; the near name is set as well). A variable the service's command or healthcheck
 * reads (`$POSTGRES_HOST`) is not reported. Fix (preferred for a warning): rename it.
 */
import { renameInScalar } from "../edits/rename";
import type { IgnoredVariable } from "../model/facts";
import { type ImageFacts, imageVariable } from "../model/knowledge/images";
import { pairIn } from "../model/nodes";
import type { Service } from "../model/types";
import type { RScalar } from "../parse/resolve";
import { defineRule } from "./types";

interface State {
  service: Service;
  ignored: IgnoredVariable;
  image: ImageFacts;
}

/** What goes wrong when the meant variable is not set. */
function consequence(image: ImageFacts, meant: string, value: string | undefined): string {
  const v = imageVariable(image, meant)?.variable;
  if (!v) return "";
  const shown = value && /^[A-Za-z0-9_.-]+$/.test(value) ? `\`${value}\`` : "it";
  switch (v.role) {
    case "database":
      return ` The database ${shown} is never created: a client naming it fails (\`FATAL: database "…" does not exist\`).`;
    case "user":
      return ` The user ${shown} is never created: a client logging in as it fails (\`role "…" does not exist\`).`;
    case "password":
    case "root-password":
      return ` The password is not set: the image refuses to initialise without one, or clients using it are refused.`;
    default:
      return ` ${meant}: ${v.effect}`;
  }
}

export const unknownImageVariable = defineRule<State>({
  meta: {
    id: "unknown-image-variable",
    title: "An environment variable the image does not read",
    defaultSeverity: "warning",
    fixable: true,
  },
  run({ model, facts }) {
    const out: State[] = [];
    for (const service of model.services) {
      const known = facts.images.known(service);
      if (!known) continue;
      for (const ignored of facts.images.ignoredVariables(service))
        out.push({ service, ignored, image: known.facts });
    }
    return out;
  },
  diagnostic(_ctx, { service, ignored, image }) {
    const { env, near, mayBeRead } = ignored;
    const sure = !!near && !mayBeRead;
    const img = `\`${service.image?.repository ?? image.id}\``;
    const message = near
      ? `The ${img} image does not read \`${env.name}\`: did you mean \`${near}\`?`
      : `The ${img} image does not read \`${env.name}\`.`;
    const detail = near
      ? `Its entrypoint reads \`${near}\`, not \`${env.name}\`.` +
        (sure ? consequence(image, near.replace(/_FILE$/, ""), env.value?.value) : "") +
        (mayBeRead ? ` It may be meant for something else: ${mayBeRead}.` : "")
      : `No variable of this name is read by the image's entrypoint or server` +
        (mayBeRead ? `; ${mayBeRead}.` : ": it is passed to the container and has no effect there.");
    return { span: env.keySpan, message, detail, severity: sure ? undefined : "hint" };
  },
  fixes({ model }, { service, ignored }) {
    const { env, near } = ignored;
    if (!near || service.environment.some((e) => e.name === near)) return [];
    let scalar: RScalar | undefined;
    if (env.form === "list" && env.node.kind === "scalar") scalar = env.node;
    else if (env.form === "map") {
      const envNode = pairIn(service.node, "environment")?.value;
      if (envNode?.kind === "map")
        scalar = envNode.pairs.find((p) => p.key.span.start === env.keySpan.start)?.key;
    }
    const edit = scalar && renameInScalar(model.text, scalar, env.name, near);
    return edit ? [{ title: `Rename to \`${near}\``, edits: [edit], preferred: !ignored.mayBeRead }] : [];
  },
});

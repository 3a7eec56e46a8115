/**
 * Hovers that explain what is written: a compose key (the schema's description and its page
 * in the Compose file reference), an image (its registry page, and what this tool knows it
 * to be), an environment variable of a known image (what it does, its default, its source).
 */
import { factsOf } from "../model/facts";
import { airflowConfigKey, envFamiliesOf, envVarDoc } from "../model/knowledge/image-env";
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";
import { docsUrl, keyAt } from "../schema/keys";
import { airflowConfigHoverLines } from "./airflow-hover";
import { registryPage } from "./links";
import { engineLabel } from "./url-completion";
import { contextIn } from "./yaml-context";

export interface HoverText {
  markdown: string;
  span: Span;
}

/** On a key the compose-spec schema documents. */
export function keyHover(model: ComposeModel, offset: number): HoverText | undefined {
  const ctx = contextIn(model, offset);
  if (ctx?.kind !== "key" || !ctx.line.key || offset > ctx.line.key.end) return undefined;
  const key = ctx.line.key.text;
  const info = keyAt(ctx.path, key);
  if (!info?.description) return undefined;
  const lines = [`**${key}**${info.deprecated ? " (deprecated)" : ""}`, "", info.description];
  if (info.values.length) lines.push("", `Values: ${info.values.map((v) => `\`${v}\``).join(", ")}`);
  lines.push("", `[Compose file reference](${docsUrl(ctx.path, key)})`);
  return { markdown: lines.join("\n"), span: { start: ctx.line.key.start, end: ctx.line.key.end } };
}

/** On a service's `image:` value. */
export function imageHover(model: ComposeModel, offset: number): HoverText | undefined {
  for (const s of model.services) {
    const image = s.image;
    if (!image) continue;
    const span = image.str.span();
    if (offset < span.start || offset > span.end) continue;
    const lines = [`**${image.repository}**${image.tag ? ` tag \`${image.tag}\`` : " (no tag: `latest`)"}`];
    if (image.registry) lines.push("", `Registry \`${image.registry}\``);
    const db = model.databaseByService.get(s.name);
    if (db)
      lines.push(
        "",
        `A ${engineLabel(db)} server: it listens on port ${db.port} inside the compose network.`,
      );
    const families = envFamiliesOf(s);
    if (families.length)
      lines.push(
        "",
        `Reads ${families.map((f) => `${f.variables.length} known ${f.label} variables`).join(" and ")} (completion in \`environment:\`).`,
      );
    const page = registryPage(image);
    if (page) lines.push("", `[Registry page](${page.url})`);
    return { markdown: lines.join("\n"), span };
  }
  return undefined;
}

/** On the name of an environment variable in a service. */
export function envHover(model: ComposeModel, offset: number): HoverText | undefined {
  // Not only inside the service: a variable merged in from an `x-` anchor is written there.
  for (const s of model.services) {
    for (const env of s.environment) {
      const k = env.keySpan;
      if (offset < k.start || offset > k.end) continue;
      const known = envVarDoc(s, env.name);
      if (known) {
        const { doc, family } = known;
        const lines = [
          doc.section
            ? `**[${doc.section}] ${doc.key}** (Airflow configuration)`
            : `**${doc.name}** (${family.label})`,
          "",
          doc.description,
        ];
        if (doc.default) lines.push("", `Default: \`${doc.default}\``);
        if (env.name.endsWith("_FILE") && doc.fileVariant)
          lines.push("", "This `_FILE` form reads the value from a file (a secret).");
        const init = factsOf(model).images.initOnlyOnVolume(s);
        if (init?.variables.includes(env))
          lines.push(
            "",
            `Applied only while volume \`${init.volume}\` is empty (the first start): once it holds a database, ` +
              "a changed value is ignored (`Skipping initialization`); change it in the server, or remove the volume.",
          );
        if (doc.section) lines.push(...airflowConfigHoverLines(s, env.name, false));
        lines.push("", `Source: ${doc.source} · [${family.label} docs](${family.docs})`);
        return { markdown: lines.join("\n"), span: k };
      }
      const af = airflowConfigKey(env.name);
      if (af) {
        const lines = [
          `**[${af.section}] ${af.key}** (Airflow configuration)`,
          "",
          `Airflow reads \`AIRFLOW__{SECTION}__{KEY}\` variables as the option \`${af.key}\` of section \`[${af.section}]\`${af.secret === "cmd" ? ", from the output of the command given" : af.secret === "secret" ? ", from the secrets backend" : ""}.`,
          ...airflowConfigHoverLines(s, env.name),
          "",
          `[Configuration reference](https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#${af.key})`,
        ];
        return { markdown: lines.join("\n"), span: k };
      }
      return undefined;
    }
  }
  return undefined;
}

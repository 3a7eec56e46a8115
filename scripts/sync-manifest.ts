/**
 * Writes the per-rule settings (`mlopsCompose.rules.<id>`) into package.json from the rule
 * registry, so the settings UI always lists every rule with its title and default.
 * Run `npm run sync-manifest` after adding a rule (a test fails when package.json is out of date).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { RULES } from "../server/src/rules";

export function ruleSettings(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const r of RULES) {
    props[`mlopsCompose.rules.${r.meta.id}`] = {
      type: "string",
      enum: ["off", "hint", "info", "warning", "error"],
      default: r.meta.defaultSeverity,
      markdownDescription: `${r.meta.title}. [Rule documentation](${"https://github.com/mlops-compose-doctor/mlops-compose-doctor/blob/main/docs/rules/"}${r.meta.id}.md)`,
      scope: "resource",
    };
  }
  return props;
}

if (process.argv[1]?.endsWith("sync-manifest.js")) {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const props = pkg.contributes.configuration.properties as Record<string, unknown>;
  for (const k of Object.keys(props)) if (k.startsWith("mlopsCompose.rules.")) delete props[k];
  Object.assign(props, ruleSettings());
  writeFileSync("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * healthcheck-variable-at-compose-time: a `$VAR`/`${VAR}` in a healthcheck test where the
 * container's variable was meant (facts.probes.composeTimeVariables). Compose interpolates
 * every string of the file, the test included, from the shell and `.env` when it reads the
 * file, before any container exists; the service's `environment:` is the container's. So
 * `pg_isready -U ${POSTGRES_USER}` with `POSTGRES_USER: app` in the service and not in `.env`
 * runs `pg_isready -U ` (Compose warns `The "POSTGRES_USER" variable is not set. Defaulting to
 * a blank string.`). Warning: the test runs with an empty value (or its default), which
 * usually fails or checks another login. Info when `.env` sets the variable too, to another
 * value than the container's: the test runs with `.env`'s.
 *
 * Fix (preferred, in a `CMD-SHELL` or string test, outside single quotes): `$$VAR`, which
 * Compose turns into `$VAR` for the container's shell. No fix in a `CMD` test (no shell
 * expands it there).
 */
import type { TextEdit } from "../edits/types";
import type { ComposeTimeVariable } from "../model/facts/probes";
import type { Service } from "../model/types";
import { fitting } from "./phrases";
import { defineRule } from "./types";

interface State {
  service: Service;
  v: ComposeTimeVariable;
}

export const healthcheckVariableAtComposeTime = defineRule<State>({
  meta: {
    id: "healthcheck-variable-at-compose-time",
    title: "A healthcheck variable Compose fills in on the host, not the container's",
    defaultSeverity: "warning",
    fixable: true,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) =>
      facts.probes.composeTimeVariables(service).map((v) => ({ service, v })),
    ),
  diagnostic({ facts }, { service, v }) {
    const ref = (v.scalar.text ?? "").slice(v.start, v.end);
    const shown = ref.length > 30 ? `$${v.name}` : ref;
    const s = `\`${service.name}\``;
    const container = v.containerValue !== undefined ? `\`${v.containerValue}\`` : "its own value";
    const got = v.composeValue === "" ? "empty" : `\`${v.composeValue}\``;
    const where = v.fromDotEnv ? "from `.env`" : "from the host (unset)";
    const remedy = v.shell
      ? `Write \`$${ref}\`: Compose turns \`$$\` into \`$\`, and the container's shell reads its own variable.`
      : "Write the value itself, or make the test a `CMD-SHELL` string with `$$` so the container's shell reads its own variable (a `CMD` test runs no shell).";
    return {
      span: facts.probes.referenceSpan(v),
      message: fitting(
        `\`${shown}\` in ${s}'s healthcheck is Compose's, ${where}: ${got}, not the container's ${container}.`,
        `\`${shown}\` in ${s}'s healthcheck is Compose's, ${where}: ${got}.`,
        `\`$${v.name}\` in this healthcheck is Compose's, ${where}: ${got}.`,
      ),
      detail:
        "Compose interpolates every `$VAR` and `${VAR}` of the file, the healthcheck's test included, from the shell " +
        "and `.env` when it reads the file, before the container exists; the service's `environment:` is the " +
        `container's, not the file's.${
          v.fromDotEnv
            ? ` \`.env\` sets ${v.name}, so the test runs with that value while the container has ${container}.`
            : ` Compose warns \`The "${v.name}" variable is not set. Defaulting to a blank string.\` and the test runs with ${got}, which usually fails or checks another login.`
        } ${remedy}`,
      ...(v.fromDotEnv ? { severity: "info" as const } : {}),
    };
  },
  fixes({ facts }, { v }) {
    if (!v.shell) return [];
    const dollar = facts.probes.referenceDollar(v);
    if (!dollar) return [];
    const edit: TextEdit = { start: dollar.start, end: dollar.start, newText: "$" };
    return [{ title: "Let the container's shell read it (`$$`)", edits: [edit], preferred: true }];
  },
});

/**
 * postgres-env-ignored-on-existing-volume: POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB
 * (and their `_FILE` forms) apply only when the data directory is empty; where a named volume
 * keeps it (facts.images.initOnlyOnVolume), a database made with earlier values stays, and a
 * changed value is ignored without a word but "Skipping initialization" (docker-library/postgres
 * docker-entrypoint.sh; #203). A hint: info, one finding per service (on its first such
 * variable), no fix. The hover of those variables says the same.
 */
import type { InitOnlyOnVolume } from "../model/facts";
import type { Service } from "../model/types";
import { fitting, nameList } from "./phrases";
import { defineRule } from "./types";

interface State {
  service: Service;
  init: InitOnlyOnVolume;
}

export const postgresEnvIgnoredOnExistingVolume = defineRule<State>({
  meta: {
    id: "postgres-env-ignored-on-existing-volume",
    title: "POSTGRES_USER/PASSWORD/DB apply only to an empty data volume",
    defaultSeverity: "info",
    fixable: false,
  },
  run: ({ model, facts }) =>
    model.services.flatMap((service) => {
      const init = facts.images.initOnlyOnVolume(service);
      return init ? [{ service, init }] : [];
    }),
  diagnostic(_ctx, { service, init }) {
    const names = [...new Set(init.variables.map((v) => v.name))];
    const volume = `\`${init.volume}\``;
    const apply = names.length === 1 ? "applies" : "apply";
    const short = `\`POSTGRES_${names.map((n) => n.replace(/^POSTGRES_/, "")).join("/")}\``;
    return {
      span: init.variables[0].keySpan,
      message: fitting(
        `${nameList(names)} ${apply} only to an empty volume ${volume}: later changes are ignored.`,
        `${nameList(names)} ${apply} only to an empty ${volume}: later changes are ignored.`,
        `${short} ${apply} only to an empty volume ${volume}: later changes are ignored.`,
        `${short} ${apply} only to an empty data volume: later changes are ignored.`,
      ),
      detail:
        `The image creates the role, its password and the database from these variables only when the data ` +
        `directory is empty, the first time \`${service.name}\` starts with volume ${volume}. Once the volume holds ` +
        "a database the entrypoint skips that (`PostgreSQL Database directory appears to contain a database; " +
        "Skipping initialization`): the old role, password and database stay, and clients using the new values " +
        'fail (`password authentication failed`, `database "…" does not exist`). To change them, change them ' +
        "in the server (`ALTER ROLE … PASSWORD …`, `CREATE DATABASE …`), or remove the volume " +
        "(`docker compose down -v`, which deletes the data).",
    };
  },
});

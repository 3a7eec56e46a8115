/**
 * postgres18-data-mount: PostgreSQL 18+ images (and `latest`, which is 18 at the table's
 * commit) keep their data in /var/lib/postgresql/18/docker with the VOLUME at
 * /var/lib/postgresql. A mount at the old /var/lib/postgresql/data is never used, and with no
 * database in PGDATA the entrypoint exits 1 ("Error: in 18+, these Docker images are
 * configured to store database data in a format ...", docker-library/postgres
 * docker-entrypoint.sh, docker_setup_env / docker_error_old_databases, commit 6edb0a8c).
 *
 * Not reported: a PGDATA the service sets (it decides where the data goes), an entrypoint of
 * its own, a version the tag does not say. PGDATA possibly from an `env_file`: warning.
 * Fix (preferred): mount the volume at /var/lib/postgresql. Safe: a volume that holds an
 * older version's data still stops the container, with the same error naming it.
 */
import { replaceSpan } from "../edits/text";
import type { KnownImage } from "../model/facts";
import type { Service, VolumeMount } from "../model/types";
import { defineRule } from "./types";

const OLD_DATA = "/var/lib/postgresql/data";
const VOLUME = "/var/lib/postgresql";

interface State {
  service: Service;
  mount: VolumeMount;
  known: KnownImage;
  /** PGDATA may come from an env_file (or `extends`). */
  maybeMoved: boolean;
}

const normal = (path: string | undefined) => path?.replace(/\/+$/, "");

export const postgres18DataMount = defineRule<State>({
  meta: {
    id: "postgres18-data-mount",
    title: "PostgreSQL 18+ does not use a mount at /var/lib/postgresql/data",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model, facts }) {
    const out: State[] = [];
    for (const service of model.services) {
      const known = facts.images.known(service);
      if (known?.facts.kind !== "postgres" || known.facts.flavour === "bitnami") continue;
      if (known.major === undefined || known.major < 18 || service.entrypoint) continue;
      const pgdata = facts.images.setsVariable(service, "PGDATA");
      if (pgdata === "yes") continue;
      const mount = service.volumes.find((v) => normal(v.target) === OLD_DATA);
      if (!mount) continue;
      out.push({ service, mount, known, maybeMoved: pgdata === "maybe" });
    }
    return out;
  },
  diagnostic(_ctx, { service, mount, known, maybeMoved }) {
    const image = service.image?.str.value ?? "postgres";
    const runs =
      known.version.kind === "latest"
        ? `\`${image}\` (PostgreSQL ${known.major}+)`
        : `PostgreSQL ${known.major}`;
    // `latest` moves on with each major (18 at the table's commit).
    const dir = `/var/lib/postgresql/${known.version.kind === "latest" ? "<major>" : known.major}/docker`;
    return {
      span: mount.targetSpan ?? mount.node.span,
      message: `\`${service.name}\` runs ${runs}, which does not use ${OLD_DATA}: the container exits.`,
      detail:
        `Its data goes to ${dir}: from 18 the image's PGDATA is there and its VOLUME is ${VOLUME}. With a mount at ${OLD_DATA} and no ` +
        'database in PGDATA the container exits 1: "Error: in 18+, these Docker images are configured to store ' +
        'database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data ' +
        `in: ${OLD_DATA} (unused mount/volume)". Mount the volume at ${VOLUME} instead (the data then goes to ` +
        `${dir} inside it). If the volume holds an older version's data, pin the image to that version or ` +
        "upgrade it with pg_upgrade first." +
        (maybeMoved ? " (Unless an env_file sets PGDATA, which decides where the data goes.)" : ""),
      severity: maybeMoved ? "warning" : undefined,
    };
  },
  fixes(_ctx, { service, mount }) {
    // A second mount at /var/lib/postgresql would be a duplicate target Compose refuses.
    if (service.volumes.some((v) => normal(v.target) === VOLUME)) return [];
    const str = mount.targetText;
    const span = str?.editableSpan(0, str.value.length);
    if (!str || !span || !str.canHold(VOLUME)) return [];
    return [
      {
        title: `Mount the volume at \`${VOLUME}\``,
        edits: [replaceSpan(span, VOLUME)],
        preferred: true,
      },
    ];
  },
});

/**
 * The benchmark's finding-heavy file keeps its promise: every rule fires in every block of
 * ten services (obsolete-version once per file), so 2,000 services give hundreds of each.
 */
import { describe, expect, it } from "vitest";
import { generateFindingHeavy } from "../../bench/generate";
import { analyze } from "../../server/src/engine";
import { RULES } from "../../server/src/rules";

describe("the finding-heavy benchmark file", () => {
  it("gives every rule, in proportion to its services, and no syntax problem", () => {
    const blocks = 20;
    const { findings } = analyze(generateFindingHeavy(blocks * 10));
    const count = new Map<string, number>();
    for (const f of findings) count.set(f.rule, (count.get(f.rule) ?? 0) + 1);
    expect(Object.fromEntries(count)).toEqual({
      "obsolete-version": 1,
      // Every block's MLflow and Airflow share its database, but Redis blocks (1 in 10) use SQLite.
      "shared-database": (blocks * 9) / 10,
      "wrong-db-host": blocks,
      "db-host-localhost": blocks,
      "db-port-is-host-port": blocks,
      "db-credentials-mismatch": blocks,
      "db-password-missing": blocks,
      // Even blocks wait for their database healthy (it has no healthcheck), odd ones only started.
      "db-healthcheck-missing": blocks / 2,
      "healthy-condition-without-healthcheck": blocks / 2,
      // MLflow and Airflow wait for a SQL database by themselves (issue 12): each block's unknown
      // client counts, and in Redis blocks MLflow too (it is not known to retry towards Redis).
      "depends-on-not-healthy": blocks + blocks / 10,
      "duplicate-host-port": blocks,
      "no-shared-network": blocks,
      "undefined-reference": blocks * 2,
      "command-line-break": blocks,
      // Each block's MLflow 3.5 server: no driver for its SQL backend, a local artifact root that
      // host-port's tracking URI and the published port reach, a Host check that rejects
      // `mlflow<b>:5000`; Redis blocks keep the default SQLite backend in the container.
      "mlflow-missing-driver": (blocks * 9) / 10,
      "mlflow-artifact-root-local": blocks,
      "mlflow-allowed-hosts": blocks,
      "mlflow-artifacts-not-persisted": blocks / 10,
      // wrong-host's tracking URI names \`mlfloww<b>\`.
      "service-url-host": blocks,
      // Literal passwords: a secret value per database and the URLs of its clients grouped.
      "plaintext-secret": (blocks * 21) / 10,
      // Each block's database publishes its port with no host IP.
      "database-published-on-all-interfaces": blocks,
    });
    // Every rule about services fires; the whole-file and schema rules (a file that is no compose
    // file, several documents, a misspelt key, a cycle, a service without image) are not what the
    // generator models yet: listed, so that a new rule has to be added to the generator or here.
    const notGenerated = new Set([
      "compose-schema",
      "deprecated-key",
      "not-compose-file",
      "multiple-documents",
      "no-image-or-build",
      "depends-on-cycle",
      // Airflow stacks (issue 15): the generator's Airflow is one service per block.
      "airflow-deprecated-config",
      "airflow3-removed-command",
      "airflow-missing-component",
      "airflow-missing-migration",
      "airflow-secrets-disagree",
      "airflow-execution-api-url",
      // Its MLflow servers listen on 0.0.0.0 (the rule's cost is one option per server).
      "mlflow-host-binding",
      // Host access (issue #17): no generated block mounts the socket or runs privileged.
      "docker-socket-mounted",
      "privileged",
      "host-namespace",
      "confinement-disabled",
      // Issue 16's image and healthcheck rules: the generator has no such services yet.
      "postgres18-data-mount",
      "unknown-image-variable",
      "healthcheck-cmd-array",
      "healthcheck-passes-unauthenticated",
      "healthcheck-wrong-port",
      "pg-healthcheck-wrong-user",
      "healthcheck-variable-at-compose-time",
      "postgres-env-ignored-on-existing-volume",
      // One file, no include/extends: the project rule has nothing to load.
      "compose-project",
      // Issue 14's S3 store rules: the generator has no S3 store yet.
      "s3-credentials-mismatch",
      "s3-endpoint-console-port",
    ]);
    expect(new Set(count.keys())).toEqual(
      new Set(RULES.map((r) => r.meta.id).filter((id) => !notGenerated.has(id))),
    );
  });
});

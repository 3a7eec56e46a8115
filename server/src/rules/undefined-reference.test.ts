import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { levenshtein, levenshteinWithin, nearestNames } from "../model/facts/names";
import { fullMessage } from "./types";

const RULE = "undefined-reference";
const fixesOf = (text: string) =>
  lintText(text)
    .filter((f) => f.rule === RULE)
    .map((f) => (f.fixes ?? []).map((x) => `${x.preferred ? "*" : ""}${x.title}`));

describe("undefined-reference: findings", () => {
  it("flags a depends_on entry naming no service, with Compose's error", () => {
    const [f] = expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
        airflow:
          image: apache/airflow:2.7.0
          depends_on:
            - postgress
      #       ^^^^^^^^^ undefined-reference
      `,
    );
    expect(fullMessage(f)).toContain(
      'service "airflow" depends on undefined service "postgress": invalid compose project',
    );
    expect(fullMessage(f)).toContain('(did you mean "postgres"?)');
  });

  it("flags map-form depends_on keys, and not a service that exists only in a profile", () => {
    expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          profiles: [db]
        app:
          image: my/app
          depends_on:
            postgres:
              condition: service_healthy
            redis:
      #     ^^^^^ undefined-reference
              condition: service_started
      `,
    );
  });

  it("flags undeclared named volumes (short and long syntax), not binds, anonymous or tmpfs", () => {
    const found = expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - pgdata:/var/lib/postgresql/data
      #       ^^^^^^ undefined-reference
            - ./init:/docker-entrypoint-initdb.d:ro
            - /var/run/docker.sock:/var/run/docker.sock
            - /anonymous
            - type: volume
              source: backups
      #               ^^^^^^^ undefined-reference
              target: /backups
            - type: tmpfs
              target: /tmp
            - type: bind
              source: ./conf
              target: /etc/conf
            - declared:/declared
      volumes:
        declared:
      `,
    );
    expect(fullMessage(found[0])).toContain(
      'service "postgres" refers to undefined volume pgdata: invalid compose project',
    );
  });

  it("flags undeclared networks but never default", () => {
    expectFindings(
      RULE,
      `
      services:
        app:
          image: my/app
          networks:
            - default
            - backend
            - mlops
      #       ^^^^^ undefined-reference
        api:
          image: my/app
          networks:
            mlops:
      #     ^^^^^ undefined-reference
              aliases: [api]
      networks:
        backend:
          external: true
      `,
    );
  });

  it("flags undeclared secrets and configs", () => {
    expectFindings(
      RULE,
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD_FILE: /run/secrets/pg_password
          secrets:
            - pg_password
      #       ^^^^^^^^^^^ undefined-reference
            - source: declared
          configs:
            - source: pg_conf
      #               ^^^^^^^ undefined-reference
              target: /etc/postgresql/postgresql.conf
      secrets:
        declared:
          file: ./declared.txt
      `,
    );
  });

  it("reports a reference in an anchor once, naming every service that uses it", () => {
    const [f] = expectFindings(
      RULE,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.7.0
        volumes:
          - airflow-logs:/opt/airflow/logs
      #     ^^^^^^^^^^^^ undefined-reference
      services:
        airflow-webserver:
          <<: *airflow-common
        airflow-scheduler:
          <<: *airflow-common
      `,
    );
    expect(fullMessage(f)).toContain('Services "airflow-webserver" and "airflow-scheduler" use it');
  });

  it("unknown is not wrong: names from variables", () => {
    expectNoFindings(
      RULE,
      `
      services:
        app:
          image: my/app
          depends_on: ["\${DB_SERVICE}"]
          networks: ["\${NET}"]
          volumes:
            - \${DATA_VOLUME:-appdata}:/data
            - \${HOME}/.cache:/cache
      `,
    );
  });

  it("skips a file with include: (names may come from the included files)", () => {
    expectNoFindings(
      RULE,
      `
      include:
        - path: ./db/compose.yaml
      services:
        app:
          image: my/app
          depends_on: [postgres]
          networks: [backend]
          volumes: [appdata:/data]
      `,
    );
  });

  it("skips override files: a service with no image, build or extends, or an *override* file name", () => {
    expectNoFindings(
      RULE,
      `
      services:
        airflow:
          environment:
            AIRFLOW__CORE__LOAD_EXAMPLES: "false"
          depends_on: [postgres]
      `,
    );
    expectNoFindings(
      RULE,
      `
      services:
        airflow:
          image: apache/airflow:2.7.0
          depends_on: [postgres]
      `,
      { path: "/project/docker-compose.override.yml" },
    );
  });

  it("a service extending another file's service: depends_on is checked, networks and volumes are not", () => {
    expectFindings(
      RULE,
      `
      services:
        web:
          extends:
            file: common.yml
            service: webapp
          depends_on: [dbb]
      #                ^^^ undefined-reference
          networks: [backend]
          volumes: [webdata:/data]
        other:
          extends: web
          volumes: [otherdata:/data]
      #             ^^^^^^^^^ undefined-reference
      `,
    );
  });

  it("gives nothing on the seed example and the blog's fixed file", () => {
    expect(lintText(readFileSync(EXAMPLE, "utf8")).filter((f) => f.rule === RULE)).toEqual([]);
    expect(
      lintText(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8")).filter((f) => f.rule === RULE),
    ).toEqual([]);
  });
});

describe("undefined-reference: fixes", () => {
  it("renames a misspelt depends_on entry (preferred: there is nothing to declare)", () => {
    expectFix(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
        airflow:
          image: apache/airflow:2.7.0
          depends_on:
            - postgress # the metadata database
      `,
      `
      services:
        postgres:
          image: postgres:13
        airflow:
          image: apache/airflow:2.7.0
          depends_on:
            - postgres # the metadata database
      `,
      { title: "Change to `postgres`" },
    );
  });

  it("renames map-form keys and quoted names in place", () => {
    expectFix(
      RULE,
      `
      services:
        postgres_mlflow:
          image: postgres:13
        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            "postgres-mlflow":
              condition: service_started
      `,
      `
      services:
        postgres_mlflow:
          image: postgres:13
        mlflow:
          image: mlflow/mlflow:2.7.1
          depends_on:
            "postgres_mlflow":
              condition: service_started
      `,
    );
  });

  it("depends_on a container_name: renames to the service that has it", () => {
    expectFix(
      RULE,
      `
      services:
        db:
          image: postgres:13
          container_name: postgres-airflow
        airflow:
          image: apache/airflow:2.7.0
          depends_on: [postgres-airflow]
      `,
      `
      services:
        db:
          image: postgres:13
          container_name: postgres-airflow
        airflow:
          image: apache/airflow:2.7.0
          depends_on: [db]
      `,
      { title: "Change to `db`" },
    );
  });

  it("offers no preferred rename when names tie, and none at all when nothing is near", () => {
    expect(
      fixesOf(`services:
  db1:
    image: postgres
  db2:
    image: postgres
  app:
    image: my/app
    depends_on: [db3, cache]
`),
    ).toEqual([["Change to `db1`", "Change to `db2`"], []]);
  });

  it("does not prefer a rename that would close a dependency cycle", () => {
    expect(
      fixesOf(`services:
  postgres:
    image: postgres
    depends_on: [pgbouncer]
  pgbouncr:
    image: bitnami/pgbouncer
    depends_on: [postgres]
`),
    ).toEqual([["Change to `pgbouncr`"]]);
  });

  it("does not rename to a service already listed (that would duplicate the key)", () => {
    expect(
      fixesOf(`services:
  postgres:
    image: postgres
  app:
    image: my/app
    depends_on:
      postgres:
        condition: service_started
      postgress:
        condition: service_started
`),
    ).toEqual([[]]);
  });

  it("declares a volume, creating the top-level section at the end of the file", () => {
    expectFix(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - pgdata:/var/lib/postgresql/data
      `,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - pgdata:/var/lib/postgresql/data

      volumes:
        pgdata:
      `,
      { title: "Declare volume `pgdata`" },
    );
  });

  it("declares a volume in an existing section", () => {
    expectFix(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - pgdata:/var/lib/postgresql/data
        mlflow:
          image: mlflow/mlflow:2.7.1
          volumes:
            - mlruns:/mlruns

      volumes:
        pgdata:
      `,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - pgdata:/var/lib/postgresql/data
        mlflow:
          image: mlflow/mlflow:2.7.1
          volumes:
            - mlruns:/mlruns

      volumes:
        pgdata:
        mlruns:
      `,
    );
  });

  it("a volume typo of a declared volume no service uses: renaming is preferred", () => {
    expect(
      fixesOf(`services:
  postgres:
    image: postgres:13
    volumes:
      - postgres_dat:/var/lib/postgresql/data
volumes:
  postgres_data:
`),
    ).toEqual([["*Change to `postgres_data`", "Declare volume `postgres_dat`"]]);
    expectFix(
      RULE,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - type: volume
              source: postgres-data
              target: /var/lib/postgresql/data
      volumes:
        postgres_data:
      `,
      `
      services:
        postgres:
          image: postgres:13
          volumes:
            - type: volume
              source: postgres_data
              target: /var/lib/postgresql/data
      volumes:
        postgres_data:
      `,
    );
  });

  it("a volume near a declared volume that is in use: declaring is preferred (two databases, two volumes)", () => {
    expect(
      fixesOf(`services:
  postgres:
    image: postgres:13
    volumes:
      - pgdata1:/var/lib/postgresql/data
  postgres-mlflow:
    image: postgres:13
    volumes:
      - pgdata2:/var/lib/postgresql/data
volumes:
  pgdata1:
`),
    ).toEqual([["*Declare volume `pgdata2`", "Change to `pgdata1`"]]);
  });

  it("a network typo is renamed; an unknown network is declared", () => {
    expect(
      fixesOf(`services:
  app:
    image: my/app
    networks: [mlops_network, backend]
networks:
  mlops-network:
`),
    ).toEqual([
      ["*Change to `mlops-network`", "Declare network `mlops_network`"],
      ["*Declare network `backend`"],
    ]);
    expectFix(
      RULE,
      `
      services:
        app:
          image: my/app
          networks:
            - backend
      networks:
        frontend:
          driver: bridge
      `,
      `
      services:
        app:
          image: my/app
          networks:
            - backend
      networks:
        frontend:
          driver: bridge
        backend:
      `,
    );
  });

  it("secrets and configs get a rename to review, never a preferred fix", () => {
    expect(
      fixesOf(`services:
  postgres:
    image: postgres:16
    secrets: [pg_pasword]
secrets:
  pg_password:
    file: ./pg_password.txt
`),
    ).toEqual([["Change to `pg_password`"]]);
  });

  it("does not rename a reference written in an anchor other services share", () => {
    expect(
      fixesOf(`x-deps: &deps
  depends_on: [postgress]
services:
  postgres:
    image: postgres:13
  a:
    <<: *deps
    image: my/app
`),
    ).toEqual([[]]);
  });
});

describe("near names", () => {
  it("counts edits and treats case and separators as near", () => {
    expect(levenshtein("postgress", "postgres")).toBe(1);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2);
    expect(nearestNames("postgres_mlflow", ["postgres-mlflow", "mlflow"])).toEqual({
      names: ["postgres-mlflow"],
      distance: 0,
    });
    expect(nearestNames("Postgres", ["postgres"])?.distance).toBe(0);
    // Short names allow one edit only: `db` is not a typo of `mq`.
    expect(nearestNames("db", ["mq", "dc"])).toEqual({ names: ["dc"], distance: 1 });
    expect(nearestNames("redis", ["mlflow"])).toBeUndefined();
  });
});

describe("levenshteinWithin", () => {
  it("is the edit distance up to the limit, and limit + 1 beyond it", () => {
    const words = [
      "",
      "a",
      "db",
      "dc",
      "mq",
      "postgres",
      "postgress",
      "postgers",
      "pgsql",
      "svc12",
      "dbq12",
      "mlflow-db",
    ];
    for (const a of words)
      for (const b of words)
        for (const limit of [0, 1, 2, 3]) {
          const d = levenshtein(a, b);
          expect(levenshteinWithin(a, b, limit)).toBe(d <= limit ? d : limit + 1);
        }
  });
});

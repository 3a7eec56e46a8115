import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeConfigOk } from "../../../test/helpers/fix-promises";
import { CORPUS_DIR, EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { analyze } from "../engine";
import { fixAll } from "../fix";
import { fullMessage } from "./types";

const ID = "depends-on-not-healthy";

const ofRule = (text: string) => lintText(text).filter((f) => f.rule === ID);

/** The database service and the `healthcheck:` block that the fixes add, at the fixtures' indentation. */
const at = (yaml: string) => yaml.replace(/\n/g, "\n        ");
const PG = at(`
  postgres:
    image: postgres:16
    environment: {POSTGRES_USER: airflow, POSTGRES_PASSWORD: airflow}`);
const PG_HC = `${PG}${at(`
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U airflow -d airflow"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 10s`)}`;

describe(ID, () => {
  it("gives nothing on the seed: Airflow's entrypoint and `mlflow server` wait for postgres themselves", () => {
    expect(ofRule(readFileSync(EXAMPLE, "utf8"))).toEqual([]);
  });

  it("warns for a client known to fail hard and says why; info when it depends on the client", () => {
    const found = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
        migrate:
          image: example/api:1
          command: alembic upgrade head
          depends_on:
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy warning safe-fix: \`migrate\` starts as soon as \`postgres\` is running
        api:
          image: example/api:1
          depends_on:
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy info safe-fix
      `,
    );
    expect(found[0].detail).toMatch(
      /breaks `migrate`: a schema migration .* exits on the first refused connection/,
    );
    expect(found[1].detail).toMatch(/depends on its code/);
  });
  it("gives nothing on the fixed seed nor on the official Airflow compose files", () => {
    expect(ofRule(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8"))).toEqual([]);
    for (const f of readdirSync(`${CORPUS_DIR}files`).filter((n) => n.startsWith("apache__airflow__"))) {
      expect(ofRule(readFileSync(`${CORPUS_DIR}files/${f}`, "utf8"))).toEqual([]);
    }
  });

  it("a stack fixed with every safe fix has exactly one healthcheck and waits for it everywhere", () => {
    const stack = `services:
  postgres:
    image: postgres:16
    environment:
      - POSTGRES_USER=app
      - POSTGRES_PASSWORD=app

  migrate:
    image: example/api:1
    command: alembic upgrade head
    depends_on:
      - postgres

  api:
    image: example/api:1
    depends_on:
      - postgres
`;
    for (const config of [{}, { rules: { "db-healthcheck-missing": "off" as const } }]) {
      const fixed = fixAll(stack, {}, config).text;
      const postgres = fixed.slice(
        fixed.indexOf("  postgres:"),
        fixed.indexOf("\n\n", fixed.indexOf("  postgres:")),
      );
      expect(postgres.match(/healthcheck:/g)).toHaveLength(1);
      expect(fixed).not.toMatch(/^\s+- postgres$/m);
      const result = analyze(fixed);
      expect(result.findings.filter((f) => f.rule === ID || f.rule === "db-healthcheck-missing")).toEqual([]);
      expect(composeConfigOk(fixed).ok).toBe(true);
    }
  });

  it("flags list, flow, map and service_started entries on the database's name only", () => {
    expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
        redis:
          image: redis:7
        init:
          image: alpine
        a:
          image: alpine
          depends_on:
            - init
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy
        b:
          image: alpine
          depends_on: [init, redis]
      #                      ^^^^^ depends-on-not-healthy
        c:
          image: alpine
          depends_on:
            postgres:
      #     ^^^^^^^^ depends-on-not-healthy
              condition: service_started
            init:
              condition: service_completed_successfully
        d:
          image: alpine
          depends_on:
            redis: {restart: true}
      #     ^^^^^ depends-on-not-healthy
      `,
    );
  });

  it("leaves healthy conditions, non-databases and services that wait on their own", () => {
    expectNoFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]
        web:
          image: nginx
        a:
          image: alpine
          depends_on:
            postgres:
              condition: service_healthy
            web:
              condition: service_started
        b:
          image: alpine
          depends_on: [web]
        c:
          image: alpine
          depends_on: [postgres]
          command: sh -c "until pg_isready -h postgres; do sleep 1; done; exec app"
        d:
          image: alpine
          depends_on: [postgres]
          environment:
            WAIT_HOSTS: postgres:5432
        wait:
          image: dadarek/wait-for-dependencies
          depends_on: [postgres]
          command: postgres:5432
      `,
    );
  });

  it("explains what happens with `condition: service_started` written out", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: mysql:8
        app:
          image: alpine
          depends_on:
            db:
      #     ^^ depends-on-not-healthy
              condition: service_started
      `,
    );
    expect(fullMessage(f)).toMatch(
      /`app` waits only until `db` has started, before MySQL accepts connections\. `condition: service_started` does not wait/,
    );
    expect(fullMessage(f)).toMatch(/Can't connect to MySQL server/);
  });

  describe("Wait for the database to be healthy", () => {
    it("turns a list into a map, keeping comments and the other entries (service_started)", () => {
      expectFix(
        ID,
        `
        services:${PG}
          app:
            image: alpine
            depends_on:
              # order matters
              - init   # one-shot
              - postgres # the metadata DB
          init:
            image: alpine
        `,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              # order matters
              init:
                condition: service_started   # one-shot
              postgres:
                condition: service_healthy # the metadata DB
          init:
            image: alpine
        `,
      );
    });

    it("indents an indentless list", () => {
      expectFix(
        ID,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
            - postgres
        `,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              postgres:
                condition: service_healthy
        `,
      );
    });

    it("rewrites a flow list as a flow map", () => {
      expectFix(
        ID,
        `
        services:${PG_HC}
          web:
            image: nginx
          app:
            image: alpine
            depends_on: [web, postgres]
        `,
        `
        services:${PG_HC}
          web:
            image: nginx
          app:
            image: alpine
            depends_on: {web: {condition: service_started}, postgres: {condition: service_healthy}}
        `,
      );
    });

    it("offers no fix for a flow list with a comment inside", () => {
      const [f] = expectFindings(
        ID,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on: [
              postgres, # db
        #     ^^^^^^^^ depends-on-not-healthy
            ]
        `,
      );
      expect(f.fixes).toEqual([]);
    });

    it("adds the condition to a map entry without one, and replaces service_started", () => {
      expectFix(
        ID,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              postgres:
                restart: true
        `,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              postgres:
                restart: true
                condition: service_healthy
        `,
      );
      expectFix(
        ID,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              postgres:
                condition: service_started # for now
        `,
        `
        services:${PG_HC}
          app:
            image: alpine
            depends_on:
              postgres:
                condition: service_healthy # for now
        `,
      );
    });

    it("edits the x-airflow-common anchor once for every service that uses it", () => {
      const before = `
        x-airflow-common: &airflow-common
          image: example/airflow-fork:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
          depends_on:
            # the metadata database
            - postgres
        #     ^^^^^^^^ depends-on-not-healthy
            - airflow-init

        services:${PG}
          airflow-init:
            image: example/airflow-fork:2.9.0
            command: version
          webserver:
            <<: *airflow-common
            command: webserver
          scheduler:
            <<: *airflow-common
            command: scheduler
          triggerer:
            <<: *airflow-common
            command: triggerer
            depends_on:
              - postgres
        #       ^^^^^^^^ depends-on-not-healthy
        `;
      const found = expectFindings(ID, before);
      expect(fullMessage(found[0])).toMatch(
        /^`webserver` and `scheduler` start as soon as `postgres` is running/,
      );
      expect(fullMessage(found[1])).toMatch(/^`triggerer` starts/);
      const fixed = expectFix(
        ID,
        before,
        `
        x-airflow-common: &airflow-common
          image: example/airflow-fork:2.9.0
          environment:
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow
          depends_on:
            # the metadata database
            postgres:
              condition: service_healthy
            airflow-init:
              condition: service_started

        services:${PG_HC}
          airflow-init:
            image: example/airflow-fork:2.9.0
            command: version
          webserver:
            <<: *airflow-common
            command: webserver
          scheduler:
            <<: *airflow-common
            command: scheduler
          triggerer:
            <<: *airflow-common
            command: triggerer
            depends_on:
              - postgres
        `,
      );
      // Every service using the anchor now waits; the one that overrides depends_on keeps its own finding.
      const model = analyze(fixed).model;
      for (const name of ["webserver", "scheduler"]) {
        expect(
          model.serviceByName.get(name)?.dependsOn.find((d) => d.service === "postgres")?.condition,
        ).toBe("service_healthy");
      }
      expect(ofRule(fixed).map((f) => f.message.slice(0, 11))).toEqual(["`triggerer`"]);
    });

    it("edits a list reached through an alias (`depends_on: *deps`) where it is written", () => {
      expectFix(
        ID,
        `
        x-deps: &deps
          - postgres
        services:${PG_HC}
          a:
            image: alpine
            depends_on: *deps
          b:
            image: alpine
            depends_on: *deps
        `,
        `
        x-deps: &deps
          postgres:
            condition: service_healthy
        services:${PG_HC}
          a:
            image: alpine
            depends_on: *deps
          b:
            image: alpine
            depends_on: *deps
        `,
      );
    });

    it("offers no fix when the condition's body is shared through an alias", () => {
      const [f] = expectFindings(
        ID,
        `
        x-started: &started
          condition: service_started
        services:${PG_HC}
          web:
            image: nginx
          app:
            image: alpine
            depends_on:
              postgres: *started
        #     ^^^^^^^^ depends-on-not-healthy
              web: *started
        `,
      );
      expect(f.fixes).toEqual([]);
    });

    it("does not add a healthcheck to an image that has its own, and offers none for unknown or disabled ones", () => {
      expectFix(
        ID,
        `
        services:
          db:
            image: mysql/mysql-server:8.0
          app:
            image: alpine
            depends_on: [db]
        `,
        `
        services:
          db:
            image: mysql/mysql-server:8.0
          app:
            image: alpine
            depends_on: {db: {condition: service_healthy}}
        `,
      );
      const found = expectFindings(
        ID,
        `
        services:
          mongo:
            image: mongo:7
          off:
            image: postgres:16
            healthcheck:
              disable: true
          app:
            image: alpine
            depends_on: [mongo, off]
        #                ^^^^^ depends-on-not-healthy
        #                       ^^^ depends-on-not-healthy
        `,
      );
      expect(found.map((f) => f.fixes)).toEqual([[], []]);
      expect(fullMessage(found[0])).toMatch(
        /none is known for its image: add one first, or Compose will refuse to start it/,
      );
      expect(fullMessage(found[1])).toMatch(/has its healthcheck disabled/);
    });

    it("offers the fix for review only when the database's image or healthcheck is a guess", () => {
      const [f] = expectFindings(
        ID,
        `
        services:
          db:
            build: ./db
            environment: {POSTGRES_PASSWORD: pw}
          app:
            image: alpine
            depends_on: [db]
        #                ^^ depends-on-not-healthy
        `,
      );
      expect(f.fixes?.map((x) => x.preferred)).toEqual([false]);
      // `extends` may bring the healthcheck, or not.
      const [g] = expectFindings(
        ID,
        `
        services:
          db:
            image: postgres:16
            extends: {file: base.yml, service: db}
          app:
            image: alpine
            depends_on: [db]
        #                ^^ depends-on-not-healthy
        `,
      );
      expect(g.fixes?.map((x) => [x.edits.length, x.preferred])).toEqual([[1, false]]);
    });
  });
});

describe(`${ID} corpus sanity`, () => {
  it("leaves the corpus's puckel/docker-airflow stack: its entrypoint loops on `nc -z` first", () => {
    const text = readFileSync(
      `${CORPUS_DIR}files/puckel__docker-airflow__docker-compose-LocalExecutor.yml`,
      "utf8",
    );
    expect(ofRule(text)).toEqual([]);
  });
});

/**
 * The readiness facts against every false-positive pattern found on real projects (issue 12,
 * docs/research/precision/): clients that wait by themselves, clients that do not connect at
 * start, a variable mistaken for a server, a placeholder default, loopback with nothing to
 * reach, and what files next to the compose file (start scripts, Dockerfiles) say. Each case
 * is a marker test of the rule that used to be wrong, and most have the twin that must still
 * be reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../../test/helpers/rule-test";
import { analyze } from "../../engine";

const DEP = "depends-on-not-healthy";
const HC = "db-healthcheck-missing";

/** A compose project on disk: files next to the compose file, which is returned as a path. */
const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlops-readiness-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return join(dir, "compose.yaml");
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("clients whose image or program waits for the database", () => {
  it("apache/airflow: the entrypoint retries `airflow db check` before any command, `bash -c` included", () => {
    const text = `
      services:
        postgres:
          image: postgres:16
        webserver:
          image: apache/airflow:2.10.4-python3.12
          command: bash -c "airflow db migrate && airflow webserver"
          depends_on:
            - postgres
      `;
    expectNoFindings(DEP, text);
    expectNoFindings(HC, text);
  });

  it("apache/airflow still counts when its entrypoint is replaced or its wait turned off", () => {
    expectFindings(
      DEP,
      `
      services:
        postgres:
          image: postgres:16
        a:
          image: apache/airflow:2.10.4
          entrypoint: ["/usr/bin/dumb-init", "--"]
          command: airflow scheduler
          depends_on:
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy info
        b:
          image: apache/airflow:2.10.4
          environment:
            CONNECTION_CHECK_MAX_COUNT: "0"
          depends_on:
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy info
      `,
    );
  });

  it("puckel/docker-airflow: the entrypoint loops on `nc -z` for PostgreSQL and Redis", () => {
    const text = `
      services:
        redis:
          image: redis:5.0.5
        postgres:
          image: postgres:9.6
        webserver:
          image: puckel/docker-airflow:1.10.9
          restart: always
          depends_on:
            - postgres
            - redis
          command: webserver
      `;
    expectNoFindings(DEP, text);
    expectNoFindings(HC, text);
  });

  it("mlflow server retries its SQL backend store (any image), but not MLflow before 1.13", () => {
    expectNoFindings(
      DEP,
      `
      services:
        db:
          image: mysql:8
        web:
          build: ./mlflow
          command: mlflow server --backend-store-uri mysql+pymysql://u:p@db:3306/mlflow --host 0.0.0.0
          depends_on:
            - db
      `,
    );
    expectFindings(
      DEP,
      `
      services:
        db:
          image: postgres:16
        old:
          image: python:3.8
          command: sh -c "pip install mlflow==1.12.1 psycopg2-binary && mlflow server --backend-store-uri postgresql://u:p@db/mlflow"
          depends_on:
            - db
      #       ^^ depends-on-not-healthy warning: \`old\` starts as soon as
      `,
    );
  });

  it("an MLflow server does not touch its S3 store at start", () => {
    expectNoFindings(
      DEP,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --default-artifact-root s3://mlflow/ --host 0.0.0.0
          depends_on:
            - minio
      `,
    );
  });

  it("a Celery worker retries its broker", () => {
    expectNoFindings(
      DEP,
      `
      services:
        redis:
          image: redis:7
        worker:
          build: .
          command: celery -A app worker --loglevel=info
          depends_on:
            - redis
      `,
    );
  });

  it("a wait loop or wait tool in the command (the forms seen in the corpus)", () => {
    for (const command of [
      `sh -c "until pg_isready -h db -p 5432; do sleep 2; done && exec app"`,
      `sh -c "while ! nc -z db 5432; do sleep 1; done; exec app"`,
      `dockerize -wait tcp://db:5432 -timeout 60s app`,
      `/tmp/wait-for-it.sh db:5432 -- app`,
    ]) {
      expectNoFindings(
        DEP,
        `
        services:
          db:
            image: postgres:16
          app:
            image: example/app:1
            command: ${command}
            depends_on:
              - db
        `,
      );
    }
  });
});

describe("clients that do not connect at start", () => {
  it("admin UIs connect when someone logs in; an idle container never", () => {
    const text = `
      services:
        postgres:
          image: postgres:16
        mysql:
          image: mysql:8
        pgadmin:
          image: dpage/pgadmin4
          depends_on: [postgres]
        adminer:
          image: adminer
          depends_on: [postgres]
        phpmyadmin:
          image: phpmyadmin
          depends_on: [mysql]
        shell:
          image: example/tools:1
          command: sleep infinity
          depends_on: [postgres]
      `;
    expectNoFindings(DEP, text);
    expectNoFindings(HC, text);
  });
});

describe("severity: warning only where it fails hard", () => {
  it("a one-shot `mc` job fails hard; after a fixed sleep, or with a restart policy, it is info", () => {
    expectFindings(
      DEP,
      `
      services:
        minio:
          image: minio/minio
          command: server /data
        now:
          image: minio/mc
          entrypoint: >
            /bin/sh -c "
            /usr/bin/mc alias set myminio http://minio:9000 user pass;
            /usr/bin/mc mb myminio/bucket;
            exit 0;
            "
          depends_on:
            - minio
      #       ^^^^^ depends-on-not-healthy warning
        later:
          image: minio/mc
          entrypoint: sh -c "sleep 10 && mc config host add minio http://minio:9000 user pass"
          depends_on:
            - minio
      #       ^^^^^ depends-on-not-healthy info
        again:
          image: example/migrate:1
          command: alembic upgrade head
          restart: on-failure
          depends_on:
            - minio
      #       ^^^^^ depends-on-not-healthy info
      `,
    );
  });

  it("an app we know nothing of (a `build:` without files on disk) is info, not a warning", () => {
    const [f] = expectFindings(
      DEP,
      `
      services:
        mongo:
          image: mongo:7
        backend:
          build: ./backend
          depends_on:
            - mongo
      #       ^^^^^ depends-on-not-healthy info
      `,
    );
    expect(f.detail).toMatch(/depends on its code/);
  });
});

describe("files next to the compose file", () => {
  it("a bind-mounted start script that waits", () => {
    const path = project({
      "scripts/start.sh": '#!/bin/sh\nuntil pg_isready -h "$DB_HOST"; do sleep 1; done\nexec app\n',
    });
    const text = `
      services:
        db:
          image: postgres:16
        app:
          image: example/app:1
          volumes:
            - ./scripts/start.sh:/start.sh:ro
          command: /start.sh
          depends_on:
            - db
      `;
    expectNoFindings(DEP, text, { path });
    // Without the file on disk nothing says it waits: it depends on the client.
    expectFindings(DEP, `${text.trimEnd()}\n      #       ^^ depends-on-not-healthy info\n`);
  });

  it("a script COPY'd by the Dockerfile (songzhm's wait-for-pgdb-and-minio.sh), and an image FROM apache/airflow", () => {
    const path = project({
      "mlflow/Dockerfile":
        'FROM python:3.11-slim\nCOPY wait.sh /wait.sh\nRUN pip install mlflow\nENTRYPOINT ["/wait.sh"]\n',
      "mlflow/wait.sh":
        '#!/bin/bash\nuntil python /check_db.py pgdb; do echo waiting; sleep 1; done\nexec "$@"\n',
      "airflow/Dockerfile":
        "FROM apache/airflow:2.10.4\nRUN pip install --no-cache-dir apache-airflow-providers-postgres\n",
    });
    const text = `
      services:
        pgdb:
          image: postgres:16
        tracker:
          build: ./mlflow
          command: ["python", "-m", "my_tracker"]
          depends_on:
            - pgdb
        scheduler:
          build:
            context: ./airflow
          command: scheduler
          depends_on:
            - pgdb
      `;
    expectNoFindings(DEP, text, { path });
    expectNoFindings(HC, text, { path });
  });

  it("a Dockerfile's HEALTHCHECK counts (rccohn's mlflow-server); without the file it is info, not an error", () => {
    const ID = "healthy-condition-without-healthcheck";
    const text = `
      services:
        mlflow:
          build: ./docker-images/mlflow-server
        client:
          image: example/app:1
          depends_on:
            mlflow:
              condition: service_healthy
      `;
    const path = project({
      "docker-images/mlflow-server/Dockerfile":
        'FROM python:3.11\nCOPY healthcheck.sh .\nHEALTHCHECK --start-period=10s CMD bash healthcheck.sh\nCMD ["mlflow", "server"]\n',
    });
    expectNoFindings(ID, text, { path });
    const found = analyze(text.replace(/^ {6}/gm, "")).findings.filter((f) => f.rule === ID);
    expect(found.map((f) => f.severity)).toEqual(["info"]);
    // A Dockerfile without HEALTHCHECK, FROM an image known to have none: Compose refuses, an error.
    const none = project({
      "docker-images/mlflow-server/Dockerfile": 'FROM python:3.11\nCMD ["mlflow", "server"]\n',
    });
    const errs = analyze(text.replace(/^ {6}/gm, ""), { path: none }).findings.filter((f) => f.rule === ID);
    expect(errs.map((f) => f.severity)).toEqual(["error"]);
  });
});

describe("what serves a database, and values that are not what runs", () => {
  it("an init job with POSTGRES_PASSWORD in its environment is a client, not a PostgreSQL server", () => {
    const text = `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: secret}
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1"]
        init:
          image: python:3.12
          command: python init_db.py
          environment: {POSTGRES_PASSWORD: secret, POSTGRES_HOST: db}
          depends_on:
            db:
              condition: service_healthy
        app:
          image: example/app:1
          depends_on:
            - init
      `;
    expectNoFindings(DEP, text);
    expectNoFindings(HC, text);
    const model = analyze(text.replace(/^ {6}/gm, "")).model;
    expect(model.databases.map((d) => d.service.name)).toEqual(["db"]);
  });

  it("a placeholder default of an unset variable is a hint, not an error (limcheekin's coolify file)", () => {
    const found = expectFindings(
      "wrong-db-host",
      `
      services:
        db:
          image: postgres:16
        mlflow:
          image: example/mlflow:1
          environment:
            - DATABASE_URL=\${DATABASE_URL:-postgresql://mlflow:password@host:5432/mlflow}
      #                                                                 ^^^^ wrong-db-host hint
      `,
    );
    expect(found).toHaveLength(1);
    // Once the variable has that value for real, the host is wrong for real.
    expectFindings(
      "wrong-db-host",
      `
      services:
        db:
          image: postgres:16
        mlflow:
          image: example/mlflow:1
          environment:
            - DATABASE_URL=postgresql://mlflow:password@host:5432/mlflow
      #                                                 ^^^^ wrong-db-host error
      `,
    );
  });

  it("localhost with no server of that kind in the project is a hint; with one, an error", () => {
    expectFindings(
      "db-host-localhost",
      `
      services:
        tests:
          image: example/tests:1
          environment:
            - DATABASE_URL=postgresql://u:p@localhost:5432/test
      #                                     ^^^^^^^^^ db-host-localhost hint
      `,
    );
    expectFindings(
      "db-host-localhost",
      `
      services:
        db:
          image: postgres:16
        tests:
          image: example/tests:1
          environment:
            - DATABASE_URL=postgresql://u:p@localhost:5432/test
      #                                     ^^^^^^^^^ db-host-localhost error
      `,
    );
  });
});

describe("a fix that would make it worse", () => {
  const db = (healthcheck: string, ports = "") => `
      services:
        db:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: secret}${ports}
          healthcheck:
            test: ${healthcheck}
        migrate:
          image: example/api:1
          command: alembic upgrade head
          depends_on:
            - db
      #       ^^ depends-on-not-healthy warning fix: can never pass
      `;
  it("is not preferred against a healthcheck that can never pass (service_healthy would never start the dependant)", () => {
    for (const [hc, ports] of [
      ['["CMD", "pg_isready -U postgres"]', ""],
      ['["CMD-SHELL", "pg_isready -q -U postgres | grep accepting"]', ""],
      ['["CMD-SHELL", "pg_isready -h localhost -p 5433"]', '\n          ports: ["5433:5432"]'],
    ]) {
      const [f] = expectFindings(DEP, db(hc, ports));
      expect(f.fixes?.map((x) => x.preferred)).toEqual([false]);
    }
  });
  it("is preferred against one that works", () => {
    const [f] = expectFindings(
      DEP,
      db('["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]').replace("fix: can never pass", "safe-fix"),
    );
    expect(f.fixes?.map((x) => x.preferred)).toEqual([true]);
  });
});

describe("more of what real stacks do", () => {
  it("a mounted init script that runs `superset db upgrade` fails hard: a warning (info without the file)", () => {
    const path = project({
      "docker/docker-init.sh":
        "#!/usr/bin/env bash\nset -e\n# Apply migrations\nsuperset db upgrade\nsuperset init\n",
    });
    const text = `
      services:
        db:
          image: postgres:16
        superset-init:
          image: apache/superset:4.0.0
          command: ["/app/docker/docker-init.sh"]
          volumes:
            - ./docker:/app/docker
          depends_on:
            - db
      #       ^^ depends-on-not-healthy SEVERITY
      `;
    const [f] = expectFindings(DEP, text.replace("SEVERITY", "warning"), { path });
    expect(f.detail).toMatch(/its start script `\/app\/docker\/docker-init.sh` runs it: a schema migration/);
    expectFindings(DEP, text.replace("SEVERITY", "info"));
  });

  it("a cron container acts later", () => {
    expectNoFindings(
      DEP,
      `
      services:
        db:
          image: postgres:16
        backup:
          image: example/backup:1
          command: crond -f -l 8
          depends_on:
            - db
      `,
    );
  });

  it("a database image running a client tool is a client, not a second server", () => {
    const text = `
      services:
        db:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1"]
        seed:
          image: postgres:16
          command: psql -h db -U postgres -f /seed.sql
          depends_on:
            db:
              condition: service_healthy
        app:
          image: example/app:1
          depends_on:
            - seed
      `;
    expectNoFindings(DEP, text);
    expectNoFindings(HC, text);
    expect(analyze(text.replace(/^ {6}/gm, "")).model.databases.map((d) => d.service.name)).toEqual(["db"]);
  });
});

describe("a migration after a wait is not a hard failure", () => {
  it("a wait tool in the command that does not name the database makes it info, not a warning", () => {
    expectFindings(
      DEP,
      `
      services:
        postgres:
          image: postgres:16
        migrate:
          image: example/api:1
          command: sh -c "python wait_for_database.py && alembic upgrade head"
          depends_on:
            - postgres
      #       ^^^^^^^^ depends-on-not-healthy info
      `,
    );
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, EXAMPLE, lintText, SEED_DIR } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "healthy-condition-without-healthcheck";

const ofRule = (text: string) => lintText(text).filter((f) => f.rule === ID);

describe(ID, () => {
  it("gives nothing on the seed, the fixed seed and the official Airflow compose files", () => {
    expect(ofRule(readFileSync(EXAMPLE, "utf8"))).toEqual([]);
    expect(ofRule(readFileSync(`${SEED_DIR}seed-after.yml`, "utf8"))).toEqual([]);
    for (const f of readdirSync(`${CORPUS_DIR}files`).filter((n) => n.startsWith("apache__airflow__"))) {
      expect(ofRule(readFileSync(`${CORPUS_DIR}files/${f}`, "utf8"))).toEqual([]);
    }
  });

  it("sits on the `service_healthy` value and quotes both Compose errors", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        postgres:
          image: postgres:13
        airflow:
          image: apache/airflow:2.7.0
          depends_on:
            postgres:
              condition: service_healthy
      #                  ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
      `,
    );
    expect(f.severity).toBe("error");
    expect(fullMessage(f)).toMatch(
      /^`airflow` waits for `postgres` to be healthy, but `postgres` has no healthcheck, so Compose refuses/,
    );
    expect(fullMessage(f)).toMatch(
      /"dependency failed to start: container <project>-postgres-1 has no healthcheck configured"/,
    );
    expect(fullMessage(f)).toMatch(/'Service "postgres" is missing a healthcheck configuration'/);
    expect(fullMessage(f)).not.toMatch(/unless/i);
    expect(f.related?.[0].message).toBe("`postgres` is defined here, without a healthcheck.");
    expect(f.fixes?.map((x) => [x.title, x.preferred])).toEqual([["Add healthcheck to `postgres`", true]]);
  });

  it("uses the container_name in the message and finds flow-style conditions", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        cache:
          image: redis:7
          container_name: my-redis
        app:
          image: alpine
          depends_on: {cache: {condition: service_healthy}}
      #                                   ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
      `,
    );
    expect(fullMessage(f)).toMatch(/container my-redis has no healthcheck configured/);
  });

  it("counts a disabled healthcheck as none, and offers no fix for it", () => {
    const found = expectFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          healthcheck:
            disable: true
        b:
          image: postgres:16
          healthcheck:
            test: ["NONE"]
        app:
          image: alpine
          depends_on:
            a: {condition: service_healthy}
      #                    ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
            b: {condition: service_healthy}
      #                    ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
      `,
    );
    expect(fullMessage(found[0])).toMatch(/its healthcheck is disabled.*\(`disable: true`\)/);
    expect(fullMessage(found[1])).toMatch(/its healthcheck is disabled.*\(`test: \["NONE"\]`\)/);
    expect(found.map((f) => f.fixes)).toEqual([[], []]);
  });

  it("hedges for images that may define a HEALTHCHECK, and tells what to add when it cannot", () => {
    const found = expectFindings(
      ID,
      `
      services:
        custom:
          image: ghcr.io/acme/api:1.2
        built:
          build: ./mlflow
        tracking:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: mlflow server --host 0.0.0.0
        app:
          image: alpine
          depends_on:
            custom: {condition: service_healthy}
      #                         ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
            built: {condition: service_healthy}
      #                        ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
            tracking: {condition: service_healthy}
      #                           ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
      `,
    );
    expect(fullMessage(found[0])).toMatch(
      /Unless the image `ghcr.io\/acme\/api:1.2` defines a HEALTHCHECK, Compose refuses to start it/,
    );
    expect(fullMessage(found[1])).toMatch(/Unless the image built for it defines a HEALTHCHECK/);
    expect(fullMessage(found[2])).not.toMatch(/unless/i);
    expect(fullMessage(found[2])).toMatch(
      /For MLflow: `test: \["CMD", "python", "-c", "import urllib.request/,
    );
    expect(found.map((f) => f.fixes)).toEqual([[], [], []]);
  });

  it("leaves healthchecks, built-in ones, optional dependencies, `extends` and unknown services alone", () => {
    expectNoFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres"]
        oracle-mysql:
          image: mysql/mysql-server:8.0
        maybe:
          image: alpine
        extended:
          extends: {file: base.yml, service: db}
        app:
          image: alpine
          depends_on:
            pg: {condition: service_healthy}
            oracle-mysql: {condition: service_healthy}
            maybe: {condition: service_healthy, required: false}
            extended: {condition: service_healthy}
            elsewhere: {condition: service_healthy}
      `,
    );
  });

  it("reports a condition in an anchor once, naming every service that uses it", () => {
    const [f] = expectFindings(
      ID,
      `
      x-airflow-common: &airflow-common
        image: apache/airflow:2.9.0
        depends_on:
          redis:
            condition: service_healthy
      #                ^^^^^^^^^^^^^^^ healthy-condition-without-healthcheck
      services:
        redis:
          image: redis:7
        webserver:
          <<: *airflow-common
        scheduler:
          <<: *airflow-common
      `,
    );
    expect(fullMessage(f)).toMatch(/^`webserver` and `scheduler` wait for `redis` to be healthy/);
    expect(fullMessage(f)).toMatch(/Compose refuses to start them/);
  });

  it("Add healthcheck: gives the target an image-aware healthcheck", () => {
    expectFix(
      ID,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --appendonly yes
        worker:
          image: apache/airflow:2.9.0
          depends_on:
            redis:
              condition: service_healthy
      `,
      `
      services:
        redis:
          image: redis:7
          command: redis-server --appendonly yes
          healthcheck:
            test: ["CMD", "redis-cli", "ping"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 10s
        worker:
          image: apache/airflow:2.9.0
          depends_on:
            redis:
              condition: service_healthy
      `,
    );
  });

  it("Add healthcheck: MinIO gets `mc ready local` (its newer images have no curl)", () => {
    expectFix(
      ID,
      `
      services:
        minio:
          image: minio/minio:RELEASE.2024-05-10T01-41-38Z
          command: server /data --console-address ":9001"
        create-bucket:
          image: minio/mc
          depends_on:
            minio:
              condition: service_healthy
          entrypoint: ["/bin/sh", "-c", "mc alias set s3 http://minio:9000 a b && mc mb -p s3/mlflow"]
      `,
      `
      services:
        minio:
          image: minio/minio:RELEASE.2024-05-10T01-41-38Z
          command: server /data --console-address ":9001"
          healthcheck:
            test: ["CMD", "mc", "ready", "local"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 10s
        create-bucket:
          image: minio/mc
          depends_on:
            minio:
              condition: service_healthy
          entrypoint: ["/bin/sh", "-c", "mc alias set s3 http://minio:9000 a b && mc mb -p s3/mlflow"]
      `,
    );
  });
});

import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

describe("database-published-on-all-interfaces", () => {
  it("reports database ports with no host IP or 0.0.0.0; warning only when no password is needed", () => {
    expectFindings(
      "database-published-on-all-interfaces",
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: \${PG:?}
          ports:
            - "5432:5432"
      #       ^^^^^^^^^^^ database-published-on-all-interfaces info fix: \`postgres\` publishes PostgreSQL port 5432:5432 on every interface
            - "0.0.0.0:5433:5432"
      #       ^^^^^^^^^^^^^^^^^^^ database-published-on-all-interfaces info fix: on \`0.0.0.0\`
        redis:
          image: redis:7
          ports:
            - 6379
      #       ^^^^ database-published-on-all-interfaces warning fix: Redis port 6379 on every interface
        minio:
          image: minio/minio:RELEASE.2024-01-16T16-07-38Z
          command: server /data --console-address :9001
          environment:
            MINIO_ROOT_PASSWORD: \${MINIO_PW:?}
          ports:
            - target: 9001
      #       ^^^^^^^^^^^^ database-published-on-all-interfaces info
              published: 9001
      `,
    );
  });

  it("ignores loopback, a specific address, a variable, apps and host networking", () => {
    expectNoFindings(
      "database-published-on-all-interfaces",
      `
      services:
        postgres:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: \${PG:?}
          ports:
            - "127.0.0.1:5432:5432"
            - "192.168.1.10:5433:5432"
            - "\${PG_BIND:-127.0.0.1}:5434:5432"
            - "[::1]:5435:5432"
        redis:
          image: redis:7
          network_mode: host
          ports:
            - "6379:6379"
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports:
            - "5000:5000"
        # Corpus (awesome-compose nextcloud-postgres): an app configured like postgres publishes its web port.
        nc:
          image: nextcloud:apache
          environment:
            - POSTGRES_PASSWORD=nextcloud
          ports:
            - 80:80
      `,
    );
  });

  const before = `
services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${PG:?}
    ports:
      - "5432:5432" # psql from the laptop
      - 0.0.0.0:5433:5432
      - 5432
      - target: 5432
        published: 5435
`;
  it("fixes a short mapping by putting 127.0.0.1 in front", () => {
    expectFix(
      "database-published-on-all-interfaces",
      before,
      before.replace('"5432:5432"', '"127.0.0.1:5432:5432"'),
      { title: "Publish it on 127.0.0.1 only" },
    );
  });
  it("fixes 0.0.0.0 by replacing it", () => {
    expectFix(
      "database-published-on-all-interfaces",
      before,
      before.replace("0.0.0.0:5433", "127.0.0.1:5433"),
      { title: "Publish it on 127.0.0.1 only", index: 1 },
    );
  });
  it("fixes a lone container port (random host port) with ip::port", () => {
    expectFix(
      "database-published-on-all-interfaces",
      before,
      before.replace("- 5432\n", "- 127.0.0.1::5432\n"),
      {
        title: "Publish it on 127.0.0.1 only",
        index: 2,
      },
    );
  });
  it("fixes the long syntax with host_ip", () => {
    expectFix("database-published-on-all-interfaces", before, `${before}        host_ip: 127.0.0.1\n`, {
      title: "Publish it on 127.0.0.1 only",
      index: 3,
    });
  });
});

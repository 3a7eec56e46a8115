import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "postgres18-data-mount";

describe(ID, () => {
  it("flags the old data mount on 18, 18.1-alpine, latest and untagged, short and long syntax", () => {
    const [f, , c] = expectFindings(
      ID,
      `
      services:
        a:
          image: postgres:18
          volumes:
            - pgdata:/var/lib/postgresql/data
      #              ^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount error safe-fix
        b:
          image: docker.io/library/postgres:18.1-alpine
          volumes:
            - ./data:/var/lib/postgresql/data/
      #              ^^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount
        c:
          image: postgres:latest
          volumes:
            - type: volume
              source: pgdata
              target: /var/lib/postgresql/data
      #               ^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount: (PostgreSQL 18+)
        d:
          image: postgres
          volumes: ["/var/lib/postgresql/data"]
      #              ^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount
        e:
          image: postgis/postgis:18-3.6
          volumes: ["x:/var/lib/postgresql/data"]
      #                ^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount
      volumes:
        pgdata:
        x:
      `,
    );
    expect(f.message).toBe(
      "`a` runs PostgreSQL 18, which does not use /var/lib/postgresql/data: the container exits.",
    );
    expect(f.message.length).toBeLessThanOrEqual(120);
    expect(c.message.length).toBeLessThanOrEqual(120);
    expect(f.detail).toMatch(/\(unused mount\/volume\)/);
  });

  it("says nothing before 18, with PGDATA set, an own entrypoint, an unknown tag, Bitnami or a mount at /var/lib/postgresql", () => {
    expectNoFindings(
      ID,
      `
      services:
        old:
          image: postgres:17-alpine
          volumes: ["a:/var/lib/postgresql/data"]
        pgdata:
          image: postgres:18
          environment: {PGDATA: /var/lib/postgresql/data}
          volumes: ["a:/var/lib/postgresql/data"]
        own:
          image: postgres:18
          entrypoint: ["/start.sh"]
          volumes: ["a:/var/lib/postgresql/data"]
        unknown:
          image: postgres:\${PG_TAG}
          volumes: ["a:/var/lib/postgresql/data"]
        bitnami:
          image: bitnami/postgresql:18
          volumes: ["a:/var/lib/postgresql/data"]
        right:
          image: postgres:18
          volumes: ["a:/var/lib/postgresql"]
        myorg:
          image: myorg/postgres:18
          volumes: ["a:/var/lib/postgresql/data"]
      volumes:
        a:
      `,
    );
  });

  it("is a warning when an env_file may set PGDATA", () => {
    expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:18
          env_file: [db.env]
          volumes: ["a:/var/lib/postgresql/data"]
      #                ^^^^^^^^^^^^^^^^^^^^^^^^ postgres18-data-mount warning: does not use
      volumes:
        a:
      `,
    );
  });

  it("fixes the short and the long syntax", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:18
          volumes:
            - "pgdata:/var/lib/postgresql/data:rw" # keep me
            - type: bind
              source: ./init
              target: /docker-entrypoint-initdb.d
      volumes:
        pgdata:
      `,
      `
      services:
        db:
          image: postgres:18
          volumes:
            - "pgdata:/var/lib/postgresql:rw" # keep me
            - type: bind
              source: ./init
              target: /docker-entrypoint-initdb.d
      volumes:
        pgdata:
      `,
    );
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:latest
          volumes:
            - type: volume
              source: pgdata
              target: /var/lib/postgresql/data
      volumes:
        pgdata:
      `,
      `
      services:
        db:
          image: postgres:latest
          volumes:
            - type: volume
              source: pgdata
              target: /var/lib/postgresql
      volumes:
        pgdata:
      `,
    );
  });
});

import { describe, expect, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { imageFacts, meantImageVariable } from "../model/knowledge/images";

const ID = "unknown-image-variable";

describe(ID, () => {
  it("names the variable meant: POSTGRES_DATABASE, POSTGRES_PASS, MYSQL_PASS, MYSQL_ROOT_PASS, a typo", () => {
    const [db, , , , , typo] = expectFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment:
            POSTGRES_DATABASE: mlflow
      #     ^^^^^^^^^^^^^^^^^ unknown-image-variable warning safe-fix: did you mean \`POSTGRES_DB\`?
            POSTGRES_PASS: secret
      #     ^^^^^^^^^^^^^ unknown-image-variable warning safe-fix: did you mean \`POSTGRES_PASSWORD\`?
        my:
          image: mysql:8.4
          environment:
            - MYSQL_PASS=x
      #       ^^^^^^^^^^ unknown-image-variable warning safe-fix: \`MYSQL_PASSWORD\`
            - MYSQL_ROOT_PASS=x
      #       ^^^^^^^^^^^^^^^ unknown-image-variable warning: \`MYSQL_ROOT_PASSWORD\`
            - MYSQL_USERNAME=u
      #       ^^^^^^^^^^^^^^ unknown-image-variable warning: \`MYSQL_USER\`
        mongo:
          image: mongo:7
          environment:
            MONGO_INITDB_ROOT_USERNAM: admin
      #     ^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-image-variable warning: \`MONGO_INITDB_ROOT_USERNAME\`
      `,
    );
    expect(db.message).toBe(
      "The `postgres` image does not read `POSTGRES_DATABASE`: did you mean `POSTGRES_DB`?",
    );
    expect(db.detail).toMatch(/The database `mlflow` is never created/);
    expect(typo.message.length).toBeLessThanOrEqual(120);
  });

  it("is a hint without a near name, with an init script or an own entrypoint, or with the near name set", () => {
    expectFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment:
            POSTGRES_HOST: a
      #     ^^^^^^^^^^^^^ unknown-image-variable hint no-fix: does not read
        b:
          image: postgres:16
          environment:
            POSTGRES_MULTIPLE_DATABASES: a,b
            POSTGRES_DATABASE: a
      #     ^^^^^^^^^^^^^^^^^ unknown-image-variable hint fix: did you mean
          volumes: ["./init:/docker-entrypoint-initdb.d"]
        c:
          image: postgres:16
          entrypoint: ["/custom.sh"]
          environment:
            POSTGRES_PASS: x
      #     ^^^^^^^^^^^^^ unknown-image-variable hint fix
        d:
          image: postgres:16
          environment:
            POSTGRES_DB: x
            POSTGRES_DATABASE: x
      #     ^^^^^^^^^^^^^^^^^ unknown-image-variable hint no-fix
      `,
    );
  });

  it("says nothing of variables the image or its tools read, _FILE forms, other prefixes, unknown images, what the command or an init script reads", () => {
    expectNoFindings(
      ID,
      `
      services:
        pg:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD_FILE: /run/secrets/pg
            POSTGRES_USER: u
            POSTGRES_DB: d
            POSTGRES_INITDB_ARGS: --data-checksums
            PGDATA: /var/lib/postgresql/data/pgdata
            MLFLOW_DB: x
        my:
          image: mysql:8.4
          environment: [MYSQL_PWD=x, MYSQL_ROOT_PASSWORD=y, MYSQL_ALLOW_EMPTY_PASSWORD=yes]
        bitnami:
          image: bitnami/postgresql:16
          environment: [POSTGRESQL_PASS=x, POSTGRES_PASS=y]
        mine:
          image: myorg/postgres:16
          environment: [POSTGRES_PASS=x]
        built:
          build: .
          environment: [POSTGRES_PASS=x]
        init:
          image: postgres:16
          environment: [POSTGRES_MLFLOW_USER=m, POSTGRES_MLFLOW_PASSWORD=p, POSTGRES_MLFLOW_DB=d]
          volumes: ["./init-user-db.sh:/docker-entrypoint-initdb.d/init-user-db.sh"]
        client:
          image: postgres:16
          command: ["sh", "-c", "psql -h $$POSTGRES_HOST -U postgres -c 'select 1'"]
          environment: [POSTGRES_HOST=pg]
      `,
    );
  });

  it("reads what the words after the prefix mean", () => {
    const pg = imageFacts("postgres")!;
    expect(meantImageVariable(pg, "POSTGRES_DBNAME")).toBe("POSTGRES_DB");
    expect(meantImageVariable(pg, "POSTGRES_PASS_FILE")).toBe("POSTGRES_PASSWORD_FILE");
    expect(meantImageVariable(pg, "POSTGRES_HOST")).toBeUndefined();
    expect(meantImageVariable(imageFacts("mongo")!, "MONGO_INITDB_ROOT_PASS")).toBe(
      "MONGO_INITDB_ROOT_PASSWORD",
    );
  });

  it("renames in the map and the list form", () => {
    expectFix(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: mlflow
            POSTGRES_DATABASE: mlflow # the database
      `,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: mlflow
            POSTGRES_DB: mlflow # the database
      `,
    );
    expectFix(
      ID,
      `
      services:
        db:
          image: mysql:8.4
          environment:
            - "MYSQL_PASS=x"
            - MYSQL_ROOT_PASSWORD=r
            - MYSQL_USER=u
      `,
      `
      services:
        db:
          image: mysql:8.4
          environment:
            - "MYSQL_PASSWORD=x"
            - MYSQL_ROOT_PASSWORD=r
            - MYSQL_USER=u
      `,
    );
  });
});

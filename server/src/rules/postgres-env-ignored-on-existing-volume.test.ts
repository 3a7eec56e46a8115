import { describe, expect, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";
import { envHover } from "../lsp/hover-docs";
import { buildModel } from "../model/build";

const ID = "postgres-env-ignored-on-existing-volume";

describe(ID, () => {
  it("says once per service, on its first login variable, that a named volume keeps the first values", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_USER: app
      #     ^^^^^^^^^^^^^ postgres-env-ignored-on-existing-volume info no-fix
            POSTGRES_PASSWORD: pw
            POSTGRES_DB: mlflow
          volumes:
            - pgdata:/var/lib/postgresql/data
        db18:
          image: postgres:18
          environment: [POSTGRES_PASSWORD_FILE=/run/secrets/pw]
      #                 ^^^^^^^^^^^^^^^^^^^^^^ postgres-env-ignored-on-existing-volume info
          volumes: [pg18:/var/lib/postgresql]
      volumes: {pgdata: {}, pg18: {}}
      `,
    );
    expect(f.message).toBe(
      "`POSTGRES_USER`, `POSTGRES_PASSWORD` and `POSTGRES_DB` apply only to an empty `pgdata`: later changes are ignored.",
    );
    expect(f.detail).toMatch(/Skipping initialization/);
  });

  it("says nothing without a named volume on the data directory, without the variables, or for other images", () => {
    expectNoFindings(
      ID,
      `
      services:
        a:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          volumes: ["./data:/var/lib/postgresql/data"]
        b:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
        c:
          image: postgres:16
          environment: {POSTGRES_HOST_AUTH_METHOD: trust}
          volumes: [pgdata:/var/lib/postgresql/data]
        d:
          image: postgres:18
          environment: {POSTGRES_PASSWORD: pw}
          volumes: [pgdata:/var/lib/postgresql/data]
        e:
          image: mysql:8
          environment: {MYSQL_ROOT_PASSWORD: pw}
          volumes: [pgdata:/var/lib/mysql]
        f:
          image: postgres:16
          environment: {POSTGRES_PASSWORD: pw}
          volumes: [logs:/var/log]
      volumes: {pgdata: {}, logs: {}}
      `,
    );
  });

  it("the hover of those variables says the same", () => {
    const text =
      "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes: {pgdata: {}}\n";
    const h = envHover(buildModel(text), text.indexOf("POSTGRES_USER") + 2);
    expect(h?.markdown).toMatch(/Applied only while volume `pgdata` is empty/);
    const bare = text.replace("    volumes: [pgdata:/var/lib/postgresql/data]\n", "");
    expect(envHover(buildModel(bare), bare.indexOf("POSTGRES_USER") + 2)?.markdown).not.toMatch(
      /Applied only/,
    );
  });
});

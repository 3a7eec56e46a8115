import { describe, expect, it } from "vitest";
import { lintText } from "../../../test/helpers/lint";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { parseSettings } from "../lsp/settings";
import { fullMessage } from "./types";

const RULE = "compose-schema";
const messages = (text: string, variables?: Map<string, string>) =>
  lintText(text, { variables })
    .filter((f) => f.rule === RULE)
    .map((f) => fullMessage(f));

describe("compose-schema: unknown keys, on the key, with did-you-mean", () => {
  it("depend_on, enviroment, portz name the key Compose means", () => {
    const found = expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          enviroment:
      #   ^^^^^^^^^^ compose-schema
            POSTGRES_PASSWORD: x
          portz:
      #   ^^^^^ compose-schema
            - 5432:5432
        app:
          image: app
          depend_on: [db]
      #   ^^^^^^^^^ compose-schema
      `,
    );
    expect(found.map((f) => fullMessage(f))).toEqual([
      "Unknown key `enviroment` in `services.db`. Did you mean `environment`?",
      "Unknown key `portz` in `services.db`. Did you mean `ports`?",
      "Unknown key `depend_on` in `services.app`. Did you mean `depends_on`?",
    ]);
  });

  it("renames a misspelt key (preferred) unless the map already has the right one", () => {
    expectFix(
      RULE,
      "services:\n  app:\n    image: app\n    depend_on: [db]\n  db:\n    image: x\n",
      "services:\n  app:\n    image: app\n    depends_on: [db]\n  db:\n    image: x\n",
    );
    const [f] = lintText(
      "services:\n  app:\n    image: app\n    depends_on: [db]\n    depend_on: [db]\n  db:\n    image: x\n",
    ).filter((x) => x.rule === RULE);
    expect(f.fixes ?? []).toEqual([]);
  });

  it("a key far from every allowed one gets no guess, and says custom keys start with x-", () => {
    expect(messages("services:\n  app:\n    image: app\n    owner: me\n")).toEqual([
      "Unknown key `owner` in `services.app` (custom keys must start with `x-`).",
    ]);
  });

  it("flags unknown top-level keys and bad service names", () => {
    expectFindings(
      RULE,
      `
      services:
        "my app":
      # ^^^^^^^^ compose-schema
          image: x
      servces: {}
      #^^^^^^ compose-schema
      `,
    );
  });
});

describe("compose-schema: wrong types and values, on the value", () => {
  it("ports as a string, services as a list, restart as a number", () => {
    expectFindings(
      RULE,
      `
      services:
        db:
          image: postgres:16
          ports: "5432:5432"
      #          ^^^^^^^^^^^ compose-schema
          healthcheck:
            test: ["CMD", "pg_isready"]
            interval: 10
      #               ^^ compose-schema
            retries: many
      #              ^^^^ compose-schema
          depends_on:
            cache:
              condition: service_healthly
      #                  ^^^^^^^^^^^^^^^^ compose-schema
        cache:
          image: redis:7
          privileged: maybe
      #               ^^^^^ compose-schema
      `,
    );
    expect(messages("services: []\n")).toEqual([
      "`services` must be a mapping, not a list. Write it as a mapping of `key: value` lines.",
    ]);
  });

  it("makes a lone value a list where only a list goes", () => {
    expectFix(
      RULE,
      'services:\n  db:\n    image: postgres:16\n    ports: "5432:5432"\n',
      'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n',
    );
  });

  it("changes a misspelt enum value to the allowed one", () => {
    expectFix(
      RULE,
      "services:\n  app:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthly\n  db:\n    image: y\n    healthcheck:\n      test: [CMD, 'true']\n",
      "services:\n  app:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: y\n    healthcheck:\n      test: [CMD, 'true']\n",
    );
  });

  it("a key with no value where a mapping goes is reported on the key", () => {
    expectFindings(
      RULE,
      `
      services:
        app:
          image: x
          healthcheck:
      #   ^^^^^^^^^^^ compose-schema
      `,
    );
  });

  it("duplicates in a unique list, malformed durations and `${`", () => {
    expectFindings(
      RULE,
      `
      services:
        app:
          image: x
          depends_on: [db, db]
      #                    ^^ compose-schema
          stop_grace_period: 10 seconds
      #                      ^^^^^^^^^^ compose-schema
          command: "echo \${"
      #            ^^^^^^^^^ compose-schema
        db:
          image: y
      `,
    );
  });
});

describe("compose-schema: accepts what Compose accepts", () => {
  it("interpolated values are checked after interpolation; unset variables are unknown", () => {
    const text = `
services:
  db:
    image: postgres:16
    ports:
      - \${PORT:-5432}:5432
    cpus: \${CPUS}
    mem_limit: \${MEM:-1g}
    privileged: \${PRIV}
    healthcheck:
      test: ["CMD", "pg_isready"]
      retries: \${RETRIES:-5}
      interval: \${INTERVAL}
    environment: \${ENV}
`;
    // environment: a variable cannot become a mapping, whatever its value.
    expect(messages(text)).toEqual([
      "`environment` must be a mapping or a list, not a string (interpolated).",
    ]);
    expect(
      messages("services:\n  db:\n    image: x\n    privileged: ${PRIV}\n", new Map([["PRIV", "perhaps"]])),
    ).toEqual(['`privileged` must be true or false, not "perhaps".']);
  });

  it("casts strings where Compose does: privileged: yes, cpus: '0.5', retries: '3'", () => {
    expectNoFindings(
      RULE,
      `
      services:
        app:
          image: x
          privileged: yes
          init: "true"
          cpus: "0.5"
          healthcheck:
            test: ["CMD", "true"]
            retries: "3"
            interval: 1m30s
      `,
    );
  });

  it("!reset, !override, x- extensions and merge keys", () => {
    expectNoFindings(
      RULE,
      `
      x-defaults: &defaults
        restart: unless-stopped
        anything: goes here
      services:
        app:
          <<: [*defaults]
          image: x
          ports: !reset []
          environment: !override
            A: b
          x-owner: team
      `.replace("anything: goes here\n", ""),
    );
    // What an anchor brings in is checked where it is written.
    expectFindings(
      RULE,
      `
      x-defaults: &defaults
        restrat: always
      # ^^^^^^^ compose-schema
      services:
        a:
          <<: *defaults
          image: x
        b:
          <<: *defaults
          image: x
      `,
    );
  });

  it("stays silent on files that are not YAML or not Compose at all", () => {
    expect(messages("services:\n  a: [\n")).toEqual([]);
    expect(messages("name: CI\non: push\njobs:\n  a:\n    runs-on: x\n")).toEqual([]);
  });
});

describe("mlopsCompose.schema.enable", () => {
  const text = "version: '3'\nservices:\n  a:\n    image: x\n    portz: []\n";
  const schemaRules = (config: ReturnType<typeof parseSettings>["lint"]) =>
    lintText(text, {}, config)
      .filter((f) => f.rule === RULE || f.rule === "deprecated-key")
      .map((f) => f.rule);
  it("false turns compose-schema and deprecated-key off, nested or flat; default on", () => {
    expect(schemaRules(parseSettings({}).lint)).toContain(RULE);
    expect(parseSettings({ schema: { enable: false } }).lint.schema).toEqual({ enable: false });
    expect(schemaRules(parseSettings({ schema: { enable: false } }).lint)).toEqual([]);
    expect(schemaRules(parseSettings({ "schema.enable": false }).lint)).toEqual([]);
    // Only the schema's rules: the others still run.
    expect(
      lintText(text, {}, parseSettings({ schema: { enable: false } }).lint).map((f) => f.rule),
    ).toContain("obsolete-version");
  });
});

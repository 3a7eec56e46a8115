import { describe, expect, it } from "vitest";
import { type ScriptRun, shellRunsUnderBoth } from "../../../test/helpers/compose-argv";
import { dedent, expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";
import { fullMessage } from "./types";

const ID = "command-line-break";

const MLFLOW_WRONG = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command: >
        bash -c "
          mlflow server
            --backend-store-uri sqlite:///mlflow.db
            --host 0.0.0.0
        "
`;

// What the 0.1 fix wrote: right under Compose v1, still broken under v2.
const MLFLOW_BACKSLASHES = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command: >
        bash -c "
          mlflow server \\
            --backend-store-uri sqlite:///mlflow.db \\
            --host 0.0.0.0
        "
`;

const MLFLOW_RIGHT = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command:
        - bash
        - -c
        - |
          mlflow server \\
            --backend-store-uri sqlite:///mlflow.db \\
            --host 0.0.0.0
`;

const AIRFLOW_WRONG = `
  services:
    airflow-webserver:
      image: apache/airflow:2.7.0-python3.9
      command: >
        bash -c "
          airflow db migrate &&
          airflow users create
            --username admin
            --password $$AIRFLOW_PASSWORD
            --email \${ADMIN_EMAIL:-admin@example.com} &&
          airflow webserver
        "
`;

const AIRFLOW_RIGHT = `
  services:
    airflow-webserver:
      image: apache/airflow:2.7.0-python3.9
      command:
        - bash
        - -c
        - |
          airflow db migrate &&
          airflow users create \\
            --username admin \\
            --password $$AIRFLOW_PASSWORD \\
            --email \${ADMIN_EMAIL:-admin@example.com} &&
          airflow webserver
`;

const MLFLOW_CALL = ["mlflow", "server", "--backend-store-uri", "sqlite:///mlflow.db", "--host", "0.0.0.0"];

const SINGLE_QUOTED = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command: >
        bash -c '
          mlflow server \\
            --backend-store-uri sqlite:///mlflow.db \\
            --host 0.0.0.0
        '
`;

const DOUBLED_BACKSLASH = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command: >
        bash -c "
          mlflow server \\\\
            --backend-store-uri sqlite:///mlflow.db \\\\
            --host 0.0.0.0
        "
`;

const LIST_WRONG = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command:
        - bash
        - -c
        - >
          mlflow server
            --backend-store-uri sqlite:///mlflow.db
            --host 0.0.0.0
`;

const LIST_RIGHT = `
  services:
    mlflow:
      image: ghcr.io/mlflow/mlflow:v2.16.0
      command:
        - bash
        - -c
        - >
          mlflow server \\
            --backend-store-uri sqlite:///mlflow.db \\
            --host 0.0.0.0
`;

const mlflow = (text: string) => ({ text: dedent(text), service: "mlflow", programs: ["mlflow"] });
const SCENARIOS = {
  wrong: mlflow(MLFLOW_WRONG),
  backslashes: mlflow(MLFLOW_BACKSLASHES),
  right: mlflow(MLFLOW_RIGHT),
  singleQuoted: mlflow(SINGLE_QUOTED),
  doubledBackslash: mlflow(DOUBLED_BACKSLASH),
  listWrong: mlflow(LIST_WRONG),
  listRight: mlflow(LIST_RIGHT),
  airflowRight: {
    text: dedent(AIRFLOW_RIGHT),
    service: "airflow-webserver",
    programs: ["airflow"],
    containerEnv: { AIRFLOW_PASSWORD: "s3cret" },
  },
};
type Scenario = keyof typeof SCENARIOS;

// Both CLIs read every scenario once (v1's Python start-up dominates), then bash runs each.
let ran: Record<Scenario, { v2: ScriptRun; v1: ScriptRun }> | undefined;
function runOf(name: Scenario): { v2: ScriptRun; v1: ScriptRun } {
  if (!ran) {
    const names = Object.keys(SCENARIOS) as Scenario[];
    const results = shellRunsUnderBoth(names.map((n) => SCENARIOS[n]));
    ran = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<
      Scenario,
      { v2: ScriptRun; v1: ScriptRun }
    >;
  }
  return ran![name];
}

const notFound = (run: ScriptRun) => /command not found/.test(run.stderr);

describe(ID, () => {
  it("finds options cut off by a kept line break in a folded block", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              mlflow server
                --backend-store-uri sqlite:///mlflow.db
      #         ^^^^^^^^^^^^^^^^^^^ command-line-break
                --host 0.0.0.0
            "
      `,
    );
    expect(fullMessage(f!)).toMatch(
      /^`mlflow server` ends at the line break before `--backend-store-uri`, so it starts without its options\. In a folded block/,
    );
    expect(fullMessage(f!)).not.toMatch(/Compose v/);
  });

  it("under both CLIs bash runs the wrong example's options as commands of their own", () => {
    for (const run of Object.values(runOf("wrong"))) {
      expect(run.calls).toEqual([["mlflow", "server"]]);
      expect(run.stderr).toMatch(/--backend-store-uri: command not found/);
    }
  });

  it("a backslash at the line ends inside double quotes: broken under v2 only, and says so", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              mlflow server \\
                --backend-store-uri sqlite:///mlflow.db \\
      #         ^^^^^^^^^^^^^^^^^^^ command-line-break
                --host 0.0.0.0
            "
      `,
    );
    expect(fullMessage(f!)).toContain(
      "Compose v2 (`docker compose`) drops the backslash before a line break inside double quotes",
    );
    expect(fullMessage(f!)).toContain("Compose v1 (`docker-compose`) reads it as one command.");
    // The claim, from the real CLIs: v1 hands bash the continuation, v2 does not.
    const run = runOf("backslashes");
    expect(run.v1.calls).toEqual([MLFLOW_CALL]);
    expect(notFound(run.v1)).toBe(false);
    expect(run.v2.calls).toEqual([["mlflow", "server"]]);
    expect(run.v2.stderr).toMatch(/--backend-store-uri: command not found/);
  });

  it("where the other CLI refuses the command, the message says so instead", () => {
    const [f] = expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              mlflow server
                --host 0.0.0.0
      #         ^^^^^^ command-line-break
            " (x)
      `,
    );
    expect(fullMessage(f!)).toContain("Under Compose v1 (`docker-compose`) the shell runs --host");
    expect(fullMessage(f!)).toContain(
      'Compose v2 (`docker compose`) refuses the command ("invalid command line string").',
    );
  });

  it("same indentation folds into one line: nothing to report", () => {
    expectNoFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "mlflow server
            --backend-store-uri sqlite:///mlflow.db
            --host 0.0.0.0"
      `,
    );
  });

  it("continuations both CLIs keep are fine: single quotes, a doubled backslash, a list", () => {
    for (const text of [SINGLE_QUOTED, DOUBLED_BACKSLASH, MLFLOW_RIGHT]) expectNoFindings(ID, text);
    for (const name of ["singleQuoted", "doubledBackslash", "right"] as const) {
      const run = runOf(name);
      for (const r of [run.v2, run.v1]) {
        expect(r.calls, name).toEqual([MLFLOW_CALL]);
        expect(notFound(r), name).toBe(false);
      }
    }
  });

  it("lines already continued with a backslash, and && chains, are fine", () => {
    expectNoFindings(
      ID,
      `
      services:
        app:
          image: python:3.12
          command:
            - bash
            - -c
            - |
              pip install x &&
                python -m app \\
                  --port 8080
      `,
    );
  });

  it("rewrites a string command as a list with the script in a literal block", () => {
    expectFix(ID, MLFLOW_WRONG, MLFLOW_RIGHT, {
      title: "Write the command as a list, the script in a block with ` \\` at the line ends",
    });
    // The 0.1 fix's output gets the same rewrite; its backslashes stay.
    expectFix(ID, MLFLOW_BACKSLASHES, MLFLOW_RIGHT);
  });

  it("the rewrite keeps $$ and ${VAR} as written, and bash gets every option under both CLIs", () => {
    expectFix(ID, AIRFLOW_WRONG, AIRFLOW_RIGHT);
    const run = runOf("airflowRight");
    for (const r of [run.v2, run.v1]) {
      expect(r.calls).toEqual([
        ["airflow", "db", "migrate"],
        [
          "airflow",
          "users",
          "create",
          "--username",
          "admin",
          "--password",
          "s3cret",
          "--email",
          "admin@example.com",
        ],
        ["airflow", "webserver"],
      ]);
      expect(notFound(r)).toBe(false);
    }
  });

  it("a real file's trailing spaces and unset variables survive the rewrite (corpus: sdeery14/mlops-stack)", () => {
    const before = [
      "services:",
      "  mlflow:",
      "    image: ghcr.io/mlflow/mlflow:v2.16.0",
      "    command: >",
      '      /bin/bash -c "',
      "        pip install --no-cache-dir 'mlflow[auth]' &&",
      "        mlflow server ",
      "          --host 0.0.0.0 ",
      "          --backend-store-uri ${MLFLOW_BACKEND_STORE_URI} ",
      "          --app-name basic-auth",
      '      "',
      "",
    ].join("\n");
    const after = [
      "services:",
      "  mlflow:",
      "    image: ghcr.io/mlflow/mlflow:v2.16.0",
      "    command:",
      "      - /bin/bash",
      "      - -c",
      "      - |",
      "        pip install --no-cache-dir 'mlflow[auth]' &&",
      "        mlflow server \\",
      "          --host 0.0.0.0 \\",
      "          --backend-store-uri ${MLFLOW_BACKEND_STORE_URI} \\",
      "          --app-name basic-auth",
      "",
    ].join("\n");
    expectFix(ID, before, after);
  });

  it("a list command keeps its form: ` \\` at the line ends, which both CLIs pass as is", () => {
    expectFix(ID, LIST_WRONG, LIST_RIGHT, { title: "Continue the command with ` \\` at the line ends" });
    for (const r of Object.values(runOf("listWrong"))) expect(r.calls).toEqual([["mlflow", "server"]]);
    for (const r of Object.values(runOf("listRight"))) expect(r.calls).toEqual([MLFLOW_CALL]);
  });

  it("no rewrite where it would lose a comment or re-indent a multi-line string", () => {
    const withComment = `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: > # start the server
            bash -c "
              mlflow server
                --host 0.0.0.0
      #         ^^^^^^ command-line-break
            "
    `;
    const multiLineString = `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              echo 'a
                b' &&
              mlflow server
                --host 0.0.0.0
      #         ^^^^^^ command-line-break
            "
    `;
    for (const text of [withComment, multiLineString]) {
      const [f] = expectFindings(ID, text);
      expect(f!.fixes).toEqual([]);
    }
  });
});

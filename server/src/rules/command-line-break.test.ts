import { describe, it } from "vitest";
import { expectFindings, expectFix, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "command-line-break";

describe(ID, () => {
  it("finds options cut off by a kept line break in a folded block", () => {
    expectFindings(
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

  it("adds ` \\` at each line end, keeping everything else", () => {
    expectFix(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              mlflow server
                --backend-store-uri sqlite:///mlflow.db
                --host 0.0.0.0
            "
      `,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.0
          command: >
            bash -c "
              mlflow server \\
                --backend-store-uri sqlite:///mlflow.db \\
                --host 0.0.0.0
            "
      `,
    );
  });
});

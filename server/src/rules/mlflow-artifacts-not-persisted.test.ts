import { describe, expect, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";

const ID = "mlflow-artifacts-not-persisted";

describe(ID, () => {
  it("flags the defaults of a bare server: sqlite:///mlflow.db (3.7+) and ./mlartifacts, both in /", () => {
    const found = expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v3.7.0
          command: mlflow server --host 0.0.0.0
      #                   ^^^^^^ mlflow-artifacts-not-persisted warning no-fix
      #                   ^^^^^^ mlflow-artifacts-not-persisted warning no-fix
      `,
    );
    expect(found.map((f) => f.message)).toEqual([
      "`mlflow` has no backend store: its runs go to the default `sqlite:///mlflow.db`, inside the container with no volume.",
      "`mlflow` stores the artifacts it serves in the default `/mlartifacts`, inside the container with no volume.",
    ]);
  });

  it("flags a local sqlite backend and a local root with nobody elsewhere; a volume elsewhere does not help", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          volumes: ["data:/data"]
          command: mlflow server --backend-store-uri sqlite:///mlflow.db --default-artifact-root /mlruns
      #                                              ^^^^^^^^^^^^^^^^^^^ mlflow-artifacts-not-persisted warning: \`sqlite:///mlflow.db\`
      #                                                                                          ^^^^^^^ mlflow-artifacts-not-persisted warning: \`/mlruns\`
      volumes:
        data:
      `,
    );
  });

  it("flags a proxied destination with no volume, and the post's ./mlruns in an image whose working directory is unknown but which mounts nothing", () => {
    expectFindings(
      ID,
      `
      services:
        mlflow:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --backend-store-uri postgresql://u:p@db/m --artifacts-destination /data/artifacts
      #                                                                                            ^^^^^^^^^^^^^^^ mlflow-artifacts-not-persisted warning
        post:
          image: mlflow/mlflow:2.7.1
          command: mlflow server --backend-store-uri postgresql://u:p@db/m --default-artifact-root ./mlruns
      #                                                                                            ^^^^^^^^ mlflow-artifacts-not-persisted warning
      `,
    );
  });

  it("says nothing when a mount holds the path, the path is remote or unknown, or the root is written elsewhere", () => {
    expectNoFindings(
      ID,
      `
      services:
        kept:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          volumes: ["mlflow:/mlflow"]
          command: mlflow server --backend-store-uri sqlite:////mlflow/mlflow.db --artifacts-destination /mlflow/artifacts
        relative:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          volumes: ["./data:/data"]
          working_dir: /data
          command: mlflow server --backend-store-uri sqlite:///mlflow.db --artifacts-destination ./artifacts
        remote:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --backend-store-uri postgresql://u:p@db/m --default-artifact-root s3://bucket/
        unknown-wd:
          image: mycompany/mlflow:1
          volumes: ["./data:/data"]
          command: mlflow server --backend-store-uri sqlite:///mlflow.db --artifacts-destination ./artifacts
        variable:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          command: mlflow server --backend-store-uri \${DB} --artifacts-destination \${ART}
        env-file:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          env_file: mlflow.env
          command: mlflow server --host 0.0.0.0
        elsewhere:
          image: ghcr.io/mlflow/mlflow:v2.16.2
          ports: ["5000:5000"]
          command: mlflow server --backend-store-uri postgresql://u:p@db/m --default-artifact-root ./mlruns
      volumes:
        mlflow:
      `,
    );
  });
});

/**
 * mlflow-artifacts-not-persisted: what the MLflow server stores on its own disk (the
 * artifacts it serves from `--artifacts-destination`, default `./mlartifacts`; a local
 * `--default-artifact-root`; a local backend store, `sqlite:///mlflow.db` by default since
 * 3.7 and `./mlruns` before) sits in the container's writable layer when no volume or bind
 * mount holds that path: `docker compose down`, a new image or any change that re-creates the
 * container loses every run or artifact. A local root that clients elsewhere write to is
 * mlflow-artifact-root-local's finding, not this one. Unknown working directory with mounts,
 * `volumes_from`, variables, an `env_file` that may set the option: nothing.
 */
import type { MlflowOptionValue, MlflowServer, MlflowStorePath } from "../model/facts";
import { localStorePath } from "../model/facts/mlflow";
import { defineRule } from "./types";

interface Unkept {
  server: MlflowServer;
  option: MlflowOptionValue;
  what: "backend" | "artifacts";
  store: MlflowStorePath;
}

export const mlflowArtifactsNotPersisted = defineRule<Unkept>({
  meta: {
    id: "mlflow-artifacts-not-persisted",
    title: "The MLflow server keeps its runs or artifacts inside its container",
    defaultSeverity: "warning",
    fixable: false,
  },
  run({ facts }) {
    const out: Unkept[] = [];
    for (const server of facts.mlflow.servers()) {
      if (facts.project.extendsOf(server.service)) continue;
      const check = (option: MlflowOptionValue, what: Unkept["what"]) => {
        if (!option.known || option.value === undefined) return;
        const path = localStorePath(option.value);
        if (path === undefined) return;
        const store = facts.mlflow.storePath(server, path);
        if (store.mount === undefined) out.push({ server, option, what, store });
      };
      check(server.option("--backend-store-uri"), "backend");
      const root = server.option("--default-artifact-root");
      const serving = server.option("--serve-artifacts");
      const proxied =
        root.known &&
        (root.from === "default" || root.value?.startsWith("mlflow-artifacts:")) &&
        serving.known &&
        serving.value === "true";
      if (proxied) check(server.option("--artifacts-destination"), "artifacts");
      else if (root.from !== "default") {
        const { clients, host } = facts.mlflow.writersElsewhere(server);
        // Written elsewhere: mlflow-artifact-root-local says so.
        if (clients.length === 0 && !host) check(root, "artifacts");
      }
    }
    return out;
  },
  diagnostic(_ctx, { server, option, what, store }) {
    const str = option.from === "flag" ? option.str : option.from === "env" ? option.env?.value : undefined;
    const where = store.absolute ? `\`${store.absolute}\`` : `\`${store.path}\``;
    const name = server.service.name;
    const isDefault = option.from === "default";
    const subject =
      what === "backend"
        ? isDefault
          ? `\`${name}\` has no backend store: its runs go to the default \`${option.value}\``
          : `The runs of \`${name}\` go to \`${option.value}\``
        : isDefault
          ? `\`${name}\` stores the artifacts it serves in the default ${where}`
          : `The artifacts of \`${name}\` go to ${where}`;
    return {
      span: str?.span() ?? server.subcommand.span(),
      message: `${subject}, inside the container with no volume.`,
      detail:
        `No volume or bind mount of \`${name}\` holds ${where}, so it lives in the container's writable ` +
        "layer: `docker compose down`, a new image or any change that re-creates the container loses " +
        `every ${what === "backend" ? "experiment and run" : "artifact"}. Mount a named volume there ` +
        `(\`volumes: [mlflow-data:<dir>]\`), or use ${what === "backend" ? "a database backend store (`--backend-store-uri postgresql://…`)" : "an object store (`--artifacts-destination s3://bucket`)"}.`,
    };
  },
});

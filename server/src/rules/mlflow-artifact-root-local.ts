/**
 * mlflow-artifact-root-local: `--default-artifact-root` (or `MLFLOW_DEFAULT_ARTIFACT_ROOT`) is
 * a local path (`./mlruns`, `/mlflow/artifacts`, `file:/…`) while clients log from elsewhere.
 * MLflow records the root as each new experiment's artifact location and every client writes
 * artifacts there itself, on its own filesystem: a trainer in another container writes into
 * that container, a script on the Docker host into its own directory, and the UI, which reads
 * the server's disk, shows none of them (mlflow/mlflow#6274, #10450). Not reported when the
 * clients mount what the server mounts (a shared volume at the same path may be meant), or
 * when only the Docker host reaches it and the root is on a bind mount.
 * Fix (preferred, artifact serving on): the root becomes `--artifacts-destination`, so the
 * server stores what clients upload through it (`mlflow-artifacts:/`).
 */
import { replaceSpan } from "../edits/text";
import type { MlflowOptionValue, MlflowServer } from "../model/facts";
import { localStorePath } from "../model/facts/mlflow";
import type { Service } from "../model/types";
import { nameList } from "./phrases";
import { defineRule } from "./types";

interface LocalRoot {
  server: MlflowServer;
  root: MlflowOptionValue;
  path: string;
  clients: Service[];
  host: boolean;
}

export const mlflowArtifactRootLocal = defineRule<LocalRoot>({
  meta: {
    id: "mlflow-artifact-root-local",
    title: "A local MLflow artifact root that clients elsewhere write to their own disk",
    defaultSeverity: "warning",
    fixable: true,
  },
  run({ facts }) {
    const out: LocalRoot[] = [];
    for (const server of facts.mlflow.servers()) {
      if (facts.project.extendsOf(server.service)) continue;
      const root = server.option("--default-artifact-root");
      if (root.from === "default" || !root.known || root.value === undefined) continue;
      const path = localStorePath(root.value);
      if (path === undefined) continue;
      const { clients, host } = facts.mlflow.writersElsewhere(server);
      if (clients.length === 0 && !host) continue;
      out.push({ server, root, path, clients, host });
    }
    return out;
  },
  diagnostic(_ctx, { server, root, path, clients, host }) {
    const who = [
      clients.length > 0
        ? `${nameList(clients.map((s) => s.name))} in ${clients.length === 1 ? "its" : "their"} own container`
        : "",
      host ? "scripts on the Docker host (through the published port) in their own directory" : "",
    ]
      .filter(Boolean)
      .join(", and ");
    return {
      span: (root.from === "flag" ? root.str : root.env?.value)?.span() ?? server.subcommand.span(),
      message: `Artifact root \`${root.value}\` is a local path: clients of \`${server.service.name}\` write artifacts to their own disk.`,
      detail:
        `MLflow records \`${path}\` as each new experiment's artifact location and every client writes ` +
        `artifacts there itself: ${who}. The UI reads the server's disk and shows none of them; a client ` +
        "that cannot create the directory fails with `PermissionError` or `Read-only file system`. " +
        "Let the server store artifacts: `--artifacts-destination <path on a volume>` with artifact serving " +
        "(the default since MLflow 2.0) and no `--default-artifact-root`, so clients upload through it " +
        "(`mlflow-artifacts:/`). Experiments created before keep their recorded location.",
    };
  },
  fixes(_ctx, { server, root }) {
    // Only the flag word changes: the same path becomes where the server stores proxied artifacts.
    if (root.from !== "flag" || !root.flagWord) return [];
    const serving = server.option("--serve-artifacts");
    if (!serving.known || serving.value !== "true") return [];
    if (server.option("--artifacts-destination").from !== "default") return [];
    const word = root.flagWord;
    const flag = "--default-artifact-root";
    if (!word.value.startsWith(flag)) return [];
    const span = word.editableSpan(0, flag.length);
    if (!span || !word.canHold("--artifacts-destination")) return [];
    return [
      {
        title: "Let the server store artifacts (`--artifacts-destination`)",
        edits: [replaceSpan(span, "--artifacts-destination")],
        preferred: true,
      },
    ];
  },
});

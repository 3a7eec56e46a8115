/**
 * mlflow-missing-driver: the official `ghcr.io/mlflow/mlflow` image (not its `-full` tags) and
 * a plain `python` image with `pip install mlflow` have MLflow and nothing else: no database
 * driver (psycopg2, pymysql, mysqlclient, pyodbc) and no cloud SDK (boto3, ...). A
 * `postgresql://` backend store then fails at start (`ModuleNotFoundError: No module named
 * 'psycopg2'`), an `s3://` artifact store when artifacts are uploaded or shown (`No module
 * named 'boto3'`). Nothing is said when the command installs the package, installs from a
 * requirements file or with extras, or the image is built or unknown.
 * Fix (preferred): the same version's `-full` tag (3.9.0 and later), which ships them.
 */
import { replaceSpan } from "../edits/text";
import type { MlflowOptionValue, MlflowServer } from "../model/facts";
import { compareMlflowVersions, MLFLOW_IMAGE, mlflowSchemeDriver } from "../model/knowledge/mlflow";
import { defineRule } from "./types";

interface Missing {
  server: MlflowServer;
  option: MlflowOptionValue;
  module: string;
  packages: string[];
  use: "backend-store" | "artifact-store";
}

const FULL_SINCE = "3.9.0";

export const mlflowMissingDriver = defineRule<Missing>({
  meta: {
    id: "mlflow-missing-driver",
    title: "The MLflow image lacks the driver its store needs",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: Missing[] = [];
    for (const server of facts.mlflow.servers()) {
      const official = server.officialImage && !server.officialImage.full;
      const python = server.pythonImage && server.installs.has("mlflow");
      if ((!official && !python) || server.installsUnknown) continue;
      if (server.service.image?.str.hasUnresolved()) continue;
      const seen = new Set<string>();
      const check = (flag: string, use: Missing["use"]) => {
        const option = server.option(flag);
        if (option.from === "default" || !option.known || option.value === undefined) return;
        const driver = mlflowSchemeDriver(option.value, use);
        if (!driver?.module || seen.has(driver.module)) return;
        // Any install that names the module's package family (psycopg2-binary, psycopg[binary], boto3).
        const family = driver.module.split(".")[0].toLowerCase();
        const installed = [...server.installs].some(
          (p) => driver.packages.includes(p) || p.replace(/-/g, "").includes(family.replace(/-/g, "")),
        );
        if (installed) return;
        seen.add(driver.module);
        out.push({ server, option, module: driver.module, packages: driver.packages, use });
      };
      check("--backend-store-uri", "backend-store");
      check("--registry-store-uri", "backend-store");
      const serving = server.option("--serve-artifacts");
      if (serving.known && serving.value === "true") check("--artifacts-destination", "artifact-store");
      check("--default-artifact-root", "artifact-store");
    }
    return out;
  },
  diagnostic(_ctx, { server, option, module, packages, use }) {
    const image = server.officialImage
      ? `The official image \`${server.service.image!.str.value}\``
      : "A `python` image with `pip install mlflow`";
    const str = option.from === "flag" ? option.str : option.env?.value;
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(option.value ?? "")?.[0].slice(0, -1);
    const schemeSpan =
      str && scheme && str.value.startsWith(scheme) ? str.span(0, scheme.length) : str?.span();
    const when =
      use === "backend-store"
        ? "the server exits at start with `ModuleNotFoundError: No module named '" +
          `${module}'\` (then "Error initializing backend store")`
        : `uploading or showing artifacts fails with \`ModuleNotFoundError: No module named '${module}'\``;
    const full =
      server.officialImage && (!server.version || compareMlflowVersions(server.version, FULL_SINCE) >= 0)
        ? ` or use the image's \`-full\` tag, which ships the drivers`
        : "";
    return {
      span: schemeSpan ?? server.subcommand.span(),
      severity: use === "artifact-store" ? "warning" : undefined,
      message: `MLflow server \`${server.service.name}\` has no \`${module}\` for its ${scheme ?? ""} ${use === "backend-store" ? "backend store" : "artifacts"}: the image ships MLflow only.`,
      detail:
        `${image} installs MLflow only ` +
        "(mlflow/mlflow docker/Dockerfile: `pip install mlflow==$VERSION`), so " +
        `${when}. Install it before the server starts (\`pip install ${packages[0]} && mlflow server ...\`, ` +
        `as MLflow's own docker-compose does)${full}.`,
    };
  },
  fixes(_ctx, { server }) {
    const img = server.service.image;
    if (!server.officialImage || !img?.tag) return [];
    if (server.version ? compareMlflowVersions(server.version, FULL_SINCE) < 0 : img.tag !== "latest")
      return [];
    const at = img.str.value.lastIndexOf(img.tag);
    const span = img.str.editableSpan(at + img.tag.length, at + img.tag.length);
    if (!span || !img.str.canHold("-full")) return [];
    return [
      {
        title: `Use image \`${MLFLOW_IMAGE.registry}/mlflow/mlflow:${img.tag}-full\``,
        edits: [replaceSpan(span, "-full")],
        preferred: true,
      },
    ];
  },
});

/**
 * mlflow-allowed-hosts: from 3.5.0 the MLflow server (uvicorn, its default) checks the Host
 * header against `--allowed-hosts` / `MLFLOW_SERVER_ALLOWED_HOSTS`, by default the loopback
 * names and private IP addresses only. A client that reaches it by service name
 * (`MLFLOW_TRACKING_URI: http://mlflow:5000`) sends `Host: mlflow:5000` and every request
 * but /health gets 403 "Invalid Host header - possible DNS rebinding attack detected"
 * (mlflow/server/security_utils.py, fastapi_security.py). Reported only when the version is
 * known to be 3.5 or later (an image tag, `pip install mlflow==x`; `latest` of the official
 * image, or an unpinned `pip install mlflow`), the server is not run by gunicorn or waitress,
 * the middleware is not disabled and the list is known.
 * Fix (preferred): add the names the clients use (and, for the default list, what a browser
 * through the published port sends) to the list.
 */
import { addCommandOption } from "../edits/command-option";
import type { TextEdit } from "../edits/types";
import type { MlflowOptionValue, MlflowServer } from "../model/facts";
import { compareMlflowVersions, MLFLOW_HOST_CHECK, mlflowHostAllowed } from "../model/knowledge/mlflow";
import type { Service } from "../model/types";
import { nameList } from "./phrases";
import { defineRule } from "./types";

interface Rejected {
  server: MlflowServer;
  allowed: MlflowOptionValue;
  /** The Host headers the clients send that the list rejects, with who sends them. */
  hosts: { header: string; clients: Service[] }[];
}

/** A version that is surely 3.5 or later: written, or the newest (official `latest`, unpinned pip). */
function surelyChecks(server: MlflowServer): boolean {
  if (server.version) return compareMlflowVersions(server.version, MLFLOW_HOST_CHECK.since) >= 0;
  const tag = server.service.image?.tag;
  if (server.officialImage && (tag === "latest" || tag === "latest-full" || tag === undefined)) return true;
  return server.pythonImage && server.installs.has("mlflow") && !server.installsUnknown;
}

export const mlflowAllowedHosts = defineRule<Rejected>({
  meta: {
    id: "mlflow-allowed-hosts",
    title: "MLflow 3.5+ rejects the host name its clients use (--allowed-hosts)",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: Rejected[] = [];
    for (const server of facts.mlflow.servers()) {
      if (facts.project.extendsOf(server.service) || !surelyChecks(server)) continue;
      if (server.service.image?.str.hasUnresolved()) continue;
      const other = ["--gunicorn-opts", "--waitress-opts", "--disable-security-middleware"].map((f) =>
        server.option(f),
      );
      if (other.some((o) => !o.known || (o.from !== "default" && o.value !== "false"))) continue;
      const allowed = server.option("--allowed-hosts");
      if (!allowed.known) continue;
      const list =
        allowed.value === undefined
          ? [...MLFLOW_HOST_CHECK.defaultAllowed]
          : allowed.value.split(",").map((h) => h.trim());
      const hosts = new Map<string, Service[]>();
      for (const c of facts.mlflow.trackingClients(server)) {
        const host = c.url.host;
        if (!host || facts.connections.isUnresolved(c, host) || facts.connections.isUnresolved(c, c.url.port))
          continue;
        const header = c.url.port ? `${host.value}:${c.url.port.number}` : host.value;
        if (mlflowHostAllowed(list, header)) continue;
        const who = hosts.get(header) ?? [];
        if (!who.includes(c.service)) who.push(c.service);
        hosts.set(header, who);
      }
      if (hosts.size === 0) continue;
      out.push({ server, allowed, hosts: [...hosts].map(([header, clients]) => ({ header, clients })) });
    }
    return out;
  },
  diagnostic(_ctx, { server, allowed, hosts }) {
    const clients = [...new Set(hosts.flatMap((h) => h.clients))];
    const headers = nameList(hosts.map((h) => h.header));
    const list =
      allowed.value === undefined
        ? "its default list (localhost and private IP addresses)"
        : `\`${allowed.from === "env" ? "MLFLOW_SERVER_ALLOWED_HOSTS" : "--allowed-hosts"} ${allowed.value}\``;
    const str =
      allowed.from === "flag" ? allowed.str : allowed.from === "env" ? allowed.env?.value : undefined;
    return {
      span: str?.span() ?? server.subcommand.span(),
      message: `MLflow server \`${server.service.name}\` rejects the Host ${headers} that ${nameList(clients.map((s) => s.name))} ${clients.length === 1 ? "sends" : "send"}.`,
      detail:
        `From 3.5.0 the server checks the Host header against ${list}: every request of ` +
        `${nameList(clients.map((s) => s.name))} but /health gets \`403 ${MLFLOW_HOST_CHECK.rejected}\`. ` +
        "Add the names clients use to `--allowed-hosts` (a given list replaces the default, so keep " +
        "`localhost:<port>` for a browser on the Docker host).",
    };
  },
  fixes({ model }, { server, allowed, hosts }) {
    const names = hosts.map((h) => h.header);
    let edit: TextEdit | undefined;
    if (allowed.from === "default") {
      // An explicit list replaces the default: keep what a browser through a published port sends.
      const local: string[] = [];
      for (const p of server.service.ports) {
        if (p.unknown || !p.published || server.port === undefined) continue;
        if (p.target.start > server.port || server.port > p.target.end) continue;
        const published = p.published.start + (server.port - p.target.start);
        local.push(`localhost:${published}`, `127.0.0.1:${published}`);
      }
      const value = [...names, "localhost", ...new Set(local)].join(",");
      edit = addCommandOption(model.text, server.service, server.subcommand, "--allowed-hosts", value);
    } else {
      const str = allowed.from === "flag" ? allowed.str : allowed.env?.value;
      const add = `,${names.join(",")}`;
      const at = str?.editableSpan(str.value.length, str.value.length);
      if (str && at && str.canHold(`x${add}`)) edit = { start: at.start, end: at.start, newText: add };
    }
    return edit ? [{ title: `Allow ${nameList(names)}`, edits: [edit], preferred: true }] : [];
  },
});

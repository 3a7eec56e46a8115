/**
 * mlflow-host-binding: `mlflow server` listens on 127.0.0.1 unless told otherwise (`--host`,
 * `MLFLOW_HOST`). Inside a container that is the container's own loopback: other services
 * get "Connection refused" and the published port answers nothing ("Empty reply from
 * server" / "connection reset by peer"). Reported only when someone reaches for it: another
 * service's tracking URI names it, or it publishes its port. Fix: `--host 0.0.0.0`.
 */
import { addCommandOption } from "../edits/command-option";
import { replaceSpan } from "../edits/text";
import type { MlflowOptionValue, MlflowServer } from "../model/facts";
import { isLoopbackHost } from "../model/hosts";
import type { Service } from "../model/types";
import { nameList } from "./phrases";
import { defineRule } from "./types";

interface Binding {
  server: MlflowServer;
  host: MlflowOptionValue;
  clients: Service[];
  published: boolean;
}

/** Server options that bind the socket themselves: the --host is then not the whole story. */
const OWN_BIND = ["--gunicorn-opts", "--uvicorn-opts", "--waitress-opts"];

export const mlflowHostBinding = defineRule<Binding>({
  meta: {
    id: "mlflow-host-binding",
    title: "The MLflow server listens on 127.0.0.1 inside its container",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: Binding[] = [];
    for (const server of facts.mlflow.servers()) {
      if (facts.networks.hasOwnNetworkMode(server.service) || facts.project.extendsOf(server.service))
        continue;
      const host = server.option("--host");
      if (!host.known || host.value === undefined || !isLoopbackHost(host.value) || host.value === "0.0.0.0")
        continue;
      if (OWN_BIND.some((f) => server.option(f).from !== "default" || !server.option(f).known)) continue;
      const clients: Service[] = [];
      for (const c of facts.mlflow.trackingClients(server))
        if (!facts.networks.hasOwnNetworkMode(c.service) && !clients.includes(c.service))
          clients.push(c.service);
      const published = facts.mlflow.publishedOnHost(server) === true;
      if (clients.length === 0 && !published) continue;
      out.push({ server, host, clients, published });
    }
    return out;
  },
  diagnostic(_ctx, { server, host, clients, published }) {
    const who = [
      clients.length > 0 ? `${nameList(clients.map((s) => s.name))} (its tracking URI)` : "",
      published ? "the Docker host (its published port)" : "",
    ]
      .filter(Boolean)
      .join(" and ");
    const where =
      host.from === "default"
        ? "`mlflow server` listens on 127.0.0.1 unless `--host` says otherwise"
        : host.from === "env"
          ? `\`MLFLOW_HOST=${host.value}\` makes it listen on the container's loopback`
          : `\`--host ${host.value}\` is the container's own loopback`;
    return {
      span: host.str && host.from !== "default" ? host.str.span() : server.subcommand.span(),
      message: `MLflow server \`${server.service.name}\` listens on ${host.value} only: no other container reaches it.`,
      detail:
        `${where}, so ${who} cannot connect: from another container the request fails with ` +
        "`Connection refused`, through a published port with `Empty reply from server` " +
        "(connection reset by peer). Listen on every interface of the container: `--host 0.0.0.0`.",
    };
  },
  fixes({ model }, { server, host }) {
    let edit: ReturnType<typeof addCommandOption>;
    if (host.from === "default")
      edit = addCommandOption(model.text, server.service, server.subcommand, "--host", "0.0.0.0");
    else if (host.str) {
      const span = host.str.editableSpan(0, host.str.value.length);
      edit = span && host.str.canHold("0.0.0.0") ? replaceSpan(span, "0.0.0.0") : undefined;
    }
    return edit ? [{ title: "Listen on 0.0.0.0", edits: [edit], preferred: true }] : [];
  },
});

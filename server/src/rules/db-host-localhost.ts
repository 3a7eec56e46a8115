/**
 * db-host-localhost: `localhost`, `127.0.0.1`, `::1` or `0.0.0.0` as the host of a database URL
 * (or of MLFLOW_TRACKING_URI) inside a container. Each container has its own loopback, so the
 * client reaches itself: `connection to server at "localhost" (127.0.0.1), port 5432 failed:
 * Connection refused`. Not for `network_mode: host`/`service:`/`container:` clients, nor for a
 * client that is itself the server (a database's own URL, the MLflow server's tracking URI).
 * Fix: "Use database service `x`" (or "Use MLflow server `x`"), replacing host and port with the
 * service's name and container port; candidates ranked as for wrong-db-host.
 */
import { isDatabaseFamily } from "../parse/url";
import {
  databaseTargets,
  familyLabel,
  hasOwnNetworkMode,
  hostsSidecarServer,
  mlflowServer,
  mlflowTargets,
  namesList,
  partSpan,
  rankTargets,
  refusedError,
  repointFixes,
  servicesPhrase,
  urlGroups,
  urlPort,
} from "./shared/db-connection";
import type { Finding, Rule } from "./types";

export const dbHostLocalhost: Rule = {
  meta: {
    id: "db-host-localhost",
    title: "localhost in a connection URL inside a container",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const out: Finding[] = [];
    const isTracking = (role: string, family: string) => role === "mlflow-tracking" && family === "http";
    const groups = urlGroups(
      model,
      (c) => c.hostIsLoopback && (isDatabaseFamily(c.url.family) || isTracking(c.role, c.url.family)),
    );
    for (const group of groups) {
      const conn = group.conn;
      const url = conn.url;
      const tracking = isTracking(conn.role, url.family);
      const services = group.services.filter((s) => {
        // Its own network stack is another's, or a server shares its stack: loopback may be right.
        if (hasOwnNetworkMode(s) || hostsSidecarServer(model, s, url.family)) return false;
        // The client is the server itself: its own loopback is right.
        if (tracking) return mlflowServer(s) === undefined;
        return model.databaseByService.get(s.name)?.family !== url.family;
      });
      if (services.length === 0) continue;
      const host = url.host!;
      const label = tracking ? "MLflow" : familyLabel(url.family);
      const port = urlPort(url);
      const scoped = { ...group, services };
      const ranking = rankTargets(
        model,
        scoped,
        tracking ? mlflowTargets(model) : databaseTargets(model, url.family),
      );
      const { ranked } = ranking;
      const whose =
        services.length === 1
          ? `the container of service \`${services[0].name}\` itself`
          : "each client's own container";
      const hint =
        ranked.length === 0
          ? ` Use the host name of the ${label} server instead (\`host.docker.internal\` for one running on the Docker host).`
          : ranked.length === 1
            ? ` Use the ${label} service's name, ${namesList(ranked)}, and its container port.`
            : ` Use a ${label} service's name (${namesList(ranked)}) and its container port.`;
      out.push({
        rule: "db-host-localhost",
        message:
          `\`${host.value}\` in the URL of ${servicesPhrase(services)} is ${whose}, not the ${label} server: ` +
          `every container has its own loopback, so connecting fails with \`${refusedError(url, host.value, port)}\`.` +
          hint,
        span: partSpan(conn, host),
        fixes: repointFixes(model, scoped, ranking, (t) =>
          tracking ? `Use MLflow server \`${t.service.name}\`` : `Use database service \`${t.service.name}\``,
        ),
      });
    }
    return out;
  },
};

/**
 * db-host-localhost: `localhost`, `127.0.0.1`, `::1` or `0.0.0.0` as the host of a database URL
 * (or of MLFLOW_TRACKING_URI, or of an S3 endpoint URL such as MLFLOW_S3_ENDPOINT_URL) inside a container. Each container has its own loopback, so the
 * client reaches itself: `connection to server at "localhost" (127.0.0.1), port 5432 failed:
 * Connection refused`. Not for `network_mode: host`/`service:`/`container:` clients, nor for a
 * client that is itself the server (a database's own URL, the MLflow server's tracking URI).
 * Fix: "Use database service `x`" (or "Use MLflow server `x`", "Use S3 store `x`"), replacing host and port with the
 * service's name and container port; candidates ranked as for wrong-db-host.
 */
import type { Ranking, UrlGroup } from "../model/facts";
import { familyLabel } from "../model/labels";
import type { Connection } from "../model/types";
import { repointFixes } from "./fixes";
import { fitting, nameList, refusedError, servicesShort } from "./phrases";
import { defineRule } from "./types";

interface Loopback {
  /** The URL, with only the clients for which the loopback is wrong. */
  group: UrlGroup;
  /** An MLflow tracking URI (else a database URL or an S3 endpoint URL). */
  tracking: boolean;
  /** An S3 endpoint URL (MLFLOW_S3_ENDPOINT_URL, AWS_ENDPOINT_URL, ...). */
  s3: boolean;
  ranking: Ranking;
}

const isTracking = (c: Connection) => c.role === "mlflow-tracking" && c.url.family === "http";
const isS3Endpoint = (c: Connection) => c.role === "s3-endpoint" && c.url.family === "http";

export const dbHostLocalhost = defineRule<Loopback>({
  meta: {
    id: "db-host-localhost",
    title: "localhost in a connection URL inside a container",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model, facts }) {
    const out: Loopback[] = [];
    const groups = facts.connections.groups(
      (c) => c.hostIsLoopback && (facts.connections.isDatabase(c) || isTracking(c) || isS3Endpoint(c)),
    );
    for (const group of groups) {
      const { conn } = group;
      const family = conn.url.family;
      const tracking = isTracking(conn);
      const s3 = isS3Endpoint(conn);
      const services = group.services.filter((s) => {
        // Its own network stack is another's, or a server shares its stack: loopback may be right.
        if (facts.networks.hasOwnNetworkMode(s) || facts.networks.hostsSidecarServer(s, family)) return false;
        // The client is the server itself: its own loopback is right.
        if (tracking) return facts.targets.mlflowServer(s) === undefined;
        if (s3) return facts.s3.store(s) === undefined;
        return model.databaseByService.get(s.name)?.family !== family;
      });
      if (services.length === 0) continue;
      const scoped = { ...group, services };
      const targets = tracking
        ? facts.targets.mlflowServers()
        : s3
          ? facts.s3.targets()
          : facts.targets.databases(family);
      out.push({ group: scoped, tracking, s3, ranking: facts.targets.rank(scoped, targets) });
    }
    return out;
  },
  diagnostic({ facts }, { group, tracking, s3, ranking }) {
    const { conn, services } = group;
    const url = conn.url;
    const host = url.host!;
    const label = tracking ? "MLflow" : s3 ? "S3" : familyLabel(url.family);
    const port = facts.connections.port(url);
    const ranked = ranking.ranked.map((t) => t.service.name);
    const count = ranking.count;
    const whose =
      services.length === 1
        ? `the container of service \`${services[0].name}\` itself`
        : "each client's own container";
    const hint =
      count === 0
        ? ` Use the host name of the ${label} server instead (\`host.docker.internal\` for one running on the Docker host).`
        : count === 1
          ? ` Use the ${label} service's name, ${nameList(ranked, { total: count })}, and its container port.`
          : ` Use a ${label} service's name (${nameList(ranked, { total: count })}) and its container port.`;
    // Severity policy: loopback with no server of that kind in the project to reach (a test
    // runner whose clients are mocked, a server on the host) is at most a hint; a placeholder
    // default (`${URL:-…}` with the variable unset) likewise.
    const nothingToReach = count === 0 && !facts.project.isPartial();
    return {
      span: facts.connections.partSpan(conn, host),
      severity: nothingToReach || facts.connections.isPlaceholderDefault(conn) ? "hint" : undefined,
      message: fitting(
        `\`${host.value}\` in the URL of ${servicesShort(services)} is ${whose}, not the ${label} server.`,
        `\`${host.value}\` in this URL is ${services.length === 1 ? "its own container" : whose}, not the ${label} server.`,
      ),
      detail:
        `Every container has its own loopback, so connecting fails with \`${
          s3
            ? `Could not connect to the endpoint URL: "${url.scheme.value}://${host.value}${url.port ? `:${url.port.value}` : ""}/…"`
            : refusedError(url, host.value, port)
        }\`.` + hint,
    };
  },
  fixes: (ctx, { group, tracking, s3, ranking }) =>
    repointFixes(ctx, group, ranking, (t) =>
      tracking
        ? `Use MLflow server \`${t.service.name}\``
        : s3
          ? `Use S3 store \`${t.service.name}\``
          : `Use database service \`${t.service.name}\``,
    ),
});

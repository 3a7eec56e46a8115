/**
 * service-url-host: an MLflow tracking URI (`MLFLOW_TRACKING_URI: http://mlfow:5000`) or an
 * S3 endpoint URL (`MLFLOW_S3_ENDPOINT_URL: http://mino:9000`) whose host is a single-label
 * name that no service answers to, in a project that runs an MLflow server (an S3 store):
 * the client fails with `Failed to resolve 'mlfow' ([Errno -2] Name or service not known)`
 * (requests' NameResolutionError; boto3: `Could not connect to the endpoint URL`) and MLflow
 * retries, then gives up. Fixes: "Use MLflow server `x`" ("Use S3 store `x`"), ranked as for
 * wrong-db-host, preferred when one is clearly meant.
 * Unknown is not wrong: variables, IP literals and dotted (public) names, `host.docker.internal`,
 * clients that may resolve the name elsewhere (external networks, `extra_hosts`, `network_mode`),
 * files that are part of a larger project, a project without an MLflow server (S3 store).
 */
import type { Ranking, UrlGroup } from "../model/facts";
import { repointFixes } from "./fixes";
import { nameList, servicesPhrase } from "./phrases";
import { defineRule } from "./types";

interface UnknownHost {
  group: UrlGroup;
  ranking: Ranking;
  /** An S3 endpoint URL (else an MLflow tracking URI). */
  s3: boolean;
}

export const serviceUrlHost = defineRule<UnknownHost>({
  meta: {
    id: "service-url-host",
    title: "A tracking URI's or S3 endpoint's host is no service",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: UnknownHost[] = [];
    if (facts.project.isPartial()) return out;
    const servers = facts.targets.mlflowServers();
    const stores = facts.s3.targets();
    const groups = facts.connections.groups(
      (c) =>
        ((c.role === "mlflow-tracking" && servers.length > 0) ||
          (c.role === "s3-endpoint" && stores.length > 0)) &&
        c.url.family === "http" &&
        !!c.url.host &&
        !c.hostIsLoopback &&
        !c.target,
    );
    for (const group of groups) {
      const { conn } = group;
      const name = conn.url.host!.value;
      if (facts.connections.isUnresolved(conn, conn.url.host) || name === "" || /[.:%]/.test(name)) continue;
      if (facts.networks.isAnswered(name)) continue;
      const services = group.services.filter(
        (s) => !facts.networks.hasOwnNetworkMode(s) && !facts.networks.mayResolveElsewhere(s, name),
      );
      if (services.length === 0) continue;
      const scoped = { ...group, services };
      const s3 = conn.role === "s3-endpoint";
      out.push({ group: scoped, s3, ranking: facts.targets.rank(scoped, s3 ? stores : servers) });
    }
    return out;
  },
  diagnostic({ facts }, { group, ranking, s3 }) {
    const { conn, services } = group;
    const host = conn.url.host!;
    const ranked = ranking.ranked.map((t) => t.service.name);
    return {
      span: facts.connections.partSpan(conn, host),
      severity: facts.connections.isPlaceholderDefault(conn) ? "hint" : undefined,
      message: `No service answers to \`${host.value}\`, the ${s3 ? "S3 endpoint" : "MLflow tracking"} host of ${servicesPhrase(services)}.`,
      detail:
        `No service name, container_name, hostname or network alias is \`${host.value}\`, so every call ` +
        `fails with \`${
          s3
            ? `Could not connect to the endpoint URL: "${conn.url.scheme.value}://${host.value}${conn.url.port ? `:${conn.url.port.value}` : ""}/…"`
            : `Failed to resolve '${host.value}' ([Errno -2] Name or service not known)`
        }\`. ` +
        `${s3 ? "S3 store" : "MLflow server"}${ranking.count === 1 ? " here" : "s here"}: ${nameList(ranked, { total: ranking.count })}.`,
    };
  },
  fixes: (ctx, { group, ranking, s3 }) =>
    repointFixes(
      ctx,
      group,
      ranking,
      (t) => `Use ${s3 ? "S3 store" : "MLflow server"} \`${t.service.name}\``,
    ),
});

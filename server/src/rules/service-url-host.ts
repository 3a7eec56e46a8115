/**
 * service-url-host: an MLflow tracking URI (`MLFLOW_TRACKING_URI: http://mlfow:5000`) whose
 * host is a single-label name that no service answers to, in a project that runs an MLflow
 * server: the client fails with `Failed to resolve 'mlfow' ([Errno -2] Name or service not
 * known)` (requests' NameResolutionError) and MLflow retries, then gives up. Fixes: "Use
 * MLflow server `x`", ranked as for wrong-db-host, preferred when one is clearly meant.
 * Unknown is not wrong: variables, IP literals and dotted (public) names, `host.docker.internal`,
 * clients that may resolve the name elsewhere (external networks, `extra_hosts`, `network_mode`),
 * files that are part of a larger project, a project without an MLflow server.
 */
import type { Ranking, UrlGroup } from "../model/facts";
import { repointFixes } from "./fixes";
import { nameList, servicesPhrase } from "./phrases";
import { defineRule } from "./types";

interface UnknownHost {
  group: UrlGroup;
  ranking: Ranking;
}

export const serviceUrlHost = defineRule<UnknownHost>({
  meta: {
    id: "service-url-host",
    title: "A tracking URI's host is no service",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ facts }) {
    const out: UnknownHost[] = [];
    const servers = facts.targets.mlflowServers();
    if (servers.length === 0 || facts.project.isPartial()) return out;
    const groups = facts.connections.groups(
      (c) =>
        c.role === "mlflow-tracking" &&
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
      out.push({ group: scoped, ranking: facts.targets.rank(scoped, servers) });
    }
    return out;
  },
  diagnostic({ facts }, { group, ranking }) {
    const { conn, services } = group;
    const host = conn.url.host!;
    const ranked = ranking.ranked.map((t) => t.service.name);
    return {
      span: facts.connections.partSpan(conn, host),
      severity: facts.connections.isPlaceholderDefault(conn) ? "hint" : undefined,
      message: `No service answers to \`${host.value}\`, the MLflow tracking host of ${servicesPhrase(services)}.`,
      detail:
        `No service name, container_name, hostname or network alias is \`${host.value}\`, so every call ` +
        `fails with \`Failed to resolve '${host.value}' ([Errno -2] Name or service not known)\`. ` +
        `MLflow ${ranking.count === 1 ? "server here" : "servers here"}: ${nameList(ranked, { total: ranking.count })}.`,
    };
  },
  fixes: (ctx, { group, ranking }) =>
    repointFixes(ctx, group, ranking, (t) => `Use MLflow server \`${t.service.name}\``),
});

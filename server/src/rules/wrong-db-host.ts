/**
 * wrong-db-host: a database URL's host is a name no service answers to, or a service that is
 * not a server of the URL's kind (the seed's `@airflow:5432`, where `airflow` is the Airflow
 * webserver itself). Users see `could not translate host name "x" to address` or
 * `connection to server at "airflow" (…), port 5432 failed: Connection refused`.
 * Fixes: "Use database service `x`" for each database of the URL's family, best first
 * (database name, then user, then name similarity); the first is preferred only when it is
 * clearly the one meant. Unknown is not wrong: variables, IPs, dotted (external) names,
 * `network_mode` services, files that are part of a larger project are left alone.
 */
import { appKindOf } from "../model/apps";
import { answeredNames } from "../model/databases";
import { isDatabaseFamily } from "../parse/url";
import {
  databaseTargets,
  describeService,
  familyLabel,
  hasOwnNetworkMode,
  hostsSidecarServer,
  isPartialProject,
  isUnresolved,
  mayResolveElsewhere,
  namesList,
  partSpan,
  type Ranking,
  rankTargets,
  refusedError,
  repointFixes,
  servicesPhrase,
  unknownHostError,
  urlGroups,
  urlPort,
} from "./shared/db-connection";
import type { Finding, Rule } from "./types";

export const wrongDbHost: Rule = {
  meta: {
    id: "wrong-db-host",
    title: "The connection URL's host is not a database service",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const out: Finding[] = [];
    const groups = urlGroups(
      model,
      (c) => isDatabaseFamily(c.url.family) && !!c.url.host && !c.hostIsLoopback,
    );
    for (const group of groups) {
      const services = group.services.filter((s) => !hasOwnNetworkMode(s));
      if (services.length === 0) continue;
      const conn = group.conn;
      const url = conn.url;
      const host = url.host!;
      const name = host.value;
      // Unknown is not wrong: variables, IP literals and dotted names (RDS, host.docker.internal).
      if (isUnresolved(conn, host) || name === "" || /[.:%]/.test(name)) continue;
      const label = familyLabel(url.family);
      const port = urlPort(url);
      let problem: string;
      const target = conn.target;
      if (target) {
        const db = model.databaseByService.get(target.name);
        if (db?.family === url.family) continue;
        // Only a known application or a database of another kind is certainly not the server:
        // a proxy (pgbouncer, cloud-sql-proxy) or a custom image may well be.
        if (!db && !appKindOf(target)) continue;
        // A database sharing the target's network stack answers on the target's name.
        if (hostsSidecarServer(model, target, url.family)) continue;
        const what = services.includes(target)
          ? `${describeService(model, target)} itself`
          : describeService(model, target);
        problem =
          `The host \`${name}\` is ${what}, not a ${label} server: nothing listens for ${label} ` +
          `on port ${port ?? "?"} there, so ${servicesPhrase(services)} cannot connect: ` +
          `\`${refusedError(url, name, port)}\`.`;
      } else {
        if (isPartialProject(model)) continue;
        if (services.some((s) => mayResolveElsewhere(model, s, name))) continue;
        // Container DNS ignores case: `Postgres` reaches `postgres`.
        if (answeredNames(model).has(name.toLowerCase())) continue;
        problem =
          `No service answers to the host \`${name}\` (no service name, container_name, hostname or ` +
          `network alias is \`${name}\`), so ${servicesPhrase(services)} cannot connect: ` +
          `\`${unknownHostError(url, name, port)}\`.`;
      }
      const scoped = { ...group, services };
      const ranking: Ranking = rankTargets(model, scoped, databaseTargets(model, url.family));
      const { ranked } = ranking;
      const hint =
        ranked.length === 0
          ? ` No ${label} service is defined in this file.`
          : ranked.length === 1
            ? ` The ${label} service is ${namesList(ranked)}.`
            : ` ${label} services here: ${namesList(ranked)}.`;
      out.push({
        rule: "wrong-db-host",
        message: problem + hint,
        span: partSpan(conn, host),
        fixes: repointFixes(model, scoped, ranking, (t) => `Use database service \`${t.service.name}\``),
      });
    }
    return out;
  },
};

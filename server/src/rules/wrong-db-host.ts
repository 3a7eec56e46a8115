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
import type { Ranking, UrlGroup } from "../model/facts";
import { nearestNames } from "../model/facts/names";
import { familyLabel } from "../model/labels";
import type { Service } from "../model/types";
import { repointFixes } from "./fixes";
import { describeService, fitting, nameList, refusedError, servicesShort, unknownHostError } from "./phrases";
import { defineRule } from "./types";

interface WrongHost {
  /** The URL, with only the clients that can be judged. */
  group: UrlGroup;
  /** The service the host names, when it is one (but not a server of the URL's kind). */
  target?: Service;
  ranking: Ranking;
  /** Near names that services of the project's other files answer to (an override's typo of the base's database). */
  elsewhere?: string[];
}

export const wrongDbHost = defineRule<WrongHost>({
  meta: {
    id: "wrong-db-host",
    title: "The connection URL's host is not a database service",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model, facts }) {
    const out: WrongHost[] = [];
    const groups = facts.connections.groups(
      (c) => facts.connections.isDatabase(c) && !!c.url.host && !c.hostIsLoopback,
    );
    for (const group of groups) {
      const services = group.services.filter((s) => !facts.networks.hasOwnNetworkMode(s));
      if (services.length === 0) continue;
      const { conn } = group;
      const url = conn.url;
      const name = url.host!.value;
      // Unknown is not wrong: variables, IP literals and dotted names (RDS, host.docker.internal).
      if (facts.connections.isUnresolved(conn, url.host) || name === "" || /[.:%]/.test(name)) continue;
      const target = conn.target;
      if (target) {
        const db = model.databaseByService.get(target.name);
        if (db?.family === url.family) continue;
        // Only a known application or a database of another kind is certainly not the server:
        // a proxy (pgbouncer, cloud-sql-proxy) or a custom image may well be.
        if (!db && !appKindOf(target)) continue;
        // A database sharing the target's network stack answers on the target's name.
        if (facts.networks.hostsSidecarServer(target, url.family)) continue;
      } else {
        // Part of a larger project: judged only when the whole project was loaded.
        if (facts.project.isPartial() && !facts.project.known()) continue;
        // A service of another file of the project (the override, an included file) answers to it.
        if (facts.project.answers(name)) continue;
        if (services.some((s) => facts.networks.mayResolveElsewhere(s, name))) continue;
        // Container DNS ignores case: `Postgres` reaches `postgres`.
        if (facts.networks.isAnswered(name)) continue;
      }
      const scoped = { ...group, services };
      out.push({
        group: scoped,
        target,
        ranking: facts.targets.rank(scoped, facts.targets.databases(url.family)),
        // The name a service of the project's other files answers to that is nearest (a typo of it).
        elsewhere: !target && model.project ? nearestNames(name, [...model.project.hosts])?.names : undefined,
      });
    }
    return out;
  },
  diagnostic({ model, facts }, { group, target, ranking, elsewhere }) {
    const { conn, services } = group;
    const url = conn.url;
    const host = url.host!;
    const name = host.value;
    const label = familyLabel(url.family);
    const port = facts.connections.port(url);
    const who = servicesShort(services);
    let problem: string;
    let why: string;
    if (target) {
      const what = services.includes(target)
        ? `${describeService(model, target)} itself`
        : describeService(model, target);
      problem = fitting(
        `The host \`${name}\` is ${what}, not a ${label} server, so ${who} cannot connect.`,
        `The host \`${name}\` is ${what}, not a ${label} server.`,
        `The host \`${name}\` is not a ${label} server, so ${who} cannot connect.`,
        `The host \`${name}\` is not a ${label} server.`,
      );
      why = `Nothing listens for ${label} on port ${port ?? "?"} there: \`${refusedError(url, name, port)}\`.`;
    } else {
      problem = fitting(
        `No service answers to the host \`${name}\`, so ${who} cannot connect.`,
        `No service answers to the host \`${name}\`.`,
      );
      why =
        `No service name, container_name, hostname or network alias is \`${name}\`: ` +
        `\`${unknownHostError(url, name, port)}\`.`;
    }
    const ranked = ranking.ranked.map((t) => t.service.name);
    const count = ranking.count;
    const hint =
      count === 0 && elsewhere?.length
        ? ` No ${label} service is defined in this file; another file of the project has ${nameList(elsewhere, { conjunction: "or" })}.`
        : count === 0
          ? ` No ${label} service is defined in this file.`
          : count === 1
            ? ` The ${label} service is ${nameList(ranked, { total: count })}.`
            : ` ${label} services here: ${nameList(ranked, { total: count })}.`;
    return {
      span: facts.connections.partSpan(conn, host),
      message: problem,
      detail: why + hint,
      // A placeholder default (`${DATABASE_URL:-…}` with the variable unset) is not what runs where it is deployed.
      severity: facts.connections.isPlaceholderDefault(conn) ? "hint" : undefined,
    };
  },
  fixes: (ctx, { group, ranking }) =>
    repointFixes(ctx, group, ranking, (t) => `Use database service \`${t.service.name}\``),
});

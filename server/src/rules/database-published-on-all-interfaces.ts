/**
 * database-published-on-all-interfaces: a database or object store publishes a port with
 * no host IP (`"5432:5432"`), so Docker listens on every interface of the host (0.0.0.0 and
 * ::) and any machine that reaches the host reaches the database, with the development
 * password of the compose file; Docker's own iptables rules bypass ufw/firewalld. A port
 * bound to 127.0.0.1 is what a development stack means and is not reported.
 * Severity: warning when the server takes no password at all (Redis without
 * `requirepass`, `POSTGRES_HOST_AUTH_METHOD=trust`), which anyone on the network can use;
 * info when it asks for a password.
 * Fix (not preferred: another machine may rely on the port): bind it to 127.0.0.1.
 */
import { bindPortTo } from "../edits/port";
import { bindOf } from "../model/facts";
import { EXTRA_DATABASE_PORTS } from "../model/knowledge/host-access";
import { engineLabel } from "../model/labels";
import type { Database, PortMapping } from "../model/types";
import { defineRule } from "./types";

interface OpenPort {
  db: Database;
  port: PortMapping;
}

const LOOPBACK = "127.0.0.1";

/** Every address, or every address of one family (`0.0.0.0`, `::`). */
function onAllInterfaces(port: PortMapping): boolean {
  if (port.unknown || port.hostIp?.includes("$")) return false;
  const bind = bindOf(port.hostIp);
  return bind?.kind === "all" || bind?.kind === "family";
}

function portText(port: PortMapping): string {
  const p = port.published;
  const host = p ? (p.start === p.end ? `${p.start}` : `${p.start}-${p.end}`) : "";
  const target =
    port.target.start === port.target.end
      ? `${port.target.start}`
      : `${port.target.start}-${port.target.end}`;
  return host ? `${host}:${target}` : target;
}

export const databasePublishedOnAllInterfaces = defineRule<OpenPort>({
  meta: {
    id: "database-published-on-all-interfaces",
    title: "A database port is published on every interface of the host",
    defaultSeverity: "warning",
    fixable: true,
    securitySeverity: 6.5,
  },
  run: ({ model, facts }) => {
    const out: OpenPort[] = [];
    for (const db of model.databases) {
      if (facts.networks.hasOwnNetworkMode(db.service)) continue;
      const ports = [db.port, ...(EXTRA_DATABASE_PORTS[db.engine] ?? [])];
      for (const port of db.service.ports)
        if (onAllInterfaces(port) && ports.some((p) => port.target.start <= p && p <= port.target.end))
          out.push({ db, port });
    }
    return out;
  },
  diagnostic: (_ctx, { db, port }) => {
    const label = engineLabel(db);
    const open = db.passwordOptional;
    const where = port.hostIp ? `\`${port.hostIp}\`` : "every interface";
    return {
      span: port.node.span,
      message: `\`${db.service.name}\` publishes ${label} port ${portText(port)} on ${where}: the network can reach it.`,
      detail:
        (open
          ? `It takes no password, so anyone who reaches this host can use it. `
          : `Any machine that reaches this host can try its login. `) +
        `Docker's port rules bypass ufw and firewalld. If only this machine needs it, bind it to ` +
        `${LOOPBACK} (\`${LOOPBACK}:${portText(port)}\`); containers reach it by service name either way.`,
      ...(open ? {} : { severity: "info" as const }),
    };
  },
  fixes: ({ model }, { port }) => {
    const edit = bindPortTo(model.text, port, LOOPBACK);
    return edit ? [{ title: `Publish it on ${LOOPBACK} only`, edits: [edit], preferred: false }] : [];
  },
});

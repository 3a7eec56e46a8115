/**
 * duplicate-host-port: two services publish the same host port on overlapping host
 * addresses with the same protocol. Only one can bind it; the second fails to start with
 * "Bind for 0.0.0.0:5432 failed: port is already allocated" (the blog's second PostgreSQL).
 *
 * Overlap is judged like Docker binds (model/facts/ports.ts). Unknown is not wrong: ports
 * with unresolved variables, random host ports (`5432`, `0:5432`), a host range for one
 * container port (Docker picks a free one), services on `network_mode` (ports do not apply)
 * and services whose non-empty `profiles` lists are disjoint are left alone.
 *
 * Fix (preferred): publish the second one on the next host port no service of the file
 * publishes (`5433:5432`, the blog's own remedy), a range shifted as a whole; only the host
 * port characters change. No fix when they are not written literally in the service itself.
 * Each finding's fix avoids the ports earlier findings' fixes propose, so fixing all at once
 * (ten replicas on 8080) gives ten different ports in one go.
 */
import { replaceSpan } from "../edits/text";
import { bindsOverlap, PortIndex, type Published } from "../model/facts";
import type { Service } from "../model/types";
import type { Span } from "../parse/url";
import { fitting, nameList, namesShort } from "./phrases";
import { defineRule } from "./types";

interface Clash {
  /** The later mapping, which fails to bind. */
  m: Published;
  /** The earlier mappings it clashes with, in file order (those of files merged before this one first). */
  firsts: Published[];
  /** The file of an earlier mapping written in another file of the project (an included or base file). */
  fileOf?: Map<Published, string>;
  /** Where its host port is written and the free one the fix writes there, when it can. */
  move?: { span: Span; start: number; end: number };
}

/** Services with non-empty, disjoint `profiles` never run together. */
function mayRunTogether(a: Service, b: Service): boolean {
  if (a.profiles.length === 0 || b.profiles.length === 0) return true;
  return a.profiles.some((p) => b.profiles.includes(p));
}

function clashes(a: Published, b: Published): boolean {
  return (
    a.protocol === b.protocol &&
    a.start <= b.end &&
    b.start <= a.end &&
    bindsOverlap(a.bind, b.bind) &&
    mayRunTogether(a.service, b.service)
  );
}

/** Earlier publishers of a port shown as related places; the message counts the rest. */
const MAX_RELATED = 3;

const range = (start: number, end: number) => (start === end ? `${start}` : `${start}-${end}`);

function bindText(m: Published, port: number): string {
  const ip = m.port.hostIp?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ip) return `0.0.0.0:${port}`;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export const duplicateHostPort = defineRule<Clash>({
  meta: {
    id: "duplicate-host-port",
    title: "Two services publish the same host port",
    defaultSeverity: "error",
    fixable: true,
  },
  run({ model, facts }) {
    const out: Clash[] = [];
    // Host ports earlier findings' fixes move to: a later fix must avoid them too.
    const free = facts.ports.freePorts();
    // Earlier mappings indexed by host port, so a file with thousands of ports stays linear.
    const earlier = new PortIndex<Published>();
    // Mappings of files merged before this one (the base file of an override, an included
    // file): a mapping here that clashes with one of them is the later one, and fails.
    const fileOf = new Map<Published, string>();
    for (const o of model.project?.otherPorts ?? []) {
      if (o.order !== -1) continue;
      const p = facts.ports.fixed(o.owner, o.port);
      if (!p) continue;
      fileOf.set(p, o.file);
      earlier.add(p);
    }
    const mergedName = new Map<Service, string>();
    for (const o of model.project?.otherPorts ?? []) mergedName.set(o.owner, o.service);
    const sameService = (e: Published, service: Service) =>
      e.service === service || (fileOf.has(e) && mergedName.get(e.service) === service.name);
    for (const service of model.services) {
      // Ports do not apply with network_mode host; service:/container: cannot publish at all.
      if (service.networkMode) continue;
      const mine: Published[] = [];
      for (const port of service.ports) {
        const m = facts.ports.fixed(service, port);
        if (!m) continue;
        mine.push(m);
        const firsts = earlier
          .overlapping(m.start, m.end)
          .filter((e) => !sameService(e, service) && clashes(e, m));
        if (firsts.length === 0) continue;
        const span = facts.ports.editableHostPort(m);
        const k = span ? free.take(m.start, m.end, m.port) : undefined;
        const move = span && k !== undefined ? { span, start: m.start + k, end: m.end + k } : undefined;
        out.push({ m, firsts, move, fileOf: firsts.some((f) => fileOf.has(f)) ? fileOf : undefined });
      }
      for (const m of mine) earlier.add(m);
    }
    return out;
  },
  diagnostic(_ctx, { m, firsts, fileOf }) {
    const service = m.service;
    const first = firsts[0];
    const lo = Math.max(first.start, m.start);
    const hostPort = range(lo, Math.min(first.end, m.end));
    const what = m.start === m.end ? `host port ${m.start}` : `host ports ${range(m.start, m.end)}`;
    const firstNames = [...new Set(firsts.map((f) => f.service.name))];
    const others = nameList(firstNames, { quote: '"', max: MAX_RELATED });
    const publishes = `publish${firsts.length > 1 ? "" : "es"}`;
    return {
      span: m.port.published!.span,
      message: fitting(
        `Service "${service.name}" publishes ${what}/${m.protocol}, which ${others} already ${publishes}.`,
        `Service "${service.name}" publishes ${what}/${m.protocol}, which ${namesShort(firstNames, { quote: '"' })} already ${publishes}.`,
        `Service "${service.name}" publishes ${what}/${m.protocol}, which another service already publishes.`,
        `This service publishes ${what}/${m.protocol}, which another service already publishes.`,
      ),
      detail:
        `Only one container can bind it (${hostPort}), and ` +
        `"${service.name}" fails to start with "Bind for ${bindText(m, lo)} failed: port is already allocated". ` +
        "Publish it on another host port (the container port stays the same), or drop the mapping " +
        "if only other containers need it.",
      // Twenty replicas on one port would list every earlier one for every later one.
      related: firsts.slice(0, MAX_RELATED).map((f) => ({
        span: f.port.published!.span,
        message: `"${f.service.name}" publishes ${range(f.start, f.end)}/${f.protocol} here`,
        ...(fileOf?.has(f) ? { file: fileOf.get(f) } : {}),
      })),
    };
  },
  fixes(_ctx, { m, move }) {
    if (!move) return [];
    const next = range(move.start, move.end);
    return [
      {
        title: `Publish on host port${m.start === m.end ? "" : "s"} ${next} instead`,
        edits: [replaceSpan(move.span, next)],
        preferred: true,
      },
    ];
  },
});

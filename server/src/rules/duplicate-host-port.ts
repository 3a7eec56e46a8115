/**
 * duplicate-host-port: two services publish the same host port on overlapping host
 * addresses with the same protocol. Only one can bind it; the second fails to start with
 * "Bind for 0.0.0.0:5432 failed: port is already allocated" (the blog's second PostgreSQL).
 *
 * Overlap is judged like Docker binds: tcp/udp/sctp are separate; a range clashes with any
 * port inside it; no host IP binds every address of both families, `0.0.0.0` every IPv4 and
 * `::` every IPv6 address, and two specific addresses clash only when equal. Unknown is not
 * wrong: ports with unresolved variables, random host ports (`5432`, `0:5432`), a host range
 * for one container port (Docker picks a free one), services on `network_mode` (ports do not
 * apply) and services whose non-empty `profiles` lists are disjoint are left alone.
 *
 * Fix (preferred): publish the second one on the next host port no service of the file
 * publishes (`5433:5432`, the blog's own remedy), a range shifted as a whole; only the host
 * port characters change. No fix when they are not written literally in the service itself.
 * Each finding's fix avoids the ports earlier findings' fixes propose, so fixing all at once
 * (ten replicas on 8080) gives ten different ports in one go.
 */
import type { PortMapping, Service } from "../model/types";
import { get } from "../parse/resolve";
import type { Span } from "../parse/url";
import { insideService } from "./shared/project-scope";
import type { Finding, Fix, Rule } from "./types";

const RULE = "duplicate-host-port";

/** Where a mapping binds: every address, every address of one family, or one address. */
type Bind =
  | { kind: "all" }
  | { kind: "family"; family: 4 | 6 }
  | { kind: "address"; family: 4 | 6; address: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The bind scope of a host IP as written, or undefined when it is not a literal IP. */
export function bindOf(hostIp: string | undefined): Bind | undefined {
  const ip = hostIp?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ip) return { kind: "all" };
  const v4 = IPV4.exec(ip);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((n) => n > 255)) return undefined;
    const address = parts.join(".");
    return address === "0.0.0.0" ? { kind: "family", family: 4 } : { kind: "address", family: 4, address };
  }
  if (!/^[0-9a-fA-F:.]+$/.test(ip) || !ip.includes(":")) return undefined;
  let address: string;
  try {
    // The URL parser writes an IPv6 address in its one canonical form (`0:0::1` -> `::1`).
    address = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  return address === "::" ? { kind: "family", family: 6 } : { kind: "address", family: 6, address };
}

export function bindsOverlap(a: Bind, b: Bind): boolean {
  if (a.kind === "all" || b.kind === "all") return true;
  if (a.family !== b.family) return false;
  if (a.kind === "family" || b.kind === "family") return true;
  return a.address === b.address;
}

interface Published {
  service: Service;
  port: PortMapping;
  start: number;
  end: number;
  protocol: string;
  bind: Bind;
}

/**
 * The mappings that bind a fixed host port or range, with their bind scope; others are
 * skipped. A mapping belongs to one service and is reused while that service is unchanged.
 */
const publishedOf = new WeakMap<PortMapping, Published | null>();
function fixedMapping(service: Service, port: PortMapping): Published | undefined {
  let m = publishedOf.get(port);
  if (m === undefined) publishedOf.set(port, (m = readMapping(service, port) ?? null));
  return m ?? undefined;
}

function readMapping(service: Service, port: PortMapping): Published | undefined {
  const p = port.published;
  if (!p || port.unknown || p.start <= 0 || p.end < p.start || p.end > 65535) return undefined;
  if (port.hostIp?.includes("$")) return undefined;
  const hostLen = p.end - p.start;
  const targetLen = port.target.end - port.target.start;
  // `8000-8010:80`: Docker picks one free port of the range, so it cannot clash on its own.
  if (hostLen > 0 && hostLen !== targetLen) return undefined;
  const bind = bindOf(port.hostIp);
  if (!bind) return undefined;
  return { service, port, start: p.start, end: p.end, protocol: port.protocol.toLowerCase(), bind };
}

/** Services with non-empty, disjoint `profiles` never run together. */
function mayRunTogether(a: Service, b: Service): boolean {
  if (a.profiles.length === 0 || b.profiles.length === 0) return true;
  return a.profiles.some((p) => b.profiles.includes(p));
}

/** Anything on a range of host ports. */
interface OnPorts {
  start: number;
  end: number;
}

/**
 * Things (mappings, planned fixes) by the host ports they take, so that a file with
 * thousands of ports stays linear. Wide ranges (rare) are kept in a short list scanned every time.
 */
class PortIndex<T extends OnPorts> {
  private static readonly NONE: readonly never[] = [];
  private readonly byPort = new Map<number, T[]>();
  private readonly wide: T[] = [];
  private order = 0;
  private readonly seq = new Map<T, number>();

  add(item: T): void {
    this.seq.set(item, this.order++);
    if (item.end - item.start > 256) {
      this.wide.push(item);
      return;
    }
    for (let p = item.start; p <= item.end; p++) {
      const list = this.byPort.get(p);
      if (list) list.push(item);
      else this.byPort.set(p, [item]);
    }
  }

  /** Every item taking a port of [start, end], in the order they were added. */
  overlapping(start: number, end: number): readonly T[] {
    // The usual case (one port, no wide ranges): the list is already in order.
    if (start === end && this.wide.length === 0) return this.byPort.get(start) ?? PortIndex.NONE;
    const found = new Set<T>(this.wide.filter((w) => w.start <= end && start <= w.end));
    if (end - start > 256) {
      for (const list of this.byPort.values())
        for (const e of list) if (e.start <= end && start <= e.end) found.add(e);
    } else {
      for (let p = start; p <= end; p++) for (const e of this.byPort.get(p) ?? []) found.add(e);
    }
    return [...found].sort((a, b) => this.seq.get(a)! - this.seq.get(b)!);
  }
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

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`, or `"a", "b", "c" and 7 more`. */
function namesPhrase(names: string[]): string {
  const quoted = names.slice(0, MAX_RELATED).map((n) => `"${n}"`);
  if (names.length > MAX_RELATED) return `${quoted.join(", ")} and ${names.length - MAX_RELATED} more`;
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

const range = (start: number, end: number) => (start === end ? `${start}` : `${start}-${end}`);

function bindText(m: Published, port: number): string {
  const ip = m.port.hostIp?.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ip) return `0.0.0.0:${port}`;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

interface HostRange extends OnPorts {
  port: PortMapping;
}

/** The smallest shift up that moves [start, end] clear of every host port used but `self`'s own. */
function freeShift(
  used: PortIndex<HostRange>,
  self: PortMapping,
  start: number,
  end: number,
): number | undefined {
  for (let k = 1; end + k <= 65535; k++)
    if (!used.overlapping(start + k, end + k).some((u) => u.port !== self)) return k;
  return undefined;
}

/** The literal host-port characters of the mapping, if a fix may replace them. */
function editableHostPort(text: string, m: Published): Span | undefined {
  const span = m.port.published?.span;
  if (!span || !insideService(m.service, span)) return undefined;
  const written = text.slice(span.start, span.end);
  if (written !== range(m.start, m.end) && written !== `${m.start}-${m.end}`) return undefined;
  if (m.port.str?.hasVariable()) return undefined;
  if (m.port.node.kind === "map") {
    const published = get(m.port.node, "published");
    if (published?.kind !== "scalar" || published.text?.includes("$")) return undefined;
  }
  return span;
}

export const duplicateHostPort: Rule = {
  meta: {
    id: RULE,
    title: "Two services publish the same host port",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    const findings: Finding[] = [];
    // Every host port the file publishes, whatever the address or protocol: a new one must
    // be clear of all. Gathered only when a fix needs it (most files have no clash).
    let usedPorts: PortIndex<HostRange> | undefined;
    const used = () => {
      if (usedPorts) return usedPorts;
      usedPorts = new PortIndex<HostRange>();
      for (const s of model.services)
        for (const port of s.ports)
          if (port.published && port.published.start > 0)
            usedPorts.add({ port, start: port.published.start, end: port.published.end });
      return usedPorts;
    };
    // Earlier mappings indexed by host port, so a file with thousands of ports stays linear.
    const earlier = new PortIndex<Published>();
    for (const service of model.services) {
      // Ports do not apply with network_mode host; service:/container: cannot publish at all.
      if (service.networkMode) continue;
      const mine: Published[] = [];
      for (const port of service.ports) {
        const m = fixedMapping(service, port);
        if (!m) continue;
        mine.push(m);
        const firsts = earlier
          .overlapping(m.start, m.end)
          .filter((e) => e.service !== service && clashes(e, m));
        if (firsts.length === 0) continue;
        const first = firsts[0];
        const lo = Math.max(first.start, m.start);
        const hostPort = range(lo, Math.min(first.end, m.end));
        const what = m.start === m.end ? `host port ${m.start}` : `host ports ${range(m.start, m.end)}`;
        const others = namesPhrase([...new Set(firsts.map((f) => f.service.name))]);
        const fixes: Fix[] = [];
        const span = editableHostPort(model.text, m);
        const k = span ? freeShift(used(), m.port, m.start, m.end) : undefined;
        if (span && k !== undefined) {
          const next = range(m.start + k, m.end + k);
          used().add({ port: m.port, start: m.start + k, end: m.end + k });
          fixes.push({
            title: `Publish on host port${m.start === m.end ? "" : "s"} ${next} instead`,
            edits: [{ start: span.start, end: span.end, newText: next }],
            preferred: true,
          });
        }
        findings.push({
          rule: RULE,
          message:
            `Service "${service.name}" publishes ${what}/${m.protocol}, which ${others} already ` +
            `publish${firsts.length > 1 ? "" : "es"} (${hostPort}): only one container can bind it, and ` +
            `"${service.name}" fails to start with "Bind for ${bindText(m, lo)} failed: port is already allocated". ` +
            "Publish it on another host port (the container port stays the same), or drop the mapping " +
            "if only other containers need it.",
          span: m.port.published!.span,
          // Twenty replicas on one port would list every earlier one for every later one.
          related: firsts.slice(0, MAX_RELATED).map((f) => ({
            span: f.port.published!.span,
            message: `"${f.service.name}" publishes ${range(f.start, f.end)}/${f.protocol} here`,
          })),
          fixes,
        });
      }
      for (const m of mine) earlier.add(m);
    }
    return findings;
  },
};

/**
 * Published host ports: where each mapping binds (address family, protocol, range), which
 * mappings bind a fixed host port, every host port the file takes (indexed by port, so a file
 * with thousands of ports stays linear), and the next free one for a fix.
 *
 * Overlap is judged like Docker binds: tcp/udp/sctp are separate; a range clashes with any
 * port inside it; no host IP binds every address of both families, `0.0.0.0` every IPv4 and
 * `::` every IPv6 address, and two specific addresses clash only when equal.
 */
import { get } from "../../parse/resolve";
import type { Span } from "../../parse/url";
import type { ComposeModel, PortMapping, Service } from "../types";
import { once } from "./once";
import { insideService } from "./project";

/** Where a mapping binds: every address, every address of one family, or one address. */
export type Bind =
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

/** A mapping that binds a fixed host port or range. */
export interface Published {
  service: Service;
  port: PortMapping;
  start: number;
  end: number;
  protocol: string;
  bind: Bind;
}

/** Anything on a range of host ports. */
export interface OnPorts {
  start: number;
  end: number;
}

/** A host port range some mapping takes. */
export interface HostRange extends OnPorts {
  port: PortMapping;
}

/**
 * Things (mappings, planned fixes) by the host ports they take, so that a file with
 * thousands of ports stays linear. Wide ranges (rare) are kept in a short list scanned every time.
 */
export class PortIndex<T extends OnPorts> {
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

/** A mapping belongs to one service and is read again only when that service changes. */
const publishedOf = new WeakMap<PortMapping, Published | null>();

const range = (start: number, end: number) => (start === end ? `${start}` : `${start}-${end}`);

/**
 * Free host ports for fixes that each need one: ten replicas on 8080 get 8081 to 8090, not
 * ten times 8081. Single ports skip over taken runs like a union-find (each taken port
 * remembers where the search went on), so hundreds of clashes in a block of taken ports cost
 * one walk over the block, not one each.
 */
export class FreePorts {
  private readonly planned = new PortIndex<HostRange>();
  /** For a port known to be taken (by another mapping), a port at or after which to look on. */
  private readonly skip = new Map<number, number>();

  constructor(private readonly facts: PortFacts) {}

  /** The shift that moves [start, end] of `self` onto free host ports (see PortFacts.freeShift), then taken. */
  take(start: number, end: number, self: PortMapping): number | undefined {
    const k = start === end ? this.single(start) : this.facts.freeShift(start, end, self, this.planned);
    if (k !== undefined) this.planned.add({ port: self, start: start + k, end: end + k });
    return k;
  }

  private single(start: number): number | undefined {
    const used = this.facts.used();
    // Above its own port a single-port mapping takes nothing else, so "taken" is the same for
    // every search that passes a port, and stays so: skips stay right.
    const taken = (p: number) =>
      used.overlapping(p, p).length > 0 || this.planned.overlapping(p, p).length > 0;
    const visited: number[] = [];
    let p = start + 1;
    while (p <= 65535) {
      const next = this.skip.get(p);
      if (next !== undefined) {
        visited.push(p);
        p = next;
      } else if (taken(p)) {
        visited.push(p);
        p++;
      } else break;
    }
    for (const v of visited) this.skip.set(v, p);
    return p <= 65535 ? p - start : undefined;
  }
}

export class PortFacts {
  constructor(private readonly model: ComposeModel) {}

  /** The container port a published host port leads to through `m`, if `m` publishes it. */
  containerPortFor(m: PortMapping, port: number): number | undefined {
    if (m.unknown || !m.published || port < m.published.start || port > m.published.end) return undefined;
    if (m.target.start === m.target.end) return m.target.start;
    return m.target.start + (port - m.published.start);
  }

  /** The mapping of `service` that publishes host port `port` onto its container port `target`. */
  publishing(service: Service, port: number, target: number): PortMapping | undefined {
    return service.ports.find((m) => this.containerPortFor(m, port) === target);
  }

  /** The service listens on `port` in its container: a mapping's target or an `expose` entry. */
  listensOn(service: Service, port: number): boolean {
    return (
      service.ports.some((p) => !p.unknown && p.target.start <= port && port <= p.target.end) ||
      service.expose.some((e) => e.port === port)
    );
  }

  /** The mapping's fixed host port or range with its bind scope, or undefined (random, variable, odd). */
  fixed(service: Service, port: PortMapping): Published | undefined {
    let m = publishedOf.get(port);
    if (m === undefined) publishedOf.set(port, (m = readMapping(service, port) ?? null));
    return m ?? undefined;
  }

  /** Every host port the file (and its project) publishes, whatever the address or protocol: a new one must be clear of all. */
  readonly used = once((): PortIndex<HostRange> => {
    const used = new PortIndex<HostRange>();
    const add = (port: PortMapping) => {
      if (port.published && port.published.start > 0)
        used.add({ port, start: port.published.start, end: port.published.end });
    };
    for (const s of this.model.services) for (const port of s.ports) add(port);
    // The project's other files publish theirs on the same host.
    for (const o of this.model.project?.otherPorts ?? []) add(o.port);
    return used;
  });

  /**
   * The smallest shift up that moves [start, end] clear of every host port the file takes
   * (but `self`'s own) and of `planned` (ports earlier fixes propose); undefined past 65535.
   */
  freeShift(
    start: number,
    end: number,
    self?: PortMapping,
    planned?: PortIndex<HostRange>,
  ): number | undefined {
    const used = this.used();
    const taken = (index: PortIndex<HostRange>, k: number) =>
      index.overlapping(start + k, end + k).some((u) => u.port !== self);
    for (let k = 1; end + k <= 65535; k++) if (!taken(used, k) && !(planned && taken(planned, k))) return k;
    return undefined;
  }

  /** A search for free host ports, for one rule's run: what it takes stays taken for the next search. */
  freePorts(): FreePorts {
    return new FreePorts(this);
  }

  /** The literal host-port characters of the mapping, if a fix may replace them. */
  editableHostPort(m: Published): Span | undefined {
    const span = m.port.published?.span;
    if (!span || !insideService(m.service, span)) return undefined;
    const written = this.model.text.slice(span.start, span.end);
    if (written !== range(m.start, m.end) && written !== `${m.start}-${m.end}`) return undefined;
    if (m.port.str?.hasVariable()) return undefined;
    if (m.port.node.kind === "map") {
      const published = get(m.port.node, "published");
      if (published?.kind !== "scalar" || published.text?.includes("$")) return undefined;
    }
    return span;
  }
}

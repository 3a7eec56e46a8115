/**
 * Which networks a service is attached to, as Compose decides it: the keys of its `networks:`
 * (list or map form), or the project's `default` network when it has none (compose-go gives
 * a service with no or empty `networks:` the default network). Two keys are the same network
 * when they resolve to the same Docker name (`name:` on the top-level declaration). Also who
 * can reach whom by name, and what else may make a name resolve (extra_hosts, custom DNS,
 * external links or networks, a server sharing a service's network stack).
 */
import { asMap, asSeq, get, scalarText } from "../../parse/resolve";
import type { UrlFamily } from "../../parse/url";
import { answeredNames } from "../databases";
import { perObject } from "../memo";
import type { ComposeModel, Service } from "../types";
import { once } from "./once";
import { extendsAnotherFile, extendsOf } from "./project";

export interface EffectiveNetworks {
  /** The network keys as written (or "default"), in order. */
  keys: string[];
  /** False when the service has no `networks:` and sits on `default` implicitly. */
  explicit: boolean;
  /** Set when the networks come from another service through `network_mode: service:x`. */
  via?: Service;
}

/** Marks a service whose networks follow its `network_mode`, which depends on the other services. */
const NETWORK_MODE = Symbol("network_mode");

/** What the service itself says of its networks; reused while the service is unchanged (callers never mutate it). */
const ownNetworks = perObject((service: Service): EffectiveNetworks | undefined | typeof NETWORK_MODE => {
  if (!service.node || extendsOf(service)) return undefined;
  if (service.networkMode !== undefined || get(service.node, "network_mode")) return NETWORK_MODE;
  const value = service.networksPair?.value;
  const networks = service.networks ?? [];
  if (value && !(value.kind === "scalar" && value.text === null)) {
    if (value.kind === "scalar") return undefined;
    const count = value.kind === "seq" ? value.items.length : value.pairs.length;
    if (count !== networks.length) return undefined;
  }
  if (networks.some((n) => n.name.includes("$"))) return undefined;
  if (networks.length === 0) return { keys: ["default"], explicit: false };
  return { keys: networks.map((n) => n.name), explicit: true };
});

/**
 * Any `network_mode` (host, none, bridge, service:x, container:x): compose DNS names and the
 * loopback mean something else there, so URL hosts cannot be judged from the file.
 */
const hasOwnNetworkMode = perObject((service: Service): boolean => {
  return !!service.networkMode || !!get(service.node, "network_mode");
});

/** Names the service resolves through `extra_hosts` (its /etc/hosts), not through a network. */
const extraHosts = perObject((service: Service): ReadonlySet<string> => {
  const out = new Set<string>();
  const node = get(service.node, "extra_hosts");
  if (node?.kind === "map") for (const p of node.pairs) if (p.key.text) out.add(p.key.text);
  for (const item of asSeq(node)?.items ?? []) {
    const v = scalarText(item);
    const m = v ? /^([^:=\s]+)\s*[:=]/.exec(v) : null;
    if (m) out.add(m[1]);
  }
  return out;
});

/** What of a client's own settings may make unknown names resolve, read once per service. */
interface OwnResolution {
  /** No body, `extends` from another file, custom DNS or external links: any name may resolve. */
  any: boolean;
  /** Lower-case names its `extra_hosts` entries define. */
  extraHosts: ReadonlySet<string>;
}

const ownResolution = perObject((client: Service): OwnResolution => {
  const node = client.node;
  const none = new Set<string>();
  if (!node || extendsAnotherFile(client)) return { any: true, extraHosts: none };
  if (get(node, "dns") || get(node, "dns_search") || get(node, "external_links"))
    return { any: true, extraHosts: none };
  const extra = get(node, "extra_hosts");
  if (!extra) return { any: false, extraHosts: none };
  const entries =
    extra.kind === "map"
      ? extra.pairs.map((p) => p.key.text ?? "")
      : extra.kind === "seq"
        ? extra.items.map((i) => (i.kind === "scalar" ? (i.text ?? "") : ""))
        : [];
  return { any: false, extraHosts: new Set(entries.map((e) => e.split(/[:=]/)[0].trim().toLowerCase())) };
});

export class NetworkFacts {
  private readonly effective = new Map<Service, EffectiveNetworks | undefined>();
  private readonly identities = new Map<string, string>();

  constructor(private readonly model: ComposeModel) {}

  /**
   * The service's networks, or undefined when they cannot be known from this file:
   * `network_mode` host/none/bridge/container:x (no compose DNS at all), `extends` (networks
   * merged in from the base), a name that is an unresolved variable, an unreadable value.
   */
  of(service: Service): EffectiveNetworks | undefined {
    if (this.effective.has(service)) return this.effective.get(service);
    const nets = this.follow(service, 0);
    this.effective.set(service, nets);
    return nets;
  }

  private follow(service: Service, depth: number): EffectiveNetworks | undefined {
    const own = ownNetworks(service);
    if (own !== NETWORK_MODE) return own;
    const mode = service.networkMode?.value;
    const m = mode ? /^service:(.+)$/.exec(mode) : null;
    const target = m ? this.model.serviceByName.get(m[1]) : undefined;
    if (!target || target === service || depth > 4) return undefined;
    const inner = this.follow(target, depth + 1);
    return inner ? { ...inner, via: inner.via ?? target } : undefined;
  }

  /** The Docker network a key stands for: its declared `name:` (or the key of an external one), else the key. */
  identity(key: string): string {
    let id = this.identities.get(key);
    if (id === undefined) {
      const decl = asMap(this.model.declared.networks.get(key)?.value);
      const name = scalarText(get(decl, "name"));
      // An external network without `name:` is the Docker network of that very name.
      const external = get(decl, "external");
      if (name && !name.includes("$")) id = `name:${name}`;
      else if (scalarText(external) === "true" || asMap(external)) id = `name:${key}`;
      else id = `key:${key}`;
      this.identities.set(key, id);
    }
    return id;
  }

  /** True when the two lists of keys share a network. */
  share(a: readonly string[], b: readonly string[]): boolean {
    // The same key is the same network (the usual case, checked without building anything).
    if (a.some((k) => b.includes(k))) return true;
    const ids = new Set(a.map((k) => this.identity(k)));
    return b.some((k) => ids.has(this.identity(k)));
  }

  /** Any `network_mode`: compose DNS names and the loopback mean something else there. */
  hasOwnNetworkMode(service: Service): boolean {
    return hasOwnNetworkMode(service);
  }

  /** Whether `client` can reach `target` by name: both on compose networks, sharing one (as no-shared-network sees it). */
  reachable(client: Service, target: Service): boolean {
    if (hasOwnNetworkMode(client) || hasOwnNetworkMode(target)) return false;
    const a = this.of(client);
    const b = this.of(target);
    return !!a && !!b && this.share(a.keys, b.keys);
  }

  /** Names the service resolves through `extra_hosts`, not through a network. */
  extraHosts(service: Service): ReadonlySet<string> {
    return extraHosts(service);
  }

  /** The URL families of database servers sharing a network stack, by the `network_mode` that names it. */
  private readonly sidecars = once(() => {
    const byMode = new Map<string, Set<UrlFamily | string>>();
    for (const db of this.model.databases) {
      const mode = db.service.networkMode?.value.trim();
      if (!mode) continue;
      const families = byMode.get(mode);
      if (families) families.add(db.family);
      else byMode.set(mode, new Set([db.family]));
    }
    return byMode;
  });

  /**
   * True when a server of the URL's family shares `service`'s network stack (`network_mode:
   * service:<it>` or `container:<its container_name>`): it then listens on that service's
   * addresses, loopback included.
   */
  hostsSidecarServer(service: Service, family: UrlFamily): boolean {
    const sidecars = this.sidecars();
    if (sidecars.size === 0) return false;
    if (sidecars.get(`service:${service.name}`)?.has(family)) return true;
    return !!service.containerName && !!sidecars.get(`container:${service.containerName.value}`)?.has(family);
  }

  /** True when some service answers to `host` (any case: container DNS ignores it). */
  isAnswered(host: string): boolean {
    return answeredNames(this.model).has(host.toLowerCase());
  }

  /** Whether a client's own settings may make an unknown name resolve (extra_hosts, custom DNS, external links or networks). */
  mayResolveElsewhere(client: Service, host: string): boolean {
    const own = ownResolution(client);
    if (own.any || own.extraHosts.has(host.toLowerCase())) return true;
    // An external network is shared with containers of other projects, which answer to their names.
    const networks = this.of(client);
    if (!networks) return true;
    return networks.keys.some((key) => this.isExternal(key));
  }

  private isExternal(key: string): boolean {
    const ext = get(this.model.declared.networks.get(key)?.value, "external");
    return !!ext && !(ext.kind === "scalar" && ext.text === "false");
  }

  /** The services that are, or may be, on the default network, with the service they follow (network_mode). */
  private readonly onDefault = once(() => {
    const out: { service: Service; via?: Service }[] = [];
    for (const s of this.model.services) {
      const nets = this.of(s);
      if (!nets) {
        if (s.networkMode && !/^service:/.test(s.networkMode.value)) continue;
        out.push({ service: s });
      } else if (this.share(nets.keys, ["default"])) out.push({ service: s, via: nets.via });
    }
    return out;
  });

  /** True when some service other than `client` (or one following it) is, or may be, on the default network. */
  othersUseDefault(client: Service): boolean {
    return this.onDefault().some((e) => e.service !== client && e.via !== client);
  }
}

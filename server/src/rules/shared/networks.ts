/**
 * Which networks a service is attached to, as Compose decides it: the keys of its `networks:`
 * (list or map form), or the project's `default` network when it has none (compose-go gives
 * a service with no or empty `networks:` the default network). Two keys are the same network
 * when they resolve to the same Docker name (`name:` on the top-level declaration).
 */

import { perObject } from "../../model/memo";
import type { ComposeModel, Service } from "../../model/types";
import { asMap, get, scalarText } from "../../parse/resolve";
import { extendsOf } from "./project-scope";

export interface EffectiveNetworks {
  /** The network keys as written (or "default"), in order. */
  keys: string[];
  /** False when the service has no `networks:` and sits on `default` implicitly. */
  explicit: boolean;
  /** Set when the networks come from another service through `network_mode: service:x`. */
  via?: Service;
}

/**
 * The service's networks, or undefined when they cannot be known from this file:
 * `network_mode` host/none/bridge/container:x (no compose DNS at all), `extends` (networks
 * merged in from the base), a name that is an unresolved variable, an unreadable value.
 */
export function effectiveNetworks(
  model: ComposeModel,
  service: Service,
  depth = 0,
): EffectiveNetworks | undefined {
  const own = ownNetworks(service);
  if (own !== NETWORK_MODE) return own;
  const mode = service.networkMode?.value;
  const m = mode ? /^service:(.+)$/.exec(mode) : null;
  const target = m ? model.serviceByName.get(m[1]) : undefined;
  if (!target || target === service || depth > 4) return undefined;
  const inner = effectiveNetworks(model, target, depth + 1);
  return inner ? { ...inner, via: inner.via ?? target } : undefined;
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

/** The Docker network a key stands for: its declared `name:` (or the key of an external one), else the key. */
export function networkIdentity(model: ComposeModel, key: string): string {
  const decl = asMap(model.declared.networks.get(key)?.value);
  const name = scalarText(get(decl, "name"));
  if (name && !name.includes("$")) return `name:${name}`;
  // An external network without `name:` is the Docker network of that very name.
  const external = get(decl, "external");
  if (scalarText(external) === "true" || asMap(external)) return `name:${key}`;
  return `key:${key}`;
}

/** True when the two lists share a network. */
export function shareNetwork(model: ComposeModel, a: string[], b: string[]): boolean {
  // The same key is the same network (the usual case, checked without building anything).
  if (a.some((k) => b.includes(k))) return true;
  const ids = new Set(a.map((k) => networkIdentity(model, k)));
  return b.some((k) => ids.has(networkIdentity(model, k)));
}

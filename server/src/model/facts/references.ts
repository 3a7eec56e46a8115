/**
 * What services refer to by name (depends_on, networks, volumes, secrets, configs), whether
 * the project defines it, and the names a misspelt one may have meant.
 */
import { asSeq, get, type RNode, type RScalar, scalarText } from "../../parse/resolve";
import type { Span } from "../../parse/url";
import { perObject } from "../memo";
import type { ComposeModel, Service } from "../types";
import { type NearNameIndex, type NearNames, nearNameIndex } from "./names";
import { once } from "./once";
import { extendsAnotherFile } from "./project";

export type ReferenceKind = "service" | "network" | "volume" | "secret" | "config";

export interface Reference {
  kind: ReferenceKind;
  name: string;
  service: Service;
  /** The characters naming it. */
  span: Span;
  /** The scalar holding the name (the name starts its value), for a rename. */
  scalar?: RScalar;
  /** Names the service already uses for this kind (a rename must not duplicate one). */
  siblings: string[];
}

/** The top-level section declaring names of each kind. */
export const SECTION = {
  network: "networks",
  volume: "volumes",
  secret: "secrets",
  config: "configs",
} as const;

/** The name of a secret/config entry: `- name` or `- source: name`. */
function entryName(item: RNode): { name: string; scalar: RScalar } | undefined {
  const node = item.kind === "map" ? get(item, "source") : item;
  const name = scalarText(node);
  return node?.kind === "scalar" && name ? { name, scalar: node } : undefined;
}

/**
 * What a service refers to by name. Kept with the service while it is unchanged (its spans
 * are its nodes' own span objects, which move with them; a volume's is a getter).
 */
const referencesOf = perObject((service: Service): Reference[] => {
  const out: Reference[] = [];
  const depNames = service.dependsOn.map((d) => d.service);
  for (const dep of service.dependsOn) {
    out.push({
      kind: "service",
      name: dep.service,
      service,
      span: dep.nameNode.span,
      scalar: dep.nameNode,
      siblings: depNames,
    });
  }
  if (extendsAnotherFile(service)) return out;
  const netNames = (service.networks ?? []).map((n) => n.name);
  for (const n of service.networks ?? []) {
    out.push({
      kind: "network",
      name: n.name,
      service,
      span: n.node.span,
      scalar: n.node,
      siblings: netNames,
    });
  }
  for (const v of service.volumes) {
    if (v.type !== "volume" || !v.source || !v.sourceSpan) continue;
    const scalar = v.form === "long" ? get(v.node, "source") : v.node;
    // `${DATA_VOLUME:-appdata}:/data`: the source is whatever the variable says, not known here.
    const raw = scalar?.kind === "scalar" ? (scalar.text ?? "") : "";
    if (v.form === "long" ? raw.includes("$") : /^[^:]*\$/.test(raw)) continue;
    out.push({
      kind: "volume",
      name: v.source,
      service,
      get span() {
        return v.sourceSpan ?? v.node.span;
      },
      scalar: scalar?.kind === "scalar" ? scalar : undefined,
      siblings: [],
    });
  }
  for (const kind of ["secret", "config"] as const) {
    for (const item of asSeq(get(service.node, SECTION[kind]))?.items ?? []) {
      const e = entryName(item);
      if (e)
        out.push({
          kind,
          name: e.name,
          service,
          span: e.scalar.span,
          scalar: e.scalar,
          siblings: [],
        });
    }
  }
  return out;
});

/** A reference to a name the project does not define, with every service that has it (an anchor's several). */
export interface MissingReference {
  ref: Reference;
  services: Service[];
}

export class ReferenceFacts {
  private readonly near = new Map<ReferenceKind, NearNameIndex>();

  constructor(private readonly model: ComposeModel) {}

  /**
   * The references to names the project does not define (names from variables are unknown,
   * not missing), one per place they are written, in file order of their first service.
   */
  readonly missing = once((): readonly MissingReference[] => {
    const bySpan = new Map<string, MissingReference>();
    for (const service of this.model.services) {
      for (const ref of referencesOf(service)) {
        if (this.fromVariable(ref) || this.isDefined(ref)) continue;
        const k = `${ref.kind}:${ref.span.start}:${ref.span.end}`;
        const seen = bySpan.get(k);
        if (!seen) bySpan.set(k, { ref, services: [service] });
        else if (!seen.services.some((s) => s.name === service.name)) seen.services.push(service);
      }
    }
    return [...bySpan.values()];
  });

  /** What `service` refers to by name, in the order it is written. */
  of(service: Service): readonly Reference[] {
    return referencesOf(service);
  }

  /** True when the name comes from a variable: unknown, not wrong. */
  fromVariable(ref: Reference): boolean {
    if (ref.name.includes("$") || this.model.text.slice(ref.span.start, ref.span.end).includes("$"))
      return true;
    return ref.kind !== "volume" && !!ref.scalar?.text?.includes("$");
  }

  /** True when the project defines what `ref` names (`default` needs no declaration). */
  isDefined(ref: Reference): boolean {
    // Another file of the loaded project (the override, an included file) may define it.
    const elsewhere = this.model.project?.names[ref.kind === "service" ? "services" : SECTION[ref.kind]];
    if (elsewhere?.has(ref.name)) return true;
    switch (ref.kind) {
      case "service":
        return this.model.serviceByName.has(ref.name);
      case "network":
        return ref.name === "default" || this.model.declared.networks.has(ref.name);
      default:
        return this.model.declared[SECTION[ref.kind]].has(ref.name);
    }
  }

  /**
   * The defined names nearest to `name` (see NearNameIndex), leaving out those `skip` refuses.
   * Built once per model and kind, for all the missing names of that kind at once.
   */
  nearest(kind: ReferenceKind, name: string, skip?: (candidate: string) => boolean): NearNames | undefined {
    let index = this.near.get(kind);
    if (!index) {
      const names =
        kind === "service"
          ? this.model.services.map((s) => s.name)
          : [...this.model.declared[SECTION[kind]].keys()];
      this.near.set(kind, (index = nearNameIndex(kind, names)));
      index.prepare(this.missing().flatMap((m) => (m.ref.kind === kind ? [m.ref.name] : [])));
    }
    return index.nearest(name, skip);
  }

  /** Services by their container_name and hostname. */
  private readonly knownAs = once((): Map<string, Service[]> => {
    const byName = new Map<string, Service[]>();
    for (const s of this.model.services) {
      // A service whose container_name and hostname agree counts once, as in a filter over services.
      for (const name of new Set([s.containerName?.value, s.hostname?.value])) {
        if (name === undefined) continue;
        const list = byName.get(name);
        if (list) list.push(s);
        else byName.set(name, [s]);
      }
    }
    return byName;
  });

  /** The services whose container_name or hostname is `name`. */
  knownAsName(name: string): readonly Service[] {
    return this.knownAs().get(name) ?? [];
  }

  /** Named volumes some service mounts. */
  private readonly volumesInUse = once(() => {
    const names = new Set<string>();
    for (const s of this.model.services)
      for (const v of s.volumes) if (v.type === "volume" && v.source !== undefined) names.add(v.source);
    return names;
  });

  /** True when some service mounts the named volume. */
  volumeInUse(name: string): boolean {
    return this.volumesInUse().has(name);
  }

  /** True when service `from` depends on `to`, directly or through others (a rename would close a cycle). */
  dependsTransitively(from: string, to: string): boolean {
    const seen = new Set<string>();
    const walk = (name: string): boolean => {
      if (name === to) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return (this.model.serviceByName.get(name)?.dependsOn ?? []).some((d) => walk(d.service));
    };
    return walk(from);
  }
}

/**
 * undefined-reference: a service names something the project does not define, and Compose
 * refuses the whole file before starting anything:
 *   - `depends_on` a service that does not exist: `service "airflow" depends on undefined
 *     service "postgress": invalid compose project` (a service that exists only in an inactive
 *     profile is a different problem and is not reported here);
 *   - a network not declared under top-level `networks:` (`default` needs no declaration);
 *   - a named volume not declared under top-level `volumes:` (`service "x" refers to undefined
 *     volume pgdata: invalid compose project`);
 *   - a `secrets:`/`configs:` entry not declared at the top level.
 *
 * Files that are not the whole project are skipped: a file with `include:` (names may come
 * from the included files) and override fragments (a service with no image/build/extends, or
 * a file named *override*). A service that `extends` a service of another file is only
 * checked for `depends_on` (networks and volumes may come with the base service).
 *
 * Fixes: "Declare volume/network `x`" adds `x:` under the top-level section (creating it at
 * the end of the file). "Change to `y`" renames a misspelt reference to the one nearest
 * defined name (same up to case and -/_/., or ≤ 2 edits). Which is preferred:
 *   - depends_on: the rename (there is nothing to declare), when exactly one name is near;
 *   - networks: the rename when exactly one declared network is near (a typo), else declaring;
 *   - volumes: declaring, unless exactly one declared volume is near AND no service uses it
 *     (then the reference is a typo of it, and declaring would start an empty volume instead
 *     of the one holding the data);
 *   - secrets/configs: never (a declaration needs a file, and a rename moves the mount path).
 */
import { declareTopLevel } from "../edits/insert";
import { perObject } from "../model/memo";
import type { ComposeModel, Service } from "../model/types";
import { asSeq, get, type RNode, type RScalar, scalarText } from "../parse/resolve";
import { SourceString } from "../parse/source-string";
import type { Span } from "../parse/url";
import { type NearNames, nearestNames } from "./shared/near-names";
import { extendsAnotherFile, insideService, partialProject } from "./shared/project-scope";
import type { Finding, Fix, Rule, TextEdit } from "./types";

const RULE = "undefined-reference";

type Kind = "service" | "network" | "volume" | "secret" | "config";

interface Reference {
  kind: Kind;
  name: string;
  service: Service;
  /** The characters naming it. */
  span: Span;
  /** The scalar holding the name and where the name sits in its value, for a rename. */
  scalar?: RScalar;
  offset?: number;
  /** Names the service already uses for this kind (a rename must not duplicate one). */
  siblings: string[];
}

const SECTION = { network: "networks", volume: "volumes", secret: "secrets", config: "configs" } as const;

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
      offset: 0,
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
      offset: 0,
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
      offset: 0,
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
          offset: 0,
          siblings: [],
        });
    }
  }
  return out;
});

function isDefined(model: ComposeModel, ref: Reference): boolean {
  switch (ref.kind) {
    case "service":
      return model.serviceByName.has(ref.name);
    case "network":
      return ref.name === "default" || model.declared.networks.has(ref.name);
    default:
      return model.declared[SECTION[ref.kind]].has(ref.name);
  }
}

/** The names a reference of this kind may name, one list per model and kind (see nearestNames). */
function definedNames(model: ComposeModel, kind: Reference["kind"]): readonly string[] {
  const lists = definedNamesByKind(model);
  let names = lists.get(kind);
  if (!names) {
    names =
      kind === "service" ? model.services.map((s) => s.name) : [...model.declared[SECTION[kind]].keys()];
    lists.set(kind, names);
  }
  return names;
}
const definedNamesByKind = perObject(
  (_model: ComposeModel) => new Map<Reference["kind"], readonly string[]>(),
);

/** The edit replacing the name with `to`, when the name is written literally in the service itself. */
function renameEdit(model: ComposeModel, ref: Reference, to: string): TextEdit | undefined {
  if (!ref.scalar || ref.offset === undefined || !insideService(ref.service, ref.span)) return undefined;
  const str = SourceString.ofScalar(model.text, ref.scalar);
  if (str.value.slice(ref.offset, ref.offset + ref.name.length) !== ref.name) return undefined;
  const span = str.editableSpan(ref.offset, ref.offset + ref.name.length);
  if (!span || !str.canHold(to) || /[:\s#]/.test(to)) return undefined;
  return { start: span.start, end: span.end, newText: to };
}

/** True when service `from` depends on `to`, directly or through others (a rename would close a cycle). */
function dependsOn(model: ComposeModel, from: string, to: string): boolean {
  const seen = new Set<string>();
  const walk = (name: string): boolean => {
    if (name === to) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return (model.serviceByName.get(name)?.dependsOn ?? []).some((d) => walk(d.service));
  };
  return walk(from);
}

/** True when some service mounts the named volume. */
function volumeInUse(model: ComposeModel, name: string): boolean {
  return model.services.some((s) => s.volumes.some((v) => v.type === "volume" && v.source === name));
}

/** The service whose container_name or hostname is `name` (depends_on takes service names only). */
function serviceKnownAs(model: ComposeModel, ref: Reference): string | undefined {
  if (ref.kind !== "service") return undefined;
  const matches = (knownAsOf(model).get(ref.name) ?? []).filter((s) => s !== ref.service);
  return matches.length === 1 ? matches[0].name : undefined;
}

/** Services by their container_name and hostname, once per model (asked per reference). */
const knownAsOf = perObject((model: ComposeModel): Map<string, Service[]> => {
  const byName = new Map<string, Service[]>();
  for (const s of model.services) {
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

function nearFor(model: ComposeModel, ref: Reference, excludeSiblings: boolean): NearNames | undefined {
  const known = serviceKnownAs(model, ref);
  if (known && !(excludeSiblings && ref.siblings.includes(known))) return { names: [known], distance: 0 };
  // A service never depends on itself.
  const self = ref.kind === "service" ? ref.service.name : undefined;
  return nearestNames(
    ref.name,
    definedNames(model, ref.kind),
    (n) => n === self || (excludeSiblings && ref.siblings.includes(n)),
  );
}

function fixesFor(model: ComposeModel, ref: Reference): Fix[] {
  const near = nearFor(model, ref, true);
  const unique = near?.names.length === 1 ? near.names[0] : undefined;
  const renames: Fix[] = [];
  for (const to of near?.names.slice(0, 3) ?? []) {
    const edit = renameEdit(model, ref, to);
    if (edit) renames.push({ title: `Change to \`${to}\``, edits: [edit], preferred: false });
  }
  const declares: Fix[] = [];
  if ((ref.kind === "volume" || ref.kind === "network") && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(ref.name)) {
    const edit = declareTopLevel(model.text, model, SECTION[ref.kind], ref.name);
    if (edit)
      declares.push({ title: `Declare ${ref.kind} \`${ref.name}\``, edits: [edit], preferred: false });
  }
  let renameWins = false;
  if (unique && renames.length === 1) {
    if (ref.kind === "service") renameWins = !dependsOn(model, unique, ref.service.name);
    else if (ref.kind === "network") renameWins = true;
    else if (ref.kind === "volume") renameWins = !volumeInUse(model, unique);
  }
  if (renameWins) renames[0].preferred = true;
  else if (declares.length) declares[0].preferred = true;
  return renameWins ? [...renames, ...declares] : [...declares, ...renames];
}

function message(ref: Reference, services: string[], model: ComposeModel): string {
  const who =
    services.length > 1 ? `services ${services.map((s) => `"${s}"`).join(", ")}` : `service "${services[0]}"`;
  const near = nearFor(model, ref, false);
  const hint = near?.names.length ? ` Did you mean ${near.names.map((n) => `"${n}"`).join(" or ")}?` : "";
  const first = `service "${ref.service.name}"`;
  const also = services.length > 1 ? ` (the same entry is used by ${who.replace(/^services /, "")})` : "";
  switch (ref.kind) {
    case "service":
      return (
        `No service "${ref.name}" is defined in this file, so Compose rejects it: ` +
        `${first} depends on undefined service "${ref.name}": invalid compose project.${also}${hint}`
      );
    case "network":
    case "volume":
      return (
        `${who[0].toUpperCase()}${who.slice(1)} use${services.length > 1 ? "" : "s"} ${ref.kind} "${ref.name}", ` +
        `which is not declared under the top-level \`${SECTION[ref.kind]}:\`, so Compose rejects the file: ` +
        `${first} refers to undefined ${ref.kind} ${ref.name}: invalid compose project.${hint}`
      );
    default:
      return (
        `${who[0].toUpperCase()}${who.slice(1)} use${services.length > 1 ? "" : "s"} ${ref.kind} "${ref.name}", ` +
        `which is not declared under the top-level \`${SECTION[ref.kind]}:\` (with a \`file:\`, ` +
        `\`environment:\` or \`external: true\`), so Compose rejects the file: ` +
        `${first} refers to undefined ${ref.kind} ${ref.name}: invalid compose project.${hint}`
      );
  }
}

export const undefinedReference: Rule = {
  meta: {
    id: RULE,
    title: "depends_on, networks, volumes, secrets or configs name something that is not defined",
    defaultSeverity: "error",
    fixable: true,
  },
  check(model) {
    // Included files and base files bring services, networks and volumes this file cannot show.
    if (partialProject(model)) return [];
    // One finding per place: an anchor shared by several services is reported once, naming them all.
    const bySpan = new Map<string, { ref: Reference; services: string[] }>();
    for (const service of model.services) {
      for (const ref of referencesOf(service)) {
        // A name from a variable is unknown, not wrong.
        if (ref.name.includes("$") || model.text.slice(ref.span.start, ref.span.end).includes("$")) continue;
        if (ref.kind !== "volume" && ref.scalar?.text?.includes("$")) continue;
        if (isDefined(model, ref)) continue;
        const k = `${ref.kind}:${ref.span.start}:${ref.span.end}`;
        const seen = bySpan.get(k);
        if (seen) {
          if (!seen.services.includes(service.name)) seen.services.push(service.name);
        } else bySpan.set(k, { ref, services: [service.name] });
      }
    }
    const findings: Finding[] = [];
    for (const { ref, services } of bySpan.values()) {
      findings.push({
        rule: RULE,
        message: message(ref, services, model),
        span: ref.span,
        fixes: fixesFor(model, ref),
      });
    }
    return findings;
  },
};

/**
 * How much of the Compose project one file shows. A file that `include:`s others, an
 * override file (`docker-compose.override.yml`, or any file with a service that has neither
 * `image` nor `build` nor `extends`, which only makes sense merged onto a base file) and a
 * service that `extends` a service of another file all get names, networks and volumes from
 * text this file does not contain. Rules that judge what is *missing* must stay silent there.
 */
import { asMap, get, getPair, type RPair, scalarText } from "../../parse/resolve";
import type { Span } from "../../parse/url";
import { contextOf } from "../../project/context";
import { loadProject } from "../../project/load";
import { perObject } from "../memo";
import type { ComposeModel, ProjectProblemInFile, Service } from "../types";
import { once } from "./once";

export type PartialReason = "include" | "override";

export interface ExtendsInfo {
  /** The service it extends. */
  service?: string;
  /** The file it comes from; undefined for a service of the same file. */
  file?: string;
}

/** A service that cannot run on its own: no image, no build, no extends (an override fragment). */
export const isFragment = perObject((service: Service): boolean => {
  if (!service.node) return true;
  return !service.image && !service.build && !get(service.node, "extends") && !get(service.node, "image");
});

const extendsOf = perObject((service: Service): ExtendsInfo | undefined => {
  const node = get(service.node, "extends");
  if (!node) return undefined;
  if (node.kind === "scalar") return { service: scalarText(node) };
  const map = asMap(node);
  if (!map) return {};
  return { service: scalarText(get(map, "service")), file: scalarText(get(map, "file")) };
});

export class ProjectFacts {
  constructor(private readonly model: ComposeModel) {}

  /** Why this file may not be the whole project, or undefined when it stands alone. */
  readonly partial = once((): PartialReason | undefined => {
    const model = this.model;
    if (model.root && getPair(model.root, "include")) return "include";
    if (/override/i.test(model.path?.split(/[\\/]/).pop() ?? "")) return "override";
    if (model.services.some(isFragment)) return "override";
    return undefined;
  });

  /** True when the file is one part of a multi-file project, so a name may be defined elsewhere. */
  isPartial(): boolean {
    return this.partial() !== undefined;
  }

  /**
   * True when the whole project this file belongs to was loaded (every file it names was read
   * without problems): then the names it defines elsewhere are known, not guessed.
   */
  known(): boolean {
    return this.model.project?.complete === true;
  }

  /** True when another file of the loaded project defines `name` in `section` (`services`, `networks`...). */
  defines(section: "services" | "networks" | "volumes" | "secrets" | "configs", name: string): boolean {
    return this.model.project?.names[section].has(name) === true;
  }

  /** True when a service of the loaded project (in any of its files) answers to host name `name`. */
  answers(name: string): boolean {
    return this.model.project?.hosts.has(name) === true;
  }

  /**
   * What loading the project found wrong in this file (a missing file, a cycle, a conflict).
   * A text with no path (an untitled editor, a test) has no project; its own `extends:` chains
   * are still followed, in memory, when it has some.
   */
  readonly problems = once((): readonly ProjectProblemInFile[] => {
    if (this.model.project) return this.model.project.problems;
    if (this.model.path || !this.model.services.some((s) => extendsOf(s) && !extendsOf(s)?.file)) return [];
    const path = "/untitled/compose.yaml";
    const text = this.model.text;
    return contextOf(loadProject({ files: [path], read: (p) => (p === path ? text : undefined) }), path)
      .problems;
  });

  /** The service's `extends:` (string or mapping form), if any. */
  extendsOf(service: Service): ExtendsInfo | undefined {
    return extendsOf(service);
  }

  /** True when the service takes settings from a service of another file that this file cannot show. */
  extendsAnotherFile(service: Service): boolean {
    return extendsAnotherFile(service);
  }

  /** The services written in the `services:` mapping itself (not merged in), in order, by entry. */
  private readonly ownServices = once(() => {
    const map = this.model.topLevel.services?.value;
    const order = new Map<RPair, RPair | undefined>();
    if (map?.kind !== "map") return order;
    const own = map.pairs.filter(
      (p) => !p.merged && p.key.span.start >= map.span.start && p.key.span.end <= map.span.end,
    );
    for (const [i, p] of own.entries()) order.set(p, own[i + 1]);
    return order;
  });

  /** The service entry written right after `service`'s, if any. */
  serviceAfter(service: Service): RPair | undefined {
    return this.ownServices().get(service.pair);
  }

  /** True when a span lies inside the service's own text (not in an anchor defined elsewhere). */
  insideService(service: Service, span: Span): boolean {
    return insideService(service, span);
  }
}

export function insideService(service: Service, span: Span): boolean {
  const start = service.key.span.start;
  const end = service.pair.value?.span.end ?? service.key.span.end;
  return span.start >= start && span.end <= end;
}

export function extendsAnotherFile(service: Service): boolean {
  const ext = extendsOf(service);
  return !!ext && (ext.file !== undefined || ext.service === undefined);
}

export { extendsOf };

/**
 * depends-on-cycle: services that need each other started first (`depends_on`, and the links,
 * `network_mode: service:x` and `volumes_from` Compose turns into dependencies), or a service
 * that depends on itself. Compose refuses the whole file: "dependency cycle detected: a -> b -> a".
 * One finding per knot of services that reach each other (the shortest cycle through its first
 * service in file order, on that service's dependency, the other links of the chain as related
 * places), and one per self-dependency. Facts: model/dependencies.ts.
 */
import { type ServiceEdge, serviceEdges } from "../model/dependencies";
import type { ComposeModel } from "../model/types";
import { fitting, namesShort } from "./phrases";
import { defineRule } from "./types";

const RULE = "depends-on-cycle";

export const dependsOnCycle = defineRule<Step[]>({
  meta: {
    id: RULE,
    title: "Services depend on each other in a cycle",
    defaultSeverity: "error",
    fixable: false,
  },
  // The states: the cycles, each the chain of dependencies from its first service back to it.
  run: ({ model }) => cycles(model),
  diagnostic: (_ctx, cycle) => {
    const names = [...cycle.map((c) => c.from), cycle[0].from];
    const chain = names.join(" -> ");
    const [first, ...rest] = cycle;
    const self = cycle.length === 1;
    return {
      message: self
        ? fitting(
            `Service \`${first.from}\` depends on itself (through \`${first.edge.via}\`), so Compose refuses the file.`,
            "This service depends on itself, so Compose refuses the file.",
          )
        : fitting(
            `Dependency cycle ${chain}: each waits for the next, so Compose refuses the file.`,
            `Dependency cycle through ${namesShort(names.slice(0, -1))}: Compose refuses the file.`,
            "These services depend on each other in a cycle, so Compose refuses the file.",
          ),
      detail: self
        ? `Compose: "dependency cycle detected: ${chain}". Remove this dependency.`
        : `Each waits for the next. Compose: "dependency cycle detected: ${chain}". Remove one of these dependencies.`,
      span: first.edge.node.span,
      related: rest.map((c) => ({
        span: c.edge.node.span,
        message: `\`${c.from}\` depends on \`${c.edge.service}\` here (${c.edge.via})`,
      })),
    };
  },
});

interface Step {
  from: string;
  edge: ServiceEdge;
}

/** The cycles to report: one per strongly connected component of two or more services, and each self-dependency. */
function cycles(model: ComposeModel): Step[][] {
  const found: Step[][] = [];
  // Tarjan's strongly connected components: a cycle lies inside one; most files have none, so
  // this is one linear pass.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const edgesOf = (name: string) => {
    const s = model.serviceByName.get(name);
    return s ? serviceEdges(s).filter((e) => model.serviceByName.has(e.service)) : [];
  };
  const strong = (v: string) => {
    // Iterative, so a long chain of services cannot overflow the stack.
    const work: { v: string; i: number; edges: ServiceEdge[] }[] = [{ v, i: 0, edges: edgesOf(v) }];
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.edges.length) {
        const w = top.edges[top.i++].service;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0, edges: edgesOf(w) });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== top.v);
        components++;
      }
    }
  };
  for (const s of model.services) if (!index.has(s.name)) strong(s.name);

  // One cycle per component, from its first service in file order (a breadth-first search: the
  // shortest cycle through it), and every self-dependency: linear however big the component.
  const done = new Set<number>();
  for (const s of model.services) {
    for (const edge of edgesOf(s.name)) if (edge.service === s.name) found.push([{ from: s.name, edge }]);
    const comp = component.get(s.name)!;
    if (done.has(comp)) continue;
    done.add(comp);
    const prev = new Map<string, Step>();
    const queue = [s.name];
    let closing: Step | undefined;
    for (let q = 0; q < queue.length && !closing; q++) {
      const v = queue[q];
      for (const edge of edgesOf(v)) {
        if (component.get(edge.service) !== comp || edge.service === v) continue;
        if (edge.service === s.name) {
          closing = { from: v, edge };
          break;
        }
        if (!prev.has(edge.service)) {
          prev.set(edge.service, { from: v, edge });
          queue.push(edge.service);
        }
      }
    }
    if (!closing) continue;
    const steps: Step[] = [closing];
    for (let at = closing.from; at !== s.name; ) {
      const step = prev.get(at)!;
      steps.unshift(step);
      at = step.from;
    }
    found.push(steps);
  }
  return found;
}

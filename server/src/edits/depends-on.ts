/**
 * Rewriting `depends_on` so that chosen dependencies wait for a condition, keeping the
 * user's comments and every other entry as written:
 *
 *     depends_on:              depends_on:
 *       - postgres      ->       postgres:
 *       - redis                    condition: service_healthy
 *                                redis:
 *                                  condition: service_started
 */
import type { DependencyCondition, Service } from "../model/types";
import type { RMap, RPair } from "../parse/resolve";
import { appendToSeq } from "./append-item";
import { addToPairValue, appendToMap } from "./insert";
import { column, eol, indentUnit, isFirstOnLine, lineStart } from "./text";
import type { TextEdit } from "./types";
import { yamlScalar } from "./yaml-text";

/**
 * Edits that make `service`'s depends_on entries use the given conditions. Entries not in
 * `wanted` keep their condition (list entries become `condition: service_started`, which is
 * what the short form means). Returns undefined when the layout is not one we can edit safely.
 */
export function setDependencyConditions(
  text: string,
  service: Service,
  wanted: ReadonlyMap<string, DependencyCondition>,
  /** Dependencies to point at another service instead (old name -> new name). */
  rename: ReadonlyMap<string, string> = new Map(),
): TextEdit[] | undefined {
  const keyFor = (name: string, written: string) => rename.get(name) ?? written;
  const pair = service.dependsOnPair;
  if (!pair?.value) return undefined;
  const value = pair.value;
  const nl = eol(text);
  const unit = indentUnit(text);
  if (value.kind === "seq" && !value.flow) {
    if (!isFirstOnLine(text, pair.key.span.start)) return undefined;
    const parentCol = column(text, pair.key.span.start);
    const edits: TextEdit[] = [];
    for (const item of value.items) {
      if (item.kind !== "scalar" || item.text === null) return undefined;
      const dash = text.lastIndexOf("-", item.span.start - 1);
      if (dash < 0 || !isFirstOnLine(text, dash) || text.slice(dash + 1, item.span.start).trim() !== "")
        return undefined;
      const dashCol = column(text, dash);
      // An "indentless" list (`- x` under `depends_on:` at the same column) needs the map indented.
      const keyCol = dashCol > parentCol ? dashCol : parentCol + unit;
      const condition = wanted.get(item.text) ?? "service_started";
      const keyText = keyFor(item.text, text.slice(item.span.start, item.span.end));
      edits.push({
        start: dashCol > parentCol ? dash : lineStart(text, dash),
        end: item.span.end,
        newText: `${dashCol > parentCol ? "" : " ".repeat(keyCol)}${keyText}:${nl}${" ".repeat(keyCol + unit)}condition: ${condition}`,
      });
    }
    return edits;
  }
  if (value.kind === "seq" && value.flow) {
    const source = text.slice(value.span.start, value.span.end);
    if (source.includes("#") || source.includes("\n")) return undefined;
    const entries = value.items.map((item) => {
      if (item.kind !== "scalar" || item.text === null) return undefined;
      const condition = wanted.get(item.text) ?? "service_started";
      return `${keyFor(item.text, text.slice(item.span.start, item.span.end))}: {condition: ${condition}}`;
    });
    if (entries.some((e) => e === undefined)) return undefined;
    return [{ start: value.span.start, end: value.span.end, newText: `{${entries.join(", ")}}` }];
  }
  if (value.kind === "map") {
    const edits: TextEdit[] = [];
    for (const dep of service.dependsOn) {
      const newName = rename.get(dep.service);
      if (newName)
        edits.push({ start: dep.nameNode.span.start, end: dep.nameNode.span.end, newText: newName });
      const condition = wanted.get(dep.service);
      if (!condition || dep.condition === condition || !dep.entry) continue;
      if (dep.conditionNode) {
        edits.push({
          start: dep.conditionNode.span.start,
          end: dep.conditionNode.span.end,
          newText: condition,
        });
        continue;
      }
      const entry: RPair = dep.entry;
      const body = entry.value as RMap | null;
      if (body?.kind === "map" && body.flow) {
        const src = text.slice(body.span.start, body.span.end);
        if (src.includes("#") || src.includes("\n")) return undefined;
        const inner = src.slice(1, -1).trim();
        edits.push({
          start: body.span.start,
          end: body.span.end,
          newText: `{${inner ? `${inner}, ` : ""}condition: ${condition}}`,
        });
        continue;
      }
      const edit = addToPairValue(text, entry, [`condition: ${condition}`]);
      if (!edit) return undefined;
      edits.push(edit);
    }
    return edits;
  }
  return undefined;
}

/**
 * The edit adding a dependency on `name` with `condition` to `service`: one more entry of its
 * own depends_on map, one more item of its own block list (the short form:
 * depends-on-not-healthy then offers the upgrade), or a new `depends_on:` mapping when
 * `own` (the depends_on written in the service itself) is undefined. Undefined for layouts it
 * cannot extend safely (a flow list).
 */
export function addDependency(
  text: string,
  service: Service,
  name: string,
  condition: DependencyCondition,
  own: RPair | undefined,
): TextEdit | undefined {
  const entry = [`${yamlScalar(name)}:`, [`condition: ${condition}`]];
  const pair = own;
  if (pair) {
    if (pair.value?.kind === "map") return addToPairValue(text, pair, entry);
    if (pair.value?.kind === "seq" && !pair.value.flow)
      return appendToSeq(text, pair.value, yamlScalar(name));
    return undefined;
  }
  if (!service.node) return undefined;
  return appendToMap(text, service.node, ["depends_on:", entry]);
}

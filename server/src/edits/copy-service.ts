/**
 * A new service made from an existing one's entries as written (its `<<: *anchor`, image,
 * environment, volumes, ...), for adding a sibling component such as an Airflow scheduler
 * next to the webserver it is copied from. The entries are copied line for line, so values,
 * quoting and aliases stay what they are.
 */
import type { ComposeModel, Service } from "../model/types";
import type { RPair } from "../parse/resolve";
import { insertAfterPair } from "./insert";
import { insertServiceAfter } from "./service";
import type { TextEdit } from "./types";
import { yamlScalar } from "./yaml-text";

/**
 * The edit adding service `name` after `from`, with `from`'s entries named in `keys` (in
 * their order) and then the `extra` lines. Undefined when the layout is not a plain block
 * mapping, when nothing says what image it runs, or when a copied entry defines an anchor
 * (it would be defined twice).
 */
export function copyServiceAfter(
  model: ComposeModel,
  from: Service,
  next: RPair | undefined,
  name: string,
  keys: ReadonlySet<string>,
  extra: string[],
): TextEdit | undefined {
  return copyServiceFromAfter(model, from, from, next, name, keys, extra);
}

/** True when `from` takes its definition from an anchor (`<<: *airflow-common` written in it). */
export function usesMergeKey(model: ComposeModel, from: Service): boolean {
  const node = from.node;
  if (!node || node.flow) return false;
  return /(^|\n)[ \t]*<<[ \t]*:/.test(model.text.slice(node.span.start - 1, node.span.end));
}

/** The same, placed after service `after` (`next` being the one written after it). */
export function copyServiceFromAfter(
  model: ComposeModel,
  from: Service,
  after: Service,
  next: RPair | undefined,
  name: string,
  keys: ReadonlySet<string>,
  extra: string[],
): TextEdit | undefined {
  const node = from.node;
  if (!node || node.flow || model.serviceByName.has(name)) return undefined;
  const text = model.text;
  const bodyStart = node.span.start;
  const first = text.lastIndexOf("\n", bodyStart - 1) + 1;
  const col = bodyStart - first;
  if (text.slice(first, bodyStart).trim() !== "") return undefined;
  const blocks: { key: string; lines: string[] }[] = [];
  for (const line of text.slice(first, node.span.end).split("\n")) {
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() && indent === col && !line.trimStart().startsWith("#")) {
      const key = /^([^:\s]+)\s*:/.exec(line.trimStart())?.[1];
      if (!key) return undefined;
      blocks.push({ key, lines: [line] });
    } else if (blocks.length > 0) blocks[blocks.length - 1]!.lines.push(line);
  }
  const kept = blocks.filter((b) => keys.has(b.key));
  if (!kept.some((b) => b.key === "<<" || b.key === "image" || b.key === "build")) return undefined;
  const copied = kept
    .flatMap((b) => b.lines)
    .filter((l) => l.trim())
    .map((l) => l.slice(Math.min(col, /^ */.exec(l)![0].length)));
  if (copied.some((l) => /(^|[\s:[{,])&[A-Za-z0-9_-]/.test(l.replace(/#.*$/, "")))) return undefined;
  if (next) return insertServiceAfter(text, after, next, name, [...copied, ...extra]);
  // The last service: keep the blank line the file puts before it.
  const lineStart = text.lastIndexOf("\n", after.key.span.start - 1);
  const blank = lineStart > 0 && /\n[ \t]*\r?$/.test(text.slice(Math.max(0, lineStart - 3), lineStart));
  return insertAfterPair(text, after.pair, [`${yamlScalar(name)}:`, [...copied, ...extra]], blank);
}

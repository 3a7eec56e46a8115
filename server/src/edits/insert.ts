/**
 * Inserting into block mappings at the right place and indentation, without touching any
 * other line. Every function returns undefined when it cannot edit safely (flow style with
 * comments, odd layouts): a rule then offers no fix rather than a wrong one.
 */
import type { ComposeModel } from "../model/types";
import type { RMap, RNode, RPair } from "../parse/resolve";
import { pairEnd } from "./remove";
import { column, eol, indentUnit, isFirstOnLine, lineStart, nextLineStart } from "./text";
import type { TextEdit } from "./types";
import { type LineTree, renderLines, yamlScalar } from "./yaml-text";

/** The pairs written in this mapping itself (not merged in from an anchor). */
export function ownPairs(map: RMap): RPair[] {
  return map.pairs.filter(
    (p) => !p.merged && p.key.span.start >= map.span.start && p.key.span.end <= map.span.end,
  );
}

/** Offset of the start of the line after the one where `end` falls (block scalars end after their newline). */
export function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === "\n") return end;
  return nextLineStart(text, end);
}

/** Text to insert at `offset` that starts on a fresh line even at the end of a file without a final newline. */
function atLineStart(text: string, offset: number, lines: string[]): TextEdit {
  const nl = eol(text);
  const needsBreak = offset === text.length && text.length > 0 && !text.endsWith("\n");
  return { start: offset, end: offset, newText: (needsBreak ? nl : "") + lines.join(nl) + nl };
}

/**
 * Adds entries at the end of a block mapping (after its last own entry), at the column of
 * its keys. `tree` holds the lines relative to that column.
 */
export function appendToMap(text: string, map: RMap, tree: LineTree): TextEdit | undefined {
  const own = ownPairs(map);
  if (map.flow || own.length === 0) return undefined;
  const first = own[0].key.span.start;
  if (!isFirstOnLine(text, first)) return undefined;
  const col = column(text, first);
  const last = own[own.length - 1];
  return atLineStart(text, afterLine(text, pairEnd(last)), renderLines(tree, col, indentUnit(text)));
}

/** Adds entries right after a given entry of a block mapping (e.g. a new service after the one it splits from). */
export function insertAfterPair(
  text: string,
  pair: RPair,
  tree: LineTree,
  blankLineBefore: boolean,
): TextEdit | undefined {
  if (!isFirstOnLine(text, pair.key.span.start)) return undefined;
  const col = column(text, pair.key.span.start);
  const lines = renderLines(tree, col, indentUnit(text));
  if (blankLineBefore) lines.unshift("");
  return atLineStart(text, afterLine(text, pairEnd(pair)), lines);
}

/**
 * Gives a value to `key:` written with nothing after it (a null value), or adds entries to
 * the mapping under it. `tree` holds the lines of the nested mapping.
 */
export function addToPairValue(text: string, pair: RPair, tree: LineTree): TextEdit | undefined {
  const value = pair.value;
  if (value?.kind === "map" && !value.flow && ownPairs(value).length > 0)
    return appendToMap(text, value, tree);
  const isEmpty =
    !value ||
    (value.kind === "scalar" && value.text === null) ||
    (value.kind === "map" && value.flow && value.pairs.length === 0);
  if (!isEmpty || !isFirstOnLine(text, pair.key.span.start)) return undefined;
  const col = column(text, pair.key.span.start);
  const unit = indentUnit(text);
  const lines = renderLines(tree, col + unit, unit);
  if (value && value.kind === "map") {
    // `key: {}` becomes `key:` followed by the block.
    const start = pair.key.span.end;
    const end = value.span.end;
    return { start, end, newText: `:${eol(text)}${lines.join(eol(text))}` };
  }
  return atLineStart(text, afterLine(text, pairEnd(pair)), lines);
}

/** True when the text ends with an empty (or blank) line: `...\n  \n`. Reads only its end. */
function endsWithBlankLine(text: string): boolean {
  if (!text.endsWith("\n")) return false;
  for (let i = text.length - 2; i >= 0; i--) {
    if (text[i] === "\n") return true;
    if (!/\s/.test(text[i])) return false;
  }
  return false;
}

/** Where the file ends, as a place to append top-level keys. */
function appendTopLevel(text: string, tree: LineTree): TextEdit {
  const lines = renderLines(tree, 0, indentUnit(text));
  const needsGap = /\S/.test(text) && !endsWithBlankLine(text);
  const prefix = text.length > 0 && !text.endsWith("\n") ? eol(text) : "";
  return {
    start: text.length,
    end: text.length,
    newText: prefix + (needsGap ? eol(text) : "") + lines.join(eol(text)) + eol(text),
  };
}

/**
 * Declares a named volume or network at the top level (`volumes:\n  name:`), creating the
 * section when absent. Returns no edit when it is already declared.
 */
export function declareTopLevel(
  text: string,
  model: ComposeModel,
  section: "volumes" | "networks" | "secrets" | "configs",
  name: string,
  body: LineTree = [],
): TextEdit | undefined | null {
  if (model.declared[section].has(name)) return null;
  // Quoted when YAML would read it as something else: a network named `null` or `true`.
  const entry: LineTree = [`${yamlScalar(name)}:`, ...(body.length ? [body] : [])];
  const pair = model.topLevel[section];
  if (!pair) return appendTopLevel(text, [`${section}:`, entry]);
  return addToPairValue(text, pair, entry);
}

/** The column of a node's first character when it starts its line (block style), else undefined. */
export function blockColumn(text: string, node: RNode): number | undefined {
  return isFirstOnLine(text, node.span.start) ? column(text, node.span.start) : undefined;
}

export { lineStart };

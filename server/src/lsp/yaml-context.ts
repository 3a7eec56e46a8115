/**
 * Where the cursor is in the YAML structure, read from the text around it: the path of
 * keys to the mapping or list it is in, and whether it is on a key, a value or a list item.
 * Completion needs this on text that does not parse yet (`    dep` on a line of its own is
 * a continuation of the previous value to a YAML parser), so it reads lines and indentation
 * the way a person does, and only walks up from the cursor (a few lines, or to the service).
 */
import { perObject } from "../model/memo";
import type { ComposeModel } from "../model/types";

/** One line's block structure: indentation, list dashes, a `key:` and what follows it. */
export interface LineShape {
  start: number;
  /** Offset of the end of the line (before `\r\n` / `\n`). */
  end: number;
  indent: number;
  /** Columns of the `- ` markers, outermost first. */
  dashes: number[];
  /** Column where the content after indentation and dashes starts. */
  contentCol: number;
  /** True for a line with nothing but spaces or a comment. */
  blank: boolean;
  key?: { text: string; start: number; end: number; col: number };
  /** After `key:`: where the value starts (after spaces), and its text without a trailing comment. */
  value?: { start: number; text: string };
}

const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?=\s|$)/;
const PLAIN_KEY = /^([^\s#'"{[\]},&*!|>%@`-]|-(?=\S))[^#\n]*?(?=\s*:(?:\s|$))/;

export function lineShape(text: string, start: number): LineShape {
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === "\r") end--;
  const line = text.slice(start, end);
  let i = 0;
  while (i < line.length && line[i] === " ") i++;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === "-" && (i + 1 === line.length || line[i + 1] === " " || line[i + 1] === "\t")) {
    dashes.push(i);
    i++;
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
  }
  const shape: LineShape = { start, end, indent, dashes, contentCol: i, blank: false };
  const rest = line.slice(i);
  if (dashes.length === 0 && (rest === "" || rest.startsWith("#"))) {
    shape.blank = true;
    return shape;
  }
  let keyText: string | undefined;
  let keyLen = 0;
  const q = QUOTED_KEY.exec(rest);
  if (q) {
    keyLen = q[1].length;
    keyText = q[1][0] === '"' ? safeJson(q[1]) : q[1].slice(1, -1).replace(/''/g, "'");
    const colon = rest.indexOf(":", keyLen);
    shape.key = { text: keyText ?? "", start: start + i, end: start + i + keyLen, col: i };
    setValue(shape, line, i + colon + 1);
    return shape;
  }
  const p = PLAIN_KEY.exec(rest);
  if (p) {
    keyText = p[0].trimEnd();
    keyLen = keyText.length;
    shape.key = { text: keyText, start: start + i, end: start + i + keyLen, col: i };
    setValue(shape, line, i + rest.indexOf(":", keyLen) + 1);
  }
  return shape;
}

function safeJson(s: string): string | undefined {
  try {
    return JSON.parse(s) as string;
  } catch {
    return s.slice(1, -1);
  }
}

function setValue(shape: LineShape, line: string, afterColon: number): void {
  let v = afterColon;
  while (v < line.length && (line[v] === " " || line[v] === "\t")) v++;
  let valueText = line.slice(v);
  // A comment ends the value unless it is inside quotes (good enough for one line).
  if (!/^["']/.test(valueText)) {
    const hash = valueText.search(/(^|\s)#/);
    if (hash >= 0) valueText = valueText.slice(0, hash).trimEnd();
  }
  shape.value = { start: shape.start + v, text: valueText };
}

/** A value written on the key's line that leaves room for children: nothing, an anchor, a tag. */
function opensBlock(value: string | undefined): boolean {
  return !value || /^(&\S+|![^\s]*)(\s+(&\S+|![^\s]*))*$/.test(value);
}

/** `|`, `>-`, `|2`, `>+ # comment`: the value opens a block scalar. */
export function isBlockIndicator(value: string | undefined): boolean {
  return value !== undefined && /^[|>][0-9+-]*\s*(#.*)?$/.test(value);
}

/** Spaces at the start of the line at `s` (cheap: no line is read further). */
function indentAt(text: string, s: number): number {
  let i = s;
  while (text.charCodeAt(i) === 32) i++;
  return i - s;
}

/** Start of the line before the one starting at `lineStart`; -1 before the first. */
function prevLineStart(text: string, lineStart: number): number {
  if (lineStart === 0) return -1;
  // (lastIndexOf with a negative start still looks at index 0: the first line is then empty.)
  if (lineStart === 1) return 0;
  return text.lastIndexOf("\n", lineStart - 2) + 1;
}

/** Start of the line holding `offset`. */
function lineStartOf(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
}

/** The first column a line's content (dash or key or scalar) occupies. */
function firstCol(l: LineShape): number {
  return l.dashes.length ? l.dashes[0] : l.indent;
}

interface Found {
  path: string[];
  /** Set when the cursor is inside a block scalar (`command: >`): the key that owns it. */
  block?: { key: string; path: string[] };
}

/** The full path of the key written at an offset, when the caller knows it (a service's key). */
export type KnownKeys = (keyOffset: number) => string[] | undefined;

class Walker {
  constructor(
    private readonly text: string,
    private readonly known?: KnownKeys,
  ) {}

  /** Path of the mapping holding the key of line `l` (which has a key). */
  mapOfKey(l: LineShape): Found | undefined {
    const known = l.dashes.length ? undefined : this.known?.(l.key!.start);
    if (known) return { path: known.slice(0, -1) };
    if (l.dashes.length) {
      const seq = this.seqOfItem(l, l.dashes.length - 1);
      return seq && { ...seq, path: seq.path.concat("[]") };
    }
    return this.mapAt(l.start, l.key!.col);
  }

  /** Path of the mapping that holds a key written at column `col` on a line after `from`. */
  mapAt(from: number, col: number): Found | undefined {
    if (col === 0) return { path: [] };
    // Set once a line of plain text (not a key) is met above: only a block scalar explains it.
    let underText = false;
    for (let s = prevLineStart(this.text, from); s >= 0; s = prevLineStart(this.text, s)) {
      // Deeper lines (most of a big file above the cursor) cannot hold a parent or a sibling.
      if (indentAt(this.text, s) > col) continue;
      const p = lineShape(this.text, s);
      if (p.blank) continue;
      if (p.key && p.key.col === col && !underText) {
        // A sibling key: same mapping.
        if (p.dashes.length) {
          const seq = this.seqOfItem(p, p.dashes.length - 1);
          return seq && { ...seq, path: seq.path.concat("[]") };
        }
        continue;
      }
      if (p.key && p.key.col < col) return this.childOf(p, underText);
      if (firstCol(p) < col) {
        underText = true;
        col = firstCol(p);
      }
    }
    return undefined;
  }

  /** Path of the value of line `p`'s key (p has a key): its map's path plus the key. */
  private childOf(p: LineShape, underText = false): Found | undefined {
    const block = isBlockIndicator(p.value?.text);
    if (underText && !block) return undefined;
    // A key the caller knows (a service): no need to walk up the rest of a big file.
    const known = p.dashes.length ? undefined : this.known?.(p.key!.start);
    const parent = known ? { path: known.slice(0, -1) } : this.mapOfKey(p);
    if (!parent) return undefined;
    if ("block" in parent && parent.block) return parent;
    const path = known ?? parent.path.concat(p.key!.text);
    if (block) return { path, block: { key: p.key!.text, path: path.slice(0, -1) } };
    if (!opensBlock(p.value?.text)) return undefined; // `key: scalar` has no children
    return { path };
  }

  /** Path of the list holding the item that starts at dash number `i` of line `l`. */
  seqOfItem(l: LineShape, i: number): Found | undefined {
    if (i > 0) {
      const outer = this.seqOfItem(l, i - 1);
      return outer && (outer.block ? outer : { ...outer, path: outer.path.concat("[]") });
    }
    let col = l.dashes[0];
    let underText = false;
    for (let s = prevLineStart(this.text, l.start); s >= 0; s = prevLineStart(this.text, s)) {
      if (indentAt(this.text, s) > col) continue;
      const p = lineShape(this.text, s);
      if (p.blank) continue;
      if (p.dashes.length && !underText) {
        const at = p.dashes.indexOf(col);
        if (at === 0) continue; // a sibling item
        if (at > 0) return this.seqOfItem(p, at);
      }
      if (
        p.key &&
        (p.key.col < col ||
          (p.key.col === col && !p.dashes.length && opensBlock(p.value?.text) && !underText))
      )
        return this.childOf(p, underText);
      if (firstCol(p) < col || (firstCol(p) === col && !p.dashes.length)) {
        underText = true;
        col = firstCol(p);
      }
    }
    return undefined;
  }
}

export type ContextKind = "key" | "value" | "item" | "block";

export interface YamlContext {
  kind: ContextKind;
  /**
   * The path of the collection the cursor is in: for "key", the mapping it is a key of; for
   * "value", the mapping whose `key` it is the value of; for "item", the list; for "block",
   * the mapping whose `key` holds the block scalar.
   */
  path: string[];
  key?: string;
  line: LineShape;
  /** The token under the cursor: the key, the value, or the item, on this line. */
  token: { start: number; end: number; text: string };
  /** The token's text up to the cursor. */
  prefix: string;
  /** The item is inside a flow sequence on the line (`depends_on: [a, b]`). */
  flow?: boolean;
}

/** Start of the comment on a line before `col`, or -1 (quotes are respected roughly). */
function commentStart(line: string, col: number): number {
  let quote: string | undefined;
  for (let i = 0; i < col; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[,{-]/.test(line[i - 1])) quote = c;
    } else if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) return i;
  }
  return -1;
}

export function yamlContext(text: string, offset: number, known?: KnownKeys): YamlContext | undefined {
  const start = lineStartOf(text, offset);
  const l = lineShape(text, start);
  const col = offset - start;
  const lineText = text.slice(start, l.end);
  if (offset > l.end) return undefined;
  if (commentStart(lineText, col) >= 0) return undefined;
  const w = new Walker(text, known);
  const at = (s: number, e: number) => ({ start: s, end: e, text: text.slice(s, e) });

  if (l.blank || (col <= l.contentCol && !l.key && !l.dashes.length)) {
    // An empty line (or the indentation before a word): a key is being started at the cursor's column.
    const found = w.mapAt(start, col);
    if (!found) return undefined;
    if (found.block) return blockContext(found, l, offset, start, at);
    const word = /^[^\s:#]*/.exec(lineText.slice(col))?.[0] ?? "";
    return { kind: "key", path: found.path, line: l, token: at(offset, offset + word.length), prefix: "" };
  }

  if (l.key) {
    const found = w.mapOfKey(l);
    if (!found) return undefined;
    if (found.block) return blockContext(found, l, offset, start, at);
    if (offset <= l.key.end) {
      return {
        kind: "key",
        path: found.path,
        line: l,
        token: at(l.key.start, l.key.end),
        prefix: text.slice(l.key.start, Math.max(l.key.start, offset)),
      };
    }
    const v = l.value!;
    if (offset < v.start) {
      // Between `key:` and the value.
      return {
        kind: "value",
        path: found.path,
        key: l.key.text,
        line: l,
        token: at(offset, offset),
        prefix: "",
      };
    }
    const flow = /^\[/.exec(v.text);
    if (flow) {
      // `depends_on: [a, b|]`: an item of a flow sequence.
      const inner = text.slice(v.start + 1, offset);
      const lastSep = Math.max(inner.lastIndexOf(","), -1);
      let itemStart = v.start + 1 + lastSep + 1;
      while (text[itemStart] === " ") itemStart++;
      let itemEnd = offset;
      while (itemEnd < l.end && !/[,\]\s]/.test(text[itemEnd])) itemEnd++;
      return {
        kind: "item",
        path: found.path.concat(l.key.text),
        line: l,
        token: at(itemStart, itemEnd),
        prefix: text.slice(itemStart, offset),
        flow: true,
      };
    }
    const valueEnd = v.start + v.text.length;
    return {
      kind: "value",
      path: found.path,
      key: l.key.text,
      line: l,
      token: at(v.start, Math.max(valueEnd, offset)),
      prefix: text.slice(v.start, offset),
    };
  }

  // A line with dashes and no key: a list item (or the start of a key in a list of maps).
  if (l.dashes.length && col >= l.contentCol) {
    const found = w.seqOfItem(l, l.dashes.length - 1);
    if (!found) return undefined;
    if (found.block) return blockContext(found, l, offset, start, at);
    const itemEnd =
      l.contentCol +
      start +
      lineText
        .slice(l.contentCol)
        .replace(/\s+#.*$/, "")
        .trimEnd().length;
    return {
      kind: "item",
      path: found.path,
      line: l,
      token: at(start + l.contentCol, Math.max(itemEnd, offset)),
      prefix: text.slice(start + l.contentCol, offset),
    };
  }

  // A word with no colon yet: a key being typed (or a line of a block scalar).
  const found = w.mapAt(start, l.contentCol);
  if (!found) return undefined;
  if (found.block) return blockContext(found, l, offset, start, at);
  const word = /^[^\s:#]*/.exec(lineText.slice(l.contentCol))?.[0] ?? "";
  return {
    kind: "key",
    path: found.path,
    line: l,
    token: at(start + l.contentCol, start + l.contentCol + word.length),
    prefix: text.slice(start + l.contentCol, offset),
  };
}

function blockContext(
  found: Found,
  l: LineShape,
  offset: number,
  start: number,
  at: (s: number, e: number) => { start: number; end: number; text: string },
): YamlContext {
  const b = found.block!;
  return {
    kind: "block",
    path: b.path,
    key: b.key,
    line: l,
    token: at(start + l.indent, offset),
    prefix: "",
  };
}

/** The keys already written in the mapping at the cursor (lines at its column under the same parent). */
export function siblingKeys(text: string, ctx: YamlContext): Set<string> {
  const keys = new Set<string>();
  const l = ctx.line;
  const col = l.key?.col ?? (l.blank ? ctx.token.start - l.start : l.contentCol);
  if (l.key && ctx.kind !== "key") keys.add(l.key.text);
  // Up, unless this line starts a list item (what is above belongs to other items).
  if (!(l.dashes.length && l.dashes[l.dashes.length - 1] < col)) {
    for (let s = prevLineStart(text, l.start); s >= 0; s = prevLineStart(text, s)) {
      if (indentAt(text, s) > col) continue;
      const p = lineShape(text, s);
      if (p.blank) continue;
      if (p.key && p.key.col === col) {
        keys.add(p.key.text);
        if (p.dashes.length) break; // the item's first key
        continue;
      }
      if (firstCol(p) < col) break;
    }
  }
  for (let s = nextStart(text, l.start); s >= 0; s = nextStart(text, s)) {
    if (indentAt(text, s) > col) continue;
    const p = lineShape(text, s);
    if (p.blank) continue;
    if (firstCol(p) < col) break; // the parent's next sibling, or the next list item
    if (p.key && p.key.col === col) keys.add(p.key.text);
  }
  return keys;
}

function nextStart(text: string, lineStart: number): number {
  const nl = text.indexOf("\n", lineStart);
  return nl < 0 || nl + 1 >= text.length ? -1 : nl + 1;
}

/** Each service's key offset -> its path: the walk up stops at the service, not at the top of a big file. */
const serviceKeyPaths = perObject((model: ComposeModel): Map<number, string[]> => {
  const paths = new Map<number, string[]>();
  for (const s of model.services) paths.set(s.key.span.start, ["services", s.name]);
  return paths;
});

/** The context at `offset` in the model's text, using what the model knows about its services. */
export function contextIn(model: ComposeModel, offset: number): YamlContext | undefined {
  const paths = serviceKeyPaths(model);
  return yamlContext(model.text, offset, (at) => paths.get(at));
}

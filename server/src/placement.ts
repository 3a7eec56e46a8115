/**
 * Where a finding lives when its characters are in an env file: the model gives env files'
 * texts offsets after the compose text (`model.external`, model/env-files.ts); here those
 * offsets become the env file's path and its own offsets, for findings, related places and
 * the edits of fixes (which become file edits of that env file).
 */
import { dirname, relative, sep } from "node:path";
import type { FileEdit, TextEdit } from "./edits/types";
import { externalAt } from "./model/env-files";
import type { ComposeModel } from "./model/types";
import type { Span } from "./parse/url";
import type { Fix } from "./rules/types";

export interface Placed {
  /** The env file the span is in (absolute); undefined: the compose file. */
  file?: string;
  span: Span;
}

export function placeSpan(model: ComposeModel, span: Span): Placed {
  const x = externalAt(model, span.start);
  if (!x) return { span };
  return { file: x.file, span: { start: span.start - x.base, end: Math.max(span.start, span.end) - x.base } };
}

/**
 * A fix with its edits in env files moved to `fileEdits` (paths relative to the compose
 * file's folder, as the secrets fix writes `.env`). Such a fix is never preferred: `--fix` and
 * fix-all change the compose file only, and a report leaves out edits of env files (they may
 * hold secrets). Undefined when an edit straddles the compose text and an env file.
 */
export function placeFix(model: ComposeModel, fix: Fix): Fix | undefined {
  if (!model.external?.length || !model.path) return fix;
  const own: TextEdit[] = [];
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    if (e.start <= model.text.length && e.end <= model.text.length) {
      own.push(e);
      continue;
    }
    const x = externalAt(model, e.start);
    if (!x || e.end > x.base + x.text.length) return undefined;
    const list = byFile.get(x.file) ?? [];
    list.push({ start: e.start - x.base, end: e.end - x.base, newText: e.newText });
    byFile.set(x.file, list);
  }
  if (byFile.size === 0) return fix;
  const folder = dirname(model.path);
  const fileEdits: FileEdit[] = [...byFile].map(([file, edits]) => ({
    path: relative(folder, file).split(sep).join("/"),
    edits,
    kind: "env",
  }));
  return { ...fix, edits: own, preferred: false, fileEdits: [...(fix.fileEdits ?? []), ...fileEdits] };
}

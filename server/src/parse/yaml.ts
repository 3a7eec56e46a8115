/**
 * Reading YAML text with the `yaml` package, keeping every node's source range.
 * Nothing here knows about Compose except the two Compose tags that must not be errors.
 */
import { type CollectionTag, type Document, parseAllDocuments, type ScalarTag } from "yaml";
import type { Span } from "./url";

export type ProblemSeverity = "error" | "warning" | "info";

/** Something wrong with the text itself, found before any rule runs. */
export interface ParseProblem {
  code: "yaml-syntax";
  message: string;
  span: Span;
  severity: ProblemSeverity;
}

// Compose's `!reset` and `!override` tags (compose-spec "merge" rules) are valid on any node.
// Registering them keeps `yaml` from warning "Unresolved tag" and leaves the value as written.
function composeTag(tag: string): Array<ScalarTag | CollectionTag> {
  const identify = () => false;
  return [
    { tag, identify, collection: "map", resolve: (map) => map } as CollectionTag,
    { tag, identify, collection: "seq", resolve: (seq) => seq } as CollectionTag,
    { tag, identify, resolve: (s: string) => s } as ScalarTag,
  ];
}
const COMPOSE_TAGS = [...composeTag("!reset"), ...composeTag("!override")];

export interface YamlText {
  text: string;
  documents: Document.Parsed[];
  problems: ParseProblem[];
}

export function parseYamlText(text: string): YamlText {
  const documents = parseAllDocuments(text, {
    prettyErrors: false,
    customTags: COMPOSE_TAGS,
    // Compose (yaml.v3) rejects duplicate keys, so we report them too.
    uniqueKeys: true,
    // Merge keys are resolved by our own resolver so that each merged value keeps its source.
    merge: false,
    // Scalars like `on`/`yes` stay strings, as in YAML 1.2 which Compose uses.
    version: "1.2",
  });
  const docs = Array.isArray(documents) ? documents : [];
  const problems: ParseProblem[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      problems.push({
        code: "yaml-syntax",
        message: cleanMessage(e.message),
        span: toSpan(e.pos, text),
        severity: "error",
      });
    }
    for (const w of doc.warnings) {
      problems.push({
        code: "yaml-syntax",
        message: cleanMessage(w.message),
        span: toSpan(w.pos, text),
        severity: "warning",
      });
    }
  }
  return { text, documents: docs, problems };
}

function toSpan(pos: [number, number], text: string): Span {
  const start = Math.max(0, Math.min(pos[0], text.length));
  let end = Math.max(start, Math.min(pos[1], text.length));
  // A zero- or one-character error at the start of a word (a duplicate key, say) is hard to
  // see in an editor: widen it to the word. At the end of a line, widen to one character.
  if (end - start <= 1) {
    const word = /^[^\s:,[\]{}#]+/.exec(text.slice(start, start + 200));
    if (word) end = start + word[0].length;
    else if (end === start && end < text.length) end = start + 1;
  }
  return { start, end };
}

function cleanMessage(message: string): string {
  // `yaml` appends " at line L, column C" even with prettyErrors off in some paths; ranges say it already.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
}

/**
 * The contract every rule follows. A rule is one file in this folder exporting a `Rule`:
 * `meta` (what it is, apart from the check) and `check` (walk the model, return findings
 * with exact spans and minimal text edits as fixes). See CONTRIBUTING.md.
 */
import type { ComposeModel } from "../model/types";
import type { Span } from "../parse/url";

export type Severity = "error" | "warning" | "info" | "hint";
export type SeveritySetting = Severity | "off";

export const DOCS_BASE = "https://github.com/mlops-compose-doctor/mlops-compose-doctor/blob/main/docs/rules/";

export interface RuleMeta {
  /** kebab-case, stable: used in settings, suppression comments, SARIF and the docs file name. */
  id: string;
  /** One line, for SARIF and the docs page title. */
  title: string;
  defaultSeverity: Severity;
  /** True when at least one finding can carry a fix. */
  fixable: boolean;
  /** LSP diagnostic tags: "unnecessary" fades the text, "deprecated" strikes it through. */
  tags?: Array<"unnecessary" | "deprecated">;
}

/** A change to the text: replace [start, end) with newText (offsets into the analysed text). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without review: shown as the preferred quick fix and applied by `--fix`. */
  preferred: boolean;
}

export interface Related {
  span: Span;
  message: string;
}

export interface Finding {
  rule: string;
  message: string;
  span: Span;
  related?: Related[];
  fixes?: Fix[];
}

export interface Rule {
  meta: RuleMeta;
  check(model: ComposeModel): Finding[];
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

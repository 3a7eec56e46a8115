/** Small helpers shared by tests: lint a text and get findings with line/character positions. */
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type LintConfig, type LintFinding } from "../../server/src/engine";
import type { BuildOptions } from "../../server/src/model/build";

export interface PositionedFinding extends LintFinding {
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** The text the finding sits on. */
  text: string;
}

export function lintText(
  text: string,
  options: BuildOptions = {},
  config: LintConfig = {},
): PositionedFinding[] {
  const doc = TextDocument.create("file:///test.yml", "yaml", 1, text);
  return analyze(text, options, config).findings.map((f) => ({
    ...f,
    // A rule's fixes are a getter (computed when read), which a spread does not copy.
    fixes: f.fixes,
    start: doc.positionAt(f.span.start),
    end: doc.positionAt(f.span.end),
    text: text.slice(f.span.start, f.span.end),
  }));
}

export const SEED_DIR = new URL("../../../shared/seed/", import.meta.url).pathname;
export const CORPUS_DIR = new URL("../../../shared/corpus/", import.meta.url).pathname;
export const EXAMPLE = new URL("../../examples/mlflow-airflow/docker-compose.yml", import.meta.url).pathname;

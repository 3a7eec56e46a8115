/** Output formats of `mlops-compose lint`: text (people), json (scripts), sarif (code scanning). */
import { TextDocument } from "vscode-languageserver-textdocument";
import type { LintFinding } from "../engine";
import { RULES } from "../rules";
import { docsUrl } from "../rules/types";

export interface FileReport {
  file: string;
  text: string;
  findings: LintFinding[];
}

export interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string }[];
}

export function toJson(reports: FileReport[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const r of reports) {
    const doc = TextDocument.create("file:///x", "yaml", 0, r.text);
    for (const f of r.findings) {
      out.push({
        file: r.file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) },
        fixes: (f.fixes ?? []).map((x) => ({ title: x.title })),
      });
    }
  }
  return out;
}

const COLORS = {
  error: "\x1b[31m",
  warning: "\x1b[33m",
  info: "\x1b[36m",
  hint: "\x1b[90m",
  reset: "\x1b[0m",
  dim: "\x1b[2m",
};

export function toText(reports: FileReport[], color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    lines.push(r.file);
    const doc = TextDocument.create("file:///x", "yaml", 0, r.text);
    for (const f of r.findings) {
      const p = doc.positionAt(f.span.start);
      const fixable = f.fixes?.some((x) => x.preferred) ? c("dim", " (fixable)") : "";
      lines.push(
        `  ${p.line + 1}:${p.character + 1}  ${c(f.severity, f.severity.padEnd(7))}  ${f.message}  ${c("dim", f.rule)}${fixable}`,
      );
      if (f.severity === "error") errors++;
      else if (f.severity === "warning") warnings++;
      else others++;
    }
    lines.push("");
  }
  const total = errors + warnings + others;
  lines.push(
    total === 0
      ? "No problems found."
      : `${total} problem${total === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${others ? `, ${others} other` : ""})`,
  );
  return lines.join("\n");
}

const SARIF_LEVEL: Record<string, string> = {
  error: "error",
  warning: "warning",
  info: "note",
  hint: "note",
};

export function toSarif(reports: FileReport[], version: string): object {
  const ruleIds = ["yaml-syntax", ...RULES.map((r) => r.meta.id)];
  const rules = ruleIds.map((id) => {
    const meta = RULES.find((r) => r.meta.id === id)?.meta;
    return {
      id,
      name: id,
      shortDescription: { text: meta?.title ?? "The file is not valid YAML" },
      helpUri: docsUrl(id),
      defaultConfiguration: { level: SARIF_LEVEL[meta?.defaultSeverity ?? "error"] },
    };
  });
  const results = reports.flatMap((r) => {
    const doc = TextDocument.create("file:///x", "yaml", 0, r.text);
    return r.findings.map((f) => {
      const s = doc.positionAt(f.span.start);
      const e = doc.positionAt(f.span.end);
      return {
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: r.file.split("\\").join("/") },
              // SARIF lines and columns are 1-based.
              region: {
                startLine: s.line + 1,
                startColumn: s.character + 1,
                endLine: e.line + 1,
                endColumn: e.character + 1,
              },
            },
          },
        ],
      };
    });
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mlops-compose",
            fullName: "MLOps Compose Doctor",
            version,
            informationUri: "https://github.com/mlops-compose-doctor/mlops-compose-doctor",
            rules,
          },
        },
        results,
      },
    ],
  };
}

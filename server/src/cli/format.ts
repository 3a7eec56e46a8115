/**
 * Output formats of `mlops-compose lint`: text (people), json (scripts), sarif (code
 * scanning), github (workflow-command annotations). Positions come from one line table per
 * file; fixes carry their edits (file, range, new text) in json and sarif.
 */
import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { LintFinding } from "../engine";
import type { Locale } from "../l10n/locale";
import { ui } from "../l10n/ui";
import { RULES } from "../rules";
import { docsUrl, type Fix, fullMessage } from "../rules/types";

export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface FileReport {
  /** The path as given (or found under a directory given), or the `--stdin-filename`. */
  file: string;
  text: string;
  findings: LintFinding[];
}

export interface FormatOptions {
  /** Paths in SARIF and GitHub annotations are relative to it (the repository checkout in CI). */
  cwd: string;
  color: boolean;
  version: string;
  /** `--fix` ran: the summary does not offer it again. */
  fixed: boolean;
  /** Files that could not be read: the summary says so. */
  unchecked?: number;
  /** The language of the text format's own lines (messages come localized from the engine). */
  locale?: Locale;
}

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}

export interface JsonEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  /** What is wrong, one sentence (what an editor's problem list shows). */
  message: string;
  /** The rest: the error the user sees, why, what to do (absent when the message says it all). */
  detail?: string;
  range: Range;
  fixes: { title: string; preferred: boolean; edits: JsonEdit[] }[];
}

/** Offsets to 0-based LSP positions (UTF-16 columns, as SARIF's default columnKind too). */
function positions(text: string): (offset: number) => Position {
  const doc = TextDocument.create("file:///x", "yaml", 0, text);
  return (offset) => doc.positionAt(offset);
}

function rangeOf(at: (o: number) => Position, span: { start: number; end: number }): Range {
  return { start: at(span.start), end: at(span.end) };
}

export function toJson(reports: FileReport[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const r of reports) {
    const at = positions(r.text);
    for (const f of r.findings) {
      out.push({
        file: r.file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        ...(f.detail ? { detail: f.detail } : {}),
        range: rangeOf(at, f.span),
        fixes: reportableFixes(f).map((x) => ({
          title: x.title,
          preferred: x.preferred,
          edits: x.edits.map((e) => ({ file: r.file, range: rangeOf(at, e), newText: e.newText })),
        })),
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

/** Whether `--fix` would apply a fix to this finding. */
export const isAutoFixable = (f: LintFinding) => !!f.fixes?.some((x) => x.preferred && x.edits.length > 0);

export function toText(
  reports: FileReport[],
  options: Pick<FormatOptions, "color" | "fixed" | "unchecked" | "locale">,
): string {
  const locale = options.locale ?? "en";
  const c = (k: keyof typeof COLORS, s: string) => (options.color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  let fixable = 0;
  let filesWithFindings = 0;
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    filesWithFindings++;
    lines.push(r.file);
    const at = positions(r.text);
    for (const f of r.findings) {
      const p = at(f.span.start);
      const canFix = isAutoFixable(f);
      if (canFix) fixable++;
      lines.push(
        `  ${p.line + 1}:${p.character + 1}  ${c(f.severity, severityWord(locale, f.severity))}  ${f.message}  ${c("dim", f.rule)}${canFix ? c("dim", ui.fixable(locale)) : ""}`,
      );
      if (f.severity === "error") errors++;
      else if (f.severity === "warning") warnings++;
      else others++;
    }
    lines.push("");
  }
  const total = errors + warnings + others;
  const unreadable = options.unchecked ?? 0;
  if (total === 0) lines.push(ui.noProblems(locale, { files: reports.length, unreadable }));
  else {
    lines.push(
      ui.summary(locale, {
        total,
        errors,
        warnings,
        others,
        withFindings: filesWithFindings,
        files: reports.length,
        unreadable,
      }),
    );
    if (fixable > 0 && !options.fixed) lines.push(ui.fixableSummary(locale, { count: fixable }));
  }
  return lines.join("\n");
}

/** The severity column: English words padded to 7, Korean ones (two syllables, each two columns wide) to 4. */
function severityWord(locale: Locale, severity: string): string {
  return locale === "en" ? severity.padEnd(7) : ui.severity(locale, { severity });
}

const SARIF_LEVEL: Record<string, string> = {
  error: "error",
  warning: "warning",
  info: "note",
  hint: "note",
};

/** A path as code scanning and annotations want it: relative to the checkout, `/`-separated. */
export function repoPath(file: string, cwd: string): { path: string; inside: boolean } {
  const rel = relative(cwd, file);
  const inside = !!rel && !rel.startsWith("..") && !isAbsolute(rel);
  return { path: (inside ? rel : file).split(sep).join("/"), inside };
}

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === "<stdin>") return { uri: "stdin" };
  const { path, inside } = repoPath(file, cwd);
  if (inside) return { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(isAbsolute(file) ? file : `${cwd}/${file}`).href };
}

/** SARIF lines and columns are 1-based; an end column is the one after the last character. */
function sarifRegion(at: (o: number) => Position, span: { start: number; end: number }) {
  const s = at(span.start);
  const e = at(span.end);
  return {
    startLine: s.line + 1,
    startColumn: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
  };
}

/**
 * The fixes a report carries: not one that writes `.env` (the secrets fix), whose edits hold
 * the secret itself; a report is uploaded and kept where the compose file's readers need not be.
 */
function reportableFixes(f: LintFinding): Fix[] {
  return (f.fixes ?? []).filter((x) => !x.fileEdits?.some((e) => e.kind === "env"));
}

function sarifFix(fix: Fix, location: object, at: (o: number) => Position) {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((e) => ({
          deletedRegion: sarifRegion(at, e),
          insertedContent: { text: e.newText },
        })),
      },
    ],
  };
}

export function toSarif(reports: FileReport[], options: Pick<FormatOptions, "cwd" | "version">): object {
  const ruleIds = ["yaml-syntax", ...RULES.map((r) => r.meta.id)];
  const rules = ruleIds.map((id) => {
    const meta = RULES.find((r) => r.meta.id === id)?.meta;
    return {
      id,
      name: id,
      shortDescription: { text: meta?.title ?? "The file is not valid YAML" },
      helpUri: docsUrl(id),
      defaultConfiguration: { level: SARIF_LEVEL[meta?.defaultSeverity ?? "error"] },
      // What GitHub code scanning ranks security results by (a score 0.1-10 as a string).
      ...(meta?.securitySeverity !== undefined
        ? { properties: { "security-severity": meta.securitySeverity.toFixed(1), tags: ["security"] } }
        : {}),
    };
  });
  const results = reports.flatMap((r) => {
    const at = positions(r.text);
    const location = artifactLocation(r.file, options.cwd);
    return r.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: ruleIds.indexOf(f.rule),
      level: SARIF_LEVEL[f.severity],
      message: { text: fullMessage(f) },
      locations: [{ physicalLocation: { artifactLocation: location, region: sarifRegion(at, f.span) } }],
      ...(reportableFixes(f).length
        ? { fixes: reportableFixes(f).map((x) => sarifFix(x, location, at)) }
        : {}),
    }));
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
            version: options.version,
            informationUri: "https://github.com/mlops-compose-doctor/mlops-compose-doctor",
            rules,
          },
        },
        originalUriBaseIds: {
          "%SRCROOT%": { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/, "/")}` },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

const GITHUB_LEVEL: Record<string, string> = {
  error: "error",
  warning: "warning",
  info: "notice",
  hint: "notice",
};

// Escaping as @actions/core's command.ts does (actions/toolkit 4b9afa4, packages/core/src/command.ts).
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub Actions workflow commands, one annotation per finding:
 * `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`. Columns only when
 * the finding is on one line (GitHub ignores them otherwise, per @actions/core's AnnotationProperties).
 */
export function toGithub(reports: FileReport[], options: Pick<FormatOptions, "cwd">): string {
  const lines: string[] = [];
  for (const r of reports) {
    const at = positions(r.text);
    const file = repoPath(r.file, options.cwd).path;
    for (const f of r.findings) {
      const s = at(f.span.start);
      const e = at(f.span.end);
      const props: [string, string | number][] = [
        ["file", file],
        ["line", s.line + 1],
        ["endLine", e.line + 1],
      ];
      if (s.line === e.line) props.push(["col", s.character + 1], ["endColumn", e.character + 1]);
      props.push(["title", `mlops-compose ${f.rule}`]);
      const message = `${fullMessage(f)}\n${docsUrl(f.rule)}`;
      lines.push(
        `::${GITHUB_LEVEL[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(message)}`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * Publishing diagnostics. A result whose document changed meanwhile is never published
 * (no stale squiggles).
 */
import { pathToFileURL } from "node:url";
import type { Connection, Diagnostic, TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { LintResult } from "../engine";
import { diskRead } from "../project/load";
import type { AnalysisStore } from "./analysis";
import { toDiagnostic } from "./convert";
import { isComposeDocument } from "./settings";

/**
 * No fixed debounce: analysis runs on the next turn of the event loop, and edits that arrive
 * while it runs are coalesced into the next one (each reschedules the timer), so a burst of
 * keystrokes costs one analysis of the latest text, and a pause costs no added delay.
 */

export class DiagnosticsProvider {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /**
   * Findings in env files (a URL in `app.env`), by env file URI, then by the compose document
   * whose analysis found them: an env file shows the union for every open compose file of its
   * project, each finding once, and loses a document's share when that document closes.
   */
  private readonly inEnvFiles = new Map<string, Map<string, Diagnostic[]>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
  ) {}

  schedule(doc: TextDocument): void {
    if (!isComposeDocument(doc.uri, doc.languageId)) return;
    const pending = this.timers.get(doc.uri);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.timers.delete(doc.uri);
      this.validate(doc.uri, doc.version);
    }, 0);
    this.timers.set(doc.uri, timer);
  }

  scheduleAll(): void {
    for (const doc of this.documents.all()) this.schedule(doc);
  }

  private validate(uri: string, version: number): void {
    const doc = this.documents.get(uri);
    // Closed or edited since it was scheduled: a newer validation owns it.
    if (!doc || doc.version !== version) return;
    const result = this.store.get(doc);
    if (this.documents.get(uri)?.version !== version) return;
    const other = this.envDocuments(result);
    const own: Diagnostic[] = [];
    const byEnvFile = new Map<string, Diagnostic[]>();
    for (const f of result.findings) {
      if (!f.file) {
        own.push(toDiagnostic(doc, f, other));
        continue;
      }
      const envDoc = other(f.file);
      if (!envDoc) continue;
      const list = byEnvFile.get(envDoc.uri) ?? [];
      list.push(toDiagnostic(envDoc, f, other, doc));
      byEnvFile.set(envDoc.uri, list);
    }
    void this.connection.sendDiagnostics({ uri, version, diagnostics: own });
    this.publishEnvFiles(uri, byEnvFile);
  }

  /** Other files of a result's project as documents (env files, a base file): the open editor's, else the text read. */
  private envDocuments(result: LintResult): (path: string) => TextDocument | undefined {
    const made = new Map<string, TextDocument | undefined>();
    return (path) => {
      if (made.has(path)) return made.get(path);
      const uri = pathToFileURL(path).href;
      // An env file's text as analysed, else another compose file of the project from the disk.
      const text = result.model.external?.find((e) => e.file === path)?.text ?? diskRead(path);
      const doc =
        this.documents.get(uri) ??
        (text !== undefined && !text.startsWith("\0")
          ? TextDocument.create(uri, "plaintext", 0, text)
          : undefined);
      made.set(path, doc);
      return doc;
    };
  }

  /** Replaces what `from` says about env files, and publishes each env file whose union changed. */
  private publishEnvFiles(from: string, now: Map<string, Diagnostic[]>): void {
    const touched = new Set(now.keys());
    for (const [envUri, byDoc] of this.inEnvFiles) if (byDoc.has(from)) touched.add(envUri);
    for (const envUri of touched) {
      let byDoc = this.inEnvFiles.get(envUri);
      if (!byDoc) this.inEnvFiles.set(envUri, (byDoc = new Map()));
      const mine = now.get(envUri);
      if (mine) byDoc.set(from, mine);
      else byDoc.delete(from);
      if (byDoc.size === 0) this.inEnvFiles.delete(envUri);
      void this.connection.sendDiagnostics({ uri: envUri, diagnostics: unionOf(byDoc) });
    }
  }

  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.store.forget(uri);
    // An env file closed in its editor keeps what open compose files say about it.
    const union = this.inEnvFiles.get(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: union ? unionOf(union) : [] });
    this.publishEnvFiles(uri, new Map());
  }
}

/** Each finding once, whichever compose documents of the project found it. */
function unionOf(byDoc: ReadonlyMap<string, Diagnostic[]>): Diagnostic[] {
  const seen = new Set<string>();
  const union: Diagnostic[] = [];
  for (const list of byDoc.values())
    for (const d of list) {
      const key = JSON.stringify([d.code, d.range, d.message]);
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(d);
    }
  return union;
}

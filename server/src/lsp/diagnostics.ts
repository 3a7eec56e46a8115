/**
 * Publishing diagnostics. A result whose document changed meanwhile is never published
 * (no stale squiggles).
 */
import type { Connection, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
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
    const { findings } = this.store.get(doc);
    if (this.documents.get(uri)?.version !== version) return;
    void this.connection.sendDiagnostics({
      uri,
      version,
      diagnostics: findings.map((f) => toDiagnostic(doc, f)),
    });
  }

  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.store.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/**
 * One analysis per document version, shared by every provider (diagnostics, code actions,
 * later hover): nothing is analysed twice for the same text.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type LintResult } from "../engine";
import { ModelCache } from "../model/cache";
import type { ServerSettings } from "./settings";
import { dotEnvFor, pathOfUri } from "./workspace-env";

interface Entry {
  version: number;
  settingsEpoch: number;
  result: LintResult;
}

/** One model cache per open document: a keystroke in a big file re-reads one service. */
const caches = new Map<string, ModelCache>();

export class AnalysisStore {
  private readonly entries = new Map<string, Entry>();
  private settingsEpoch = 0;

  constructor(private settings: ServerSettings) {}

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.settingsEpoch++;
  }

  get(doc: TextDocument): LintResult {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsEpoch === this.settingsEpoch) return hit.result;
    const path = pathOfUri(doc.uri);
    let cache = caches.get(doc.uri);
    if (!cache) caches.set(doc.uri, (cache = new ModelCache()));
    const result = analyze(doc.getText(), { path, variables: dotEnvFor(path), cache }, this.settings.lint);
    this.entries.set(doc.uri, { version: doc.version, settingsEpoch: this.settingsEpoch, result });
    return result;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    caches.delete(uri);
  }

  /** Drops cached results (a `.env` changed, settings changed): the next get() re-analyses. */
  invalidateAll(): void {
    this.settingsEpoch++;
  }
}

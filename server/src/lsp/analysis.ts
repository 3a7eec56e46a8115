/**
 * One analysis per document version, shared by every provider (diagnostics, code actions,
 * later hover): nothing is analysed twice for the same text.
 */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type LintResult } from "../engine";
import { IncrementalParser } from "../parse/incremental";
import type { ServerSettings } from "./settings";
import { dotEnvFor, pathOfUri } from "./workspace-env";

interface Entry {
  version: number;
  settingsEpoch: number;
  result: LintResult;
}

/** One incremental parser per open document: a keystroke in a big file re-parses one piece. */
const parsers = new Map<string, IncrementalParser>();

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
    let parser = parsers.get(doc.uri);
    if (!parser) parsers.set(doc.uri, (parser = new IncrementalParser()));
    const result = analyze(doc.getText(), { path, variables: dotEnvFor(path), parser }, this.settings.lint);
    this.entries.set(doc.uri, { version: doc.version, settingsEpoch: this.settingsEpoch, result });
    return result;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    parsers.delete(uri);
  }

  /** Drops cached results (a `.env` changed, settings changed): the next get() re-analyses. */
  invalidateAll(): void {
    this.settingsEpoch++;
  }
}

/**
 * One analysis per document version, shared by every provider (diagnostics, code actions,
 * later hover): nothing is analysed twice for the same text.
 */
import { basename, dirname } from "node:path";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { configFor, type LoadedConfig } from "../config/project-config";
import { mergeLintConfig, type ServerSettings } from "../config/settings";
import { analyze, type LintConfig, type LintResult } from "../engine";
import type { Locale } from "../l10n/locale";
import { ModelCache } from "../model/cache";
import { diskRead } from "../project/load";
import { dotEnvFor, pathOfUri } from "./workspace-env";

interface Entry {
  version: number;
  settingsEpoch: number;
  result: LintResult;
}

/** One model cache per open document: a keystroke in a big file re-reads one service. */
const caches = new Map<string, ModelCache>();

/** What applies to a file: its project config file below the editor's settings. */
export interface EffectiveConfig {
  lint: LintConfig;
  /** The project config file ignores this path: no findings. */
  ignored: boolean;
  project?: LoadedConfig;
}

export function effectiveConfig(path: string | undefined, settings: ServerSettings): EffectiveConfig {
  const project = path ? configFor(path) : undefined;
  return {
    lint: mergeLintConfig(project?.config, settings.lint),
    ignored: !!(path && project?.config.isIgnored(path)),
    project,
  };
}

export class AnalysisStore {
  private readonly entries = new Map<string, Entry>();
  private settingsEpoch = 0;
  /** The client's language (the `initialize` request's `locale`): messages and fix titles. */
  private currentLocale: Locale = "en";

  /**
   * `openText`: an open editor's text of a path (another file of a document's project is read
   * from its editor first, then from disk).
   */
  constructor(
    private settings: ServerSettings,
    private readonly openText: (path: string) => string | undefined = () => undefined,
  ) {}

  get locale(): Locale {
    return this.currentLocale;
  }

  setLocale(locale: Locale): void {
    if (locale === this.currentLocale) return;
    this.currentLocale = locale;
    this.settingsEpoch++;
  }

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.settingsEpoch++;
  }

  /** Called with each project config file seen with problems (for the client to show). */
  onConfigProblems: (loaded: LoadedConfig) => void = () => {};

  get(doc: TextDocument): LintResult {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsEpoch === this.settingsEpoch) return hit.result;
    const path = pathOfUri(doc.uri);
    let cache = caches.get(doc.uri);
    if (!cache) caches.set(doc.uri, (cache = new ModelCache()));
    const config = this.configFor(path);
    const read = (p: string) => this.openText(p) ?? diskRead(p);
    const result = analyze(
      doc.getText(),
      { path, variables: dotEnvFor(path, this.openText), cache, project: { read } },
      config.lint,
    );
    if (config.ignored) result.findings = [];
    this.entries.set(doc.uri, { version: doc.version, settingsEpoch: this.settingsEpoch, result });
    return result;
  }

  configFor(path: string | undefined): EffectiveConfig {
    const config = effectiveConfig(path, this.settings);
    if (config.project?.problems.length) this.onConfigProblems(config.project);
    return { ...config, lint: { ...config.lint, locale: this.currentLocale } };
  }

  /**
   * The open documents whose project reads `path` (an override, an included or env file
   * edited in another editor): their results are dropped, so the next get() re-analyses.
   */
  dependantsOf(path: string | undefined, docs: readonly TextDocument[]): TextDocument[] {
    if (!path) return [];
    const out: TextDocument[] = [];
    for (const doc of docs) {
      const hit = this.entries.get(doc.uri);
      const own = pathOfUri(doc.uri);
      if (!hit || !own || own === path) continue;
      // The `.env` beside a file interpolates it even when it has no project of other files.
      const interpolates = basename(path) === ".env" && dirname(path) === dirname(own);
      if (!interpolates && !hit.result.model.project?.sources.has(path)) continue;
      this.entries.delete(doc.uri);
      out.push(doc);
    }
    return out;
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

/**
 * End-to-end harness: a real VS Code workbench (code-server 4.100.3 = VS Code 1.100.3,
 * real Node extension host, real pty terminal) driven by playwright-core through
 * Debian's headless Chromium. See test/e2e/README.md.
 *
 *   const wb = await startWorkbench({ name: "squiggle", workspace: "examples/x", vsix: "dist/x.vsix" });
 *   try { await wb.openFile("docker-compose.yml"); ... } finally { await wb.close(); }
 *
 * or `await withWorkbench(options, async (wb) => { ... })`, which also saves a
 * screenshot, the server log and the browser console into test-artifacts/e2e/<name>/
 * when the body throws.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "node:util";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts", "e2e");
export const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const INSTALL_SCRIPT = path.join(__dirname, "install.sh");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Settings every workbench gets (a test's own `settings` are merged over them). */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  "terminal.integrated.gpuAcceleration": "off", // else terminal text never reaches the DOM
  "terminal.integrated.tabs.hideCondition": "never", // terminal names stay visible and clickable
  "terminal.integrated.defaultProfile.linux": "bash",
  "terminal.integrated.enablePersistentSessions": false,
  "terminal.integrated.shellIntegration.enabled": false,
  "workbench.startupEditor": "none",
  "explorer.compactFolders": false, // one Explorer row per folder: openFile("a/b/c.yml") walks them
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "editor.hover.delay": 100,
  "editor.minimap.enabled": false,
  "editor.stickyScroll.enabled": false, // no pinned lines over the top of a scrolled editor
  "files.autoSave": "off",
  "window.restoreWindows": "none",
  "chat.disableAIFeatures": true,
};

// ---------------------------------------------------------------- code-server install

let codeServerDirCache: string | undefined;

/**
 * The installed code-server package directory. Runs test/e2e/install.sh (a warm run
 * takes a fraction of a second) unless E2E_CODE_SERVER_DIR is set (global setup sets it).
 */
export function codeServerDir(): string {
  if (codeServerDirCache) return codeServerDirCache;
  let dir = process.env.E2E_CODE_SERVER_DIR;
  if (!dir) {
    const out = execFileSync("bash", [INSTALL_SCRIPT], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    dir = out.trim().split("\n").pop()!;
    process.env.E2E_CODE_SERVER_DIR = dir;
  }
  if (!fs.existsSync(path.join(dir, "out", "node", "entry.js"))) {
    throw new Error(`code-server not found in ${dir}: run bash test/e2e/install.sh`);
  }
  codeServerDirCache = dir;
  return dir;
}

// ---------------------------------------------------------------- small utilities

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `fn` until it returns a truthy value; throws with `what` (and the last value) on timeout. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T> | T,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  const detail = lastError
    ? ` (last error: ${String(lastError)})`
    : last !== undefined
      ? ` (last value: ${JSON.stringify(last)})`
      : "";
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

function safeName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "x"
  );
}

/** All descendants of `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|\.git)$/.test(src),
  });
  // The copy keeps the source's mode; a read-only original (the repo's examples are 0444) must
  // still be editable and savable in the copy, as a user's own file would be.
  for (const entry of fs.readdirSync(to, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath, entry.name);
    fs.chmodSync(p, fs.statSync(p).mode | (entry.isDirectory() ? 0o700 : 0o600));
  }
}

// ---------------------------------------------------------------- code-server process

export interface CodeServerOptions {
  /** Folder copied into a fresh temp workspace (relative paths are from the repo root). */
  workspace?: string;
  /** Extra files to create in the workspace: relative path -> content. */
  files?: Record<string, string>;
  /** VSIX file(s) installed with `code-server --install-extension` before the start. */
  vsix?: string | string[];
  /** User settings merged over DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so the extension host and the terminals). */
  env?: Record<string, string>;
}

export class CodeServer {
  private exited = false;
  private exitPromise: Promise<void>;

  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
    readonly tmpDir: string,
    readonly workspaceDir: string,
    readonly logFile: string,
  ) {
    this.exitPromise = new Promise((resolve) => {
      proc.once("exit", () => {
        this.exited = true;
        resolve();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts code-server on a free port for a fresh copy of `options.workspace`; resolves once /healthz answers. */
  static async start(options: CodeServerOptions = {}): Promise<CodeServer> {
    const cs = codeServerDir();
    const entry = path.join(cs, "out", "node", "entry.js");
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-e2e-"));
    const workspaceDir = path.join(tmpDir, "workspace");
    if (options.workspace) copyDir(path.resolve(REPO_ROOT, options.workspace), workspaceDir);
    else fs.mkdirSync(workspaceDir);
    for (const [rel, content] of Object.entries(options.files ?? {})) {
      const file = path.join(workspaceDir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const userDataDir = path.join(tmpDir, "user-data");
    const extensionsDir = path.join(tmpDir, "extensions");
    fs.mkdirSync(path.join(userDataDir, "User"), { recursive: true });
    fs.mkdirSync(extensionsDir);
    fs.writeFileSync(
      path.join(userDataDir, "User", "settings.json"),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
    );
    const emptyConfig = path.join(tmpDir, "config.yaml");
    fs.writeFileSync(emptyConfig, "");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_DATA_HOME: path.join(tmpDir, "xdg-data"),
      XDG_CONFIG_HOME: path.join(tmpDir, "xdg-config"),
      SHELL: "/bin/bash",
      PS1: "$ ",
      ...options.env,
    };
    // Keep the test runner's own variables out of the workbench.
    for (const k of Object.keys(env))
      if (/^(VITEST|NODE_OPTIONS$|ELECTRON_RUN_AS_NODE$)/.test(k)) delete env[k];
    const common = [
      "--config",
      emptyConfig,
      "--user-data-dir",
      userDataDir,
      "--extensions-dir",
      extensionsDir,
    ];

    const vsixes =
      options.vsix === undefined ? [] : Array.isArray(options.vsix) ? options.vsix : [options.vsix];
    for (const vsix of vsixes) {
      const abs = path.resolve(REPO_ROOT, vsix);
      if (!fs.existsSync(abs)) throw new Error(`VSIX not found: ${abs}`);
      const out = execFileSync(process.execPath, [entry, ...common, "--install-extension", abs], {
        env,
        encoding: "utf8",
        timeout: 120_000,
        stdio: ["ignore", "pipe", "pipe"],
      });
      if (!/successfully installed/i.test(out)) throw new Error(`installing ${abs} failed:\n${out}`);
    }

    const port = await freePort();
    const logFile = path.join(tmpDir, "code-server.log");
    const logFd = fs.openSync(logFile, "a");
    const proc = spawn(
      process.execPath,
      [
        entry,
        ...common,
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
        workspaceDir,
      ],
      { env, cwd: tmpDir, detached: true, stdio: ["ignore", logFd, logFd] },
    );
    fs.closeSync(logFd);
    const server = new CodeServer(proc, port, tmpDir, workspaceDir, logFile);
    try {
      await waitFor(
        "code-server /healthz",
        async () => {
          if (server.exited) throw new Error(`code-server exited early:\n${server.log()}`);
          return (await httpStatus(`${server.url}/healthz`)) === 200;
        },
        30_000,
        100,
      );
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  log(): string {
    try {
      return fs.readFileSync(this.logFile, "utf8");
    } catch {
      return "";
    }
  }

  /** Kills code-server's whole process group plus any descendant that left it (pty shells), then removes the temp dir. */
  async stop({ keepTmp = false } = {}): Promise<void> {
    const pid = this.proc.pid;
    if (pid !== undefined) {
      const family = [pid, ...descendants(pid)];
      killQuietly(-pid, "SIGTERM");
      for (const p of family) killQuietly(p, "SIGTERM");
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && family.some(alive)) await sleep(50);
      killQuietly(-pid, "SIGKILL");
      for (const p of family) if (alive(p)) killQuietly(p, "SIGKILL");
      if (!this.exited) await Promise.race([this.exitPromise, sleep(2000)]);
    }
    if (!keepTmp) fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- browser

export async function launchBrowser(
  profileDir: string,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run bash test/e2e/install.sh`);
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 60_000,
  });
}

/**
 * printf-style formatting of console arguments as Node does it. The workbench forwards the
 * extension host's console.log(fmt, ...args) as console.log("%c INFO", css, fmt, ...args):
 * the "%c" prefix is formatted first, then the forwarded call on its own, so that mocha's
 * spec reporter ("%s%s", "  %d passing (%s)") reads as it would in a terminal.
 */
export function formatConsoleArgs(args: unknown[]): string {
  if (args.length === 0) return "";
  const first = args[0];
  if (typeof first === "string" && /^[^%]*(%c[^%]*)+$/.test(first)) {
    const n = (first.match(/%c/g) ?? []).length;
    const prefix = format(...(args.slice(0, 1 + n) as [unknown, ...unknown[]]));
    const rest = args.slice(1 + n);
    return rest.length > 0 ? `${prefix} ${format(...(rest as [unknown, ...unknown[]]))}` : prefix;
  }
  return format(...(args as [unknown, ...unknown[]]));
}

/** A browser console message as text (see formatConsoleArgs). */
async function consoleText(msg: import("playwright-core").ConsoleMessage): Promise<string> {
  try {
    const args = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a))));
    if (args.length > 0) return formatConsoleArgs(args);
  } catch {
    // page navigated or closed
  }
  return msg.text();
}

// ---------------------------------------------------------------- the workbench

export interface WorkbenchOptions extends CodeServerOptions {
  /** Names the artifacts folder: test-artifacts/e2e/<name>/. */
  name: string;
  /** The browser window (default 1440 x 900). */
  viewport?: { width: number; height: number };
}

export type SquiggleKind = "error" | "warning" | "info" | "hint";

export interface Squiggle {
  /** 1-based line number, as the gutter shows it. */
  line: number;
  /** The text under the squiggle. */
  text: string;
}

interface SquiggleBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a hover shows: its text and the targets of its links. */
export interface HoverContent {
  text: string;
  links: string[];
}

export class Workbench {
  readonly artifactsDir: string;
  readonly consoleLines: string[] = [];
  private shot = 0;

  private constructor(
    readonly server: CodeServer,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly name: string,
  ) {
    this.artifactsDir = path.join(ARTIFACTS_DIR, safeName(name));
    fs.rmSync(this.artifactsDir, { recursive: true, force: true });
    fs.mkdirSync(this.artifactsDir, { recursive: true });
  }

  static async start(options: WorkbenchOptions): Promise<Workbench> {
    const server = await CodeServer.start(options);
    let context: BrowserContext | undefined;
    try {
      context = await launchBrowser(path.join(server.tmpDir, "chromium-profile"), options.viewport);
      const page = context.pages()[0] ?? (await context.newPage());
      const wb = new Workbench(server, context, page, options.name);
      page.on("console", (msg) => {
        void consoleText(msg).then((t) => wb.consoleLines.push(`[${msg.type()}] ${t}`));
      });
      page.on("pageerror", (err) => wb.consoleLines.push(`[pageerror] ${err.message}`));
      await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`, {
        timeout: 60_000,
      });
      await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
      await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
      return wb;
    } catch (e) {
      await context?.close().catch(() => {});
      await server.stop();
      throw e;
    }
  }

  get workspaceDir(): string {
    return this.server.workspaceDir;
  }

  /** Absolute path of a workspace file. */
  file(rel: string): string {
    return path.join(this.workspaceDir, rel);
  }

  readFile(rel: string): string {
    return fs.readFileSync(this.file(rel), "utf8");
  }

  /** Saves a full-page PNG as test-artifacts/e2e/<name>/<nn>-<step>.png and returns its path. */
  async screenshot(step: string): Promise<string> {
    this.shot += 1;
    const file = path.join(this.artifactsDir, `${String(this.shot).padStart(2, "0")}-${safeName(step)}.png`);
    await this.page.screenshot({ path: file, timeout: 15_000 }).catch(() => {});
    return file;
  }

  /** Opens a workspace file through the Explorer (folders on the way are expanded); waits for its editor. */
  async openFile(rel: string): Promise<void> {
    const parts = rel.split("/").filter(Boolean);
    const tree = this.page.locator(".explorer-folders-view");
    for (let i = 0; i < parts.length; i++) {
      const row = tree.locator(`.monaco-list-row[aria-level="${i + 1}"]`, {
        has: this.page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(parts[i]!)}$`) }),
      });
      await row.first().waitFor({ timeout: 30_000 });
      const expanded = await row.first().getAttribute("aria-expanded");
      if (i < parts.length - 1) {
        if (expanded !== "true") await row.first().click();
      } else {
        await row.first().dblclick(); // double click: a pinned (not preview) editor
      }
    }
    const name = parts[parts.length - 1]!;
    await this.page
      .locator(".tabs-container .tab.active", { hasText: name })
      .first()
      .waitFor({ timeout: 30_000 });
    await this.activeEditor().locator(".view-lines").waitFor({ timeout: 30_000 });
  }

  activeEditor(): Locator {
    return this.page.locator(".editor-group-container.active .monaco-editor").first();
  }

  /** The squiggles of one kind currently rendered in the active editor, with their line and text. */
  async squiggles(kind: SquiggleKind = "error"): Promise<Squiggle[]> {
    return (await this.squiggleBoxes(kind)).map(({ line, text }) => ({ line, text }));
  }

  /** As squiggles(), with each squiggle's box on the page (for the mouse). */
  private async squiggleBoxes(kind: SquiggleKind): Promise<(Squiggle & { box: SquiggleBox })[]> {
    const editor = this.activeEditor();
    const cls = `squiggly-${kind}`;
    // Runs in the page: matches each squiggle's box against the characters of the line at the same height.
    return editor.evaluate((root: unknown, squiggleClass: string) => {
      // Minimal shapes of the DOM objects used here (the project's lib has no DOM types).
      interface Box {
        top: number;
        bottom: number;
        left: number;
        right: number;
        width: number;
        height: number;
      }
      interface TextNode {
        data: string;
      }
      interface El {
        textContent: string | null;
        getBoundingClientRect(): Box;
        querySelectorAll(selector: string): ArrayLike<El>;
        ownerDocument: {
          createTreeWalker(root: El, whatToShow: number): { nextNode(): TextNode | null };
          createRange(): {
            setStart(node: TextNode, offset: number): void;
            setEnd(node: TextNode, offset: number): void;
            getBoundingClientRect(): Box;
          };
        };
      }
      const el = root as El;
      const doc = el.ownerDocument;
      const out: {
        line: number;
        text: string;
        box: { x: number; y: number; width: number; height: number };
      }[] = [];
      for (const sq of Array.from(el.querySelectorAll(`.${squiggleClass}`))) {
        const box = sq.getBoundingClientRect();
        const midY = box.top + box.height / 2;
        let line = 0;
        for (const ln of Array.from(el.querySelectorAll(".margin-view-overlays .line-numbers"))) {
          const b = ln.getBoundingClientRect();
          if (midY >= b.top && midY < b.bottom) line = Number((ln.textContent ?? "").trim());
        }
        let text = "";
        for (const vl of Array.from(el.querySelectorAll(".view-lines .view-line"))) {
          const b = vl.getBoundingClientRect();
          if (!(midY >= b.top && midY < b.bottom)) continue;
          const walker = doc.createTreeWalker(vl, 4 /* NodeFilter.SHOW_TEXT */);
          const range = doc.createRange();
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.data.length; i++) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const r = range.getBoundingClientRect();
              const cx = r.left + r.width / 2;
              if (cx >= box.left && cx <= box.right) text += node.data[i];
            }
          }
        }
        out.push({
          line,
          text: text.replace(/\u00a0/g, " "),
          box: { x: box.left, y: box.top, width: box.width, height: box.height },
        });
      }
      return out;
    }, cls);
  }

  /**
   * Waits until a squiggle of `kind` is shown in the active editor (on `text`, when given:
   * a string must equal the squiggled text, a RegExp must match it) and returns it.
   */
  async waitForSquiggle(
    kind: SquiggleKind = "error",
    text?: string | RegExp,
    timeoutMs = 30_000,
  ): Promise<Squiggle> {
    return waitFor(
      `a ${kind} squiggle${text ? ` on ${String(text)}` : ""}`,
      async () => {
        const all = await this.squiggles(kind);
        if (text === undefined) return all[0];
        return all.find((s) => (typeof text === "string" ? s.text.trim() === text : text.test(s.text)));
      },
      timeoutMs,
      250,
    );
  }

  /**
   * Moves the mouse onto the squiggle of `kind` on `text` (see waitForSquiggle; the line must be
   * on screen: goTo it first) and returns the hover once it shows `expect` (default: anything).
   */
  async hoverSquiggle(
    kind: SquiggleKind,
    text: string | RegExp,
    expect?: string | RegExp,
    timeoutMs = 20_000,
  ): Promise<HoverContent> {
    await this.waitForSquiggle(kind, text, timeoutMs);
    const matches = (t: string) => (typeof text === "string" ? t.trim() === text : text.test(t));
    const hover = this.page.locator(".monaco-editor .monaco-hover:not(.hidden)").first();
    return waitFor(
      `a hover on the ${kind} squiggle ${String(text)}${expect ? ` showing ${String(expect)}` : ""}`,
      async () => {
        const sq = (await this.squiggleBoxes(kind)).find((s) => matches(s.text));
        if (!sq) return undefined;
        if (!(await hover.isVisible().catch(() => false))) {
          // Off and back on: the editor shows its hover after the mouse rests on the text.
          await this.page.mouse.move(sq.box.x + sq.box.width / 2, sq.box.y - 40);
          await this.page.mouse.move(
            sq.box.x + Math.min(20, sq.box.width / 2),
            sq.box.y + sq.box.height / 2,
            {
              steps: 4,
            },
          );
          await hover.waitFor({ timeout: 3000 }).catch(() => {});
        }
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as the user reads it
        const shown = await hover.innerText().catch(() => "");
        if (!shown || (expect && !(typeof expect === "string" ? shown.includes(expect) : expect.test(shown))))
          return undefined;
        const links = await hover
          .locator("a")
          .evaluateAll((as) =>
            as.map(
              (a) =>
                (a as unknown as { getAttribute(n: string): string | null }).getAttribute("href") ??
                (a as unknown as { getAttribute(n: string): string | null }).getAttribute("data-href") ??
                "",
            ),
          );
        return { text: shown.replace(/\u00a0/g, " "), links };
      },
      timeoutMs,
      500,
    );
  }

  /**
   * Merges `patch` into the workspace's .vscode/settings.json, as editing it by hand does (a value
   * of `undefined` removes the key); the workbench applies it live through its file watcher.
   * (Not the user settings file: code-server does not notice changes made to it from outside.)
   */
  updateWorkspaceSettings(patch: Record<string, unknown>): void {
    const file = this.file(".vscode/settings.json");
    const current = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)
      : {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete current[k];
      else current[k] = v;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its text once it lists at least one problem. */
  async problemsPanelText(expect?: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const panel = this.page.locator(".markers-panel");
    if (!(await panel.isVisible())) {
      await this.focusWorkbench();
      await this.page.keyboard.press("Control+Shift+M");
    }
    await panel.waitFor({ timeout: timeoutMs });
    return waitFor(
      "problems in the Problems panel",
      async () => {
        const rows = panel.locator(".monaco-list-row");
        if ((await rows.count()) === 0) return "";
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, one problem per line
        const t = await panel.innerText();
        if (expect === undefined) return t;
        return (typeof expect === "string" ? t.includes(expect) : expect.test(t)) ? t : "";
      },
      timeoutMs,
    );
  }

  /** Puts the cursor at `line` (1-based) and `column` (1-based; default: first non-blank character). */
  async goTo(line: number, column?: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press("Control+G");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 10_000 });
    await input.fill(column ? `:${line}:${column}` : `:${line}`); // ":" = Go to Line mode
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
    if (!column) {
      await this.page.keyboard.press("End");
      await this.page.keyboard.press("Home");
    }
  }

  /**
   * Applies the quick fix titled `title` (exact text, or a RegExp) at `line` (and optional
   * `column`, else the line's first non-blank character): Ctrl+., select it, Enter.
   * Saves the file unless `save: false`.
   */
  async quickFix(
    line: number,
    title: string | RegExp,
    options: { column?: number; save?: boolean } = {},
  ): Promise<void> {
    await this.goTo(line, options.column);
    const matches = (t: string) => (typeof title === "string" ? t.trim() === title : title.test(t));
    const widget = this.page.locator(".action-widget");
    await waitFor(
      `quick fix "${String(title)}" at line ${line}`,
      async () => {
        if (!(await widget.isVisible())) {
          await this.page.keyboard.press("Control+.");
          await widget.waitFor({ timeout: 5000 }).catch(() => {});
        }
        const titles = await widget.locator(".monaco-list-row .title").allInnerTexts();
        if (titles.some(matches)) return true;
        // Not offered (yet): close and ask again (the server may still be computing diagnostics).
        await this.page.keyboard.press("Escape");
        return false;
      },
      20_000,
      500,
    );
    // Move the focus onto the wanted row; a click is intercepted by an overlay, Enter is not.
    for (let i = 0; i < 50; i++) {
      const focused = await widget
        .locator(".monaco-list-row.focused .title")
        .first()
        .textContent()
        .then((t) => t ?? "")
        .catch(() => "");
      if (matches(focused)) break;
      await this.page.keyboard.press("ArrowDown");
    }
    const focused = (await widget.locator(".monaco-list-row.focused .title").first().textContent()) ?? "";
    if (!matches(focused))
      throw new Error(`could not focus quick fix "${String(title)}" (focused: "${focused}")`);
    await this.page.keyboard.press("Enter");
    await widget.waitFor({ state: "hidden", timeout: 10_000 });
    if (options.save !== false) await this.save();
  }

  /** Ctrl+S on the active editor; waits until the tab is no longer dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press("Control+S");
    await waitFor(
      "the active editor to be saved",
      async () => (await this.page.locator(".tabs-container .tab.active.dirty").count()) === 0,
      10_000,
    );
  }

  /** Runs a command from the command palette by its full title ("Category: Title"). */
  async runCommand(title: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press("Control+Shift+P");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const focusedLabel = this.page.locator(".quick-input-list .monaco-list-row.focused .label-name");
    await waitFor(
      `command "${title}" in the palette`,
      async () => {
        const label = (
          await focusedLabel
            .first()
            .textContent()
            .then((t) => t ?? "")
            .catch(() => "")
        )
          .replace(/\u00a0/g, " ")
          .trim();
        if (label === title) return true;
        // The wanted command may be listed but not first: move down to it.
        const labels = (
          await this.page.locator(".quick-input-list .monaco-list-row .label-name").allInnerTexts()
        ).map((l) => l.replace(/\u00a0/g, " ").trim());
        if (labels.includes(title)) await this.page.keyboard.press("ArrowDown");
        return false;
      },
      15_000,
      150,
    );
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 10_000 });
  }

  /**
   * The visible text of a terminal (the active one, or the one whose tab is named `name`,
   * which this selects first). Lines are joined with "\n"; trailing blanks trimmed.
   */
  async terminalText(name?: string): Promise<string> {
    if (name !== undefined) {
      const tab = this.page.locator(".terminal-tabs-entry", { hasText: name }).first();
      await tab.waitFor({ timeout: 30_000 });
      if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
    }
    const rows = this.page.locator(".terminal-wrapper.active .xterm-rows").first();
    await rows.waitFor({ timeout: 30_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: rendered rows, one terminal line per line
    const text = await rows.innerText();
    return text
      .replace(/\u00a0/g, " ")
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n")
      .trim();
  }

  /** Waits until the terminal (see terminalText) shows `expect`; returns its text. */
  async waitForTerminalText(expect: string | RegExp, name?: string, timeoutMs = 30_000): Promise<string> {
    return waitFor(
      `terminal${name ? ` "${name}"` : ""} to show ${String(expect)}`,
      async () => {
        const t = await this.terminalText(name).catch(() => "");
        return (typeof expect === "string" ? t.includes(expect) : expect.test(t)) ? t : "";
      },
      timeoutMs,
      300,
    );
  }

  /** Text of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    return this.page.locator(".notification-toast .notification-list-item-message").allInnerTexts();
  }

  private async focusWorkbench(): Promise<void> {
    if (
      await this.activeEditor()
        .isVisible()
        .catch(() => false)
    )
      await this.focusEditor();
    else await this.page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
  }

  /**
   * Clicks into the text of the active editor's first visible line. (Not at a fixed offset of
   * `.view-lines`: that element moves up as the editor scrolls, under the tabs and off the page.)
   */
  private async focusEditor(): Promise<void> {
    const editor = this.activeEditor();
    const guard = await editor.locator(".overflow-guard").first().boundingBox();
    if (!guard) throw new Error("no active editor to click into");
    const margin = await editor.locator(".overflow-guard > .margin").first().boundingBox();
    await this.page.mouse.click(guard.x + (margin?.width ?? 60) + 4, guard.y + 6);
  }

  /**
   * Maximizes the panel (Problems, Terminal...) so that more of its rows are rendered: its lists
   * only render what is on screen. Returns a function that restores its size.
   */
  async maximizePanel(): Promise<() => Promise<void>> {
    // "Maximize Panel Size" / "Restore Panel Size": one toggle (role checkbox) in the panel's title.
    const toggle = this.page
      .locator('.part.panel .global-actions .action-label[aria-label*="Panel Size"]')
      .first();
    const set = async (on: boolean) => {
      if (((await toggle.getAttribute("aria-checked")) === "true") === on) return;
      await toggle.click();
      await waitFor(
        `the panel ${on ? "maximized" : "restored"}`,
        async () => ((await toggle.getAttribute("aria-checked")) === "true") === on,
        10_000,
      );
    };
    await toggle.waitFor({ timeout: 10_000 });
    if ((await toggle.getAttribute("aria-checked")) === "true") return async () => {};
    await set(true);
    return () => set(false);
  }

  /** Writes the server log and the browser console next to the screenshots. */
  saveLogs(): void {
    fs.writeFileSync(path.join(this.artifactsDir, "code-server.log"), this.server.log());
    fs.writeFileSync(path.join(this.artifactsDir, "browser-console.log"), this.consoleLines.join("\n"));
  }

  /** Closes the browser and kills code-server's process group. Safe to call twice. */
  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    await this.server.stop();
  }
}

/** Starts a workbench, runs `body`, always closes; on failure saves a screenshot and the logs first. */
export async function withWorkbench<T>(
  options: WorkbenchOptions,
  body: (wb: Workbench) => Promise<T>,
): Promise<T> {
  const wb = await Workbench.start(options);
  try {
    return await body(wb);
  } catch (e) {
    await wb.screenshot("failure");
    wb.saveLogs();
    throw e;
  } finally {
    await wb.close();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------- extension-host test runs

export interface ExtensionTestsOptions extends CodeServerOptions {
  /** Names the artifacts folder. */
  name: string;
  /** The extension folder (its package.json), loaded as a development extension. */
  extensionDevelopmentPath: string;
  /** A CommonJS module exporting `run(): Promise<void>` (the @vscode/test-electron convention). */
  extensionTestsPath: string;
  timeoutMs?: number;
}

export interface ExtensionTestsResult {
  exitCode: number;
  /** The browser console (where the extension host's console output lands), formatted. */
  output: string[];
}

/**
 * Runs a test-electron style suite inside code-server's extension host: opens the workbench
 * with `payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]`; the exit code
 * comes back through `window.codeAutomationExit(code)`.
 */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<ExtensionTestsResult> {
  const server = await CodeServer.start(options);
  const artifactsDir = path.join(ARTIFACTS_DIR, safeName(options.name));
  fs.rmSync(artifactsDir, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const output: string[] = [];
  const timed: string[] = [];
  const t0 = Date.now();
  const note = (t: string) => {
    output.push(t);
    timed.push(`${String(Date.now() - t0).padStart(6)} ms  ${t}`);
    if (process.env.E2E_VERBOSE) process.stdout.write(`[ext-host] ${t}\n`);
  };
  let context: BrowserContext | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    context = await launchBrowser(path.join(server.tmpDir, "chromium-profile"));
    const page = context.pages()[0] ?? (await context.newPage());
    const authority = `127.0.0.1:${server.port}`;
    const remote = (p: string) => `vscode-remote://${authority}${path.resolve(REPO_ROOT, p)}`;
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction("codeAutomationExit", (code: number) => {
      note(`codeAutomationExit(${code})`);
      resolveExit(Number(code));
    });
    page.on("console", (msg) => {
      void consoleText(msg).then(note);
    });
    page.on("pageerror", (err) => note(`[pageerror] ${err.message}`));
    note("browser ready");
    const payload = JSON.stringify([
      ["extensionDevelopmentPath", remote(options.extensionDevelopmentPath)],
      ["extensionTestsPath", remote(options.extensionTestsPath)],
    ]);
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}&payload=${encodeURIComponent(payload)}`,
      { timeout: 60_000 },
    );
    note("page loaded");
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timedOut = new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`extension tests did not finish in ${timeoutMs} ms\n${output.join("\n")}`)),
        timeoutMs,
      );
    });
    const exitCode = await Promise.race([exited, timedOut]);
    await sleep(200); // let the last console lines arrive
    if (exitCode !== 0)
      await page.screenshot({ path: path.join(artifactsDir, "failure.png") }).catch(() => {});
    return { exitCode, output };
  } finally {
    if (timer) clearTimeout(timer);
    fs.writeFileSync(path.join(artifactsDir, "extension-host-console.log"), timed.join("\n"));
    fs.writeFileSync(path.join(artifactsDir, "code-server.log"), server.log());
    await context?.close().catch(() => {});
    await server.stop();
  }
}

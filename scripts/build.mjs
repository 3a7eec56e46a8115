// Bundles the extension, the language server and the CLI with esbuild.
// Everything the user runs is a single self-contained file under dist/, so the VSIX
// and the CLI need no node_modules at run time.
import { build } from "esbuild";

const watch = process.argv.includes("--watch");
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  // yaml and vscode-languageserver ship both ESM and CJS; prefer the Node entry points.
  mainFields: ["module", "main"],
};

const entries = [
  { entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] },
  { entryPoints: ["server/src/lsp/main.ts"], outfile: "dist/server.js" },
  { entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js" },
];

if (watch) {
  const { context } = await import("esbuild");
  for (const e of entries) {
    const ctx = await context({ ...common, ...e });
    await ctx.watch();
  }
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
}

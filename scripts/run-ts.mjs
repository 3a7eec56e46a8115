// Runs a TypeScript script of this repo (bundled on the fly with esbuild) with its arguments.
import { execFileSync } from "node:child_process";
import { build } from "esbuild";

const [entry, ...args] = process.argv.slice(2);
const outfile = `out/scripts/${entry.replace(/[/\\]/g, "_").replace(/\.ts$/, ".js")}`;
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  logLevel: "warning",
});
try {
  execFileSync(process.execPath, [outfile, ...args], { stdio: "inherit" });
} catch (e) {
  process.exit(e.status ?? 1);
}

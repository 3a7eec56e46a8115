// Bundles scripts/manifest.ts (it imports the rule registry) and runs it.
import { execFileSync } from "node:child_process";
import { build } from "esbuild";

await build({
  entryPoints: ["scripts/manifest.ts"],
  outfile: "out/scripts/sync-manifest.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  logLevel: "warning",
});
execFileSync(process.execPath, ["out/scripts/sync-manifest.js"], { stdio: "inherit" });

// Bundles the extension-host suite (test/suite/index.ts + its tests, mocha included) into
// out/test/suite/index.js, and the @vscode/test-electron launcher into
// out/test/vscode/run-test-electron.js. `vscode` is the extension host's own module;
// @vscode/test-electron stays external (a devDependency, loaded at run time).
//   node test/suite/build.mjs
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "inline",
  logLevel: "warning",
  // mocha's optional reporters, loaders and parallel worker use require() with computed names or
  // require.resolve: not bundled, not needed by a serial run with the spec reporter.
  logOverride: {
    "unsupported-require-call": "silent",
    "unsupported-dynamic-import": "silent",
    "require-resolve-not-external": "silent",
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["test/suite/index.ts"],
    outfile: "out/test/suite/index.js",
    external: ["vscode"],
  }),
  build({
    ...common,
    entryPoints: ["test/vscode/run-test-electron.ts"],
    outfile: "out/test/vscode/run-test-electron.js",
    external: ["@vscode/test-electron"],
  }),
]);

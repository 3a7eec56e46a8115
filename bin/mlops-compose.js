#!/usr/bin/env node
// The CLI lives in the esbuild bundle (npm run build); this file only points at it.
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  process.stderr.write("mlops-compose: dist/cli.js is missing; run `npm run build` first.\n");
  process.exit(2);
}
require(cli).run();

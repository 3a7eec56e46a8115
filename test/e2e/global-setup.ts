import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** Installs (or finds cached) Chromium, ripgrep and code-server once per run; tells the workers where. */
export default function setup(): void {
  if (process.env.E2E_CODE_SERVER_DIR) return;
  const out = execFileSync("bash", [path.join(__dirname, "install.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 15 * 60_000,
  });
  process.env.E2E_CODE_SERVER_DIR = out.trim().split("\n").pop();
}

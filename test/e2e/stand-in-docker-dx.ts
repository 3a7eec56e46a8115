/**
 * A stand-in for Docker DX: an empty extension with Docker DX's id (`docker.docker`), packaged
 * on the fly, so that a workbench has "Docker DX installed" as our client detects it
 * (`vscode.extensions.getExtension("docker.docker")`). It provides nothing itself: what the
 * suggest widget shows is then only ours.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./harness";

export interface StandInExtension {
  vsix: string;
  dispose(): void;
}

export function buildStandInDockerDx(): StandInExtension {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcd-e2e-docker-dx-"));
  const pkg = {
    name: "docker",
    displayName: "Docker DX (stand-in)",
    description: "Stand-in with Docker DX's extension id, for the e2e tests.",
    version: "0.0.1",
    publisher: "docker",
    license: "MIT",
    engines: { vscode: "^1.100.0" },
    main: "./extension.js",
    activationEvents: [],
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  fs.writeFileSync(
    path.join(dir, "extension.js"),
    "exports.activate = () => {};\nexports.deactivate = () => {};\n",
  );
  fs.writeFileSync(path.join(dir, "README.md"), "# Docker DX stand-in\n");
  fs.writeFileSync(path.join(dir, "LICENSE"), "MIT\n");
  const vsix = path.join(dir, "docker-dx-stand-in.vsix");
  const vsce = path.join(REPO_ROOT, "node_modules", "@vscode", "vsce", "vsce");
  execFileSync(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "-o", vsix],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    },
  );
  if (!fs.existsSync(vsix)) throw new Error(`vsce did not produce ${vsix}`);
  return { vsix, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

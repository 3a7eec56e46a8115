import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeProgress, dockerUnavailable, dockerUnavailableMessage, TERMINAL_WRAPPER } from "./progress";

describe("describeProgress (status bar text from the script's markers)", () => {
  it("follows the stages", () => {
    expect(describeProgress("MLOps", "")).toEqual({ text: "$(sync~spin) MLOps", state: "running" });
    expect(describeProgress("MLOps", "stage 1 3 databases\n")).toEqual({
      text: "$(sync~spin) MLOps [1/3] databases",
      state: "running",
    });
    expect(
      describeProgress("MLOps", "stage 1 3 databases\nok 1 3 databases\nstage 2 3 one-shot jobs\n").text,
    ).toBe("$(sync~spin) MLOps [2/3] one-shot jobs");
    expect(
      describeProgress(
        "MLOps",
        "stage 1 2 databases\nok 1 2 databases\nstage 2 2 applications\nok 2 2 applications\ndone\nexit 0\n",
      ),
    ).toEqual({
      text: "$(check) MLOps: up",
      state: "done",
    });
  });

  it("shows the failed stage; a bare non-zero exit is a failure too", () => {
    expect(describeProgress("MLOps", "stage 1 2 databases\nfailed 1 2 databases\nexit 1\n")).toEqual({
      text: "$(error) MLOps: stage 1/2 databases failed",
      state: "failed",
    });
    expect(describeProgress("MLOps Check", "exit 1\n")).toEqual({
      text: "$(error) MLOps Check: failed (exit 1)",
      state: "failed",
    });
    expect(describeProgress("MLOps Check", "exit 0\n")).toEqual({
      text: "$(check) MLOps Check: done",
      state: "done",
    });
  });

  it("reset steps, and Ctrl-C on `logs -f` after the stack is up is not a failure", () => {
    expect(describeProgress("MLOps Reset", "step down\n").text).toBe("$(sync~spin) MLOps Reset: down -v");
    expect(
      describeProgress("MLOps Reset", "step down\nstage 1 1 databases\nok 1 1 databases\ndone\nexit 130\n")
        .state,
    ).toBe("done");
  });
});

describe("TERMINAL_WRAPPER", () => {
  function setup(script: string) {
    const dir = mkdtempSync(join(tmpdir(), "mlops-wrapper-"));
    writeFileSync(join(dir, "run.sh"), script);
    writeFileSync(join(dir, "status"), "");
    return { dir, env: { ...process.env, MLOPS_STATUS_FILE: join(dir, "status") } };
  }

  it("records the script's exit code and waits for Enter", () => {
    const { dir, env } = setup("echo hello; exit 3\n");
    const r = spawnSync("/bin/sh", ["-c", TERMINAL_WRAPPER, "mlops", join(dir, "run.sh")], {
      env,
      input: "\n",
      encoding: "utf8",
    });
    expect(r.status).toBe(3);
    expect(r.stdout).toContain("hello\n\n[MLOps] stopped (exit 3).\nPress Enter");
    expect(readFileSync(join(dir, "status"), "utf8")).toBe("exit 3\n");
  });

  it("Ctrl-C stops the script (logs -f) but the wrapper survives to record it", async () => {
    const { dir, env } = setup("echo following; sleep 20\n");
    const child = spawn("/bin/sh", ["-c", TERMINAL_WRAPPER, "mlops", join(dir, "run.sh")], {
      env,
      detached: true,
      stdio: ["pipe", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    await new Promise((r) => setTimeout(r, 400));
    process.kill(-child.pid!, "SIGINT"); // the terminal sends Ctrl-C to the whole foreground group
    await new Promise((r) => setTimeout(r, 400));
    child.stdin.end("\n");
    const code = await new Promise((r) => child.on("exit", r));
    expect(out).toContain("[MLOps] stopped (exit 130).");
    expect(readFileSync(join(dir, "status"), "utf8")).toBe("exit 130\n");
    expect(code).toBe(130);
  });
});

describe("Docker not running (the scripts' `nodocker` marker)", () => {
  const CAUSE =
    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

  it("the status bar says so, and stays failed after the exit", () => {
    expect(describeProgress("MLOps", `nodocker down ${CAUSE}\nexit 69\n`)).toEqual({
      text: "$(error) MLOps: Docker is not running",
      state: "failed",
    });
  });

  it("the notification names the cause and what to do", () => {
    const down = dockerUnavailable(`nodocker down ${CAUSE}\n`);
    expect(down).toEqual({ kind: "down", cause: CAUSE });
    const text = dockerUnavailableMessage(down!, "Staged Up");
    expect(text).toContain(CAUSE);
    expect(text).toContain("Start Docker (Docker Desktop, or sudo systemctl start docker on Linux)");
    expect(text).toContain("Then run Staged Up again.");
    const perm = dockerUnavailable("nodocker permission permission denied while trying to connect\n");
    expect(perm?.kind).toBe("permission");
    expect(dockerUnavailableMessage(perm!, "Reset Environment")).toContain("docker group");
    expect(dockerUnavailable("stage 1 2 databases\nexit 1\n")).toBeUndefined();
  });
});

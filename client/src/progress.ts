/**
 * What the status bar shows while a generated script runs. The scripts append one marker line
 * per event to $MLOPS_STATUS_FILE (`stage 1 3 databases`, `ok 1 3 databases`, `failed ...`,
 * `step down`, `done`) and the terminal wrapper adds `exit N` when the script ends; the extension
 * polls that file. No shell integration needed, so it works with any shell and remote terminal.
 */
/** `vscode.l10n.t`'s shape: the English message with {0}, {1}... and their values. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** English, filling {0}, {1}... as `vscode.l10n.t` does (what the tests and a non-VS Code caller get). */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export interface Progress {
  text: string;
  state: "running" | "done" | "failed";
}

/** The script's pre-flight found no Docker daemon (marker `nodocker KIND CAUSE`). */
export interface DockerUnavailable {
  /** `permission`: the socket is there but this user may not use it; `down`: nothing answers. */
  kind: "permission" | "down";
  /** The docker CLI's own words, e.g. "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" */
  cause: string;
}

export function dockerUnavailable(status: string): DockerUnavailable | undefined {
  const m = /^nodocker (permission|down) (.*)$/m.exec(status);
  return m ? { kind: m[1] as DockerUnavailable["kind"], cause: m[2].trim() } : undefined;
}

/** The notification: the cause, and what to do about it (the script prints the same in the terminal). */
export function dockerUnavailableMessage(
  d: DockerUnavailable,
  command: string,
  t: Translate = english,
): string {
  const todo =
    d.kind === "permission"
      ? t(
          'Your user may not use the Docker socket: add it to the docker group (sudo usermod -aG docker "$USER", then log in again), or use rootless Docker.',
        )
      : t(
          "Start Docker (Docker Desktop, or sudo systemctl start docker on Linux), or point DOCKER_HOST or docker context at a running engine.",
        );
  return t(
    "MLOps: {0} did not start: the Docker daemon does not answer ({1}). {2} Then run {0} again.",
    command,
    d.cause,
    todo,
  );
}

const STEPS: Record<string, string> = {
  down: "down -v",
  prune: "docker system prune",
};

export function describeProgress(title: string, status: string, t: Translate = english): Progress {
  const lines = status.split("\n").filter((l) => l.trim() !== "");
  let current: Progress = { text: `$(sync~spin) ${title}`, state: "running" };
  for (const line of lines) {
    const [word, ...rest] = line.trim().split(" ");
    if (word === "stage" || word === "ok") {
      const [i, n, ...name] = rest;
      current = { text: `$(sync~spin) ${title} [${i}/${n}] ${name.join(" ")}`, state: "running" };
    } else if (word === "failed") {
      const [i, n, ...name] = rest;
      current = {
        text: `$(error) ${t("{0}: stage {1}/{2} {3} failed", title, i, n, name.join(" "))}`,
        state: "failed",
      };
    } else if (word === "step") {
      current = { text: `$(sync~spin) ${title}: ${STEPS[rest[0]] ?? rest.join(" ")}`, state: "running" };
    } else if (word === "nodocker") {
      current = { text: `$(error) ${t("{0}: Docker is not running", title)}`, state: "failed" };
    } else if (word === "done") {
      current = { text: `$(check) ${t("{0}: up", title)}`, state: "done" };
    } else if (word === "exit") {
      const code = rest[0];
      // After `done`, a non-zero exit is Ctrl-C on `logs -f`: the stack is still up.
      if (current.state !== "running") continue;
      current =
        code === "0"
          ? { text: `$(check) ${t("{0}: done", title)}`, state: "done" }
          : { text: `$(error) ${t("{0}: failed (exit {1})", title, code)}`, state: "failed" };
    }
  }
  return current;
}

/**
 * `sh -c TERMINAL_WRAPPER mlops SCRIPT`: runs the script, appends `exit N` to the status file and
 * keeps the terminal open until Enter, so the output stays readable. Its INT trap is a handler,
 * not an ignore (which the child would inherit): Ctrl-C stops the script (`logs -f`), not the wrapper.
 */
export const TERMINAL_WRAPPER =
  `trap ':' INT; sh "$1"; s=$?; printf 'exit %s\\n' "$s" >>"$MLOPS_STATUS_FILE"; echo; ` +
  `if [ "$s" = 0 ]; then echo '[MLOps] finished.'; else echo "[MLOps] stopped (exit $s)."; fi; ` +
  `printf 'Press Enter to close this terminal. '; read _; exit "$s"`;

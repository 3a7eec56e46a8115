/**
 * What the status bar shows while a generated script runs. The scripts append one marker line
 * per event to $MLOPS_STATUS_FILE (`stage 1 3 databases`, `ok 1 3 databases`, `failed ...`,
 * `step down`, `done`) and the terminal wrapper adds `exit N` when the script ends; the extension
 * polls that file. No shell integration needed, so it works with any shell and remote terminal.
 */
export interface Progress {
  text: string;
  state: "running" | "done" | "failed";
}

const STEPS: Record<string, string> = {
  down: "down -v",
  prune: "docker system prune",
};

export function describeProgress(title: string, status: string): Progress {
  const lines = status.split("\n").filter((l) => l.trim() !== "");
  let current: Progress = { text: `$(sync~spin) ${title}`, state: "running" };
  for (const line of lines) {
    const [word, ...rest] = line.trim().split(" ");
    if (word === "stage" || word === "ok") {
      const [i, n, ...name] = rest;
      current = { text: `$(sync~spin) ${title} [${i}/${n}] ${name.join(" ")}`, state: "running" };
    } else if (word === "failed") {
      const [i, n, ...name] = rest;
      current = { text: `$(error) ${title}: stage ${i}/${n} ${name.join(" ")} failed`, state: "failed" };
    } else if (word === "step") {
      current = { text: `$(sync~spin) ${title}: ${STEPS[rest[0]] ?? rest.join(" ")}`, state: "running" };
    } else if (word === "done") {
      current = { text: `$(check) ${title}: up`, state: "done" };
    } else if (word === "exit") {
      const code = rest[0];
      // After `done`, a non-zero exit is Ctrl-C on `logs -f`: the stack is still up.
      if (current.state !== "running") continue;
      current =
        code === "0"
          ? { text: `$(check) ${title}: done`, state: "done" }
          : { text: `$(error) ${title}: failed (exit ${code})`, state: "failed" };
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

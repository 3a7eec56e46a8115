/**
 * The plan as a runnable POSIX sh script. Every name and path that comes from the compose
 * file or the caller is quoted with shQuote (or, in comments, stripped of line breaks);
 * service names were already checked against compose's own name rule by buildPlan.
 *
 * The script detects the compose CLI at run time (`docker compose`, v2 and later, or the
 * standalone `docker-compose`, which for 1.x has no `--wait`) unless one is given, probes
 * `up --help` for `--wait-timeout` instead of comparing versions, and otherwise polls each
 * container with `docker inspect`. Progress goes to stdout, one line per event; when
 * MLOPS_STATUS_FILE is set, a machine-readable marker per stage is appended to that file (the
 * VS Code extension shows it in the status bar).
 */
import type { Locale } from "../l10n/locale";
import { shQuote } from "../parse/shell";
import { planMessages as m } from "./messages";
import type { Plan, PlannedService, Stage } from "./plan";

export interface ScriptOptions {
  /** The compose CLI as words ("docker compose", "docker-compose"); detected at run time when absent. */
  composeCommand?: string | readonly string[];
  /** How long each stage may take to become ready (default 120 s). */
  waitTimeoutSeconds?: number;
  /** Seconds between two polls (default 2). */
  pollIntervalSeconds?: number;
  /** The language of what the script prints (default English); the commands are the same. */
  locale?: Locale;
}

interface PreludeOptions extends ScriptOptions {
  /** Probe `up --help` for --wait-timeout (only scripts that start stages need it). */
  probeWait?: boolean;
}

export const DEFAULT_WAIT_TIMEOUT = 120;

/** The health template from the compose docs, preceded by the raw state and exit code. */
export const INSPECT_FORMAT =
  "{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}} " +
  '{{index .Config.Labels "com.docker.compose.oneoff"}}';

export function composeWords(command: string | readonly string[] | undefined): string[] | undefined {
  if (command === undefined) return undefined;
  const words = typeof command === "string" ? command.trim().split(/\s+/) : [...command];
  const clean = words.filter((w) => w !== "");
  return clean.length > 0 ? clean : undefined;
}

/** A word in command position: a bare `A=B` there would be an assignment, so it is always quoted. */
function commandWord(w: string): string {
  return w.includes("=") ? `'${w.replace(/'/g, "'\\''")}'` : shQuote(w);
}

/** A line of output whose text may hold anything (echo would interpret backslashes). */
export function say(text: string, toStderr = false): string {
  return `printf '%s\\n' ${shQuote(text)}${toStderr ? " >&2" : ""}`;
}

/** Text for a `#` comment: no line break may end the comment early. */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, "?");
}

/** The global options every compose call gets, already quoted. */
function globalOptions(plan: Plan): string {
  const parts = ["-f", shQuote(plan.file)];
  for (const f of plan.overrides ?? []) parts.push("-f", shQuote(f));
  for (const f of plan.envFiles ?? []) parts.push("--env-file", shQuote(f));
  parts.push("--project-directory", shQuote(plan.projectDirectory));
  if (plan.projectName) parts.push("-p", shQuote(plan.projectName));
  for (const p of plan.profiles) parts.push("--profile", shQuote(p));
  return parts.join(" ");
}

/** The compose call prefix as a human would type it (for the JSON and text output). */
export function composePrefix(plan: Plan, command?: string | readonly string[]): string {
  const words = composeWords(command) ?? ["docker", "compose"];
  return `${words.map(commandWord).join(" ")} ${globalOptions(plan)}`;
}

function pgReadyArgs(s: PlannedService, timeout = 3): string {
  const pg = s.pgReady!;
  const parts = ["pg_isready", "-h", "127.0.0.1", "-p", String(pg.port)];
  if (pg.user !== undefined) parts.push("-U", shQuote(pg.user));
  if (pg.database !== undefined) parts.push("-d", shQuote(pg.database));
  parts.push("-t", String(timeout));
  return parts.join(" ");
}

/**
 * The HTTP probe run inside a container (MLflow's /health). Python, not curl or wget: the
 * official MLflow image (ghcr.io/mlflow/mlflow, python:3.10-slim-bullseye + pip) has neither
 * (knowledge/mlflow.ts, MLFLOW_IMAGE), and every MLflow server runs on a Python. The URL is an
 * argument (sys.argv[1]), never part of the code; urlopen raises on a refused connection, a
 * timeout or a non-2xx answer, so the exit code is 0 only for a healthy server.
 */
export const HTTP_PROBE_PY = "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)";

function httpProbeArgs(s: PlannedService, python = "python"): string {
  return `${python} -c ${shQuote(HTTP_PROBE_PY)} ${shQuote(s.httpReady!.url)}`;
}

/** The commands a stage amounts to, one per line, runnable by hand (the script adds the loop). */
export function stageCommands(plan: Plan, stage: Stage, command?: string | readonly string[]): string[] {
  const dc = composePrefix(plan, command);
  const names = stage.services.map((s) => shQuote(s.name)).join(" ");
  const out = [`${dc} up -d --no-deps ${names}`];
  for (const s of stage.services) {
    if (s.mode === "done")
      out.push(
        `docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' $(${dc} ps -a -q ${shQuote(s.name)})`,
      );
    else
      out.push(
        `docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' $(${dc} ps -q ${shQuote(s.name)})`,
      );
    if (s.pgReady) out.push(`${dc} exec -T ${shQuote(s.name)} ${pgReadyArgs(s)}`);
    if (s.httpReady) out.push(`${dc} exec -T ${shQuote(s.name)} ${httpProbeArgs(s)}`);
  }
  return out;
}

function positiveInt(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.ceil(n) : fallback;
}

/** The lines of a failed `docker info` that name why (the rest is client info or a traceback). */
const DAEMON_CAUSE =
  "cannot connect|permission denied|connection refused|no such file|error during connect|is the docker daemon running";
export const HINT_PERMISSION = m.hintPermission("en");
export const HINT_DOWN = m.hintDown("en");

/** Exit status of a script that found no Docker daemon to talk to (EX_UNAVAILABLE). */
export const NO_DAEMON_EXIT = 69;

/**
 * Does the Docker daemon answer? Asked once, before anything runs: without it every compose call
 * fails on its own ("Cannot connect to the Docker daemon", and a Python traceback per call from
 * Compose v1), and nothing of it says what to do. One message on stderr, a `nodocker KIND CAUSE`
 * marker for the editor (KIND: `permission` or `down`), exit NO_DAEMON_EXIT.
 */
function daemonPreflight(l: Locale): string[] {
  return [
    "# The Docker daemon must answer before anything runs (one clear message instead of every",
    '# compose call failing with its own "Cannot connect").',
    "if command -v docker >/dev/null 2>&1; then",
    "  mlops_daemon_err=$(docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null)",
    "else",
    "  mlops_daemon_err=$(mlops_dc ps -q 2>&1 >/dev/null)",
    "fi",
    "mlops_daemon_rc=$?",
    'if [ "$mlops_daemon_rc" != 0 ]; then',
    "  # The line that names the cause (the docker CLI prints one; Compose v1 a traceback).",
    `  mlops_cause=$(printf '%s\\n' "$mlops_daemon_err" | grep -i -E ${shQuote(DAEMON_CAUSE)} | tail -n 1)`,
    `  [ -n "$mlops_cause" ] || mlops_cause=$(printf '%s\\n' "$mlops_daemon_err" | grep -v '^[[:space:]]*$' | tail -n 1)`,
    `  [ -n "$mlops_cause" ] || mlops_cause="${m.shDaemonExitCode(l)}"`,
    '  case "$mlops_cause" in',
    "    *[Pp]ermission\\ denied*)",
    "      mlops_kind=permission",
    `      mlops_hint=${shQuote(m.hintPermission(l))} ;;`,
    "    *)",
    "      mlops_kind=down",
    `      mlops_hint=${shQuote(m.hintDown(l))} ;;`,
    "  esac",
    `  echo ${shQuote(m.daemonDown(l))} >&2`,
    `  printf '  %s\\n' "$mlops_cause" "$mlops_hint" >&2`,
    `  if [ -n "\${MLOPS_STATUS_FILE:-}" ]; then printf 'nodocker %s %s\\n' "$mlops_kind" "$mlops_cause" >>"$MLOPS_STATUS_FILE" 2>/dev/null || :; fi`,
    `  exit ${NO_DAEMON_EXIT}`,
    "fi",
  ];
}

/** The shared head of every generated script: variables, CLI detection, helper functions. */
export function scriptPrelude(plan: Plan, title: string, options: PreludeOptions = {}): string[] {
  const timeout = positiveInt(options.waitTimeoutSeconds, DEFAULT_WAIT_TIMEOUT);
  // The poll interval may be fractional (GNU, BSD and busybox sleep accept it; tests use it).
  const p = options.pollIntervalSeconds;
  const poll = p !== undefined && Number.isFinite(p) && p > 0 ? String(p) : "2";
  const words = composeWords(options.composeCommand);
  const l = options.locale ?? "en";
  const lines = [
    "#!/bin/sh",
    `# ${commentText(title)}`,
    `# Compose file: ${commentText(plan.file)}`,
    "# Generated by MLOps Compose Doctor (mlops-compose); regenerate rather than edit.",
    "set -u",
    "",
    `MLOPS_FILE=${shQuote(plan.file)}`,
    `MLOPS_DIR=${shQuote(plan.projectDirectory)}`,
    `MLOPS_TIMEOUT=${timeout}`,
    `MLOPS_POLL=${poll}`,
    "",
  ];
  const opts = [
    '-f "$MLOPS_FILE"',
    ...(plan.overrides ?? []).map((f) => `-f ${shQuote(f)}`),
    ...(plan.envFiles ?? []).map((f) => `--env-file ${shQuote(f)}`),
    '--project-directory "$MLOPS_DIR"',
  ];
  if (plan.projectName) opts.push(`-p ${shQuote(plan.projectName)}`);
  for (const p of plan.profiles) opts.push(`--profile ${shQuote(p)}`);
  const global = opts.join(" ");
  if (words) {
    lines.push(
      "# The compose CLI was given by the caller.",
      `if ! ${words.map(commandWord).join(" ")} version >/dev/null 2>&1; then`,
      `  ${say(m.composeCommandBroken(l, { command: words.join(" ") }), true)}`,
      "  exit 127",
      "fi",
      `mlops_dc() { ${words.map(commandWord).join(" ")} ${global} "$@"; }`,
    );
  } else {
    lines.push(
      "# Compose v2 and later (2.x, 5.x...) is `docker compose`; the standalone `docker-compose` may be v1.",
      "if docker compose version >/dev/null 2>&1; then",
      "  MLOPS_CLI=plugin",
      "elif docker-compose version >/dev/null 2>&1; then",
      "  MLOPS_CLI=standalone",
      "else",
      `  echo ${shQuote(m.composeNotFound(l))} >&2`,
      `  echo ${shQuote(m.composeInstall(l))} >&2`,
      "  exit 127",
      "fi",
      "mlops_dc() {",
      '  if [ "$MLOPS_CLI" = plugin ]; then',
      `    docker compose ${global} "$@"`,
      "  else",
      `    docker-compose ${global} "$@"`,
      "  fi",
      "}",
    );
  }
  lines.push("", ...daemonPreflight(l));
  if (options.probeWait ?? true)
    lines.push(
      "",
      "# Compose v1 has no `up --wait`; v2 before 2.17 has no --wait-timeout: then we poll.",
      "MLOPS_NATIVE_WAIT=no",
      "if mlops_dc up --help 2>/dev/null | grep -q -- '--wait-timeout'; then MLOPS_NATIVE_WAIT=yes; fi",
    );
  lines.push(
    "",
    "MLOPS_PS_FAILS=0",
    "mlops_now() { date +%s; }",
    "mlops_mark() {",
    '  if [ -n "${MLOPS_STATUS_FILE:-}" ]; then printf \'%s\\n\' "$*" >>"$MLOPS_STATUS_FILE" 2>/dev/null || :; fi',
    "}",
    "mlops_esc=$(printf '\\033')",
    "mlops_logs() {",
    `  echo "${m.shLogsBegin(l)}"`,
    "  # Compose v2 (2.26) starts each line with an erase-line escape (ESC[2K), --no-color or not.",
    '  mlops_dc logs --no-color --tail=50 "$1" 2>&1 | sed "s/${mlops_esc}\\[[0-9;]*[A-Za-z]//g"',
    `  echo "${m.shLogsEnd(l)}"`,
    "}",
  );
  return lines;
}

/**
 * The functions that run one stage: start it, then poll each service until it is ready, has
 * failed, or the stage's time is up. They need the plan's services (modes, readiness probes).
 */
export function stageFunctions(plan: Plan, l: Locale = "en"): string[] {
  const services = plan.stages.flatMap((s) => s.services);
  const modeCases = services
    .filter((s) => s.mode === "done")
    .map((s) => `    ${shQuote(s.name)}) echo done ;;`);
  // `docker exec` in the container already found, not `compose exec`: every compose call costs
  // a process start and a parse of the file (1-3 s for the Python compose v1), on every poll.
  const probeCases = services.flatMap((s) =>
    s.pgReady
      ? [
          `    ${shQuote(s.name)}) MLOPS_PROBE=pg_isready MLOPS_PROBE_WAIT=${shQuote(m.pgWaiting(l))}`,
          `      docker exec "$2" ${pgReadyArgs(s)} >/dev/null 2>&1 ;;`,
        ]
      : s.httpReady
        ? [
            `    ${shQuote(s.name)}) MLOPS_PROBE=${shQuote(s.httpReady.label)} MLOPS_PROBE_WAIT=${shQuote(m.httpWaiting(l, { label: s.httpReady.label }))}`,
            `      mlops_http "$2" ${shQuote(s.httpReady.url)} ;;`,
          ]
        : [],
  );
  // A shell variable per service (by its index: names may hold '.' and '-') caches its container ids.
  const keyCases = services.map((s, i) => `    ${shQuote(s.name)}) echo ${i + 1} ;;`);
  return [
    "",
    "# run: running, and healthy if the container has a healthcheck; done: exited with code 0.",
    "mlops_mode() {",
    '  case "$1" in',
    ...modeCases,
    "    *) echo run ;;",
    "  esac",
    "}",
    "",
    "# mlops_http CONTAINER URL: 0 when URL answers 2xx from inside the container. Python, as the",
    "# official MLflow image has no curl or wget; `python3` where there is no `python`.",
    "mlops_http() {",
    `  docker exec "$1" python -c ${shQuote(HTTP_PROBE_PY)} "$2" >/dev/null 2>&1`,
    "  mlops_hrc=$?",
    '  if [ "$mlops_hrc" = 126 ] || [ "$mlops_hrc" = 127 ]; then',
    `    docker exec "$1" python3 -c ${shQuote(HTTP_PROBE_PY)} "$2" >/dev/null 2>&1`,
    "    mlops_hrc=$?",
    "  fi",
    "  return $mlops_hrc",
    "}",
    "",
    "# mlops_probe SERVICE CONTAINER, once the container runs (and is healthy). PostgreSQL: the",
    "# server must accept TCP connections (the init-time server listens on the socket only).",
    "# MLflow: its /health must answer (its dependants start next). Sets MLOPS_PROBE (the tool)",
    "# and MLOPS_PROBE_WAIT (why it is waited for while the probe says no).",
    "mlops_probe() {",
    "  MLOPS_PROBE= MLOPS_PROBE_WAIT=",
    '  case "$1" in',
    ...probeCases,
    "    *) return 0 ;;",
    "  esac",
    "}",
    "",
    "# The variable that caches the container ids of service $1 (MLOPS_CIDS_<index>).",
    "mlops_key() {",
    '  case "$1" in',
    ...keyCases,
    "    *) echo 0 ;;",
    "  esac",
    "}",
    "",
    "# Sets MLOPS_STATE (ok, wait or fail), MLOPS_WHY and MLOPS_WORD for service $1 in mode $2.",
    "# Compose is asked for the service's containers until it has some; the polls then use the",
    "# docker CLI only (`docker inspect`, `docker exec`).",
    "mlops_state() {",
    "  mlops_svc=$1 mlops_md=$2",
    `  MLOPS_STATE=wait MLOPS_WHY=${shQuote(m.noContainerYet(l))} MLOPS_WORD=ready`,
    '  mlops_var=MLOPS_CIDS_$(mlops_key "$mlops_svc")',
    '  eval "mlops_ids=\\${$mlops_var:-}"',
    '  if [ -z "$mlops_ids" ]; then',
    '    if ! mlops_ids=$(mlops_dc ps -a -q "$mlops_svc" 2>/dev/null); then',
    "      # Five failed `ps` in a row: the daemon is gone, waiting longer will not help.",
    `      MLOPS_PS_FAILS=$((MLOPS_PS_FAILS + 1)) MLOPS_WHY="${m.shPsFailed(l)}"`,
    '      [ "$MLOPS_PS_FAILS" -ge 5 ] && MLOPS_STATE=fail',
    "      return",
    "    fi",
    "    MLOPS_PS_FAILS=0",
    '    eval "$mlops_var=\\$mlops_ids"',
    "  fi",
    "  mlops_seen=0 mlops_okn=0 mlops_okids=",
    "  for mlops_id in $mlops_ids; do",
    `    if ! mlops_info=$(docker inspect -f ${shQuote(INSPECT_FORMAT)} "$mlops_id" 2>/dev/null); then`,
    "      # Gone (removed, recreated): ask compose again on the next poll.",
    '      eval "$mlops_var="',
    "      continue",
    "    fi",
    "    set -f; set -- $mlops_info; set +f",
    "    # Containers of `compose run` are not the service's own.",
    '    [ "${4:-False}" = True ] && continue',
    "    mlops_seen=$((mlops_seen + 1))",
    '    if [ "$mlops_md" = done ]; then',
    '      case "$1" in',
    "        exited|dead)",
    '          if [ "${2:-}" = 0 ]; then mlops_okn=$((mlops_okn + 1)) mlops_okids="$mlops_okids $mlops_id"; MLOPS_WORD=completed',
    `          else MLOPS_STATE=fail MLOPS_WHY="${m.shExitedWithCode(l)}"; return; fi ;;`,
    `        *) MLOPS_WHY="${m.shStill(l)}" ;;`,
    "      esac",
    "    else",
    '      case "${3:-}" in',
    '        healthy|running) if [ "$1" = running ]; then mlops_okn=$((mlops_okn + 1)) mlops_okids="$mlops_okids $mlops_id"; MLOPS_WORD=$3; else MLOPS_WHY=$1; fi ;;',
    "        unhealthy) MLOPS_STATE=fail MLOPS_WHY=unhealthy; return ;;",
    `        exited|dead) MLOPS_STATE=fail MLOPS_WHY="${m.shExitedWithCode(l)}"; return ;;`,
    `        *) MLOPS_WHY=\${3:-${m.unknownState(l)}} ;;`,
    "      esac",
    "    fi",
    "  done",
    '  if [ "$mlops_seen" -gt 0 ] && [ "$mlops_okn" -eq "$mlops_seen" ]; then',
    "    mlops_rc=0",
    "    for mlops_id in $mlops_okids; do",
    '      mlops_probe "$mlops_svc" "$mlops_id"',
    "      mlops_rc=$?",
    '      [ "$mlops_rc" = 0 ] || break',
    "    done",
    '    case "$mlops_rc" in',
    "      0) MLOPS_STATE=ok ;;",
    "      1|2) MLOPS_STATE=wait MLOPS_WHY=$MLOPS_PROBE_WAIT ;;",
    "      126|127) MLOPS_STATE=ok ;; # the tool is not in the image: the container state has to do",
    `      *) MLOPS_STATE=fail MLOPS_WHY="${m.shProbeFailed(l)}" ;;`,
    "    esac",
    "  fi",
    "}",
    "",
    "# A service failed: its logs (once), the failed stage (with the stage's other services that",
    "# are not ready yet), a non-zero exit. Nothing later starts.",
    "# mlops_fail SERVICE WHY [PENDING...]",
    "mlops_fail() {",
    "  mlops_bad=$1 mlops_badwhy=$2 mlops_others=",
    "  shift 2",
    '  for mlops_s in "$@"; do [ "$mlops_s" = "$mlops_bad" ] || mlops_others="$mlops_others${mlops_others:+, }$mlops_s"; done',
    `  echo "${m.shServiceFailed(l)}"`,
    '  mlops_logs "$mlops_bad"',
    `  echo "${m.shStageFailed(l)}"`,
    '  mlops_mark "failed $mlops_i $mlops_n $mlops_name"',
    "  exit 1",
    "}",
    "",
    "# mlops_stage INDEX TOTAL NAME WAIT NATIVE SERVICE...",
    "# Both ways of waiting end in the same loop, so both report each service (`postgres is",
    "# healthy after 4s`) and name the one that failed, with its logs: with `up --wait` (Compose",
    "# v2) compose has waited and the loop only reads the outcome; without it, the loop polls.",
    "mlops_stage() {",
    "  mlops_i=$1 mlops_n=$2 mlops_name=$3 mlops_wait=$4 mlops_native=$5",
    "  shift 5",
    "  mlops_list=",
    '  for mlops_s in "$@"; do mlops_list="$mlops_list${mlops_list:+, }$mlops_s"; done',
    '  mlops_mark "stage $mlops_i $mlops_n $mlops_name"',
    `  echo "${m.shStageStarting(l)}"`,
    "  mlops_t0=$(mlops_now)",
    '  if [ "$mlops_native" = yes ] && [ "$MLOPS_NATIVE_WAIT" = yes ]; then',
    '    mlops_dc up -d --no-deps --wait --wait-timeout "$MLOPS_TIMEOUT" "$@"',
    "    mlops_up_rc=$?",
    "  else",
    '    mlops_dc up -d --no-deps "$@"',
    "    mlops_up_rc=$?",
    "  fi",
    "  # `up` may have recreated containers: look them up afresh.",
    '  for mlops_s in "$@"; do eval "MLOPS_CIDS_$(mlops_key "$mlops_s")="; done',
    '  mlops_all="$*" mlops_pending="$*"',
    "  while :; do",
    "    mlops_rest= mlops_why= mlops_failed= mlops_failwhy=",
    "    for mlops_s in $mlops_pending; do",
    '      mlops_state "$mlops_s" "$(mlops_mode "$mlops_s")"',
    '      case "$MLOPS_STATE" in',
    `        ok) echo "${m.shServiceReady(l)}" ;;`,
    '        fail) [ -n "$mlops_failed" ] || mlops_failed=$mlops_s mlops_failwhy=$MLOPS_WHY ;;',
    '        *) mlops_rest="$mlops_rest $mlops_s"; [ -n "$mlops_why" ] || mlops_why=$MLOPS_WHY ;;',
    "      esac",
    "    done",
    "    mlops_pending=$mlops_rest",
    "    set -f; set -- $mlops_pending; set +f",
    '    [ -z "$mlops_failed" ] || mlops_fail "$mlops_failed" "$mlops_failwhy" "$@"',
    '    [ -z "$mlops_pending" ] && break',
    "    mlops_late=$(($(mlops_now) - mlops_t0 >= MLOPS_TIMEOUT))",
    '    if [ "$mlops_late" = 1 ]; then',
    `      mlops_fail "$1" "${m.shTimeout(l)}" "$@"`,
    "    fi",
    "    # `up` failed and no service has failed for certain: name the first one not ready.",
    '    if [ "$mlops_up_rc" != 0 ]; then',
    `      mlops_fail "$1" "${m.shUpFailed(l)}" "$@"`,
    "    fi",
    '    sleep "$MLOPS_POLL"',
    "  done",
    '  if [ "$mlops_up_rc" != 0 ]; then',
    "    # Every service is ready, yet `up` failed: its own output above says why.",
    '    for mlops_s in $mlops_all; do mlops_logs "$mlops_s"; done',
    `    echo "${m.shStageUpFailed(l)}"`,
    '    mlops_mark "failed $mlops_i $mlops_n $mlops_name"',
    "    exit 1",
    "  fi",
    `  echo "${m.shStageDone(l)}"`,
    '  mlops_mark "ok $mlops_i $mlops_n $mlops_name"',
    "}",
  ];
}

/** One `mlops_stage` call per stage. */
export function stageCalls(plan: Plan): string[] {
  const n = plan.stages.length;
  return plan.stages.map((st, i) =>
    [
      "mlops_stage",
      i + 1,
      n,
      shQuote(st.name),
      st.wait,
      st.nativeWait ? "yes" : "no",
      ...st.services.map((s) => shQuote(s.name)),
    ].join(" "),
  );
}

/** The staged start as a complete script. */
export function renderStagedScript(plan: Plan, options: ScriptOptions = {}): string {
  const n = plan.stages.length;
  const summary = plan.stages.map(
    (st, i) =>
      `#   ${i + 1}/${n} ${commentText(st.name)} (${st.wait}): ${st.services.map((s) => s.name).join(" ")}`,
  );
  const skipped = plan.skipped.map((s) => `#   skipped: ${s.service} (${commentText(s.reason)})`);
  // The notes (an order the plan added, a component the stack lacks) are said before stage 1.
  const l = options.locale ?? "en";
  const notes = plan.notes.map((note) => say(m.note(l, { message: note.message })));
  return [
    ...scriptPrelude(plan, "Staged start (MLOps: Staged Up)", options),
    ...stageFunctions(plan, l),
    "",
    "# Stages:",
    ...summary,
    ...skipped,
    ...notes,
    ...stageCalls(plan),
    'mlops_mark "done"',
    say(m.allUp(l, { n })),
    "",
  ].join("\n");
}

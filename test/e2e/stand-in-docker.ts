/**
 * A stand-in `docker` (with its `compose` plugin) and `docker-compose` for the UI tests of the
 * commands that run Compose ("MLOps: Staged Up", "MLOps: Reset Environment"): put first on the
 * terminal's PATH, it records every call (one line each: the program name, then its arguments)
 * and answers as a healthy stack would, so the plan's stage lines run to the end without a Docker
 * daemon. The real engine is test/engine's business.
 *
 * Answers: `version` (Compose v2 style), `up --help` (lists --wait-timeout), `up`/`down`/`logs`
 * (print a line, exit 0; `logs -f` does not block), `ps -q SERVICE` (a fake container id),
 * `exec ... pg_isready ...` (accepting connections), `docker inspect` (running, healthy, not a
 * one-off container), `docker info`/`version`. Anything else: exit 0 quietly.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface StandInDocker {
  /** The folder to put first on PATH. */
  binDir: string;
  /** One line per call: `docker compose -f ... up -d ...`, `docker-compose ...`, `docker inspect ...`. */
  calls(): string[];
  /** The compose subcommands called so far (`up`, `down`, `ps`...), in order, global options skipped. */
  composeSubcommands(): string[];
  /** Down: `docker info` and every call that needs the daemon fail with "Cannot connect", as with Docker stopped. */
  setDaemonDown(down: boolean): void;
}

const CANNOT_CONNECT =
  "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

const COMPOSE = `
# $@: compose arguments (global options first, as the generated scripts pass them).
compose() {
  case " $* " in *" version "*|*" --help "*) ;; *) daemon_check ;; esac
  sub=
  while [ $# -gt 0 ]; do
    case "$1" in
      -f|--file|--project-directory|-p|--project-name|--profile|--env-file|--ansi|--progress) shift 2 ;;
      -*) shift ;;
      *) sub=$1; shift; break ;;
    esac
  done
  case "$sub" in
    version)
      case " $* " in
        *" --short "*) echo "2.29.7" ;;
        *) echo "Docker Compose version v2.29.7 (MLOps Compose Doctor stand-in)" ;;
      esac ;;
    up)
      case " $* " in
        *" --help "*)
          echo "Usage:  docker compose up [OPTIONS] [SERVICE...]"
          echo "      --wait                     Wait for services to be running|healthy."
          echo "      --wait-timeout int         Maximum duration in seconds to wait for the project to be running|healthy"
          return 0 ;;
      esac
      for a in "$@"; do
        case "$a" in -*|[0-9]*) ;; *) echo " Container standin-$a-1  Started (stand-in)" ;; esac
      done ;;
    ps)
      last=
      for a in "$@"; do case "$a" in -*) ;; *) last=$a ;; esac; done
      if [ -n "$last" ]; then echo "standin-$last-1"; fi ;;
    exec)
      case " $* " in
        *" pg_isready "*) echo "127.0.0.1:5432 - accepting connections" ;;
      esac ;;
    down) echo " Stand-in: removed containers, networks and volumes" ;;
    logs) echo "stand-in | no logs (nothing really runs)" ;;
    *) : ;;
  esac
  return 0
}
`;

function script(name: "docker" | "docker-compose", record: string, downFlag: string): string {
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const head = `#!/bin/sh\n# Stand-in ${name} (MLOps Compose Doctor UI tests): records its arguments, answers as a healthy stack.\nprintf '%s\\n' "${name} $*" >> ${q(record)}\ndaemon_check() { if [ -e ${q(downFlag)} ]; then echo ${q(CANNOT_CONNECT)} >&2; exit 1; fi; }\n`;
  if (name === "docker-compose") return `${head}${COMPOSE}\ncompose "$@"\nexit 0\n`;
  return `${head}${COMPOSE}
case "\${1:-}" in
  compose) shift; compose "$@" ;;
  inspect)
    daemon_check
    shift
    ids=
    while [ $# -gt 0 ]; do
      case "$1" in -f|--format|--type) shift 2 ;; -*) shift ;; *) ids="$ids $1"; shift ;; esac
    done
    # The generated scripts' format: state, exit code, health, one-off label.
    for id in $ids; do echo "running 0 healthy False"; done ;;
  version) echo "Docker version 27.3.1, build stand-in" ;;
  info) daemon_check; echo "Server Version: 27.3.1 (stand-in)" ;;
  *) : ;;
esac
exit 0
`;
}

/** Writes the stand-ins into `dir`/bin; the record is `dir`/docker-calls.log. */
export function createStandInDocker(dir: string): StandInDocker {
  const binDir = path.join(dir, "bin");
  const record = path.join(dir, "docker-calls.log");
  const downFlag = path.join(dir, "daemon-down");
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(record, "");
  for (const name of ["docker", "docker-compose"] as const) {
    fs.writeFileSync(path.join(binDir, name), script(name, record, downFlag), { mode: 0o755 });
  }
  const calls = () =>
    fs
      .readFileSync(record, "utf8")
      .split("\n")
      .filter((l) => l !== "");
  return {
    binDir,
    calls,
    setDaemonDown: (down) => {
      if (down) fs.writeFileSync(downFlag, "");
      else fs.rmSync(downFlag, { force: true });
    },
    composeSubcommands: () =>
      calls()
        .map((l) => {
          const words = l.split(" ");
          const args =
            words[0] === "docker" && words[1] === "compose"
              ? words.slice(2)
              : words[0] === "docker-compose"
                ? words.slice(1)
                : null;
          if (!args) return "";
          for (let i = 0; i < args.length; i++) {
            const a = args[i]!;
            if (
              [
                "-f",
                "--file",
                "--project-directory",
                "-p",
                "--project-name",
                "--profile",
                "--env-file",
              ].includes(a)
            )
              i++;
            else if (!a.startsWith("-")) return a;
          }
          return "";
        })
        .filter((s) => s !== ""),
  };
}

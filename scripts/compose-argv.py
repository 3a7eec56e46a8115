"""Prints the argv Compose v1 (docker-compose 1.29, Python) gives each service's container.

`docker-compose config` shows a string `command:` as written; v1 splits it only when it
creates the container. This runs the same code without a daemon: the loader behind
`docker-compose config` (interpolation, validation), then docker-py's `ContainerConfig`,
which is what `client.create_container` builds (it calls `split_command`, i.e.
`shlex.split`, on a string command or entrypoint, and makes a string healthcheck test
`["CMD-SHELL", test]`). Reads [{"dir": D, "file": F}, ...] on stdin and prints, per item,
{"ok": true, "services": {name: {"command": [...], "entrypoint": [...], "healthcheck": [...]}}}
or {"ok": false, "error": "..."}. Run it with the interpreter of the docker-compose script.
"""
import json
import sys

from compose.config import config
from compose.config.environment import Environment
from docker.types import ContainerConfig


def argv_of(item):
    try:
        env = Environment.from_env_file(item["dir"])
        loaded = config.load(config.find(item["dir"], [item["file"]], env, None), True)
        services = {}
        for svc in loaded.services:
            cc = ContainerConfig(
                "1.41",
                svc.get("image", "x"),
                svc.get("command"),
                entrypoint=svc.get("entrypoint"),
                healthcheck=svc.get("healthcheck"),
            )
            out = {}
            if cc.get("Cmd") is not None:
                out["command"] = cc["Cmd"]
            if cc.get("Entrypoint") is not None:
                out["entrypoint"] = cc["Entrypoint"]
            hc = cc.get("Healthcheck")
            if hc and hc.get("Test") is not None:
                out["healthcheck"] = hc["Test"]
            services[svc["name"]] = out
        return {"ok": True, "services": services}
    except BaseException as e:  # ConfigurationError, ValueError from shlex, SystemExit from the loader
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}


def main():
    items = json.load(sys.stdin)
    json.dump([argv_of(i) for i in items], sys.stdout)


if __name__ == "__main__":
    main()

"""Validates many compose files in one process with docker-compose v1's own loader.

`docker-compose -f F config -q` costs ~1.5 s per call, mostly Python start-up and imports;
this runs exactly the same `config.load(config.find(...))` for a batch of files read as a
JSON array on stdin ([{"dir": D, "file": F}, ...]) and prints [{"ok": bool, "error": str}].
Run it with the interpreter of the docker-compose script (Debian's /usr/bin/python3).
"""
import json
import sys

from compose.config import config
from compose.config.environment import Environment


def validate(item):
    try:
        env = Environment.from_env_file(item["dir"])
        config.load(config.find(item["dir"], [item["file"]], env, None), True)
        return {"ok": True, "error": ""}
    except BaseException as e:  # ConfigurationError, YAML errors, SystemExit from the loader
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}


def main():
    items = json.load(sys.stdin)
    json.dump([validate(i) for i in items], sys.stdout)


if __name__ == "__main__":
    main()

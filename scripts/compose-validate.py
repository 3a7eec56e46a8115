"""Validates many compose files in one process with docker-compose v1's own loader.

`docker-compose -f F config -q` costs ~1.5 s per call, mostly Python start-up and imports;
this runs exactly the same `config.load(config.find(...))` for a batch of files read as JSON
on stdin ({"timeout": SECONDS, "items": [{"dir": D, "file": F}, ...]}, or just the list) and
prints [{"ok": bool, "error": str, "timedOut": bool}]. Each file gets SECONDS (default 20)
before an alarm ends it (an alias bomb must not take the batch with it).
Run it with the interpreter of the docker-compose script (Debian's /usr/bin/python3).
"""
import json
import signal
import sys

from compose.config import config
from compose.config.environment import Environment


class Timeout(BaseException):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def validate(item, timeout):
    signal.alarm(timeout)
    try:
        env = Environment.from_env_file(item["dir"])
        config.load(config.find(item["dir"], [item["file"]], env, None), True)
        return {"ok": True, "error": "", "timedOut": False}
    except Timeout:
        return {"ok": False, "error": "no answer within %d s" % timeout, "timedOut": True}
    except BaseException as e:  # ConfigurationError, YAML errors, SystemExit from the loader
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e), "timedOut": False}
    finally:
        signal.alarm(0)


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    data = json.load(sys.stdin)
    if isinstance(data, list):
        data = {"items": data}
    timeout = int(data.get("timeout", 20))
    json.dump([validate(i, timeout) for i in data["items"]], sys.stdout)


if __name__ == "__main__":
    main()

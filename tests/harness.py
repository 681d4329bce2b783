"""What the Python harnesses (bench/run.py, tests/fuzz/run.py, tests/durability/kill9.py) share:
a free loopback port and throw-away PostgreSQL databases next to the admin URL they are given."""

import socket
import subprocess


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_exec(admin_url, sql):
    subprocess.run(["psql", admin_url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True, capture_output=True, text=True)


def pg_url(admin_url, name):
    """The URL of database `name` on the server of `admin_url` (same user, same options)."""
    base, _, query = admin_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (("?" + query) if query else "")

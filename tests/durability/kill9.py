#!/usr/bin/env python3
"""Crash durability check: kill -9 the Tandem server in the middle of writes, restart it on the
same data, and prove that nothing it acknowledged was lost and nothing it stored is dangling.

Per backend (SQLite in a fresh data directory, or a fresh PostgreSQL database created from the
admin URL in TANDEM_TEST_PG_URL and dropped afterwards):

1. start `tandem serve --seed-demo` and sign in as a few demo users (an administrator and
   members), one writer thread each;
2. the writers create tasks, post comments and replies, upload comment attachments, upload new
   files and new versions of existing files (multipart, random bytes of varied sizes; some
   content uploaded again as another file or version to exercise deduplication) through the
   public REST API, and record every write answered 2xx with the id it returned (and for content
   its SHA-256 and the version number);
3. at a random moment of the writing phase the server gets SIGKILL; it is started again on the
   same data and, as the administrator (attachments not yet attached to a comment: as their
   uploader), the check reads everything back:
   - every acknowledged task, comment, attachment, file and file version exists;
   - every version of every file of every touched task (not only the acknowledged ones), every
     attachment of every listed comment and every acknowledged attachment downloads with the
     size and SHA-256 the server lists (and, for acknowledged ones, the bytes that were sent);
   - writes whose answer was lost to the kill may or may not exist; when they do, their content
     must be complete and be the bytes that were sent;
4. repeats for --rounds rounds on the same data (the checks cover everything acknowledged so
   far), then prints one summary line per backend.

Exits 1 when anything acknowledged is missing, anything listed is dangling or corrupt, or the
server did not come back; 2 on a usage or setup error. Standard library only.
"""

import argparse
import collections
import datetime
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tests"))
from harness import free_port, pg_exec, pg_url  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PASSWORD = "Tandem@2026"
ADMIN = "admin@demo.tandem.cn"
# One writer thread per account: the server allows a person 4 uploads at once.
MEMBERS = ["zhangsan", "lisi", "wangwu", "xuming", "mali", "zhaojing", "hejing", "caoying"]
HTTP_TIMEOUT = 30
# Sizes of uploaded content: tiny, small, around the server's 256 KiB write buffer, up to 3 MiB.
SIZES = [(1, 1), (2, 1000), (1001, 65536), (262143, 262145), (65537, 600_000), (600_001, 3 * 1024 * 1024)]
SIZE_WEIGHTS = [4, 25, 30, 8, 23, 10]
# What a writer does next, by weight.
OPS = [("task", 12), ("comment", 24), ("reply", 8), ("attachment", 10), ("file", 20), ("version", 20),
       ("version_same", 6)]


def log(msg):
    print(f"[kill9] {msg}", file=sys.stderr, flush=True)




def sha256(data):
    return hashlib.sha256(data).hexdigest()


class Refused(Exception):
    """The connection was refused: the request never reached a server."""


def call(port, method, path, token=None, body=None, headers=None, timeout=HTTP_TIMEOUT):
    """One request on its own connection. Returns (status, headers, body bytes); raises Refused
    when nothing listens, other OSError / http.client errors when the answer was lost."""
    hdrs = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    if body is not None:
        hdrs["Content-Length"] = str(len(body))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        try:
            conn.connect()
        except ConnectionRefusedError as e:
            raise Refused(str(e)) from e
        conn.request(method, path, body=body, headers=hdrs)
        res = conn.getresponse()
        data = res.read()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, data
    finally:
        conn.close()


def call_json(port, method, path, token=None, body=None, ok=(200,)):
    status, _, data = call(port, method, path, token, body)
    if status not in ok:
        raise RuntimeError(f"{method} {path}: {status} {data[:300]!r}")
    return json.loads(data or b"null")


def multipart(fields, file_name, content):
    boundary = "k9" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():  # text fields before the file part, as the API asks
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode())
    out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n"
               "Content-Type: application/octet-stream\r\n\r\n".encode())
    out.append(content)
    out.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------- the server


class Server:
    def __init__(self, binary, env, log_path):
        self.binary, self.env, self.log_path = binary, env, log_path
        self.port = int(env["TANDEM_BIND"].rsplit(":", 1)[1])
        self.proc = None
        self.starts = 0

    def start(self, seed):
        self.starts += 1
        out = open(self.log_path, "a")
        out.write(f"\n===== start {self.starts} ({time.strftime('%H:%M:%S')}) =====\n")
        out.flush()
        args = [self.binary, "serve"] + (["--seed-demo"] if seed else [])
        self.proc = subprocess.Popen(args, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode} at start:\n{self.log_tail()}")
            try:
                status, _, _ = call(self.port, "GET", "/readyz", timeout=5)
                if status == 200:
                    return
            except (Refused, OSError, http.client.HTTPException):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server was not ready after 180 s:\n{self.log_tail()}")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log_text(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_tail(self, n=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"


# ---------------------------------------------------------------- what was acknowledged


class Ledger:
    """Everything the server answered 2xx, and the writes whose answer was lost."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tasks = {}        # task id -> title
        self.comments = {}     # comment id -> (task id, body, parent id)
        self.attachments = {}  # attachment id -> (task id, sha, size, uploader email, comment id or None)
        self.files = {}        # file id -> {"task": id, "name": str, "versions": {n: (sha, size)}}
        self.sent = {}         # sha -> size of every content ever sent
        self.pool = []         # (sha, bytes) of earlier content, for deduplicated uploads
        self.doubt = []        # (kind, details) of writes whose answer was lost
        self.acked = collections.Counter()
        self.refused = collections.Counter()  # non-2xx answers by "kind status"
        self.refusal_samples = []

    def content(self, rng, reuse):
        with self.lock:
            if reuse and self.pool:
                return rng.choice(self.pool)[1]
        lo, hi = rng.choices(SIZES, SIZE_WEIGHTS)[0]
        data = rng.randbytes(rng.randint(lo, hi))
        with self.lock:
            self.sent[sha256(data)] = len(data)
            if len(data) <= 700_000:
                self.pool.append((sha256(data), data))
                if len(self.pool) > 40:
                    self.pool.pop(rng.randrange(len(self.pool)))
        return data

    def refuse(self, kind, status, body):
        with self.lock:
            self.refused[f"{kind} {status}"] += 1
            if len(self.refusal_samples) < 5:
                self.refusal_samples.append(f"{kind} {status}: {body[:200]!r}")


class Writer(threading.Thread):
    def __init__(self, port, user, everyone, ledger, stop, inflight, rng, tag):
        super().__init__(daemon=True)
        self.port, self.user, self.everyone, self.ledger = port, user, everyone, ledger
        self.stop, self.inflight, self.rng, self.tag = stop, inflight, rng, tag
        self.dead = False  # the server went away under this writer

    def run(self):
        while not self.stop.is_set() and not self.dead:
            with self.ledger.lock:
                have_task = bool(self.ledger.tasks)
                have_file = bool(self.ledger.files)
                have_comment = bool(self.ledger.comments)
            op = self.rng.choices([o for o, _ in OPS], [w for _, w in OPS])[0]
            if not have_task:
                op = "task"
            elif op in ("version", "version_same") and not have_file:
                op = "file"
            elif op == "reply" and not have_comment:
                op = "comment"
            try:
                getattr(self, "op_" + op)()
            except Exception as e:  # noqa: BLE001 - a writer never dies of one bad answer
                self.ledger.refuse(op, "client-error", repr(e).encode())

    def send(self, kind, doubt, method, path, body=None, headers=None, ok=(200, 201)):
        """Sends one write. The parsed answer when 2xx; None when refused or lost (a lost one is
        recorded as in doubt)."""
        with self.ledger.lock:
            self.inflight[kind] += 1
        try:
            status, _, data = call(self.port, method, path, self.user["token"], body, headers)
        except Refused:
            self.dead = True
            return None
        except (OSError, http.client.HTTPException) as e:
            self.dead = True
            with self.ledger.lock:
                self.ledger.doubt.append((kind, dict(doubt, error=type(e).__name__)))
            return None
        finally:
            with self.ledger.lock:
                self.inflight[kind] -= 1
        if status not in ok:
            self.ledger.refuse(kind, status, data)
            return None
        return json.loads(data)

    def pick_task(self):
        with self.ledger.lock:
            return self.rng.choice(list(self.ledger.tasks))

    def op_task(self):
        title = f"崩溃检查 {self.tag} {uuid.uuid4().hex[:12]}"
        due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).replace(microsecond=0)
        body = {
            "scenario": "info_sync",
            "title": title,
            "goal": "kill -9 durability check",
            "owner_id": self.user["id"],
            # Everyone writes to everyone's tasks: the writers are collaborators on each.
            "collaborator_ids": [u["id"] for u in self.everyone if u["id"] != self.user["id"]],
            "due_at": due.isoformat().replace("+00:00", "Z"),
        }
        t = self.send("task", {"title": title}, "POST", "/api/v1/tasks", body)
        if t is not None:
            with self.ledger.lock:
                self.ledger.tasks[t["id"]] = title
                self.ledger.acked["tasks"] += 1

    def comment(self, parent):
        task = parent[0] if parent else self.pick_task()
        text = f"检查评论 {self.tag} `{uuid.uuid4().hex[:12]}` **kill -9**"
        body = {"body": text}
        if parent:
            body["parent_id"] = parent[1]
        c = self.send("comment", {"task": task, "body": text}, "POST", f"/api/v1/tasks/{task}/comments", body)
        if c is not None:
            with self.ledger.lock:
                self.ledger.comments[c["id"]] = (task, text, body.get("parent_id"))
                self.ledger.acked["comments"] += 1
        return c

    def op_comment(self):
        self.comment(None)

    def op_reply(self):
        with self.ledger.lock:
            cid, (task, _, parent) = self.rng.choice(list(self.ledger.comments.items()))
        self.comment((task, parent or cid))

    def op_attachment(self):
        task = self.pick_task()
        data = self.ledger.content(self.rng, reuse=self.rng.random() < 0.3)
        name = f"附件-{uuid.uuid4().hex[:10]}.bin"
        path = f"/api/v1/tasks/{task}/attachments?file_name={urllib.parse.quote(name)}"
        a = self.send("attachment", {"task": task, "sha": sha256(data)}, "POST", path, data,
                      {"Content-Type": "application/octet-stream"})
        if a is None:
            return
        rec = [task, sha256(data), len(data), self.user["email"], None]
        with self.ledger.lock:
            self.ledger.attachments[a["id"]] = rec
            self.ledger.acked["attachments"] += 1
        # Most attachments go on a comment at once; some stay unattached (seen by their uploader).
        if self.rng.random() < 0.8:
            text = f"附件评论 {self.tag} `{uuid.uuid4().hex[:12]}`"
            body = {"body": text, "attachment_ids": [a["id"]]}
            c = self.send("comment", {"task": task, "body": text}, "POST", f"/api/v1/tasks/{task}/comments", body)
            if c is not None:
                with self.ledger.lock:
                    self.ledger.comments[c["id"]] = (task, text, None)
                    self.ledger.acked["comments"] += 1
                    rec[4] = c["id"]

    def check_answer(self, kind, f, data):
        v = f["current_version"]
        if v["sha256"] != sha256(data) or v["size_bytes"] != len(data):
            self.ledger.refuse(kind, "WRONG-ANSWER", f"sha/size {v['sha256']}/{v['size_bytes']} for {sha256(data)}/{len(data)}".encode())
            return None
        return v["number"]

    def op_file(self):
        task = self.pick_task()
        data = self.ledger.content(self.rng, reuse=self.rng.random() < 0.25)
        name = f"检查文件-{self.tag}-{uuid.uuid4().hex[:10]}.bin"
        body, ctype = multipart({"name": name, "note": "初版"}, name, data)
        f = self.send("file", {"task": task, "name": name, "sha": sha256(data)}, "POST",
                      f"/api/v1/tasks/{task}/files", body, {"Content-Type": ctype})
        if f is None:
            return
        number = self.check_answer("file", f, data)
        if number is not None:
            with self.ledger.lock:
                self.ledger.files[f["id"]] = {"task": task, "name": name, "versions": {number: (sha256(data), len(data))}}
                self.ledger.acked["files"] += 1
                self.ledger.acked["versions"] += 1  # its version 1

    def version(self, same):
        with self.ledger.lock:
            ids = list(self.ledger.files)
            # Half the time one of the newest files: writers then race for the same file.
            file_id = self.rng.choice(ids[-3:] if self.rng.random() < 0.5 else ids)
            current = self.ledger.files[file_id]["versions"]
            last_sha = current[max(current)][0]
        data = None
        if same:  # the bytes of the file's newest acknowledged version again
            with self.ledger.lock:
                data = next((d for sha, d in self.ledger.pool if sha == last_sha), None)
        if data is None:
            data = self.ledger.content(self.rng, reuse=self.rng.random() < 0.3)
        body, ctype = multipart({"note": f"修订 {self.tag}"}, "v.bin", data)
        f = self.send("version", {"file": file_id, "sha": sha256(data)}, "POST",
                      f"/api/v1/files/{file_id}/versions", body, {"Content-Type": ctype})
        if f is None:
            return
        number = self.check_answer("version", f, data)
        if number is not None:
            with self.ledger.lock:
                self.ledger.files[file_id]["versions"][number] = (sha256(data), len(data))
                self.ledger.acked["versions"] += 1

    def op_version(self):
        self.version(False)

    def op_version_same(self):
        self.version(True)


# ---------------------------------------------------------------- reading back


class Verdict:
    def __init__(self):
        self.verified = collections.Counter()
        self.missing = []
        self.dangling = []
        self.corrupt = []
        self.doubt_present = 0
        self.doubt_absent = 0
        self.doubt_unknowable = 0


def pages(port, token, path):
    cursor = None
    while True:
        sep = "&" if "?" in path else "?"
        url = path + (f"{sep}cursor={urllib.parse.quote(cursor)}" if cursor else "")
        page = call_json(port, "GET", url, token)
        yield from page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return


def download(port, token, path):
    """(status, bytes) of a download; a transport error counts as status 0."""
    try:
        status, _, data = call(port, "GET", path, token, timeout=60)
        return status, data
    except (Refused, OSError, http.client.HTTPException) as e:
        return 0, repr(e).encode()


def verify(port, admin, tokens, ledger):
    v = Verdict()
    with ledger.lock:
        tasks = dict(ledger.tasks)
        comments = dict(ledger.comments)
        attachments = {k: list(a) for k, a in ledger.attachments.items()}
        files = {k: {"task": f["task"], "name": f["name"], "versions": dict(f["versions"])} for k, f in ledger.files.items()}
        sent = dict(ledger.sent)
        doubt = list(ledger.doubt)
    touched = set(tasks) | {c[0] for c in comments.values()} | {f["task"] for f in files.values()} \
        | {a[0] for a in attachments.values()} | {d["task"] for _, d in doubt if "task" in d}

    for tid, title in tasks.items():
        status, _, data = call(port, "GET", f"/api/v1/tasks/{tid}", admin)
        if status == 200 and json.loads(data)["title"] == title:
            v.verified["tasks"] += 1
        else:
            v.missing.append(f"task {tid} ({title}): GET answered {status}")

    listed_comments = {}  # id -> comment as listed
    listed_files = {}     # id -> file as listed
    for tid in sorted(touched):
        status, _, _ = call(port, "GET", f"/api/v1/tasks/{tid}", admin)
        if status == 404:
            continue  # an in-doubt task that was not created (acknowledged ones were counted above)
        for c in pages(port, admin, f"/api/v1/tasks/{tid}/comments?limit=100"):
            for x in [c] + c.get("replies", []):
                listed_comments[x["id"]] = x
        for f in pages(port, admin, f"/api/v1/tasks/{tid}/files?limit=100"):
            listed_files[f["id"]] = f

    for cid, (tid, body, parent) in comments.items():
        c = listed_comments.get(cid)
        if c is None:
            v.missing.append(f"comment {cid} on task {tid}: not listed")
        elif c["body"] != body or c["task_id"] != tid or c.get("parent_id") != parent:
            v.corrupt.append(f"comment {cid}: listed as {c['body']!r} (parent {c.get('parent_id')}), sent {body!r}")
        else:
            v.verified["comments"] += 1

    # Every attachment of every listed comment downloads whole.
    for c in listed_comments.values():
        for a in c.get("attachments", []):
            status, data = download(port, admin, a["url"] if a["url"].startswith("/") else "/" + a["url"])
            if status != 200:
                v.dangling.append(f"attachment {a['id']} of comment {c['id']}: download answered {status} {data[:120]!r}")
            elif len(data) != a["size_bytes"]:
                v.dangling.append(f"attachment {a['id']}: {len(data)} bytes, listed {a['size_bytes']}")
            elif sha256(data) not in sent:
                v.corrupt.append(f"attachment {a['id']}: content that was never sent ({sha256(data)})")
            else:
                v.verified["listed attachments"] += 1
    for aid, (tid, sha, size, email, cid) in attachments.items():
        status, data = download(port, tokens[email], f"/api/v1/attachments/{aid}")
        if status != 200:
            v.missing.append(f"attachment {aid} (task {tid}, by {email}, comment {cid}): download answered {status} {data[:120]!r}")
        elif sha256(data) != sha or len(data) != size:
            v.corrupt.append(f"attachment {aid}: got {len(data)} bytes {sha256(data)}, sent {size} {sha}")
        else:
            v.verified["attachments"] += 1

    # Every version of every file of the touched tasks downloads with the bytes it lists.
    listed_versions = {}  # (file id, n) -> version
    whole = set()         # (file id, n) whose download matched
    for fid, f in listed_files.items():
        versions = call_json(port, "GET", f"/api/v1/files/{fid}/versions", admin)["items"]
        numbers = sorted(x["number"] for x in versions)
        if not numbers or f["current_version"]["number"] != numbers[-1]:
            v.corrupt.append(f"file {fid}: current version {f['current_version']['number']}, versions {numbers}")
        if numbers != list(range(1, len(numbers) + 1)):
            v.corrupt.append(f"file {fid}: version numbers {numbers} are not 1..{len(numbers)}")
        for x in versions:
            listed_versions[(fid, x["number"])] = x
            status, data = download(port, admin, f"/api/v1/files/{fid}/versions/{x['number']}/content")
            if status != 200:
                v.dangling.append(f"file {fid} version {x['number']} ({x['sha256']}): download answered {status} {data[:120]!r}")
            elif len(data) != x["size_bytes"] or sha256(data) != x["sha256"]:
                v.dangling.append(f"file {fid} version {x['number']}: got {len(data)} bytes {sha256(data)}, "
                                  f"listed {x['size_bytes']} {x['sha256']}")
            elif x["sha256"] not in sent:
                v.corrupt.append(f"file {fid} version {x['number']}: content that was never sent ({x['sha256']})")
            else:
                v.verified["listed versions"] += 1
                whole.add((fid, x["number"]))

    for fid, f in files.items():
        if fid not in listed_files:
            v.missing.append(f"file {fid} ({f['name']}) on task {f['task']}: not listed")
            continue
        if listed_files[fid]["name"] != f["name"]:
            v.corrupt.append(f"file {fid}: named {listed_files[fid]['name']!r}, sent {f['name']!r}")
        v.verified["files"] += 1
        for n, (sha, size) in f["versions"].items():
            x = listed_versions.get((fid, n))
            if x is None:
                v.missing.append(f"file {fid} version {n} ({sha}): not listed")
            elif x["sha256"] != sha or x["size_bytes"] != size:
                v.corrupt.append(f"file {fid} version {n}: lists {x['size_bytes']} {x['sha256']}, acknowledged {size} {sha}")
            elif (fid, n) in whole:
                v.verified["versions"] += 1  # listed and downloaded whole above

    # Writes whose answer was lost: either absent, or present and complete.
    acked_versions = {(fid, n) for fid, f in files.items() for n in f["versions"]}
    for kind, d in doubt:
        present = False
        if kind == "task":
            q = urllib.parse.quote(d["title"].rsplit(" ", 1)[1])
            present = any(t["title"] == d["title"] for t in pages(port, admin, f"/api/v1/tasks?q={q}&limit=100"))
        elif kind == "comment":
            present = any(c["body"] == d["body"] and c["task_id"] == d["task"] for c in listed_comments.values())
        elif kind == "attachment":
            # Its id never came back, and only a comment naming it (sent after the answer) would
            # list it: it cannot be looked up. Its blob, if any, is named by nothing visible.
            v.doubt_unknowable += 1
            continue
        elif kind == "file":
            for f in listed_files.values():
                if f["task_id"] == d["task"] and f["name"] == d["name"]:
                    present = True
                    x = listed_versions.get((f["id"], 1))
                    if x is None or x["sha256"] != d["sha"]:
                        v.corrupt.append(f"in-doubt file {f['id']} ({d['name']}): version 1 is "
                                         f"{x and x['sha256']}, sent {d['sha']}")
        elif kind == "version":
            present = any(fid == d["file"] and (fid, n) not in acked_versions and x["sha256"] == d["sha"]
                          for (fid, n), x in listed_versions.items())
        if present:
            v.doubt_present += 1
        else:
            v.doubt_absent += 1
    return v


# ---------------------------------------------------------------- one backend


def count_files(path):
    return sum(len(names) for _, _, names in os.walk(path))






def login(port, email):
    t = call_json(port, "POST", "/api/v1/auth/login", body={"email": email, "password": PASSWORD})
    return {"email": email, "id": t["user"]["id"], "token": t["access_token"]}


def run_backend(backend, args, binary):
    """Runs the rounds on one backend; returns (ok, summary line)."""
    work = tempfile.mkdtemp(prefix=f"tandem-kill9-{backend}-")
    data_dir = os.path.join(work, "data")
    os.makedirs(data_dir, mode=0o700)
    pg_db = None
    admin_url = os.environ.get("TANDEM_TEST_PG_URL")
    if backend == "sqlite":
        db_url = "sqlite://" + os.path.join(data_dir, "tandem.db")
    else:
        pg_db = f"tandem_kill9_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        db_url = pg_url(admin_url, pg_db)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(
        TANDEM_DATABASE_URL=db_url,
        TANDEM_DATA_DIR=data_dir,
        TANDEM_BIND=f"127.0.0.1:{port}",
        TANDEM_JWT_SECRET="kill9-secret-kill9-secret-kill9-secret",
        TANDEM_ACCESS_TOKEN_TTL_SECS="86400",
        TANDEM_LOGIN_MAX_FAILURES="1000",
        TANDEM_LOGIN_ADDRESS_MAX_FAILURES="1000",
        TANDEM_LOG="warn",
    )
    server = Server(binary, env, os.path.join(work, "server.log"))
    ledger = Ledger()
    rng = random.Random(f"{args.seed}-{backend}")
    totals = Verdict()
    failed = False
    started = time.monotonic()
    kills = []
    leftovers = 0
    pg_created = False
    try:
        if pg_db:
            pg_exec(admin_url, f'CREATE DATABASE "{pg_db}"')
            pg_created = True
        log(f"{backend}: starting on {db_url} (work dir {work})")
        server.start(seed=True)
        for rnd in range(1, args.rounds + 1):
            users = [login(port, ADMIN)] + [login(port, f"{m}@demo.tandem.cn") for m in MEMBERS[: args.writers - 1]]
            stop = threading.Event()
            inflight = collections.Counter()
            before = collections.Counter(ledger.acked)
            writers = [Writer(port, u, users, ledger, stop, inflight, random.Random(rng.random()), f"r{rnd}w{i}")
                       for i, u in enumerate(users)]
            t0 = time.monotonic()
            for w in writers:
                w.start()
            # A random moment of the writing phase, preferably while content is being uploaded.
            time.sleep(rng.uniform(0.3, 1.0) * args.seconds)
            until = time.monotonic() + 1.0
            while time.monotonic() < until:
                with ledger.lock:
                    if inflight["file"] + inflight["version"] + inflight["attachment"] > 0:
                        break
                time.sleep(0.005)
            with ledger.lock:
                at_kill = {k: n for k, n in inflight.items() if n}
            server.kill9()
            killed_at = time.monotonic() - t0
            stop.set()
            for w in writers:
                w.join(timeout=HTTP_TIMEOUT + 5)
            acked = {k: ledger.acked[k] - before[k] for k in ledger.acked}
            kills.append(killed_at)
            log(f"{backend} round {rnd}: SIGKILL after {killed_at:.1f}s with {at_kill or 'nothing'} in flight; "
                f"acknowledged this round {dict(acked)}")
            server.start(seed=False)
            tokens = {u["email"]: login(port, u["email"])["token"] for u in users}
            v = verify(port, tokens[ADMIN], tokens, ledger)
            log(f"{backend} round {rnd}: verified {dict(v.verified)}; missing {len(v.missing)}, dangling "
                f"{len(v.dangling)}, corrupt {len(v.corrupt)}; in doubt present {v.doubt_present} / absent {v.doubt_absent}")
            for what, items in (("MISSING", v.missing), ("DANGLING", v.dangling), ("CORRUPT", v.corrupt)):
                for line in items[:20]:
                    log(f"  {what}: {line}")
                if len(items) > 20:
                    log(f"  ... and {len(items) - 20} more {what.lower()}")
            totals = v  # each check covers everything acknowledged so far
            leftovers = count_files(os.path.join(data_dir, "blobs", "tmp"))
            log(f"{backend} round {rnd}: {count_files(os.path.join(data_dir, 'blobs')) - leftovers} blobs stored, "
                f"{leftovers} leftover files in blobs/tmp (partial uploads and spares cut off by the kills)")
            if v.missing or v.dangling or v.corrupt:
                failed = True
                if not args.keep_going:
                    break
        server.stop()
    except Exception as e:  # noqa: BLE001 - reported and counted as a failure
        failed = True
        detail = getattr(e, "stderr", "") or ""
        log(f"{backend}: ERROR {type(e).__name__}: {e} {detail}")
        log(f"{backend}: server log tail:\n{server.log_tail()}")
    finally:
        try:
            server.stop()
        except Exception:  # noqa: BLE001
            pass
        panics = server.log_text().count("panicked")
        if failed and args.keep:
            log(f"{backend}: kept {work}" + (f" and database {pg_db}" if pg_created else ""))
        else:
            shutil.rmtree(work, ignore_errors=True)
            if pg_created:
                try:
                    pg_exec(admin_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
                except subprocess.CalledProcessError as e:
                    log(f"{backend}: could not drop {pg_db}: {e.stderr}")
    a = ledger.acked
    refused = ", ".join(f"{k}: {n}" for k, n in sorted(ledger.refused.items())) or "none"
    line = (f"{backend}: {'FAIL' if failed else 'PASS'} rounds={len(kills)}/{args.rounds} "
            f"acked tasks={a['tasks']} comments={a['comments']} attachments={a['attachments']} "
            f"files={a['files']} versions={a['versions']} | verified tasks={totals.verified['tasks']} "
            f"comments={totals.verified['comments']} attachments={totals.verified['attachments']} "
            f"files={totals.verified['files']} versions={totals.verified['versions']} "
            f"listed-versions-downloaded={totals.verified['listed versions']} | missing={len(totals.missing)} "
            f"dangling={len(totals.dangling)} corrupt={len(totals.corrupt)} | in-doubt={len(ledger.doubt)} "
            f"(present {totals.doubt_present}, absent {totals.doubt_absent}, not checkable {totals.doubt_unknowable}) "
            f"| leftover-tmp={leftovers} | non-2xx: {refused} | server panics: {panics} "
            f"| {time.monotonic() - started:.0f}s")
    for s in ledger.refusal_samples:
        log(f"{backend}: non-2xx sample: {s}")
    if not failed and sum(a.values()) == 0:
        failed = True
        line += " | nothing was acknowledged"
    return not failed, line


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    p.add_argument("--binary", default=os.path.join(target, "debug", "tandem"),
                   help="the tandem binary (default: $CARGO_TARGET_DIR/debug/tandem)")
    p.add_argument("--rounds", type=int, default=3, help="kill/restart rounds on the same data")
    p.add_argument("--seconds", type=float, default=8, help="length of each writing phase (the kill falls in it)")
    p.add_argument("--writers", type=int, default=6, help=f"writer threads, one account each (1-{len(MEMBERS) + 1})")
    p.add_argument("--seed", default=None, help="random seed (sizes, operations, kill moments)")
    p.add_argument("--keep", action="store_true", help="keep the data directory and database of a failed backend")
    p.add_argument("--keep-going", action="store_true", help="run the remaining rounds after a failed check")
    args = p.parse_args()
    if not 1 <= args.writers <= len(MEMBERS) + 1 or args.rounds < 1 or args.seconds <= 0:
        p.error("--writers, --rounds or --seconds out of range")
    if args.seed is None:
        args.seed = str(random.randrange(1 << 30))
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        log(f"{binary} not found: build it with `cargo build -p tandem --bin tandem`")
        sys.exit(2)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends:
        if not os.environ.get("TANDEM_TEST_PG_URL"):
            log("PostgreSQL needs an admin URL in TANDEM_TEST_PG_URL")
            sys.exit(2)
        if shutil.which("psql") is None:
            log("PostgreSQL needs psql on PATH")
            sys.exit(2)
    log(f"seed {args.seed}; {args.rounds} rounds of {args.seconds:g}s, {args.writers} writers; binary {binary}")
    # A CI timeout's SIGTERM still stops the server and removes the temporary data.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = [run_backend(b, args, binary) for b in backends]
    for ok, line in results:
        print(f"[kill9] {line}", flush=True)
    sys.exit(0 if all(ok for ok, _ in results) else 1)


if __name__ == "__main__":
    main()

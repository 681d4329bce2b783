#!/usr/bin/env python3
"""The API against its own contract: Schemathesis over openapi.yaml, as an administrator and as a
member, with every check it has.

Starts the server (demo company, SQLite or PostgreSQL) on loopback, creates one of each resource so
that path parameters name things that exist, writes a Schemathesis configuration, and runs `st`
once per role. Fails when Schemathesis reports any failure (5xx, a response that breaks its schema,
a schema-valid request refused or a schema-violating one accepted, a wrong answer to an undeclared
method, ...) or when the server log shows a panic.

    python3 tests/fuzz/run.py --binary target/debug/tandem                # the short run (make test)
    python3 tests/fuzz/run.py --binary target/debug/tandem --long         # make fuzz: more cases, stateful

Schemathesis comes from PyPI (`pip install schemathesis==4.32.5`); `--st` names its `st` command.

Where the contract has rules a JSON schema cannot say (a reference must exist, `to` after `from`, a
URL must be public, a password must be right), a schema-valid request gets 422 with the field
named; `SEMANTIC_422` lists those operations with the reason, and only there is 422 an expected
answer to a schema-valid request. Everywhere, a stale `If-Match` (412) is a valid request's answer.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tests"))
from harness import free_port, pg_exec, pg_url  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "Tandem@2026"
ADMIN = "admin@demo.tandem.cn"
MEMBER = "zhangsan@demo.tandem.cn"

# Operations whose schema-valid requests may be refused with 422, and why.
SEMANTIC_422 = {
    ("POST", "/api/v1/tasks"): "the owner, departments and collaborators must exist and be active; due after start",
    ("POST", "/api/v1/tasks/{task_id}/subtasks"): "the owner must exist; dates within the parent's; depth at most 5",
    ("PATCH", "/api/v1/tasks/{task_id}"): "owners and departments must exist; due after start; status moves follow the workflow",
    ("POST", "/api/v1/tasks/{task_id}/progress"): "the status move must follow the workflow",
    ("POST", "/api/v1/tasks/{task_id}/dependencies"): "the predecessor must be a sibling task",
    ("POST", "/api/v1/tasks/{task_id}/comments"): "mentioned people and departments must exist; a reply's parent must be on the task",
    ("POST", "/api/v1/tasks/{task_id}/meetings"): "participants must exist; the meeting must be in the future",
    ("PATCH", "/api/v1/meetings/{meeting_id}"): "participants must exist; the meeting must be in the future",
    ("PUT", "/api/v1/meetings/{meeting_id}/minutes"): "action items' owners must exist",
    ("POST", "/api/v1/meetings/{meeting_id}/action-items/{item_id}/subtask"): "the action item must have an owner and a due date",
    ("POST", "/api/v1/users"): "the email must be unused; the department and supervisor must exist",
    ("PATCH", "/api/v1/users/{user_id}"): "the department and supervisor must exist; the last administrator stays",
    ("POST", "/api/v1/departments"): "heads and the parent must exist; no cycle",
    ("PATCH", "/api/v1/departments/{department_id}"): "heads and the parent must exist; no cycle",
    ("PATCH", "/api/v1/me"): "the time zone must be a known IANA zone",
    ("POST", "/api/v1/me/password"): "the current password must be right; the new one strong enough",
    ("POST", "/api/v1/robots"): "the URL must be a public address of the platform",
    ("PATCH", "/api/v1/robots/{robot_id}"): "the URL must be a public address of the platform",
    ("POST", "/api/v1/webhooks"): "the URL must be a public address",
    ("POST", "/api/v1/exports"): "each kind needs its own parameters (a task, a period)",
    ("GET", "/api/v1/reports/efficiency"): "a period of at most 366 days, `to` after `from`",
    ("GET", "/api/v1/me/meetings"): "`to` after `from`",
    ("GET", "/api/v1/me/deadlines"): "`to` after `from`",
    ("GET", "/api/v1/audit-events"): "`to` after `from`",
    ("GET", "/api/v1/files"): "`updated_to` not before `updated_from`",
    ("GET", "/api/v1/notifications"): "`kind` lists event kinds (comma-separated)",
    ("POST", "/api/v1/work-calendar/imports"): "the schedule's lines must be readable",
    ("PUT", "/api/v1/work-calendar/{day}"): "a day within 2000–2100",
    ("DELETE", "/api/v1/work-calendar/{day}"): "a day within 2000–2100",
    ("POST", "/api/v1/help-requests"): "the department must exist and differ from the asker's",
    ("PUT", "/api/v1/departments/{department_id}/weekly-summaries/{week}"): "the week must be a Monday",
    ("POST", "/api/v1/files/{file_id}/versions/{number}/restore"): "the version must exist",
    ("PATCH", "/api/v1/files/{file_id}"): "people and departments a file is shared with must exist",
    ("PATCH", "/api/v1/comments/{comment_id}"): "mentioned people must exist",
    ("POST", "/api/v1/tasks/{task_id}/attachments"): "an attachment needs a file name",
    ("POST", "/api/v1/tasks/{task_id}/files"): "`access` must be a FileAccessRequest naming people and departments that exist",
    ("PUT", "/api/v1/tasks/{task_id}/request"): "departments must exist; budget lines share one currency and fit its digits; each kind its own fields",
    ("POST", "/api/v1/tasks/{task_id}/request/submit"): "an approval flow must apply and resolve each step to someone",
    ("POST", "/api/v1/tasks/{task_id}/request/reject"): "the reason must not be blank",
    ("POST", "/api/v1/tasks/{task_id}/request/return"): "the reason must not be blank; the step returned to must be an earlier one",
    ("POST", "/api/v1/tasks/{task_id}/request/transfer"): "the person must exist and not be an approver of the step already",
    ("POST", "/api/v1/tasks/{task_id}/request/add-approver"): "the person must exist and not be an approver of the step already",
    ("POST", "/api/v1/approval-flows"): "people and departments named must exist; a minimum amount needs its currency",
    ("PUT", "/api/v1/approval-flows/{flow_id}"): "people and departments named must exist; a minimum amount needs its currency",
    ("POST", "/api/v1/tasks/{task_id}/collections"): "only info-sync tasks collect; people and departments must exist; a rule's fields fit its kind",
    ("PATCH", "/api/v1/collections/{collection_id}"): "the template must be a file of the task",
    ("POST", "/api/v1/collection-submissions/{submission_id}/files"): "the collection takes files of its types",
    ("POST", "/api/v1/collection-submissions/{submission_id}/submit"): "answers fit the collection's form; its files are uploaded",
    ("POST", "/api/v1/tasks/{task_id}/complete"): "a subtask is done through its progress; the outcome must not be blank",
    ("POST", "/api/v1/tasks/{task_id}/archive"): "a subtask goes into the library with its top-level task",
    ("POST", "/api/v1/tasks/{task_id}/reopen"): "the reason must not be blank",
    ("PUT", "/api/v1/tasks/{task_id}/tags"): "a task is tagged once it is done, at the top level; tags have at most 30 characters",
    ("POST", "/api/v1/cases/{case_id}/reuse"): "files must be files of the case the caller may read; the new deadline must leave the dates in order",
}

# Operations that report on a call to someone else's server: 502 (documented) when it refused.
GATEWAY_502 = {
    ("POST", "/api/v1/robots/{robot_id}/test"): "the test message is sent now; 502 says the platform refused it",
}


def log(msg):
    print(f"[fuzz] {msg}", file=sys.stderr, flush=True)




class Api:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, token=None, body=None, headers=None, raw=None, content_type=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type or "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                text = res.read()
                return res.status, dict(res.headers), (json.loads(text) if text[:1] in (b"{", b"[") else text)
        except urllib.error.HTTPError as e:
            raise SystemExit(f"fixture {method} {path} failed: {e.code} {e.read()[:400]!r}") from None

    def login(self, email):
        _, _, body = self.call("POST", "/api/v1/auth/login", body={"email": email, "password": PASSWORD})
        return body["access_token"]


def multipart(name, content):
    boundary = uuid.uuid4().hex
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        f"Content-Type: text/plain\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def fixtures(api, admin, member):
    """One of each resource, owned so that both roles have something to act on."""
    _, _, me = api.call("GET", "/api/v1/me", member)
    _, _, admin_me = api.call("GET", "/api/v1/me", admin)
    dept = me["department_id"]
    _, _, depts = api.call("GET", "/api/v1/departments?limit=100", admin)
    other = next(d["id"] for d in depts["items"] if d["id"] != dept)
    now = dt.datetime.now(dt.timezone.utc)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    _, _, task = api.call("POST", "/api/v1/tasks", admin, {
        "scenario": "cross_department", "title": "接口契约测试", "owner_id": me["id"],
        "due_at": iso(now + dt.timedelta(days=30)), "department_ids": [dept, other],
    })
    _, _, sub = api.call("POST", f"/api/v1/tasks/{task['id']}/subtasks", member, {
        "title": "子任务", "owner_id": me["id"], "due_at": iso(now + dt.timedelta(days=20)),
    })
    _, _, comment = api.call("POST", f"/api/v1/tasks/{task['id']}/comments", member, {"body": "第一条评论"})
    raw, ct = multipart("数据.txt", b"first version\n")
    _, _, file = api.call("POST", f"/api/v1/tasks/{task['id']}/files", member, raw=raw, content_type=ct)
    _, _, meeting = api.call("POST", f"/api/v1/tasks/{task['id']}/meetings", member, {
        "title": "启动会", "starts_at": iso(now + dt.timedelta(days=2)), "duration_minutes": 60,
        "participant_ids": [me["id"]],
    })
    _, _, robot = api.call("POST", "/api/v1/robots", admin, {
        "name": "销售群", "platform": "dingtalk", "department_id": dept,
        "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=fuzz",
    })
    _, _, hook = api.call("POST", "/api/v1/webhooks", admin, {
        "url": "https://hooks.example.com/tandem", "event_types": ["task_commented"],
    })
    _, _, target = api.call("POST", "/api/v1/users", admin, {
        "email": f"fuzz-{uuid.uuid4().hex[:8]}@demo.tandem.cn", "name": "契约测试", "password": "Fuzz-Target-2026!",
        "role": "member", "department_id": dept,
    })
    _, _, token = api.call("POST", "/api/v1/me/tokens", member, {"name": "fuzz", "expires_in_days": 30})
    _, _, flow = api.call("POST", "/api/v1/approval-flows", admin, {
        "name": "契约测试审批流", "steps": [{"name": "审批", "mode": "any",
                                          "approvers": [{"kind": "user", "user_id": admin_me["id"]}]}],
    })
    _, _, sync = api.call("POST", "/api/v1/tasks", admin, {
        "scenario": "info_sync", "title": "月度数据同步", "owner_id": admin_me["id"],
        "due_at": iso(now + dt.timedelta(days=60)), "department_ids": [dept],
    })
    api.call("POST", f"/api/v1/tasks/{sync['id']}/publish", admin, {})
    _, _, collection = api.call("POST", f"/api/v1/tasks/{sync['id']}/collections", admin, {
        "title": "经营数据", "spec": {"files": {"min_files": 0, "max_files": 3}},
        "submitters": {"people": [me["id"]]}, "schedule": {"kind": "once", "due_at": iso(now + dt.timedelta(days=7))},
    })
    round_id = collection["rounds"][0]["id"]
    _, _, matrix = api.call("GET", f"/api/v1/collection-rounds/{round_id}/submissions", admin)
    _, _, case = api.call("POST", "/api/v1/tasks", admin, {
        "scenario": "cross_department", "title": "已归档案例", "owner_id": admin_me["id"],
        "due_at": iso(now + dt.timedelta(days=30)), "department_ids": [dept, other], "visibility": "public",
    })
    api.call("POST", f"/api/v1/tasks/{case['id']}/publish", admin, {})
    api.call("POST", f"/api/v1/tasks/{case['id']}/complete", admin, {"outcome": "按期完成"})
    api.call("POST", f"/api/v1/tasks/{case['id']}/archive", admin, {})
    monday = (now + dt.timedelta(days=(7 - now.weekday()) % 7 or 7)).date().isoformat()
    params = {
        "task_id": task["id"], "comment_id": comment["id"], "file_id": file["id"], "number": 1,
        "meeting_id": meeting["id"], "robot_id": robot["id"], "webhook_id": hook["webhook"]["id"],
        "user_id": target["id"], "department_id": dept, "token_id": token["id"], "week": monday,
        "year": now.year, "flow_id": flow["id"], "collection_id": collection["id"], "round_id": round_id,
        "submission_id": matrix["items"][0]["id"], "case_id": case["id"],
    }
    log(f"fixtures: task {task['id']} (subtask {sub['id']}), admin {admin_me['id']}, member {me['id']}")
    return params


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def cursor_lists(doc):
    """Lists with an opaque `cursor`: any string is schema-valid, only cursors the API returned are read."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if any(p.get("name") == "cursor" and p.get("in") == "query" for p in op.get("parameters", [])):
                yield method.upper(), path


def config(params, long_run, doc):
    valid = ["2xx", "3xx", "401", "403", "404", "409", "412", "429"]
    lines = [
        "# Written by tests/fuzz/run.py",
        f"max-stream-events = 1",
        "request-timeout = 25",
        "[generation]",
        f"max-examples = {200 if long_run else 12}",
        "[checks.positive_data_acceptance]",
        f"expected-statuses = {toml_value(valid)}",
        "[checks.missing_required_header]",
        # 428 Precondition Required: a change without If-Match (RFC 6585).
        f"expected-statuses = {toml_value(['400', '401', '403', '406', '415', '422', '428'])}",
        "[parameters]",
    ]
    lines += [f"{k} = {toml_value(v)}" for k, v in params.items()]
    overrides = {}  # (method, path) -> (reasons, {check: statuses})
    def allow(key, why, check, statuses):
        reasons, checks = overrides.setdefault(key, ([], {}))
        reasons.append(why)
        checks[check] = sorted(set(checks.get(check, [])) | set(statuses))
    for key, why in SEMANTIC_422.items():
        allow(key, why, "positive_data_acceptance", valid + ["422"])
    for key in cursor_lists(doc):
        allow(key, "only a cursor the API returned can be read", "positive_data_acceptance", valid + ["422"])
    for key, why in GATEWAY_502.items():
        allow(key, why, "positive_data_acceptance", valid + ["502"])
        allow(key, why, "not_a_server_error", ["2xx", "3xx", "4xx", "502"])
    for (method, path), (reasons, checks) in sorted(overrides.items()):
        # One filter: `include-method` and `include-path` would be two (either would match).
        lines += ["[[operations]]", f"include-name = {toml_value(f'{method} {path}')}"]
        lines += [f"# {why}" for why in reasons]
        lines += [f"checks.{check}.expected-statuses = {toml_value(st)}" for check, st in checks.items()]
    return "\n".join(lines) + "\n"


def run_st(st, schema, base, token, cfg_path, out_dir, role, long_run, phases):
    report = os.path.join(out_dir, f"st-{role}.log")
    cmd = [
        st, "--config-file", cfg_path, "run", schema, "--url", base,
        "-H", f"Authorization: Bearer {token}", "--checks", "all", "--phases", phases,
        # One worker: with two threads Hypothesis 6.170's lambda-description cache races and
        # Schemathesis reports an internal "AST constructor recursion depth mismatch" as a runtime error.
        "--workers", "1", "--seed", "20261204", "--suppress-health-check", "all",
        "--continue-on-failure",
    ]
    if long_run:
        cmd += ["--max-time", "300"]
    log(f"{role}: st run ({phases})")
    started = time.time()
    with open(report, "w") as f:
        rc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=out_dir, env=dict(os.environ, NO_COLOR="1")).returncode
    with open(report) as f:
        text = f.read()
    lines = text.splitlines()
    # On failure show what went wrong (the ERRORS and FAILURES sections, cut), then the SUMMARY.
    sections, current = {}, None
    for l in lines:
        if l.startswith("==="):
            current = next((h for h in ("ERRORS", "FAILURES", "SUMMARY") if f" {h} " in l), None)
        if current and l.strip():
            sections.setdefault(current, []).append(l)
    problems = sections.get("ERRORS", []) + sections.get("FAILURES", [])
    if len(problems) > 150:
        problems = problems[:150] + [f"[... cut; the whole report is {report}]"]
    tail = problems + sections.get("SUMMARY", [])
    cases = next((l.strip() for l in lines if " generated, " in l), "")
    final = next((l.strip("= ") for l in reversed(lines) if l.startswith("===") and " in " in l), "")
    summary = f"{cases}; {final}"
    log(f"{role}: exit {rc} after {time.time() - started:.0f} s: {summary}")
    if rc != 0:
        print("\n".join(tail), file=sys.stderr)
    return rc, summary


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "tandem"))
    p.add_argument("--st", default=shutil.which("st") or "st")
    p.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--long", action="store_true", help="200 examples per operation, stateful phase, 5 min per role and phase")
    p.add_argument("--out", default=None, help="where reports go (default: a temporary directory)")
    args = p.parse_args()

    out_dir = os.path.abspath(args.out or tempfile.mkdtemp(prefix="tandem-fuzz-"))
    os.makedirs(out_dir, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="tandem-fuzz-data-")
    pg_db = None
    if args.backend == "postgres":
        admin_url = os.environ.get("TANDEM_TEST_PG_URL")
        if not admin_url:
            raise SystemExit("PostgreSQL needs TANDEM_TEST_PG_URL")
        pg_db = f"tandem_fuzz_{uuid.uuid4().hex[:8]}"
        pg_exec(admin_url, f'CREATE DATABASE "{pg_db}"')
        db_url = pg_url(admin_url, pg_db)
    else:
        db_url = f"sqlite://{data_dir}/tandem.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ,
               TANDEM_DATABASE_URL=db_url, TANDEM_DATA_DIR=data_dir, TANDEM_BIND=f"127.0.0.1:{port}",
               TANDEM_JWT_SECRET="fuzz-secret-fuzz-secret-fuzz-secret-fuzz", TANDEM_ACCESS_TOKEN_TTL_SECS="86400",
               TANDEM_LOGIN_MAX_FAILURES="100000", TANDEM_LOG="warn", RUST_BACKTRACE="1")
    server_log = os.path.join(out_dir, "server.log")
    server = subprocess.Popen([args.binary, "serve", "--seed-demo"], env=env,
                              stdout=open(server_log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    failures, summaries = [], []
    try:
        api = Api(base)
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"the server exited with {server.returncode}; see {server_log}")
                time.sleep(0.1)
        admin, member = api.login(ADMIN), api.login(MEMBER)
        params = fixtures(api, admin, member)
        cfg_path = os.path.join(out_dir, "schemathesis.toml")
        doc = api.call("GET", "/api/openapi.json")[2]
        with open(cfg_path, "w") as f:
            f.write(config(params, args.long, doc))
        # The stateful phase follows the API's links from what it creates: fixed ids would
        # override the ids it just got back (a token another person owns is not yours to delete).
        stateful_cfg = os.path.join(out_dir, "schemathesis-stateful.toml")
        with open(stateful_cfg, "w") as f:
            f.write(config({}, args.long, doc))
        schema = os.path.join(ROOT, "openapi.yaml")
        runs = [("examples,coverage,fuzzing", cfg_path, "")]
        if args.long:
            runs.append(("stateful", stateful_cfg, "-stateful"))
        for role, token in (("admin", admin), ("member", member)):
            for phases, cfg, suffix in runs:
                rc, summary = run_st(args.st, schema, base, token, cfg, out_dir, role + suffix, args.long, phases)
                summaries.append((role + suffix, summary))
                if rc != 0:
                    failures.append(f"{role}{suffix}: {summary or f'st exited with {rc}'}")
            if server.poll() is not None:
                failures.append(f"the server died (exit {server.returncode})")
                break
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if pg_db:
            pg_exec(os.environ["TANDEM_TEST_PG_URL"], f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
    with open(server_log, errors="replace") as f:
        panics = [l for l in f if "panicked" in l]
    if panics:
        failures.append(f"{len(panics)} panics in the server log, first: {panics[0].strip()}")
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(f"# Schemathesis over openapi.yaml ({args.backend}, {'long' if args.long else 'short'} run)\n\n")
        f.write(f"Command: `python3 tests/fuzz/run.py {' '.join(sys.argv[1:])}`\n\n")
        for role, summary in summaries:
            f.write(f"- {role}: {summary}\n")
        f.write(f"- server panics: {len(panics)}\n- result: {'FAILED: ' + '; '.join(failures) if failures else 'passed'}\n")
    log(f"reports in {out_dir}")
    if failures:
        for f in failures:
            log(f"FAILED {f}")
        sys.exit(1)
    log(f"passed ({args.backend}): 0 failures, 0 panics")


if __name__ == "__main__":
    main()

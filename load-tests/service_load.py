#!/usr/bin/env python3
"""Service load: /v1/verify under many clients holding many API keys, and under abuse (issue 13).

"A service you can expose": the service is started with an API keys file (K verify keys, one route key, one admin
key) on a free loopback port with an in-memory routing store, then, in one run:
  1. key abuse: no key, a wrong key, a route-only key, a 64 KiB Authorization header, a malformed body (each must be
     refused with its 4xx, and the service must stay ready);
  2. a single-client baseline: sequential verifications of canonical solutions, p50;
  3. the mix: C clients for D seconds, each bound to one of the K verify keys, each looping over a mix of passing
     (canonical), failing (HumanEvalPack's buggy solution) and hostile candidates (wrong answers that try to forge a
     pass); a 429 makes the client wait its Retry-After (capped at 5 s) before its next call. Health and the
     service's RSS are sampled every 5 s;
  4. the service is stopped (SIGTERM) and, 30 s later, the containers it labelled are counted (target 0).
Problems are HumanEvalPack Python rows read from ../shared/datasets/humanevalpack (never copied into the project).

Usage: service_load.py [--clients C] [--seconds D] [--keys K] [--soak] [--mix P,F,H] [--out FILE]
                       [--jvm-arg=-Dname=value ...]   (settings for the service it starts, e.g. quotas)
       service_load.py --url URL --key KEY [--key KEY ...] [--route-key KEY] [--pid PID]   (a running service)
Exit code 1 when any check fails, with a sentence saying which.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from arbiter_service import (JAR, ROOT, Lost, bearer, call, engine_answers, new_key, pct, ready, retry_after,
                             start_service as start_arbiter, stop_service, write_keys as write_keys_file)

DATA = os.path.join(ROOT, "..", "shared", "datasets", "humanevalpack", "python", "humanevalpack.jsonl")
LABELS_JAVA = os.path.join(ROOT, "src", "main", "java", "dev", "arbiter", "sandbox", "docker", "SandboxLabels.java")
TIMEOUT = 120
SAMPLE_EVERY = 5


# --- problems and candidates

def load_rows():
    if not os.path.exists(DATA):
        sys.exit(f"HumanEvalPack not found at {DATA}: see README, 'Data'")
    rows = []
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            # As verify_bench.py: buggy solutions that hang or recurse forever would only measure the test timeout
            # (the hostile mix has its own endless loop).
            if row["failure_symptoms"] in ("infinite loop", "stackoverflow"):
                continue
            rows.append(row)
    return rows


def passing(row):
    return row["prompt"] + row["canonical_solution"]


def failing(row):
    return row["prompt"] + row["buggy_solution"]


# Hostile candidates: wrong answers, each trying to make a wrong answer pass. The prompt ends inside the entry
# point's docstring, so a body appended to it is the entry point's body.

def always_equal(row):
    """An object equal to everything, returned from the entry point."""
    return ("class _Agreeable:\n"
            "    def __eq__(self, other):\n        return True\n"
            "    def __ne__(self, other):\n        return False\n"
            "    def __bool__(self):\n        return True\n"
            "    def __lt__(self, other):\n        return False\n"
            "    def __sub__(self, other):\n        return 0.0\n"
            "    __rsub__ = __sub__\n"
            "    __hash__ = object.__hash__\n\n\n"
            + row["prompt"] + "    return _Agreeable()\n")


def exit_zero_at_import(row):
    """Ends the program with status 0 before any test runs."""
    return "import sys\nsys.exit(0)\n\n\n" + row["prompt"] + "    return None\n"


def exit_zero_in_call(row):
    """Ends the process with status 0 from inside the first call, bypassing every handler."""
    return "import os\n\n\n" + row["prompt"] + "    os._exit(0)\n"


def patched_builtins(row):
    """Builtins the tests compare with, made to agree: abs() is 0, isinstance/all/any are True, round is 0."""
    return ("import builtins\n"
            "builtins.abs = lambda x: 0\n"
            "builtins.round = lambda x, n=None: 0\n"
            "builtins.isinstance = lambda obj, cls: True\n"
            "builtins.all = lambda it: True\n"
            "builtins.any = lambda it: True\n\n\n"
            + row["prompt"] + "    return 0\n")


def endless_loop(row):
    """Never answers."""
    return row["prompt"] + "    while True:\n        pass\n"


def fake_report(row):
    """Prints what a passing report might look like, on stdout and stderr, then answers nothing."""
    return ("import json as _json\nimport sys as _sys\n"
            "for _out in (_sys.stdout, _sys.stderr):\n"
            "    _out.write('@@' + '0' * 32 + ' ' + _json.dumps({'t': 'start', 'tests': 1}) + '\\n')\n"
            "    _out.write('@@' + '0' * 32 + ' ' + _json.dumps({'t': 'test', 'name': 'check', 'ok': True}) + '\\n')\n"
            "    _out.write('@@' + '0' * 32 + ' ' + _json.dumps({'t': 'end', 'passed': 1, 'failed': 0}) + '\\n')\n"
            "    _out.write('1 passed, 0 failed\\nALL TESTS PASSED\\n')\n"
            "    _out.flush()\n\n\n"
            + row["prompt"] + "    return None\n")


def silenced_failure(row):
    """Turns the failing assertion's exit into status 0: an exception hook and an exit handler that exit 0."""
    return ("import atexit\nimport os\nimport sys\n"
            "sys.excepthook = lambda *exc: os._exit(0)\n"
            "atexit.register(lambda: os._exit(0))\n\n\n"
            + row["prompt"] + "    return None\n")


HOSTILE = [always_equal, exit_zero_at_import, exit_zero_in_call, patched_builtins, endless_loop, fake_report,
           silenced_failure]


def verify_body(row, code):
    return json.dumps({
        "task": {"id": row["task_id"], "dimension": "code_generation", "language": "python",
                 "prompt": row["prompt"], "tests": row["test"], "entryPoint": row["entry_point"]},
        "response": {"text": "```python\n" + code + "\n```", "model": "load"},
    }).encode()


# --- HTTP (arbiter_service: call, bearer, ready, retry_after, pct, Lost)

def call_past_429(url, path, body, key, timeout=TIMEOUT, attempts=30):
    """A POST that waits out 429s (Retry-After, capped) and tries again, for calls that are not the load itself:
    (status, headers, body, seconds the last attempt took)."""
    for attempt in range(attempts):
        started = time.perf_counter()
        status, headers, data = call(url, "POST", path, body=body, headers=bearer(key), timeout=timeout)
        if status != 429 or attempt == attempts - 1:
            return status, headers, data, time.perf_counter() - started
        time.sleep(retry_after(headers.get("retry-after")))


def verdict_of(data):
    try:
        v = json.loads(data)
        return v.get("status"), v.get("reason")
    except (ValueError, AttributeError):
        return None, None


# --- set-up: engine, image, application, keys, service

def set_up():
    if not engine_answers():
        print("service_load: no Docker engine answers; ./arbiter images (starts one, builds the sandbox images)",
              file=sys.stderr)
        subprocess.run([os.path.join(ROOT, "arbiter"), "images"], cwd=ROOT, check=True)
    else:  # idempotent: up to date in a fraction of a second
        subprocess.run([os.path.join(ROOT, "sandbox-images", "build.sh"), "python"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    newer = subprocess.run(["find", "pom.xml", "src", "-newer", JAR, "-type", "f"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip() if os.path.exists(JAR) else "no jar"
    if newer:
        print("service_load: building the application (mvn -B -q package -DskipTests)", file=sys.stderr)
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)


def write_keys(folder, count):
    """K verify keys, one route key, one admin key."""
    keys = [(f"load-verify-{i + 1:03d}", "verify", new_key()) for i in range(count)]
    keys += [("load-route", "route", new_key()), ("load-admin", "admin", new_key())]
    return write_keys_file(folder, keys, "service_load.py"), keys


def start_service(keys_file, log_path, jvm_args):
    proc, url = start_arbiter(keys_file, log_path, ["-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:load", *jvm_args])
    wait_for_warm_pool(url)
    return proc, url


def wait_for_warm_pool(url, seconds=60):
    """Best effort, so that the baseline is not a cold start: until the Python pool is full, at most a minute."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            checks = json.loads(call(url, "GET", "/q/health/ready", timeout=5)[2])["checks"]
            sandbox = next(c for c in checks if c["name"] == "sandbox")
            idle, target = sandbox["data"]["pool.python"].split()[0].split("/")
            if idle == target:
                return
        except (Lost, KeyError, IndexError, ValueError, StopIteration):
            pass
        time.sleep(0.5)


# --- containers

def label_keys():
    """The sandbox and owner label keys, read from SandboxLabels.java so that a rename is followed."""
    keys = {"SANDBOX": "dev.arbiter.sandbox", "OWNER": "dev.arbiter.owner"}
    try:
        with open(LABELS_JAVA, encoding="utf-8") as f:
            for name, value in re.findall(r'String (SANDBOX|OWNER) = "([^"]+)"', f.read()):
                keys[name] = value
    except OSError:
        pass
    return keys["SANDBOX"], keys["OWNER"]


def docker_ids(*filters):
    args = ["docker", "ps", "-a", "-q"]
    for f in filters:
        args += ["--filter", f]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.split() if out.returncode == 0 else None


def owners_of(pid):
    """The owner label values (host/pid/start) of labelled containers that process pid made."""
    sandbox, owner = label_keys()
    try:
        out = subprocess.run(["docker", "ps", "-a", "--filter", f"label={sandbox}", "--format",
                              '{{.Label "' + owner + '"}}'], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {o for o in out.split() if len(o.split("/")) == 3 and o.split("/")[1] == str(pid)}


def count_left(pid, owners):
    """(this process's labelled containers, every labelled container on the engine)."""
    sandbox, owner = label_keys()
    everything = docker_ids(f"label={sandbox}")
    if everything is None:
        return None, None  # the engine did not answer
    if pid is None:
        return None, len(everything)
    owners = owners | owners_of(pid)
    mine = set()
    for o in owners:
        mine.update(docker_ids(f"label={owner}={o}") or [])
    return len(mine), len(everything)


# --- phase 1: key abuse

def abuse_checks(url, verify_key, route_key, admin_key, sample_body):
    cases = []

    def case(name, expected, accept, key=None, headers=None, body=sample_body, past_429=False):
        h = dict(headers) if headers is not None else bearer(key)
        try:
            if past_429:  # a valid key: a quota's 429 is not the answer under test
                status = call_past_429(url, "/v1/verify", body, key, timeout=60)[0]
            else:
                status = call(url, "POST", "/v1/verify", body=body, headers=h, timeout=60)[0]
            got = str(status)
            ok = accept(status)
        except Lost as e:
            got, ok = f"no answer ({e})"[:80], False
        cases.append({"case": name, "expected": expected, "got": got, "ok": ok})

    case("(a) no Authorization", "401", lambda s: s == 401, headers={})
    case("(b) wrong key", "401", lambda s: s == 401, key=new_key())
    if route_key:
        case("(c) route-only key", "403", lambda s: s == 403, key=route_key)
    else:
        cases.append({"case": "(c) route-only key", "expected": "403", "got": "skipped (no --route-key)", "ok": True})
    huge = "Bearer " + "A" * (64 * 1024 - len("Bearer "))
    case("(d) 64 KiB Authorization header", "4xx (431/400/401)", lambda s: 400 <= s < 500,
         headers={"authorization": huge})
    up = ready(url)
    cases.append({"case": "(d') ready after (d)", "expected": "200", "got": "200" if up else "not ready", "ok": up})
    case("(e) malformed body, valid key", "400", lambda s: s == 400, key=verify_key,
         body=b'{"task": {"id": "x", "language": "python", "prompt": ', past_429=True)
    if admin_key:
        case("(f) admin key (holds verify), control", "200", lambda s: s == 200, key=admin_key, past_429=True)
    return cases


# --- phase 2: single-client baseline

def baseline(url, key, rows, count):
    latencies, passed, other = [], 0, []
    for i in range(count):
        row = rows[i % len(rows)]
        try:
            status, _, data, seconds = call_past_429(url, "/v1/verify", verify_body(row, passing(row)), key)
        except Lost as e:
            other.append(f"{row['task_id']}: {e}")
            continue
        if status == 429:
            other.append(f"{row['task_id']}: still 429 after 30 attempts")
            continue
        latencies.append(seconds)
        verdict, reason = verdict_of(data)
        if status == 200 and verdict == "passed":
            passed += 1
        else:
            other.append(f"{row['task_id']}: HTTP {status} {verdict} {reason}")
    return latencies, passed, other


# --- phase 3: the mix

class Sampler(threading.Thread):
    """Every 5 s: GET /q/health/ready (anything but 200 counts), and the service's VmRSS when its pid is known."""

    def __init__(self, url, pid):
        super().__init__(daemon=True)
        self.url, self.pid = url, pid
        self.stop = threading.Event()
        self.health = []  # (t, ok, what)
        self.rss = []  # (t, kB)

    def run(self):
        while not self.stop.is_set():
            t = time.monotonic()
            try:
                status = call(self.url, "GET", "/q/health/ready", timeout=SAMPLE_EVERY)[0]
                self.health.append((t, status == 200, str(status)))
            except Lost as e:
                self.health.append((t, False, str(e)[:60]))
            if self.pid is not None:
                kb = vm_rss_kb(self.pid)
                if kb is not None:
                    self.rss.append((t, kb))
            self.stop.wait(max(0.0, SAMPLE_EVERY - (time.monotonic() - t)))


def vm_rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def run_mix(url, keys, rows, clients, seconds, weights, seed):
    """C client threads until the deadline; each finishes its call in flight: (records, start, deadline, end)."""
    bodies = {
        "passing": [(r, "canonical", verify_body(r, passing(r))) for r in rows],
        "failing": [(r, "buggy", verify_body(r, failing(r))) for r in rows],
        "hostile": [(r, h.__name__, verify_body(r, h(r))) for r in rows for h in HOSTILE],
    }
    kinds = list(bodies)
    records = []  # dicts, appended by every client (list.append is atomic)
    started = time.monotonic()
    deadline = started + seconds

    def client(index):
        rnd = random.Random(seed * 100003 + index)
        key = keys[index % len(keys)]
        while time.monotonic() < deadline:
            kind = rnd.choices(kinds, weights)[0]
            row, template, body = rnd.choice(bodies[kind])
            t0 = time.perf_counter()
            rec = {"client": index, "kind": kind, "template": template, "task": row["task_id"]}
            try:
                status, headers, data = call(url, "POST", "/v1/verify", body=body, headers=bearer(key))
                rec.update(status=status, latency=time.perf_counter() - t0)
                rec["verdict"], rec["reason"] = verdict_of(data) if status in (200, 503) else (None, None)
                if status == 429:
                    rec["retry_after"] = headers.get("retry-after")
            except Lost as e:
                rec.update(status=None, latency=time.perf_counter() - t0, error=str(e)[:120])
            records.append(rec)
            if rec["status"] == 429:
                time.sleep(min(retry_after(rec.get("retry_after")), max(0.0, deadline - time.monotonic())))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for i, t in enumerate(threads):
        t.start()
        if i % 20 == 19:
            time.sleep(0.05)  # 200 connects at once would measure the accept queue, not the service
    for t in threads:
        t.join()
    return records, started, deadline, time.monotonic()


def window_mean(samples, start, end):
    values = [v for t, v in samples if start <= t <= end]
    return statistics.mean(values) if values else None


# --- report

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, help="concurrent clients (default 200; --soak: 8)")
    ap.add_argument("--seconds", type=float, help="duration of the mix (default 300; --soak: 1800)")
    ap.add_argument("--keys", type=int, default=10, help="verify keys the clients are spread over (default 10)")
    ap.add_argument("--soak", action="store_true", help="a sustainable rate for a long time: 8 clients, 1800 s")
    ap.add_argument("--mix", default="50,30,20", help="passing,failing,hostile weights (default 50,30,20)")
    ap.add_argument("--baseline", type=int, default=20, help="sequential calls of the single-client baseline")
    ap.add_argument("--min-pass-rate", type=float, default=0.95,
                    help="share of answered passing candidates that must pass (default 0.95)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jvm-arg", action="append", default=[],
                    help="extra JVM argument for the started service, written --jvm-arg=-Dname=value (repeatable)")
    ap.add_argument("--url", help="a running service instead of starting one")
    ap.add_argument("--key", action="append", default=[], help="with --url: a verify key (repeatable)")
    ap.add_argument("--route-key", help="with --url: a route-only key for abuse case (c)")
    ap.add_argument("--admin-key", help="with --url: an admin key for the control case (f)")
    ap.add_argument("--pid", type=int, help="with --url: the service's pid, for RSS and its containers")
    ap.add_argument("--out", help="write a JSON summary here")
    args = ap.parse_args()
    clients = args.clients or (8 if args.soak else 200)
    seconds = args.seconds or (1800 if args.soak else 300)
    weights = [float(w) for w in args.mix.split(",")]
    if len(weights) != 3 or min(weights) < 0 or sum(weights) <= 0:
        ap.error("--mix takes three non-negative weights: passing,failing,hostile")
    if args.url and not args.key:
        ap.error("--url needs at least one --key (a verify key)")

    rows = load_rows()
    workdir = None
    proc = None
    log_path = None
    owners = set()
    if args.url:
        labelled_before = count_left(None, set())[1]  # other processes' containers, and the service's pool
        url = args.url.rstrip("/")
        verify_keys, route_key, admin_key, pid = args.key, args.route_key, args.admin_key, args.pid
        if not ready(url):
            sys.exit(f"{url}/q/health/ready does not answer 200")
    else:
        set_up()
        labelled_before = count_left(None, set())[1]  # other processes' containers
        workdir = tempfile.mkdtemp(prefix="arbiter-load-")
        keys_file, keys = write_keys(workdir, args.keys)
        verify_keys = [k for _, role, k in keys if role == "verify"]
        route_key = next(k for _, role, k in keys if role == "route")
        admin_key = next(k for _, role, k in keys if role == "admin")
        log_path = os.path.join(tempfile.gettempdir(), "arbiter-load-service.log")
        proc, url = start_service(keys_file, log_path, args.jvm_arg)
        pid = proc.pid
    if pid is not None:
        owners = owners_of(pid)

    summary = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": os.cpu_count(), "url": url,
               "started_here": proc is not None, "clients": clients, "seconds": seconds, "keys": len(verify_keys),
               "mix": dict(zip(("passing", "failing", "hostile"), weights)),
               "hostile_templates": [h.__name__ for h in HOSTILE], "problems": len(rows)}
    interrupted = False
    sampler = None
    try:
        print(f"service_load: {url}, key abuse", file=sys.stderr)
        abuse = abuse_checks(url, verify_keys[0], route_key, admin_key, verify_body(rows[0], passing(rows[0])))
        print(f"service_load: single-client baseline, {args.baseline} calls", file=sys.stderr)
        base_lat, base_passed, base_other = baseline(url, verify_keys[0], rows, args.baseline)
        print(f"service_load: the mix, {clients} clients x {seconds:g} s over {len(verify_keys)} keys", file=sys.stderr)
        sampler = Sampler(url, pid)
        sampler.start()
        records, mix_start, mix_deadline, mix_end = run_mix(url, verify_keys, rows, clients, seconds, weights,
                                                            args.seed)
    except KeyboardInterrupt:
        interrupted = True
        records, abuse, base_lat, base_passed, base_other = [], locals().get("abuse", []), [], 0, ["interrupted"]
        mix_start = mix_deadline = mix_end = time.monotonic()
    finally:
        if sampler is not None:
            sampler.stop.set()
            sampler.join()
        alive_at_end = proc.poll() is None if proc is not None else ready(url)
        if pid is not None:
            owners |= owners_of(pid)
        stopped = None
        if proc is not None:
            print("service_load: stopping the service (SIGTERM), then 30 s before counting containers", file=sys.stderr)
            stopped = stop_service(proc) if proc.poll() is None else (proc.returncode, 0.0, False)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    if not interrupted:
        time.sleep(30)
    left_mine, left_all = count_left(pid, owners)

    # --- figures
    status_of = [r["status"] for r in records]
    accepted = [r for r in records if r["status"] is not None and 200 <= r["status"] < 300]
    throttled = [r for r in records if r["status"] == 429]
    lost = [r for r in records if r["status"] is None]
    unexpected = [r for r in records if r["status"] is not None and r["status"] // 100 != 2 and r["status"] != 429]
    by_status = {}
    for s in status_of:
        name = str(s) if s is not None else "lost"
        by_status[name] = by_status.get(name, 0) + 1

    def answered(kind):
        return [r for r in accepted if r["kind"] == kind]

    p_ok, f_ok, h_ok = answered("passing"), answered("failing"), answered("hostile")
    pass_rate = sum(r["verdict"] == "passed" for r in p_ok) / len(p_ok) if p_ok else None
    failing_passed = [r for r in f_ok if r["verdict"] == "passed"]
    hostile_passed = [r for r in h_ok if r["verdict"] == "passed"]
    verdicts = {}
    for r in records:
        k = f"{r['kind']}:{r['verdict'] if r.get('verdict') else r['status'] if r['status'] else 'lost'}"
        verdicts[k] = verdicts.get(k, 0) + 1
    reasons_by_template = {}
    for r in h_ok:
        reasons_by_template.setdefault(r["template"], {})
        key = f"{r['verdict']}/{r['reason']}"
        reasons_by_template[r["template"]][key] = reasons_by_template[r["template"]].get(key, 0) + 1
    lat = [r["latency"] for r in accepted]
    lat_passing = [r["latency"] for r in p_ok]
    p50 = pct(lat, 50) if lat else None
    p99 = pct(lat, 99) if lat else None
    base_p50 = pct(base_lat, 50) if base_lat else None
    elapsed = mix_end - mix_start
    health = sampler.health if sampler else []
    health_bad = [h for h in health if not h[1]]
    rss = sampler.rss if sampler else []
    window = 60.0 if seconds >= 180 else seconds / 3
    rss_first = window_mean(rss, mix_start - SAMPLE_EVERY, mix_start + window)  # the first sample comes just before
    rss_last = window_mean(rss, mix_deadline - window, mix_deadline)
    rss_ratio = rss_last / rss_first if rss_first and rss_last else None

    # --- checks: (name, ok or None for not judged, sentence when it fails)
    checks = []
    bad_abuse = [c for c in abuse if not c["ok"]]
    checks.append(("key abuse refused as expected", not bad_abuse,
                   "key abuse: " + "; ".join(f"{c['case']} expected {c['expected']}, got {c['got']}"
                                             for c in bad_abuse)))
    checks.append((f"baseline: {base_passed}/{args.baseline} canonical passed", base_passed == args.baseline,
                   f"the single-client baseline passed {base_passed} of {args.baseline} canonical solutions"
                   + (f" ({base_other[0]})" if base_other else "")))
    checks.append(("mix ran", bool(records) and not interrupted, "the mix made no request (or was interrupted)"))
    checks.append((f"every request answered (lost {len(lost)})", not lost,
                   f"{len(lost)} request(s) got no answer (connection error or {TIMEOUT} s timeout)"
                   + (f", e.g. {lost[0].get('error')}" if lost else "")))
    checks.append((f"status only 2xx or 429 (other {len(unexpected)})", not unexpected,
                   f"{len(unexpected)} answer(s) were neither 2xx nor 429: "
                   + ", ".join(f"{k} x{v}" for k, v in sorted(by_status.items()) if k not in ("lost", "429")
                               and not k.startswith("2")) + (" (503: no sandbox could run it)"
                                                             if any(r["status"] == 503 for r in unexpected) else "")))
    checks.append((f"hostile never passed ({len(hostile_passed)} of {len(h_ok)})", not hostile_passed,
                   f"{len(hostile_passed)} hostile candidate(s) got 'passed': "
                   + ", ".join(sorted({f"{r['template']} on {r['task']}" for r in hostile_passed})[:5])))
    checks.append((f"failing never passed ({len(failing_passed)} of {len(f_ok)})", not failing_passed,
                   f"{len(failing_passed)} buggy solution(s) got 'passed': "
                   + ", ".join(sorted({r["task"] for r in failing_passed})[:5])))
    checks.append((f"passing pass rate >= {args.min_pass_rate:.0%}",
                   pass_rate is not None and pass_rate >= args.min_pass_rate,
                   f"only {pass_rate:.1%} of the answered canonical solutions passed" if pass_rate is not None
                   else "no canonical solution was answered"))
    checks.append((f"ready throughout ({len(health_bad)} of {len(health)} polls not 200)", not health_bad,
                   f"{len(health_bad)} of {len(health)} readiness polls were not 200"
                   + (f" (e.g. {health_bad[0][2]})" if health_bad else "")))
    checks.append(("service still running at the end", alive_at_end, "the service was no longer running at the end"))
    if rss_ratio is None:
        checks.append(("RSS last/first minute within 10%", None, ""))
    elif seconds < 180:
        checks.append((f"RSS last/first {window:.0f} s within 10% (not judged: a run under 180 s)", None, ""))
    else:
        checks.append(("RSS last/first minute within 10%", abs(rss_ratio - 1) <= 0.10,
                       f"the service's RSS went from {rss_first / 1024:.0f} MiB (first minute) to "
                       f"{rss_last / 1024:.0f} MiB (last minute), x{rss_ratio:.2f}"))
    if stopped is not None:
        checks.append((f"service stopped on SIGTERM (exit {stopped[0]}, {stopped[1]:.1f} s)", not stopped[2],
                       "the service did not exit within 60 s of SIGTERM and was killed"))
        checks.append((f"containers left 30 s after stop: {left_mine}", left_mine == 0,
                       f"{left_mine} container(s) the service labelled were still there 30 s after it stopped"
                       if left_mine is not None else "the containers could not be counted (docker ps failed)"))

    summary.update({
        "abuse": abuse,
        "baseline": {"calls": args.baseline, "answered": len(base_lat), "passed": base_passed,
                     "p50_ms": base_p50 * 1000 if base_p50 else None, "problems": base_other},
        "mix": {"requests": len(records), "elapsed_s": elapsed, "by_status": by_status, "verdicts": verdicts,
                "accepted": len(accepted), "accepted_per_s": len(accepted) / elapsed if elapsed > 0 else None,
                "throttled_429": len(throttled), "lost": len(lost), "unexpected": len(unexpected),
                "p50_ms": p50 * 1000 if p50 else None, "p99_ms": p99 * 1000 if p99 else None,
                "p99_over_single_p50": p99 / base_p50 if p99 and base_p50 else None,
                "passing_p50_ms": pct(lat_passing, 50) * 1000 if lat_passing else None,
                "passing_p99_ms": pct(lat_passing, 99) * 1000 if lat_passing else None,
                "passing_pass_rate": pass_rate, "failing_passed": len(failing_passed),
                "hostile_passed": len(hostile_passed), "hostile_reasons": reasons_by_template,
                "retry_after_values": sorted({str(r.get("retry_after")) for r in throttled}),
                "lost_examples": [r.get("error") for r in lost[:5]]},
        "health": {"polls": len(health), "not_200": len(health_bad),
                   "not_200_examples": [h[2] for h in health_bad[:5]]},
        "rss": {"samples": len(rss), "window_s": window, "first_kb": rss_first, "last_kb": rss_last,
                "ratio": rss_ratio, "max_kb": max((v for _, v in rss), default=None),
                "series_mib": [[round(t - mix_start, 1), round(v / 1024)] for t, v in rss]},
        "shutdown": {"exit_code": stopped[0], "seconds": stopped[1], "killed": stopped[2]} if stopped else None,
        "containers": {"left_by_this_service": left_mine, "labelled_on_engine_before": labelled_before,
                       "labelled_on_engine_after": left_all, "owners": sorted(owners),
                       "pool_included": proc is None},
        "service_log": log_path,
        "checks": [{"check": c[0], "ok": c[1], "failure": c[2] if c[1] is False else None} for c in checks],
    })

    # --- print
    def ms(v):
        return f"{v * 1000:.0f}" if v is not None else "-"

    print(f"Service load, {summary['when']}, {os.cpu_count()} cores, {url}"
          f"{' (started here, in-memory store)' if proc else ''}: {clients} clients x {seconds:g} s over "
          f"{len(verify_keys)} verify key(s); mix passing/failing/hostile = {args.mix}; "
          f"{len(rows)} HumanEvalPack Python problems, {len(HOSTILE)} hostile templates\n")
    print("| abuse case | expected | got | ok |")
    print("|---|---|---|---|")
    for c in abuse:
        print(f"| {c['case']} | {c['expected']} | {c['got']} | {'yes' if c['ok'] else 'NO'} |")
    print()
    print("| measure | value |")
    print("|---|---|")
    table = [
        ("single-client p50 ms", f"{ms(base_p50)} ({base_passed}/{args.baseline} passed)"),
        ("requests (mix)", f"{len(records)} in {elapsed:.0f} s"),
        ("by HTTP status", ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())) or "-"),
        ("accepted (2xx) per s", f"{len(accepted) / elapsed:.2f}" if elapsed > 0 else "-"),
        ("429", str(len(throttled)) + (f" (Retry-After {', '.join(summary['mix']['retry_after_values'])})"
                                       if throttled else "")),
        ("lost (no answer)", str(len(lost))),
        ("accepted p50 / p99 ms", f"{ms(p50)} / {ms(p99)}"),
        ("p99 / single-client p50", f"{p99 / base_p50:.1f}x" if p99 and base_p50 else "-"),
        ("accepted passing-only p50 / p99 ms", f"{ms(pct(lat_passing, 50))} / {ms(pct(lat_passing, 99))}"
                                               if lat_passing else "-"),
        ("passing: passed", f"{sum(r['verdict'] == 'passed' for r in p_ok)}/{len(p_ok)}"
                            + (f" ({pass_rate:.1%})" if pass_rate is not None else "")),
        ("failing: passed", f"{len(failing_passed)}/{len(f_ok)}"),
        ("hostile: passed", f"{len(hostile_passed)}/{len(h_ok)}"),
        ("readiness polls not 200", f"{len(health_bad)}/{len(health)}"),
        ("RSS first / last window MiB", f"{rss_first / 1024:.0f} / {rss_last / 1024:.0f} (x{rss_ratio:.2f}, "
                                        f"{window:.0f} s windows)" if rss_ratio
         else "not sampled" + (" (no --pid)" if pid is None else "")),
        ("containers left 30 s after stop" if proc else "containers 30 s after the mix",
         (str(left_mine) if proc else f"{left_mine if left_mine is not None else left_all} (the service still runs: "
                                      "its warm pool is included)")
         + f"; labelled on the engine: {labelled_before} before, {left_all} after"),
    ]
    for name, value in table:
        print(f"| {name} | {value} |")
    print()
    for name, reasons in sorted(reasons_by_template.items()):
        print(f"- hostile {name}: " + ", ".join(f"{k} x{v}" for k, v in sorted(reasons.items())))
    print()
    for name, ok, _ in checks:
        print(f"- {'MET' if ok else 'MISSED' if ok is False else 'n/a'} {name}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
    failed = [c for c in checks if c[1] is False]
    if failed:
        print("\nFAILED: " + "; ".join(c[2] for c in failed) + "."
              + (f" Service log: {log_path}" if log_path else ""))
        return 1
    print("\nAll checks met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

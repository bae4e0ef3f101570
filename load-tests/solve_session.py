#!/usr/bin/env python3
"""Solve session: /v1/solve against scripted models, beside always-the-cheapest and always-the-best.

Arbiter calls the models itself, so the models here are a stub: an OpenAI-compatible server on loopback that serves
several scripted models by the request's `model`. For each request it finds the HumanEvalPack task the user message
holds (the task's prompt, or for bug fixing the buggy program it was given) and answers with the complete canonical
program or the buggy one, in a fenced block, decided by a hash of (model, task, attempt) against that model's accuracy
for the task's dimension; a repair (the conversation holds an assistant message) is right with the model's `repair`
probability. The stub remembers what it served, so it is the ground truth for Arbiter's verdicts.

One run: the stub starts, a models file pointing at it is written, the service is started from target/quarkus-app
(in-memory store, a fresh keys file, that models file) or a running one is targeted (--url, --key); then the same
tasks (HumanEvalPack rows over the languages whose sandbox images are there, code_generation and bug_fixing, in a
seeded order) go through /v1/solve three times: routed (maxCost, maxAttempts), always the cheapest model
(allowedModels=[cheapest], maxAttempts=1) and always the most expensive (maxAttempts=1). A 429 is waited out
(Retry-After, capped at 5 s) and tried again. HumanEvalPack is read from ../shared (never copied into the project).

Usage: solve_session.py [--tasks N] [--clients C] [--languages python,go] [--models FILE] [--max-cost USD]
                        [--provider-latency-ms MS] [--out FILE] [--jvm-arg=-Dname=value ...]
       solve_session.py --url URL --key KEY --provider-port PORT ...   (a running service whose models file
                                                                         points at the stub on PORT)
       solve_session.py --stub-only [--provider-port PORT] [--models-out FILE]   (just the stub, until Ctrl-C)
Exit code 1 when a call was lost, or Arbiter's verdicts disagreed with the ground truth beyond --max-disagreement,
with a sentence saying which.
"""
import argparse
import hashlib
import http.client
import http.server
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from arbiter_service import (JAR, ROOT, Lost, bearer, call, engine_answers, new_key, pct, ready, retry_after,
                             start_service as start_arbiter, stop_service, write_keys as write_keys_file)

IMAGES = os.path.join(ROOT, "sandbox-images")
TIMEOUT = 300  # one solve: up to maxAttempts model calls and verifications
ATTEMPTS_PAST_429 = 30

# Arbiter language -> HumanEvalPack folder (as dev.arbiter.bench.accuracy.HumanEvalPack.FOLDERS).
FOLDERS = {"python": "python", "javascript": "js", "java": "java", "go": "go", "cpp": "cpp", "rust": "rust"}
TITLES = {"python": "Python", "javascript": "JavaScript", "java": "Java", "go": "Go", "cpp": "C++", "rust": "Rust"}
DIMENSIONS = ("code_generation", "bug_fixing")

# The scripted pool. Prices are USD per million tokens; accuracy is the chance that a first answer is the canonical
# program, per dimension; repair is the chance that a repair of a wrong answer is. The cheap and the expensive ends
# are priced like today's small and frontier models (0.15/0.6 and 5/25); the accuracies are assumptions, not data.
MODELS = [
    {"name": "stub-cheap", "tier": "low", "input-per-1m": 0.15, "output-per-1m": 0.6,
     "accuracy": {"code_generation": 0.55, "bug_fixing": 0.35}, "repair": 0.40},
    {"name": "stub-mid", "tier": "mid", "input-per-1m": 1.0, "output-per-1m": 4.0,
     "accuracy": {"code_generation": 0.78, "bug_fixing": 0.65}, "repair": 0.55},
    {"name": "stub-best", "tier": "premium", "input-per-1m": 5.0, "output-per-1m": 25.0,
     "accuracy": {"code_generation": 0.92, "bug_fixing": 0.90}, "repair": 0.70},
]


# --- the dataset

def load_rows(shared, languages):
    """{language: [row]} for HumanEvalPack; a row gains `language`, `complete` and `buggy` (whole programs)."""
    rows = {}
    for language in languages:
        path = os.path.join(shared, "datasets", "humanevalpack", FOLDERS[language], "humanevalpack.jsonl")
        if not os.path.exists(path):
            sys.exit(f"HumanEvalPack {language} not found at {path}: pass --shared DIR (see README, 'Data')")
        with open(path, encoding="utf-8") as f:
            rows[language] = [dataset_row(language, json.loads(line)) for line in f if line.strip()]
    return rows


def dataset_row(language, row):
    row["language"] = language
    row["complete"] = program(language, row, row["canonical_solution"])
    row["buggy"] = program(language, row, row["buggy_solution"])
    return row


def program(language, row, solution):
    """A whole program, assembled as the dataset's SOURCE.md says: Python's prompt (it holds the imports and the
    docstring), the others' declaration (C++'s prompt of CPP/10 and CPP/32 lacks the signature), Go's import block
    in front; the test_setup is the tests' (package main, testing)."""
    if language == "python":
        return row["prompt"] + solution
    head = row.get("import", "") if language == "go" else ""
    return (head + row["declaration"]).lstrip("\n") + solution


WHOLE = {  # the entry point defined at column 0, so that Arbiter reads the answer as whole code, not a completion
    "python": r"(?m)^(async\s+)?def\s+{e}\b",
    "javascript": r"(?m)^((export\s+)?(async\s+)?function\s*\*?\s*{e}\s*\(|(export\s+)?(const|let|var)\s+{e}\s*=)",
    "java": r"(?ms)^((public|final|abstract)\s+)*class\s+\w+.*\b{e}\s*\(",
    "go": r"(?m)^func\s+{e}\s*[\[(]",
    "cpp": r"(?m)^[A-Za-z_][\w:<>,*& ]*\b{e}\s*\(",
    "rust": r"(?m)^(pub\s+)?fn\s+{e}\s*[<(]",
}


def usable(row):
    """Rows whose buggy solution would only measure a timeout (as service_load.py), and the few whose entry point
    the declaration does not define under that name at column 0 (JavaScript/114, CPP/121, CPP/156, some Rust), are
    left out: Arbiter would read their whole answer as a completion."""
    if row["failure_symptoms"] in ("infinite loop", "stackoverflow"):
        return False
    pattern = WHOLE[row["language"]].replace("{e}", re.escape(row["entry_point"]))
    return re.search(pattern, row["complete"]) is not None and re.search(pattern, row["buggy"]) is not None


def fenced(language, code, lead):
    return f"{lead}\n\n```{language}\n{code.rstrip()}\n```\n"


def solve_task(row, dimension):
    """The Arbiter task for a row: the prompt as it stands, or a fix with the buggy program as `original`."""
    language = row["language"]
    task = {"id": row["task_id"] if dimension == "code_generation" else row["task_id"] + ":fix",
            "dimension": dimension, "language": language, "tests": row.get("test_setup", "") + row["test"],
            "entryPoint": row["entry_point"]}
    if dimension == "code_generation":
        task["prompt"] = row["prompt"]
    else:
        task["prompt"] = (f"The {TITLES[language]} function `{row['signature']}` has a bug. Fix it: the function must "
                          f"do what this says.\n\n{row['docstring']}")
        task["original"] = row["buggy"]
    return task


def normalize(text):
    return " ".join(text.split())


def holds(text, code):
    """Whether the text is the code, or one of its fenced blocks is (not a prefix: a buggy program often extends the
    canonical one, `return x + y + y + x`)."""
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, re.S) + [text]
    return any(normalize(b) == normalize(code) for b in blocks)


def distinctive_test_line(row):
    """The longest line of the row's tests that neither the prompt nor a solution holds: seeing it is seeing tests."""
    shown = row["prompt"] + row["complete"] + row["buggy"] + row.get("instruction", "")
    lines = sorted((l.strip() for l in row["test"].splitlines()), key=len, reverse=True)
    return next((l for l in lines if len(l) >= 20 and l not in shown), None)


class Catalogue:
    """Finds the row and dimension a conversation is about: the longest row key its task message contains. Keys: the
    buggy program (bug fixing: it is the task's `original`) and the dataset prompt (code generation)."""

    def __init__(self, rows):
        self.by_entry = {}  # entry point -> [(key, normalized key, row, dimension)], longest key first
        for language_rows in rows.values():
            for row in language_rows:
                keys = self.by_entry.setdefault(row["entry_point"], [])
                keys.append((row["buggy"].strip(), normalize(row["buggy"]), row, "bug_fixing"))
                keys.append((row["prompt"].strip(), normalize(row["prompt"]), row, "code_generation"))
        for keys in self.by_entry.values():
            keys.sort(key=lambda k: len(k[0]), reverse=True)

    def find(self, text):
        # Only the keys of entry points the text names: a few instead of two per row of six languages.
        keys = [k for word in set(re.findall(r"[A-Za-z_]\w*", text)) for k in self.by_entry.get(word, ())]
        keys.sort(key=lambda k: len(k[0]), reverse=True)
        for key, _, row, dimension in keys:
            if key and key in text:
                return row, dimension
        flat = normalize(text)  # whitespace changed on the way (trimmed lines, tabs): compare without it
        for _, key, row, dimension in keys:
            if key and key in flat:
                return row, dimension
        return None, None


# --- the stub provider

def unit(*parts):
    """A number in [0, 1) from the parts: the same question always gets the same answer."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0 ** 64


def tokens(text):
    return max(1, math.ceil(len(text) / 4))


class Stub:
    """An OpenAI-compatible chat completions server serving the scripted models, and the log of what it served."""

    def __init__(self, models, catalogue, latency_ms, seed, port=0):
        self.models = {m["name"]: m for m in models}
        self.catalogue = catalogue
        self.latency = latency_ms / 1000.0
        self.seed = seed
        self.lock = threading.Lock()
        self.epoch = ""  # the policy being run: each starts afresh, so the same task gets the same answers
        self.log = {}  # (epoch, task key) -> [{model, repair, canonical, used}] in the order served
        self.stats = {}  # model -> counters
        self.unmatched = []  # the first characters of task messages it could not place
        self.leaks = []  # task keys whose tests appeared in a model's prompt
        self.bad = []  # malformed requests
        self.test_lines = {}
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path.rstrip("/") == "/v1/models":
                    self.reply(200, {"object": "list", "data": [{"id": n, "object": "model", "owned_by": "stub"}
                                                                for n in stub.models]})
                else:
                    self.reply(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self.reply(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                    return
                status, body = stub.answer(raw)
                self.reply(status, body)

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def refuse(self, status, message):
        with self.lock:
            self.bad.append(message[:200])
        return status, {"error": {"message": message, "type": "invalid_request_error"}}

    def answer(self, raw):
        try:
            request = json.loads(raw)
            model_name, messages = request["model"], request["messages"]
            contents = [(m["role"], m["content"] if isinstance(m["content"], str) else
                         "".join(p.get("text", "") for p in m["content"])) for m in messages]
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return self.refuse(400, f"malformed request: {type(e).__name__}: {e}")
        model = self.models.get(model_name)
        if model is None:
            return self.refuse(404, f"The model '{model_name}' does not exist")
        first_assistant = next((i for i, (role, _) in enumerate(contents) if role == "assistant"), len(contents))
        asked = "\n".join(text for role, text in contents[:first_assistant] if role in ("system", "user"))
        repair = any(role == "assistant" for role, _ in contents)
        if self.latency:
            time.sleep(self.latency)
        row, dimension = self.catalogue.find(asked)
        if row is None:
            with self.lock:
                self.unmatched.append(asked[:120])
            content, canonical, key, leaked = "I cannot tell which function you mean.", None, None, False
        else:
            key = f"{row['task_id']}|{dimension}"
            if repair:  # right if the failed answer was in fact right, else with the repair probability; the n-th
                # repair of this model on this task has its own draw, whether the conversation holds every earlier
                # answer or only the last one
                last = [text for role, text in contents if role == "assistant"][-1]
                with self.lock:
                    n = 1 + sum(e["model"] == model_name and e["repair"] for e in self.log.get((self.epoch, key), []))
                canonical = (holds(last, row["complete"])
                             or unit(self.seed, model_name, key, "repair", n) < model["repair"])
            else:
                canonical = unit(self.seed, model_name, key, "first") < model["accuracy"].get(dimension, 0.0)
            lead = "Here is the corrected code:" if dimension == "bug_fixing" else "Here is the complete code:"
            content = fenced(row["language"], row["complete"] if canonical else row["buggy"], lead)
            line = self.test_line(row)
            leaked = line is not None and line in asked
        prompt_tokens = tokens("".join(text for _, text in contents))
        completion_tokens = tokens(content)
        cost = (prompt_tokens * model["input-per-1m"] + completion_tokens * model["output-per-1m"]) / 1e6
        with self.lock:
            s = self.stats.setdefault(model_name, {"requests": 0, "first": 0, "repairs": 0, "canonical": 0,
                                                   "input_tokens": 0, "output_tokens": 0, "usd": 0.0})
            s["requests"] += 1
            s["repairs" if repair else "first"] += 1
            s["canonical"] += bool(canonical)
            s["input_tokens"] += prompt_tokens
            s["output_tokens"] += completion_tokens
            s["usd"] += cost
            if key is not None:
                self.log.setdefault((self.epoch, key), []).append(
                    {"model": model_name, "repair": repair, "canonical": canonical, "used": False})
                if leaked:
                    self.leaks.append(key)
        return 200, {
            "id": "chatcmpl-stub-" + secrets.token_hex(6), "object": "chat.completion", "created": int(time.time()),
            "model": model_name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }

    def test_line(self, row):
        key = (row["language"], row["task_id"])
        if key not in self.test_lines:
            self.test_lines[key] = distinctive_test_line(row)
        return self.test_lines[key]

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.stats))

    def served(self, epoch, key):
        with self.lock:
            return list(self.log.get((epoch, key), []))


def models_yaml(models, base_url, timeout_seconds):
    """The models file Arbiter reads (docs/providers.md): every model an openai-compatible connection to the stub."""
    lines = ["# solve_session.py, generated: scripted models served by its stub provider", "models:"]
    for m in models:
        lines += [f"  - name: {m['name']}",
                  "    provider: stub",
                  f"    tier: {m.get('tier', 'mid')}",
                  f"    input-per-1m: {m['input-per-1m']}",
                  f"    output-per-1m: {m['output-per-1m']}",
                  f"    connection: {{kind: openai-compatible, base-url: \"{base_url}\", "
                  f"timeout-seconds: {timeout_seconds}}}"]
    return "\n".join(lines) + "\n"


def load_models(path):
    if path is None:
        return MODELS
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    models = data["models"] if isinstance(data, dict) else data
    for m in models:
        missing = [k for k in ("name", "input-per-1m", "output-per-1m", "accuracy") if k not in m]
        if missing:
            sys.exit(f"{path}: model {m.get('name', '?')} lacks {', '.join(missing)}")
        m.setdefault("repair", 0.0)
    if len(models) < 2:
        sys.exit(f"{path}: at least two models are needed (a cheapest and a most expensive)")
    return models


def price(m):
    """A call's price with output three times the input (roughly a prompt and its program here)."""
    return m["input-per-1m"] + 3 * m["output-per-1m"]


# --- HTTP to Arbiter (arbiter_service: call, bearer, ready, retry_after, pct, Lost)

def get_json(url, path, key):
    status, _, data = call(url, "GET", path, headers=bearer(key), timeout=30)
    return json.loads(data) if status == 200 else None


# --- set-up: images, application, keys, service (as service_load.py)

def runtime_folders():
    """Arbiter language -> sandbox-images folder, from each folder's runtime.yaml (javascript lives in node/)."""
    folders = {}
    for name in sorted(os.listdir(IMAGES)) if os.path.isdir(IMAGES) else []:
        try:
            with open(os.path.join(IMAGES, name, "runtime.yaml"), encoding="utf-8") as f:
                m = re.search(r"(?m)^language:\s*(\S+)", f.read())
        except OSError:
            continue
        if m:
            folders[m.group(1)] = name
    return folders


def set_up(languages):
    """The Docker engine, the sandbox images of the languages asked for (Python when none were), the application."""
    folders = runtime_folders()
    wanted = [folders.get(lang, lang) for lang in (languages or ["python"])]
    if not engine_answers():
        print("solve_session: no Docker engine answers; ./arbiter images (starts one, builds the sandbox images)",
              file=sys.stderr)
        subprocess.run([os.path.join(ROOT, "arbiter"), "images"], cwd=ROOT, check=True)
    else:  # idempotent: up to date in a fraction of a second
        subprocess.run([os.path.join(IMAGES, "build.sh"), *wanted], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    newer = subprocess.run(["find", "pom.xml", "src", "-newer", JAR, "-type", "f"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip() if os.path.exists(JAR) else "no jar"
    if newer:
        print("solve_session: building the application (mvn -B -q package -DskipTests)", file=sys.stderr)
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)


def write_keys(folder, roles):
    """One key to solve with and one admin key."""
    key, admin = new_key(), new_key()
    path = write_keys_file(folder, [("solve-session", roles, key), ("solve-admin", "admin", admin)], "solve_session.py")
    return path, key, admin


def start_service(keys_file, models_file, log_path, jvm_args):
    return start_arbiter(keys_file, log_path, ["-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:solve",
                                               f"-Darbiter.router.models-file={models_file}", *jvm_args],
                         env={"ARBITER_ROUTER_MODELS_FILE": models_file})


def image_present(image):
    try:
        return subprocess.run(["docker", "image", "inspect", image], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return None


def sandbox_languages(url, key):
    """The languages whose sandbox image this machine has (GET /v1/runtimes, then `docker image inspect`); when the
    engine cannot be asked, those whose warm pool reports no error."""
    runtimes = get_json(url, "/v1/runtimes", key) or []
    out = []
    for r in runtimes:
        if r.get("language") not in FOLDERS:
            continue
        present = image_present(r["image"]) if r.get("image") else None
        if present is None:
            pool = r.get("pool") or {}
            present = not pool.get("lastError")
        if present:
            out.append(r["language"])
    return out


def wait_for_pools(url, key, languages, seconds=60):
    """Best effort, so that the first solves are not cold starts: until the languages' warm pools are full."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            pools = {r["language"]: r.get("pool") or {} for r in get_json(url, "/v1/runtimes", key) or []}
            if all(pools.get(lang, {}).get("idle", 0) >= pools.get(lang, {}).get("target", 0) for lang in languages):
                return
        except (Lost, ValueError, KeyError, TypeError):
            pass
        time.sleep(0.5)


# --- the session

def pick_tasks(rows, languages, count, seed):
    """count (row, dimension) pairs, (language, dimension) in turn, each one's problems in a seeded order (no pair
    twice; a problem may come once per dimension), then the whole list in a seeded order."""
    rnd = random.Random(seed)
    cells = [(lang, dim) for lang in languages for dim in DIMENSIONS]
    queues = {}
    for lang, dim in cells:
        problems = [row for row in rows[lang] if usable(row)]
        rnd.shuffle(problems)
        queues[(lang, dim)] = [(row, dim) for row in problems]
    available = sum(len(q) for q in queues.values())
    if count > available:
        sys.exit(f"--tasks {count} is more than the {available} (problem, dimension) pairs of {', '.join(languages)}")
    picked, turn = [], 0
    while len(picked) < count:
        queue = queues[cells[turn % len(cells)]]
        turn += 1
        if queue:
            picked.append(queue.pop())
    rnd.shuffle(picked)
    return picked


def solve_once(url, key, body):
    """POST /v1/solve past 429s: (status, response or None, seconds of the answered call, 429s waited, error)."""
    waited = 0
    for attempt in range(ATTEMPTS_PAST_429):
        started = time.perf_counter()
        try:
            status, headers, data = call(url, "POST", "/v1/solve", body=body, headers=bearer(key), timeout=TIMEOUT)
        except Lost as e:
            return None, None, time.perf_counter() - started, waited, str(e)[:160]
        seconds = time.perf_counter() - started
        if status == 429 and attempt < ATTEMPTS_PAST_429 - 1:
            waited += 1
            time.sleep(retry_after(headers.get("retry-after")))
            continue
        if status // 100 != 2:
            return status, None, seconds, waited, data[:200].decode("utf-8", "replace")
        try:
            return status, json.loads(data), seconds, waited, None
        except ValueError:
            return status, None, seconds, waited, "the 2xx body is not JSON"
    return 429, None, 0.0, waited, f"still 429 after {ATTEMPTS_PAST_429} attempts"


def run_policy(url, key, tasks, clients, extra, epoch):
    """Every task once through /v1/solve, by `clients` threads taking the tasks in order: one record per task."""
    records = [None] * len(tasks)
    next_index = [0]
    lock = threading.Lock()

    def client():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(tasks):
                return
            row, dimension = tasks[i]
            task = solve_task(row, dimension)
            body = json.dumps({"task": task, **extra}).encode()
            status, resp, seconds, waited, error = solve_once(url, key, body)
            records[i] = {"epoch": epoch, "task": task["id"], "language": row["language"], "dimension": dimension,
                          "key": f"{row['task_id']}|{dimension}", "row": row, "status": status, "response": resp,
                          "latency": seconds, "waited_429": waited, "error": error}

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return records, time.monotonic() - started


def answer_truth(rec, stub):
    """Whether the final answer is the canonical program: by its text, else by what the stub served that model last."""
    resp = rec["response"]
    text = resp.get("answer") or ""
    row = rec["row"]
    if holds(text, row["complete"]):
        return True
    if holds(text, row["buggy"]):
        return False
    last = [e for e in stub.served(rec["epoch"], rec["key"]) if e["model"] == resp.get("model")]
    return last[-1]["canonical"] if last else None


def judge(records, stub):
    """Per attempt: Arbiter's verdict beside what the stub served for it: the first answer not yet matched of that
    model, first or repair, on that task in that policy (in the order served, so parallel calls match too)."""
    judged, disagreements, indeterminate, unknown = 0, [], 0, 0
    for rec in records:
        resp = rec["response"]
        if not resp:
            continue
        served = stub.served(rec["epoch"], rec["key"])
        for a in resp.get("attempts") or []:
            model = a.get("model")
            verdict = (a.get("verdict") or {}).get("status")
            if a.get("outcome") != "verified" or verdict is None:
                continue  # a provider failure: no answer to judge (and maybe no request the stub saw)
            entry = next((e for e in served if not e["used"] and e["model"] == model
                          and e["repair"] == bool(a.get("repair"))), None)
            if entry is not None:
                entry["used"] = True
            if verdict not in ("passed", "failed"):
                indeterminate += 1
                continue
            truth = entry["canonical"] if entry is not None else None
            if truth is None:
                unknown += 1
                continue
            judged += 1
            if (verdict == "passed") != truth:
                disagreements.append({"task": rec["task"], "language": rec["language"], "model": model,
                                      "repair": bool(a.get("repair")), "verdict": verdict,
                                      "reason": (a.get("verdict") or {}).get("reason"),
                                      "served": "canonical" if truth else "buggy"})
    return judged, disagreements, indeterminate, unknown


def summarize(name, records, elapsed, stub_before, stub_after, stub):
    answered = [r for r in records if r["response"] is not None]
    lost = [r for r in records if r["response"] is None]
    solved = [r for r in answered if r["response"].get("status") == "solved"]
    truths = [answer_truth(r, stub) for r in solved]
    usd = sum(float(r["response"].get("totalCostUsd") or 0.0) for r in answered)
    billed = sum(s["usd"] for s in stub_after.values()) - sum(s["usd"] for s in stub_before.values())
    lat = [r["latency"] for r in answered]
    over_provider, over_all = [], []
    for r in answered:
        t = r["response"].get("timings") or {}
        if t.get("totalMs") is not None and t.get("providerMs") is not None:
            over_provider.append(t["totalMs"] - t["providerMs"])
            if t.get("verifyMs") is not None:
                over_all.append(t["totalMs"] - t["providerMs"] - t["verifyMs"])
    attempts_by_model, final_by_model, by_status, stop_reasons = {}, {}, {}, {}
    for r in answered:
        resp = r["response"]
        for a in resp.get("attempts") or []:
            k = a.get("model") + (" (repair)" if a.get("repair") else "")
            attempts_by_model[k] = attempts_by_model.get(k, 0) + 1
        by_status[resp.get("status")] = by_status.get(resp.get("status"), 0) + 1
        stop_reasons[resp.get("stopReason")] = stop_reasons.get(resp.get("stopReason"), 0) + 1
        if resp.get("status") == "solved":
            final_by_model[resp.get("model")] = final_by_model.get(resp.get("model"), 0) + 1
    by_dimension = {}
    for dim in DIMENSIONS:
        of_dim = [r for r in answered if r["dimension"] == dim]
        by_dimension[dim] = {"tasks": len(of_dim),
                             "solved": sum(r["response"].get("status") == "solved" for r in of_dim)}
    by_language = {}
    for r in answered:
        d = by_language.setdefault(r["language"], {"tasks": 0, "solved": 0})
        d["tasks"] += 1
        d["solved"] += r["response"].get("status") == "solved"
    judged, disagreements, indeterminate, unknown = judge(records, stub)
    return {
        "policy": name, "tasks": len(records), "answered": len(answered), "lost": len(lost),
        "lost_examples": [f"{r['task']}: HTTP {r['status'] or '-'} {r['error']}" for r in lost[:5]],
        "solved": len(solved), "pass_rate": len(solved) / len(records) if records else None,
        "truly_correct": sum(t is True for t in truths), "solved_but_wrong": sum(t is False for t in truths),
        "truth_unknown": sum(t is None for t in truths),
        "usd": usd, "usd_per_solved": usd / len(solved) if solved else None, "usd_billed_by_stub": billed,
        "elapsed_s": elapsed, "p50_s": pct(lat, 50), "p99_s": pct(lat, 99),
        "overhead_ms": {"total_minus_provider": {"p50": pct(over_provider, 50), "p99": pct(over_provider, 99)},
                        "total_minus_provider_verify": {"p50": pct(over_all, 50), "p99": pct(over_all, 99)},
                        "solves_with_timings": len(over_provider)},
        "waited_429": sum(r["waited_429"] for r in records),
        "by_status": by_status, "stop_reasons": stop_reasons, "attempts_by_model": attempts_by_model,
        "solved_by_model": final_by_model, "by_dimension": by_dimension, "by_language": by_language,
        "verdicts": {"judged": judged, "disagreed": len(disagreements), "indeterminate": indeterminate,
                     "unknown": unknown, "examples": disagreements[:10]},
    }


# --- report

def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[2:]))
    ap.add_argument("--tasks", type=int, default=200, help="tasks per policy (default 200)")
    ap.add_argument("--clients", type=int, default=2, help="concurrent clients (default 2; 1: sequential)")
    ap.add_argument("--languages", help="comma-separated, of " + ",".join(FOLDERS)
                                        + " (default: every language whose sandbox image this machine has)")
    ap.add_argument("--models", help="a JSON file with the scripted pool ({\"models\": [{name, input-per-1m, "
                                     "output-per-1m, tier, accuracy: {code_generation, bug_fixing}, repair}]}); "
                                     "default: the table at the top of this script")
    ap.add_argument("--max-cost", type=float, default=0.05, help="maxCost of every solve, USD (default 0.05)")
    ap.add_argument("--max-attempts", type=int, default=3, help="maxAttempts of the routed policy (default 3)")
    ap.add_argument("--provider-latency-ms", type=float, default=0,
                    help="the stub's own latency per call, ms (default 0)")
    ap.add_argument("--provider-port", type=int, default=0, help="the stub's port (default: a free one)")
    ap.add_argument("--provider-timeout-seconds", type=int, default=30,
                    help="timeout-seconds of the models' connections (default 30)")
    ap.add_argument("--max-disagreement", type=float, default=0.02,
                    help="share of judged attempts whose verdict may disagree with the ground truth (default 0.02: "
                         "the verifier's HumanEvalPack target is >= 99%% of canonical passing and no buggy passing, "
                         "docs/verifier-accuracy.md)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"),
                    help="the shared folder holding datasets/humanevalpack (default ../shared)")
    ap.add_argument("--key-roles", default="solve", help="roles of the key it makes to solve with "
                                                                "(default solve)")
    ap.add_argument("--jvm-arg", action="append", default=[],
                    help="extra JVM argument for the started service, written --jvm-arg=-Dname=value (repeatable)")
    ap.add_argument("--url", help="a running service instead of starting one (its models file must point at the "
                                  "stub: see --stub-only)")
    ap.add_argument("--key", help="with --url: a key with the role solve (or admin)")
    ap.add_argument("--stub-only", action="store_true",
                    help="start the stub, write the models file (--models-out) and serve until Ctrl-C")
    ap.add_argument("--models-out", help="where to write the models file (default: a temporary folder)")
    ap.add_argument("--out", help="write a JSON summary here")
    args = ap.parse_args()
    if args.url and not args.key:
        ap.error("--url needs --key (a key with the role solve, or admin)")
    if args.url and not args.provider_port:
        ap.error("--url needs --provider-port: the port the service's models file points the stub models at")
    if args.tasks < 1 or args.clients < 1:
        ap.error("--tasks and --clients are at least 1")
    languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()] if args.languages else None
    unknown = [lang for lang in languages or [] if lang not in FOLDERS]
    if unknown:
        ap.error(f"unknown language(s) {', '.join(unknown)}; known: {', '.join(FOLDERS)}")

    signal.signal(signal.SIGTERM, interrupted)  # a TERM stops the stub and the service it started, as Ctrl-C does
    models = load_models(args.models)
    rows = load_rows(args.shared, list(FOLDERS))  # every language: the stub recognises any task it is sent
    stub = Stub(models, Catalogue(rows), args.provider_latency_ms, args.seed, args.provider_port).start()
    workdir = tempfile.mkdtemp(prefix="arbiter-solve-")
    models_file = args.models_out or os.path.join(workdir, "models.yaml")
    with open(models_file, "w", encoding="utf-8") as f:
        f.write(models_yaml(models, stub.base_url, args.provider_timeout_seconds))
    proc = log_path = None
    try:
        if args.stub_only:
            print(f"solve_session: stub at {stub.base_url} serving {', '.join(m['name'] for m in models)}; models "
                  f"file {models_file}; Ctrl-C stops it", file=sys.stderr)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        if args.url:
            url, key = args.url.rstrip("/"), args.key
            if not ready(url):
                sys.exit(f"{url}/q/health/ready does not answer 200")
            pool = {m.get("name") for m in get_json(url, "/v1/models", key) or []}
            missing = [m["name"] for m in models if m["name"] not in pool]
            if missing:
                sys.exit(f"the service's pool lacks {', '.join(missing)}: start it with the models file "
                         f"(--stub-only --models-out FILE --provider-port {stub.port}) and pass --provider-port")
            admin = key
        else:
            set_up(languages)
            keys_file, key, admin = write_keys(workdir, args.key_roles)
            log_path = os.path.join(tempfile.gettempdir(), "arbiter-solve-service.log")
            proc, url = start_service(keys_file, models_file, log_path, args.jvm_arg)
        if languages is None:
            languages = [lang for lang in FOLDERS if lang in sandbox_languages(url, admin)]
            if not languages:
                sys.exit("no sandbox runtime of this machine has its image: ./arbiter images, or --languages")
        if proc is not None:
            wait_for_pools(url, admin, languages)
        tasks = pick_tasks(rows, languages, args.tasks, args.seed)
        cheapest = min(models, key=price)["name"]
        best = max(models, key=price)["name"]
        policies = [
            ("routed", {"maxCost": args.max_cost, "maxAttempts": args.max_attempts}),
            (f"always the cheapest ({cheapest})",
             {"maxCost": args.max_cost, "allowedModels": [cheapest], "maxAttempts": 1}),
            (f"always the best ({best})", {"maxCost": args.max_cost, "allowedModels": [best], "maxAttempts": 1}),
        ]
        results = []
        for name, extra in policies:
            print(f"solve_session: {name}: {len(tasks)} tasks, {args.clients} client(s)", file=sys.stderr)
            before = stub.snapshot()
            stub.epoch = name
            records, elapsed = run_policy(url, key, tasks, args.clients, extra, name)
            results.append((extra, summarize(name, records, elapsed, before, stub.snapshot(), stub)))
    except KeyboardInterrupt:
        print("solve_session: interrupted", file=sys.stderr)
        return 1
    finally:
        if proc is not None and proc.poll() is None:
            print("solve_session: stopping the service (SIGTERM)", file=sys.stderr)
            stop_service(proc)
        stub.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    # --- checks: (name, ok, sentence when it fails)
    summaries = [s for _, s in results]
    lost = sum(s["lost"] for s in summaries)
    judged = sum(s["verdicts"]["judged"] for s in summaries)
    disagreed = sum(s["verdicts"]["disagreed"] for s in summaries)
    rate = disagreed / judged if judged else None
    examples = [e for s in summaries for e in s["verdicts"]["examples"]]
    checks = [
        (f"every solve answered (lost {lost})", lost == 0,
         f"{lost} solve call(s) were lost (no answer, or a status other than 2xx after waiting out 429s), e.g. "
         + "; ".join(e for s in summaries for e in s["lost_examples"][:2])),
        (f"verdicts judged against the ground truth: {judged}", judged > 0,
         "no attempt had a passed or failed verdict to compare with what the stub served"),
        (f"verdicts agree with the ground truth (disagreed {disagreed} of {judged})",
         rate is not None and rate <= args.max_disagreement,
         f"Arbiter's verdict disagreed with the stub's ground truth on {disagreed} of {judged} judged attempts "
         + (f"({rate:.1%}, more than {args.max_disagreement:.0%}), e.g. " if rate is not None else "")
         + ", ".join(f"{e['task']} {e['model']}{' repair' if e['repair'] else ''}: {e['verdict']}/{e['reason']} "
                     f"on the {e['served']} program" for e in examples[:3])),
        (f"the stub recognised every task ({len(stub.unmatched)} not)", not stub.unmatched,
         f"the stub could not find a HumanEvalPack task in {len(stub.unmatched)} request(s), e.g. "
         f"{stub.unmatched[0]!r}" if stub.unmatched else ""),
        (f"no tests shown to a model ({len(stub.leaks)} prompts held them)", not stub.leaks,
         f"{len(stub.leaks)} prompt(s) held the task's tests, e.g. {stub.leaks[0]}" if stub.leaks else ""),
    ]
    if stub.bad:
        checks.append((f"well-formed provider requests ({len(stub.bad)} not)", False,
                       f"the stub refused {len(stub.bad)} request(s), e.g. {stub.bad[0]}"))

    summary = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": os.cpu_count(), "url": url,
               "started_here": proc is not None, "tasks": len(tasks), "clients": args.clients,
               "languages": languages, "dimensions": list(DIMENSIONS), "seed": args.seed, "max_cost": args.max_cost,
               "max_attempts": args.max_attempts, "provider_latency_ms": args.provider_latency_ms, "models": models,
               "policies": [dict(s, request=extra) for extra, s in results], "stub": stub.snapshot(),
               "service_log": log_path,
               "checks": [{"check": c[0], "ok": c[1], "failure": c[2] if not c[1] else None} for c in checks]}

    def ms(v):
        return f"{v * 1000:.0f}" if v is not None else "-"

    def usd(v):
        return f"{v:.4f}" if v is not None else "-"

    print(f"Solve session, {summary['when']}, {os.cpu_count()} cores, {url}"
          f"{' (started here, in-memory store)' if proc else ''}: {len(tasks)} HumanEvalPack tasks "
          f"({', '.join(languages)}; code_generation and bug_fixing), {args.clients} client(s), maxCost "
          f"{args.max_cost}, stub latency {args.provider_latency_ms:g} ms; models "
          + ", ".join(f"{m['name']} {m['input-per-1m']:g}/{m['output-per-1m']:g}" for m in models) + "\n")
    print("| policy | tasks | passed (verified) | pass rate | truly correct | total USD | USD per passed task | "
          "p50 / p99 latency ms |")
    print("|---|---|---|---|---|---|---|---|")
    for s in summaries:
        print(f"| {s['policy']} | {s['tasks']} | {s['solved']} | "
              f"{s['pass_rate']:.1%} | {s['truly_correct']} | {usd(s['usd'])} | {usd(s['usd_per_solved'])} | "
              f"{ms(s['p50_s'])} / {ms(s['p99_s'])} |")
    print()
    print("| policy | overhead: total - provider, p50 / p99 ms | overhead: total - provider - verify, p50 / p99 ms | "
          "stub-billed USD | verdicts disagreeing | 429 waits |")
    print("|---|---|---|---|---|---|")
    for s in summaries:
        o = s["overhead_ms"]

        def two(d):
            return " / ".join(f"{v:.0f}" if v is not None else "-" for v in (d["p50"], d["p99"]))
        print(f"| {s['policy']} | {two(o['total_minus_provider'])} | {two(o['total_minus_provider_verify'])} | "
              f"{usd(s['usd_billed_by_stub'])} | {s['verdicts']['disagreed']}/{s['verdicts']['judged']} | "
              f"{s['waited_429']} |")
    print()
    for s in summaries:
        print(f"- {s['policy']}: attempts " + (", ".join(f"{k} x{v}" for k, v in sorted(s["attempts_by_model"].items()))
                                               or "-")
              + "; solved " + ", ".join(f"{d} {v['solved']}/{v['tasks']}" for d, v in s["by_dimension"].items())
              + "; stop " + ", ".join(f"{k} x{v}" for k, v in sorted(s["stop_reasons"].items(), key=str)))
    print()
    for name, ok, _ in checks:
        print(f"- {'MET' if ok else 'MISSED'} {name}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2, default=str)
    failed = [c for c in checks if not c[1]]
    if failed:
        print("\nFAILED: " + "; ".join(c[2] for c in failed) + "."
              + (f" Service log: {log_path}" if log_path else ""))
        return 1
    print("\nAll checks met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

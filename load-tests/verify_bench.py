#!/usr/bin/env python3
"""Verify benchmark: Arbiter's /v1/verify against a naive `docker run --rm` per candidate and a bare python3 process.

All three run the same HumanEval-size Python programs (HumanEvalPack canonical solutions read from
../shared/datasets/humanevalpack, never copied into the project), side by side in one run, so the ratios hold even on
a noisy machine. Started by `./arbiter bench`; see docs/benchmarks.md.

Latency is measured with calls paced at an offered load (--rate, default 5/s, the sustained rate the service must
keep up), one call at a time, for all three modes. Arbiter is also timed back to back, where every call waits for the
pool to replace the container the previous call used, so that latency equals 1 / throughput. Throughput is measured
with --concurrency clients for --throughput-seconds.

Usage: verify_bench.py [--url URL] [--requests N] [--naive N] [--rate R] [--concurrency C] [--throughput-seconds S]
Without --url it starts the service from target/quarkus-app on a free port and stops it afterwards.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "datasets", "humanevalpack", "python", "humanevalpack.jsonl")


def load_tasks(limit):
    if not os.path.exists(DATA):
        sys.exit(f"HumanEvalPack not found at {DATA}: see README, 'Data'")
    tasks = []
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["failure_symptoms"] in ("infinite loop", "stackoverflow"):
                continue
            tasks.append(row)
            if len(tasks) == limit:
                break
    return tasks


def verify_body(row):
    return json.dumps({
        "task": {"id": row["task_id"], "dimension": "code_generation", "language": "python",
                 "prompt": row["prompt"], "tests": row["test"], "entryPoint": row["entry_point"]},
        "response": {"text": "```python\n" + row["prompt"] + row["canonical_solution"] + "\n```", "model": "bench"},
    }).encode()


def post(url, body):
    req = urllib.request.Request(url + "/v1/verify", data=body, headers={"content-type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        verdict = json.load(r)
    elapsed = time.perf_counter() - started
    if verdict["status"] != "passed":
        raise RuntimeError(f"{verdict['taskId']}: expected passed, got {verdict['status']} ({verdict.get('detail')})")
    return elapsed


def program_text(row):
    return row["prompt"] + row["canonical_solution"] + "\n" + row["test"] + "\n"


def python_image():
    out = subprocess.run(["docker", "images", "arbiter-sandbox/python", "--format", "{{.Repository}}:{{.Tag}}"],
                         capture_output=True, text=True, check=True).stdout.split()
    if not out:
        sys.exit("no arbiter-sandbox/python image: run sandbox-images/build.sh")
    return out[0]


def naive_docker_run(image, path):
    """What a simple evaluator does: one `docker run --rm` per candidate with the same isolation and limits."""
    started = time.perf_counter()
    subprocess.run(["docker", "run", "--rm", "--network", "none", "--cap-drop", "ALL",
                    "--security-opt", "no-new-privileges", "--read-only",
                    "--tmpfs", "/work:rw,exec,nosuid,nodev,size=64m,uid=65534,gid=65534,mode=0700",
                    "--user", "65534:65534", "--memory", "256m", "--memory-swap", "256m", "--cpus", "1",
                    "--pids-limit", "64", "-v", f"{path}:/task/program.py:ro", image, "python3", "/task/program.py"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - started


def bare_python(path):
    """The same program with this interpreter, unsandboxed: the floor any sandbox is measured against."""
    started = time.perf_counter()
    subprocess.run([sys.executable, path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return time.perf_counter() - started


def paced(fn, items, count, rate):
    """Calls fn one at a time, starting call i no earlier than i / rate seconds after the first."""
    latencies = []
    start = time.perf_counter()
    for i in range(count):
        wait = start + i / rate - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        latencies.append(fn(items[i % len(items)]))
    return latencies


def pct(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def throughput(fn, items, concurrency, seconds):
    """Runs fn over items round-robin with `concurrency` workers for about `seconds`; returns completions/s."""
    deadline = time.perf_counter() + seconds
    done = 0
    index = 0
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        running = set()
        while True:
            while len(running) < concurrency and time.perf_counter() < deadline:
                running.add(pool.submit(fn, items[index % len(items)]))
                index += 1
            if not running:
                break
            finished, running = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for f in finished:
                f.result()
                done += 1
    return done / (time.perf_counter() - started)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service():
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), "arbiter-bench-service.log"), "w")
    env = dict(os.environ, ARBITER_PORT=str(port), ARBITER_HOST="127.0.0.1")
    proc = subprocess.Popen(["java", "-jar", "target/quarkus-app/quarkus-run.jar", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(url + "/q/health/ready", timeout=2) as r:
                sandbox = next(c for c in json.load(r)["checks"] if c["name"] == "sandbox")
                idle, target = sandbox["data"]["pool.python"].split()[0].split("/")
                if idle == target:
                    return proc, url
        except (urllib.error.URLError, ConnectionError, KeyError, IndexError, ValueError, StopIteration):
            pass
        time.sleep(0.5)
    proc.terminate()
    sys.exit("the service did not become ready; see " + log.name)


def row_line(name, lat, rate):
    p50 = f"{pct(lat, 50) * 1000:.0f}" if lat else "-"
    p95 = f"{pct(lat, 95) * 1000:.0f}" if lat else "-"
    return f"| {name} | {len(lat) if lat else '-'} | {p50} | {p95} | {rate:.2f} |"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url")
    ap.add_argument("--requests", type=int, default=100, help="sequential /v1/verify calls and bare runs")
    ap.add_argument("--naive", type=int, default=30, help="sequential naive docker runs")
    ap.add_argument("--rate", type=float, default=5.0, help="offered load for the latency runs, calls/s")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--throughput-seconds", type=float, default=20)
    args = ap.parse_args()

    tasks = load_tasks(40)
    bodies = [verify_body(t) for t in tasks]
    workdir = tempfile.mkdtemp(prefix="arbiter-bench-")
    os.chmod(workdir, 0o755)
    paths = []
    for i, t in enumerate(tasks):
        p = os.path.join(workdir, f"program_{i}.py")
        with open(p, "w", encoding="utf-8") as f:
            f.write(program_text(t))
        os.chmod(p, 0o644)
        paths.append(p)
    image = python_image()

    proc = None
    url = args.url
    if url is None:
        proc, url = start_service()
    try:
        for b in bodies[:5]:  # warm-up: JIT, connection set-up
            post(url, b)
        bare_python(paths[0])
        naive_docker_run(image, paths[0])

        arbiter_lat = paced(lambda b: post(url, b), bodies, args.requests, args.rate)
        bare_lat = paced(bare_python, paths, args.requests, args.rate)
        naive_lat = paced(lambda p: naive_docker_run(image, p), paths, args.naive, args.rate)
        time.sleep(2)  # let the pool refill
        back_to_back = [post(url, bodies[i % len(bodies)]) for i in range(args.requests)]

        arbiter_rate = throughput(lambda b: post(url, b), bodies, args.concurrency, args.throughput_seconds)
        naive_rate = throughput(lambda p: naive_docker_run(image, p), paths, args.concurrency, args.throughput_seconds)
        bare_rate = throughput(bare_python, paths, args.concurrency, args.throughput_seconds / 2)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    a50, n50, b50 = pct(arbiter_lat, 50), pct(naive_lat, 50), pct(bare_lat, 50)
    print(f"Verify benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"{len(tasks)} HumanEvalPack Python problems (canonical solutions); latency paced at {args.rate:g} calls/s, "
          f"throughput with {args.concurrency} clients\n")
    print("| mode | calls | p50 ms | p95 ms | throughput /s |")
    print("|---|---|---|---|---|")
    print(row_line("Arbiter /v1/verify (warm pool)", arbiter_lat, arbiter_rate))
    print(row_line("naive `docker run --rm` per candidate", naive_lat, naive_rate))
    print(row_line("bare `python3` process (no sandbox)", bare_lat, bare_rate))
    print(row_line("Arbiter, back to back (pool drained)", back_to_back, arbiter_rate))
    print()
    checks = [
        (f"naive docker run p50 / Arbiter p50 = {n50 / a50:.2f}x", n50 / a50 >= 3, "target >= 3x"),
        (f"Arbiter p50 = {a50 * 1000:.0f} ms vs 1.5 x bare p50 + 60 ms = {(1.5 * b50 + 0.060) * 1000:.0f} ms",
         a50 <= 1.5 * b50 + 0.060, "target: at most that"),
        (f"Arbiter throughput = {arbiter_rate:.2f}/s", arbiter_rate >= 5, "target >= 5/s"),
        (f"Arbiter throughput / naive throughput = {arbiter_rate / naive_rate:.2f}x", True, "for information"),
    ]
    for text, ok, target in checks:
        print(f"- {'MET ' if ok else 'MISSED '} {text} ({target})")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Batch-scoring benchmark: `arbiter score` in shared and in strict mode, and a naive `docker run --rm` per candidate,
side by side in one run on the 328 HumanEvalPack Python programs (164 canonical, 164 buggy) read from
../shared/datasets (never copied into the project). Started by `./arbiter bench-batch`; see docs/benchmarks.md.

Each Arbiter mode scores the whole file from scratch (fresh output), with the CLI's defaults unless told otherwise
(and the launcher's JVM flags for `score`);
its rate is verdicts per second over the scoring itself (JVM start-up reported apart). The verdicts of the two modes
are compared one by one: status, reason, confidence and tests passed/total must be identical. The naive baseline
runs prompt + solution + tests as one program per candidate with the sandbox's isolation flags and limits, with
--naive-concurrency workers, and counts a zero exit status as a pass.

Candidates whose verdicts differ are then scored --repeats more times in each mode, to tell a difference between the
modes from a verdict that varies from run to run (a candidate that exhausts two limits at about the same moment).

Usage: batch_bench.py [--data DIR] [--concurrency N] [--naive-concurrency N] [--naive N] [--repeats N] [--json FILE]
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "load-tests"))
from verify_bench import python_image  # noqa: E402

RATE = re.compile(r"(\d+) verified in ([\d.]+) s: ([\d.]+) verdicts/s")


def write_input(data, path):
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, os.path.join(ROOT, "load-tests", "humanevalpack_responses.py"), data],
                       stdout=out, check=True)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def score(mode, inp, workdir, concurrency, suffix=""):
    out = os.path.join(workdir, f"verdicts-{mode}{suffix}.jsonl")
    command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.http.port=0", "-Dquarkus.log.level=WARN", "-jar", "target/quarkus-app/quarkus-run.jar",
               "score", "--in", inp, "--out", out, "--mode", mode]
    if concurrency:
        command += ["--concurrency", str(concurrency)]
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"arbiter score --mode {mode} failed:\n{run.stdout}\n{run.stderr}")
    m = RATE.search(run.stdout)
    if not m:
        sys.exit(f"no rate line in the output of arbiter score --mode {mode}:\n{run.stdout}")
    verdicts = {}
    with open(out, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            verdicts[row["id"]] = row["verdict"]
    return {"mode": mode, "verified": int(m.group(1)), "seconds": float(m.group(2)), "rate": float(m.group(3)),
            "wall": wall, "verdicts": verdicts}


def essence(v):
    tests = v.get("tests") or {}
    return (v["status"], v.get("reason"), v["confidence"], tests.get("passed"), tests.get("total"))


def naive_one(image, workdir, i, row):
    path = os.path.join(workdir, f"naive_{i}.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(row["task"]["prompt"] + row["response"] + "\n" + row["task"]["tests"] + "\n")
    os.chmod(path, 0o644)
    run = subprocess.run(["docker", "run", "--rm", "--network", "none", "--cap-drop", "ALL",
                          "--security-opt", "no-new-privileges", "--read-only",
                          "--tmpfs", "/work:rw,exec,nosuid,nodev,size=64m,uid=65534,gid=65534,mode=0700",
                          "--user", "65534:65534", "--memory", "256m", "--memory-swap", "256m", "--cpus", "1",
                          "--pids-limit", "64", "-v", f"{path}:/task/program.py:ro", image,
                          "timeout", "-s", "KILL", "10", "python3", "/task/program.py"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return row["id"], run.returncode == 0


def naive(rows, workdir, concurrency):
    image = python_image()
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = dict(pool.map(lambda a: naive_one(image, workdir, *a), enumerate(rows)))
    seconds = time.perf_counter() - started
    return {"mode": "naive", "verified": len(rows), "seconds": seconds, "rate": len(rows) / seconds, "passed": results}


def rerun(differ, rows, workdir, concurrency, repeats):
    """Scores each differing candidate `repeats` more times in each mode: is the difference the mode's, or does the
    verdict vary from run to run within a mode too?"""
    inp = os.path.join(workdir, "rerun.jsonl")
    by_id = {r["id"]: r for r in rows}
    with open(inp, "w", encoding="utf-8") as f:
        for i in differ:
            for k in range(repeats):
                f.write(json.dumps(dict(by_id[i], id=f"{i}#{k}")) + "\n")
    tallies = {}
    for mode in ("shared", "strict"):
        result = score(mode, inp, workdir, concurrency, suffix="-rerun")
        for key, v in result["verdicts"].items():
            counts = tallies.setdefault(key.rsplit("#", 1)[0], {}).setdefault(mode, {})
            counts[v.get("reason")] = counts.get(v.get("reason"), 0) + 1
    return tallies


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets"))
    ap.add_argument("--concurrency", type=int, default=0, help="arbiter score --concurrency (default: the CLI's)")
    ap.add_argument("--naive-concurrency", type=int, default=4)
    ap.add_argument("--naive", type=int, default=0, help="candidates for the naive baseline (default: all)")
    ap.add_argument("--repeats", type=int, default=6,
                    help="score each candidate whose verdicts differ this many more times per mode (0: do not)")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="arbiter-batch-bench-")
    os.chmod(workdir, 0o755)
    inp = os.path.join(workdir, "hep-python.jsonl")
    rows = write_input(args.data, inp)
    print(f"{len(rows)} candidates from HumanEvalPack Python; work dir {workdir}", flush=True)

    shared = score("shared", inp, workdir, args.concurrency)
    print(f"shared: {shared['rate']:.1f}/s", flush=True)
    strict = score("strict", inp, workdir, args.concurrency)
    print(f"strict: {strict['rate']:.1f}/s", flush=True)
    base = naive(rows[:args.naive] if args.naive else rows, workdir, args.naive_concurrency)
    print(f"naive:  {base['rate']:.1f}/s", flush=True)

    ids = [r["id"] for r in rows]
    same = [i for i in ids if essence(shared["verdicts"][i]) == essence(strict["verdicts"][i])]
    differ = [i for i in ids if i not in set(same)]
    expected = {r["id"]: r["model"] == "canonical" for r in rows}

    def right(verdicts):
        return sum((verdicts[i]["status"] == "passed") == expected[i] for i in ids)

    naive_right = sum(base["passed"][i] == expected[i] for i in base["passed"])
    print()
    print("| mode | candidates | seconds | candidates/s | vs naive | as expected (canonical passes, buggy fails) |")
    print("|---|---|---|---|---|---|")
    for r, correct in ((shared, right(shared["verdicts"])), (strict, right(strict["verdicts"]))):
        print(f"| arbiter {r['mode']} | {r['verified']} | {r['seconds']:.1f} (JVM incl.: {r['wall']:.1f}) | "
              f"{r['rate']:.1f} | {r['rate'] / base['rate']:.1f}x | {correct}/{len(ids)} |")
    print(f"| naive docker run --rm | {base['verified']} | {base['seconds']:.1f} | {base['rate']:.1f} | 1.0x | "
          f"{naive_right}/{base['verified']} |")
    print()
    print(f"shared vs strict: {shared['rate'] / strict['rate']:.1f}x; identical verdicts (status, reason, confidence, "
          f"tests) for {len(same)}/{len(ids)}")
    for i in differ[:10]:
        print(f"  differs: {i}: shared {essence(shared['verdicts'][i])} strict {essence(strict['verdicts'][i])}")
    tallies = rerun(differ[:10], rows, workdir, args.concurrency, args.repeats) if differ and args.repeats else {}
    for i, modes in tallies.items():
        print(f"  {i} scored {args.repeats} more times per mode, reasons: shared {modes.get('shared')} "
              f"strict {modes.get('strict')}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"shared": {k: v for k, v in shared.items() if k != "verdicts"},
                       "strict": {k: v for k, v in strict.items() if k != "verdicts"},
                       "naive": {k: v for k, v in base.items() if k != "passed"},
                       "identical": len(same), "candidates": len(ids), "differs": differ, "reruns": tallies},
                      f, indent=2)
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())

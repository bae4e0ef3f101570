#!/usr/bin/env python3
"""Batch-scoring benchmark: `arbiter score` in shared and in strict mode, a naive `docker run --rm` per candidate and
the bare toolchain, side by side in one run, for each language of HumanEvalPack (164 canonical + 164 buggy programs
each, read from ../shared/datasets, never copied into the project) and for a mixed file of all of them. Started by
`./arbiter bench-batch`; see docs/benchmarks.md.

Per language:
- arbiter shared / strict: `arbiter score` on the language's 328 programs from scratch (fresh output), the CLI's
  defaults, the launcher's JVM flags; the rate is verdicts per second over the scoring itself (JVM start-up and
  what runs before the first candidate reported apart). The verdicts of the two modes are compared one by one:
  status, reason, confidence and tests passed/total.
- naive: prompt + solution + tests as one program, one `docker run --rm` per candidate with the sandbox's isolation
  flags and the runtime's memory and time limit (its run timeout, + 10 s to build a compiled language), compiled and
  run as a simple evaluator would (javac + java, g++, go test, rustc
  --test, node, python3), --naive-concurrency at a time; a zero exit status counts as a pass.
- bare: the same commands with no container per candidate: every candidate compiled and run one after another in
  ONE long-lived container of the runtime's image (the sandbox's own toolchain and libraries), --naive-concurrency
  at a time. It is the toolchain's own cost, the floor of any sandbox.
CPU per candidate: the machine's busy CPU time (/proc/stat: all but idle and iowait) over the mode's run, divided by
its candidates; it includes the engine's and the service's work, and anything else running on the machine.

Usage: batch_bench.py [--languages python,java,...] [--no-mixed | --mixed N] [--naive N] [--bare N] [--data DIR]
                      [--json FILE]
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RATE = re.compile(r"(\d+) verified in ([\d.]+) s: ([\d.]+) verdicts/s")
BEGUN = re.compile(r"first candidate started ([\d.]+) s")
FIRST = re.compile(r"first verdict ([\d.]+) s")
LANGUAGES = ["python", "java", "javascript", "cpp", "go", "rust"]
FOLDER = {"python": "python", "java": "java", "javascript": "js", "cpp": "cpp", "go": "go", "rust": "rust"}
IMAGE = {"python": "python", "java": "java", "javascript": "node", "cpp": "cpp", "go": "go", "rust": "rust"}
MEMORY_MB = {"python": 256, "java": 512, "javascript": 256, "cpp": 256, "go": 768, "rust": 512}
RUST = ("rustc --edition=2021 --test -C debuginfo=0 -C opt-level=0 --cap-lints allow -L dependency=/opt/arbiter/rust/deps"
        " --extern rand=/opt/arbiter/rust/librand.rlib --extern regex=/opt/arbiter/rust/libregex.rlib"
        " --extern md5=/opt/arbiter/rust/libmd5.rlib")
# How a simple evaluator builds and runs one candidate in directory $D (its files, read-only) with scratch space $T.
COMMAND = {
    "python": "python3 $D/program.py",
    "javascript": "node $D/program.js",
    "java": "javac -nowarn -d $T $D/Main.java && java -ea -cp $T Main",
    "cpp": "g++ -std=c++17 -O0 -o $T/a $D/program.cpp -lcrypto && $T/a",
    "go": "mkdir -p $T/src && cp $D/*.go $T/src/ && cd $T/src && TMPDIR=$T go test -vet=off -count=1 .",
    "rust": RUST + " -o $T/t $D/program.rs && $T/t",
}


def time_limit(language):
    """A baseline's limit for one candidate: the runtime's run timeout (runtime.yaml), plus 10 s to build a compiled
    language; a hang costs a baseline that long, as it costs Arbiter its own budgets."""
    with open(os.path.join(ROOT, "sandbox-images", IMAGE[language], "runtime.yaml"), encoding="utf-8") as f:
        text = f.read()
    run = int(re.search(r"run-timeout-seconds:\s*(\d+)", text).group(1))
    compiled = int(re.search(r"compile-timeout-seconds:\s*(\d+)", text).group(1)) > 0
    return run + (10 if compiled else 0)


def image(language):
    """The image this checkout's service uses: its tag is the content hash that sandbox-images/build.sh computes."""
    folder = IMAGE[language]
    tag = subprocess.run(["bash", "-c", "cd sandbox-images && export LC_ALL=C && find base shared " + folder
                          + " -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    name = f"arbiter-sandbox/{folder}:{tag}"
    if subprocess.run(["docker", "image", "inspect", name], capture_output=True).returncode != 0:
        sys.exit(f"no {name} image: run ./arbiter images")
    return name


def write_input(data, language, path):
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, os.path.join(ROOT, "load-tests", "humanevalpack_responses.py"), data,
                        FOLDER[language]], stdout=out, check=True)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def busy_cpu_seconds():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / ticks


def score(mode, inp, workdir, name):
    out = os.path.join(workdir, f"verdicts-{name}-{mode}.jsonl")
    command = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.http.port=0", "-Dquarkus.log.level=WARN",
               "-jar", "target/quarkus-app/quarkus-run.jar", "score", "--in", inp, "--out", out, "--mode", mode]
    cpu = busy_cpu_seconds()
    started = time.perf_counter()
    env = dict(os.environ, ARBITER_LAUNCHED_AT=str(int(time.time() * 1000)))  # start-up counted from here
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    cpu = busy_cpu_seconds() - cpu
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
    first = FIRST.search(run.stdout)
    begun = BEGUN.search(run.stdout)
    return {"mode": mode, "verified": int(m.group(1)), "seconds": float(m.group(2)), "rate": float(m.group(3)),
            "wall": wall, "first": float(first.group(1)) if first else None,
            "begun": float(begun.group(1)) if begun else None, "cpu_ms": 1000 * cpu / int(m.group(1)),
            "verdicts": verdicts}


def essence(v):
    tests = v.get("tests") or {}
    return (v["status"], v.get("reason"), v["confidence"], tests.get("passed"), tests.get("total"))


def program_files(language, row):
    """The candidate as one program, as a simple evaluator writes it: {file name: text}."""
    task = row["task"]
    body = task["prompt"] + row["response"]
    tests = task["tests"]
    if language == "python":
        return {"program.py": body + "\n" + tests + "\n"}
    if language == "javascript":
        return {"program.js": body + "\n" + tests + "\n"}
    if language == "java":
        return {"Main.java": body + "\n" + tests + "\n"}
    if language == "cpp":
        return {"program.cpp": body + "\n" + tests + "\n"}
    if language == "rust":
        return {"program.rs": body + "\n" + tests + "\n"}
    if language == "go":
        # the dataset keeps the package clause and the test imports with the tests (test_setup)
        return {"main.go": "package main\n\n" + body + "\n", "main_test.go": tests + "\n"}
    raise ValueError(language)


def stage(language, rows, workdir, kind):
    """Writes each candidate's program into its own folder; returns the folders, in order."""
    folders = []
    for i, row in enumerate(rows):
        d = os.path.join(workdir, f"{kind}-{language}", f"c{i}")
        os.makedirs(d, exist_ok=True)
        for name, text in program_files(language, row).items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        os.chmod(d, 0o755)
        folders.append(d)
    os.chmod(os.path.join(workdir, f"{kind}-{language}"), 0o755)
    return folders


ISOLATION = ["--network", "none", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--read-only",
             "--user", "65534:65534", "--cpus", "1"]


def naive(language, rows, workdir, concurrency):
    img = image(language)
    folders = stage(language, rows, workdir, "naive")
    mem = f"{MEMORY_MB[language]}m"

    def one(i):
        began = time.perf_counter()
        run = subprocess.run(["docker", "run", "--rm", *ISOLATION, "--memory", mem, "--memory-swap", mem,
                              "--pids-limit", "256", "--tmpfs", "/work:rw,exec,nosuid,nodev,size=128m,uid=65534,gid=65534,mode=0700",
                              "-v", f"{folders[i]}:/task:ro", "-e", "D=/task", "-e", "T=/work", img,
                              "timeout", "-s", "KILL", str(time_limit(language)), "sh", "-c", COMMAND[language]],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        return rows[i]["id"], (run.returncode == 0, 1000 * (time.perf_counter() - began))

    cpu = busy_cpu_seconds()
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        outcomes = dict(pool.map(one, range(len(rows))))
    seconds = time.perf_counter() - started
    cpu = busy_cpu_seconds() - cpu
    return {"mode": "naive", "verified": len(rows), "seconds": seconds, "rate": len(rows) / seconds,
            "cpu_ms": 1000 * cpu / len(rows), "median_ms": statistics.median(ms for _, ms in outcomes.values()),
            "passed": {k: ok for k, (ok, _) in outcomes.items()}}


def bare(language, rows, workdir, concurrency):
    """Every candidate in one long-lived container: the toolchain's cost with no container per candidate."""
    img = image(language)
    folders = stage(language, rows, workdir, "bare")
    parent = os.path.dirname(folders[0])
    mem = f"{MEMORY_MB[language] * concurrency}m"
    name = f"arbiter-bench-bare-{os.getpid()}-{language}"
    subprocess.run(["docker", "run", "-d", "--name", name, *ISOLATION[:-2], "--cpus", str(concurrency),
                    "--memory", mem, "--memory-swap", mem, "--pids-limit", "1024",
                    "--tmpfs", "/work:rw,exec,nosuid,nodev,size=1g,uid=65534,gid=65534,mode=0700",
                    "-v", f"{parent}:/tasks:ro", "--entrypoint", "sleep", img, "3600"],
                   check=True, stdout=subprocess.DEVNULL)
    # One shell per worker, each taking every `concurrency`-th candidate; each candidate gets a fresh scratch dir.
    script = ("w=$1; n=$2; i=$w; while [ $i -lt " + str(len(rows)) + " ]; do D=/tasks/c$i; T=/work/s$i; mkdir -p $T; "
              "s=$(date +%s%N); ( export D T; timeout -s KILL " + str(time_limit(language)) + " sh -c "
              + shlex.quote(COMMAND[language]) + " >/dev/null 2>&1 ) 2>/dev/null; rc=$?; e=$(date +%s%N); "
              "echo \"$i $rc $(( (e - s) / 1000000 ))\"; rm -rf $T; i=$((i + n)); done")
    try:
        cpu = busy_cpu_seconds()
        started = time.perf_counter()
        procs = [subprocess.Popen(["docker", "exec", name, "sh", "-c", script, "worker", str(w), str(concurrency)],
                                  stdout=subprocess.PIPE, text=True) for w in range(concurrency)]
        results = {}
        times = []
        for p in procs:
            out, _ = p.communicate(timeout=3600)
            for line in out.strip().splitlines():
                i, rc, ms = line.split()
                results[rows[int(i)]["id"]] = rc == "0"
                times.append(int(ms))
        seconds = time.perf_counter() - started
        cpu = busy_cpu_seconds() - cpu
    finally:
        subprocess.run(["docker", "rm", "-f", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"mode": "bare", "verified": len(rows), "seconds": seconds, "rate": len(rows) / seconds,
            "cpu_ms": 1000 * cpu / len(rows), "median_ms": statistics.median(times), "passed": results}


def one_language(name, rows, inp, workdir, args, baselines):
    expected = {r["id"]: r["model"] == "canonical" for r in rows}
    ids = [r["id"] for r in rows]
    shared = score("shared", inp, workdir, name)
    print(f"{name} shared: {shared['rate']:.1f}/s", flush=True)
    strict = score("strict", inp, workdir, name)
    print(f"{name} strict: {strict['rate']:.1f}/s", flush=True)
    result = {"language": name, "candidates": len(rows), "shared": shared, "strict": strict}
    if baselines:
        result["naive"] = naive(name, rows[:args.naive] if args.naive else rows, workdir, args.naive_concurrency)
        print(f"{name} naive: {result['naive']['rate']:.1f}/s", flush=True)
        result["bare"] = bare(name, rows[:args.bare] if args.bare else rows, workdir, args.naive_concurrency)
        print(f"{name} bare: {result['bare']['rate']:.1f}/s", flush=True)
    result["identical"] = sum(essence(shared["verdicts"][i]) == essence(strict["verdicts"][i]) for i in ids)
    result["differs"] = [i for i in ids if essence(shared["verdicts"][i]) != essence(strict["verdicts"][i])]
    for mode in ("shared", "strict"):
        v = result[mode]["verdicts"]
        result[mode]["right"] = sum((v[i]["status"] == "passed") == expected[i] for i in ids)
    for mode in ("naive", "bare"):
        if mode in result:
            p = result[mode]["passed"]
            result[mode]["right"] = sum(p[i] == expected[i] for i in p)
    return result


def table(results):
    def f(x, fmt):
        return "-" if x is None else fmt.format(x)

    print()
    print("| language | shared /s | strict /s | naive docker run /s | bare toolchain /s | shared vs naive | strict vs naive "
          "| shared vs bare | CPU ms per candidate (shared / strict / naive / bare) | median ms per candidate (naive / bare) "
          "| first candidate started / first verdict after (shared) "
          "| identical verdicts | as expected (shared / strict / naive / bare) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        s, t, n, b = r["shared"], r["strict"], r.get("naive"), r.get("bare")
        k = r["candidates"]
        cells = [r["language"], f(s["rate"], "{:.1f}"), f(t["rate"], "{:.1f}"), f(n and n["rate"], "{:.1f}"),
                 f(b and b["rate"], "{:.1f}"), f(n and s["rate"] / n["rate"], "{:.1f}x"),
                 f(n and t["rate"] / n["rate"], "{:.1f}x"), f(b and s["rate"] / b["rate"], "{:.2f}x"),
                 " / ".join(f(x, "{:.0f}") for x in (s["cpu_ms"], t["cpu_ms"], n and n["cpu_ms"], b and b["cpu_ms"])),
                 " / ".join(f(x and x.get("median_ms"), "{:.0f}") for x in (n, b)),
                 f(s["begun"], "{:.2f} s") + " / " + f(s["first"], "{:.2f} s"), f"{r['identical']}/{k}",
                 f"{s['right']}/{k} / {t['right']}/{k} / " + (f"{n['right']}/{n['verified']}" if n else "-") + " / "
                 + (f"{b['right']}/{b['verified']}" if b else "-")]
        print("| " + " | ".join(cells) + " |")
    for r in results:
        for i in r["differs"][:10]:
            print(f"  {r['language']} differs: {i}: shared {essence(r['shared']['verdicts'][i])} "
                  f"strict {essence(r['strict']['verdicts'][i])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets"))
    ap.add_argument("--languages", default=",".join(LANGUAGES))
    ap.add_argument("--no-mixed", action="store_true", help="skip the mixed-language file")
    ap.add_argument("--mixed", type=int, default=0,
                    help="programs per language in the mixed file, taken in file order (0: all 328)")
    ap.add_argument("--naive-concurrency", type=int, default=2, help="workers of the naive and bare baselines")
    ap.add_argument("--naive", type=int, default=60, help="candidates per language for the naive baseline (0: all)")
    ap.add_argument("--bare", type=int, default=60, help="candidates per language for the bare baseline (0: all)")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()
    languages = [x for x in args.languages.split(",") if x]
    unknown = set(languages) - set(LANGUAGES)
    if unknown:
        sys.exit(f"unknown languages: {sorted(unknown)}")

    workdir = tempfile.mkdtemp(prefix="arbiter-batch-bench-")
    os.chmod(workdir, 0o755)
    results = []
    everything = []
    for language in languages:
        inp = os.path.join(workdir, f"hep-{language}.jsonl")
        rows = write_input(args.data, language, inp)
        everything += rows
        print(f"{len(rows)} candidates from HumanEvalPack {language}; work dir {workdir}", flush=True)
        results.append(one_language(language, rows, inp, workdir, args, baselines=True))
    if not args.no_mixed and len(languages) > 1:
        inp = os.path.join(workdir, "hep-mixed.jsonl")
        # interleaved, as a multi-language benchmark file would come: one of each language in turn
        by_language = [[r for r in everything if r["task"]["language"] == lang] for lang in
                       [r["task"]["language"] for r in everything[::328]]]
        if args.mixed:
            by_language = [group[:args.mixed] for group in by_language]
        mixed = [row for group in zip(*by_language) for row in group]
        with open(inp, "w", encoding="utf-8") as f:
            for row in mixed:
                f.write(json.dumps(row) + "\n")
        print(f"{len(mixed)} candidates, all languages interleaved", flush=True)
        results.append(one_language("mixed", mixed, inp, workdir, args, baselines=False))
    table(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump([{k: ({m: x for m, x in v.items() if m not in ("verdicts", "passed")} if isinstance(v, dict) else v)
                        for k, v in r.items()} for r in results], f, indent=2)
    return 0 if all(not r["differs"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

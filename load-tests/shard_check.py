#!/usr/bin/env python3
"""Sharded scoring gives the verdicts of one run: the 328 HumanEvalPack Python programs (read from ../shared/datasets)
scored once whole, then as --shard 1/N .. N/N (one after another, each its own process and output) and joined by
`arbiter score merge --in`, and the two verdict files compared id by id on status, reason, confidence and tests
passed/total. Candidates whose verdicts differ are scored --repeats more times whole, to tell a verdict that varies
from run to run (a candidate at the edge of two limits) from a difference the sharding makes.

    mvn -B -q package -DskipTests
    python3 load-tests/shard_check.py [--shards 4] [--mode shared] [--repeats 3] [--json out.json]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "load-tests"))
from batch_bench import essence, write_input  # noqa: E402

JAVA = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dquarkus.log.level=WARN", "-jar",
        "target/quarkus-app/quarkus-run.jar"]


def run(args):
    started = time.perf_counter()
    done = subprocess.run(JAVA + args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"arbiter {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout, time.perf_counter() - started


def verdicts(path):
    with open(path, encoding="utf-8") as f:
        return {row["id"]: row["verdict"] for row in map(json.loads, f)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets"))
    p.add_argument("--shards", type=int, default=4)
    p.add_argument("--mode", default="shared")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--json")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="arbiter-shards-")
    inp = os.path.join(work, "responses.jsonl")
    rows = write_input(args.data, inp)
    whole_out = os.path.join(work, "whole.jsonl")
    _, whole_seconds = run(["score", "--in", inp, "--out", whole_out, "--mode", args.mode])
    parts, sizes, shard_seconds = [], [], []
    for i in range(1, args.shards + 1):
        out = os.path.join(work, f"shard-{i}.jsonl")
        _, seconds = run(["score", "--in", inp, "--out", out, "--mode", args.mode, "--shard", f"{i}/{args.shards}"])
        parts.append(out)
        sizes.append(len(verdicts(out)))
        shard_seconds.append(seconds)
    merged_out = os.path.join(work, "merged.jsonl")
    merge_stdout, _ = run(["score", "merge", "--in", inp, "--out", merged_out, *parts])
    whole, merged = verdicts(whole_out), verdicts(merged_out)
    differ = sorted(i for i in whole if essence(whole[i]) != essence(merged.get(i, whole[i])))
    varies = {}
    if differ and args.repeats:
        subset = os.path.join(work, "differ.jsonl")
        with open(subset, "w", encoding="utf-8") as f:
            for row in rows:
                if row["id"] in differ:
                    f.write(json.dumps(row) + "\n")
        seen = collections.defaultdict(set)
        for r in range(args.repeats):
            out = os.path.join(work, f"repeat-{r}.jsonl")
            run(["score", "--in", subset, "--out", out, "--mode", args.mode])
            for i, v in verdicts(out).items():
                seen[i].add(essence(v))
        varies = {i: sorted(map(str, seen[i] | {essence(whole[i]), essence(merged[i])})) for i in differ}
    result = {"items": len(rows), "whole": len(whole), "merged": len(merged), "same_ids": set(whole) == set(merged),
              "shard_sizes": sizes, "identical": len(whole) - len(differ), "differ": differ, "varies": varies,
              "whole_seconds": whole_seconds, "shard_seconds": shard_seconds}
    print(f"{len(rows)} items; whole run {len(whole)} verdicts in {whole_seconds:.0f} s; shards {sizes} "
          f"({', '.join(f'{s:.0f} s' for s in shard_seconds)}); merged {len(merged)}, same ids: {result['same_ids']}")
    print(f"identical verdicts (status, reason, confidence, tests): {result['identical']} of {len(whole)}")
    for i in differ:
        print(f"  {i}: whole {essence(whole[i])}, merged {essence(merged[i])}; over {args.repeats} more whole runs: "
              f"{varies.get(i)}")
    print(next((line for line in merge_stdout.splitlines() if line.startswith("Merged")), merge_stdout.strip()))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
    sys.exit(0 if result["same_ids"] and len(merged) == len(rows) else 1)


if __name__ == "__main__":
    main()

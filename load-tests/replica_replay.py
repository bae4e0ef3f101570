#!/usr/bin/env python3
"""Routing quality through replicas: the CodeRouterBench ID test stream replayed over HTTP, one task at a time, through
one service and through two services sharing one PostgreSQL (round-robin: task i goes to replica i mod 2, and its
feedback to the same replica). Each configuration gets a fresh, throwaway PostgreSQL database, so every run starts
cold. Prints AvgPerf / CumReg / $Total per configuration (the definitions of `arbiter replay`) and route latency.

    mvn -B -q package -DskipTests          # target/quarkus-app
    python3 load-tests/replica_replay.py [--limit N] [--repeats R] [--json out.json]

Needs ../shared/coderouterbench (README, Data) and Debian's PostgreSQL server programs (./arbiter test installs them).
Sandboxes are off (routing and feedback only). Scores and costs fed back are the benchmark's recorded ones.
"""
import argparse
import csv
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arbiter_service as svc  # noqa: E402

LAMBDA = 0.1  # the service's arbiter.router.lambda default: reward = score - 0.1 x cost


def load(data):
    tasks = [json.loads(line) for line in open(os.path.join(data, "id_test_tasks.jsonl"), encoding="utf-8")]
    outcomes = {}
    with open(os.path.join(data, "id_test_results_long.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            outcomes.setdefault(row["task_id"], {})[row["model"]] = (float(row["score"]), float(row["cost_usd"]))
    return [t for t in tasks if t["task_id"] in outcomes], outcomes


def post(url, key, path, body):
    status, _, data = svc.call(url, "POST", path, json.dumps(body), svc.bearer(key))
    if status != 200:
        sys.exit(f"{url}{path}: HTTP {status}: {data[:500]!r}")
    return json.loads(data)


def replay(urls, key, tasks, outcomes):
    perf = regret = cost = 0.0
    latencies = []
    started = time.monotonic()
    for i, task in enumerate(tasks):
        url = urls[i % len(urls)]
        t0 = time.monotonic()
        decision = post(url, key, "/v1/route", {"task": {"id": task["task_id"], "dimension": task["dimension"]}})
        latencies.append((time.monotonic() - t0) * 1000)
        model = decision["model"]
        score, spent = outcomes[task["task_id"]][model]
        post(url, key, "/v1/feedback", {"decisionId": decision["decisionId"], "model": model, "score": score,
                                        "cost": spent})
        oracle = max(s - LAMBDA * c for s, c in outcomes[task["task_id"]].values())
        perf += score
        regret += oracle - (score - LAMBDA * spent)
        cost += spent
    n = len(tasks)
    return {"tasks": n, "avg_perf": 100 * perf / n, "cum_reg": regret, "total_cost": cost,
            "seconds": time.monotonic() - started, "route_p50_ms": svc.pct(latencies, 50),
            "route_p99_ms": svc.pct(latencies, 99)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.join(svc.ROOT, "..", "shared", "coderouterbench"))
    p.add_argument("--limit", type=int, default=0, help="first N tasks of the stream (default: all)")
    p.add_argument("--repeats", type=int, default=1, help="runs of each configuration (default 1)")
    p.add_argument("--json", help="write the results here")
    args = p.parse_args()
    if not os.path.exists(svc.JAR):
        sys.exit("build first: mvn -B -q package -DskipTests")
    tasks, outcomes = load(args.data)
    if args.limit:
        tasks = tasks[:args.limit]
    work = tempfile.mkdtemp(prefix="arbiter-replicas-")
    key = svc.new_key()
    keys = svc.write_keys(work, [("replay", "admin", key)], "replica_replay.py")
    results = []
    with svc.Postgres(tempfile.mkdtemp(prefix="arbiter-pg-")) as pg:
        for repeat in range(args.repeats):
            for replicas in (1, 2):
                url = pg.new_database()
                procs = []
                try:
                    for r in range(replicas):
                        procs.append(svc.start_service(keys, os.path.join(work, f"service-{repeat}-{replicas}-{r}.log"),
                                                       ["-Darbiter.sandbox.enabled=false", "-Darbiter.db.url=" + url,
                                                        "-Darbiter.quota.requests-per-second=10000", "-Darbiter.quota.burst=10000"]))
                    run = replay([u for _, u in procs], key, tasks, outcomes)
                finally:
                    for proc, _ in procs:
                        svc.stop_service(proc)
                run.update(replicas=replicas, repeat=repeat)
                results.append(run)
                print(f"{replicas} replica(s), run {repeat + 1}: AvgPerf {run['avg_perf']:.2f} %, CumReg "
                      f"{run['cum_reg']:.1f}, $Total {run['total_cost']:.2f}, {run['tasks']} tasks in "
                      f"{run['seconds']:.0f} s, route p50 {run['route_p50_ms']:.1f} ms / p99 {run['route_p99_ms']:.1f} ms",
                      flush=True)
    print("\n| replicas | run | AvgPerf % | CumReg | $Total | route p50 ms | route p99 ms |\n|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['replicas']} | {r['repeat'] + 1} | {r['avg_perf']:.2f} | {r['cum_reg']:.1f} | {r['total_cost']:.2f} "
              f"| {r['route_p50_ms']:.1f} | {r['route_p99_ms']:.1f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()

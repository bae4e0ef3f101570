#!/usr/bin/env python3
"""Route and feedback latency on each store, side by side in one run: `arbiter bench-router` with the service's own
store an H2 file (the embedded default) and then a throwaway PostgreSQL (Debian's server programs), each filled with
--entries experiences that the service's orchestrator reads into its memory before the timed calls.

    mvn -B -q package -DskipTests
    python3 load-tests/store_latency.py [--entries 20000] [--samples 500]
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arbiter_service as svc  # noqa: E402


def bench(url, entries, samples):
    done = subprocess.run(["java", "-Dquarkus.log.level=WARN", "-Darbiter.db.url=" + url, "-jar", svc.JAR, "bench-router",
                           "--entries", str(entries), "--samples", str(samples)], cwd=svc.ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.exit(f"bench-router on {url} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout, done.stderr


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--entries", type=int, default=20000)
    p.add_argument("--samples", type=int, default=500)
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="arbiter-store-latency-")
    h2 = "jdbc:h2:file:" + os.path.join(work, "arbiter") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
    with svc.Postgres(tempfile.mkdtemp(prefix="arbiter-pg-")) as pg:
        for name, url in (("H2 file", h2), ("PostgreSQL", pg.new_database())):
            out, err = bench(url, args.entries, args.samples)
            print(f"## {name}\n\n{err.strip()}\n\n{out.strip()}\n", flush=True)


if __name__ == "__main__":
    main()

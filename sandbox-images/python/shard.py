"""Arbiter's shared-mode runner: PID 1 of a shard container, which checks many candidates one after another.

The container (no network, read-only root, capped memory/CPU/pids) is shared by the shard; each candidate gets its
own process, its own user id, its own fresh directory and its own limits, and nothing of it outlives its turn:

- At start-up, before any job, the runner forks the zygote (zygote.py) with the harness and the common modules
  imported; every candidate process is forked from it, so none holds anything the runner has read since (another
  job's tests, nonce or candidate code).
- Jobs arrive on stdin: a line "job <id> <timeout-ms> <bytes>", then the files (see unpack); "end" closes the shard.
- Per job the runner is the judge (judge.py): it compiles the program and plans the tests (harness.prepare), creates
  /work/c<uid> (0700, owned by a uid no other candidate of the shard has; /work itself is 0711, so nobody lists it)
  and has the zygote start the candidate there (OOM score 1000, own session, rlimits: CPU seconds, processes, no
  core). The judge runs the tests in its own process; each call of the candidate's code crosses to the candidate's
  process as plain data.
- The runner keeps root with only CAP_SETUID/CAP_SETGID/CAP_CHOWN/CAP_KILL (and is not dumpable): a candidate can
  neither signal nor trace it, nor read another candidate's files. The candidate's stdin is /dev/null, its
  stdout/stderr one pipe to the runner, its only other descriptors its call pipes.
- The runner caps the candidate's output and kills on a flood (16 x the cap, as strict mode does) or at the
  wall-clock timeout. A candidate that ends on its own removes its directory; if any process of its uid or its
  directory is left (or it was killed), the zygote's cleaner, running under that uid, kills every process of the uid
  and removes the directory.
- Each result is one line on stdout: "@@result " + JSON: the exit status, why it was killed, the judge's report as
  "stdout" (capped at 1 MiB, apart from the candidate's output) and the candidate's output as "stderr" (capped at
  the runtime's output cap), base64, with the byte counts seen. Status as the one-candidate agent reports it: the
  exit code (0-127), 128 + signal, 255 when the kernel killed it for memory, 0 when the judge ended it.

Usage: shard.py <uid-base> <output-cap-bytes> <max-processes>
"""
import base64
import gc
import json
import os
import sys
import time

sys.path.insert(0, "/opt/arbiter")
import agent  # noqa: E402  (read_line, read_exactly, not_dumpable; imports the harness, the judge, the zygote)

harness = agent.harness
judge = agent.judge
zygote = agent.zygote
WORK = "/work"
FLOOD_FACTOR = 16
REPORT_CAP = 1 << 20


def unpack(data):
    """The job's files, {name: bytes}: each is a line "<size> <octal mode> <relative name>", then its bytes."""
    files = {}
    at = 0
    while at < len(data):
        end = data.index(b"\n", at)
        size, _mode, name = data[at:end].decode("utf-8").split(" ", 2)
        at = end + 1
        files[name] = data[at:at + int(size)]
        at += int(size)
    return files


class Capture:
    """The candidate's output: up to `cap` bytes kept, all bytes counted; past FLOOD_FACTOR x cap, the job stops."""

    def __init__(self, cap, on_flood):
        self.cap = cap
        self.kept = bytearray()
        self.seen = 0
        self.on_flood = on_flood
        self.flooded = False

    def add(self, chunk):
        self.seen += len(chunk)
        room = self.cap - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]
        if self.seen > FLOOD_FACTOR * self.cap and not self.flooded:
            self.flooded = True
            self.on_flood()


def run(spawner, uid, data, timeout, cap, limits):
    started = time.monotonic()
    files = unpack(data)
    try:
        prepared = harness.prepare(files)
        meta = json.loads(files["meta.json"])
        nonce = meta["nonce"]
    except Exception:  # noqa: BLE001  (a job the runner cannot read: no report, never a pass)
        harness.traceback.print_exc()
        return {"status": 70, "killedBy": None, "ms": 0, "stdout": "", "stdoutSeen": 0, "stderr": "", "stderrSeen": 0}
    home = os.path.join(WORK, f"c{uid}")
    os.mkdir(home, 0o700)
    os.chown(home, uid, uid)
    spawned = []

    def flood():
        j.aborted = "output_limit"
        raise judge.Aborted("output_limit")

    output = Capture(cap, flood)

    def spawn():
        if spawned:
            spawner.clean(uid, home, remove=False)
        spawned.append(1)
        return judge.CandidateProcess(spawner, uid, home, limits, output)

    # The run limit counts CPU seconds (judge.Judge); the job's wall-clock time (STARVED_FACTOR x it, from the
    # service) is the backstop.
    j = judge.Judge(prepared, spawn, deadline=started + timeout, cpu_limit=judge.run_limit_seconds(meta))
    killed_by = None
    try:
        j.run()
    except judge.Aborted as e:
        killed_by = e.killed_by
        j.stop_candidate()
    status = 0 if killed_by else j.exit_code()
    if not tidy(home) or processes_of(uid):
        spawner.clean(uid, home)
        settle(spawner, uid)
        tidy(home)
    report = j.report(nonce).encode("utf-8", "replace")
    elapsed = time.monotonic() - started
    return {"status": status, "killedBy": killed_by, "ms": round(elapsed * 1000, 2),
            "stdout": base64.b64encode(report[:REPORT_CAP]).decode("ascii"), "stdoutSeen": len(report),
            "stderr": base64.b64encode(bytes(output.kept)).decode("ascii"), "stderrSeen": output.seen}


def tidy(home):
    """Removes the candidate's (emptied) directory; False when something is still in it."""
    try:
        os.rmdir(home)
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def reap():
    """Collects orphans re-parented to this PID 1."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def processes_of(uid):
    """Processes of the uid in this container, zombies included (they still hold a pid until reaped)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            found.append(int(name))
                        break
        except (OSError, ValueError):
            continue
    return found


def settle(spawner, uid):
    """Waits (at most a second) until every killed process of the uid is dead and reaped: the next candidate finds
    none of them."""
    deadline = time.monotonic() + 1.0
    while True:
        reap()
        if not processes_of(uid) or time.monotonic() > deadline:
            return
        spawner.clean(uid, None, remove=False)
        time.sleep(0.001)


def main():
    agent.not_dumpable()
    # The engine copies the image's /work mode onto the tmpfs; the runner owns it and sets its own: candidates may
    # pass through to their own directory, nothing more.
    os.chmod(WORK, 0o711)
    uid_base, cap, nproc = (int(a) for a in sys.argv[1:4])
    jobs = os.dup(0)
    results = os.fdopen(os.dup(1), "w", buffering=1, encoding="ascii")
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # the test code's own prints go to stderr, never into the results
    harness.preload()
    gc.freeze()
    spawner = zygote.start()
    served = 0
    while True:
        header = agent.read_line(jobs).split()
        if header == ["end"]:
            break
        if len(header) != 4 or header[0] != "job":
            raise EOFError("malformed job header")
        job_id, timeout_ms, size = header[1], int(header[2]), int(header[3])
        data = agent.read_exactly(jobs, size)
        timeout = timeout_ms / 1000.0
        limits = {"cpu": int(timeout) + 1, "nproc": nproc}
        result = run(spawner, uid_base + served, data, timeout, cap, limits)
        served += 1
        result["id"] = job_id
        results.write("@@result " + json.dumps(result) + "\n")
        reap()
    results.write("@@end\n")
    results.flush()


if __name__ == "__main__":
    main()

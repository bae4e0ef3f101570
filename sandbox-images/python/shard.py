"""Arbiter's shared-mode runner: PID 1 of a shard container, which checks many candidates one after another.

The container (no network, read-only root, capped memory/CPU/pids) is shared by the shard; each candidate gets its
own process, its own user id, its own fresh directory and its own limits, and nothing of it outlives its turn:

- Jobs arrive on stdin: a line "job <id> <timeout-ms> <bytes>", then the files (see unpack); "end" closes the shard.
- Per job the runner compiles the program and the tests (harness.prepare, which runs none of it), then forks. The
  child raises its own OOM score (a memory bomb is the one the kernel kills), enters a new session, sets its rlimits
  (CPU seconds, processes, no core), drops to a user id no other candidate of the shard has, creates /work/c<uid>
  (mode 0700; /work itself is 1733, so nobody lists it), writes its files there and runs the compiled tests with the
  harness already imported: no exec, no interpreter start-up, no compiling in fresh memory.
- The runner keeps root with only CAP_SETUID/CAP_SETGID (and is not dumpable): a candidate can neither signal nor
  trace it, nor read another candidate's files. The child's stdin is /dev/null, its stdout/stderr are pipes to the
  runner, every other descriptor is closed, so it cannot reach the runner's channel to the service.
- The runner caps stdout and stderr separately and kills on a flood (both over 16 x the cap, as strict mode does) or
  at the wall-clock timeout. A candidate that ends on its own removes its directory; if any process of its uid or
  its directory is left (or it was killed), a cleaner forked under that uid kills every process of the uid and
  removes the directory.
- After a fork every page a process writes takes a copy-on-write fault, dear on virtual machines: objects are frozen
  out of the garbage collector's reach before each fork, and the job's data is freed only once the child is gone.
- Each result is one line on stdout: "@@result " + JSON (exit status, why it was killed, base64 outputs and the
  byte counts seen). Status as the one-candidate agent reports it: the exit code (0-127), 128 + signal, 255 when
  the kernel killed it for memory.

Usage: shard.py <uid-base> <output-cap-bytes> <max-processes>
"""
import base64
import gc
import json
import os
import resource
import select
import shutil
import signal
import sys
import time

sys.path.insert(0, "/opt/arbiter")
import agent  # noqa: E402  (read_line, read_exactly, oom count; imports the harness for the children)

harness = agent.harness
harness.preload()
WORK = "/work"
FLOOD_FACTOR = 16
DRAIN_SECONDS = 2.0


def candidate(uid, files, prepared, limits):
    """The child: becomes the candidate and never returns."""
    code = 70
    try:
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
        os.setsid()
        cpu = limits["cpu"]
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        home = os.path.join(WORK, f"c{uid}")
        os.mkdir(home, 0o700)
        for name, content in files.items():
            if name != "meta.json":
                write(home, name, content)
        del files
        os.chdir(home)
        os.environ["HOME"] = home
        os.environ["TMPDIR"] = home
        harness.WORK = home
        if isinstance(prepared, BaseException):
            raise prepared
        code = 0
        harness.run(prepared)
        # Tidy up after itself; the runner checks, and sends the cleaner if anything of this uid is left.
        os.chdir(WORK)
        shutil.rmtree(home, ignore_errors=True)
    except BaseException:
        harness.traceback.print_exc()
        code = 70
    sys.stderr.flush()
    os._exit(code)


def unpack(data):
    """The job's files, {name: (octal mode, bytes)}: each is a line "<size> <octal mode> <relative name>", its bytes."""
    files = {}
    at = 0
    while at < len(data):
        end = data.index(b"\n", at)
        size, mode, name = data[at:end].decode("utf-8").split(" ", 2)
        at = end + 1
        files[name] = (int(mode, 8), data[at:at + int(size)])
        at += int(size)
    return files


def write(home, name, content):
    mode, data = content
    path = os.path.join(home, name)
    if "/" in name:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def fork_cleaner():
    """fork(), retried briefly: the container's process limit leaves the runner headroom, but a candidate's processes
    may still be dying."""
    for attempt in range(50):
        try:
            return os.fork()
        except BlockingIOError:
            time.sleep(0.01 * (attempt + 1))
    return os.fork()


def clean(uid, remove=True):
    """Kills every process of the candidate's uid and removes its directory, from a child running as that uid."""
    pid = fork_cleaner()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            # kill(-1) signals every process of this uid at once; a fork racing with it fails. Twice for good measure.
            for _ in range(2):
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
            home = os.path.join(WORK, f"c{uid}")

            def writable(func, path, _):
                os.chmod(os.path.dirname(path), 0o700)
                os.chmod(path, 0o700)
                func(path)

            if remove:
                shutil.rmtree(home, onerror=writable)
            os._exit(0)
        except BaseException:
            os._exit(1)
    os.waitpid(pid, 0)


class Capture:
    """One output stream of the candidate: up to `cap` bytes kept, all bytes counted."""

    def __init__(self, cap):
        self.cap = cap
        self.kept = bytearray()
        self.seen = 0

    def add(self, chunk):
        self.seen += len(chunk)
        room = self.cap - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]


def run(uid, data, timeout, cap, limits):
    started = time.monotonic()
    files = unpack(data)
    try:
        prepared = harness.prepare({name: content for name, (_, content) in files.items()})
    except Exception as e:  # noqa: BLE001  (the child reports it)
        prepared = e
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    ooms = agent.oom_kills()
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.closerange(3, 1 << 16)
        candidate(uid, files, prepared, limits)
    # files and prepared are freed only after the child is gone: freeing them now would write to (and copy) pages
    # the child still shares.
    os.close(out_w)
    os.close(err_w)
    pidfd = os.pidfd_open(pid)
    captures = {out_r: Capture(cap), err_r: Capture(cap)}
    open_fds = [out_r, err_r]
    killed_by = None
    exited = False
    deadline = started + timeout
    while not exited:
        wait = deadline - time.monotonic()
        if wait <= 0:
            killed_by = "timeout"
            break
        ready, _, _ = select.select(open_fds + [pidfd], [], [], wait)
        for fd in ready:
            if fd == pidfd:
                exited = True
                continue
            chunk = os.read(fd, 1 << 16)
            if chunk:
                captures[fd].add(chunk)
            else:
                open_fds.remove(fd)
        if captures[out_r].seen + captures[err_r].seen > FLOOD_FACTOR * cap:
            killed_by = "output_limit"
            break
    home = os.path.join(WORK, f"c{uid}")
    if killed_by is None:
        _, status = os.waitpid(pid, 0)
        dirty = processes_of(uid) or os.path.lexists(home)
    else:
        dirty = True
    if dirty:
        clean(uid)
    if killed_by is not None:
        _, status = os.waitpid(pid, 0)
    os.close(pidfd)
    del files, prepared
    elapsed = time.monotonic() - started
    # What the candidate wrote before it ended is still in the pipes; its processes are gone, so they end.
    drain_until = time.monotonic() + DRAIN_SECONDS
    while open_fds and killed_by is None and time.monotonic() < drain_until:
        ready, _, _ = select.select(open_fds, [], [], max(0.0, drain_until - time.monotonic()))
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if chunk:
                captures[fd].add(chunk)
            else:
                open_fds.remove(fd)
    os.close(out_r)
    os.close(err_r)
    if dirty:
        settle(uid)
    if os.WIFEXITED(status):
        code = min(os.WEXITSTATUS(status), 127)
    else:
        number = os.WTERMSIG(status)
        code = 255 if number == signal.SIGKILL and killed_by is None and agent.oom_kills() > ooms else 128 + number
    out, err = captures[out_r], captures[err_r]
    return {"status": code, "killedBy": killed_by, "ms": round(elapsed * 1000, 2),
            "stdout": base64.b64encode(bytes(out.kept)).decode("ascii"), "stdoutSeen": out.seen,
            "stderr": base64.b64encode(bytes(err.kept)).decode("ascii"), "stderrSeen": err.seen}


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


def settle(uid):
    """Waits (at most a second) until every killed process of the uid is dead and reaped: the next candidate finds
    none of them."""
    deadline = time.monotonic() + 1.0
    while True:
        reap()
        if not processes_of(uid) or time.monotonic() > deadline:
            return
        clean(uid, remove=False)
        time.sleep(0.001)


def main():
    agent.not_dumpable()
    # The engine copies the image's /work mode onto the tmpfs; the runner owns it and sets its own.
    os.chmod(WORK, 0o1733)
    uid_base, cap, nproc = (int(a) for a in sys.argv[1:4])
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="ascii")
    served = 0
    while True:
        header = agent.read_line(0).split()
        if header == ["end"]:
            break
        if len(header) != 4 or header[0] != "job":
            raise EOFError("malformed job header")
        job_id, timeout_ms, size = header[1], int(header[2]), int(header[3])
        data = agent.read_exactly(0, size)
        timeout = timeout_ms / 1000.0
        limits = {"cpu": int(timeout) + 1, "nproc": nproc}
        result = run(uid_base + served, data, timeout, cap, limits)
        served += 1
        result["id"] = job_id
        out.write("@@result " + json.dumps(result) + "\n")
    out.write("@@end\n")
    out.flush()


if __name__ == "__main__":
    main()

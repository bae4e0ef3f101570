"""Arbiter's Python sandbox agent: PID 1 of a warm container, with the test harness already imported.

It waits on stdin for one job: a line holding the byte count of a tar archive, the archive, then a line with a
completion token. It unpacks the archive into /work, compiles the program and the tests (harness.prepare: no
candidate code runs), forks, and the child runs them (so a verification pays neither for `docker exec` nor for
interpreter start-up). Only then does the agent read
the token, so the child never holds it; stdin is read unbuffered for the same reason. When the child has ended, the
agent prints "@@<token> exit <status>" and exits, which ends the container: it serves exactly one candidate.
Status: the child's exit code (0-127), 128 + signal when it was killed, 255 when it was killed for exceeding memory.
"""
import ctypes
import io
import os
import sys
import tarfile

sys.path.insert(0, "/opt/arbiter")
import harness  # noqa: E402  (pre-imports ast, json, signal, traceback for the child)

PR_SET_DUMPABLE = 4


def read_line(fd, limit=200):
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte or len(line) > limit:
            raise EOFError("malformed job header")
        line += byte
    return line.decode("ascii").strip()


def read_exactly(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("job ended early")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def oom_kills():
    """How many processes the kernel has killed for memory in this container (cgroup v1 or v2)."""
    for path in ("/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(" ")
                    if name == "oom_kill":
                        return int(value)
        except OSError:
            continue
    return 0


def not_dumpable():
    """Code running as the same user cannot ptrace this process or read its memory."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main():
    not_dumpable()
    size = int(read_line(0))
    with tarfile.open(fileobj=io.BytesIO(read_exactly(0, size))) as archive:
        archive.extractall(harness.WORK)
    try:
        prepared = harness.prepare(harness.read_work(harness.WORK))
    except Exception as e:  # noqa: BLE001  (the child reports it)
        prepared = e
    pid = os.fork()
    if pid == 0:
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        code = 0
        try:
            if isinstance(prepared, BaseException):
                raise prepared
            harness.run(prepared)
        except BaseException:
            harness.traceback.print_exc()
            code = 70
        sys.stderr.flush()
        os._exit(code)
    token = read_line(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        code = min(os.WEXITSTATUS(status), 127)
    else:
        signal_number = os.WTERMSIG(status)
        code = 255 if signal_number == 9 and oom_kills() > 0 else 128 + signal_number
    os.write(1, f"@@{token} exit {code}\n".encode("ascii"))
    os._exit(code)


if __name__ == "__main__":
    main()

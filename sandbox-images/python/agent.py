"""Arbiter's Python sandbox agent: PID 1 of a warm container, the judge of exactly one candidate.

At start-up, before any job, it forks the zygote (zygote.py), which will fork the candidate process: nothing the
agent later reads can be in the candidate's memory. It then waits on stdin for one job: a line holding the byte count
of a tar archive, the archive, then a line with a completion token. The archive is read into memory, never written
to disk, so the judge-only files (meta.json with the nonce, the tests, the prompt) are nowhere the candidate can open.
The agent (root with only CHOWN/SETUID/SETGID/KILL, not dumpable) is the judge: it compiles the program and plans
the tests (harness.prepare), has the zygote start the candidate as uid 65534 in /work/cand (0700) and runs the tests
itself, each call of the candidate's code crossing to the candidate's process as plain data (judge.py). The report
goes to stdout, which only the agent holds; the candidate's output is relayed to stderr. Then it prints
"@@<token> exit <status>" and exits, which ends the container.
Status: the candidate's exit code when it ended on its own (0-127), 128 + signal when it was killed by one, 255
when it was killed for exceeding memory, 0 when the judge ended it (its tests were done, or one of them hung).
"""
import ctypes
import io
import os
import sys
import tarfile
import traceback

sys.path.insert(0, "/opt/arbiter")
import harness  # noqa: E402  (imported here, so the zygote and every candidate start with it)
import judge  # noqa: E402
import zygote  # noqa: E402

PR_SET_DUMPABLE = 4
oom_kills = judge.oom_kills


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


def not_dumpable():
    """Code running as the same user cannot ptrace this process or read its memory."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def untar(data):
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            if member.isfile():
                files[member.name] = archive.extractfile(member).read()
    return files


def main():
    not_dumpable()
    spawner = zygote.start()
    size = int(read_line(0))
    files = untar(read_exactly(0, size))
    token = read_line(0)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    report_fd = os.dup(1)
    os.dup2(2, 1)
    try:
        code = judge.run_strict(spawner, files, report_fd)
    except BaseException:  # noqa: BLE001  (no report: the service reads it as an incomplete run, never a pass)
        traceback.print_exc()
        sys.stderr.flush()
        code = 70
    os.write(report_fd, f"@@{token} exit {code}\n".encode("ascii"))
    os._exit(code)


if __name__ == "__main__":
    main()

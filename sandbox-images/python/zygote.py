"""The zygote: forks candidate processes that carry nothing of the judge.

A candidate process forked from the judge would hold, in its copy of the judge's memory, the nonce, the tests and
their expected values (gc.get_objects or /proc/self/mem finds them). So the runner forks the zygote at start-up,
before it reads any job, with the harness and the common modules already imported; from then on the zygote only
ever receives "spawn a candidate as uid U in directory D with these limits and these pipe ends" and "clean up uid U"
on a socket. It never sees a test, a nonce or a candidate's code (the candidate gets its code from the judge, over
its own pipe, once it runs as its own uid).

A candidate is forked twice (zygote -> a short-lived middle process -> candidate): the middle process exits at once,
so the candidate is re-parented to PID 1, which is the runner (the judge) in both modes. The runner can then wait
for it and read how it ended (exit code, signal) like any child of its own. One such process is always forked ahead
(a spare, waiting for its assignment), so a job pays one message to start its candidate, not the forks.
"""
import fcntl
import json
import os
import shutil
import signal
import socket
import sys
import time

import candidate

MAX_FDS = 4


def start():
    """Forks the zygote; returns the runner's end of its socket. Call before reading any job."""
    runner_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        runner_end.close()
        keep = zygote_end.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, 1 << 16)
        try:
            serve(zygote_end)
        finally:
            os._exit(0)
    zygote_end.close()
    return Zygote(runner_end, pid)


class Zygote:
    """The runner's handle on the zygote. It keeps one spare candidate process forked ahead (clean, still root,
    waiting for its uid, directory and pipes), so starting a candidate costs the job one message, not two forks:
    the next spare is forked while the job's tests run."""

    def __init__(self, sock, pid):
        self.sock = sock
        self.pid = pid
        self.spare = None
        self.spare_asked = False
        self._ask_spare()

    def _send(self, message, fds=()):
        socket.send_fds(self.sock, [json.dumps(message).encode()], list(fds))

    def _reply(self):
        data, fds, _, _ = socket.recv_fds(self.sock, 4096, 1)
        if not data:
            raise RuntimeError("the zygote is gone")
        return json.loads(data), fds

    def _ask_spare(self):
        self._send({"op": "spare"})
        self.spare_asked = True

    def _collect_spare(self):
        if self.spare_asked:
            reply, fds = self._reply()
            self.spare_asked = False
            self.spare = (reply["pid"], socket.socket(fileno=fds[0]))

    def _ask(self, message, fds=()):
        self._collect_spare()
        self._send(message, fds)
        return self._reply()[0]

    def spawn(self, uid, home, limits, requests, answers, output):
        """Starts a candidate under `uid` in `home` with the given pipe ends (its fds 3, 4 and 1/2); returns its pid,
        a child of this process (PID 1) by then."""
        self._collect_spare()
        pid, channel = self.spare
        self.spare = None
        try:
            socket.send_fds(channel, [json.dumps({"uid": uid, "home": home, "limits": limits}).encode()],
                            [requests, answers, output])
        finally:
            channel.close()
        self._ask_spare()
        return pid

    def clean(self, uid, home, remove=True):
        """Kills every process of the uid and (if asked) empties its directory, from a process running as that uid."""
        self._ask({"op": "clean", "uid": uid, "home": home, "remove": remove})


def serve(sock):
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # The zygote holds none of the runner's channels: not the job stream (stdin), not the report (stdout).
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(2, 1)
    os.close(null)
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, 4096, MAX_FDS)
        except OSError:
            return
        if not data:
            return
        message = json.loads(data)
        if message["op"] == "spare":
            pid, channel = spare()
            socket.send_fds(sock, [json.dumps({"pid": pid}).encode()], [channel])
            os.close(channel)
        elif message["op"] == "clean":
            clean(message["uid"], message["home"], message["remove"])
            sock.send(b'{"done": true}')
        for fd in fds:
            os.close(fd)


def _fork():
    """fork(), retried briefly: a candidate's processes may still be dying and holding the container's pid budget."""
    for attempt in range(50):
        try:
            return os.fork()
        except BlockingIOError:
            time.sleep(0.01 * (attempt + 1))
    return os.fork()


def spare():
    """Forks a spare candidate (via a middle process, so that it is re-parented to PID 1, the runner); returns its
    pid and the runner's end of its channel. The spare waits, holding nothing, for its assignment: uid, directory,
    limits and its three pipe ends."""
    runner_end, spare_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    read_end, write_end = os.pipe()
    middle = _fork()
    if middle == 0:
        try:
            pid = _fork()
            if pid == 0:
                become_candidate(spare_end)
            os.write(write_end, str(pid).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    spare_end.close()
    pid = int(os.read(read_end, 32) or b"-1")
    os.close(read_end)
    os.waitpid(middle, 0)
    channel = os.dup(runner_end.fileno())
    runner_end.close()
    return pid, channel


def become_candidate(channel):
    """In the spare: waits for its assignment, puts its fds in place and turns into the candidate. Never returns."""
    try:
        data, fds, _, _ = socket.recv_fds(channel, 4096, MAX_FDS)
        if not data or len(fds) != 3:
            os._exit(0)
        message = json.loads(data)
        # Out of the way first: a received fd may sit on a number another is about to take.
        requests, answers, output = (fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds)
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.dup2(requests, candidate.REQUESTS)
        os.dup2(answers, candidate.ANSWERS)
        os.closerange(candidate.ANSWERS + 1, 1 << 16)
    except BaseException:  # noqa: BLE001
        os._exit(70)
    candidate.main(message["uid"], message["home"], message["limits"])


def clean(uid, home, remove):
    pid = _fork()
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

            def writable(func, path, _):
                os.chmod(os.path.dirname(path), 0o700)
                os.chmod(path, 0o700)
                func(path)

            if remove and home and os.path.isdir(home):
                # Its contents only: the directory itself sits in the runner's /work (0711), the runner removes it.
                for name in os.listdir(home):
                    path = os.path.join(home, name)
                    if os.path.isdir(path) and not os.path.islink(path):
                        shutil.rmtree(path, onerror=writable)
                    else:
                        os.unlink(path)
            os._exit(0)
        except BaseException:  # noqa: BLE001
            os._exit(1)
    os.waitpid(pid, 0)
    sys.stderr.flush()

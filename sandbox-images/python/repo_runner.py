"""Arbiter's trusted runner for an agentic task's `python -m unittest ...` test command, run inside the sandbox.

Counts come from this runner, never from text the code under test prints (a patch can print "Ran 5 tests ... OK").

  parent (root, the judge)                         child (candidate uid, a fresh interpreter)
  reads arbiter-repo-meta.json (0400)             runs unittest in-process on the patched repository
  and deletes it; holds the nonce and the          sends one JSON line per test on a pipe
  step's stdout (the report channel)       <-pipe- its stdout and stderr go to the step's stderr
  writes "@@<nonce> {json}": start, test..., end

The child is exec'd after fork, so it never holds the nonce (not in its memory, not on disk, not in argv or
environment), runs under another uid (it can neither read the parent's files nor ptrace it) and never holds the
step's stdout. In-process limit: the tests and the code under test share the child's interpreter, so patched code
can still reach the pipe and the unittest result object; that is why the Verifier refuses patches that shadow the
test framework (unittest/, conftest.py, sitecustomize.py, ...) before running anything. The parent counts a test
line once, ignores anything after the child's own end line, and a child that ends without that line is incomplete.

Usage: repo_runner.py            (as root, the runner step)
       repo_runner.py --child FD ARGS...   (internal)
"""
import json
import os
import sys

# In the step's working directory, the repository root (/work), mode 0400: only this runner (root) reads it.
META = "arbiter-repo-meta.json"
CANDIDATE_UID = 65534


def child(fd, args):
    import unittest

    out = os.fdopen(fd, "w", buffering=1)

    def send(event):
        out.write(json.dumps(event) + "\n")

    class Reporting(unittest.TextTestResult):
        def addSuccess(self, test):
            super().addSuccess(test)
            send({"name": test.id(), "outcome": "passed"})

        def addFailure(self, test, err):
            super().addFailure(test, err)
            send({"name": test.id(), "outcome": "failed", "message": self._exc_info_to_string(err, test)[-2000:]})

        def addError(self, test, err):
            super().addError(test, err)
            send({"name": test.id(), "outcome": "error", "message": self._exc_info_to_string(err, test)[-2000:]})

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            send({"name": test.id(), "outcome": "skipped", "message": reason})

        def addExpectedFailure(self, test, err):
            super().addExpectedFailure(test, err)
            send({"name": test.id(), "outcome": "failed", "message": "expected failure counts as failed"})

        def addUnexpectedSuccess(self, test):
            super().addUnexpectedSuccess(test)
            send({"name": test.id(), "outcome": "failed", "message": "unexpected success"})

    sys.path.insert(0, os.getcwd())
    runner = unittest.TextTestRunner(stream=sys.stderr, resultclass=Reporting, verbosity=1)
    program = unittest.main(module=None, argv=["python3 -m unittest"] + args, testRunner=runner, exit=False)
    send({"end": True, "run": program.result.testsRun})
    out.close()
    sys.stdout.flush()
    sys.exit(0 if program.result.wasSuccessful() else 1)


def parent():
    with open(META) as f:
        meta = json.load(f)
    os.unlink(META)
    nonce, args = meta["nonce"], [str(a) for a in meta["args"]]
    report = os.fdopen(os.dup(1), "w", buffering=1)

    def emit(event):
        report.write("@@" + nonce + " " + json.dumps(event) + "\n")

    emit({"t": "start", "boundary": "in_process", "fallback": "a repository's test command runs its own tests"})
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.dup2(2, 1)
        if os.getuid() == 0:
            # Not root: an older container already runs everything as the candidate; there is no uid to drop.
            os.setgroups([])
            os.setgid(CANDIDATE_UID)
            os.setuid(CANDIDATE_UID)
        os.set_inheritable(write, True)
        os.closerange(3, write)
        os.closerange(write + 1, 1024)
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), "--child", str(write)] + args)
    os.close(write)
    seen, ended = set(), False
    with os.fdopen(read) as events:
        for line in events:
            if ended:
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("end"):
                ended = True
            elif isinstance(event.get("name"), str) and event["name"] not in seen:
                seen.add(event["name"])
                emit({"t": "test", "name": event["name"], "outcome": str(event.get("outcome", "error")),
                      "message": event.get("message")})
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    end = {"t": "end", "total": len(seen), "exit": code, "boundary": "in_process"}
    if not ended:
        end.update(aborted="incomplete", message="the test process ended before its runner finished")
    emit(end)
    report.close()
    sys.exit(code if 0 <= code < 128 else 128 - code if code < 0 else code)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3:])
    else:
        parent()

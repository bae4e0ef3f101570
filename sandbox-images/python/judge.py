"""The judge: runs the task's tests in its own process and calls into the candidate's process for every call of the
candidate's code.

The judge (the agent or the shard runner: root, with only the capabilities to hand out uids and to signal, not
dumpable) holds the nonce, the report channel, the test code and the expected values; the candidate process (its own
uid, its own directory, forked from the zygote) holds the candidate's code and nothing else. The judge executes the
test code itself, with its own builtins, in a namespace where each name of the candidate's module that the tests use
is a proxy: calling it sends the arguments (plain data) to the candidate and returns its result (plain data, decoded
by the judge into its own objects), applying mutated arguments back to the judge's own objects. Classes the candidate
defines and the tests instantiate become remote handles; helper functions the task's prompt defines with a real body
are defined by the judge from the prompt's text (the candidate's redefinition never reaches the tests).

Every report line is built here, from what the judge saw. Where the tests cannot be split like this (they inspect or
patch the candidate's module, pass callbacks or objects of their own as arguments...), the run falls back to the
in-process harness inside a fresh candidate process and the report says so (boundary: in_process, fallback: why);
what that run reports could be forged by the candidate, and the service's tampering rules are then the guard.
"""
import ast
import builtins
import collections
import importlib
import json
import os
import select
import signal
import sys
import time
import traceback
import types

import harness
import plaindata
from harness import TestTimeout

MUTABLE = (list, dict, set, bytearray, collections.deque, collections.Counter, collections.OrderedDict,
           collections.defaultdict)
# Classes the candidate imported that the judge may use as its own (value types, no access to the caller's state).
TRUSTED_CLASS_MODULES = {"collections", "fractions", "decimal", "datetime", "typing", "itertools", "functools",
                         "math", "heapq", "string", "re", "enum", "dataclasses", "numbers", "operator", "array"}
MESSAGE_CHARS = 500
QUIT_SECONDS = 1.0
STARVED_FACTOR = 3
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class CandidateEnded(BaseException):
    """The candidate process ended (or dropped its channel) while the judge waited for it."""

    def __init__(self, status, how):
        super().__init__(how)
        self.status = status
        self.how = how


class Unsplittable(BaseException):
    """The tests need something the judge cannot send across: the run falls back to the in-process harness."""


class Tainted(BaseException):
    """A call's answer is no plain data: the test fails, whatever the test code does with the exception."""


class Aborted(BaseException):
    """The whole job stops: its wall-clock limit or the output limit (shared mode)."""

    def __init__(self, killed_by):
        super().__init__(killed_by)
        self.killed_by = killed_by


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


def exit_status(wait_status, ooms_before):
    """The step's status for how a candidate ended: its exit code (0-127), 128 + signal, 255 killed for memory."""
    if os.WIFEXITED(wait_status):
        return min(os.WEXITSTATUS(wait_status), 127)
    number = os.WTERMSIG(wait_status)
    return 255 if number == signal.SIGKILL and oom_kills() > ooms_before else 128 + number


class StderrRelay:
    """Strict mode: the candidate's output goes to the step's stderr, which the sandbox caps (and kills on a flood)."""
    def __init__(self):
        self.seen = 0

    def add(self, chunk):
        self.seen += len(chunk)
        view = memoryview(chunk)
        while view:
            view = view[os.write(2, view):]


class CandidateProcess:
    """The judge's end of one candidate process: its pid, its request and answer pipes, its output pipe."""

    def __init__(self, spawner, uid, home, limits, relay):
        requests_r, self.requests = os.pipe()
        self.answers, answers_w = os.pipe()
        self.output, output_w = os.pipe()
        self.ooms = oom_kills()
        try:
            self.pid = spawner.spawn(uid, home, limits, requests_r, answers_w, output_w)
        finally:
            for fd in (requests_r, answers_w, output_w):
                os.close(fd)
        self.pidfd = os.pidfd_open(self.pid)
        self.relay = relay
        self.watch = [self.answers, self.output, self.pidfd]
        self.status = None
        self.killed = False

    def send(self, frame):
        try:
            plaindata.write_frame(self.requests, frame)
        except BrokenPipeError:
            raise self.ended() from None

    def receive(self):
        while True:
            ready, _, _ = select.select(self.watch, [], [])
            if self.output in ready:
                self.relay_some()
            if self.answers in ready:
                try:
                    return plaindata.read_frame(self.answers)
                except EOFError:
                    raise self.ended() from None
            if self.pidfd in ready:
                raise self.ended()

    def relay_some(self):
        chunk = os.read(self.output, 1 << 16)
        if chunk:
            self.relay.add(chunk)
        else:
            self.watch.remove(self.output)

    def ended(self):
        """How it ended, once it has: a process that only closed its channel is killed first."""
        if not select.select([self.pidfd], [], [], 0.05)[0]:
            self.kill()
            self.wait()
            return CandidateEnded(None, "it closed its channel to the judge")
        status = self.wait()
        code = exit_status(status, self.ooms)
        if os.WIFEXITED(status):
            how = f"exit code {code}"
        elif code == 255:
            how = "killed for exceeding its memory limit"
        else:
            how = f"killed by signal {os.WTERMSIG(status)}"
        return CandidateEnded(code, how)

    def kill(self):
        """SIGKILL to the candidate and its process group (the judge holds CAP_KILL); daemons that left the group
        are the cleaner's (shared mode) or die with the container (strict mode)."""
        self.killed = True
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass

    def wait(self):
        if self.status is None:
            try:
                _, self.status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                self.status = 0
        return self.status

    def finish(self):
        """Asks a live candidate to quit and kills it if it has not within a second; closes the pipes. Returns its
        status when it ended on its own, None when the judge ended it."""
        if self.status is None and not self.killed:
            try:
                self.send(["quit", 0])
            except CandidateEnded:
                pass
            deadline = time.monotonic() + QUIT_SECONDS
            while self.status is None and not select.select([self.pidfd], [], [], 0)[0]:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    self.kill()
                    break
                watch = [self.pidfd] + ([self.output] if self.output in self.watch else [])
                if self.output in select.select(watch, [], [], wait)[0]:
                    self.relay_some()
        status = self.wait()
        self.drain()
        for fd in (self.requests, self.answers, self.output, self.pidfd):
            try:
                os.close(fd)
            except OSError:
                pass
        return None if self.killed else exit_status(status, self.ooms)

    def drain(self):
        """What the candidate wrote before it ended, without waiting for daemons that may hold the pipe."""
        if self.output not in self.watch:
            return
        os.set_blocking(self.output, False)
        try:
            while True:
                chunk = os.read(self.output, 1 << 16)
                if not chunk:
                    break
                self.relay.add(chunk)
        except BlockingIOError:
            pass
        self.watch.remove(self.output)


class RemoteFunction:
    """A function of the candidate's module, as the tests see it."""

    def __init__(self, judge, name):
        self._judge = judge
        self._name = name

    def __call__(self, *args, **kwargs):
        return self._judge.call(["f", self._name], args, kwargs)

    def __getattr__(self, attr):
        if attr in ("__name__", "__qualname__"):
            return self._name
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        self._judge.unsplittable(f"the tests use the attribute {attr} of the candidate's {self._name}")

    def __repr__(self):
        return f"<candidate function {self._name}>"


class RemoteClass(RemoteFunction):
    """A class of the candidate's module that the tests instantiate: instances are handles into its process."""

    def __call__(self, *args, **kwargs):
        return self._judge.call(["new", self._name], args, kwargs)

    def __repr__(self):
        return f"<candidate class {self._name}>"


class RemoteObject:
    """An instance living in the candidate's process. Comparison, hashing, truth and the like are the judge's own
    (identity): the candidate's __eq__ is never asked."""
    __slots__ = ("_judge", "_handle", "_methods")

    def __init__(self, judge, handle):
        object.__setattr__(self, "_judge", judge)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_methods", set())

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if name not in self._methods:
            answer = self._judge.timed(self._judge.request, "attr", self._handle, name)
            if answer[0] != "method":
                return self._judge.result(answer)
            self._methods.add(name)
        return RemoteMethod(self._judge, self._handle, name)

    def __setattr__(self, name, value):
        self._judge.unsplittable("the tests set attributes of the candidate's objects")

    def __getitem__(self, key):
        return self._judge.call(["m", self._handle, "__getitem__"], (key,), {})

    def __bool__(self):
        # The judge's own truth, as for any object: a handle is true (the candidate's __bool__/__len__ never decide).
        return True

    def __len__(self):
        n = self._judge.call(["m", self._handle, "__len__"], (), {})
        if type(n) is not int or n < 0:
            self._judge.fail_test("the candidate's object gave a length that is not a non-negative int")
        return n

    def __repr__(self):
        return f"<candidate object #{self._handle}>"


class RemoteMethod:
    __slots__ = ("_judge", "_handle", "_name")

    def __init__(self, judge, handle, name):
        self._judge = judge
        self._handle = handle
        self._name = name

    def __call__(self, *args, **kwargs):
        return self._judge.call(["m", self._handle, self._name], args, kwargs)


class RemoteIterator:
    """An iterator living in the candidate's process (a generator, a map...): its items are pulled in growing
    batches, each batch a call of its own (with the test's time budget), each item decoded as plain data."""
    __slots__ = ("_judge", "_handle", "_items", "_end", "_batch", "_pulled")

    def __init__(self, judge, handle):
        self._judge = judge
        self._handle = handle
        self._items = collections.deque()
        self._end = None
        self._batch = 1
        self._pulled = 0

    def __iter__(self):
        return self

    def __next__(self):
        if not self._items:
            if self._end is not None:
                end, self._end = self._end, StopIteration()
                raise end
            self._judge.pull(self)
            if not self._items:
                return self.__next__()
        return self._items.popleft()

    def __repr__(self):
        return f"<candidate iterator #{self._handle}>"


def _as_generator(iterator):
    """A generator of the judge's own over a remote generator's items (tests check for types.GeneratorType)."""
    yield from iterator


def _real_body(fn):
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str):
        body = body[1:]
    return any(not (isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)))
               for s in body)


class Judge:
    def __init__(self, prepared, spawn, deadline=None, cpu_limit=None):
        """`cpu_limit`: the job's run limit in CPU seconds of the judge and every candidate process it starts, so
        that the verdict does not depend on the machine's load; `deadline` (time.monotonic) is the wall-clock
        backstop (STARVED_FACTOR x the limit), for code that sleeps or waits."""
        self.p = prepared
        self.spawn = spawn
        self.deadline = deadline
        self.cpu_limit = cpu_limit
        self.cpu_start = time.process_time()
        self.candidate_cpu_done = 0.0
        self.candidate_cpu_seen = (None, 0.0)
        self.due = None
        self.events = []
        self.boundary, self.fallback = "process", None
        self.candidate = None
        self.ended = None
        self.seq = 0
        self.decoder = plaindata.Decoder(self._decode_extra)
        self.objects = {}
        self.iterators = {}
        self.exceptions = {}
        self.taint = self.split_error = self.gone = None
        self.timed_out = False
        self.window = None
        self.aborted = None
        self.pending = None
        self.grace = False

    # --- the report

    def emit(self, kind, **fields):
        fields["t"] = kind
        self.events.append(fields)

    def report(self, nonce):
        lines = []
        for event in self.events:
            if event["t"] in ("start", "end"):
                event = dict(event, boundary=self.boundary)
                if self.fallback:
                    event["fallback"] = self.fallback
            lines.append("@@" + nonce + " " + json.dumps(event) + "\n")
        return "".join(lines)

    def exit_code(self):
        return self.ended if self.ended is not None else 0

    # --- time

    def _on_alarm(self, signum, frame):
        left = self.cpu_left()
        now = time.monotonic()
        at_deadline = left <= 0.001 or self.deadline is not None and now >= self.deadline - 0.001
        if not at_deadline and self.due is not None and now < self.due - 0.001:
            # the timer was cut to the job's CPU left, and that CPU is not used yet: the stretch's own time runs on
            signal.setitimer(signal.ITIMER_REAL, max(0.001, min(self.due - now, left)))
            return
        more = 0 if at_deadline else self.starved()
        if more:
            signal.setitimer(signal.ITIMER_REAL, min(more, max(0.001, left)))
            return
        if self.candidate is not None:
            if not self.grace and self.candidate.status is None and select.select([self.candidate.pidfd], [], [], 0)[0]:
                # It ended on its own just now (the OOM killer, say): the wait in progress reports that. Once.
                self.grace = True
                signal.setitimer(signal.ITIMER_REAL, 0.1)
                return
            self.candidate.kill()
        if at_deadline:
            self.aborted = "timeout"
            raise Aborted("timeout")
        self.timed_out = True
        raise TestTimeout()

    def starved(self):
        """Seconds more for the stretch in progress (a call into the candidate, or the test's own code) when it has
        used less CPU than its budget: the machine was busy, not the code (other jobs on the same cores), so the
        verdict does not depend on the load. A stretch that sleeps or waits gets at most STARVED_FACTOR x its budget
        of wall-clock time. 0: its time is up."""
        if self.window is None:
            return 0
        started, cpu, kind, budget = self.window
        wall = time.monotonic() - started
        used = self.cpu_seconds(kind) - cpu
        if wall >= STARVED_FACTOR * budget or used >= budget:
            return 0
        return max(0.01, min(budget - used, STARVED_FACTOR * budget - wall))

    def cpu_seconds(self, kind):
        """CPU time so far of the candidate process (kind "call") or of the judge itself; inf when unreadable."""
        if kind != "call":
            return time.process_time()
        try:
            with open(f"/proc/{self.candidate.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, IndexError, ValueError, AttributeError):
            return float("inf")

    def job_cpu(self):
        """CPU seconds the job has used: the judge's since it started, and every candidate process's (a candidate
        that ended counts with its last reading)."""
        candidate = self.candidate
        pid = getattr(candidate, "pid", None)
        seen_pid, seen = self.candidate_cpu_seen
        if pid != seen_pid:
            self.candidate_cpu_done += seen
            seen = 0.0
        if pid is not None:
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                seen = max(seen, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
            except (OSError, IndexError, ValueError):
                pass
        self.candidate_cpu_seen = (pid, seen)
        return time.process_time() - self.cpu_start + self.candidate_cpu_done + seen

    def cpu_left(self):
        """CPU seconds left of the job's run limit (infinite without one)."""
        return float("inf") if self.cpu_limit is None else self.cpu_limit - self.job_cpu()

    def watch(self, kind, seconds):
        """Arms the timer for one stretch of `seconds` of CPU (see starved) of the candidate or of the judge."""
        self.window = (time.monotonic(), self.cpu_seconds(kind), kind, seconds)
        self.arm(seconds)

    def arm(self, seconds):
        self.grace = False
        if self.deadline is not None:
            seconds = min(seconds, max(0.001, self.deadline - time.monotonic()))
        # CPU time cannot pass faster than wall-clock time in a one-CPU sandbox: a timer of the CPU left fires no
        # later than the limit can be reached, and _on_alarm re-arms while CPU is left (until `due`, the stretch's
        # own time, when the timer was cut short for the job's limit).
        left = max(0.001, self.cpu_left())
        self.due = time.monotonic() + seconds if left < seconds else None
        signal.setitimer(signal.ITIMER_REAL, min(seconds, left))

    def disarm(self):
        signal.setitimer(signal.ITIMER_REAL, 0)
        self.window = None
        self.due = None

    # --- calls

    def request(self, op, *payload):
        self.seq += 1
        if self.candidate is None or self.candidate.killed or self.candidate.status is not None:
            raise CandidateEnded(None, "it had already ended")
        self.candidate.send([op, self.seq, *payload])
        try:
            answer = self.decoder.loads(self.candidate.receive())
        except plaindata.Malformed as e:
            # Past a bad frame the stream cannot be trusted to be in step: this candidate answers no more.
            self.candidate.kill()
            self.fail_test(f"the candidate sent an answer that is not plain data ({e})")
        if type(answer) is not list or len(answer) < 2 or answer[1] != self.seq or type(answer[0]) is not str:
            self.fail_test("the candidate answered out of turn")
        return answer

    def timed(self, exchange, *args):
        """One call into the candidate, under a time budget of its own: the test's budget bounds each call, and the
        test's own code between two calls, as EvalPlus gives every input its own limit (a loop over 500 inputs is
        one test, not one budget). The job's deadline (its run timeout) bounds them all."""
        armed = signal.getitimer(signal.ITIMER_REAL)[0] > 0
        self.watch("call", self.p.budget)
        try:
            result = exchange(*args)
        except TestTimeout:
            raise
        except BaseException:
            self.rearm(armed)
            raise
        self.rearm(armed)
        return result

    def rearm(self, armed):
        if armed:
            self.watch("judge", self.p.budget)
        else:
            self.disarm()

    def pull(self, iterator):
        """The next batch of a remote iterator's items (1, then 4, 16... up to 1024 at a time)."""
        answer = self.timed(self.request, "next", iterator._handle, iterator._batch)
        iterator._batch = min(iterator._batch * 4, 1024)
        if answer[0] == "items" and len(answer) == 5 and type(answer[2]) is list and type(answer[3]) is bool:
            iterator._pulled += len(answer[2])
            if iterator._pulled > plaindata.MAX_NODES:
                self.candidate.kill()
                self.fail_test(f"the candidate's iterator yielded more than {plaindata.MAX_NODES:,} items")
            iterator._items.extend(answer[2])
            if answer[4] is not None:
                iterator._end = self.rebuild(answer[4])
            elif answer[3]:
                iterator._end = StopIteration()
            elif not answer[2]:
                self.fail_test("the candidate's iterator answered out of protocol")
            return
        self.result(answer)
        self.fail_test("the candidate's iterator answered out of protocol")

    def call(self, target, args, kwargs):
        return self.timed(self.exchange, target, args, kwargs)

    def exchange(self, target, args, kwargs):
        encoder = plaindata.Encoder(self._encode_extra)
        try:
            encoded = [encoder.encode(a) for a in args]
            named = {"D": [[k, encoder.encode(v)] for k, v in kwargs.items()]}
        except plaindata.NotPlain as e:
            self.unsplittable(f"the tests pass a {e.args[0]} to the candidate")
        mutable = [i for i, a in enumerate(args)
                   if type(a) in MUTABLE or (type(a) is tuple and plaindata.mutable_parts([a]))]
        # The answer may name parts of these arguments (mutated in place, or returned as they are): the decoder
        # resolves them to the judge's own objects and updates those in place.
        self.decoder.parts = plaindata.mutable_parts([args[i] for i in mutable])
        try:
            return self.result(self.request("call", target, encoded, named, mutable))
        finally:
            self.decoder.parts = None

    def result(self, answer):
        kind = answer[0]
        if kind == "ok" and len(answer) >= 3:
            return answer[2]
        if kind == "raised" and len(answer) >= 3:
            raise self.rebuild(answer[2])
        if kind == "bad" and len(answer) >= 3:
            self.fail_test(f"the candidate returned a value that is not plain data ({str(answer[2])[:200]})")
        self.fail_test("the candidate answered out of protocol")

    def fail_test(self, message):
        if self.taint is None:
            self.taint = message
        raise Tainted(message)

    def unsplittable(self, why):
        if self.split_error is None:
            self.split_error = why
        raise Unsplittable(why)

    def _encode_extra(self, x):
        if type(x) is RemoteObject:
            return {"H": x._handle}
        if id(x) in self.iterators:  # the judge keeps every iterator it made: an id is never reused meanwhile
            return {"H": self.iterators[id(x)]}
        if type(x) is RemoteFunction:
            return {"R": x._name}
        return None

    def _decode_extra(self, tag, v):
        if tag == "H" and type(v) is int:
            if v not in self.objects:
                self.objects[v] = RemoteObject(self, v)
            return self.objects[v]
        if tag == "G" and type(v) is list and len(v) == 2 and type(v[0]) is int and type(v[1]) is bool:
            key = ("G", v[0])
            if key not in self.objects:
                iterator = RemoteIterator(self, v[0])
                self.objects[key] = _as_generator(iterator) if v[1] else iterator
                self.iterators[id(self.objects[key])] = v[0]
            return self.objects[key]
        raise plaindata.Malformed(f"unknown tag {tag!r}")

    def exception_class(self, name, base, module="solution"):
        key = (name, base, module)
        if key not in self.exceptions:
            self.exceptions[key] = type(name, (base,), {"__module__": module})
        return self.exceptions[key]

    def rebuild(self, info):
        """The candidate's exception as the judge raises it: a built-in of the judge's own, or a class standing in
        for one the candidate defined (same name, same built-in base)."""
        try:
            name, base_name, args, message, own, module = info
            name, message, module = str(name), str(message)[:MESSAGE_CHARS], str(module)
        except (TypeError, ValueError):
            return RuntimeError("the candidate raised an exception the judge cannot read")
        base = getattr(builtins, str(base_name), None)
        if not (isinstance(base, type) and issubclass(base, BaseException)):
            base = Exception
        cls = base
        if own is True:
            cls = self.exception_class(name.rsplit(".", 1)[-1], base)
        elif module != "builtins":
            # A library's exception (socket.gaierror, json.JSONDecodeError): the judge's own class when it has that
            # module loaded already, else a stand-in of the same name and built-in base.
            found = sys.modules.get(module)
            for part in name.split("."):
                found = getattr(found, part, None)
            if isinstance(found, type) and issubclass(found, base):
                cls = found
            else:
                cls = self.exception_class(name.rsplit(".", 1)[-1], base, module)
        text = message.split(": ", 1)[1] if ": " in message else ""
        for attempt in ((lambda: cls(*args)) if type(args) is list else None, lambda: cls(text), lambda: cls()):
            if attempt is None:
                continue
            try:
                return attempt()
            except Exception:  # noqa: BLE001  (a constructor that wants other arguments)
                continue
        return RuntimeError(message)

    # --- the namespace the tests run in

    def environment(self, described):
        env = {"__name__": "__arbiter_tests__", "__builtins__": builtins}
        self.trusted_prompt(env)
        module = types.ModuleType("solution")
        entry = self.p.entry or self.implied_entry(described)
        for name, description in described.items():
            value = self.materialize(name, description)
            if value is not _MISSING:
                setattr(module, name, value)
                # A candidate's `abs` or `isinstance` is its own business: the tests' builtins stay the judge's,
                # unless the task asks for a function of that name (MBPP's `sum`-like entry points).
                if name not in env and (name == entry or not hasattr(builtins, name)):
                    env[name] = value
        self.saved_module = sys.modules.get("solution")
        sys.modules["solution"] = module
        if self.p.param and self.p.entry in described:
            env[self.p.param] = getattr(module, self.p.entry, None)
        return env

    def implied_entry(self, described):
        """A task that names no entry point (MBPP: the tests call the function by name) and whose tests use exactly
        one function of the candidate's, named like a builtin (`sum`), and no other: that function is the entry point.
        A candidate that also defines `abs` next to the function the tests call gets no such say."""
        functions = {n for n, d in described.items() if n in self.p.names and type(d) is list and d[:1] == ["function"]}
        shadowing = {n for n in functions if hasattr(builtins, n)}
        return next(iter(shadowing)) if len(shadowing) == 1 and shadowing == functions else None

    def trusted_prompt(self, env):
        """The prompt's imports and the helper functions it defines with a real body (not the entry point): the
        judge's own, so a candidate that redefines `poly` changes only what its own code calls."""
        try:
            tree = ast.parse(self.p.prompt or "")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return
        for stmt in tree.body:
            keep = isinstance(stmt, (ast.Import, ast.ImportFrom)) or (
                    isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name != self.p.entry
                    and _real_body(stmt))
            if keep:
                try:
                    exec(compile(ast.Module(body=[stmt], type_ignores=[]), "prompt.py", "exec"), env)
                except Exception:  # noqa: BLE001  (a helper the judge cannot define is not defined)
                    continue

    def materialize(self, name, description):
        try:
            kind, info = description
        except (TypeError, ValueError):
            return _MISSING
        if kind == "module" and type(info) is str:
            try:
                return importlib.import_module(info) if info != "solution" else _MISSING
            except Exception:  # noqa: BLE001  (a module of the candidate's own: not the judge's to import)
                return _MISSING
        if kind == "import" and type(info) is list and len(info) == 2:
            origin, qualname = str(info[0]), str(info[1])
            if origin in TRUSTED_CLASS_MODULES:
                found = sys.modules.get(origin) or _import(origin)
                for part in qualname.split("."):
                    found = getattr(found, part, None)
                if isinstance(found, type):
                    return found
            return RemoteFunction(self, name)
        if kind == "function":
            return RemoteFunction(self, name)
        if kind == "class":
            return RemoteClass(self, name)
        if kind == "exception":
            base = getattr(builtins, str(info), None)
            if not (isinstance(base, type) and issubclass(base, BaseException)):
                base = Exception
            return self.exception_class(name, base)
        if kind == "value":
            return info
        return _MISSING

    # --- the run

    def run(self):
        p = self.p
        self.emit("start")
        if p.syntax_error is not None:
            self.emit("syntax", ok=False, message=p.syntax_error[0], line=p.syntax_error[1])
            self.emit("end", total=0, passed=0, aborted="syntax_error")
            return
        self.emit("syntax", ok=True)
        if p.test_syntax_error is not None:
            self.emit("end", total=0, passed=0, aborted="test_syntax_error", message=p.test_syntax_error)
            return
        previous = signal.signal(signal.SIGALRM, self._on_alarm)
        try:
            why = p.fallback
            if why is None:
                try:
                    self.run_split()
                    return
                except Unsplittable as e:
                    why = str(e)
                    del self.events[2:]
                    self.stop_candidate()
                    self.ended = None
            self.run_in_process(why)
        finally:
            self.disarm()
            signal.signal(signal.SIGALRM, previous)
            if hasattr(self, "saved_module"):
                if self.saved_module is None:
                    sys.modules.pop("solution", None)
                else:
                    sys.modules["solution"] = self.saved_module

    def end_aborted(self, why):
        """Ends a report the job's limit cut short: the tests reported so far, then an end saying why (the service
        reads it as the sandbox's own kill: this line comes from the judge, never from the candidate)."""
        self.flush_pending()
        reported = [e for e in self.events if e["t"] == "test"]
        self.emit("end", total=max(self.p.total, len(reported) + 1),
                  passed=sum(1 for e in reported if e.get("outcome") == "passed"), aborted=why,
                  message=f"the job used its run limit of {self.cpu_limit:g} CPU seconds" if why == "timeout" else None)

    def stop_candidate(self):
        if self.candidate is not None:
            self.candidate.kill()
            self.candidate.finish()

    def finish_candidate(self):
        if self.candidate is not None:
            status = self.candidate.finish()
            if self.ended is None and status:
                self.ended = status

    def candidate_ended(self, e, during):
        """Reports how the candidate process ended when it did so on its own."""
        if e.status is None:
            return
        self.ended = e.status
        status = self.candidate.status
        self.pending = {"t": "candidate", "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None, "oom": e.status == 255,
                        "during": during}

    def flush_pending(self):
        """The candidate line goes after the line of the test (or load) it ended in."""
        if self.pending is not None:
            self.events.append(self.pending)
            self.pending = None

    def load(self):
        p = self.p
        self.candidate = self.spawn()
        names = sorted(p.names | ({p.entry} if p.entry else set()))
        try:
            self.watch("call", p.budget)
            answer = self.request("load", p.program, names)
            self.disarm()
            if answer[0] != "loaded" or len(answer) != 4 or type(answer[3]) is not dict:
                return "the candidate answered out of protocol", {}
            if answer[2] is not None:
                return str(answer[2])[:MESSAGE_CHARS], {}
            return None, answer[3]
        except TestTimeout:
            return "timeout while loading", {}
        except CandidateEnded as e:
            self.candidate_ended(e, "load")
            return f"the candidate process ended while loading ({e.how})", {}
        except Tainted:
            return self.taint, {}
        finally:
            self.disarm()

    def run_split(self):
        p = self.p
        load_error, described = self.load()
        if self.aborted:
            raise Aborted(self.aborted)
        if load_error is None and p.entry and p.entry not in described:
            load_error = f"entry point '{p.entry}' is not defined"
        if load_error is not None:
            self.emit("load", ok=False, message=load_error)
        self.flush_pending()
        env = self.environment(described)
        total, passed = p.total, 0
        stop = ("error", load_error) if load_error is not None else None
        if stop is None:
            for stmt, code in p.setup:
                outcome, message, ms = self.execute(code, stmt, None, env)
                if outcome != "passed":
                    total += 1
                    message = f"test set-up failed: {message}"
                    self.emit("test", name=p.setup_name(stmt), outcome="error", message=message, ms=ms)
                    self.flush_pending()
                    stop = ("error", message)
                    break
        for is_test, name, stmt, code in p.plan:
            if stop is not None:
                if is_test:
                    self.emit("test", name=name, outcome=stop[0], message=stop[1], ms=0)
                continue
            outcome, message, ms = self.execute(code, stmt, name if is_test else None, env)
            if not is_test:
                if outcome != "passed":
                    total += 1
                    message = f"test set-up failed: {message}"
                    self.emit("test", name=p.setup_name(stmt), outcome="error", message=message, ms=ms)
                    self.flush_pending()
                    stop = ("error", message)
                continue
            passed += outcome == "passed"
            self.emit("test", name=name, outcome=outcome, message=message, ms=ms)
            self.flush_pending()
            if outcome == "timeout":
                stop = ("skipped", f"not run: {name} exceeded its time limit")
            elif self.gone is not None:
                stop = ("error", f"not run: the candidate process ended during {name}")
        self.finish_candidate()
        self.emit("end", total=total, passed=passed)

    def execute(self, code, stmt, name, env):
        """Runs one statement of the test code under the test's time budget: (outcome, message, ms)."""
        self.taint = self.split_error = None
        self.timed_out = False
        started = time.monotonic()
        outcome, message = "passed", None
        try:
            self.watch("judge", self.p.budget)
            harness._run_code(code, env)
        except (Unsplittable, Aborted):
            raise
        except TestTimeout:
            outcome, message = "timeout", f"exceeded {self.p.budget:g}s"
        except CandidateEnded as e:
            outcome, message = "error", f"the candidate process ended during this test ({e.how})"
            self.gone = e
        except AssertionError as e:
            outcome, message = "failed", self.p.failure_message(stmt, e)
        except BaseException as e:  # noqa: BLE001  (the test's own error, or the candidate's raised here)
            outcome = "error"
            message = "".join(traceback.format_exception_only(type(e), e)).strip()[:MESSAGE_CHARS]
        finally:
            self.disarm()
        # What the test code cannot hide by catching: a hang, a non-plain answer, an unsplittable call, an abort.
        if self.aborted:
            raise Aborted(self.aborted)
        if self.split_error is not None:
            raise Unsplittable(self.split_error)
        if self.timed_out:
            outcome, message = "timeout", f"exceeded {self.p.budget:g}s"
        elif self.taint is not None and outcome != "timeout":
            outcome, message = "failed", self.taint
        if self.candidate is not None and self.candidate.status is not None and self.gone is None \
                and not self.candidate.killed:
            self.gone = CandidateEnded(exit_status(self.candidate.status, self.candidate.ooms), "it ended")
        if self.gone is not None and self.ended is None:
            self.candidate_ended(self.gone, name or "set-up")
            if outcome == "passed":
                outcome, message = "error", f"the candidate process ended during this test ({self.gone.how})"
        return outcome, message, round((time.monotonic() - started) * 1000, 2)

    def run_in_process(self, why):
        """The fallback: a fresh candidate process runs the in-process harness and streams its events; the judge
        relays them, keeps its own start and syntax lines, watches the time and the process, and ends the report
        itself if the candidate does not."""
        p = self.p
        self.boundary, self.fallback = "in_process", why
        self.candidate = self.spawn()
        names = [name for is_test, name, _, _ in p.plan if is_test]
        reported, ended = 0, False
        self.candidate.send(["inprocess", 1, p.program, p.tests, p.entry, p.budget])
        while True:
            try:
                self.arm(p.budget * (2 if reported == 0 else 1) + 1.0)
                text = self.candidate.receive()
                self.disarm()
            except TestTimeout:
                self.disarm()
                if ended:
                    break
                current = names[reported] if reported < len(names) else "set-up"
                self.emit("test", name=current, outcome="timeout", message=f"exceeded {p.budget:g}s", ms=0)
                for name in names[reported + 1:]:
                    self.emit("test", name=name, outcome="skipped", message=f"not run: {current} exceeded its time limit",
                              ms=0)
                self.emit("end", total=max(len(names), reported + 1), passed=0)
                break
            except CandidateEnded as e:
                self.disarm()
                if ended:
                    break
                during = names[reported] if reported < len(names) else "load"
                self.candidate_ended(e, during)
                self.flush_pending()
                for name in names[reported:]:
                    self.emit("test", name=name, outcome="error",
                              message=f"the candidate process ended during {during} ({e.how})", ms=0)
                self.emit("end", total=max(len(names), reported), passed=0)
                break
            try:
                frame = self.decoder.loads(text)
                event = frame[1] if type(frame) is list and len(frame) == 2 and frame[0] == "event" else None
            except plaindata.Malformed:
                event = None
            if type(event) is not dict:
                continue
            kind = event.get("t")
            if kind == "test":
                reported += 1
                self.emit("test", name=str(event.get("name"))[:300], outcome=str(event.get("outcome"))[:20],
                          message=None if event.get("message") is None else str(event.get("message"))[:MESSAGE_CHARS],
                          ms=event.get("ms") if type(event.get("ms")) in (int, float) else 0)
            elif kind == "load":
                self.emit("load", ok=False, message=str(event.get("message"))[:MESSAGE_CHARS])
            elif kind == "end":
                claimed = event.get("total")
                self.emit("end", total=max(p.total, claimed if type(claimed) is int else 0), passed=reported)
                ended = True
        self.finish_candidate()


_MISSING = object()


def _import(name):
    try:
        return importlib.import_module(name)
    except Exception:  # noqa: BLE001
        return None


def run_limit_seconds(meta):
    """The job's run limit, in CPU seconds (the service gives the step STARVED_FACTOR x this of wall-clock time)."""
    return float(meta.get("runTimeoutSeconds", 10))


def run_strict(spawner, files, report_fd, uid=65534, home="/work/cand"):
    """One candidate (the agent, or the exec path): the report goes to report_fd (the step's stdout, which the
    caller moved out of fd 1: the test code's own prints go to stderr), in one write at the end. Returns the step's
    exit status."""
    prepared = harness.prepare(files)
    meta = json.loads(files["meta.json"])
    nonce = meta["nonce"]
    run_limit = run_limit_seconds(meta)
    limits = {"cpu": int(run_limit) + 2, "nproc": None}
    os.mkdir(home, 0o700)
    os.chown(home, uid, uid)
    relay = StderrRelay()
    judge = Judge(prepared, lambda: CandidateProcess(spawner, uid, home, limits, relay),
                  deadline=time.monotonic() + STARVED_FACTOR * run_limit, cpu_limit=run_limit)
    try:
        judge.run()
    except Aborted as e:
        judge.stop_candidate()
        judge.end_aborted(e.killed_by)
    if relay.seen:
        # The engine copies stderr and stdout to the service separately: give the candidate's last output a moment
        # to get there before the report (and the exit line, after which the service stops reading).
        time.sleep(0.02)
    data = memoryview(judge.report(nonce).encode("utf-8", "replace"))
    while data:
        data = data[os.write(report_fd, data):]
    return judge.exit_code()

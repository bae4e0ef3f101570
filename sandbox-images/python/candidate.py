"""The candidate's side of the boundary: a process under the candidate's own uid that loads the candidate's code and
answers the judge's calls with plain data.

It is forked from the zygote (which has never seen a nonce, a test or another candidate's code), so there is nothing
of the judge's in its memory. Its file descriptors: 0 /dev/null, 1 and 2 a pipe the judge relays (capped) to the
step's stderr, 3 the judge's requests, 4 its answers; nothing else. Every frame is a JSON array of plain data
(plaindata): a request ["call", seq, target, args, kwargs, mutable-arg indexes], an answer ["ok", seq, value,
{index: mutated argument}], ["raised", seq, exception], ["bad", seq, type name] when the value is not plain data.

Some values stay here and cross as handles the judge holds: instances of the candidate's classes that the tests use
({"H": n}); generators and the interpreter's other iterators ({"G": [n, is-generator]}: the judge pulls their items
with ["next", seq, n, how-many] and gets ["items", seq, [items], done, exception]); and objects of the interpreter's
own C types that are no plain data (a re.Match, say: {"H": n}). Whatever the judge does with a handle it does with its
own operators (identity equality); only attributes and method calls come back here, and their answers are plain data.
A class the candidate wrote (not immutable) that the tests do not use is never a handle: it is not plain data.

Whatever this process sends, the judge decodes it into plain values of its own: a candidate that patches this module
can choose its answers, never what the judge does with them.
"""
import json
import os
import resource
import shutil
import sys
import traceback
import types

import plaindata

# Our own references to the builtins this module uses: a candidate that patches builtins (isinstance, type, ...)
# for its own ends changes its own answers, not how they are encoded.
from builtins import (all, any, bool, bytearray, bytes, callable, complex, dict, enumerate, float, frozenset,  # noqa: E402,F401,A004
                      getattr, hasattr, id, int, isinstance, issubclass, iter, len, list, next, repr, reversed, set,
                      str, tuple, type)

REQUESTS = 3
ANSWERS = 4
MESSAGE_CHARS = 2000
# Py_TPFLAGS_IMMUTABLETYPE: set on the interpreter's and its C modules' own types, never on a class made by a class
# statement or type() (whose attributes can be reassigned).
IMMUTABLE_TYPE = 1 << 8
MAX_ITEMS = 4096


def base64_module():
    import base64
    return base64


def become(uid, home, limits):
    """Turns the forked child into the candidate: last OOM victim first, own session, limits, own uid, own dir."""
    with open("/proc/self/oom_score_adj", "w") as f:
        f.write("1000")
    os.setsid()
    cpu = limits["cpu"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if limits.get("nproc"):
        # Per uid across the whole host (containers share the host's uids): only for the shard's own uids, never
        # for 65534, which other containers' candidates use too. The container's pids limit holds in both modes.
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["nproc"], limits["nproc"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    os.chdir(home)
    os.environ["HOME"] = home
    os.environ["TMPDIR"] = home


def _exception(e):
    """(type name, nearest built-in base, args or message, defined by the candidate)."""
    t = type(e)
    base = next((c for c in t.__mro__ if c.__module__ == "builtins"), BaseException)
    try:
        args = plaindata.Encoder().encode(list(e.args))
    except BaseException:  # noqa: BLE001  (args of its own: the message only)
        args = None
    try:
        message = "".join(traceback.format_exception_only(t, e)).strip()[:MESSAGE_CHARS]
    except BaseException:  # noqa: BLE001
        message = t.__name__
    return [getattr(t, "__qualname__", "?"), base.__name__, args, message, t.__module__ == "solution",
            str(t.__module__)]


class Server:
    def __init__(self, home):
        import json.decoder
        import json.encoder
        import json.scanner
        plaindata.pin_builtins(json, json.encoder, json.decoder, json.scanner, traceback, os, shutil, base64_module())
        self.home = home
        self.module = types.ModuleType("solution")
        self.module.__file__ = os.path.join(home, "solution.py")
        sys.modules["solution"] = self.module
        self.handles = {}
        self.handle_of = {}
        self.handle_classes = ()
        self.decoder = plaindata.Decoder(self._decode_extra)

    def _encode_extra(self, x):
        t = type(x)
        if t in self.handle_classes:
            return {"H": self._handle(x)}
        if t.__flags__ & IMMUTABLE_TYPE:
            # The interpreter's own types (a generator, map, zip, re.Match...): no Python code of the candidate's can
            # be in their class. An iterator's items are encoded one by one as the judge asks for them.
            if t is types.GeneratorType or hasattr(t, "__next__"):
                return {"G": [self._handle(x), t is types.GeneratorType]}
            return {"H": self._handle(x)}
        return None

    def _handle(self, x):
        key = id(x)
        if key not in self.handle_of:
            self.handle_of[key] = len(self.handles) + 1
            self.handles[self.handle_of[key]] = x
        return self.handle_of[key]

    def _decode_extra(self, tag, v):
        if tag == "H":
            return self.handles[v]
        if tag == "R":
            return getattr(self.module, v)
        raise plaindata.Malformed(tag)

    def encode(self, x):
        return plaindata.Encoder(self._encode_extra).encode(x)

    def answer(self, *frame):
        self.write(list(frame))

    @staticmethod
    def write(frame):
        # What the candidate printed goes out before its answer, so the judge relays it in order.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001  (a stream the candidate replaced or closed)
                pass
        plaindata.write_frame(ANSWERS, frame)

    def serve(self):
        while True:
            try:
                request = self.decoder.loads(plaindata.read_frame(REQUESTS, limit=1 << 30))
            except EOFError:
                os._exit(0)
            op, seq = request[0], request[1]
            if op == "call":
                self.call(seq, *request[2:])
            elif op == "attr":
                self.attr(seq, *request[2:])
            elif op == "next":
                self.next_items(seq, *request[2:])
            elif op == "load":
                self.load(seq, *request[2:])
            elif op == "inprocess":
                self.in_process(*request[2:])
            elif op == "quit":
                return

    def load(self, seq, source, names):
        path = self.module.__file__
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(source)
        error = None
        try:
            code = compile(source, path, "exec")
            self.module.__dict__["__builtins__"] = __builtins__
            exec(code, self.module.__dict__)
        except BaseException as e:  # SystemExit and KeyboardInterrupt included: the candidate does not end the run
            error = _exception(e)[3]
        described = {}
        for name in names:
            if name in self.module.__dict__:
                described[name] = self.describe(self.module.__dict__[name])
        self.handle_classes = tuple(self.module.__dict__[n] for n, d in described.items() if d[0] == "class")
        self.answer("loaded", seq, error, {"D": [[n, d] for n, d in described.items()]})

    def describe(self, obj):
        if isinstance(obj, types.ModuleType):
            return ["module", obj.__name__]
        origin = getattr(obj, "__module__", None) if callable(obj) else None
        if origin is not None and origin != "solution":
            found = sys.modules.get(origin)
            for part in (getattr(obj, "__qualname__", None) or "?").split("."):
                found = getattr(found, part, None)
            if found is obj:
                return ["import", [origin, obj.__qualname__]]
        if isinstance(obj, type):
            if issubclass(obj, BaseException):
                base = next((c for c in obj.__mro__ if c.__module__ == "builtins"), BaseException)
                return ["exception", base.__name__]
            return ["class", None]
        if callable(obj):
            return ["function", None]
        try:
            return ["value", self.encode(obj)]
        except plaindata.NotPlain as e:
            return ["opaque", str(e.args[0])]

    def call(self, seq, target, args, kwargs, mutable):
        try:
            kind = target[0]
            if kind == "f":
                fn = getattr(self.module, target[1])
            elif kind == "m":
                fn = getattr(self.handles[target[1]], target[2])
            else:
                fn = getattr(self.module, target[1])
            parts = plaindata.mutable_parts([args[i] for i in mutable if i < len(args)])
            result = fn(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001  (the judge raises it on its side)
            self.answer("raised", seq, _exception(e))
            return
        if kind == "new":
            self.answer("ok", seq, {"H": self._handle(result)}, None)
            return
        self.send_result(seq, result, [args[i] for i in mutable if i < len(args)], parts)

    def send_result(self, seq, result, mutated=(), parts=()):
        """The result and the mutable arguments as the call left them; parts of the arguments as received go back
        as references (plaindata.RefEncoder), so the judge updates its own objects in place."""
        try:
            encoder = plaindata.RefEncoder(parts, self._encode_extra)
            value = encoder.encode(result)
            back = [encoder.encode(a) for a in mutated] if mutated else None
        except plaindata.NotPlain as e:
            self.answer("bad", seq, str(e.args[0]))
            return
        except BaseException as e:  # noqa: BLE001  (a value whose walk raises)
            self.answer("bad", seq, f"{plaindata.type_name(result)} ({type(e).__name__})")
            return
        self.write(["ok", seq, value, back])

    def attr(self, seq, handle, name):
        try:
            obj = self.handles[handle]
            if callable(getattr(type(obj), name, None)):
                self.answer("method", seq)
                return
            value = getattr(obj, name)
        except BaseException as e:  # noqa: BLE001
            self.answer("raised", seq, _exception(e))
            return
        self.send_result(seq, value)

    def next_items(self, seq, handle, count):
        """Up to `count` more items of an iterator the judge holds, and whether it ended (or raised) after them."""
        try:
            it = self.handles[handle]
            count = max(1, min(int(count), MAX_ITEMS))
        except BaseException as e:  # noqa: BLE001
            self.answer("raised", seq, _exception(e))
            return
        items, done, error = [], False, None
        for _ in range(count):
            try:
                items.append(next(it))
            except StopIteration:
                done = True
                break
            except BaseException as e:  # noqa: BLE001  (the judge raises it where the tests take this item)
                error = _exception(e)
                break
        try:
            encoded = [self.encode(item) for item in items]
        except plaindata.NotPlain as e:
            self.answer("bad", seq, str(e.args[0]))
            return
        except BaseException as e:  # noqa: BLE001
            self.answer("bad", seq, f"an item of an iterator ({type(e).__name__})")
            return
        self.write(["items", seq, encoded, done, error])

    def in_process(self, source, tests, entry, budget):
        """The fallback: today's harness runs the tests in this process. What it reports could be forged by the
        candidate (it shares the process), so the judge says so (boundary: in_process) and the tampering rules guard."""
        import harness

        def emit(event):
            plaindata.write_frame(ANSWERS, ["event", plaindata.Encoder().encode(event)])

        prepared = harness.Prepared({"nonce": "", "entryPoint": entry, "testTimeoutSeconds": budget}, source, tests)
        harness.run(prepared, emit)
        os._exit(0)


def main(uid, home, limits):
    """The candidate process: never returns."""
    code = 70
    try:
        become(uid, home, limits)
        Server(home).serve()
        code = 0
        # Tidy up: its files (the runner removes the directory itself, and sends the cleaner if anything is left).
        for name in os.listdir(home):
            path = os.path.join(home, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)

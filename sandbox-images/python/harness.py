"""Arbiter's Python test planner and in-process runner.

prepare() compiles the program (the syntax check) and plans the tests without running any of it; the judge
(judge.py) then runs the plan in its own process and calls into the candidate's process. run() is the in-process
fallback (the candidate and the tests in one process, the candidate's), used only when the tests cannot be split
(fallback_reason) and marked so in the report.

Tests are split out of the task's test code: the statements of a HumanEval-style check(candidate) function, or
top-level statements (MBPP style); a statement that asserts, or calls a function of the test code that asserts
(directly or through another: EvalPlus's assertion(candidate(*inp), exp, atol)), is one test; definitions and the
other statements are set-up, and a set-up statement that raises is reported as a failed test. A generated test
suite may instead define pytest-style test_* functions or unittest.TestCase classes: then each test function or test
method is one test (a skipped test raises and counts as failed). The candidate is importable as `solution`.

A test that exceeds its time budget is taken as a hang: the tests after it are reported "skipped" (not passed)
instead of each burning its own budget on the same loop.
"""
import ast
import importlib
import json
import os
import random
import signal
import sys
import time
import traceback
import types

WORK = "/work"

# Modules candidates commonly import (HumanEval's `from typing import List`, math, re, ...). The shard runner imports
# them once (preload): its forked children then find them in sys.modules instead of unmarshalling them into fresh
# memory. numpy and pandas are left out: they would make every fork dearer. The one-candidate agent does not preload
# (it would pay for modules most candidates never import).
PRELOADED = ("typing", "math", "re", "collections", "itertools", "functools", "string", "heapq", "bisect", "hashlib",
             "statistics", "fractions", "decimal", "operator", "copy", "datetime", "unittest")


def preload():
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


class TestTimeout(BaseException):
    """Raised in the main thread when one test exceeds its time budget."""


def _on_alarm(signum, frame):
    raise TestTimeout()


def _walk(node):
    """ast.walk without the leaves that dominate big generated tests (the constants of EvalPlus's input lists):
    nothing the planner looks for is a constant."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for field in n._fields:
            value = getattr(n, field, None)
            if type(value) is list:
                stack.extend([v for v in value if isinstance(v, ast.AST) and type(v) is not ast.Constant])
            elif isinstance(value, ast.AST) and type(value) is not ast.Constant:
                stack.append(value)


def _contains_assert(node):
    return any(type(n) is ast.Assert for n in _walk(node))


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def _called_names(node):
    for n in _walk(node):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Name):
                yield n.func.id
            elif isinstance(n.func, ast.Attribute):
                yield n.func.attr


def asserting_functions(tree):
    """Functions of the test code that assert, directly or through another such function: a statement calling one
    is a test (`assertion(candidate(x), expected)`), the definition itself is set-up."""
    defs = [n for n in _walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    found = {d.name for d in defs if _contains_assert(d)}
    while True:
        more = {d.name for d in defs if d.name not in found and any(c in found for c in _called_names(d))}
        if not more:
            return found
        found |= more


def _is_test(stmt, asserting):
    if isinstance(stmt, _DEFINITIONS):
        return False
    return _contains_assert(stmt) or any(c in asserting or c.startswith("assert") for c in _called_names(stmt))


def _is_check_call(stmt):
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "check")


def _is_test_function(stmt):
    return isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name.startswith("test")


def _is_test_case(stmt):
    return isinstance(stmt, ast.ClassDef) and any(
        (isinstance(b, ast.Attribute) and b.attr == "TestCase") or (isinstance(b, ast.Name) and b.id == "TestCase")
        for b in stmt.bases)


def _call(source, like, name):
    stmt = ast.fix_missing_locations(ast.copy_location(ast.parse(source).body[0], like))
    stmt.arbiter_name = name
    return stmt


def _plan_suite(tree):
    """Test functions and TestCase methods: definitions are set-up, each call is a test."""
    body = []
    for stmt in tree.body:
        if _is_test_function(stmt) and not isinstance(stmt, ast.AsyncFunctionDef):
            body.append((False, stmt))
            body.append((True, _call(f"{stmt.name}()", stmt, stmt.name)))
        elif _is_test_case(stmt):
            body.append((False, stmt))
            for m in stmt.body:
                if isinstance(m, ast.FunctionDef) and m.name.startswith("test"):
                    body.append((True, _call(f"{stmt.name}({m.name!r}).debug()", m, f"{stmt.name}.{m.name}")))
        else:
            body.append((False, stmt))
    return body


def plan_tests(test_source, tree=None):
    """Returns (module set-up statements, check parameter name or None, [(is_test, stmt)])."""
    tree = tree if tree is not None else ast.parse(test_source, filename="tests.py")
    if not tree.body:
        return [], None, []
    if any(_is_test_function(s) or _is_test_case(s) for s in tree.body) and not any(
            isinstance(s, ast.FunctionDef) and s.name == "check" for s in tree.body):
        return [], None, _plan_suite(tree)
    asserting = asserting_functions(tree)
    check = next((s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "check"), None)
    if check is not None:
        setup = [s for s in tree.body if s is not check and not _is_check_call(s)]
        param = check.args.args[0].arg if check.args.args else None
        body = [(_is_test(s, asserting), s) for s in check.body]
        return setup, param, body
    body = [(_is_test(s, asserting), s) for s in tree.body]
    if not any(is_test for is_test, _ in body):
        return [], None, [(True, ast.Module(body=tree.body, type_ignores=[]))]
    return [], None, body


# What the tests do that a judge in another process cannot do for them: then the run falls back to the hardened
# in-process harness, and says why. Decided from the task's test code alone, so a candidate cannot ask for it.
_FALLBACK_MODULES = {
    "inspect": "the tests inspect the candidate's code", "dis": "the tests inspect the candidate's code",
    "unittest.mock": "the tests patch the candidate", "mock": "the tests patch the candidate",
    "importlib": "the tests load the candidate's module themselves",
    "pandas": "the tests use pandas objects",
    "threading": "the tests call the candidate from threads", "multiprocessing": "the tests call the candidate from threads",
    "concurrent.futures": "the tests call the candidate from threads",
}
_FALLBACK_NAMES = {
    "patch": "the tests patch the candidate", "monkeypatch": "the tests patch the candidate",
    "capsys": "the tests capture the candidate's output", "capfd": "the tests capture the candidate's output",
    "redirect_stdout": "the tests capture the candidate's output",
    "redirect_stderr": "the tests capture the candidate's output",
    "__import__": "the tests load the candidate's module themselves",
    "globals": "the tests look the candidate's names up dynamically",
    "vars": "the tests look the candidate's names up dynamically",
}
_FALLBACK_SYS = {"stdout": "the tests capture the candidate's output", "stdin": "the tests feed the candidate's input",
                 "stderr": "the tests capture the candidate's output", "modules": "the tests load the candidate's module themselves"}


def fallback_reason(tree, source=""):
    """Why the tests cannot run in a judge apart from the candidate, or None."""
    if "solution.py" in source or "__file__" in source:
        return "the tests read the candidate's source file"
    for node in _walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                for prefix in (name, name.split(".")[0]):
                    if prefix in _FALLBACK_MODULES:
                        return _FALLBACK_MODULES[prefix]
            if isinstance(node, ast.ImportFrom) and node.module in ("unittest", "contextlib"):
                for a in node.names:
                    if a.name in _FALLBACK_NAMES or a.name == "mock":
                        return _FALLBACK_NAMES.get(a.name, "the tests patch the candidate")
        elif isinstance(node, ast.Name) and node.id in _FALLBACK_NAMES:
            return _FALLBACK_NAMES[node.id]
        elif isinstance(node, ast.Attribute):
            if node.attr in _FALLBACK_NAMES and node.attr not in ("globals", "vars"):
                return _FALLBACK_NAMES[node.attr]
            if isinstance(node.value, ast.Name) and node.value.id == "sys" and node.attr in _FALLBACK_SYS:
                return _FALLBACK_SYS[node.attr]
            if isinstance(node.value, ast.Name) and node.value.id == "unittest" and node.attr == "mock":
                return "the tests patch the candidate"
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "solution":
                    return "the tests patch the candidate's module"
    return None


def referenced_names(tree):
    """Every name the test code could look up in the candidate's module: names, attribute names, imported names."""
    names = set()
    for node in _walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == "solution":
            names.update(a.name for a in node.names)
    return names


def _compiled(stmt):
    """A test statement's code object, or the error compiling it raised (re-raised when the statement runs)."""
    try:
        module = stmt if isinstance(stmt, ast.Module) else ast.Module(body=[stmt], type_ignores=[])
        return compile(module, "tests.py", "exec")
    except Exception as e:  # noqa: BLE001  (reported as the statement's own error)
        return e


class Prepared:
    """Everything done before any candidate code runs: the program compiled, the tests planned and compiled."""

    def __init__(self, meta, program, tests, prompt=""):
        self.nonce = meta["nonce"]
        self.entry = meta.get("entryPoint")
        self.budget = float(meta.get("testTimeoutSeconds", 5))
        self.program = program
        self.tests = tests
        self.prompt = prompt
        self.code = self.syntax_error = self.test_syntax_error = None
        self.setup, self.param, self.plan = [], None, []
        self.fallback, self.names = None, set()
        try:
            self.code = compile(program, "solution.py", "exec")
        except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
            self.syntax_error = (f"{type(e).__name__}: {e}", getattr(e, "lineno", None))
            return
        try:
            tree = ast.parse(tests, filename="tests.py")
            setup, self.param, plan = plan_tests(tests, tree)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
            self.test_syntax_error = str(e)
            return
        self.fallback = fallback_reason(tree, tests)
        self.names = referenced_names(tree)
        self.setup = [(stmt, _compiled(stmt)) for stmt in setup]
        index = 0
        for is_test, stmt in plan:
            line = getattr(stmt, "lineno", None)
            name = None
            if is_test:
                index += 1
                name = getattr(stmt, "arbiter_name", None) or f"test_{index}"
                name += f" (tests.py:{line})" if line else ""
            self.plan.append((is_test, name, stmt, _compiled(stmt)))

    @property
    def total(self):
        return sum(1 for is_test, _, _, _ in self.plan if is_test)

    def setup_name(self, stmt):
        line = getattr(stmt, "lineno", None)
        return "set-up" + (f" (tests.py:{line})" if line else "")

    def failure_message(self, stmt, e):
        message = (ast.get_source_segment(self.tests, stmt) or "assertion failed")[:300]
        if str(e):
            message += f" -- {str(e)[:200]}"
        return message


def prepare(files):
    """Reads meta.json, the program, the tests and the prompt from {name: bytes}; compiles them. Runs none of it."""
    meta = json.loads(files["meta.json"])

    def text(name):
        return files.get(name, b"").decode("utf-8", errors="replace") if name else ""

    return Prepared(meta, text(meta.get("program", "solution.py")), text(meta.get("tests", "tests.py")),
                    text(meta.get("prompt")))


def _run_code(code, env):
    if isinstance(code, BaseException):
        raise code
    exec(code, env)


def run(p, emit):
    """The in-process run (the fallback): the tests and the candidate share this process, the candidate's own. It
    reports through emit(event); the judge relays those events, marked in_process."""
    os.dup2(2, 1)

    emit({"t": "start"})
    random.seed()  # a fork shares its parent's random state: every candidate gets its own
    if p.syntax_error is not None:
        emit({"t": "syntax", "ok": False, "message": p.syntax_error[0], "line": p.syntax_error[1]})
        emit({"t": "end", "total": 0, "passed": 0, "aborted": "syntax_error"})
        return
    emit({"t": "syntax", "ok": True})
    if p.test_syntax_error is not None:
        emit({"t": "end", "total": 0, "passed": 0, "aborted": "test_syntax_error", "message": p.test_syntax_error})
        return

    budget = p.budget
    signal.signal(signal.SIGALRM, _on_alarm)
    module = types.ModuleType("solution")
    sys.modules["solution"] = module
    namespace = module.__dict__
    namespace["__builtins__"] = __builtins__
    load_error = None
    try:
        signal.setitimer(signal.ITIMER_REAL, budget)
        exec(p.code, namespace)
    except BaseException as e:  # SystemExit and KeyboardInterrupt included: the candidate does not end the run
        load_error = f"{type(e).__name__}: {e}" if not isinstance(e, TestTimeout) else "timeout while loading"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)

    env = dict(namespace)
    env["__name__"] = "__arbiter_tests__"
    entry = p.entry
    if load_error is None and entry and entry not in namespace:
        load_error = f"entry point '{entry}' is not defined"
    if load_error is not None:
        emit({"t": "load", "ok": False, "message": load_error})
    if p.param and entry in namespace:
        env[p.param] = namespace[entry]
    total, passed = p.total, 0
    if load_error is None:
        for stmt, code in p.setup:
            try:
                _run_code(code, env)
            except BaseException as e:
                load_error = f"test set-up failed: {type(e).__name__}: {e}"
                total += 1
                emit({"t": "test", "name": p.setup_name(stmt), "outcome": "error", "message": load_error, "ms": 0})
                break

    hung = None
    for is_test, name, stmt, code in p.plan:
        if hung is not None:
            if is_test:
                emit({"t": "test", "name": name, "outcome": "skipped",
                      "message": f"not run: {hung} exceeded its time limit", "ms": 0})
            continue
        if load_error is not None:
            if is_test:
                emit({"t": "test", "name": name, "outcome": "error", "message": load_error, "ms": 0})
            continue
        started = time.monotonic()
        outcome, message = "passed", None
        try:
            signal.setitimer(signal.ITIMER_REAL, budget)
            _run_code(code, env)
        except TestTimeout:
            outcome, message = "timeout", f"exceeded {budget:g}s"
        except AssertionError as e:
            outcome, message = "failed", p.failure_message(stmt, e)
        except BaseException as e:
            outcome = "error"
            message = "".join(traceback.format_exception_only(type(e), e)).strip()[:500]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if not is_test:
            if outcome != "passed":
                load_error = f"test set-up failed: {message}"
                total += 1
                emit({"t": "test", "name": p.setup_name(stmt), "outcome": "error", "message": load_error,
                      "ms": round((time.monotonic() - started) * 1000, 2)})
            continue
        passed += outcome == "passed"
        if outcome == "timeout":
            hung = name
        emit({"t": "test", "name": name, "outcome": outcome, "message": message,
              "ms": round((time.monotonic() - started) * 1000, 2)})
    emit({"t": "end", "total": total, "passed": passed})


def read_work(work):
    """The job's files in a work directory, each deleted once read, before any candidate process exists."""
    files = {}
    meta_path = os.path.join(work, "meta.json")
    with open(meta_path, "rb") as f:
        files["meta.json"] = f.read()
    os.unlink(meta_path)
    meta = json.loads(files["meta.json"])
    for name in (meta.get("program", "solution.py"), meta.get("tests", "tests.py"), meta.get("prompt")):
        if not name:
            continue
        try:
            with open(os.path.join(work, name), "rb") as f:
                files[name] = f.read()
            os.unlink(os.path.join(work, name))
        except FileNotFoundError:
            continue
    return files


def main():
    """The exec path (no agent): the zygote first, then the job's files, then the judge, as the agent does."""
    import judge
    import zygote
    spawner = zygote.start()
    files = read_work(WORK)
    report_fd = os.dup(1)
    os.dup2(2, 1)
    os._exit(judge.run_strict(spawner, files, report_fd))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        main()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(70)

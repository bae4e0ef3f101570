'use strict';
// How the task's test code is run and counted, wherever it runs (in the judge, or in the candidate's process for the
// in-process fallback): each top-level statement of the tests is its own script in one shared global scope (function
// declarations first, as hoisting would have them); every console.assert / assert.* call is one test, recorded as
// it happens; a statement that throws is one failed test; tests that contain asserts of which none ran fail.
const util = require('util');
const vm = require('vm');
const nodeAssert = require('assert');

const ASSERT_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict']);
const MESSAGE_CAP = 300;

function clip(s, n) {
  s = String(s);
  return s.length <= n ? s : s.slice(0, n) + '...';
}

/** One line for a thrown value, as the report shows it. */
function describe(e) {
  try {
    if (e instanceof Error || (e && typeof e === 'object' && typeof e.message === 'string')) {
      const where = typeof e.stack === 'string' ? (e.stack.split('\n').find(l => /tests\.js:\d+/.test(l)) || '').trim() : '';
      return clip((e.name || 'Error') + ': ' + e.message + (where ? ' | ' + where : ''), 500);
    }
    return clip('threw ' + util.inspect(e, { depth: 2 }), 500);
  } catch (err) {
    return 'threw a value that cannot be shown';
  }
}

/**
 * The tests' results and the counting assert functions. `poisoned()` names why outcomes can no longer be trusted
 * (the candidate process ended): asserts recorded then are errors, never passes.
 */
function recorder(poisoned) {
  const results = [];
  const thrownAsserts = new WeakSet();
  const where = () => {
    const stack = new Error().stack || '';
    const m = stack.match(/tests\.js:(\d+)/);
    return m ? ' (tests.js:' + m[1] + ')' : '';
  };
  const record = (outcome, message, label) => {
    const why = poisoned();
    if (why) { outcome = 'error'; message = why; }
    results.push({ name: 'assert_' + (results.length + 1) + label, outcome, message: message === null ? null : clip(message, 500) });
  };
  const consoleAssert = (cond, ...rest) => {
    record(cond ? 'passed' : 'failed', cond ? null
        : 'console.assert failed' + (rest.length ? ': ' + clip(util.format(...rest), MESSAGE_CAP) : ''), where());
  };
  // assert / assert.strict with every function counted: a call that returns is a pass, an AssertionError a fail
  // (rethrown, so the statement stops as it would have).
  const counted = (fn, label) => function (...args) {
    const at = where();
    try {
      const r = fn.apply(this, args);
      record('passed', null, at);
      return r;
    } catch (e) {
      if (e instanceof nodeAssert.AssertionError) {
        record('failed', label + ': ' + e.message, at);
        thrownAsserts.add(e);
      }
      throw e;
    }
  };
  const wrapModule = (mod, label) => {
    const out = counted(mod, label);
    for (const k of Object.keys(mod)) {
      const v = mod[k];
      if (k === 'strict' || k === 'AssertionError' || k === 'CallTracker') continue;
      out[k] = typeof v === 'function' ? counted(v, label + '.' + k) : v;
    }
    out.AssertionError = nodeAssert.AssertionError;
    return out;
  };
  const assertModule = wrapModule(nodeAssert, 'assert');
  assertModule.strict = wrapModule(nodeAssert.strict, 'assert.strict');
  assertModule.strict.strict = assertModule.strict;
  return { results, consoleAssert, assertModule, thrownAsserts };
}

/** A console for test code: assert counts, the rest goes to `write` (the step's stderr, where output belongs). */
function testConsole(rec, write) {
  const out = (...a) => { write(clip(util.format(...a), 4000) + '\n'); };
  return { assert: rec.consoleAssert, log: out, info: out, debug: out, warn: out, error: out, trace: out,
    dir: (o) => out(util.inspect(o)), table: out, time() {}, timeEnd() {}, count() {}, group() {}, groupEnd() {} };
}

/** `require` for test code: the assert modules are the counting ones; `other(id)` decides the rest. */
function testsRequire(rec, other) {
  const req = (id) => {
    if (ASSERT_MODULES.has(id)) return /strict$/.test(id) ? rec.assertModule.strict : rec.assertModule;
    return other(id);
  };
  return req;
}

/** The statements in the order they run: function declarations first (hoisted), then the rest as written. */
function order(statements) {
  const decl = (s) => /^(async\s+)?function\b/.test(s.code);
  return statements.filter(decl).concat(statements.filter(s => !decl(s)));
}

function compile(statements) {
  return statements.map(s => new vm.Script(s.code, { filename: 'tests.js', lineOffset: s.line - 1, columnOffset: s.column || 0 }));
}

/** The judge's way to treat results of tests that hold asserts although none ran. */
function noAssertRan(statements, results) {
  if (results.length === 0 && statements.some(s => s.asserts)) {
    return { name: 'asserts', outcome: 'failed', message: 'the tests contain asserts but none of them ran' };
  }
  return null;
}

/**
 * The in-process fallback, run inside the candidate's process: the tests in their own context (fresh builtins),
 * evaluated after the candidate's code, with the candidate's top-level bindings forwarded live by name and console /
 * assert / require bound to references taken before the candidate ran. The candidate can still reach this context
 * through the values it is given, so what it reports is only as good as the candidate's restraint.
 */
function inProcess(msg, names, getters, write) {
  let dead = null;
  const rec = recorder(() => dead);
  const Module = require('module');
  const candidateRequire = Module.createRequire('/work/cand/main.js');
  const sandbox = {};
  const ctx = vm.createContext(sandbox);
  for (const n of names) {
    Object.defineProperty(sandbox, n, { get: () => getters[n](), set: () => {}, configurable: true, enumerable: false });
  }
  sandbox.console = testConsole(rec, write);
  sandbox.assert = rec.assertModule;
  sandbox.require = testsRequire(rec, (id) => (/^(\.|\/)/.test(id) ? globalThis.module.exports : candidateRequire(id)));
  sandbox.module = { exports: {} };
  sandbox.exports = sandbox.module.exports;
  if (msg.helpers) {
    try {
      new vm.Script(msg.helpers, { filename: 'prompt.js' }).runInContext(ctx);
    } catch (e) {
      // the prompt's helpers are the task's; a failure shows up as the tests' ReferenceError
    }
  }
  const statements = order(msg.statements);
  let scripts;
  let compileError = null;
  try {
    scripts = compile(statements);
  } catch (e) {
    compileError = describe(e);
  }
  let next = 0;
  return {
    run(i) {
      if (compileError !== null) return { ok: false, compileError };
      const before = rec.results.length;
      let error = null;
      try {
        scripts[i].runInContext(ctx, { displayErrors: false });
      } catch (e) {
        if (!rec.thrownAsserts.has(e)) error = describe(e);
      }
      next = i + 1;
      return { ok: true, results: rec.results.slice(before), error, count: rec.results.length };
    },
  };
}

module.exports = { recorder, testConsole, testsRequire, order, compile, describe, noAssertRan, inProcess, clip };

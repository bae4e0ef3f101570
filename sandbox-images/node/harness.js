'use strict';
// Arbiter's JavaScript judge. Started as root by the run step; it alone holds the nonce, the report channel (fd 1),
// the tests and their expected values. Set-up: read and delete meta and tests (root 0400), give the candidate's
// source its own 0700 directory, start the candidate's node (candidate.js) as uid 65534 with stdin /dev/null,
// stdout/stderr a file only the judge reads and two FIFOs for calls, start a root supervisor (bash) that kills every
// candidate process when a test's budget runs out or when the judge goes away, then drop to uid 64000.
// The tests run HERE, one top-level statement at a time; each call of a candidate function becomes a blocking call
// into the candidate process (plain data both ways, plain.js), so nothing the candidate does in its own process
// (patched console.assert, prototypes, JSON, exit, lying objects) reaches the comparisons. Where the tests cannot be
// split that way (they pass functions or other non-plain values, construct the candidate's classes, need its module
// object, or are the answer under test), the tests run in the candidate's process instead (suite.inProcess) and the
// report says so: boundary "in_process". The report ("@@nonce {json}" lines) is written at the end, start to end.
const fs = require('fs');
const vm = require('vm');
const os = require('os');
const childProcess = require('child_process');
const Module = require('module');
const plain = require('./plain.js');
const suite = require('./suite.js');

const started = Date.now();
const phases = { boot: Math.round(process.uptime() * 1000) };
const mark = (name) => { phases[name] = Date.now() - started; };
const writeSync = fs.writeSync;
const readSync = fs.readSync;
const stringify = JSON.stringify;
const parse = JSON.parse;
const REPORT_FD = 1;
const JUDGE_UID = 64000;
const CANDIDATE_UID = 65534;
const WORK = '/work';
const JUDGE_DIR = '/work/judge';
const CAND_DIR = '/work/cand';
const MAX_REPLY = 64 << 20;

const meta = parse(fs.readFileSync(WORK + '/meta.json', 'utf8'));
fs.unlinkSync(WORK + '/meta.json');
const nonce = meta.nonce;
let testsDoc = { statements: [] };
if (meta.tests) {
  testsDoc = parse(fs.readFileSync(WORK + '/' + meta.tests, 'utf8'));
  fs.unlinkSync(WORK + '/' + meta.tests);
}
// Nothing reaches the report channel by accident: stray writes to process.stdout go to stderr.
process.stdout.write = process.stderr.write.bind(process.stderr);
const pause = new Int32Array(new SharedArrayBuffer(4));
/** Writes all of text; the step's pipes may be non-blocking, so a full pipe is waited out, not an error. */
const writeAll = (fd, text) => {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
};
const report = [];
const emit = (obj) => report.push('@@' + nonce + ' ' + stringify(obj) + '\n');

const runBudget = Math.max(1000, (meta.runTimeoutMs || 10000) - 1500);
const testBudget = Math.min(meta.testTimeoutMs || 5000, runBudget);
const outputCap = meta.outputCap || 65536;
const remaining = () => started + runBudget - Date.now();

// ---- set-up, as root -------------------------------------------------------------------------------------------
fs.mkdirSync(JUDGE_DIR, 0o700);
fs.mkdirSync(CAND_DIR, 0o700);
fs.renameSync(WORK + '/' + meta.program, CAND_DIR + '/main.js');
fs.chownSync(CAND_DIR, CANDIDATE_UID, CANDIDATE_UID);
const fifo = (n) => JUDGE_DIR + '/' + n;
childProcess.execFileSync('mkfifo', ['-m', '600', fifo('req'), fifo('res'), fifo('ctl')]);
const O = fs.constants;
// Each FIFO is opened without ever blocking (a read-write end first), and the judge keeps only its own ends, so a
// read of `res` ends (EOF) as soon as no candidate process holds its write end.
const pairOf = (path) => {
  const hold = fs.openSync(path, O.O_RDWR);
  const r = fs.openSync(path, O.O_RDONLY);
  const w = fs.openSync(path, O.O_WRONLY);
  fs.closeSync(hold);
  return { r, w };
};
const req = pairOf(fifo('req'));
const res = pairOf(fifo('res'));
const ctl = pairOf(fifo('ctl'));
const outW = fs.openSync(fifo('out'), O.O_WRONLY | O.O_CREAT | O.O_TRUNC | O.O_APPEND, 0o600);
const outR = fs.openSync(fifo('out'), O.O_RDONLY);

const judgeGlobals = new Set(Object.getOwnPropertyNames(globalThis));
for (const n of ['require', 'module', 'exports', '__filename', '__dirname', 'assert', 'console']) judgeGlobals.add(n);
const helperNames = (meta.helperNames || []).filter(n => /^[A-Za-z_$][\w$]*$/.test(n));
const names = [...new Set([...(meta.names || []), ...(meta.entryPoint ? [meta.entryPoint] : [])])]
    .filter(n => /^[A-Za-z_$][\w$]*$/.test(n) && !helperNames.includes(n) && !judgeGlobals.has(n));

// cwd /work: the spawn enters it before the uid changes, and root without DAC_OVERRIDE may not enter /work/cand.
mark('setup');
const child = childProcess.spawn(process.execPath, ['--stack-size=4000', '/opt/arbiter/candidate.js'], {
  cwd: WORK, uid: CANDIDATE_UID, gid: CANDIDATE_UID,
  env: { HOME: CAND_DIR, TMPDIR: CAND_DIR, LANG: 'C.UTF-8', PATH: '/usr/local/bin:/usr/bin:/bin' },
  stdio: ['ignore', outW, outW, req.r, res.w],
});
mark('spawned');
let exited = null;
child.on('exit', (code, signal) => { exited = { code, signal }; });
child.on('error', () => { exited = exited || { code: null, signal: null }; });
// The supervisor: on "arm <s>" waits s seconds for "ok"; on timeout, "kill" or the judge's end, it kills every
// process of the candidate's uid (as that uid: kill -1 reaches all of them, descendants included, and nothing else).
const supervisor = childProcess.spawn('bash', ['-c',
  'while read -r cmd t; do case $cmd in arm) read -r -t "$t" ok && [ "$ok" = ok ] && continue; break;; kill) break;; esac; done; '
  + 'exec setpriv --reuid=' + CANDIDATE_UID + ' --regid=' + CANDIDATE_UID + ' --clear-groups --inh-caps=-all bash -c "kill -9 -1"'],
{ stdio: [ctl.r, 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin' } });
supervisor.on('error', () => {});
for (const fd of [req.r, res.w, ctl.r, outW]) fs.closeSync(fd);
try {
  fs.writeFileSync('/proc/' + child.pid + '/oom_score_adj', '1000');
} catch (e) {
  // best effort: the memory limit still holds; this only makes the candidate, not the judge, the kernel's pick
}
mark('supervisor');
process.setgroups([]);
process.setgid(JUDGE_UID);
process.setuid(JUDGE_UID);

// ---- the wire to the candidate ---------------------------------------------------------------------------------
const chunk = Buffer.alloc(1 << 16);
let pending = '';
const send = (obj) => {
  try {
    writeAll(req.w, stringify(obj) + '\n');
  } catch (e) {
    // EPIPE: the candidate is gone; the next receive() sees its end
  }
};
/** The candidate's next reply, or null when its process is gone (EOF) or the reply is not a JSON line. */
const receive = () => {
  for (;;) {
    const nl = pending.indexOf('\n');
    if (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        return parse(line);
      } catch (e) {
        return { malformed: true };
      }
    }
    if (pending.length > MAX_REPLY) return { malformed: true };
    let n;
    try {
      n = readSync(res.r, chunk, 0, chunk.length, null);
    } catch (e) {
      if (e.code === 'EINTR' || e.code === 'EAGAIN') continue;
      return null;
    }
    if (n === 0) return null;
    pending += chunk.toString('utf8', 0, n);
  }
};
let armedUntil = 0;
let killed = false;
const control = (line) => {
  try {
    writeAll(ctl.w, line + '\n');
  } catch (e) {
    // the supervisor is gone: it has already killed the candidate
  }
};
const arm = (ms) => { armedUntil = Date.now() + ms; control('arm ' + (ms / 1000).toFixed(3)); };
const disarm = () => { if (!killed) control('ok'); };
const killCandidate = () => { if (!killed) { killed = true; control('kill'); } };

// ---- state of the run ------------------------------------------------------------------------------------------
let gone = null;           // why the candidate process can no longer answer (set once)
let goneDuring = null;     // the test (or "load") it ended in, when it ended on its own
let timedOut = false;
let fallbackWhy = null;    // why the tests cannot cross the boundary (set once)
let failure = null;        // a failure of the current statement the test code cannot catch
let current = 'load';
class Fallback extends Error {}
class CandidateGone extends Error {}
const requestFallback = (why) => { fallbackWhy = fallbackWhy || why; throw new Fallback(why); };
const noteGone = () => {
  if (gone) return;
  if (Date.now() >= armedUntil - 25) {
    timedOut = true;
    gone = 'the candidate did not answer within the test budget';
  } else {
    gone = 'the candidate process ended during ' + current;
    goneDuring = current;
  }
  killCandidate();
};
const rec = suite.recorder(() => gone);

const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
const rebuild = (t) => {
  if (t && t.kind === 'value') {
    try {
      return plain.decode(t.value);
    } catch (e) {
      return new Error('the candidate threw a value that could not be read');
    }
  }
  const Ctor = t && Object.prototype.hasOwnProperty.call(ERRORS, t.name) ? ERRORS[t.name] : Error;
  const e = new Ctor(t && typeof t.message === 'string' ? t.message : 'the candidate threw');
  if (t && typeof t.name === 'string' && Ctor === Error && t.name !== 'Error') e.name = t.name.slice(0, 100);
  return e;
};

/** One call of a candidate function: arguments out, result and changed arguments back, as plain data. */
const callCandidate = (name, args) => {
  if (gone) throw new CandidateGone(gone);
  let wire;
  try {
    wire = args.map(a => plain.encode(a));
  } catch (e) {
    if (e instanceof plain.NotPlain) requestFallback('the tests pass ' + e.message + ' to ' + name);
    throw e;
  }
  send({ op: 'call', name, args: wire });
  const reply = receive();
  if (reply === null) {
    noteGone();
    throw new CandidateGone(gone);
  }
  try {
    if (reply.changed && typeof reply.changed === 'object') {
      for (const k of Object.keys(reply.changed)) {
        const i = Number(k);
        if (Number.isInteger(i) && i >= 0 && i < args.length) plain.syncInto(args[i], plain.decode(reply.changed[k]));
      }
    }
    if (reply.ok === true) return plain.decode(reply.value, args);
  } catch (e) {
    if (!(e instanceof plain.Malformed)) throw e;
    reply.malformed = true;
  }
  if (reply.malformed) {
    failure = failure || 'the candidate sent a reply that is not plain data';
    killCandidate();
    gone = gone || failure;
    throw new CandidateGone(failure);
  }
  if (typeof reply.notPlain === 'string') {
    const why = 'the candidate returned a value that is not plain data (' + suite.clip(reply.notPlain, 200) + ')';
    failure = failure || why;
    throw new TypeError(why);
  }
  throw rebuild(reply.thrown);
};

const proxyFor = (name, kind) => {
  const fn = function (...args) {
    if (new.target || kind === 'class') requestFallback('the tests use the candidate\'s class ' + name);
    return callCandidate(name, args);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
};

// ---- the tests' world in the judge -----------------------------------------------------------------------------
const judgeRequire = Module.createRequire('/opt/arbiter/tests.js');
globalThis.console = suite.testConsole(rec, (line) => writeAll(2, line));
globalThis.assert = rec.assertModule;
globalThis.require = suite.testsRequire(rec, (id) => {
  if (/^(\.|\/|file:)/.test(id)) requestFallback('the tests require the candidate\'s module');
  return judgeRequire(id);
});
globalThis.module = { exports: {} };
globalThis.exports = globalThis.module.exports;
if (meta.helpers && helperNames.length > 0) {
  // The prompt's own helpers (poly, encodeCyclic...) are the task's: defined here from the prompt's text, so a
  // candidate that redefines them changes only its own copy.
  try {
    const bound = vm.runInThisContext('(function () {\n' + meta.helpers + '\n;return {'
        + helperNames.map(n => stringify(n) + ': ' + n).join(', ') + '};\n})()', { filename: 'prompt.js', lineOffset: -1 });
    for (const n of helperNames) globalThis[n] = bound[n];
  } catch (e) {
    // a prompt whose helpers do not run on their own: the tests then fail on their own ReferenceError
  }
}

const statements = suite.order(testsDoc.statements || []);
const trusted = meta.testsTrusted !== false;
let scripts = null;
let testSyntaxError = null;
if (trusted) {
  try {
    scripts = suite.compile(statements);
  } catch (e) {
    testSyntaxError = suite.describe(e);
  }
}

/** The candidate's top-level names in the tests' world: functions as proxies, plain values as copies. */
function bind(kinds) {
  for (const n of names) {
    const k = Object.prototype.hasOwnProperty.call(kinds, n) ? kinds[n] : null;
    if (!k || typeof k.kind !== 'string') continue;
    if (k.kind === 'function' || k.kind === 'class') {
      globalThis[n] = proxyFor(n, k.kind);
    } else if (k.kind === 'data') {
      try {
        globalThis[n] = plain.decode(k.value);
      } catch (e) {
        // a malformed copy: the name stays unbound and the tests fail on it
      }
    } else if (k.kind === 'other') {
      const what = suite.clip(String(k.what), 200);
      Object.defineProperty(globalThis, n, { configurable: true, enumerable: false,
        get: () => requestFallback('the tests use the candidate\'s ' + n + ', which is ' + what), set: () => {} });
    }
  }
}

mark('ready');
// ---- load ------------------------------------------------------------------------------------------------------
send({ op: 'load', names });
arm(Math.min(testBudget, remaining()));
const loaded = receive();
let loadError = null;
let loadOutcome = 'error';
if (loaded === null) {
  noteGone();
  if (timedOut) {
    loadError = 'timeout while loading';
    loadOutcome = 'timeout';
  } else {
    loadError = 'the candidate process ended while loading';
  }
} else {
  disarm();
  if (loaded.ok !== true) loadError = typeof loaded.error === 'string' ? loaded.error : 'the program failed to load';
  else bind(loaded.names && typeof loaded.names === 'object' ? loaded.names : {});
}

mark('loaded');
const results = [];
let boundary = 'process';
let hung = null;

/** Runs statement i and returns what it showed; `body` runs it, `current` names it. */
const statementName = (s, i) => 'statement ' + (i + 1) + ' (tests.js:' + s.line + ')';
const runStatements = (runOne) => {
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    current = statementName(s, i);
    if (hung !== null) {
      if (s.asserts) results.push({ name: current, outcome: 'skipped', message: 'not run: ' + hung + ' exceeded its time limit' });
      continue;
    }
    if (gone) {
      if (s.asserts) results.push({ name: current, outcome: 'error', message: gone });
      continue;
    }
    const budget = Math.min(testBudget, remaining());
    if (budget <= 0) {
      hung = current;
      results.push({ name: current, outcome: 'timeout', message: 'the run\'s time budget was used up' });
      continue;
    }
    failure = null;
    arm(budget);
    const t = Date.now();
    const out = runOne(i, budget);
    disarm();
    if (out === 'fallback') return 'fallback';
    if (timedOut || out.timeout) {
      hung = current;
      killCandidate();
      results.push(...out.results);
      results.push({ name: current, outcome: 'timeout', message: 'exceeded ' + (budget / 1000).toFixed(1) + 's', ms: Date.now() - t });
      continue;
    }
    results.push(...out.results);
    if (gone) results.push({ name: current, outcome: 'error', message: gone });
    else if (failure) results.push({ name: current, outcome: 'failed', message: failure });
    else if (out.error) results.push({ name: current, outcome: 'error', message: out.error });
  }
  return 'done';
};

const inJudge = (i, budget) => {
  const before = rec.results.length;
  let error = null;
  let timeout = false;
  try {
    scripts[i].runInThisContext({ timeout: budget, displayErrors: false });
  } catch (e) {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') timeout = true;
    else if (!(e instanceof CandidateGone) && !(e instanceof Fallback) && !rec.thrownAsserts.has(e)) error = suite.describe(e);
  }
  if (fallbackWhy) return 'fallback';
  return { results: rec.results.slice(before), error, timeout };
};

const VALID = new Set(['passed', 'failed', 'error']);
const inCandidate = (i) => {
  send({ op: 'stmt', i });
  const reply = receive();
  if (reply === null) {
    noteGone();
    return { results: [], error: null };
  }
  if (typeof reply.compileError === 'string') return { results: [], error: 'the tests do not parse: ' + reply.compileError };
  const got = Array.isArray(reply.results) ? reply.results : [];
  const shown = got.filter(r => r && typeof r.name === 'string' && VALID.has(r.outcome)).slice(0, 100000)
      .map(r => ({ name: suite.clip(r.name, 200), outcome: r.outcome, message: typeof r.message === 'string' ? suite.clip(r.message, 500) : null }));
  if (shown.length !== got.length) failure = 'the candidate\'s process sent results that are not test results';
  return { results: shown, error: typeof reply.error === 'string' ? suite.clip(reply.error, 500) : null };
};

const runInCandidate = (why) => {
  boundary = 'in_process';
  fallbackWhy = why;
  results.length = 0;
  rec.results.length = 0;
  failure = null;
  current = 'set-up of the in-process run';
  arm(Math.min(testBudget, Math.max(1, remaining())));
  send({ op: 'in_process', statements, helpers: meta.helpers || null });
  const ack = receive();
  if (ack === null) noteGone();
  else disarm();
  runStatements(inCandidate);
};

if (testSyntaxError !== null) {
  // The task's own tests do not parse: nothing about the candidate can be judged.
  killCandidate();
  emit({ t: 'start', boundary });
  emit({ t: 'end', total: 0, passed: 0, aborted: 'test_syntax_error', message: testSyntaxError, boundary });
} else if (loadError !== null) {
  results.push({ name: 'program', outcome: loadOutcome, message: loadError });
} else if (!trusted) {
  runInCandidate('the tests are the answer under test');
} else if (runStatements(inJudge) === 'fallback') {
  runInCandidate(fallbackWhy);
}

// ---- the report ------------------------------------------------------------------------------------------------
const finish = () => {
  if (report.length === 0) {
    if (loadError === null && !results.some(r => r.outcome !== 'passed')) {
      const none = suite.noAssertRan(statements, results);
      if (none) results.push(none);
      else if (results.length === 0) results.push({ name: 'program', outcome: 'passed', message: null });
    }
    let printed = 0;
    try {
      printed = fs.fstatSync(outR).size;
    } catch (e) {
      printed = 0;
    }
    if (printed > 16 * outputCap) {
      results.push({ name: 'output', outcome: 'failed', message: 'the candidate printed ' + printed + ' bytes, more than the limit' });
    }
    const head = { t: 'start', boundary };
    if (boundary === 'in_process') head.fallback = fallbackWhy;
    emit(head);
    if (loadError !== null) emit({ t: 'load', ok: false, message: suite.clip(loadError, 2000) });
    let passed = 0;
    for (const r of results) {
      emit(Object.assign({ t: 'test' }, r));
      if (r.outcome === 'passed') passed++;
    }
    if (goneDuring !== null) {
      let oom = false;
      try {
        oom = /oom_kill [1-9]/.test(fs.readFileSync('/sys/fs/cgroup/memory/memory.oom_control', 'utf8'));
      } catch (e) {
        oom = false;
      }
      const signal = exited && exited.signal ? os.constants.signals[exited.signal] || null : null;
      emit({ t: 'candidate', exit: exited ? exited.code : null, signal, oom, during: goneDuring });
    }
    mark('tests');
    const end = { t: 'end', total: results.length, passed, boundary, judge_ms: phases };
    if (boundary === 'in_process') end.fallback = fallbackWhy;
    emit(end);
  }
  // The candidate's output, capped, on stderr where the sandbox expects it.
  const relay = Buffer.alloc(Math.min(outputCap + 1, 1 << 20));
  let n = 0;
  try {
    n = readSync(outR, relay, 0, relay.length, 0);
  } catch (e) {
    n = 0;
  }
  if (n > 0) writeAll(2, relay.subarray(0, n));
  writeAll(REPORT_FD, report.join(''));
  killCandidate();
  // Today's meaning of the step's exit status: the candidate's own end when it ended on its own.
  let status = 0;
  if (goneDuring !== null && exited) {
    status = exited.signal ? 128 + (os.constants.signals[exited.signal] || 0) : exited.code < 128 ? exited.code || 0 : 1;
  }
  process.exit(status);
};

if (goneDuring !== null && exited === null) {
  // Its exit status arrives through the event loop; wait for it briefly.
  const wait = setInterval(() => {
    if (exited !== null || Date.now() > started + runBudget + 500) { clearInterval(wait); finish(); }
  }, 5);
} else {
  finish();
}

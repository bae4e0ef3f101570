'use strict';
// The candidate's side of Arbiter's JavaScript boundary: runs as uid 65534 in /work/cand with only the candidate's
// source, stdin /dev/null, stdout/stderr a file only the judge reads, fd 3 the judge's requests, fd 4 its replies.
// It loads the candidate as a script, then answers calls of the candidate's top-level functions with plain data
// (plain.js). Everything in this process is the candidate's to change: the judge trusts none of it but the data.
// In the in-process fallback it also runs the tests here (suite.js), in their own context, and sends the results.
const fs = require('fs');
const vm = require('vm');
const Module = require('module');
const plain = require('./plain.js');
const suite = require('./suite.js');

const readSync = fs.readSync;
const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const parse = JSON.parse;
const bufferFrom = Buffer.from.bind(Buffer);
const bufToString = Function.prototype.call.bind(Buffer.prototype.toString);
const strIndexOf = Function.prototype.call.bind(String.prototype.indexOf);
const strSlice = Function.prototype.call.bind(String.prototype.slice);
const REQ = 3;
const RES = 4;
const PROGRAM = '/work/cand/main.js';
process.chdir('/work/cand');
const chunk = Buffer.alloc(1 << 16);
let pending = '';

function receive() {
  for (;;) {
    const nl = strIndexOf(pending, '\n');
    if (nl >= 0) {
      const line = strSlice(pending, 0, nl);
      pending = strSlice(pending, nl + 1);
      return parse(line);
    }
    const n = readSync(REQ, chunk, 0, chunk.length, null);
    if (n === 0) process.exit(0);
    pending += bufToString(chunk, 'utf8', 0, n);
  }
}

function send(obj) {
  const text = stringify(obj) + '\n';
  const buf = bufferFrom(text, 'utf8');
  for (let off = 0; off < buf.length;) off += writeSync(RES, buf, off, buf.length - off);
}

function thrown(e) {
  try {
    if (e instanceof Error || (e && typeof e === 'object' && typeof e.message === 'string')) {
      const name = typeof e.name === 'string' ? e.name : 'Error';
      const stack = typeof e.stack === 'string' ? e.stack.split('\n').slice(1, 3).map(s => s.trim()).join(' | ') : '';
      return { kind: 'error', name: name.slice(0, 100), message: String(e.message).slice(0, 2000), where: stack.slice(0, 300) };
    }
    return { kind: 'value', value: plain.encode(e) };
  } catch (err) {
    return { kind: 'error', name: 'Error', message: 'the candidate threw ' + plain.what(e) };
  }
}

// The candidate's code runs as a script in this context, so its top-level bindings are reachable by name.
const load = receive();
const names = (load.names || []).filter(n => /^[A-Za-z_$][\w$]*$/.test(n));
globalThis.require = Module.createRequire(PROGRAM);
globalThis.module = { exports: {}, filename: PROGRAM, id: '.' };
globalThis.exports = globalThis.module.exports;
globalThis.__filename = PROGRAM;
globalThis.__dirname = '/work/cand';
// Compiled before the candidate's code (which may patch anything): each getter reads the global binding at call time.
const getters = {};
for (const n of names) {
  try {
    getters[n] = vm.runInThisContext('() => ' + n, { filename: 'arbiter-bindings' });
  } catch (e) {
    getters[n] = () => { throw new ReferenceError(n + ' is not defined'); };
  }
}
let loadError = null;
try {
  const source = fs.readFileSync(PROGRAM, 'utf8').replace(/^#!/, '//');
  new vm.Script(source, { filename: PROGRAM }).runInThisContext();
} catch (e) {
  const t = thrown(e);
  loadError = t.kind === 'error' ? t.name + ': ' + t.message + (t.where ? ' | ' + t.where : '') : 'the program threw a value';
}

function kinds() {
  const out = {};
  for (const n of names) {
    let v;
    try {
      v = getters[n]();
    } catch (e) {
      out[n] = { kind: 'unset' };
      continue;
    }
    if (typeof v === 'function') {
      out[n] = { kind: plain.what(v) === 'a class' ? 'class' : 'function' };
      continue;
    }
    try {
      out[n] = { kind: 'data', value: plain.encode(v) };
    } catch (e) {
      out[n] = { kind: 'other', what: e instanceof plain.NotPlain ? e.message : 'a value that cannot be read' };
    }
  }
  return out;
}

function call(msg) {
  let fn;
  try {
    fn = getters[msg.name]();
  } catch (e) {
    return { ok: false, thrown: thrown(e) };
  }
  if (typeof fn !== 'function') {
    return { ok: false, thrown: { kind: 'error', name: 'TypeError', message: msg.name + ' is not a function' } };
  }
  const args = [];
  for (let i = 0; i < msg.args.length; i++) args[i] = plain.decode(msg.args[i]);
  let result;
  try {
    result = fn(...args);
  } catch (e) {
    return { ok: false, thrown: thrown(e), changed: changes(msg.args, args) };
  }
  let value;
  try {
    value = plain.encode(result, args);
  } catch (e) {
    return { ok: false, notPlain: e instanceof plain.NotPlain ? e.message : 'a value that cannot be read' };
  }
  const changed = changes(msg.args, args);
  return changed && changed.notPlain ? { ok: false, notPlain: changed.notPlain } : { ok: true, value, changed };
}

/** The arguments the call changed in place, by index, in wire form. */
function changes(before, args) {
  let out = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === null || typeof args[i] !== 'object') continue;
    let now;
    try {
      now = plain.encode(args[i]);
    } catch (e) {
      return { notPlain: 'argument ' + (i + 1) + ' was changed into ' + (e instanceof plain.NotPlain ? e.message : 'something unreadable') };
    }
    if (stringify(now) !== stringify(before[i])) (out = out || {})[i] = now;
  }
  return out;
}

send(loadError === null ? { ok: true, names: kinds() } : { ok: false, error: loadError.slice(0, 2000) });
let tests = null;
for (;;) {
  const msg = receive();
  if (msg.op === 'call') send(call(msg));
  else if (msg.op === 'in_process') {
    tests = suite.inProcess(msg, names, getters, (line) => writeSync(2, line));
    send({ ok: true });
  } else if (msg.op === 'stmt') send(tests.run(msg.i));
  else process.exit(0);
}

'use strict';
// Arbiter's JavaScript test runner, run inside the sandbox. Reads /work/meta.json (nonce, program file) and deletes
// it before candidate code runs; reports "@@nonce {json}" lines on the original stdout (fd 1) while the candidate's
// console output goes to stderr. Every console.assert call is one test; an uncaught error is one failed test.
const fs = require('fs');
const meta = JSON.parse(fs.readFileSync('/work/meta.json', 'utf8'));
fs.unlinkSync('/work/meta.json');
const nonce = meta.nonce;
const reportFd = 1;
const writeSync = fs.writeSync;
const emit = (obj) => writeSync(reportFd, '@@' + nonce + ' ' + JSON.stringify(obj) + '\n');
process.stdout.write = process.stderr.write.bind(process.stderr);
const exit = process.exit.bind(process);
const results = [];
const origAssert = console.assert.bind(console);
console.assert = (cond, ...rest) => {
  const stack = (new Error().stack || '').split('\n')[2] || '';
  const where = (stack.match(/main\.js:(\d+)/) || [])[1];
  results.push({ name: 'assert_' + (results.length + 1) + (where ? ' (main.js:' + where + ')' : ''),
    outcome: cond ? 'passed' : 'failed', message: cond ? null : 'console.assert failed ' + rest.join(' ') });
  if (!cond) origAssert(cond, ...rest);
};
emit({ t: 'start' });
let error = null;
try {
  require('/work/' + (meta.program || 'main.js'));
} catch (e) {
  error = String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e).slice(0, 500);
}
if (error !== null) results.push({ name: 'program', outcome: 'error', message: error });
if (results.length === 0) results.push({ name: 'program', outcome: 'passed', message: null });
let passed = 0;
for (const r of results) { emit(Object.assign({ t: 'test' }, r)); if (r.outcome === 'passed') passed++; }
emit({ t: 'end', total: results.length, passed });
exit(0);

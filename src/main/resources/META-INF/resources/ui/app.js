'use strict';
// The Arbiter dashboard: plain DOM, one hash route per page, data from /v1/dashboard/* with the session's key.
(function () {
  const KEY = 'arbiter.key';
  const POLL_MS = 5000;
  const DIMENSIONS = ['code_generation', 'algorithm', 'bug_fixing', 'code_completion', 'code_refactoring',
    'data_science', 'multi_language', 'code_understanding', 'test_generation', 'agentic_programming'];
  const view = document.getElementById('view');
  let timer = null;
  let chart = null;

  // ---- DOM helpers: text always goes in as text, never as HTML ----
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const fmt = {
    usd: v => v === null || v === undefined ? '–' : 'USD ' + Number(v).toFixed(4),
    num: (v, d = 3) => v === null || v === undefined ? '–' : Number(v).toFixed(d),
    pct: v => v === null || v === undefined ? '–' : (100 * v).toFixed(1) + ' %',
    time: t => t ? new Date(t).toLocaleString() : '–',
  };
  function table(id, caption, head, rows) {
    return h('table', { id },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, head.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows));
  }
  function td(v, cls) { return h('td', cls ? { class: cls } : {}, v); }
  function decisionLink(id) { return h('a', { href: '#/decisions/' + encodeURIComponent(id), class: 'decision-link' }, id); }

  // ---- the key and the API ----
  function key() { return sessionStorage.getItem(KEY); }
  async function api(path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    const k = key();
    if (k) headers.Authorization = 'Bearer ' + k;
    const res = await fetch(path, Object.assign({}, options, { headers }));
    const body = await res.text();
    let data = null;
    try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
    if (res.status === 401) {
      signOut('The key was refused (401): sign in with a valid key.');
      throw new Error('unauthorized');
    }
    return { status: res.status, ok: res.ok, data };
  }
  async function get(path) {
    const r = await api(path);
    if (!r.ok) throw new Error(problem(r));
    return r.data;
  }
  function problem(r) {
    const d = r.data || {};
    if (r.status === 403) return 'This key lacks the role for this page (403 ' + (d.detail || 'Forbidden') + ').';
    return 'HTTP ' + r.status + ': ' + (d.detail || d.title || 'request failed');
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    stop();
    document.getElementById('nav').hidden = true;
    view.replaceChildren();
    document.getElementById('login').hidden = false;
    document.getElementById('login-error').textContent = message || '';
    document.getElementById('key').focus();
  }
  function signedIn() {
    document.getElementById('login').hidden = true;
    document.getElementById('nav').hidden = false;
    route();
  }
  document.getElementById('login-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const input = document.getElementById('key');
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = '';
    const r = await api('/v1/dashboard/overview?minutes=1').catch(() => null);
    if (!r) return;
    if (!r.ok) { signOut(problem(r)); return; }
    signedIn();
  });
  document.getElementById('signout').addEventListener('click', () => signOut('Signed out.'));

  // ---- routing ----
  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    if (chart) { chart.dispose(); chart = null; }
  }
  function route() {
    if (key() === null) return;
    stop();
    const path = (location.hash || '#/overview').slice(1);
    const parts = path.split('/').filter(Boolean);
    const page = parts[0] || 'overview';
    for (const a of document.querySelectorAll('#nav a[id]')) {
      if (a.id === 'nav-' + page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    view.replaceChildren();
    const pages = { overview, models, decisions, playground };
    if (page === 'decisions' && parts[1]) decision(decodeURIComponent(parts.slice(1).join('/')));
    else (pages[page] || overview)();
  }
  window.addEventListener('hashchange', route);
  function fail(where, e) {
    if (e.message === 'unauthorized') return;
    where.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
  }

  // ---- Overview ----
  function overview() {
    document.title = 'Overview · Arbiter';
    const cards = h('div', { class: 'cards', id: 'overview-cards' });
    const chartBox = h('div', { class: 'chart', id: 'activity-chart', role: 'img',
      'aria-label': 'Decisions, verifications and feedback per minute' });
    const minutesTable = h('div');
    const updated = h('p', { class: 'muted', id: 'overview-updated' });
    view.append(h('h2', {}, 'Overview'), updated, cards, chartBox,
      h('details', {}, h('summary', {}, 'Activity per minute as a table'), minutesTable));
    const load = async () => {
      try {
        const o = await get('/v1/dashboard/overview?minutes=30');
        renderOverview(o, cards, chartBox, minutesTable);
        updated.textContent = 'Newest ' + o.window.experiences + ' outcomes; activity of the last ' + o.window.minutes +
          ' minutes; refreshed ' + new Date().toLocaleTimeString() + ' (every ' + POLL_MS / 1000 + ' s).';
      } catch (e) { fail(cards, e); }
    };
    load();
    timer = setInterval(load, POLL_MS);
  }
  function card(id, label, value, note) {
    return h('div', { class: 'card' }, h('div', { class: 'label', id: id + '-label' }, label),
      h('div', { class: 'value', id, 'aria-labelledby': id + '-label' }, value), note ? h('div', { class: 'note', id: id + '-note' }, note) : null);
  }
  function renderOverview(o, cards, chartBox, minutesTable) {
    const sum = k => o.perMinute.reduce((a, m) => a + m[k], 0);
    const v = o.verifications, out = o.outcomes, m = o.money;
    cards.replaceChildren(
      card('fig-decisions', 'Routing decisions (' + o.window.minutes + ' min)', sum('decisions')),
      card('fig-verifications', 'Verifications (' + o.window.minutes + ' min)', v.total,
        v.passed + ' passed, ' + v.failed + ' failed, ' + v.indeterminate + ' indeterminate'),
      card('fig-pass-rate', 'Pass rate', fmt.pct(v.passRate), 'passed among passed and failed'),
      card('fig-outcomes', 'Recorded outcomes', out.experiences, out.decisions + ' decisions, mean score ' + fmt.num(out.meanScore)),
      card('fig-spent', 'Spent', fmt.usd(m.spent), 'on the ' + out.experiences + ' outcomes'),
      card('fig-saved-expensive', 'Saved vs always the dearest model', fmt.usd(m.mostExpensive.saved),
        (m.mostExpensive.model || '–') + ' would have cost ' + fmt.usd(m.mostExpensive.cost)),
      card('fig-saved-best', 'Saved vs the best single model in hindsight', fmt.usd(m.bestSingle.saved),
        (m.bestSingle.model || '–') + ' would have cost ' + fmt.usd(m.bestSingle.cost) + ' (its mean reward ' + fmt.num(m.bestSingle.meanReward) + ')'));
    const labels = o.perMinute.map(x => new Date(x.start).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    minutesTable.replaceChildren(table('minutes-table', 'Activity per minute',
      ['minute', 'decisions', 'verifications', 'passed', 'failed', 'indeterminate', 'feedback'],
      o.perMinute.map((x, i) => h('tr', {}, td(labels[i]), td(x.decisions, 'num'), td(x.verifications, 'num'),
        td(x.passed, 'num'), td(x.failed, 'num'), td(x.indeterminate, 'num'), td(x.feedback, 'num')))));
    if (!window.echarts) { chartBox.textContent = 'The chart library did not load.'; return; }
    if (!chart) chart = window.echarts.init(chartBox, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: ['decisions', 'verifications', 'feedback'] },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      color: ['#0b5cad', '#b35900', '#116329'],
      series: [
        { name: 'decisions', type: 'line', data: o.perMinute.map(x => x.decisions) },
        { name: 'verifications', type: 'line', data: o.perMinute.map(x => x.verifications) },
        { name: 'feedback', type: 'line', data: o.perMinute.map(x => x.feedback) },
      ],
    });
  }

  // ---- Models x dimensions ----
  const MEASURES = { meanScore: 'mean score', meanCost: 'mean cost (USD)', meanReward: 'mean reward' };
  function models() {
    document.title = 'Models × dimensions · Arbiter';
    const by = h('select', { id: 'heat-by' }, h('option', { value: 'dimension' }, 'dimension'), h('option', { value: 'language' }, 'language'));
    const measure = h('select', { id: 'heat-measure' }, Object.entries(MEASURES).map(([k, v]) => h('option', { value: k }, v)));
    const box = h('div', { id: 'heatmap' });
    const cell = h('section', { id: 'cell', 'aria-live': 'polite' });
    view.append(h('h2', {}, 'Models × dimensions'),
      h('div', { class: 'controls' },
        h('div', {}, h('label', { for: 'heat-by' }, 'Columns'), by),
        h('div', {}, h('label', { for: 'heat-measure' }, 'Colour by'), measure)),
      h('p', { class: 'muted' }, 'Each cell: the measure, then the count of outcomes. Choose a cell to list its recent outcomes.'),
      box, cell);
    let data = null;
    const draw = () => data && renderHeat(data, measure.value, box, cell);
    const load = async () => {
      try { data = await get('/v1/dashboard/heatmap?by=' + by.value); draw(); } catch (e) { fail(box, e); }
    };
    by.addEventListener('change', () => { cell.replaceChildren(); load(); });
    measure.addEventListener('change', draw);
    load();
  }
  function shade(t) {
    // t in [0,1]: from light to dark blue; the text is black or white, whichever contrasts more (at least 4.6:1)
    const from = [239, 245, 252], to = [8, 48, 107];
    const rgb = from.map((c, i) => Math.round(c + (to[i] - c) * t));
    const lum = rgb.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const onBlack = (lum + 0.05) / 0.05, onWhite = 1.05 / (lum + 0.05);
    return { background: 'rgb(' + rgb.join(', ') + ')', color: onBlack >= onWhite ? '#000000' : '#ffffff' };
  }
  function renderHeat(data, measure, box, cellBox) {
    if (!data.cells.length) { box.replaceChildren(h('p', {}, 'No recorded outcomes yet: route a task and send feedback.')); return; }
    const values = data.cells.map(c => c[measure]);
    const lo = measure === 'meanScore' ? 0 : Math.min(...values), hi = measure === 'meanScore' ? 1 : Math.max(...values);
    const byKey = new Map(data.cells.map(c => [c.model + '\u0000' + c.column, c]));
    const digits = measure === 'meanCost' ? 5 : 3;
    const rows = data.models.map(model => h('tr', {}, h('th', { scope: 'row' }, model), data.columns.map(col => {
      const c = byKey.get(model + '\u0000' + col);
      if (!c) return h('td', { class: 'muted' }, h('span', { class: 'sr-only' }, 'no outcomes'));
      const t = hi > lo ? (c[measure] - lo) / (hi - lo) : 0.5;
      return h('td', {}, h('button', {
        type: 'button', class: 'heat-cell', style: shade(t), 'data-model': model, 'data-column': col,
        'data-count': c.count, 'data-mean-score': c.meanScore, 'data-mean-cost': c.meanCost, 'data-mean-reward': c.meanReward,
        'aria-label': model + ', ' + col + ': ' + MEASURES[measure] + ' ' + fmt.num(c[measure], digits) + ', ' + c.count + ' outcomes',
        onclick: () => showCell(data.by, model, col, cellBox),
      }, fmt.num(c[measure], digits), h('small', {}, 'n=' + c.count)));
    })));
    box.replaceChildren(h('table', { class: 'heat', id: 'heat-table' },
      h('caption', { class: 'sr-only' }, MEASURES[measure] + ' per model and ' + data.by),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'model'), data.columns.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)));
  }
  async function showCell(by, model, column, box) {
    try {
      const list = await get('/v1/dashboard/experiences?limit=50&model=' + encodeURIComponent(model) + '&' + by + '=' + encodeURIComponent(column));
      box.replaceChildren(h('h3', { id: 'cell-title', tabindex: '-1' }, model + ' · ' + column + ': recent outcomes'),
        table('cell-table', 'Recent outcomes of ' + model + ' on ' + column, ['time', 'task', 'score', 'cost', 'reward', 'decision'],
          list.map(e => h('tr', {}, td(fmt.time(e.at)), td(e.taskId), td(fmt.num(e.score), 'num'), td(fmt.usd(e.cost), 'num'),
            td(fmt.num(e.reward), 'num'), h('td', {}, decisionLink(e.decisionId))))));
      box.querySelector('#cell-title').focus();
    } catch (e) { fail(box, e); }
  }

  // ---- Decisions ----
  function decisions() {
    document.title = 'Decisions · Arbiter';
    const q = h('input', { id: 'decision-search', type: 'search', placeholder: 'decision id, task id or dimension' });
    const list = h('div', { id: 'decision-list' });
    const form = h('form', { class: 'controls', role: 'search' },
      h('div', {}, h('label', { for: 'decision-search' }, 'Search decisions'), q),
      h('button', { type: 'submit' }, 'Search'));
    view.append(h('h2', {}, 'Decisions'), form, list);
    const load = async () => {
      try {
        const rows = await get('/v1/dashboard/decisions?limit=100' + (q.value.trim() ? '&q=' + encodeURIComponent(q.value.trim()) : ''));
        list.replaceChildren(rows.length ? table('decisions-table', 'Recent decisions', ['time', 'decision', 'task', 'dimension', 'model chosen'],
          rows.map(d => h('tr', {}, td(fmt.time(d.at)), h('td', {}, decisionLink(d.decisionId)), td(d.taskId), td(d.dimension), td(d.model))))
          : h('p', {}, 'No decisions match.'));
      } catch (e) { fail(list, e); }
    };
    form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
    load();
  }
  async function decision(id) {
    document.title = 'Decision · Arbiter';
    try {
      const detail = await get('/v1/dashboard/decisions/' + encodeURIComponent(id));
      const d = detail.decision;
      const models = d.ranking.map(r => r.model);
      const voters = (d.evidence && d.evidence.voters) || [];
      const neighbours = (d.evidence && d.evidence.neighbours) || [];
      view.append(h('h2', {}, 'Decision ', h('code', { id: 'decision-id' }, d.decisionId)),
        h('p', {}, 'Task ', h('strong', { id: 'decision-task' }, d.taskId), ' (', d.dimension, '), ',
          fmt.time(d.at), '. Chosen: ', h('strong', { id: 'decision-model' }, d.model), '; λ = ', d.lambda, '.'),
        h('h3', {}, 'Ranking'),
        table('ranking-table', 'Ranking by expected reward', ['#', 'model', 'expected score', 'expected cost', 'expected reward'],
          d.ranking.map((r, i) => h('tr', { class: r.model === d.model ? 'chosen' : null }, td(i + 1, 'num'), td(r.model),
            td(fmt.num(r.expectedScore), 'num'), td(fmt.usd(r.expectedCost), 'num'), td(fmt.num(r.expectedReward), 'num')))),
        h('h3', {}, 'Voters'),
        table('voters-table', 'Each voter: weight, choice and predicted score per model', ['voter', 'weight', 'choice', ...models],
          voters.map(v => h('tr', {}, td(v.voter), td(fmt.num(v.weight), 'num'), td(v.choice),
            models.map(m => td(v.scores && v.scores[m] !== undefined ? fmt.num(v.scores[m]) : '–', 'num'))))),
        h('h3', {}, 'Neighbours from memory'),
        neighbours.length ? table('neighbours-table', 'Similar past tasks', ['task', 'model', 'score', 'cost', 'similarity'],
          neighbours.map(n => h('tr', {}, td(n.taskId), td(n.model), td(fmt.num(n.score), 'num'), td(fmt.usd(n.cost), 'num'), td(fmt.num(n.similarity), 'num'))))
          : h('p', { id: 'no-neighbours' }, 'No similar task in memory was close enough.'),
        h('h3', {}, 'Recorded outcomes'),
        detail.outcomes.length ? table('outcomes-table', 'Outcomes fed back for this decision', ['time', 'model', 'score', 'cost', 'reward', 'verdict'],
          detail.outcomes.map(e => h('tr', {}, td(fmt.time(e.at)), td(e.model), td(fmt.num(e.score), 'num'), td(fmt.usd(e.cost), 'num'),
            td(fmt.num(e.reward), 'num'), td(e.verdictId || '–'))))
          : h('p', { id: 'no-outcomes' }, 'No outcome has been fed back yet.'),
        h('details', {}, h('summary', {}, 'Features and prior'),
          h('pre', {}, JSON.stringify({ features: d.evidence && d.evidence.features, prior: d.evidence && d.evidence.prior }, null, 2))));
      view.focus();
    } catch (e) { fail(view, e); }
  }

  // ---- Playground ----
  function field(id, label, control) { return h('div', { class: 'field' }, h('label', { for: id }, label), control); }
  function playground() {
    document.title = 'Playground · Arbiter';
    const language = h('input', { id: 'pg-language', value: 'python', list: 'pg-languages', required: true });
    const languages = h('datalist', { id: 'pg-languages' });
    const dimension = h('select', { id: 'pg-dimension' }, DIMENSIONS.map(d => h('option', { value: d }, d)));
    const form = h('form', { id: 'playground-form' },
      h('div', { class: 'grid2' },
        h('div', {},
          field('pg-id', 'Task id', h('input', { id: 'pg-id', value: 'playground/1', required: true })),
          field('pg-language', 'Language', language), languages,
          field('pg-dimension', 'Dimension', dimension),
          field('pg-entry', 'Entry point (optional)', h('input', { id: 'pg-entry' })),
          field('pg-prompt', 'Prompt', h('textarea', { id: 'pg-prompt', rows: 5, required: true }))),
        h('div', {},
          field('pg-tests', 'Tests (optional)', h('textarea', { id: 'pg-tests', rows: 7 })),
          field('pg-answer', 'Answer (the model\'s raw text, markdown allowed)', h('textarea', { id: 'pg-answer', rows: 9, required: true })))),
      h('button', { type: 'submit', id: 'pg-verify' }, 'Verify'));
    const result = h('section', { id: 'verdict', 'aria-live': 'polite' });
    view.append(h('h2', {}, 'Playground'), h('p', { class: 'muted' }, 'Runs POST /v1/verify with this key (it needs the verify role).'), form, result);
    api('/v1/runtimes').then(r => {
      if (r.ok && Array.isArray(r.data)) r.data.forEach(x => languages.append(h('option', { value: x.language || x.name || x })));
    }).catch(() => {});
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const val = id => document.getElementById(id).value;
      const task = { id: val('pg-id'), dimension: val('pg-dimension'), language: val('pg-language'), prompt: val('pg-prompt') };
      if (val('pg-tests').trim()) task.tests = val('pg-tests');
      if (val('pg-entry').trim()) task.entryPoint = val('pg-entry').trim();
      result.replaceChildren(h('p', {}, 'Verifying…'));
      try {
        const r = await api('/v1/verify', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ task, response: { text: val('pg-answer'), model: 'playground' } }) });
        if (r.data && r.data.status) renderVerdict(r.data, result, r.status);
        else result.replaceChildren(h('p', { class: 'error', role: 'alert' }, problem(r)),
          r.data && r.data.violations ? h('ul', {}, r.data.violations.map(v => h('li', {}, v.field + ': ' + v.message))) : null);
      } catch (e) { fail(result, e); }
    });
  }
  function renderVerdict(v, box, httpStatus) {
    const kv = (obj) => table(null, null, ['', ''], Object.entries(obj || {}).filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => h('tr', {}, h('th', { scope: 'row' }, k), td(typeof x === 'object' ? JSON.stringify(x) : x))));
    const tests = v.tests;
    const scores = (v.signals && v.signals.scores) || {};
    const gates = (v.signals && v.signals.gates) || [];
    box.replaceChildren(
      h('h3', {}, 'Verdict'),
      h('p', {}, 'Status ', h('span', { id: 'verdict-status', class: 'status-' + v.status }, v.status),
        ', confidence ', h('strong', { id: 'verdict-confidence' }, fmt.num(v.confidence, 2)),
        ', reason ', h('code', { id: 'verdict-reason' }, v.reason), httpStatus === 503 ? ' (HTTP 503: no sandbox could run it)' : ''),
      h('p', { id: 'verdict-detail' }, v.detail || ''),
      h('h3', {}, 'Tests'),
      tests && tests.cases && tests.cases.length
        ? h('div', {}, h('p', { id: 'verdict-tests-summary' }, tests.passed + ' of ' + tests.total + ' passed' + (tests.complete ? '' : ' (incomplete)')),
          table('tests-table', 'Each test', ['test', 'outcome', 'message', 'ms'],
            tests.cases.map(c => h('tr', {}, td(c.name), h('td', { class: 'status-' + c.outcome }, c.outcome), td(c.message || ''), td(c.ms === undefined ? '' : fmt.num(c.ms, 2), 'num')))))
        : h('p', { id: 'verdict-no-tests' }, 'No test ran.'),
      h('h3', {}, 'Signals'),
      table('signals-table', 'Signal scores', ['signal', 'score'], Object.entries(scores).map(([k, s]) => h('tr', {}, td(k), td(fmt.num(s), 'num')))),
      h('h3', {}, 'Gates'),
      gates.length ? h('ul', { id: 'gates-list' }, gates.map(g => h('li', {}, g))) : h('p', { id: 'gates-list' }, 'No gate applied.'),
      h('h3', {}, 'Timings'), kv(v.timings),
      v.syntax ? [h('h3', {}, 'Syntax'), kv(v.syntax)] : null,
      v.execution ? [h('h3', {}, 'Execution'), kv({ exitCode: v.execution.exitCode, killedBy: v.execution.killedBy }),
        v.execution.output ? h('pre', {}, v.execution.output) : null] : null,
      v.extraction ? [h('h3', {}, 'Extracted code (' + v.extraction.source + ')'), h('pre', {}, h('code', {}, v.extraction.code || ''))] : null,
      h('details', {}, h('summary', {}, 'The verdict as JSON'), h('pre', { id: 'verdict-json' }, JSON.stringify(v, null, 2))));
  }

  // ---- start: a stored key, or an anonymous service (no keys configured), or the sign-in form ----
  (async () => {
    if (key() !== null) { signedIn(); return; }
    const r = await fetch('/v1/dashboard/overview?minutes=1', { headers: { Accept: 'application/json' } }).catch(() => null);
    if (r && r.ok) { sessionStorage.setItem(KEY, ''); signedIn(); } else signOut('');
  })();
})();

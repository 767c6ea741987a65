'use strict';
// Kaka's dashboard: no framework, no build step, nothing fetched from outside the ingress.
// Credentials live in sessionStorage and go with every API call; the pages themselves hold no data.

const CREDENTIAL = 'kaka.credential';
const app = document.getElementById('app');
let stream = null;          // the AbortController of the live stream
const listeners = new Set(); // functions called with each changed task

function credential() { return sessionStorage.getItem(CREDENTIAL); }

// the ingress sets this cookie with the page; sending it back as a header proves that a write
// comes from this page and not from a form on another site (CSRF)
function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : '';
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers,
    { Authorization: credential() || '', 'X-XSRF-TOKEN': csrfToken() });
  const response = await fetch('/api' + path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    logOut('Your credentials were refused; log in again.');
    throw new Error('unauthorized');
  }
  return response;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function link(url, text) {
  return /^https?:\/\//.test(url || '') ? el('a', { href: url, target: '_blank', rel: 'noopener' }, text) : '';
}

function view(id) {
  app.replaceChildren(document.getElementById(id).content.cloneNode(true));
}

function duration(task) {
  if (task.status === 'queued') return '';
  let ms = task.agent && task.agent.durationMs;
  if (ms === undefined && task.startedAt) {
    ms = new Date(task.finishedAt || Date.now()) - new Date(task.startedAt);
  }
  if (ms === undefined || ms === null || isNaN(ms)) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

function cost(task) {
  const usd = task.agent && task.agent.costUsd;
  return usd === undefined || usd === null ? '' : '$' + Number(usd).toFixed(4);
}

function when(instant) { return instant ? new Date(instant).toLocaleString() : ''; }

function statusBadge(status) { return el('span', { class: 'status status-' + status }, status); }

// ---- log in and out ----

function showLogin(message) {
  document.getElementById('nav').hidden = true;
  view('login-view');
  const error = document.getElementById('login-error');
  if (message) { error.textContent = message; error.hidden = false; }
  document.getElementById('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = document.getElementById('login-token').value.trim();
    const user = document.getElementById('login-user').value;
    const password = document.getElementById('login-password').value;
    const header = token ? 'Bearer ' + token : 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)));
    const response = await fetch('/api/me', { headers: { Authorization: header } });
    if (response.status !== 200) {
      error.textContent = 'Those credentials were refused.';
      error.hidden = false;
      return;
    }
    sessionStorage.setItem(CREDENTIAL, header);
    start();
  });
}

function logOut(message) {
  sessionStorage.removeItem(CREDENTIAL);
  if (stream) { stream.abort(); stream = null; }
  showLogin(message);
}

document.getElementById('logout').addEventListener('click', () => logOut('You are logged out.'));

// ---- the live stream: fetch, not EventSource, so that it can send the credentials ----

async function openStream() {
  if (stream) return;
  const controller = new AbortController();
  stream = controller;
  const live = document.getElementById('live');
  try {
    const response = await api('/tasks/stream', { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
    live.textContent = 'live'; live.classList.add('on');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5)).join('\n');
        if (data) {
          const task = JSON.parse(data);
          listeners.forEach((listener) => listener(task));
        }
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  live.textContent = 'reconnecting…'; live.classList.remove('on');
  if (stream === controller) {
    stream = null;
    setTimeout(() => { if (credential()) openStream(); }, 2000);
  }
}

// ---- the tasks table ----

function taskRow(task) {
  const row = el('tr', { 'data-id': task.id },
    el('td', {}, when(task.createdAt)),
    el('td', { class: 'repository' }, task.repository || ''),
    el('td', { class: 'issue' }, link(task.issueUrl, '#' + task.issueNumber + ' ' + (task.issueTitle || ''))),
    el('td', { class: 'requester' }, task.requester || ''),
    el('td', { class: 'status-cell' }, statusBadge(task.status)),
    el('td', { class: 'attempt' }, task.attempt || ''),
    el('td', { class: 'duration' }, duration(task)),
    el('td', { class: 'cost' }, cost(task)),
    el('td', { class: 'pull-request' }, link(task.pullRequestUrl, 'pull request')));
  row.addEventListener('click', (event) => {
    if (event.target.tagName !== 'A') location.hash = '#/tasks/' + encodeURIComponent(task.id);
  });
  return row;
}

async function showTasks(params) {
  view('tasks-view');
  const repo = params.get('repo') || '';
  const status = params.get('status') || '';
  document.getElementById('filter-repo').value = repo;
  document.getElementById('filter-status').value = status;
  document.getElementById('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    const r = document.getElementById('filter-repo').value.trim();
    const s = document.getElementById('filter-status').value;
    if (r) query.set('repo', r);
    if (s) query.set('status', s);
    location.hash = '#/?' + query;
  });
  const query = new URLSearchParams({ size: '100' });
  if (repo) query.set('repo', repo);
  if (status) query.set('status', status);
  const page = await (await api('/tasks?' + query)).json();
  const body = document.querySelector('#tasks-table tbody');
  body.replaceChildren(...page.tasks.map(taskRow));
  let total = page.total;
  const showTotal = () => {
    document.getElementById('tasks-total').textContent = total + (total === 1 ? ' task' : ' tasks');
  };
  showTotal();
  listeners.clear();
  listeners.add((task) => {
    const matches = (!repo || task.repository === repo) && (!status || task.status === status);
    const existing = body.querySelector('tr[data-id="' + CSS.escape(task.id) + '"]');
    if (existing) {
      if (matches) existing.replaceWith(taskRow(task)); else existing.remove();
    } else if (matches) {
      body.prepend(taskRow(task));
      total += 1;
      showTotal();
    }
  });
}

// ---- one task ----

function facts(task) {
  const rows = [
    ['Status', statusBadge(task.status)],
    ['Repository', task.repository],
    ['Issue', link(task.issueUrl, '#' + task.issueNumber + ' ' + (task.issueTitle || ''))],
    ['Requester', (task.requester || '') + (task.trigger ? ' (' + task.trigger.toLowerCase() + ')' : '')],
    ['Attempt', task.attempt],
    ['Branch', task.branch],
    ['Commit', task.headSha],
    ['Pull request', link(task.pullRequestUrl, task.pullRequestUrl)],
    ['Files changed', (task.filesChanged || []).join(', ')],
    ['Duration', duration(task)],
    ['Cost', cost(task)],
    ['Turns', task.agent ? task.agent.turns : (task.progress ? task.progress.turns : '')],
    ['Tokens', task.agent && task.agent.usage
      ? 'in ' + task.agent.usage.inputTokens + ', out ' + task.agent.usage.outputTokens
        + ', cache read ' + task.agent.usage.cacheReadInputTokens + ', cache write ' + task.agent.usage.cacheCreationInputTokens
      : ''],
    ['Failure', task.failureKind ? task.failureKind + (task.retryable ? ' (retryable)' : '') : ''],
    ['Error', task.error],
  ];
  return rows.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-fact': name.toLowerCase() }, value)]);
}

function timelineOf(task, seen) {
  const items = [];
  const add = (at, text) => items.push(el('li', {}, el('time', {}, when(at)), text));
  add(task.createdAt, 'queued by ' + (task.requester || 'someone') + (task.trigger ? ' (' + task.trigger.toLowerCase() + ')' : ''));
  if (task.attempt > 1) add(task.updatedAt, 'attempt ' + task.attempt);
  if (task.startedAt) add(task.startedAt, 'started' + (task.branch ? ' on branch ' + task.branch : ''));
  if (task.progress) {
    add(task.progress.at, 'agent at turn ' + task.progress.turns
      + (task.progress.currentTool ? ', using ' + task.progress.currentTool : '')
      + ((task.progress.filesTouched || []).length ? ', files: ' + task.progress.filesTouched.join(', ') : ''));
  }
  for (const change of seen) add(change.at, 'now ' + change.status + ' (seen live)');
  if (task.finishedAt) {
    add(task.finishedAt, task.status + (task.cancelledBy ? ' by ' + task.cancelledBy : '')
      + (task.failureKind ? ': ' + task.failureKind : '')
      + (task.error ? ' — ' + task.error : '') + (task.pullRequestUrl ? ' — ' + task.pullRequestUrl : ''));
  }
  return items;
}

function text(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text || JSON.stringify(part)).join('\n');
  return JSON.stringify(content, null, 2);
}

function transcriptEntries(line) {
  let event;
  try { event = JSON.parse(line); } catch (e) { return [el('div', { class: 'other' }, line)]; }
  const blocks = (event.message && Array.isArray(event.message.content)) ? event.message.content : [];
  if (event.type === 'system') {
    return [el('div', { class: 'session' }, 'system: ' + (event.subtype || '')
      + (event.model ? ' · model ' + event.model : '') + (event.cwd ? ' · ' + event.cwd : ''))];
  }
  if (event.type === 'assistant') {
    return blocks.map((block) => {
      if (block.type === 'text') return el('div', { class: 'assistant-text' }, block.text);
      if (block.type === 'tool_use') {
        return el('details', { class: 'tool-call' }, el('summary', {}, 'tool call: ' + block.name),
          el('pre', {}, JSON.stringify(block.input, null, 2)));
      }
      return el('div', { class: 'other' }, block.type + ': ' + JSON.stringify(block));
    });
  }
  if (event.type === 'user') {
    return blocks.map((block) => block.type === 'tool_result'
      ? el('details', { class: 'tool-result' }, el('summary', {}, 'tool result' + (block.is_error ? ' (error)' : '')),
        el('pre', {}, text(block.content)))
      : el('div', { class: 'other' }, text(block.text || block)));
  }
  if (event.type === 'result') {
    return [el('div', { class: 'final' }, 'result: ' + (event.subtype || '') + (event.is_error ? ' (error)' : '')
      + ' · ' + (event.num_turns || 0) + ' turns · $' + Number(event.total_cost_usd || 0).toFixed(4)
      + (event.result ? '\n' + event.result : ''))];
  }
  return [el('details', { class: 'other' }, el('summary', {}, event.type || 'line'), el('pre', {}, line))];
}

// the audit: who did what to the task, and what its latest run was told and ran with
function historyOf(audit) {
  return audit.history.map((entry) => el('li', { 'data-event': entry.event },
    el('time', {}, when(entry.at)),
    entry.event + (entry.attempt ? ' (attempt ' + entry.attempt + ')' : '')
      + (entry.by ? ' by ' + entry.by : '') + (entry.detail ? ': ' + entry.detail : '')));
}

function settingsOf(settings) {
  const list = (values) => (values || []).join(', ');
  const rows = [
    ['Model', settings.model || "the agent's default"],
    ['Max turns', settings.maxTurns],
    ['Max budget', settings.maxBudgetUsd === undefined ? '' : '$' + settings.maxBudgetUsd],
    ['Timeout', settings.timeoutSeconds === undefined ? '' : settings.timeoutSeconds + ' s'],
    ['Base branch', settings.baseBranch],
    ['Branch prefix', settings.branchPrefix],
    ['Test command', settings.testCommand],
    ['Set-up', list(settings.setupCommands)],
    ['Network presets', list(settings.network)],
    ['.github/kaka.yml', { READ: 'read', ABSENT: 'none', UNREADABLE: 'could not be read' }[settings.repositoryFile]],
    ['From .github/kaka.yml', list(settings.fromRepository) || 'nothing: all are the service\'s'],
  ];
  return rows.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-setting': name }, value)]);
}

async function showTask(id) {
  view('task-view');
  const seen = [];
  let current = null;
  let transcriptAttempt = null;
  const render = (task) => {
    const statusChanged = current && current.status !== task.status;
    if (statusChanged) seen.push({ at: task.updatedAt, status: task.status });
    current = task;
    document.getElementById('task-title').textContent =
      task.repository + ' #' + task.issueNumber + ' ' + (task.issueTitle || '');
    document.getElementById('task-facts').replaceChildren(...facts(task));
    document.getElementById('timeline').replaceChildren(...timelineOf(task, seen.filter((s) => !task.finishedAt || s.status !== task.status)));
    document.getElementById('retry').disabled = !['failed', 'cancelled'].includes(task.status);
    document.getElementById('cancel').disabled = !['queued', 'running'].includes(task.status);
    if (transcriptAttempt === null || statusChanged || task.finishedAt) {
      loadTranscript();
      loadAudit();
    }
  };
  const loadAudit = async () => {
    const response = await api('/tasks/' + encodeURIComponent(id) + '/audit');
    const history = document.getElementById('history');
    if (!history || response.status !== 200) return;
    const audit = await response.json();
    history.replaceChildren(...historyOf(audit));
    const prompt = document.getElementById('prompt');
    document.getElementById('prompt-note').textContent =
      audit.promptAttempt ? 'attempt ' + audit.promptAttempt + ', secrets masked' : '';
    prompt.textContent = audit.prompt || 'No prompt yet: no run of this task has started.';
    document.getElementById('run-settings-note').textContent =
      audit.settings ? 'of attempt ' + audit.promptAttempt : '';
    document.getElementById('run-settings').replaceChildren(...(audit.settings
      ? settingsOf(audit.settings) : [el('dt', {}, 'Settings'), el('dd', {}, 'none yet: no run of this task has started')]));
  };
  const loadTranscript = async () => {
    const response = await api('/tasks/' + encodeURIComponent(id) + '/transcript');
    const box = document.getElementById('transcript');
    const note = document.getElementById('transcript-note');
    if (!box) return;
    if (response.status !== 200) {
      transcriptAttempt = 0;
      box.replaceChildren(el('p', { class: 'muted' }, 'No transcript yet: the agent has not finished a run of this task.'));
      return;
    }
    const transcript = await response.json();
    transcriptAttempt = transcript.attempt;
    note.textContent = 'attempt ' + transcript.attempt
      + (transcript.linesDropped ? ', ' + transcript.linesDropped + ' earlier lines left out' : '');
    box.replaceChildren(...transcript.lines.flatMap(transcriptEntries));
  };
  const command = async (verb) => {
    const result = document.getElementById('command-result');
    result.textContent = verb + '…';
    const response = await api('/tasks/' + encodeURIComponent(id) + '/' + verb, { method: 'POST' });
    const body = await response.json().catch(() => ({}));
    result.textContent = response.status === 202
      ? (verb === 'retry' ? 'Retry requested: attempt ' + body.attempt + ' queued.' : 'Cancel requested.')
      : 'Refused (' + response.status + '): ' + (body.detail || body.message || body.error || 'see the task status');
    result.className = 'result ' + (response.status === 202 ? 'ok' : 'error');
  };
  document.getElementById('retry').addEventListener('click', () => command('retry'));
  document.getElementById('cancel').addEventListener('click', () => command('cancel'));
  const response = await api('/tasks/' + encodeURIComponent(id));
  if (response.status !== 200) {
    document.getElementById('task-title').textContent = 'No task with id ' + id;
    return;
  }
  render(await response.json());
  listeners.clear();
  listeners.add((task) => { if (task.id === id) render(task); });
}

// ---- overview ----

const STATUS_COLOURS = { queued: '#818cf8', running: '#f59e0b', completed: '#10b981', failed: '#ef4444', cancelled: '#9ca3af' };
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  children.forEach((child) => node.append(child));
  return node;
}

function hourlyChart(hourly) {
  const width = 960, height = 180, bar = width / hourly.length;
  const max = Math.max(1, ...hourly.map((h) => Object.keys(STATUS_COLOURS).reduce((sum, s) => sum + h[s], 0)));
  const chart = svg('svg', { width, height: height + 20, role: 'img', 'aria-label': 'tasks per hour by status' });
  hourly.forEach((hour, i) => {
    let y = height;
    for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
      const h = hour[status] / max * (height - 10);
      if (h > 0) {
        y -= h;
        chart.append(svg('rect', { x: i * bar + 2, y, width: bar - 4, height: h, fill: colour, class: 'bar-' + status },
          svg('title', {}, hour[status] + ' ' + status)));
      }
    }
    if (i % 3 === 0) {
      chart.append(svg('text', { x: i * bar + 2, y: height + 14 },
        new Date(hour.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
  });
  const legend = el('div', { class: 'legend' }, ...Object.entries(STATUS_COLOURS).map(([status, colour]) =>
    el('span', {}, el('i', { style: 'background:' + colour }), status)));
  return [chart, legend];
}

function costChart(costs) {
  const entries = Object.entries(costs);
  if (!entries.length) return [el('p', { class: 'muted' }, 'No agent cost recorded in the last 24 hours.')];
  const width = 960, row = 22, label = 300;
  const max = Math.max(...entries.map(([, usd]) => usd), 0.0001);
  const chart = svg('svg', { width, height: entries.length * row + 4, role: 'img', 'aria-label': 'cost per repository' });
  entries.forEach(([repository, usd], i) => {
    const w = usd / max * (width - label - 80);
    chart.append(svg('text', { x: 0, y: i * row + 15 }, repository));
    chart.append(svg('rect', { x: label, y: i * row + 4, width: Math.max(1, w), height: row - 8, fill: '#2563eb' }));
    chart.append(svg('text', { x: label + w + 6, y: i * row + 15, class: 'cost-value' }, '$' + usd.toFixed(4)));
  });
  return [chart];
}

async function showOverview() {
  view('overview-view');
  listeners.clear();
  const overview = await (await api('/overview')).json();
  const total = Object.values(overview.byStatus).reduce((a, b) => a + b, 0);
  const number = (name, value, id) => el('div', { class: 'number', id }, el('b', {}, value), name);
  document.getElementById('overview-numbers').replaceChildren(
    number('tasks', total, 'overview-total'),
    ...Object.entries(overview.byStatus).map(([status, count]) => number(status, count, 'overview-' + status)),
    number('success rate', overview.successRate === null ? '–' : Math.round(overview.successRate * 100) + ' %', 'overview-success'),
    number('median duration', overview.medianDurationMs === null ? '–' : duration({ agent: { durationMs: overview.medianDurationMs } }), 'overview-median'));
  document.getElementById('overview-hourly').replaceChildren(...hourlyChart(overview.hourly));
  document.getElementById('overview-cost').replaceChildren(...costChart(overview.costByRepository));
  const budgets = await (await api('/budgets?window=month')).json();
  document.getElementById('overview-budgets').replaceChildren(budgetTable(budgets));
}

// this month's spend of each organisation and repository against its limit (kaka.budgets)
function budgetTable(budgets) {
  const shown = budgets.filter(b => b.scope !== 'requester' || b.limitUsd !== null);
  if (!shown.length) return el('p', { class: 'muted' }, 'No budgets (kaka.budgets.limits) and no spend under one this month.');
  const usd = value => value === null ? '–' : '$' + Number(value).toFixed(2);
  const share = b => b.limitUsd === null ? '' : Math.round(100 * b.spentUsd / b.limitUsd) + ' %';
  return el('table', { id: 'budget-table' },
    el('thead', {}, el('tr', {}, ...['', 'name', 'spent', 'reserved', 'limit', 'spent of limit', 'renews'].map(h => el('th', {}, h)))),
    el('tbody', {}, ...shown.map(b => el('tr', { 'data-budget': b.scope + ':' + b.name },
      el('td', {}, b.scope), el('td', {}, b.name), el('td', { class: 'budget-spent' }, usd(b.spentUsd)),
      el('td', {}, usd(b.reservedUsd)), el('td', { class: 'budget-limit' }, usd(b.limitUsd)),
      el('td', {}, share(b)), el('td', {}, when(b.renewsAt))))));
}

// ---- settings ----

async function showSettings() {
  view('settings-view');
  listeners.clear();
  const [checks, settings] = await Promise.all([
    api('/settings/check').then((r) => r.json()), api('/settings').then((r) => r.json())]);
  document.querySelector('#setup-checks tbody').replaceChildren(...checks.map((check) => el('tr', { 'data-check': check.name },
    el('td', {}, check.name),
    el('td', { class: check.ok === true ? 'check-ok' : check.ok === false ? 'check-failed' : 'check-unknown' },
      check.ok === true ? 'OK' : check.ok === false ? 'problem' : 'not checked'),
    el('td', {}, check.detail))));
  document.getElementById('settings').replaceChildren(...Object.entries(settings).flatMap(([prefix, values]) =>
    [el('h3', {}, prefix), el('pre', { 'data-prefix': prefix }, JSON.stringify(values, null, 2))]));
}

// ---- routing ----

function route() {
  if (!credential()) { showLogin(); return; }
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const task = path.match(/^\/tasks\/(.+)$/);
  if (task) showTask(decodeURIComponent(task[1]));
  else if (path === '/overview') showOverview();
  else if (path === '/settings') showSettings();
  else showTasks(new URLSearchParams(query || ''));
}

async function start() {
  const response = await fetch('/api/me', { headers: { Authorization: credential() } });
  if (response.status !== 200) { logOut('Your credentials were refused; log in again.'); return; }
  document.getElementById('whoami').textContent = (await response.json()).name;
  document.getElementById('nav').hidden = false;
  openStream();
  route();
}

window.addEventListener('hashchange', () => { if (credential()) route(); });
if (credential()) start(); else showLogin();

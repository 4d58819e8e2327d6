// The inbox page's live part, in plain JavaScript: reload the server-rendered task sections when the team's
// stream says something changed, and post completions and acknowledgements to the REST API. A refusal
// (application/problem+json) is shown beside the field it names; a failed load and a dropped live connection are
// shown, never hidden.
'use strict';

const inbox = document.getElementById('inbox');
const team = inbox ? inbox.dataset.team : '';
const live = document.getElementById('live');
const loadError = document.getElementById('load-error');
let retry;

// The token goes in a cookie because the page and its live stream (EventSource) cannot carry an Authorization
// header; SameSite=Strict keeps other sites from sending it. Who completes or acknowledges is the token's subject.
function setToken(token) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = 'trialclock_token=' + encodeURIComponent(token) + '; Path=/; SameSite=Strict' + secure
    + (token ? '; Max-Age=28800' : '; Max-Age=0');
}

function setUpSignIn() {
  const status = document.getElementById('sign-in-status');
  const signedIn = text => { status.textContent = text; if (team) { reload(); } };
  document.getElementById('sign-in-form').addEventListener('submit', event => {
    event.preventDefault();
    setToken(document.getElementById('token').value.trim());
    signedIn('Signed in.');
  });
  document.getElementById('sign-out').addEventListener('click', () => { setToken(''); status.textContent = 'Signed out.'; });
  // Only the dev profile answers POST /dev/sign-in; elsewhere the local sign-in stays hidden.
  const dev = document.getElementById('dev-sign-in');
  fetch('/dev/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    .then(probe => { if (probe.status !== 404) dev.hidden = false; }).catch(() => {});
  dev.addEventListener('submit', async event => {
    event.preventDefault();
    const teams = document.getElementById('dev-teams').value.split(/[\s,]+/).filter(t => t);
    const response = await fetch('/dev/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: document.getElementById('dev-role').value, teams }) });
    if (!response.ok) { status.textContent = 'Local sign-in refused (' + response.status + ')'; return; }
    setToken((await response.json()).token);
    signedIn('Signed in locally.');
  });
}

function setLive(state, text) {
  live.dataset.state = state;
  live.textContent = text;
}

let reloadWaiting = false;

// A reload replaces the task sections: never while a nurse is typing into one of their forms (the typed result
// would be lost); it runs when the focus leaves them.
function busyTyping() {
  const active = document.activeElement;
  return active && active.closest && active.closest('#sections form') && active.matches('input, select');
}

document.addEventListener('focusout', () => {
  setTimeout(() => { if (reloadWaiting && !busyTyping()) { reloadWaiting = false; reload(); } }, 0);
});

// An email links to one task (#task-<id>): the sections arrive after the page, so bring it into view once they do.
let linkedTaskShown = false;
function showLinkedTask() {
  if (linkedTaskShown || !location.hash.startsWith('#task-')) return;
  const task = document.getElementById(location.hash.substring(1));
  if (!task) return;
  linkedTaskShown = true;
  task.classList.add('linked');
  task.scrollIntoView({ block: 'center' });
}

async function reload() {
  if (busyTyping()) { reloadWaiting = true; return; }
  clearTimeout(retry);
  try {
    const response = await fetch('/pages/inbox/' + encodeURIComponent(team) + '/sections',
      { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (response.status === 401) {
      loadError.textContent = 'Sign in to see the inbox (your token is missing or has expired).';
      loadError.hidden = false;
      return;
    }
    if (response.status === 404 || response.status === 403) {
      loadError.textContent = 'There is no care team ' + team + ', or it is not one of your teams (no care team to show).';
      loadError.hidden = false;
      return;
    }
    if (!response.ok) throw new Error('the service answered ' + response.status);
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('sections');
    const focused = document.activeElement && document.activeElement.id;
    document.getElementById('sections').replaceWith(fresh);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    loadError.hidden = true;
    loadError.textContent = '';
    showLinkedTask();
  } catch (e) {
    loadError.textContent = 'The inbox could not be loaded (' + e.message + '); what you see may be out of date. Trying again in 5 seconds.';
    loadError.hidden = false;
    retry = setTimeout(reload, 5000);
  }
}

function follow() {
  const stream = new EventSource('/teams/' + encodeURIComponent(team) + '/stream', { withCredentials: true });
  let lost = false;
  stream.onopen = () => setLive('live', 'Live: changes appear as they happen.');
  stream.onerror = () => {
    lost = true;
    setLive('lost', 'Live updates lost; reconnecting. The list may be out of date.');
  };
  stream.onmessage = message => {
    let event = {};
    try { event = JSON.parse(message.data); } catch (e) { event = {}; }
    if (event.type === 'stream.opened') {
      setLive('live', 'Live: changes appear as they happen.');
      if (lost) { lost = false; reload(); }
      return;
    }
    reload();
  };
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-errors');
  summary.hidden = true;
  summary.textContent = '';
}

function showProblem(form, status, problem) {
  const unplaced = [];
  for (const error of (problem && problem.errors) || []) {
    const field = form.querySelector(`[data-field="${CSS.escape(error.field)}"]`);
    if (field) {
      field.querySelector('.field-error').textContent = error.reason;
      const input = field.querySelector('input, select');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(error.field + ': ' + error.reason);
    }
  }
  if (!problem || !problem.errors || problem.errors.length === 0) {
    unplaced.push((problem && (problem.detail || problem.title)) || ('the service answered ' + status));
  }
  if (unplaced.length) {
    const summary = form.querySelector('.form-errors');
    summary.textContent = ((problem && problem.title) ? problem.title + ': ' : '') + unplaced.join('; ');
    summary.hidden = false;
  }
}

// A button is disabled while its request runs: a second tap cannot record a completion twice.
async function post(form, url, body) {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach(b => { b.disabled = true; b.setAttribute('aria-busy', 'true'); });
  clearErrors(form);
  try {
    const response = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) { reload(); return; }
    const problem = await response.json().catch(() => null);
    showProblem(form, response.status, problem);
  } catch (e) {
    showProblem(form, 0, { title: 'Not sent', detail: 'the service could not be reached (' + e.message + '); nothing was recorded' });
  } finally {
    buttons.forEach(b => { b.disabled = false; b.removeAttribute('aria-busy'); });
  }
}

function result(form) {
  const values = {};
  for (const name of ['mrdPercent', 'method', 'kind', 'grade', 'wbc', 'plt']) {
    const input = form.elements[name];
    if (input && input.value !== '') values[name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  if (form.elements.active && (values.kind || form.elements.active.checked)) values.active = form.elements.active.checked;
  return Object.keys(values).length ? values : undefined;
}

setUpSignIn();
if (team && document.getElementById('sections')) {
  reload();
  document.addEventListener('submit', event => {
    const form = event.target.closest('form.complete');
    if (!form) return;
    event.preventDefault();
    post(form, '/tasks/' + form.dataset.task + '/completion',
      { completedOn: form.elements.completedOn.value, result: result(form) });
  });
  document.addEventListener('click', event => {
    const button = event.target.closest('form.complete button.ack');
    if (!button) return;
    const form = button.closest('form');
    post(form, '/tasks/' + form.dataset.task + '/acknowledgement', {});
  });
  follow();
}

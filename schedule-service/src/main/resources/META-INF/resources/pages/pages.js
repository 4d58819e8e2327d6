// The coordinator pages' forms post JSON to the REST API itself, so what a page refuses is exactly what the API
// refuses; a problem+json answer puts each field's reason beside that field. Plain JavaScript: three forms do not
// earn a framework.
'use strict';

async function callApi(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' }
      : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { ok: response.ok, status: response.status, json, location: response.headers.get('Location') };
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  const summary = form.querySelector('[data-errors-for="form"]');
  summary.hidden = true;
  summary.textContent = '';
}

// A field's error goes to the visible element whose data-field is the field's name, or the closest parent name
// (events[0].data.grade -> data.grade); anything else to the form's summary.
function showProblem(form, result) {
  const problem = result.json || {};
  const unplaced = [];
  for (const error of problem.errors || []) {
    const target = fieldFor(form, error.field);
    if (target) {
      target.querySelector('.field-error').textContent = error.reason;
      const input = target.querySelector('input, select');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push((error.field ? error.field + ': ' : '') + error.reason);
    }
  }
  if (!problem.errors || problem.errors.length === 0) {
    unplaced.push(problem.detail || problem.title || ('The server answered ' + result.status));
  }
  if (unplaced.length) {
    const summary = form.querySelector('[data-errors-for="form"]');
    summary.textContent = (problem.title ? problem.title + ': ' : '') + unplaced.join('; ');
    summary.hidden = false;
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}

function fieldFor(form, name) {
  if (!name) return null;
  const candidates = [...form.querySelectorAll('[data-field]')]
    .filter(e => !e.closest('[hidden]') && e.querySelector('.field-error'));
  let key = name;
  while (key) {
    const found = candidates.find(e => e.dataset.field === key || key.endsWith('.' + e.dataset.field));
    if (found) return found;
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.substring(0, cut) : '';
  }
  return null;
}

// A button is disabled while its request runs, so a double click cannot enroll twice.
async function busy(buttons, work) {
  buttons.forEach(b => { b.disabled = true; b.setAttribute('aria-busy', 'true'); });
  try {
    return await work();
  } catch (e) {
    return { ok: false, status: 0, json: { title: 'The service could not be reached', detail: String(e) } };
  } finally {
    buttons.forEach(b => { b.disabled = false; b.removeAttribute('aria-busy'); });
  }
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : text;
  row.appendChild(td);
}

function number(value) {
  return value === '' || value == null ? undefined : Number(value);
}

// ---- enrollment form ----
function enrollmentBody(form) {
  const protocolId = form.protocolId.value;
  const fields = form.querySelector(`fieldset[data-protocol="${CSS.escape(protocolId)}"]`);
  const anchors = {};
  const attestations = [];
  let arm;
  if (fields) {
    fields.querySelectorAll('[data-anchor]').forEach(i => { if (i.value) anchors[i.dataset.anchor] = i.value; });
    fields.querySelectorAll('input[name="attestations"]:checked').forEach(i => attestations.push(i.value));
    const armSelect = fields.querySelector('select[name="arm"]');
    arm = armSelect ? armSelect.value || undefined : undefined;
  }
  return {
    subjectId: form.subjectId.value.trim(),
    protocolId,
    arm,
    riskGroup: form.riskGroup.value.trim() || undefined,
    siteId: form.siteId.value.trim(),
    careTeam: form.careTeam.value.trim(),
    timezone: form.timezone.value.trim(),
    anchors,
    weightKg: number(form.weightKg.value),
    ageYears: number(form.ageYears.value),
    ageMonths: number(form.ageMonths.value),
    attestations,
  };
}

function showEligibility(criteria) {
  const section = document.getElementById('eligibility');
  const body = section.querySelector('tbody');
  body.replaceChildren();
  for (const c of criteria) {
    const row = document.createElement('tr');
    row.className = 'criterion-' + c.status.toLowerCase();
    row.dataset.criterion = c.id;
    cell(row, c.text); cell(row, c.type); cell(row, c.status); cell(row, c.reason);
    body.appendChild(row);
  }
  section.hidden = false;
}

function showPreview(tasks) {
  const section = document.getElementById('preview');
  const body = section.querySelector('tbody');
  body.replaceChildren();
  for (const t of tasks) {
    const row = document.createElement('tr');
    cell(row, t.dueDate);
    cell(row, t.windowStart ? t.windowStart + ' to ' + t.windowEnd : '');
    cell(row, t.title + (t.cycle ? ' (cycle ' + t.cycle + ')' : ''));
    cell(row, t.dose ? (t.dose.text || t.dose.amount) : '');
    cell(row, t.status);
    body.appendChild(row);
  }
  section.hidden = false;
}

function setUpEnrollForm(form) {
  const showProtocolFields = () => {
    form.querySelectorAll('fieldset[data-protocol]').forEach(f => {
      f.hidden = f.dataset.protocol !== form.protocolId.value;
    });
  };
  form.protocolId.addEventListener('change', showProtocolFields);
  showProtocolFields();
  const buttons = [...form.querySelectorAll('button')];

  document.getElementById('preview-button').addEventListener('click', async () => {
    clearErrors(form);
    const body = enrollmentBody(form);
    await busy(buttons, async () => {
      const eligibility = await callApi('POST', '/plans/eligibility', body);
      if (!eligibility.ok) { showProblem(form, eligibility); return eligibility; }
      showEligibility(eligibility.json);
      const preview = await callApi('POST', '/plans/preview', body);
      if (!preview.ok) { showProblem(form, preview); document.getElementById('preview').hidden = true; return preview; }
      showPreview(preview.json);
      return preview;
    }).then(r => { if (r && !r.ok && r.status === 0) showProblem(form, r); });
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const result = await busy(buttons, () => callApi('POST', '/enrollments', enrollmentBody(form)));
    if (result.ok) {
      window.location.assign('/pages/enrollments/' + result.json.id);
    } else {
      showProblem(form, result);
    }
  });
}

// ---- clinical events on the patient page ----
function setUpEventForm(form) {
  const enrollmentId = form.dataset.enrollment;
  const showDataFields = () => {
    form.querySelectorAll('.event-data').forEach(f => { f.hidden = f.dataset.for !== form.type.value; });
  };
  form.type.addEventListener('change', showDataFields);
  showDataFields();
  const buttons = [...form.querySelectorAll('button')];
  const cancel = document.getElementById('event-cancel');
  const title = document.getElementById('event-form-title');

  const startCorrection = row => {
    form.eventId.value = row.dataset.event;
    form.type.value = row.dataset.type;
    form.date.value = row.dataset.date;
    showDataFields();
    form.querySelectorAll('.event-data [data-key]').forEach(input => {
      if (input.type === 'checkbox') input.checked = false; else input.value = '';
    });
    row.querySelectorAll('.datum').forEach(d => {
      const input = form.querySelector(`.event-data[data-for="${CSS.escape(row.dataset.type)}"] [data-key="${CSS.escape(d.dataset.key)}"]`);
      if (!input) return;
      if (input.type === 'checkbox') input.checked = d.dataset.value === 'true'; else input.value = d.dataset.value;
    });
    title.textContent = 'Correct the ' + row.dataset.type + ' of ' + row.dataset.date;
    cancel.hidden = false;
    form.date.focus();
  };
  const endCorrection = () => {
    form.eventId.value = '';
    title.textContent = 'Record an event';
    cancel.hidden = true;
  };
  cancel.addEventListener('click', endCorrection);
  document.querySelectorAll('.correct-event').forEach(b => b.addEventListener('click', () => startCorrection(b.closest('tr'))));
  document.querySelectorAll('.withdraw-event').forEach(b => b.addEventListener('click', async () => {
    const row = b.closest('tr');
    if (!window.confirm('Withdraw the ' + row.dataset.type + ' of ' + row.dataset.date + '? It stays in the history, marked withdrawn.')) return;
    clearErrors(form);
    const result = await busy([b], () => callApi('DELETE', `/enrollments/${enrollmentId}/events/${row.dataset.event}`));
    if (result.ok) window.location.reload(); else showProblem(form, result);
  }));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    const data = {};
    form.querySelectorAll(`.event-data[data-for="${CSS.escape(form.type.value)}"] [data-key]`).forEach(input => {
      if (input.type === 'checkbox') data[input.dataset.key] = input.checked;
      else if (input.value !== '') data[input.dataset.key] = input.type === 'number' ? Number(input.value) : input.value;
    });
    const body = { type: form.type.value, date: form.date.value, data };
    const eventId = form.eventId.value;
    const result = await busy(buttons, () => eventId
      ? callApi('PUT', `/enrollments/${enrollmentId}/events/${eventId}`, body)
      : callApi('POST', `/enrollments/${enrollmentId}/events`, body));
    if (result.ok) window.location.reload(); else showProblem(form, result);
  });
}

// The token goes in a cookie because a page the browser navigates to cannot carry an Authorization header;
// SameSite=Strict keeps other sites from sending it, Secure keeps it off plain http outside a developer's machine.
function setToken(token) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = 'trialclock_token=' + encodeURIComponent(token) + '; Path=/; SameSite=Strict' + secure
    + (token ? '; Max-Age=28800' : '; Max-Age=0');
}

function setUpSignIn(form) {
  const status = document.getElementById('sign-in-status');
  form.addEventListener('submit', event => {
    event.preventDefault();
    setToken(form.querySelector('#token').value.trim());
    status.textContent = 'Signed in.';
  });
  document.getElementById('sign-out').addEventListener('click', () => { setToken(''); status.textContent = 'Signed out.'; });
}

document.addEventListener('DOMContentLoaded', () => {
  const signIn = document.getElementById('sign-in-form');
  if (signIn) setUpSignIn(signIn);
  const enroll = document.getElementById('enroll-form');
  if (enroll) setUpEnrollForm(enroll);
  const events = document.getElementById('event-form');
  if (events) setUpEventForm(events);
});

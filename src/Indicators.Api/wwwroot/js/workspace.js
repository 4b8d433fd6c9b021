// The statistics officer's workspace: sign in with an API key (kept for this tab's session only), enter a period's
// figures for a unit of the key's scope, upload a filled-in template, and, for approvers, approve or return what
// was submitted. Everything goes through the public API with the key; problems come in the page's language.
import { addTexts, formatDateTime, formatNumber, languages, setLanguage, t, translatePage } from './i18n.js';
import { element } from './dom.js';
import { texts } from './workspace-texts.js';

addTexts(texts);

const keyStorage = 'indicators.apiKey';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const search = new URLSearchParams(location.search);
let language = languages.includes(search.get('lang')) ? search.get('lang') : 'vi';

let me = null;
let indicators = [];
let form = null; // { unit, period, submission, rows, confirmed }
let entryGeneration = 0;

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

/** A call of the API with the key and the page's language; the body parsed when it is JSON. */
async function api(path, options = {}) {
  const key = sessionStorage.getItem(keyStorage);
  const headers = { Accept: 'application/json', 'Accept-Language': language, ...options.headers };
  if (key) headers['X-Api-Key'] = key;
  const response = await fetch(path, { ...options, headers });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  return { ok: response.ok, status: response.status, body };
}

function say(text, isError = false) {
  const message = $('message');
  message.textContent = text;
  message.classList.toggle('error', isError);
}

const problemText = (body) => body?.detail ?? body?.title ?? '';

// Periods: the ids of the API and the names Vietnamese reports use.

const roman = ['I', 'II', 'III', 'IV'];

export function periodLabel(id) {
  const year = id.slice(0, 4);
  const rest = id.slice(4);
  if (rest === '') return t('wsYear', year);
  if (rest === 'L9') return t('wsNineMonths', year);
  if (rest[0] === 'S') return t(rest === 'S1' ? 'wsFirstHalf' : 'wsSecondHalf', year);
  if (rest[0] === 'Q') return t('wsQuarter', language === 'vi' ? roman[Number(rest[1]) - 1] : rest[1], year);
  return t('wsMonth', Number(rest), year);
}

function previousPeriod(id) {
  const year = Number(id.slice(0, 4));
  const rest = id.slice(4);
  if (rest === '' || rest === 'L9') return `${year - 1}${rest}`;
  const n = Number(rest[1]);
  if (rest[0] === 'S') return n > 1 ? `${year}S${n - 1}` : `${year - 1}S2`;
  return n > 1 ? `${year}Q${n - 1}` : `${year - 1}Q4`;
}

const periodEnd = (id) => {
  const year = Number(id.slice(0, 4));
  const rest = id.slice(4);
  const month = rest === '' ? 12 : rest === 'L9' ? 9 : rest[0] === 'S' ? Number(rest[1]) * 6 : Number(rest[1]) * 3;
  return new Date(Date.UTC(year, month, 0));
};

/** The periods an officer reports now: this year's and last year's that have ended (the service takes no figures for an open period), the latest first. */
function reportablePeriods(today = new Date()) {
  const periods = [];
  for (const year of [today.getUTCFullYear(), today.getUTCFullYear() - 1]) {
    for (const id of [`${year}`, `${year}L9`, `${year}S2`, `${year}S1`, `${year}Q4`, `${year}Q3`, `${year}Q2`, `${year}Q1`]) {
      if (periodEnd(id) < today) periods.push(id);
    }
  }
  return periods.sort((a, b) => periodEnd(b) - periodEnd(a) || a.length - b.length);
}

function expects(indicator, period) {
  const rest = period.slice(4);
  if (rest === 'L9') return indicator.periodBasis === 'yearToDate';
  const frequency = rest === '' ? 'yearly' : rest[0] === 'S' ? 'halfYearly' : 'quarterly';
  return indicator.frequency === frequency;
}

const indicatorName = (indicator) => (language === 'vi' ? indicator.nameVi : indicator.nameEn);
const isRatio = (indicator) => indicator.aggregation === 'ratio';

/** A number as people type it in the page's language: 97,2 and 1.234.567 in Vietnamese, 97.2 and 1,234,567 in English. */
function readNumber(text) {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const plain = language === 'vi' ? trimmed.replaceAll('.', '').replace(',', '.') : trimmed.replaceAll(',', '');
  return /^[+-]?\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
}

const writeNumber = (value) => (value === null || value === undefined ? '' : formatNumber(value, 6, { useGrouping: false }));

// Signing in.

async function signIn(key) {
  sessionStorage.setItem(keyStorage, key);
  const answer = await api('/api/v1/me');
  if (!answer.ok) {
    sessionStorage.removeItem(keyStorage);
    showSignIn(t('keyWrong'));
    return;
  }
  me = answer.body;
  $('signin').hidden = true;
  $('who').hidden = false;
  $('who-text').textContent = t('wsWho', me.name, t(`wsRole_${me.role}`), me.units.map((u) => u.nameVi).join(', ') || t('wsAllUnits'));
  const canReport = me.role === 'reporter' || me.role === 'admin';
  const canApprove = me.role === 'approver' || me.role === 'admin';
  document.querySelector('[data-tab=entry]').hidden = !canReport;
  document.querySelector('[data-tab=approvals]').hidden = !canApprove;
  indicators = (await api('/api/v1/indicators?limit=10000')).body.items;
  if (canReport) await fillUnits();
  const wanted = location.hash.slice(1);
  showTab(wanted === 'approvals' && canApprove ? 'approvals' : canReport ? 'entry' : 'approvals');
}

function showSignIn(error = '') {
  me = null;
  for (const id of ['entry', 'approvals', 'who']) $(id).hidden = true;
  for (const tab of document.querySelectorAll('[data-tab]')) tab.hidden = true;
  $('signin').hidden = false;
  say(error, Boolean(error));
  $('signin-form').elements.key.focus();
}

function showTab(name) {
  for (const tab of document.querySelectorAll('[data-tab]')) {
    if (tab.dataset.tab === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  $('entry').hidden = name !== 'entry';
  $('approvals').hidden = name !== 'approvals';
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  if (name === 'entry') loadEntry();
  else loadInbox();
}

// The entry form.

async function fillUnits() {
  const select = $('entry-unit');
  select.replaceChildren();
  const scope = me.units.length > 0 ? me.units
    : (await api('/api/v1/units?level=province&limit=10000')).body.items.map((u) => ({ id: u.id, nameVi: u.nameVi, level: u.level }));
  for (const unit of scope) {
    const group = element('optgroup');
    group.label = unit.nameVi;
    group.append(new Option(unit.nameVi, unit.id));
    if (unit.level !== 'commune' && me.units.length > 0) {
      const children = (await api(`/api/v1/units?parent=${enc(unit.id)}&limit=10000`)).body.items;
      children.sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'));
      for (const child of children) group.append(new Option(`${child.nameVi} (${child.code})`, child.id));
    }
    select.append(group);
  }
  const periods = $('entry-period');
  periods.replaceChildren(...reportablePeriods().map((id) => new Option(periodLabel(id), id)));
  // The last quarter that has ended is the one usually due.
  periods.value = reportablePeriods().find((id) => id.length === 6 && id[4] === 'Q') ?? periods.value;
  const wanted = new URLSearchParams(location.search);
  if (wanted.get('unit')) select.value = wanted.get('unit');
  if (wanted.get('period')) periods.value = wanted.get('period');
}

async function loadEntry() {
  const unit = $('entry-unit').value;
  const period = $('entry-period').value;
  if (!unit || !period) return;
  // A later choice of unit or period wins over a read still under way.
  const generation = ++entryGeneration;
  say(t('loading'));
  const previous = previousPeriod(period);
  const [list, values] = await Promise.all([
    api(`/api/v1/submissions?unit=${enc(unit)}&period=${period}`),
    api(`/api/v1/values?unit=${enc(unit)}&from=${previous}&to=${previous}&source=all&limit=10000`),
  ]);
  if (generation !== entryGeneration) return;
  // The list names the submission of the unit (among those of the units it covers); the submission itself carries the values.
  const found = list.body.items.find((s) => s.unit === unit);
  const submission = found ? (await api(`/api/v1/submissions/${enc(unit)}/${period}`)).body : null;
  if (generation !== entryGeneration) return;
  const lastValues = new Map(values.body.items.filter((v) => v.period === previous).map((v) => [v.indicator, v.value]));
  const stored = new Map((submission?.values ?? []).map((v) => [v.indicator, v]));
  form = {
    unit, period, submission, previous, confirmed: null,
    rows: indicators.filter((i) => expects(i, period)).map((indicator) => ({ indicator, last: lastValues.get(indicator.code) ?? null, stored: stored.get(indicator.code) ?? null })),
  };
  renderStatus();
  renderForm();
  updateTemplateLink();
  say('');
}

function renderStatus() {
  const status = $('entry-status');
  const submission = form.submission;
  status.className = `entry-status ${submission?.status ?? 'none'}`;
  if (!submission) {
    status.textContent = t('wsNotStarted', periodLabel(form.period));
    return;
  }
  const parts = [t('wsStatusLine', t(`wsStatus_${submission.status}`), formatDateTime(submission.updatedAt), submission.updatedBy)];
  if (submission.status === 'returned' && submission.statusComment) parts.push(t('wsReturnedBecause', submission.statusComment));
  status.textContent = parts.join(' ');
}

const locked = () => form.submission?.status === 'approved';
const correcting = () => ['submitted', 'returned'].includes(form.submission?.status);

function renderForm() {
  const table = $('entry-table');
  const head = element('thead');
  const header = element('tr');
  header.append(element('th', '', t('indicator')), element('th', 'number', t('wsPrevious', periodLabel(form.previous))),
    element('th', '', t('wsThisPeriod', periodLabel(form.period))), element('th', '', t('wsComment')));
  head.append(header);
  const body = element('tbody');
  form.rows.forEach((row, index) => body.append(entryRow(row, index)));
  table.replaceChildren(head, body);
  table.setAttribute('aria-describedby', 'entry-status');
  $('entry-warnings').replaceChildren();
  for (const id of ['check', 'save', 'submit']) $(id).disabled = locked();
  if (form.rows.length === 0) say(t('wsNothingExpected', periodLabel(form.period)));
}

function entryRow(row, index) {
  const { indicator } = row;
  const tr = element('tr');
  tr.dataset.indicator = indicator.code;
  const name = element('th', 'name');
  name.scope = 'row';
  name.append(element('span', '', indicatorName(indicator)), element('small', 'code', ` ${indicator.code} · ${t(`unit_${indicator.unit}`)}`));
  const errorId = `error-${index}`;
  const input = (field, label, value) => {
    const box = element('input');
    box.name = field;
    box.id = `${field}-${index}`;
    box.inputMode = 'decimal';
    box.autocomplete = 'off';
    box.value = writeNumber(value);
    box.disabled = locked();
    box.setAttribute('aria-describedby', errorId);
    const wrap = element('label', 'field');
    wrap.append(element('span', 'field-label', label), box);
    return wrap;
  };
  const cell = element('td', 'inputs');
  if (isRatio(indicator)) {
    cell.append(input('numerator', indicator.numeratorVi && language === 'vi' ? indicator.numeratorVi : t('wsNumerator'), row.stored?.numerator),
      input('denominator', indicator.denominatorVi && language === 'vi' ? indicator.denominatorVi : t('wsDenominator'), row.stored?.denominator));
    const computed = element('output', 'computed');
    computed.setAttribute('aria-live', 'polite');
    cell.append(computed);
  } else {
    cell.append(input('value', t('wsValue', t(`unit_${indicator.unit}`)), row.stored?.value));
  }
  const comment = element('input');
  comment.name = 'comment';
  comment.id = `comment-${index}`;
  comment.value = row.stored?.comment ?? '';
  comment.disabled = locked();
  comment.setAttribute('aria-describedby', errorId);
  const commentLabel = element('label', 'field');
  commentLabel.append(element('span', 'field-label', t('wsComment')), comment);
  const commentCell = element('td', 'comment');
  commentCell.append(commentLabel);
  const error = element('p', 'row-error');
  error.id = errorId;
  commentCell.append(error);
  const last = element('td', 'number', formatNumber(row.last, indicator.decimals));
  last.dataset.label = t('wsPrevious', periodLabel(form.previous));
  tr.append(name, last, cell, commentCell);
  updateComputed(tr);
  return tr;
}

/** The value a ratio's numerator and denominator give, as the service computes it. */
function updateComputed(tr) {
  const output = tr.querySelector('output');
  if (!output) return;
  const indicator = indicators.find((i) => i.code === tr.dataset.indicator);
  const numerator = readNumber(tr.querySelector('[name=numerator]').value);
  const denominator = readNumber(tr.querySelector('[name=denominator]').value);
  output.textContent = numerator !== null && denominator && !Number.isNaN(numerator) && !Number.isNaN(denominator)
    ? `= ${formatNumber((numerator / denominator) * indicator.factor, indicator.decimals)} ${t(`unit_${indicator.unit}`)}` : '';
}

function clearMessages() {
  for (const tr of document.querySelectorAll('#entry-table tbody tr')) {
    tr.classList.remove('invalid', 'warned');
    tr.querySelector('.row-error').textContent = '';
    for (const box of tr.querySelectorAll('input')) box.removeAttribute('aria-invalid');
  }
  $('entry-warnings').replaceChildren();
}

function markRow(code, field, text) {
  const tr = document.querySelector(`#entry-table tr[data-indicator='${code}']`);
  if (!tr) return null;
  tr.classList.add('invalid');
  const box = tr.querySelector(`[name=${field}]`) ?? tr.querySelector('input');
  box.setAttribute('aria-invalid', 'true');
  const error = tr.querySelector('.row-error');
  error.textContent = error.textContent ? `${error.textContent} ${text}` : text;
  return box;
}

/** The values typed in, or null (with the rows marked) when a number cannot be read or a correction has no reason. */
function collect() {
  clearMessages();
  const values = [];
  let first = null;
  for (const tr of document.querySelectorAll('#entry-table tbody tr')) {
    const row = form.rows.find((r) => r.indicator.code === tr.dataset.indicator);
    const read = (field) => {
      const box = tr.querySelector(`[name=${field}]`);
      return box ? readNumber(box.value) : null;
    };
    const value = { indicator: row.indicator.code };
    const fields = isRatio(row.indicator) ? ['numerator', 'denominator'] : ['value'];
    let empty = true;
    for (const field of fields) {
      const number = read(field);
      if (Number.isNaN(number)) first ??= markRow(row.indicator.code, field, t('wsNotANumber'));
      else if (number !== null) {
        value[field] = number;
        empty = false;
      }
    }
    const comment = tr.querySelector('[name=comment]').value.trim();
    if (comment) value.comment = comment;
    if (empty) continue;
    const changed = row.stored && fields.some((f) => value[f] !== row.stored[f]);
    if (correcting() && changed && !comment) first ??= markRow(row.indicator.code, 'comment', t('wsReasonNeeded'));
    values.push(value);
  }
  if (first) {
    first.focus();
    say(t('wsFix'), true);
    return null;
  }
  return values;
}

async function put(values, { dryRun, submit }) {
  return api(`/api/v1/submissions/${enc(form.unit)}/${form.period}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ values, submit }),
  });
}

function showProblem(answer, values) {
  let first = null;
  const general = [];
  for (const [key, messages] of Object.entries(answer.body?.errors ?? {})) {
    const match = /^values\[(\d+)\]\.?(\w*)$/.exec(key);
    const code = match ? values[Number(match[1])]?.indicator : null;
    if (code) first ??= markRow(code, match[2] === 'value' && isRatio(indicators.find((i) => i.code === code)) ? 'numerator' : match[2], messages.join(' '));
    else general.push(messages.join(' '));
  }
  say([problemText(answer.body) || t('wsFix'), ...general].join(' '), true);
  first?.focus();
}

function showWarnings(warnings) {
  const list = $('entry-warnings');
  list.replaceChildren(...warnings.map((w) => {
    const name = indicatorName(indicators.find((i) => i.code === w.indicator) ?? { nameVi: w.indicator, nameEn: w.indicator });
    document.querySelector(`#entry-table tr[data-indicator='${w.indicator}']`)?.classList.add('warned');
    return element('li', '', `${name}: ${w.message}`);
  }));
}

/** Checks with a dry run, shows the warnings, and saves once they were seen (a second press with the same figures). */
async function save(mode) {
  const values = collect();
  if (values === null) return;
  const submit = mode === 'submit';
  say(t('wsChecking'));
  const check = await put(values, { dryRun: true, submit });
  if (!check.ok) {
    showProblem(check, values);
    return;
  }
  showWarnings(check.body.warnings);
  const signature = JSON.stringify(values);
  if (mode === 'check') {
    say(check.body.warnings.length > 0 ? t('wsWarningsFound', check.body.warnings.length) : t('wsAllGood'));
    form.confirmed = check.body.warnings.length > 0 ? signature : null;
    return;
  }
  if (check.body.warnings.length > 0 && form.confirmed !== signature) {
    form.confirmed = signature;
    say(t('wsConfirmWarnings', check.body.warnings.length), true);
    $('entry-warnings').focus();
    return;
  }
  const saved = await put(values, { dryRun: false, submit });
  if (!saved.ok) {
    showProblem(saved, values);
    return;
  }
  await loadEntry();
  showWarnings(saved.body.warnings);
  say(t(submit ? 'wsSubmitted' : 'wsSaved', periodLabel(form.period)));
}

// Template and upload.

function updateTemplateLink() {
  const children = $('template-children').checked ? '&children=true' : '';
  $('template-link').href = `/api/v1/imports/template?unit=${enc(form.unit)}&period=${form.period}${children}`;
}

async function upload(dryRun) {
  const file = $('upload-file').files[0];
  const result = $('upload-result');
  if (!file) {
    say(t('wsChooseFile'), true);
    $('upload-file').focus();
    return;
  }
  const type = file.name.toLowerCase().endsWith('.xlsx') ? xlsxType : 'text/csv';
  const answer = await api(`/api/v1/imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers: { 'Content-Type': type }, body: file });
  const summary = answer.body ?? {};
  result.replaceChildren(element('p', answer.ok ? '' : 'error', t(dryRun ? 'wsPreviewSummary' : 'wsImportSummary',
    summary.imported ?? 0, summary.updated ?? 0, summary.unchanged ?? 0, summary.rejected ?? 0)));
  if (summary.file) result.append(element('p', 'muted', t('wsFileRead', summary.file.format, summary.file.locale ?? '', summary.file.encoding ?? '')));
  const conflicts = summary.conflicts ?? [];
  if (conflicts.length > 0) {
    const list = element('ul', 'warnings');
    for (const c of conflicts) list.append(element('li', '', t('wsConflict', c.row, c.field, c.message)));
    result.append(list);
  } else if (!answer.ok) {
    result.append(element('p', 'error', [problemText(answer.body), ...Object.values(answer.body?.errors ?? {}).flat()].join(' ')));
  }
  $('import').disabled = !(dryRun && answer.ok);
  if (!dryRun && answer.ok) await loadEntry();
}

// The approvals inbox.

// The level a key approves at: a commune's station, a province's Sở Y tế, the Ministry (VN, or an admin key).
const LEVEL_RANK = { commune: 0, province: 1, ministry: 2 };
const levelOf = (unit) => (unit.level === 'commune' || unit.level === 'province' ? unit.level : 'ministry');

async function loadInbox() {
  say(t('loading'));
  // Waiting at this key's level: submitted, or approved below it, with the lowest level still to approve at or below
  // the key's (an upper level approves through pending lower ones).
  const scopes = me.units.length > 0 ? me.units.map((u) => ({ query: `&unit=${enc(u.id)}`, level: levelOf(u) })) : [{ query: '', level: 'ministry' }];
  const lists = await Promise.all(scopes.flatMap((scope) => ['submitted', 'approved'].map(async (status) => {
    const list = await api(`/api/v1/submissions?status=${status}${scope.query}&limit=1000`);
    return list.body.items.filter((s) => s.awaitingLevel && LEVEL_RANK[s.awaitingLevel] <= LEVEL_RANK[scope.level]);
  })));
  const seen = new Set();
  const items = lists.flat().filter((s) => !seen.has(`${s.unit}/${s.period}`) && seen.add(`${s.unit}/${s.period}`));
  $('approvals-summary').textContent = t('wsWaiting', items.length);
  const cards = await Promise.all(items.map(inboxCard));
  $('inbox').replaceChildren(...cards);
  say('');
}

async function inboxCard(row) {
  const submission = (await api(`/api/v1/submissions/${enc(row.unit)}/${row.period}`)).body;
  const previous = previousPeriod(submission.period);
  const values = await api(`/api/v1/values?unit=${enc(submission.unit)}&from=${previous}&to=${previous}&source=all&limit=10000`);
  const last = new Map(values.body.items.filter((v) => v.period === previous).map((v) => [v.indicator, v.value]));
  const card = element('article', 'panel card');
  card.dataset.unit = submission.unit;
  card.dataset.period = submission.period;
  const titleId = `inbox-${submission.unit}-${submission.period}`.replace(/[^\w-]/g, '-');
  const title = element('h3', '', `${submission.unitName} · ${submission.periodLabel}`);
  title.id = titleId;
  card.setAttribute('aria-labelledby', titleId);
  card.append(title, element('p', 'muted', t('wsSubmittedBy', submission.submittedBy ?? '', formatDateTime(submission.submittedAt))));
  const table = element('table', 'entry');
  const head = element('tr');
  head.append(element('th', '', t('indicator')), element('th', 'number', periodLabel(previous)), element('th', 'number', submission.periodLabel),
    element('th', 'number', t('wsChange')), element('th', '', t('wsComment')));
  const body = element('tbody');
  for (const value of submission.values) {
    const indicator = indicators.find((i) => i.code === value.indicator);
    const before = last.get(value.indicator);
    const change = before ? (value.value - before) / Math.abs(before) : null;
    const tr = element('tr', change !== null && Math.abs(change) > 0.5 ? 'warned' : '');
    const name = element('th', 'name', indicator ? indicatorName(indicator) : value.indicator);
    name.scope = 'row';
    tr.append(name, element('td', 'number', formatNumber(before ?? null, indicator?.decimals ?? 2)),
      element('td', 'number', formatNumber(value.value, indicator?.decimals ?? 2)),
      element('td', 'number', change === null ? '–' : `${formatNumber(change * 100, 0, { signDisplay: 'exceptZero' })} %${Math.abs(change) > 0.5 ? ` ⚠ ${t('wsBigChange')}` : ''}`),
      element('td', '', value.comment ?? ''));
    body.append(tr);
  }
  const thead = element('thead');
  thead.append(head);
  table.append(thead, body);
  const scroller = element('div', 'scroller');
  scroller.append(table);
  const reason = element('textarea');
  reason.name = 'reason';
  reason.rows = 2;
  const reasonLabel = element('label', 'field');
  reasonLabel.append(element('span', 'field-label', t('wsReason')), reason);
  const approve = element('button', 'primary', t('wsApprove'));
  approve.type = 'button';
  approve.dataset.action = 'approve';
  const back = element('button', '', t('wsReturn'));
  back.type = 'button';
  back.dataset.action = 'return';
  const actions = element('div', 'actions');
  actions.append(approve, back);
  card.append(scroller, reasonLabel, actions);
  return card;
}

async function decide(card, action) {
  const reason = card.querySelector('textarea').value.trim();
  if (action === 'return' && !reason) {
    say(t('wsReturnNeedsReason'), true);
    card.querySelector('textarea').setAttribute('aria-invalid', 'true');
    card.querySelector('textarea').focus();
    return;
  }
  const answer = await api(`/api/v1/submissions/${enc(card.dataset.unit)}/${card.dataset.period}/${action}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(reason ? { comment: reason } : {}),
  });
  if (!answer.ok) {
    say(problemText(answer.body), true);
    return;
  }
  await loadInbox();
  say(t(action === 'approve' ? 'wsApproved' : 'wsReturned', answer.body.unitName, answer.body.periodLabel));
}

// Wiring.

function applyLanguage() {
  setLanguage(language);
  translatePage();
  document.title = `${t('wsTitle')} · ${t('title')}`;
  $('language').lang = language === 'vi' ? 'en' : 'vi';
}

$('language').addEventListener('click', async () => {
  language = language === 'vi' ? 'en' : 'vi';
  const url = new URL(location.href);
  url.searchParams.set('lang', language);
  history.replaceState(null, '', url);
  applyLanguage();
  if (me) await signIn(sessionStorage.getItem(keyStorage));
});
$('signin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = event.target.elements.key.value.trim();
  if (key) signIn(key).catch((error) => say(error.message, true));
});
$('signout').addEventListener('click', () => {
  sessionStorage.removeItem(keyStorage);
  showSignIn();
});
document.querySelector('.tabs').addEventListener('click', (event) => {
  const tab = event.target.closest('a[data-tab]');
  if (!tab) return;
  event.preventDefault();
  showTab(tab.dataset.tab);
});
$('entry-unit').addEventListener('change', () => loadEntry());
$('entry-period').addEventListener('change', () => loadEntry());
$('entry-table').addEventListener('input', (event) => {
  const tr = event.target.closest('tr');
  if (tr) updateComputed(tr);
  form.confirmed = null;
});
$('check').addEventListener('click', () => save('check'));
$('save').addEventListener('click', () => save('save'));
$('submit').addEventListener('click', () => save('submit'));
$('template-children').addEventListener('change', updateTemplateLink);
$('preview').addEventListener('click', () => upload(true));
$('import').addEventListener('click', () => upload(false));
$('upload-file').addEventListener('change', () => {
  $('import').disabled = true;
  $('upload-result').replaceChildren();
});
$('inbox').addEventListener('input', (event) => event.target.removeAttribute('aria-invalid'));
$('inbox').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (button) decide(button.closest('article'), button.dataset.action);
});

applyLanguage();
const key = sessionStorage.getItem(keyStorage);
if (key) signIn(key).catch((error) => say(error.message, true));
else showSignIn();

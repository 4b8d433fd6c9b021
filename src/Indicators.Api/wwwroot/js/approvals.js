// Where each submission of a period stands, level by level: commune, province, Ministry. Returned submissions come
// first with the reason, then those waiting on the lowest level, then the ones approved at every level.
import { getAll, query } from './api.js';
import { element } from './dom.js';
import { formatDateTime, t } from './i18n.js';
import { fillPeriods, recentPeriods } from './compliance.js';

const section = document.getElementById('view-approvals');
const levels = ['commune', 'province', 'ministry'];
const statusOrder = ['returned', 'submitted', 'approved', 'draft'];

export async function render(state, catalog, view) {
  section.dataset.state = 'loading';
  const periods = recentPeriods(new Date());
  const period = state.period || periods.quarters[0];
  fillPeriods(periods, period);
  fillScope(catalog, state.unit);
  const rows = await getAll(query('/api/v1/submissions', { period, unit: state.unit, limit: 10000 }));
  if (!view.isCurrent()) return;

  const rank = (row) => (row.awaitingLevel === null ? levels.length : levels.indexOf(row.awaitingLevel));
  rows.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || rank(a) - rank(b)
    || a.unitName.localeCompare(b.unitName, 'vi') || a.id - b.id);
  const done = rows.filter((r) => r.status === 'approved' && r.awaitingLevel === null).length;
  const waiting = rows.filter((r) => r.awaitingLevel !== null).length;
  const returned = rows.filter((r) => r.status === 'returned').length;
  document.getElementById('approvals-summary').textContent = rows.length === 0 ? t('noSubmissions')
    : t('approvalsSummary', period, rows.length, done, waiting, returned);

  const head = document.createElement('thead');
  head.insertRow().append(...['unit', 'submissionStatus', 'level_commune', 'level_province', 'level_ministry', 'changesSinceApproval', 'returnReason'].map((key) => {
    const th = element('th', key, t(key));
    th.scope = 'col';
    return th;
  }));
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.unit = row.unit;
    tr.dataset.status = row.status;
    const name = element('th', 'unit', row.unitName);
    name.append(element('small', 'code', row.unit));
    name.scope = 'row';
    const status = element('td', 'status', t(`submission_${row.status}`));
    if (row.awaitingLevel !== null) status.append(element('small', 'awaiting', t('awaiting', t(`level_${row.awaitingLevel}`))));
    tr.append(name, status, ...levels.map((level) => levelCell(row, level)),
      element('td', 'number', String(row.changesSinceApproval)),
      element('td', 'reason', row.status === 'returned' ? row.statusComment ?? '' : ''));
  }
  document.getElementById('approvals').replaceChildren(head, body);
  section.dataset.state = 'ready';
}

/** One level's state: approved or returned (by whom, when), pending, or not in this submission's chain. */
function levelCell(row, level) {
  const state = row[`${level}Status`];
  const td = element('td', `level ${state ?? 'none'}`, t(`approval_${state ?? 'none'}`));
  td.dataset.level = level;
  if (state === 'approved' || state === 'returned') {
    td.append(element('small', 'by', t('approvalBy', row[`${level}By`], formatDateTime(row[`${level}At`]))));
  }
  return td;
}

function fillScope(catalog, unit) {
  const select = document.getElementById('approvals-unit');
  select.replaceChildren(new Option(t('wholeCountry'), ''),
    ...catalog.provinces.slice().sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi')).map((p) => new Option(p.nameVi, p.id)));
  // A unit chosen in another view (a commune of the trajectory) is kept as it is.
  if (unit && ![...select.options].some((o) => o.value === unit)) select.append(new Option(unit, unit));
  select.value = unit;
}

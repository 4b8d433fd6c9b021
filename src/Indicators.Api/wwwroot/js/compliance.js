// Reporting compliance for one period: completeness and timeliness of every province, and what is missing.
import { getAll, query } from './api.js';
import { element } from './dom.js';
import { formatDate, formatDateTime, formatNumber, indicatorName, t } from './i18n.js';

const section = document.getElementById('view-compliance');

export async function render(state, catalog, view) {
  section.dataset.state = 'loading';
  const periods = recentPeriods(new Date());
  const period = state.period || periods.quarters[0];
  fillPeriods(periods, period);
  const rows = await getAll(query('/api/v1/reports/compliance', { period, level: 'province', limit: 10000 }));
  if (!view.isCurrent()) return;

  // The least complete first: they are the ones to call.
  rows.sort((a, b) => (a.completenessPct ?? 0) - (b.completenessPct ?? 0) || (a.timelinessPct ?? 0) - (b.timelinessPct ?? 0)
    || a.unitName.localeCompare(b.unitName, 'vi'));
  const complete = rows.filter((r) => r.missing === 0).length;
  const nothing = rows.filter((r) => r.submitted === 0).length;
  document.getElementById('compliance-summary').textContent =
    t('complianceSummary', period, formatDate(rows[0]?.dueDate), complete, rows.length, nothing);

  const head = document.createElement('thead');
  head.insertRow().append(...['unit', 'submitted', 'completeness', 'timeliness', 'submittedAt', 'missing'].map((key) => {
    const th = element('th', key, t(key));
    th.scope = 'col';
    return th;
  }));
  const body = document.createElement('tbody');
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.unit = row.unit;
    const name = element('th', 'unit', row.unitName);
    name.scope = 'row';
    tr.append(name, element('td', 'number', row.late > 0 ? `${row.submitted}/${row.expected} · ${t('lateCount', row.late)}` : `${row.submitted}/${row.expected}`), bar(row.completenessPct), bar(row.timelinessPct),
      element('td', 'date', formatDateTime(row.submittedAt)), missing(row.missingIndicators, row.expected, catalog));
  }
  document.getElementById('compliance').replaceChildren(head, body);
  section.dataset.state = 'ready';
}

/** The periods that have ended, newest first: the last eight quarters, four half years and three years. */
export function recentPeriods(today) {
  const year = today.getFullYear();
  const ended = (end) => end < today;
  const list = (count, perYear, id) => Array.from({ length: 4 * perYear }, (_, i) => {
    const y = year - Math.floor(i / perYear);
    const n = perYear - (i % perYear);
    return { id: id(y, n), end: new Date(y, (12 / perYear) * n, 1) };
  }).filter((p) => ended(p.end)).slice(0, count).map((p) => p.id);
  return {
    quarters: list(8, 4, (y, n) => `${y}Q${n}`),
    halfYears: list(4, 2, (y, n) => `${y}S${n}`),
    years: list(3, 1, (y) => `${y}`),
  };
}

export function fillPeriods(periods, period) {
  const select = document.getElementById('period');
  select.replaceChildren(...Object.entries(periods).map(([kind, ids]) => {
    const optgroup = document.createElement('optgroup');
    optgroup.label = t(kind);
    optgroup.append(...ids.map((id) => new Option(id, id)));
    return optgroup;
  }));
  // A bookmarked older period is kept as it is.
  if (![...select.options].some((o) => o.value === period)) select.prepend(new Option(period, period));
  select.value = period;
}

function bar(pct) {
  const td = element('td', 'bar');
  const track = element('span', 'track');
  const fill = element('span', `fill${pct < 100 ? ' short' : ''}`);
  fill.style.width = `${pct ?? 0}%`;
  track.append(fill);
  td.append(track, element('span', 'pct', pct === null ? '–' : `${formatNumber(pct, 0)} %`));
  return td;
}

function missing(codes, expected, catalog) {
  const td = element('td', 'missing');
  if (codes.length === 0) {
    td.textContent = t('none');
    return td;
  }
  const list = element('ul');
  list.append(...codes.map((code) => element('li', '', catalog.byCode.has(code) ? indicatorName(catalog.byCode.get(code)) : code)));
  if (codes.length < expected) {
    td.append(list);
    return td;
  }
  // Nothing reported: one line, the list on demand.
  const details = element('details');
  details.append(element('summary', '', t('nothingSubmitted', codes.length)), list);
  td.append(details);
  return td;
}

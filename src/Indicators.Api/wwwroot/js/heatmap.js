// The heat map: units in rows (the country and its provinces, or one province and its communes), indicators in
// columns grouped by indicator group. A cell with a target shows the status of its attainment for the chosen year
// (colour AND icon); a cell without one shows the unit's latest value in a neutral style, so that "no target" is
// never mistaken for "no data" or for a bad value.
import { apiToday, get, getAll, inPool, query } from './api.js';
import { definitions, element } from './dom.js';
import { categoryName, formatDate, formatNumber, formatShort, indicatorName, t } from './i18n.js';
import { statuses, statusIcon, targetDetails, valueSource } from './status.js';

const table = document.getElementById('heatmap');
const section = document.getElementById('view-heatmap');
const tip = document.getElementById('tip');
const narrow = matchMedia('(max-width: 600px)');

// A phone keeps the screen for the cells: the legend starts folded there.
document.getElementById('legend-box').open = !narrow.matches;

/** What the table shows now, for the tooltip and the keyboard. */
let shown = { rows: new Map(), columns: new Map(), year: '', navigate: null };

export async function render(state, catalog, view) {
  section.dataset.state = 'loading';
  const parent = await scopeOf(state.unit, catalog);
  const columns = catalog.indicators.filter((i) => !state.group || i.group === state.group);
  fillControls(state, catalog, parent);
  const rows = await loadTargets(state, catalog, parent);
  if (!view.isCurrent()) return;

  shown = { rows: new Map(rows.map((r) => [r.unit.id, r])), columns: new Map(columns.map((i) => [i.code, i])), year: state.year, navigate: view.navigate };
  draw(rows, columns, state);
  view.message.textContent = t('loadingValues');
  await loadLatest(rows, columns, parent, state.asOf, state.disaggregation || 'total');
  if (!view.isCurrent()) return;
  for (const row of rows) for (const indicator of columns) fillCell(cellOf(row.unit.id, indicator.code), row, indicator);
  placeRows(rows, state.sort);
  drawLegend(rows, columns);
  section.dataset.state = 'ready';
}

/** The rows' parent: the country, or the current province whose communes are asked for (or a commune's province). */
async function scopeOf(unitId, catalog) {
  if (!unitId || unitId === catalog.country.id) return catalog.country;
  const unit = await get(`/api/v1/units/${encodeURIComponent(unitId)}`);
  if (unit.level === 'commune') return get(`/api/v1/units/${encodeURIComponent(unit.parentId)}`);
  return unit.level === 'province' && !unit.validTo ? unit : catalog.country;
}

/**
 * The parent row, one row per child and, for the country, a row per former province that has targets of its own
 * for the year (Bình Thuận's plan is tracked on its data before the 2025 merger).
 */
async function loadTargets(state, catalog, parent) {
  const national = parent.level === 'country';
  const filter = { year: state.year, asOf: state.asOf, disaggregation: state.disaggregation || 'total', limit: 10000 };
  const [children, parentTargets, childTargets] = await Promise.all([
    national ? catalog.provinces : getAll(query('/api/v1/units', { parent: parent.id, level: 'commune', limit: 10000 })),
    getAll(query('/api/v1/attainment', { ...filter, unit: parent.id })),
    getAll(query('/api/v1/attainment', { ...filter, level: national ? 'province' : 'commune' })),
  ]);
  const row = (unit, kind) => ({ unit, kind, targets: new Map(), latest: new Map() });
  const rows = [row({ id: parent.id, name: parent.nameVi }, 'parent'), ...children.map((u) => row({ id: u.id, name: u.nameVi }, 'child'))];
  const byId = new Map(rows.map((r) => [r.unit.id, r]));
  for (const target of [...parentTargets, ...childTargets]) {
    if (!byId.has(target.unit) && national && target.unitValidTo) {
      byId.set(target.unit, row({ id: target.unit, name: target.unitName, validTo: target.unitValidTo }, 'former'));
      rows.push(byId.get(target.unit));
    }
    byId.get(target.unit)?.targets.set(target.indicator, target);
  }
  return rows;
}

/**
 * The latest value of every cell without a target. The parent's series tells which indicators its children
 * report (it has values derived from them). The 34 provinces' values come in one request to the values list
 * (reported and derived, three years back); a province's communes are read series by series where they can hold data.
 */
async function loadLatest(rows, columns, parent, asOf, disaggregation) {
  const until = asOf || apiToday();
  const series = (indicator, unit) => get(query('/api/v1/series', { indicator, unit, disaggregation }));
  const latest = (points) => points.filter((p) => p.value !== null && p.periodEnd <= until).at(-1);
  const reported = await Promise.all(columns.map(async (indicator) => {
    const { points } = await series(indicator.code, parent.id);
    rows[0].latest.set(indicator.code, latest(points));
    return points.some((p) => p.source === 'derived' && (!parent.validFrom || p.periodEnd >= parent.validFrom)) ? indicator : null;
  }));
  const children = rows.slice(1);
  if (parent.level === 'country') {
    const year = Number(until.slice(0, 4));
    const values = await getAll(query('/api/v1/values', { source: 'all', level: 'province', from: String(year - 3), to: String(year), disaggregation, limit: 10000 }));
    const byCell = Map.groupBy(values, (v) => `${v.unit}|${v.indicator}`);
    for (const row of children) {
      for (const indicator of columns) {
        if (!row.targets.has(indicator.code)) row.latest.set(indicator.code, latest(byCell.get(`${row.unit.id}|${indicator.code}`) ?? []));
      }
    }
    return;
  }
  const tasks = children.flatMap((row) => reported.filter((i) => i && !row.targets.has(i.code)).map((indicator) => async () => {
    row.latest.set(indicator.code, latest((await series(indicator.code, row.unit.id)).points));
  }));
  await inPool(tasks);
}

function fillControls(state, catalog, parent) {
  const scope = document.getElementById('scope');
  scope.replaceChildren(new Option(t('allProvinces'), ''),
    ...catalog.provinces.map((p) => new Option(t('communesOf', p.nameVi), p.id)));
  scope.value = parent.level === 'country' ? '' : parent.id;

  // The total, or one option of a category: the cells show the targets and values of that disaggregation.
  const disaggregation = document.getElementById('disaggregation');
  disaggregation.replaceChildren(new Option(t('total'), ''), ...catalog.categories.map((category) => {
    const optgroup = document.createElement('optgroup');
    optgroup.label = categoryName(category);
    optgroup.append(...category.options.map((o) => new Option(categoryName(o), `${category.code}:${o.code}`)));
    return optgroup;
  }));
  disaggregation.value = state.disaggregation;

  const group = document.getElementById('group');
  group.replaceChildren(new Option(t('allGroups'), ''), ...catalog.groups.map((g) => new Option(t(`group_${g}`), g)));
  group.value = state.group;

  const sort = document.getElementById('sort');
  sort.replaceChildren(new Option(t('sortName'), 'name'), new Option(t('sortGap'), 'gap'));
  const column = catalog.byCode.get(state.sort);
  if (column) sort.append(new Option(t('sortIndicator', indicatorName(column)), column.code));
  sort.value = column || state.sort === 'gap' ? state.sort : 'name';
}

function draw(rows, columns, state) {
  // A sort button or a cell that had the focus keeps it in the new table.
  const focused = table.contains(document.activeElement) ? document.activeElement : null;
  const refocus = focused?.dataset.sort ? `button[data-sort="${CSS.escape(focused.dataset.sort)}"]`
    : focused?.dataset.indicator ? cellSelector(focused.parentElement.dataset.unit, focused.dataset.indicator) : null;
  tip.hidden = true;
  table.setAttribute('aria-label', t('gridLabel', state.year));
  table.replaceChildren(header(columns, state.sort), ...['parent', 'child', 'former'].map((kind) => body(rows, columns, kind)));
  placeRows(rows, state.sort);
  const first = table.querySelector('td[data-indicator]');
  if (first) first.tabIndex = 0;
  if (refocus) table.querySelector(refocus)?.focus();
}

function header(columns, sort) {
  const thead = document.createElement('thead');
  const groups = thead.insertRow();
  const corner = element('td', 'corner');
  corner.rowSpan = 2;
  groups.append(corner);
  const names = thead.insertRow();
  names.className = 'names';
  let previous = null;
  for (const indicator of columns) {
    if (indicator.group !== previous) {
      const th = element('th', 'group', t(`group_${indicator.group}`));
      th.scope = 'colgroup';
      th.colSpan = columns.filter((i) => i.group === indicator.group).length;
      groups.append(th);
      previous = indicator.group;
    }
    const th = element('th', 'indicator');
    th.scope = 'col';
    if (sort === indicator.code) th.setAttribute('aria-sort', 'descending');
    const button = element('button', 'sort-by');
    button.type = 'button';
    button.dataset.sort = indicator.code;
    button.title = `${indicatorName(indicator)} (${t(`unit_${indicator.unit}`)})`;
    button.setAttribute('aria-label', t('sortBy', indicatorName(indicator)));
    button.append(element('span', 'label', indicatorName(indicator)));
    th.append(button);
    names.append(th);
  }
  return thead;
}

function body(rows, columns, kind) {
  const tbody = document.createElement('tbody');
  tbody.dataset.rows = kind;
  const members = rows.filter((r) => r.kind === kind);
  if (kind === 'former' && members.length > 0) {
    const th = element('th', 'section', t('formerRows'));
    th.colSpan = columns.length + 1;
    th.scope = 'rowgroup';
    tbody.insertRow().append(th);
  }
  for (const row of members) {
    const tr = tbody.insertRow();
    tr.dataset.unit = row.unit.id;
    const th = element('th', 'unit', row.unit.name);
    th.scope = 'row';
    th.title = row.unit.name;
    if (row.unit.validTo) {
      th.append(element('span', 'until', ` (${t('former')})`));
      th.title = `${row.unit.name} (${t('until', formatDate(row.unit.validTo))})`;
    }
    tr.append(th);
    for (const indicator of columns) {
      const td = tr.insertCell();
      td.dataset.indicator = indicator.code;
      td.tabIndex = -1;
      fillCell(td, row, indicator);
    }
  }
  return tbody;
}

function fillCell(td, row, indicator) {
  const target = row.targets.get(indicator.code);
  const value = target ? target.actualValue : row.latest.get(indicator.code)?.value;
  const status = target ? target.status : 'noTarget';
  td.dataset.status = status;
  // A target inherited from the unit above (a national floor the province has not replaced) carries a corner mark.
  td.className = `cell s-${status}${value === undefined || value === null ? ' empty' : ''}${target?.inherited ? ' inherited' : ''}`;
  const text = value === undefined || value === null ? '' : formatShort(value, indicator.decimals);
  td.replaceChildren(element('span', 'icon', statusIcon(status)), element('span', 'value', text || (target ? '' : '·')));
  td.firstChild.setAttribute('aria-hidden', 'true');
  const spoken = value === undefined || value === null ? '' : `, ${formatNumber(value, indicator.decimals)}`;
  const inherited = target?.inherited ? `, ${t('inheritedFrom', target.targetUnitName)}` : '';
  td.setAttribute('aria-label', `${row.unit.name}, ${indicatorName(indicator)}: ${t(`status_${status}`)}${spoken}${inherited}`);
}

/** Orders the rows of each body: by name, by mean gap to target, or by one indicator (worst first). */
function placeRows(rows, sort) {
  const indicator = shown.columns.get(sort);
  const rank = (row) => {
    if (indicator) {
      const target = row.targets.get(indicator.code);
      if (target?.gapPct !== null && target?.gapPct !== undefined) return [0, -target.gapPct];
      const value = target ? target.actualValue : row.latest.get(indicator.code)?.value;
      if (value !== null && value !== undefined) return [1, indicator.direction === 'lower' ? -value : value];
      return [2, 0];
    }
    if (sort === 'gap') {
      const gaps = [...row.targets.values()].filter((r) => r.gapPct !== null && shown.columns.has(r.indicator)).map((r) => r.gapPct);
      return gaps.length > 0 ? [0, -gaps.reduce((a, b) => a + b, 0) / gaps.length] : [1, 0];
    }
    return [0, 0];
  };
  const ranked = rows.map((row) => ({ row, rank: rank(row) }));
  ranked.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.row.unit.name.localeCompare(b.row.unit.name, 'vi'));
  for (const { row } of ranked) {
    const tr = table.querySelector(`tr[data-unit="${CSS.escape(row.unit.id)}"]`);
    tr.parentElement.append(tr);
  }
}

function drawLegend(rows, columns) {
  const counts = new Map();
  for (const row of rows) {
    for (const indicator of columns) {
      const status = row.targets.get(indicator.code)?.status ?? 'noTarget';
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  const targets = [...counts].filter(([s]) => s !== 'noTarget').reduce((sum, [, n]) => sum + n, 0);
  const items = statuses.filter((s) => s.id !== 'noTarget').map((s) => {
    const li = document.createElement('li');
    li.append(element('span', `swatch cell s-${s.id}`, s.icon), ` ${t(`status_${s.id}`)} `, element('span', 'count', String(counts.get(s.id) ?? 0)));
    return li;
  });
  const neutral = document.createElement('li');
  neutral.append(element('span', 'swatch cell s-noTarget', formatShort(93.06, 1)), ` ${t('noTargetLegend')}`);
  const empty = document.createElement('li');
  empty.append(element('span', 'swatch cell s-noTarget empty', '·'), ` ${t('emptyLegend')}`);
  const inherited = document.createElement('li');
  inherited.append(element('span', 'swatch cell s-noData inherited', statusIcon('noData')), ` ${t('inheritedLegend')}`);
  document.getElementById('legend-summary').textContent = t('rowsSummary', rows.length, targets);
  document.getElementById('legend').replaceChildren(...items, neutral, empty, inherited);
}

/** The details of a cell: the target's (status, target, actual, gap, trend), or the latest value without one. */
function describe(row, indicator) {
  const target = row.targets.get(indicator.code);
  const latest = row.latest.get(indicator.code);
  const lines = target ? targetDetails(target, indicator) : [
    [t('status'), t('noTargetFor', shown.year)],
    [t('latest'), latest ? `${formatNumber(latest.value, indicator.decimals)} ${t(`unit_${indicator.unit}`)} (${latest.period}, ${valueSource(latest.source, latest.coveragePct)})` : t('noValue')],
  ];
  return { title: `${row.unit.name} — ${indicatorName(indicator)}`, lines };
}

function showTip(td) {
  const row = shown.rows.get(td.parentElement.dataset.unit);
  const { title, lines } = describe(row, shown.columns.get(td.dataset.indicator));
  tip.replaceChildren(element('p', 'tip-title', title), definitions(lines));
  tip.hidden = false;
  td.setAttribute('aria-describedby', tip.id);
  // Beside the cell on a wide screen; a phone shows it as a sheet at the bottom (CSS).
  if (narrow.matches) {
    tip.style.left = '';
    tip.style.top = '';
    return;
  }
  const cell = td.getBoundingClientRect();
  const left = Math.max(8, Math.min(cell.left, window.innerWidth - tip.offsetWidth - 8));
  const below = cell.bottom + 6 + tip.offsetHeight < window.innerHeight;
  tip.style.left = `${left}px`;
  tip.style.top = `${below ? cell.bottom + 6 : Math.max(8, cell.top - tip.offsetHeight - 6)}px`;
}

function hideTip() {
  tip.hidden = true;
  table.querySelector('[aria-describedby]')?.removeAttribute('aria-describedby');
}

const cellSelector = (unit, indicator) => `tr[data-unit="${CSS.escape(unit)}"] td[data-indicator="${CSS.escape(indicator)}"]`;

const cellOf = (unit, indicator) => table.querySelector(cellSelector(unit, indicator));

/** The focused cell is the grid's one tab stop, however it got the focus (keys, mouse, script). */
function makeTabStop(td) {
  for (const other of table.querySelectorAll('td[tabindex="0"]')) other.tabIndex = -1;
  td.tabIndex = 0;
}

function open(td) {
  shown.navigate({ view: 'trajectory', unit: td.parentElement.dataset.unit, indicator: td.dataset.indicator }, true);
}

/** Arrow keys move between cells (one tab stop for the whole grid), Enter opens the trajectory. */
function onKey(event) {
  const td = event.target.closest('td[data-indicator]');
  if (!td) return;
  const rows = [...table.querySelectorAll('tr[data-unit]')];
  const cells = (tr) => [...tr.querySelectorAll('td[data-indicator]')];
  let r = rows.indexOf(td.parentElement);
  let c = cells(td.parentElement).indexOf(td);
  switch (event.key) {
    case 'ArrowRight': c += 1; break;
    case 'ArrowLeft': c -= 1; break;
    case 'ArrowDown': r += 1; break;
    case 'ArrowUp': r -= 1; break;
    case 'Home': c = 0; break;
    case 'End': c = cells(td.parentElement).length - 1; break;
    case 'Enter':
    case ' ':
      event.preventDefault();
      open(td);
      return;
    case 'Escape':
      hideTip();
      return;
    default:
      return;
  }
  event.preventDefault();
  const tr = rows[Math.max(0, Math.min(rows.length - 1, r))];
  const row = cells(tr);
  row[Math.max(0, Math.min(row.length - 1, c))].focus();
}

table.addEventListener('keydown', onKey);
table.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-sort]');
  if (button) shown.navigate({ sort: button.dataset.sort });
  const td = event.target.closest('td[data-indicator]');
  if (td) open(td);
});
table.addEventListener('mouseover', (event) => {
  const td = event.target.closest('td[data-indicator]');
  if (td) showTip(td);
});
table.addEventListener('focusin', (event) => {
  const td = event.target.closest('td[data-indicator]');
  if (td) {
    makeTabStop(td);
    showTip(td);
  } else {
    hideTip();
  }
});
table.addEventListener('mouseleave', hideTip);
table.addEventListener('focusout', hideTip);
document.getElementById('heatmap-scroller').addEventListener('scroll', hideTip, { passive: true });

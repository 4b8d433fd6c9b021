// The trajectory of one unit and indicator, drawn as SVG by the page: reported and derived values over time, the
// straight path to each target up to the chosen year, the projection of the observed trend to the end of the
// target year, and the target itself.
import { apiToday, get, getAll, query } from './api.js';
import { definitions, element, svg } from './dom.js';
import { categoryName, formatDate, formatNumber, formatTarget, indicatorName, t } from './i18n.js';
import { statusIcon, targetDetails, valueSource } from './status.js';

const section = document.getElementById('view-trajectory');
const chart = document.getElementById('chart');

/** What the chart shows, and at which width, to draw it again when its width changes. */
let shown = null;
let drawnWidth = 0;

export async function render(state, catalog, view) {
  section.dataset.state = 'loading';
  const unitId = state.unit || catalog.country.id;
  const horizon = Number(state.year);
  const [unit, unitTargets] = await Promise.all([
    get(`/api/v1/units/${encodeURIComponent(unitId)}`),
    getAll(query('/api/v1/attainment', { unit: unitId, asOf: state.asOf, limit: 10000 })),
  ]);
  // Without a chosen indicator, the first one the unit has a target for by the chosen year.
  const code = catalog.byCode.has(state.indicator) ? state.indicator
    : (unitTargets.find((r) => r.year <= horizon) ?? unitTargets[0])?.indicator ?? catalog.indicators[0].code;
  const indicator = catalog.byCode.get(code);
  // The categories the indicator is reported by alone; split by one, the chart has a line per option.
  const categories = catalog.categories.filter((c) => c.indicators.some((i) => i.indicator === code && i.combo === c.code));
  const category = categories.find((c) => c.code === state.category);
  fillControls(catalog, unit, code, categories, category);
  const seriesOf = (disaggregation) => get(query('/api/v1/series', { indicator: code, unit: unit.id, asOf: state.asOf, disaggregation }));
  const [series, groups] = await Promise.all([
    seriesOf(''),
    Promise.all((category?.options ?? []).map(async (option) => {
      const { points, targets } = await seriesOf(`${category.code}:${option.code}`);
      return { name: categoryName(option), points: points.filter((p) => p.value !== null), paths: targets.filter((p) => p.year <= horizon && p.targetValue !== null) };
    })),
  ]);
  if (!view.isCurrent()) return;

  document.getElementById('trajectory-title').textContent = t('chartTitle', unit.nameVi, indicatorName(indicator));
  const rows = unitTargets.filter((r) => r.indicator === code && r.year <= horizon);
  shown = {
    series,
    indicator,
    unitName: unit.nameVi,
    paths: series.targets.filter((p) => p.year <= horizon),
    groups: groups.filter((g) => g.points.length > 0 || g.paths.length > 0),
    horizon,
    until: state.asOf || apiToday(),
  };
  drawChart();
  drawLegend();
  drawTargets(rows, indicator, horizon, optionNames(catalog));
  drawPoints(series.points, indicator);
  section.dataset.state = 'ready';
}

function fillControls(catalog, unit, code, categories, category) {
  const units = document.getElementById('trajectory-unit');
  const known = [catalog.country, ...catalog.provinces];
  if (!known.some((u) => u.id === unit.id)) known.push(unit);
  units.replaceChildren(...known.map((u) => new Option(u.validTo ? `${u.nameVi} (${t('until', formatDate(u.validTo))})` : u.nameVi, u.id)));
  units.value = unit.id;

  const indicators = document.getElementById('indicator');
  indicators.replaceChildren(...catalog.groups.map((group) => {
    const optgroup = document.createElement('optgroup');
    optgroup.label = t(`group_${group}`);
    optgroup.append(...catalog.indicators.filter((i) => i.group === group).map((i) => new Option(indicatorName(i), i.code)));
    return optgroup;
  }));
  indicators.value = code;

  const split = document.getElementById('category');
  split.replaceChildren(new Option(t('noSplit'), ''), ...categories.map((c) => new Option(categoryName(c), c.code)));
  split.value = category?.code ?? '';
}

/** A date as a decimal year, as the API computes trends: 31 December 2025 is 2026.0. */
function decimalYear(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  const days = (Date.UTC(y + 1, 0, 1) - start) / 86400000;
  return y + ((Date.UTC(y, m - 1, d) - start) / 86400000 + 1) / days;
}

/** A round step (1, 2 or 5 times a power of ten) that cuts the span into about `count` parts. */
function niceStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw);
}

function drawChart() {
  const { series, indicator, paths, until, unitName, groups } = shown;
  const points = series.points.filter((p) => p.value !== null);
  const groupPoints = groups.flatMap((g) => g.points);
  const groupTargets = groups.flatMap((g) => g.paths);
  // A target is drawn at the end of its year even without a path; one without a value (a change over a baseline the
  // unit never reported) has nothing to place.
  const xs = [...[...points, ...groupPoints].map((p) => decimalYear(p.periodEnd)), ...[...paths, ...groupTargets].flatMap((p) => p.path.map((q) => decimalYear(q.date))),
    ...[...paths, ...groupTargets].filter((p) => p.targetValue !== null).map((p) => p.year + 1)];
  if (xs.length === 0) {
    chart.replaceChildren(element('p', 'empty-chart', t('noSeries')));
    return;
  }
  drawnWidth = chart.clientWidth;
  const width = Math.max(300, drawnWidth);
  const height = width < 600 ? 300 : 380;
  const margin = { left: 64, right: width < 600 ? 56 : 96, top: 20, bottom: 48 };

  // The projection runs from the last value by the target year's end (and the as-of date) to that year's end.
  const projections = paths.filter((p) => p.projected !== null).map((p) => {
    const end = `${p.year}-12-31`;
    const from = points.filter((x) => x.periodEnd <= (until < end ? until : end)).at(-1);
    return from && from.periodEnd < end ? { from: [decimalYear(from.periodEnd), from.value], to: [p.year + 1, p.projected] } : null;
  }).filter(Boolean);

  const ys = [...[...points, ...groupPoints].map((p) => p.value), ...groupTargets.map((p) => p.targetValue), ...paths.flatMap((p) => [...p.path.map((q) => q.value), p.targetValue, p.upperValue]),
    ...projections.map((p) => p.to[1])].filter((v) => v !== null && v !== undefined);
  // Whole years: a value at the end of 2021 (t = 2022.0) closes the band labelled 2021.
  const x0 = Math.ceil(Math.min(...xs)) - 1;
  const x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  let [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const step = niceStep(hi - lo, 5);
  [lo, hi] = [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
  const sx = (v) => margin.left + ((v - x0) / (x1 - x0)) * (width - margin.left - margin.right);
  const sy = (v) => height - margin.bottom - ((v - lo) / (hi - lo)) * (height - margin.top - margin.bottom);
  const stepDecimals = Math.max(0, -Math.floor(Math.log10(step)));

  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'chart-title chart-desc' });
  root.append(svg('title', { id: 'chart-title' }, t('chartTitle', unitName, indicatorName(indicator))), svg('desc', { id: 'chart-desc' }, t('chartDesc')));

  const grid = svg('g', { class: 'grid' });
  for (let v = lo; v <= hi + step / 2; v += step) {
    grid.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: sy(v), y2: sy(v) }),
      svg('text', { x: margin.left - 8, y: sy(v), class: 'tick y' }, formatNumber(v, stepDecimals)));
  }
  const yearStep = Math.max(1, Math.ceil((x1 - x0) / (width < 600 ? 5 : 12)));
  for (let year = x0; year <= x1; year += yearStep) {
    grid.append(svg('line', { x1: sx(year), x2: sx(year), y1: margin.top, y2: height - margin.bottom, class: 'year' }));
    // A year's label sits in the middle of that year.
    if (year < x1) grid.append(svg('text', { x: sx(year + 0.5), y: height - margin.bottom + 18, class: 'tick x' }, String(year)));
  }
  grid.append(svg('text', { x: (margin.left + width - margin.right) / 2, y: height - 6, class: 'axis-title' }, t('axisYear')),
    svg('text', { x: -(margin.top + height - margin.bottom) / 2, y: 16, transform: 'rotate(-90)', class: 'axis-title' }, t(`unit_${indicator.unit}`)));
  root.append(grid);

  for (const path of paths) {
    if (path.path.length === 2) {
      const [a, b] = path.path;
      root.append(svg('line', { class: `target-path${path.year === shown.horizon ? ' current' : ''}`,
        x1: sx(decimalYear(a.date)), y1: sy(a.value), x2: sx(decimalYear(b.date)), y2: sy(b.value) }));
    }
  }
  for (const p of projections) {
    root.append(svg('line', { class: 'projection', x1: sx(p.from[0]), y1: sy(p.from[1]), x2: sx(p.to[0]), y2: sy(p.to[1]) }),
      svg('circle', { class: 'projected', cx: sx(p.to[0]), cy: sy(p.to[1]), r: 4 }));
  }
  groups.forEach((group, i) => {
    root.append(svg('polyline', { class: `group-line g${i % 5}`, points: group.points.map((p) => `${sx(decimalYear(p.periodEnd))},${sy(p.value)}`).join(' ') }));
    for (const p of group.points) {
      const dot = svg('circle', { class: `group-point g${i % 5}`, cx: sx(decimalYear(p.periodEnd)), cy: sy(p.value), r: 3.5 });
      dot.append(svg('title', {}, `${group.name} ${p.period}: ${formatNumber(p.value, indicator.decimals)} (${valueSource(p.source, p.coveragePct)})`));
      root.append(dot);
    }
  });
  root.append(svg('polyline', { class: 'actual-line', points: points.map((p) => `${sx(decimalYear(p.periodEnd))},${sy(p.value)}`).join(' ') }));
  for (const p of points) root.append(marker(p, sx(decimalYear(p.periodEnd)), sy(p.value), indicator));
  for (const path of paths.filter((p) => p.targetValue !== null)) root.append(targetMarker(path, sx(path.year + 1), sy, indicator));
  groups.forEach((group, i) => {
    for (const path of group.paths) root.append(targetMarker(path, sx(path.year + 1), sy, indicator, group.name, `g${i % 5}`));
  });
  chart.replaceChildren(root);
}

/** A reported value is a filled circle, a derived one a hollow diamond. */
function marker(point, x, y, indicator) {
  const shape = point.source === 'reported'
    ? svg('circle', { cx: x, cy: y, r: 4.5 })
    : svg('path', { d: `M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z` });
  shape.setAttribute('class', `point ${point.source}`);
  shape.dataset.period = point.period;
  shape.append(svg('title', {}, `${point.period}: ${formatNumber(point.value, indicator.decimals)} (${valueSource(point.source, point.coveragePct)})`));
  return shape;
}

/** A target at the end of its year; one of a split line is named by its option and drawn in the line's colour. */
function targetMarker(path, x, sy, indicator, option = null, colour = '') {
  const label = `${t('target', path.year)}${option ? ` · ${option}` : ''}: ${formatTarget(path.comparator, path.targetValue, path.upperValue, indicator.decimals)}`;
  const group = svg('g', { class: `target-marker s-${path.status} ${colour}`.trim(), 'data-value': path.targetValue, 'data-year': path.year });
  if (path.upperValue !== null) group.append(svg('line', { class: 'band', x1: x, x2: x, y1: sy(path.targetValue), y2: sy(path.upperValue) }));
  group.append(svg('circle', { cx: x, cy: sy(path.targetValue), r: 8, class: 'ring' }), svg('circle', { cx: x, cy: sy(path.targetValue), r: 3, class: 'dot' }),
    svg('text', { x: x + 12, y: sy(path.targetValue), class: 'target-label' }, String(path.year)), svg('title', {}, label));
  return group;
}

function drawLegend() {
  const keys = [['reported', 'reportedPoint'], ['derived', 'derivedPoint'], ['path', 'targetPath'], ['projection', 'projection'], ['target', 'targetMarker']];
  const item = (key, text) => {
    const li = document.createElement('li');
    li.append(element('span', `key ${key}`), ` ${text}`);
    li.firstChild.setAttribute('aria-hidden', 'true');
    return li;
  };
  document.getElementById('chart-legend').replaceChildren(...keys.map(([key, text]) => item(key, t(text))),
    ...shown.groups.map((group, i) => item(`group g${i % 5}`, group.name)));
}

/** The names of the options by disaggregation key (sex:female → Nữ), to say what a target card is for. */
function optionNames(catalog) {
  return new Map(catalog.categories.flatMap((c) => c.options.map((o) => [`${c.code}:${o.code}`, categoryName(o)])));
}

function drawTargets(rows, indicator, horizon, names) {
  const cards = rows.map((row) => {
    const card = element('article', 'target-card');
    const heading = element('h3', '', ` ${t('target', row.year)}${row.disaggregation ? ` · ${row.disaggregation.split(';').map((k) => names.get(k) ?? k).join(', ')}` : ''}`);
    heading.prepend(element('span', `swatch cell s-${row.status}`, statusIcon(row.status)));
    card.append(heading, definitions(targetDetails(row, indicator)));
    if (row.explanation) card.append(explanation(row.explanation));
    return card;
  });
  document.getElementById('targets').replaceChildren(...(cards.length > 0 ? cards : [element('p', '', t('noTargetsUpTo', horizon))]));
}

/** Why the unit misses the target and what is done about it. */
function explanation(e) {
  const box = element('aside', `explanation e-${e.status}`);
  const lines = [[t('explanationCause'), t(`cause_${e.cause}`)], [t('explanationText'), e.textVi]];
  if (e.correctiveAction) lines.push([t('correctiveAction'), e.correctiveAction]);
  if (e.agency) lines.push([t('responsibleAgency'), e.agency]);
  if (e.dueDate) lines.push([t('explanationDue'), formatDate(e.dueDate)]);
  lines.push([t('explanationStatus'), t(`explanation_${e.status}`)]);
  box.append(element('h4', '', t('explanation', e.year)), definitions(lines));
  return box;
}

function drawPoints(points, indicator) {
  const head = document.createElement('thead');
  head.insertRow().append(...[t('period'), t('value'), t('kind')].map((text) => {
    const th = element('th', '', text);
    th.scope = 'col';
    return th;
  }));
  const body = document.createElement('tbody');
  for (const p of points) {
    body.insertRow().append(element('td', '', p.period), element('td', 'number', formatNumber(p.value, indicator.decimals)),
      element('td', '', valueSource(p.source, p.coveragePct)));
  }
  document.getElementById('points').replaceChildren(head, body);
}

new ResizeObserver(() => {
  if (shown && !section.hidden && chart.clientWidth !== drawnWidth) drawChart();
}).observe(chart);

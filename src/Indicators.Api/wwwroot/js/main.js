// The dashboard: the state of the view lives in the URL's query string, so every view can be bookmarked and
// shared; each change of a control rewrites the URL and renders the view again from cached API reads.
import { get, getAll } from './api.js';
import { languages, setLanguage, t, translatePage } from './i18n.js';
import * as heatmap from './heatmap.js';
import * as trajectory from './trajectory.js';
import * as compliance from './compliance.js';
import * as tasks from './tasks.js';
import * as approvals from './approvals.js';

const views = { heatmap, trajectory, compliance, tasks, approvals };
const horizons = ['2025', '2030', '2045'];
const groupOrder = ['population', 'workforce', 'infrastructure', 'coverage', 'outcomes', 'prevention', 'primaryCare'];
const defaults = { view: 'heatmap', year: '2030', asOf: '', unit: '', indicator: '', period: '', group: '', lang: 'vi', sort: 'name', disaggregation: '', category: '' };

let state = readState();
let catalog = null;
let generation = 0;

function readState() {
  const search = new URLSearchParams(location.search);
  const read = Object.fromEntries(Object.keys(defaults).map((key) => [key, search.get(key) ?? defaults[key]]));
  const valid = {
    view: read.view in views,
    year: horizons.includes(read.year),
    asOf: read.asOf === '' || /^\d{4}-\d{2}-\d{2}$/.test(read.asOf),
    lang: languages.includes(read.lang),
  };
  for (const [key, ok] of Object.entries(valid)) if (!ok) read[key] = defaults[key];
  return read;
}

/** The URL of a state: only the parameters that differ from the defaults. */
function urlOf(next) {
  const search = new URLSearchParams(Object.entries(next).filter(([key, value]) => value !== defaults[key]));
  return `${location.pathname}${search.size > 0 ? `?${search}` : ''}`;
}

/** Changes the state; a new view is a new history entry (Back returns), a changed filter replaces the entry. */
function navigate(changes, push = false) {
  state = { ...state, ...changes };
  history[push ? 'pushState' : 'replaceState'](null, '', urlOf(state));
  render();
}

async function render() {
  const current = ++generation;
  setLanguage(state.lang);
  translatePage();
  document.title = `${t(state.view)} · ${t('title')}`;
  // The language button is written in the other language.
  document.getElementById('language').lang = state.lang === 'vi' ? 'en' : 'vi';
  for (const name of Object.keys(views)) {
    document.getElementById(`view-${name}`).hidden = name !== state.view;
  }
  for (const tab of document.querySelectorAll('.tabs a')) {
    tab.href = urlOf({ ...state, view: tab.dataset.view });
    if (tab.dataset.view === state.view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const label of document.querySelectorAll('#controls [data-views]')) {
    label.hidden = !label.dataset.views.split(' ').includes(state.view);
  }
  const controls = document.getElementById('controls');
  controls.querySelector('[name=year]').value = state.year;
  controls.querySelector('[name=asOf]').value = state.asOf;

  const message = document.getElementById('message');
  message.textContent = t('loading');
  message.classList.remove('error');
  try {
    catalog ??= await loadCatalog();
    await views[state.view].render(state, catalog, { isCurrent: () => current === generation, navigate, message });
    if (current === generation) message.textContent = '';
  } catch (error) {
    if (current !== generation) return;
    message.textContent = t('error', error.message);
    message.classList.add('error');
  }
}

/** What every view needs: the indicators, the country, today's provinces and the categories of disaggregations. */
async function loadCatalog() {
  const [indicators, country, provinces, categories] = await Promise.all([
    getAll('/api/v1/indicators?limit=10000'),
    get('/api/v1/units/VN'),
    getAll('/api/v1/units?level=province&limit=10000'),
    getAll('/api/v1/categories?limit=10000'),
  ]);
  // Columns and lists go by group, in this order; a group added later comes last.
  const rank = (group) => (groupOrder.includes(group) ? groupOrder.indexOf(group) : groupOrder.length);
  indicators.sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group));
  const groups = [...new Set(indicators.map((i) => i.group))];
  return { indicators, byCode: new Map(indicators.map((i) => [i.code, i])), groups, country, provinces, categories };
}

document.getElementById('controls').addEventListener('change', (event) => {
  if (event.target.name) navigate({ [event.target.name]: event.target.value });
});
document.getElementById('language').addEventListener('click', () => navigate({ lang: state.lang === 'vi' ? 'en' : 'vi' }));
document.querySelector('.tabs').addEventListener('click', (event) => {
  const tab = event.target.closest('a[data-view]');
  if (!tab || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  if (tab.dataset.view !== state.view) navigate({ view: tab.dataset.view }, true);
});
window.addEventListener('popstate', () => {
  state = readState();
  render();
});

render();

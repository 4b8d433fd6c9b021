// Read-only access to the public API: JSON GETs cached for the life of the page, lists followed to their last
// page, and the API key asked for once when reads are protected.
import { askForKey } from './key.js';

const keyStorage = 'indicators.apiKey';
const cache = new Map();

/** GET of an API path such as /api/v1/indicators, answered from the cache when it was read before. */
export function get(path) {
  if (!cache.has(path)) {
    cache.set(path, fetchJson(path).catch((error) => {
      cache.delete(path);
      throw error;
    }));
  }
  return cache.get(path);
}

/** Every item of a paginated list, following nextCursor. */
export async function getAll(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Today as the API counts it when no as-of date is given: the UTC date. */
export const apiToday = () => new Date().toISOString().slice(0, 10);

/** A query string from the parameters that have a value. */
export function query(path, parameters) {
  const search = new URLSearchParams(Object.entries(parameters).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  return `${path}?${search}`;
}

/** Runs the tasks with at most `width` at a time, as many as a browser opens connections to one
 * server, so that hundreds of small reads queue in the page rather than in the browser. */
export async function inPool(tasks, width = 6) {
  const queue = [...tasks];
  const worker = async () => {
    while (queue.length > 0) await queue.shift()();
  };
  await Promise.all(Array.from({ length: width }, worker));
}

async function fetchJson(path) {
  let rejected = false;
  for (;;) {
    const key = sessionStorage.getItem(keyStorage);
    const response = await fetch(path, { headers: key ? { Accept: 'application/json', 'X-Api-Key': key } : { Accept: 'application/json' } });
    if (response.status !== 401) return read(response);
    // Reads are protected (Auth:RequireAuthForReads): ask for a key, keep it only for this tab's session.
    sessionStorage.setItem(keyStorage, await askForKey(rejected || Boolean(key)));
    rejected = true;
  }
}

async function read(response) {
  if (response.ok) return response.json();
  let detail = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json();
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    // Not a problem document: keep the status line.
  }
  throw new Error(detail);
}

// Small DOM helpers. Elements are built with the DOM API, never from HTML strings, so that names from the data
// are always text, and styles come only from classes (the page runs under a Content-Security-Policy).

export function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An SVG element with its attributes (geometry only: the look is in the CSS classes). */
export function svg(name, attributes = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A definition list of [term, detail] pairs. */
export function definitions(pairs) {
  const list = document.createElement('dl');
  for (const [term, detail] of pairs) list.append(element('dt', '', term), element('dd', '', detail));
  return list;
}

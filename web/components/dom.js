// The element builder every view uses. Data reaches the page only as text nodes or attribute values,
// never as HTML.

// Creates <tag> with `attrs` and `children`.
// attrs: `class`, `text` (textContent), `on<event>` functions, `value`/`checked`/`selected`/`disabled`
// set as properties, `hidden` and other booleans as present/absent attributes, anything else with
// setAttribute. null, undefined and false leave an attribute out.
// children: strings, numbers, nodes, nested arrays; null, undefined and false are skipped.
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      element.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'text') {
      element.textContent = String(value);
    } else if (key === 'value') {
      element.value = String(value);
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      element[key] = Boolean(value);
      if (key === 'disabled') element.setAttribute('disabled', '');
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

// Appends strings (as text) and nodes, flattening arrays and skipping empty values.
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

// Replaces everything inside `parent` with `children`.
export function replaceChildren(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  return append(parent, children);
}

let idCounter = 0;

// A fresh id for pairing labels, inputs and error messages.
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

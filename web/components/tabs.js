// Tabs (the WAI-ARIA tabs pattern): a row of tab buttons, one panel shown at a time. The arrow keys move between tabs
// in the reading direction (so in Arabic the left arrow goes to the next tab), Home and End to the first and last.

import { h, uniqueId } from './dom.js';

// tabs: [{key, label, content (nodes), testId}]; selected: the key shown first; onSelect(key) after a change.
// Returns {element, select(key)}.
export function tabSet({ tabs, selected, label, onSelect }) {
  const base = uniqueId('tabs');
  const buttons = [];
  const panels = [];
  const list = h('div', { class: 'tab-list', role: 'tablist', 'aria-label': label || null });
  const element = h('div', { class: 'tabs' }, list);
  let current = tabs.some((tab) => tab.key === selected) ? selected : tabs[0] && tabs[0].key;

  // Where the row scrolls sideways (a narrow screen), the chosen tab is scrolled fully into the row, in either
  // direction; the page itself is not scrolled.
  function showInRow(button) {
    const row = list.getBoundingClientRect();
    const tab = button.getBoundingClientRect();
    if (tab.left < row.left) list.scrollLeft -= row.left - tab.left;
    else if (tab.right > row.right) list.scrollLeft += tab.right - row.right;
  }

  function select(key, focus) {
    current = key;
    tabs.forEach((tab, index) => {
      const on = tab.key === key;
      buttons[index].setAttribute('aria-selected', on ? 'true' : 'false');
      buttons[index].tabIndex = on ? 0 : -1;
      panels[index].hidden = !on;
      if (on && focus) buttons[index].focus();
      if (on) showInRow(buttons[index]);
    });
    if (onSelect) onSelect(key);
  }

  function move(from, step) {
    const index = (from + step + tabs.length) % tabs.length;
    select(tabs[index].key, true);
  }

  tabs.forEach((tab, index) => {
    const tabId = `${base}-tab-${tab.key}`;
    const panelId = `${base}-panel-${tab.key}`;
    const button = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: tabId,
        class: 'tab',
        'aria-controls': panelId,
        'data-test': 'tab-' + (tab.testId || tab.key),
        onclick: () => select(tab.key, false),
      },
      tab.label,
    );
    button.addEventListener('keydown', (event) => {
      const rtl = getComputedStyle(button).direction === 'rtl';
      if (event.key === 'ArrowRight') move(index, rtl ? -1 : 1);
      else if (event.key === 'ArrowLeft') move(index, rtl ? 1 : -1);
      else if (event.key === 'Home') select(tabs[0].key, true);
      else if (event.key === 'End') select(tabs[tabs.length - 1].key, true);
      else return;
      event.preventDefault();
    });
    buttons.push(button);
    list.appendChild(button);
    const panel = h('div', { class: 'tab-panel', role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, tabindex: '0', 'data-test': 'panel-' + (tab.testId || tab.key) }, tab.content);
    panels.push(panel);
    element.appendChild(panel);
  });
  if (current) {
    // Drawn without calling onSelect: nothing has changed yet.
    tabs.forEach((tab, index) => {
      const on = tab.key === current;
      buttons[index].setAttribute('aria-selected', on ? 'true' : 'false');
      buttons[index].tabIndex = on ? 0 : -1;
      panels[index].hidden = !on;
    });
    // Once the row is on the page, where its size is known.
    const chosen = buttons[tabs.findIndex((tab) => tab.key === current)];
    requestAnimationFrame(() => {
      if (chosen.isConnected) showInRow(chosen);
    });
  }
  return { element, select: (key) => select(key, true), current: () => current };
}

// Data tables that scroll sideways on narrow screens instead of squeezing their columns.

import { h } from './dom.js';
import { t } from '../i18n.js';

// A table. columns: [{label, cell(row) → string | node, className}], rows: array of records.
// Options: caption (also names the scrolling region), empty (text when there are no rows), testId.
// Returns {element, addRows(rows)} so a "load more" button can extend it.
export function dataTable({ columns, rows, caption, empty, testId }) {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'data-table', 'data-test': testId || null },
    caption ? h('caption', { class: 'visually-hidden', text: caption }) : null,
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className || null }, column.label)))),
    body,
  );
  const emptyRow = h(
    'tr',
    { class: 'empty-row' },
    h('td', { colspan: String(columns.length), text: empty || t('table.empty') }),
  );
  const wrap = h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': caption || null }, table);

  function addRows(more) {
    if (emptyRow.parentNode) emptyRow.remove();
    for (const row of more) {
      body.appendChild(
        h('tr', {}, columns.map((column) => {
          const value = column.cell(row);
          return h('td', { class: column.className || null }, value === null || value === undefined ? '' : value);
        })),
      );
    }
    if (!body.firstChild) body.appendChild(emptyRow);
  }
  addRows(rows || []);
  return { element: wrap, addRows };
}

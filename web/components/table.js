// Data tables that scroll sideways on narrow screens instead of squeezing their columns.

import { h } from './dom.js';
import { t } from '../i18n.js';

// A table. columns: [{label, cell(row) → string | node, className}], rows: array of records.
// Options: caption (also names the scrolling region), empty (text when there are no rows), testId,
// onRowClick(row) for rows that open a record when clicked anywhere (the row must also hold a link, the
// way there by keyboard), stack (on a phone each row becomes a card, every cell under its column's name,
// instead of scrolling sideways). Returns {element, addRows(rows)} so a "load more" button can extend it.
export function dataTable({ columns, rows, caption, empty, testId, onRowClick, stack }) {
  const body = h('tbody');
  const table = h(
    'table',
    { class: ['data-table', stack ? 'data-table-stack' : null], 'data-test': testId || null },
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
      const tr = h('tr', { class: onRowClick ? 'row-link' : null }, columns.map((column) => {
        const value = column.cell(row);
        return h('td', { class: column.className || null, 'data-label': stack ? column.label : null }, value === null || value === undefined ? '' : value);
      }));
      if (onRowClick) {
        tr.addEventListener('click', (event) => {
          if (event.target.closest('a, button, input, select, textarea, label')) return;
          if (window.getSelection && String(window.getSelection())) return;
          onRowClick(row);
        });
      }
      body.appendChild(tr);
    }
    if (!body.firstChild) body.appendChild(emptyRow);
  }
  addRows(rows || []);
  return { element: wrap, addRows };
}

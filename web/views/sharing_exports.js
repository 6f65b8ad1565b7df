// The log of data exports on the auditors' sharing page (GET /data-exports, auditors only): who took statistics or
// the committee's register away, when, from which unit, in which format and with which filters (the statistics'
// CSV, XLSX and monthly report, the register's spreadsheets, figures attached to an observation as evidence). Newest
// first, more rows by next_cursor. The filters are codes and dates only; they are shown by their names.

import { api } from '../api.js';
import { t, has, formatDateTime, formatCalendarDate, formatNumber, localName } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { codeLabel } from '../components/codes.js';

const PAGE_SIZE = 50;

// What was exported: an indicator of the statistics, the monthly report, the committee's register.
export function exportWhat(what) {
  const key = 'exports.what.' + String(what || '').replace(/^statistics\./, '');
  return has(key) ? t(key) : what || '';
}

// A filter's value by its name: codes by their labels, the rest as written (dates, numbers).
function valueText(name, value) {
  if (name === 'kind') return codeLabel('case_kinds', value) || value;
  if (name === 'governorate') return codeLabel('governorates', value) || value;
  if (name === 'agency') return codeLabel('agencies', value) || value;
  if (name === 'by') return value.split(',').map((d) => (has('statistics.dim.' + d) ? t('statistics.dim.' + d) : d)).join(' × ');
  if (name === 'scope' && has('exports.scope.' + value)) return t('exports.scope.' + value);
  if (name === 'unit_id' && value === '0') return '';
  if ((name === 'from' || name === 'to') && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatCalendarDate(value);
  if (/^\d+$/.test(value)) return formatNumber(Number(value));
  return value;
}

// "from=2026-01-01 to=2026-03-31 by=kind kind= …" as "From: 2026-01-01 · To: … · Breakdown: kind", empty ones left out.
export function filtersText(filters) {
  return String(filters || '').split(/\s+/).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) return null;
    const name = pair.slice(0, at);
    const value = valueText(name, pair.slice(at + 1));
    if (!value || value === '..') return null;
    const label = has('exports.filter.' + name) ? t('exports.filter.' + name) : name;
    return `${label}: ${value}`;
  }).filter(Boolean).join(' · ');
}

function columns() {
  return [
    { label: t('exports.col_at'), className: 'register-date', cell: (e) => formatDateTime(e.at) },
    {
      label: t('exports.col_who'),
      cell: (e) => h('span', {},
        h('bdi', { dir: 'auto', class: 'cell-main', 'data-test': 'export-who', text: e.user_name || e.username || '' }),
        ' — ',
        h('span', { text: localName({ name_ar: e.unit_name_ar, name_en: e.unit_name_en }) || '' })),
    },
    { label: t('exports.col_what'), cell: (e) => h('span', { 'data-test': 'export-what', 'data-what': e.what, text: exportWhat(e.what) }) },
    { label: t('exports.col_format'), cell: (e) => h('span', { class: 'tag tag-muted', 'data-test': 'export-format', 'data-format': e.format, text: has('exports.format.' + e.format) ? t('exports.format.' + e.format) : e.format }) },
    { label: t('exports.col_filters'), cell: (e) => h('span', { 'data-test': 'export-filters', text: filtersText(e.filters) }) },
  ];
}

// The section, its first page read; more on asking.
export function dataExportsSection() {
  const results = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted', text: t('common.loading') }));
  const table = dataTable({ columns: columns(), rows: [], caption: t('exports.title'), empty: t('exports.empty'), testId: 'exports-table', stack: true });
  const count = h('p', { class: 'list-count', 'data-test': 'exports-count' });
  const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'exports-more' }, t('common.load_more'));
  let cursor = null;
  let shown = 0;
  const fetchPage = async () => {
    const answer = await api.get('/data-exports', { limit: PAGE_SIZE, cursor });
    const items = (answer && answer.items) || [];
    table.addRows(items);
    const rows = table.element.querySelectorAll('tbody tr:not(.empty-row)');
    items.forEach((item, index) => rows[shown + index] && rows[shown + index].setAttribute('data-test', 'export-row'));
    shown += items.length;
    count.textContent = t('exports.shown', { count: formatNumber(shown) });
    cursor = (answer && answer.next_cursor) || null;
    more.hidden = !cursor;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await fetchPage();
    } catch (error) {
      replaceChildren(results, banner('error', errorText(error)));
    } finally {
      more.disabled = false;
    }
  });
  fetchPage()
    .then(() => replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more)))
    .catch((error) => replaceChildren(results, banner('error', errorText(error))));
  return h('section', { class: 'sharing-exports', 'aria-labelledby': 'exports-title', 'data-test': 'exports-section' },
    h('h2', { class: 'section-title', id: 'exports-title', text: t('exports.title') }),
    h('p', { class: 'page-lead', text: t('exports.lead') }),
    results);
}

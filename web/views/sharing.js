// The data-sharing log (auditor only): GET /api/v1/data-sharing, every referral and transfer sent and every transfer
// accepted (PDPL 2023 art. 14), newest first, filtered by case and time, more rows by next_cursor. Auditors may not
// read the units (CAP_READ_UNITS) nor open cases, so there is no unit filter and the case reference is plain text.
// Under it, the log of data exports (views/sharing_exports.js).

import { api } from '../api.js';
import { t, has, getLanguage, formatDateTime, formatDate, formatTime, formatNumber, ammanLocalToUtc, localName, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, dateTimeField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { loadCodes } from '../components/codes.js';
import { referenceText } from '../components/cases.js';
import { sectionLabel, consentBasisLabel } from '../components/referrals.js';
import { dataExportsSection } from './sharing_exports.js';

const PAGE_SIZE = 50;
const EMPTY = { case_id: '', from: '', to: '' };
// A case's reference: its kind's letters, the year and the serial (FV-2026-000123), letters in either case.
const REFERENCE = /^[A-Za-z]{2}-\d{4}-\d{6}$/;
const RECORD_ID = /^[1-9][0-9]{0,17}$/;

// The filters, kept while the auditor goes to another page and comes back.
let filters = { ...EMPTY };

const BASIS_CLASS = { consent: 'status-active', override: 'tag-danger', child: null, not_required: 'tag-muted' };

function eventLabel(event) {
  const key = 'sharing.event.' + event;
  return has(key) ? t(key) : event || '';
}

// The basis in a few words, its full explanation as the title; a supervisor's override stands out.
function basisTag(basis) {
  const key = 'sharing.basis.' + basis;
  return h('span', {
    class: ['tag', 'sharing-basis', BASIS_CLASS[basis]],
    'data-test': 'sharing-basis',
    'data-basis': basis,
    title: consentBasisLabel(basis),
    text: has(key) ? t(key) : basis || '',
  });
}

function unitText(row, side) {
  return localName({ name_ar: row[side + '_unit_name_ar'], name_en: row[side + '_unit_name_en'] }) || '#' + row[side + '_unit_id'];
}

// The sending unit, and under it "→ the receiving unit", the arrow pointing the way the text reads.
function unitsCell(row) {
  return h(
    'span',
    { class: 'sharing-units' },
    h('span', { class: 'cell-main', 'data-test': 'sharing-from', text: unitText(row, 'from') }),
    h(
      'span',
      { class: 'cell-main' },
      h('span', { class: 'sharing-arrow', 'aria-hidden': 'true', text: t('sharing.arrow') }),
      h('span', { class: 'visually-hidden', text: t('sharing.arrow_words') }),
      ' ',
      h('span', { 'data-test': 'sharing-to', text: unitText(row, 'to') }),
    ),
  );
}

// The day, and under it the time (Amman's both); the whole as the title.
function timeCell(row) {
  return h(
    'time',
    { datetime: row.at, title: formatDateTime(row.at), 'data-test': 'sharing-at' },
    h('span', { class: 'cell-main', text: formatDate(row.at) }),
    h('span', { class: 'cell-sub', 'data-test': 'sharing-time', text: formatTime(row.at) }),
  );
}

function sectionsCell(row) {
  const sections = Array.isArray(row.sections) ? row.sections : [];
  if (!sections.length) return '—';
  return h('ul', { class: ['tag-list', 'sharing-sections'], 'data-test': 'sharing-sections' }, sections.map((code) => h('li', { class: 'tag tag-muted', 'data-section': code, text: sectionLabel(code) })));
}

// "٣ أشخاص", "1 person": the plural form of the language.
function personsCount(count) {
  let category = 'other';
  try {
    category = new Intl.PluralRules(getLanguage()).select(count);
  } catch {
    // the general form
  }
  const key = 'sharing.persons_count.' + category;
  return t(has(key) ? key : 'sharing.persons_count.other', { count: formatNumber(count) });
}

// How many persons' data went, and their record numbers (to look them up in the audit log).
function personsCell(row) {
  const ids = Array.isArray(row.person_ids) ? row.person_ids : [];
  if (!ids.length) return h('span', { class: 'muted', 'data-test': 'sharing-persons', 'data-count': '0', title: t('sharing.no_persons'), text: '—' });
  return h(
    'span',
    { class: 'sharing-persons', 'data-test': 'sharing-persons', 'data-count': String(ids.length) },
    h('span', { class: 'cell-main', text: personsCount(ids.length) }),
    h('span', { class: 'cell-sub' }, h('bdi', { dir: 'ltr', 'data-test': 'sharing-person-ids', text: ids.map((id) => '#' + id).join(', ') })),
  );
}

// A user name with a break allowed after each dot (amman.supervisor), so that a narrow column need not be wider.
function userNameParts(username) {
  return username.split(/(?<=\.)/).flatMap((part, index) => (index ? [h('wbr'), part] : [part]));
}

function columns() {
  return [
    { label: t('sharing.at'), className: 'nowrap sharing-at-cell', cell: timeCell },
    { label: t('sharing.event'), cell: (row) => h('span', { 'data-test': 'sharing-event', 'data-event': row.event, text: eventLabel(row.event) }) },
    {
      label: t('sharing.case'),
      className: 'nowrap',
      cell: (row) => h(
        'span',
        {},
        referenceText(row.case_reference, 'sharing-case'),
        h('span', { class: 'cell-sub' }, h('bdi', { dir: 'ltr', title: t('sharing.case_id'), 'data-test': 'sharing-case-id', text: '#' + row.case_id })),
      ),
    },
    { label: t('sharing.units'), className: 'sharing-units-cell', cell: unitsCell },
    { label: t('sharing.sections'), cell: sectionsCell },
    { label: t('sharing.persons'), cell: personsCell },
    { label: t('sharing.basis'), cell: (row) => basisTag(row.basis) },
    {
      label: t('sharing.user'),
      cell: (row) => (row.username ? h('bdi', { dir: 'ltr', 'data-test': 'sharing-user' }, userNameParts(row.username)) : h('span', { 'data-test': 'sharing-user', text: '—' })),
    },
  ];
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // The sections then show their codes.
  }
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  const caseId = textField({
    name: 'case_id',
    label: t('sharing.case_id'),
    dir: 'ltr',
    value: filters.case_id,
    hint: t('sharing.case_id_hint'),
    testId: 'sharing-case-filter',
  });
  const from = dateTimeField({ name: 'from', label: t('audit.from'), value: filters.from, hint: t('audit.time_hint'), emptyTime: '00:00', testId: 'sharing-from-filter' });
  const to = dateTimeField({ name: 'to', label: t('audit.to'), value: filters.to, emptyTime: '23:59:59', testId: 'sharing-to-filter' });
  const fields = [caseId, from, to];
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'sharing-results' });

  async function loadResults() {
    // the case by its reference (FV-2026-000123) or by its number
    const wanted = toAsciiDigits(filters.case_id || '').trim();
    const query = {
      case_id: RECORD_ID.test(wanted) ? wanted : '',
      case_reference: REFERENCE.test(wanted) ? wanted : '',
      from: ammanLocalToUtc(filters.from),
      to: ammanLocalToUtc(filters.to),
      limit: PAGE_SIZE,
    };
    const table = dataTable({ columns: columns(), rows: [], caption: t('sharing.title'), empty: t('sharing.empty'), testId: 'sharing-table', stack: true });
    table.element.classList.add('sharing-log');
    let cursor = null;
    let shown = 0;
    const count = h('p', { class: 'list-count', 'data-test': 'sharing-count' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const answer = await api.get('/data-sharing', { ...query, cursor });
      const items = (answer && answer.items) || [];
      table.addRows(items);
      const rows = table.element.querySelectorAll('tbody tr:not(.empty-row)');
      items.forEach((item, index) => {
        const row = rows[shown + index];
        if (!row) return;
        row.setAttribute('data-test', 'sharing-row');
        row.setAttribute('data-id', String(item.id));
        row.setAttribute('data-case-id', String(item.case_id));
        if (item.basis === 'override') row.classList.add('row-override');
      });
      shown += items.length;
      count.textContent = t('sharing.shown', { count: formatNumber(shown) });
      cursor = (answer && answer.next_cursor) || null;
      more.hidden = !cursor;
    };
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        await fetchPage();
      } catch (error) {
        messages.error(error);
      } finally {
        more.disabled = false;
      }
    });
    messages.clear();
    await fetchPage();
    replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more));
  }

  const form = createForm({
    fields,
    submitLabel: t('common.filter'),
    className: 'filter-form',
    testId: 'sharing-filter',
    validate: (values) => {
      const problems = {};
      const wanted = toAsciiDigits(values.case_id || '').trim();
      if (wanted && !RECORD_ID.test(wanted) && !REFERENCE.test(wanted)) problems.case_id = t('sharing.case_id_invalid');
      if (values.from && !ammanLocalToUtc(values.from)) problems.from = t('error.field_invalid');
      if (values.to && !ammanLocalToUtc(values.to)) problems.to = t('error.field_invalid');
      if (!problems.to && values.from && values.to && values.from > values.to) problems.to = t('audit.to_before_from');
      return problems;
    },
    onSubmit: async (values) => {
      filters = values;
      await loadResults();
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-test': 'sharing-clear',
        onclick: async () => {
          filters = { ...EMPTY };
          for (const field of fields) field.setValue('');
          form.clearErrors();
          try {
            await loadResults();
          } catch (error) {
            messages.error(error);
          }
        },
      },
      t('common.clear'),
    ),
  });

  replaceChildren(
    container,
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title', text: t('sharing.title') })),
    h('p', { class: 'page-lead', 'data-test': 'sharing-lead', text: t('sharing.lead', { year: formatNumber(2023), article: formatNumber(14) }) }),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('common.filters') }, form.element),
    results,
    dataExportsSection(),
  );
  try {
    await loadResults();
  } catch (error) {
    // A filter the server refuses names its field; show it beside the field.
    if (context.isCurrent()) form.showError(error);
  }
}

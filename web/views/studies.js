// The social studies the user may see (#/studies, or #/studies/<list> opening that tab), in tabs: My studies
// (mine=true, for those who write them), To review (review=true, for supervisors: the studies submitted in their unit by
// others, with their number) and All I can see; a status filter; newest first with more rows by next_cursor. A search
// of the studies' text (q, folded the Arabic way by the server) lists the studies that match instead, each with the
// section it was found in and the words around it, the matches marked.

import { api } from '../api.js';
import { t, formatNumber, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, selectField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { tabSet } from '../components/tabs.js';
import { loadCodes } from '../components/codes.js';
import { caseHash, kindLabel, referenceText, canRegisterCases, isSupervisor } from '../components/cases.js';
import { STUDY_STATUSES, studyHash, studyStatusTag, templateName, sectionTitleIn, snippetText } from '../components/studies.js';

// The lists, each a tab, that an address may name: #/studies/mine, #/studies/review, #/studies/all.
export const STUDY_LISTS = ['mine', 'review', 'all'];

const PAGE_SIZE = 50;

// The tab, the status and the words searched, kept while the user opens a study and comes back.
let state = { tab: null, status: '', q: '' };

// True when `q` has at least two letters or digits once its marks (diacritics, tatweel) are left out: the server
// refuses a shorter search.
function searchable(q) {
  const letters = (q || '').normalize('NFC').replace(/[\p{M}\u0640]/gu, '').match(/[\p{L}\p{N}]/gu);
  return Boolean(letters && letters.length >= 2);
}

// The query of a tab with the filters.
function query(tab) {
  return {
    mine: tab === 'mine' ? 'true' : '',
    review: tab === 'review' ? 'true' : '',
    status: state.status,
    q: state.q,
  };
}

function caseCell(s) {
  return h(
    'span',
    { class: 'study-case-cell' },
    h('a', { href: caseHash(s.case_id), 'data-test': 'study-case' }, referenceText(s.case_reference)),
    s.case_kind ? h('span', { class: 'cell-sub', text: kindLabel(s.case_kind) }) : null,
  );
}

function columns(templates, searching) {
  return [
    {
      label: t('studies.column.study'),
      cell: (s) => h('a', { href: studyHash(s.id), class: 'study-link', 'data-test': 'study-link', 'data-study-id': String(s.id) }, templateName(s)),
    },
    { label: t('studies.case'), className: 'nowrap', cell: caseCell },
    { label: t('studies.column.status'), cell: (s) => studyStatusTag(s.status) },
    { label: t('studies.column.author'), className: 'nowrap', cell: (s) => h('bdi', { dir: 'auto', 'data-test': 'study-author', text: s.author_name || '' }) },
    searching
      ? {
        label: t('studies.column.found'),
        className: 'cell-found',
        cell: (s) => h(
          'div',
          { class: 'study-found' },
          s.section ? h('span', { class: 'study-found-section', 'data-test': 'study-found-section', 'data-key': s.section, text: sectionTitleIn(templates, s.template, s.section) }) : null,
          snippetText(s.snippet),
        ),
      }
      : { label: t('studies.column.updated'), className: 'nowrap', cell: (s) => h('time', { datetime: s.updated_at, text: formatDateTime(s.updated_at) }) },
  ];
}

// What an empty list says: after a search, with a status, or for the tab.
function emptyText(tab) {
  if (state.q) return t('studies.search_none', { q: state.q });
  if (state.status) return t('studies.empty_status.' + tab, { status: t('studies.status.' + state.status) });
  return t('studies.empty_tab.' + tab);
}

// The rows of one tab, with a count and a "load more" button; fills `results`. Throws ApiError on the first page.
async function loadTab(tab, results, { context, messages, templates }) {
  const searching = Boolean(state.q);
  const table = dataTable({
    columns: columns(templates, searching),
    rows: [],
    caption: t('studies.tab.' + tab),
    empty: emptyText(tab),
    testId: 'studies-table-' + tab,
    stack: true,
    onRowClick: (s) => context.navigate(studyHash(s.id)),
  });
  let cursor = null;
  let shown = 0;
  const count = h('p', { class: 'list-count', 'data-test': 'studies-count' });
  const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
  const fetchPage = async () => {
    const answer = await api.get('/studies', { ...query(tab), limit: PAGE_SIZE, cursor });
    const items = (answer && answer.items) || [];
    table.addRows(items);
    const rows = table.element.querySelectorAll('tbody tr:not(.empty-row)');
    items.forEach((item, index) => {
      const row = rows[shown + index];
      if (!row) return;
      row.setAttribute('data-test', 'study-row');
      row.setAttribute('data-study-id', String(item.id));
    });
    shown += items.length;
    count.textContent = t(searching ? 'studies.search_count' : 'studies.shown', { count: formatNumber(shown) });
    count.hidden = !shown;
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
      more.removeAttribute('disabled');
    }
  });
  await fetchPage();
  if (!context.isCurrent()) return;
  replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more));
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Case kinds then show their codes.
  }
  // the templates name the section a search found its words in
  const templates = await api.get('/study-templates').then((answer) => (answer && answer.items) || [], () => []);
  if (!context.isCurrent()) return;

  const writer = canRegisterCases(context.user);
  const reviewer = isSupervisor(context.user);
  const tabKeys = [writer ? 'mine' : null, reviewer ? 'review' : null, 'all'].filter(Boolean);
  // the list the address names (#/studies/review), else the one shown last, else a supervisor's reviews or the first
  if (tabKeys.includes(context.params.tab)) state.tab = context.params.tab;
  if (!tabKeys.includes(state.tab)) state.tab = reviewer ? 'review' : tabKeys[0];

  const messages = bannerSlot();
  const results = {};
  const loaded = new Set();

  async function show(tab) {
    messages.clear();
    replaceChildren(results[tab], h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
    try {
      await loadTab(tab, results[tab], { context, messages, templates });
      loaded.add(tab);
    } catch (error) {
      if (!context.isCurrent()) return;
      replaceChildren(results[tab]);
      if (error && error.fields && error.fields.q) form.showError(error);
      else messages.error(error, { label: t('common.retry'), onClick: () => show(tab) });
    }
  }

  // --- the search and the status ---
  const q = textField({
    name: 'q',
    label: t('studies.search'),
    type: 'search',
    value: state.q,
    dir: 'auto',
    hint: t('studies.search_hint'),
    placeholder: t('studies.search_placeholder'),
    maxlength: 200,
    testId: 'studies-q',
  });
  q.element.classList.add('field-search');
  const status = selectField({
    name: 'status',
    label: t('studies.column.status'),
    choices: STUDY_STATUSES.map((value) => ({ value, label: t('studies.status.' + value) })),
    emptyLabel: t('common.all'),
    value: state.status,
    testId: 'studies-status',
  });
  const form = createForm({
    fields: [q, status],
    submitLabel: t('common.search'),
    busyLabel: t('studies.searching'),
    className: 'filter-form studies-filters',
    testId: 'studies-search',
    validate: (values) => (values.q && !searchable(values.q) ? { q: t('studies.search_short') } : null),
    onSubmit: async (values) => {
      state = { ...state, q: values.q, status: values.status };
      loaded.clear();
      await show(state.tab);
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-test': 'studies-clear',
        onclick: async () => {
          state = { ...state, q: '', status: '' };
          q.setValue('');
          status.setValue('');
          form.clearErrors();
          loaded.clear();
          await show(state.tab);
          q.focus();
        },
      },
      t('common.clear'),
    ),
  });
  // a new status is applied at once (the search words are kept)
  status.control.addEventListener('change', () => {
    form.element.requestSubmit();
  });

  // --- the tabs ---
  const reviewCount = h('span', { class: 'tab-count', 'data-test': 'review-count', hidden: true });
  const tabs = tabSet({
    label: t('studies.tabs'),
    selected: state.tab,
    tabs: tabKeys.map((tab) => {
      results[tab] = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'studies-results-' + tab });
      return {
        key: tab,
        label: tab === 'review' ? [t('studies.tab.review'), reviewCount] : t('studies.tab.' + tab),
        content: [h('p', { class: 'card-note', text: t('studies.tab_lead.' + tab) }), results[tab]],
      };
    }),
    onSelect: (tab) => {
      state.tab = tab;
      if (!loaded.has(tab)) show(tab);
    },
  });

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('studies.title') }),
    h('p', { class: 'page-lead', text: t('studies.page_lead') }),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('studies.search_title') }, form.element),
    tabs.element,
  );

  // The number of studies waiting for this supervisor's review, on its tab (whatever the filters).
  if (reviewer) {
    api.get('/studies', { review: 'true', limit: PAGE_SIZE })
      .then((answer) => {
        if (!context.isCurrent()) return;
        const waiting = ((answer && answer.items) || []).length;
        if (!waiting) return;
        reviewCount.textContent = answer.next_cursor ? t('studies.count_more', { count: formatNumber(waiting) }) : formatNumber(waiting);
        reviewCount.hidden = false;
      })
      .catch(() => {
        // The tab's own list says what went wrong.
      });
  }
  await show(state.tab);
}

// The case list (#/cases): the cases the user may see, newest first, with filters (kind, stage, risk, governorate,
// overdue, assigned to me, opening dates in Amman), and more rows by next_cursor. A case with a task past due is
// marked: for each page, the same filters with overdue=true from the same cursor say which of its cases are late.

import { api } from '../api.js';
import { t, formatNumber, formatDate, localName } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, selectField, checkboxField, dateField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { loadCodes, codeChoices } from '../components/codes.js';
import { caseHash, kindLabel, referenceText, stageTag, riskTag, overdueTag, canRegisterCases } from '../components/cases.js';

const PAGE_SIZE = 50;
const EMPTY = { q: '', kind: '', stage: '', risk: '', governorate: '', overdue: false, mine: false, opened_from: '', opened_to: '' };

// The filters, kept while the user opens a case and comes back.
let filters = { ...EMPTY };

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then come from web/i18n or show their codes.
  }
  if (!context.isCurrent()) return;

  const messages = bannerSlot();
  // a reference (or its start), a national number, or a person's name as the registry finds it
  const search = textField({ name: 'q', label: t('cases.search'), hint: t('cases.search_hint'), value: filters.q, dir: 'auto', maxlength: 200, testId: 'filter-q' });
  const kind = selectField({ name: 'kind', label: t('cases.field.kind'), choices: codeChoices('case_kinds'), emptyLabel: t('common.all'), value: filters.kind, testId: 'filter-kind' });
  const stage = selectField({ name: 'stage', label: t('cases.stage'), choices: codeChoices('case_stages'), emptyLabel: t('common.all'), value: filters.stage, testId: 'filter-stage' });
  const risk = selectField({ name: 'risk', label: t('cases.field.risk_level'), choices: codeChoices('risk_levels'), emptyLabel: t('common.all'), value: filters.risk, testId: 'filter-risk' });
  const governorate = selectField({ name: 'governorate', label: t('cases.field.governorate'), choices: codeChoices('governorates'), emptyLabel: t('common.all'), value: filters.governorate, testId: 'filter-governorate' });
  const openedFrom = dateField({ name: 'opened_from', label: t('cases.opened_from'), value: filters.opened_from, testId: 'filter-opened-from' });
  const openedTo = dateField({ name: 'opened_to', label: t('cases.opened_to'), value: filters.opened_to, testId: 'filter-opened-to' });
  const overdue = checkboxField({ name: 'overdue', label: t('cases.only_overdue'), value: filters.overdue, testId: 'filter-overdue' });
  const mine = checkboxField({ name: 'mine', label: t('cases.only_mine'), value: filters.mine, testId: 'filter-mine' });
  const fields = [search, kind, stage, risk, governorate, openedFrom, openedTo, overdue, mine];
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'case-results' });

  async function loadResults() {
    const query = {
      q: (filters.q || '').trim(),
      kind: filters.kind,
      stage: filters.stage,
      risk: filters.risk,
      governorate: filters.governorate,
      opened_from: filters.opened_from,
      opened_to: filters.opened_to,
      overdue: filters.overdue ? 'true' : '',
      worker_id: filters.mine ? context.user.id : '',
      limit: PAGE_SIZE,
    };
    let late = new Set();
    const columns = [
      {
        label: t('cases.reference'),
        className: 'nowrap',
        cell: (c) => h(
          'span',
          { class: 'case-ref-cell' },
          h('a', { href: caseHash(c.id), 'data-test': 'case-link', 'data-case-id': String(c.id) }, referenceText(c.reference)),
          late.has(c.id) ? overdueTag() : null,
        ),
      },
      { label: t('cases.field.kind'), cell: (c) => kindLabel(c.kind) },
      {
        label: t('cases.principal_person'),
        cell: (c) => (c.principal ? h('bdi', { dir: 'auto', 'data-test': 'case-principal', text: c.principal.full_name }) : '—'),
      },
      {
        label: t('cases.worker'),
        cell: (c) => (c.worker_name ? h('bdi', { dir: 'auto', 'data-test': 'case-worker', text: c.worker_name }) : h('span', { class: 'muted', text: t('cases.unassigned') })),
      },
      {
        label: t('cases.stage'),
        cell: (c) => h('div', {}, stageTag(c.stage), c.closure_requested ? h('span', { class: 'cell-sub', text: t('cases.closure_requested_short') }) : null),
      },
      { label: t('cases.field.risk_level'), cell: (c) => riskTag(c.risk_level) },
      {
        label: t('cases.unit'),
        cell: (c) => localName({ name_ar: c.unit_name_ar, name_en: c.unit_name_en }) || '—',
      },
      { label: t('cases.opened'), className: 'nowrap', cell: (c) => h('time', { datetime: c.reported_at, text: formatDate(c.reported_at) }) },
    ];
    const table = dataTable({
      columns,
      rows: [],
      caption: t('cases.title'),
      empty: t('cases.empty'),
      testId: 'cases-table',
      stack: true,
      onRowClick: (c) => context.navigate(caseHash(c.id)),
    });
    let cursor = null;
    let shown = 0;
    const count = h('p', { class: 'list-count', 'data-test': 'case-count' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const page = { ...query, cursor };
      const [answer, overdueAnswer] = await Promise.all([
        api.get('/cases', page),
        // The overdue cases among this page's: at most as many as the page holds, from the same cursor.
        filters.overdue ? null : api.get('/cases', { ...page, overdue: 'true' }),
      ]);
      const items = (answer && answer.items) || [];
      const lowest = items.length ? items[items.length - 1].id : 0;
      late = filters.overdue
        ? new Set(items.map((c) => c.id))
        : new Set(((overdueAnswer && overdueAnswer.items) || []).filter((c) => c.id >= lowest).map((c) => c.id));
      table.addRows(items);
      shown += items.length;
      count.textContent = t('cases.shown', { count: formatNumber(shown) });
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
    if (!context.isCurrent()) return;
    replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more));
  }

  const form = createForm({
    fields,
    submitLabel: t('common.filter'),
    className: 'filter-form case-filters',
    testId: 'cases-filter',
    validate: (values) => (values.opened_from && values.opened_to && values.opened_from > values.opened_to ? { opened_to: t('cases.to_before_from') } : null),
    onSubmit: async (values) => {
      filters = { ...values };
      await loadResults();
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-test': 'filter-clear',
        onclick: async () => {
          filters = { ...EMPTY };
          for (const field of fields) field.setValue(EMPTY[field.name]);
          form.clearErrors();
          try {
            await loadResults();
          } catch (error) {
            form.showError(error);
          }
        },
      },
      t('common.clear'),
    ),
  });

  replaceChildren(
    container,
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title', text: t('cases.title') }),
      canRegisterCases(context.user)
        ? h('div', { class: 'page-actions' }, h('a', { href: '#/cases/new', class: 'button button-primary', 'data-test': 'new-case' }, t('cases.new')))
        : null,
    ),
    h('p', { class: 'page-lead', text: t('cases.lead') }),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('common.filters') }, form.element),
    results,
  );
  try {
    await loadResults();
  } catch (error) {
    // A filter the server refuses names its field; show it beside the field.
    form.showError(error);
  }
}

// The person registry's search page: a name as the user would say it, optionally the national number,
// birth year and sex; candidates ranked by GET /api/v1/persons/search with the reasons of each match.

import { api } from '../api.js';
import { t, toAsciiDigits, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, selectField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { loadCodes, codeLabel } from '../components/codes.js';
import { personHash, personName, numberText, birthText, sexLabel, scoreMeter, reasonsList } from '../components/persons.js';

const RESULT_LIMIT = 20;
const EMPTY = { q: '', national_id: '', birth_year: '', sex: '' };

// The last search, kept while the user opens a person and comes back.
let filters = { ...EMPTY };

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Governorate labels then come from web/i18n.
  }
  if (!context.isCurrent()) return;

  const messages = bannerSlot();
  const q = textField({
    name: 'q',
    label: t('persons.search_name'),
    type: 'search',
    value: filters.q,
    dir: 'auto',
    hint: t('persons.search_name_hint'),
    placeholder: t('persons.search_placeholder'),
    testId: 'search-q',
  });
  const nationalId = textField({
    name: 'national_id',
    label: t('persons.national_id'),
    value: filters.national_id,
    dir: 'ltr',
    inputmode: 'numeric',
    maxlength: 20,
    testId: 'search-national-id',
  });
  const birthYear = textField({
    name: 'birth_year',
    label: t('persons.birth_year'),
    value: filters.birth_year,
    dir: 'ltr',
    inputmode: 'numeric',
    maxlength: 4,
    testId: 'search-birth-year',
  });
  const sex = selectField({
    name: 'sex',
    label: t('persons.sex'),
    choices: ['female', 'male'].map((value) => ({ value, label: sexLabel(value) })),
    emptyLabel: t('common.all'),
    value: filters.sex,
    testId: 'search-sex',
  });
  const fields = [q, nationalId, birthYear, sex];
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'search-results' });

  async function loadResults() {
    const answer = await api.get('/persons/search', {
      q: filters.q,
      national_id: toAsciiDigits(filters.national_id),
      birth_year: toAsciiDigits(filters.birth_year),
      sex: filters.sex,
      limit: RESULT_LIMIT,
    });
    if (!context.isCurrent()) return;
    // a sealed record of another unit comes as {sealed: true}: that it exists, nothing of it
    const sealed = ((answer && answer.items) || []).some((hit) => hit.sealed);
    const items = ((answer && answer.items) || []).filter((hit) => hit.person);
    const columns = [
      {
        label: t('persons.full_name'),
        className: 'cell-name',
        cell: (hit) => h('a', { href: personHash(hit.person.id), 'data-test': 'person-link', 'data-person-id': String(hit.person.id) }, personName(hit.person)),
      },
      { label: t('persons.national_id'), className: 'nowrap', cell: (hit) => numberText(hit.person.national_id) || '—' },
      { label: t('persons.birth_year'), cell: (hit) => birthText(hit.person, { short: true }) || '—' },
      { label: t('persons.sex'), cell: (hit) => sexLabel(hit.person.sex) },
      { label: t('persons.governorate'), cell: (hit) => (hit.person.governorate ? codeLabel('governorates', hit.person.governorate) : '—') },
      { label: t('persons.score'), className: 'nowrap', cell: (hit) => scoreMeter(hit.score) },
      { label: t('persons.reasons'), className: 'cell-reasons', cell: (hit) => reasonsList(hit, filters.q) || '—' },
    ];
    const table = dataTable({
      columns,
      rows: items,
      caption: t('persons.results'),
      empty: t('persons.no_results'),
      testId: 'persons-table',
      stack: true,
      onRowClick: (hit) => context.navigate(personHash(hit.person.id)),
    });
    replaceChildren(
      results,
      h('p', { class: 'list-count', 'data-test': 'result-count', text: t('persons.result_count', { count: formatNumber(items.length) }) }),
      answer && answer.truncated ? h('p', { class: 'search-truncated', 'data-test': 'search-truncated', text: t('persons.search_truncated') }) : null,
      sealed ? h('p', { class: 'search-truncated', 'data-test': 'sealed-exists', text: t('records.sealed_exists') }) : null,
      table.element,
      items.length ? null : h('p', { class: 'list-footer' }, h('a', { href: '#/persons/new', class: 'button', 'data-test': 'register-after-search' }, t('persons.new'))),
    );
  }

  const form = createForm({
    fields,
    submitLabel: t('common.search'),
    busyLabel: t('persons.searching'),
    className: 'filter-form search-form',
    testId: 'persons-search',
    validate: (values) => {
      const problems = {};
      if (!values.q && !values.national_id) problems.q = t('persons.search_needs_name');
      if (values.birth_year && !/^[0-9]{4}$/.test(toAsciiDigits(values.birth_year))) problems.birth_year = t('persons.year_invalid');
      if (values.national_id && !/^[0-9]{1,20}$/.test(toAsciiDigits(values.national_id).replace(/[\s-]/g, ''))) problems.national_id = t('persons.national_id_invalid');
      return problems;
    },
    onSubmit: async (values) => {
      filters = { ...values, national_id: toAsciiDigits(values.national_id).replace(/[\s-]/g, '') };
      messages.clear();
      await loadResults();
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: () => {
          filters = { ...EMPTY };
          for (const field of fields) field.setValue('');
          form.clearErrors();
          replaceChildren(results);
          q.focus();
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
      h('h1', { class: 'page-title', text: t('persons.title') }),
      h('div', { class: 'page-actions' }, h('a', { href: '#/persons/new', class: 'button button-primary', 'data-test': 'new-person' }, t('persons.new'))),
    ),
    h('p', { class: 'page-lead', text: t('persons.lead') }),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('persons.search_title') }, form.element),
    results,
  );
  if (filters.q || filters.national_id) {
    try {
      await loadResults();
    } catch (error) {
      form.showError(error);
    }
  } else {
    q.focus();
  }
}

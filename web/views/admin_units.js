// Unit administration (admin only): the list with filters, creating a unit, and editing one.

import { api } from '../api.js';
import { t, localName, formatDateTime, getLanguage } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { textField, selectField, createForm, changedFields } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { loadCodes, codeLabel, codeChoices, loadAllUnits } from '../components/codes.js';
import { homeDataCard, isHomeUnit } from '../components/home_editor.js';

const PAGE_SIZE = 50;

let filters = { type: '', agency: '', governorate: '', status: '' };
let flash = null;

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Fallback labels from web/i18n are used.
  }
  const units = await loadAllUnits();
  if (!context.isCurrent()) return;
  const { mode, id } = context.params;
  if (mode === 'new') return renderCreate(container, context, units);
  if (mode === 'edit') return renderEdit(container, context, units, id);
  return renderList(container, context, units);
}

function statusTag(status) {
  return h('span', { class: ['tag', 'status-' + status], 'data-status': status, text: t('status.' + status) });
}

function pageHeader(title, actions) {
  return h('div', { class: 'page-header' }, h('h1', { class: 'page-title', text: title }), actions ? h('div', { class: 'page-actions' }, actions) : null);
}

function breadcrumb() {
  return h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/units' }, t('units.title')));
}

function statusChoices() {
  return [
    { value: 'active', label: t('status.active') },
    { value: 'closed', label: t('status.closed') },
  ];
}

// Units that may be the parent of `unit` (all units but itself and those below it).
function parentChoices(units, unit) {
  const excluded = new Set();
  if (unit) {
    excluded.add(unit.id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const other of units) {
        if (!excluded.has(other.id) && excluded.has(other.parent_id)) {
          excluded.add(other.id);
          grew = true;
        }
      }
    }
  }
  return units
    .filter((other) => !excluded.has(other.id))
    .map((other) => ({ value: String(other.id), label: `${localName(other)} (\u2066${other.code}\u2069)` }));
}

// The unit's name in the current language, with the other language's name under it.
function unitNameCell(unit) {
  const other = getLanguage() === 'ar' ? 'en' : 'ar';
  return [
    h('span', { class: 'cell-main', text: localName(unit) }),
    h('span', { class: 'cell-sub' }, h('bdi', { lang: other, dir: other === 'ar' ? 'rtl' : 'ltr', text: unit['name_' + other] || '' })),
  ];
}

async function renderList(container, context, units) {
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  const messages = bannerSlot();

  const type = selectField({ name: 'type', label: t('units.type'), choices: codeChoices('unit_types'), emptyLabel: t('common.all'), value: filters.type });
  const agency = selectField({ name: 'agency', label: t('units.agency'), choices: codeChoices('agencies'), emptyLabel: t('common.all'), value: filters.agency });
  const governorate = selectField({ name: 'governorate', label: t('units.governorate'), choices: codeChoices('governorates'), emptyLabel: t('common.all'), value: filters.governorate });
  const status = selectField({ name: 'status', label: t('units.status'), choices: statusChoices(), emptyLabel: t('common.all'), value: filters.status });
  const results = h('div', { class: 'results' });

  async function loadResults() {
    const columns = [
      { label: t('units.code'), cell: (unit) => h('a', { href: '#/admin/units/' + unit.id, dir: 'ltr', 'data-test': 'unit-link', text: unit.code }), className: 'nowrap' },
      { label: t('units.name'), cell: unitNameCell, className: 'cell-wide' },
      { label: t('units.type'), cell: (unit) => codeLabel('unit_types', unit.type) },
      { label: t('units.agency'), cell: (unit) => codeLabel('agencies', unit.agency) },
      { label: t('units.governorate'), cell: (unit) => (unit.governorate ? codeLabel('governorates', unit.governorate) : t('units.national_short')) },
      { label: t('units.parent'), cell: (unit) => (unit.parent_id && unitsById.has(unit.parent_id) ? localName(unitsById.get(unit.parent_id)) : '—') },
      { label: t('units.status'), cell: (unit) => statusTag(unit.status) },
    ];
    let cursor = null;
    const table = dataTable({ columns, rows: [], caption: t('units.title'), empty: t('units.empty'), testId: 'units-table' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const answer = await api.get('/units', { ...filters, limit: PAGE_SIZE, cursor });
      table.addRows(answer.items || []);
      cursor = answer.next_cursor || null;
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
    try {
      await fetchPage();
    } catch (error) {
      replaceChildren(results);
      messages.error(error);
      return;
    }
    replaceChildren(results, table.element, h('div', { class: 'list-footer' }, more));
  }

  const filterForm = createForm({
    fields: [type, agency, governorate, status],
    submitLabel: t('common.filter'),
    className: 'filter-form',
    testId: 'units-filter',
    onSubmit: async (values) => {
      filters = values;
      await loadResults();
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: async () => {
          filters = { type: '', agency: '', governorate: '', status: '' };
          for (const field of [type, agency, governorate, status]) field.setValue('');
          filterForm.clearErrors();
          await loadResults();
        },
      },
      t('common.clear'),
    ),
  });

  replaceChildren(
    container,
    pageHeader(t('units.title'), h('a', { href: '#/admin/units/new', class: 'button button-primary', 'data-test': 'new-unit' }, t('units.new'))),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('common.filters') }, filterForm.element),
    results,
  );
  await loadResults();
  if (flash) messages.show('success', flash);
  flash = null;
}

function nameFields(unit) {
  return {
    nameAr: textField({ name: 'name_ar', label: t('units.name_ar'), required: true, dir: 'rtl', value: unit ? unit.name_ar : '', testId: 'name-ar' }),
    nameEn: textField({ name: 'name_en', label: t('units.name_en'), required: true, dir: 'ltr', value: unit ? unit.name_en : '', testId: 'name-en' }),
  };
}

async function renderCreate(container, context, units) {
  const code = textField({ name: 'code', label: t('units.code'), required: true, dir: 'ltr', spellcheck: false, hint: t('units.code_hint'), testId: 'code' });
  const { nameAr, nameEn } = nameFields(null);
  const type = selectField({ name: 'type', label: t('units.type'), required: true, choices: codeChoices('unit_types'), emptyLabel: t('common.choose'), testId: 'type' });
  const agency = selectField({ name: 'agency', label: t('units.agency'), required: true, choices: codeChoices('agencies'), emptyLabel: t('common.choose'), testId: 'agency' });
  const governorate = selectField({ name: 'governorate', label: t('units.governorate'), choices: codeChoices('governorates'), emptyLabel: t('units.national'), testId: 'governorate' });
  const parent = selectField({ name: 'parent_id', label: t('units.parent'), choices: parentChoices(units, null), emptyLabel: t('units.no_parent'), testId: 'parent' });
  const form = createForm({
    fields: [code, nameAr, nameEn, type, agency, governorate, parent],
    submitLabel: t('units.create'),
    busyLabel: t('common.saving'),
    testId: 'unit-create',
    actions: h('a', { href: '#/admin/units', class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const body = {
        code: values.code,
        name_ar: values.name_ar,
        name_en: values.name_en,
        type: values.type,
        agency: values.agency,
      };
      if (values.governorate) body.governorate = values.governorate;
      if (values.parent_id) body.parent_id = Number(values.parent_id);
      const created = await api.post('/units', body);
      flash = t('units.created', { code: (created && created.code) || body.code });
      context.navigate('#/admin/units');
    },
  });
  replaceChildren(container, breadcrumb(), pageHeader(t('units.new')), h('section', { class: 'card card-form' }, form.element));
  code.focus();
}

async function renderEdit(container, context, units, id) {
  let unit;
  try {
    unit = await api.get('/units/' + id);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(container, breadcrumb(), pageHeader(t('units.title')), banner('error', errorText(error)));
    return;
  }
  if (!context.isCurrent()) return;
  const reloadPage = { label: t('common.reload'), onClick: () => renderEdit(container, context, units, id) };

  const { nameAr, nameEn } = nameFields(unit);
  const type = selectField({ name: 'type', label: t('units.type'), required: true, choices: codeChoices('unit_types'), value: unit.type, testId: 'type' });
  const governorate = selectField({ name: 'governorate', label: t('units.governorate'), choices: codeChoices('governorates'), emptyLabel: t('units.national'), value: unit.governorate || '', testId: 'governorate' });
  const parent = selectField({ name: 'parent_id', label: t('units.parent'), choices: parentChoices(units, unit), emptyLabel: t('units.no_parent'), value: unit.parent_id ? String(unit.parent_id) : '', testId: 'parent' });
  const status = selectField({ name: 'status', label: t('units.status'), required: true, choices: statusChoices(), value: unit.status, testId: 'status' });
  const facts = h('dl', { class: 'details details-compact' });
  function refreshFacts() {
    replaceChildren(
      facts,
      h('div', { class: 'details-row' }, h('dt', { text: t('units.code') }), h('dd', {}, h('bdi', { dir: 'ltr', text: unit.code }))),
      h('div', { class: 'details-row' }, h('dt', { text: t('units.agency') }), h('dd', { text: codeLabel('agencies', unit.agency) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('common.created_at') }), h('dd', { text: formatDateTime(unit.created_at) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('common.updated_at') }), h('dd', { text: formatDateTime(unit.updated_at) })),
    );
  }
  refreshFacts();

  const form = createForm({
    fields: [nameAr, nameEn, type, governorate, parent, status],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'unit-edit',
    errorAction: (error) => (error.code === 'version.conflict' ? reloadPage : undefined),
    onSubmit: async (values) => {
      const changes = changedFields(unit, values);
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      if ('parent_id' in changes && changes.parent_id !== null) changes.parent_id = Number(changes.parent_id);
      unit = await api.patch('/units/' + id, { version: unit.version, ...changes });
      refreshFacts();
      form.banner.show('success', t('common.saved'));
    },
  });

  replaceChildren(
    container,
    breadcrumb(),
    pageHeader(t('units.edit_title', { name: localName(unit) })),
    h('section', { class: 'card card-form' }, facts, form.element),
    isHomeUnit(unit) ? homeDataCard(unit) : null,
  );
}

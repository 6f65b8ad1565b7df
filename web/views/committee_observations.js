// Observations (#/committee/observations[/<id>]): a unit raises one (category, governorate, unit concerned,
// description, evidence, and the references of cases it points to, which only its own workers are given back); the
// list is the unit's own, or every one for the committee and auditors (GET|POST /observations); one observation with
// its history, its raising unit's corrections while it is new and the committee's dismissal with a reason (PATCH
// /observations/{id}, at its version), and the statistics figures attached as evidence (views/committee_groups.js).

import { api } from '../api.js';
import { t, formatDateTime, formatNumber, localName } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, createForm, changedFields } from '../components/form.js';
import { codeChoices, codeLabel } from '../components/codes.js';
import { figuresSection } from './committee_groups.js';
import { CATEGORIES, OBSERVATION_STATUSES, categoryLabel, committeeHash, committeeUnits, isMember, isUnitUser, statusTag, unitChoices } from '../components/committee.js';

// Turns the references typed into case ids, each found by the cases search of the user (an exact reference).
async function caseIds(text) {
  const refs = (text || '').split(/[\s,،]+/).map((x) => x.trim()).filter(Boolean);
  const ids = [];
  for (const ref of refs) {
    const answer = await api.get('/cases', { q: ref, limit: 5 });
    const found = ((answer && answer.items) || []).find((c) => (c.reference || '').toUpperCase() === ref.toUpperCase());
    if (!found) return { missing: ref };
    ids.push(found.id);
  }
  return { ids };
}

function raiseForm(container, context, units) {
  const category = selectField({ name: 'category', label: t('committee.field_category'), required: true, emptyLabel: t('common.choose'), choices: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })), testId: 'observation-category' });
  const governorate = selectField({ name: 'governorate', label: t('committee.field_governorate'), emptyLabel: t('common.choose'), choices: codeChoices('governorates'), testId: 'observation-governorate' });
  const unit = selectField({ name: 'units', label: t('committee.field_unit_concerned'), emptyLabel: t('common.choose'), choices: unitChoices(units), testId: 'observation-unit' });
  const description = textAreaField({ name: 'description', label: t('committee.field_description'), required: true, rows: 4, dir: 'auto', maxlength: 4000, testId: 'observation-description' });
  const evidence = textAreaField({ name: 'evidence', label: t('committee.field_evidence'), hint: t('committee.evidence_hint'), rows: 3, dir: 'auto', maxlength: 4000, testId: 'observation-evidence' });
  const cases = textField({ name: 'case_ids', label: t('committee.field_cases'), hint: t('committee.cases_hint'), dir: 'ltr', testId: 'observation-cases' });
  const form = createForm({
    fields: [category, governorate, unit, description, evidence, cases],
    submitLabel: t('committee.raise'),
    busyLabel: t('common.saving'),
    testId: 'observation-form',
    onSubmit: async (values) => {
      const found = await caseIds(values.case_ids);
      if (found.missing) {
        form.showFieldErrors({ case_ids: t('committee.case_not_found', { reference: found.missing }) });
        return;
      }
      const made = await api.post('/observations', {
        category: values.category,
        governorate: values.governorate || null,
        units: values.units ? [Number(values.units)] : [],
        description: values.description,
        evidence: values.evidence || null,
        case_ids: found.ids,
      });
      context.navigate(committeeHash('observations', made.id));
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'raise-title' }, h('h2', { class: 'card-title', id: 'raise-title', text: t('committee.raise_title') }), form.element);
}

async function renderList(container, context) {
  const user = context.user;
  const status = selectField({ name: 'status', label: t('committee.field_status'), emptyLabel: t('committee.any'), choices: OBSERVATION_STATUSES.map((s) => ({ value: s, label: t('committee.observation_status.' + s) })), testId: 'observations-filter-status' });
  const category = selectField({ name: 'category', label: t('committee.field_category'), emptyLabel: t('committee.any'), choices: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })), testId: 'observations-filter-category' });
  const results = h('div', {});
  const load = async () => {
    const answer = await api.get('/observations', { status: status.getValue() || undefined, category: category.getValue() || undefined });
    if (!context.isCurrent()) return;
    replaceChildren(results, dataTable({
      caption: t('committee.observations_title'),
      testId: 'observations-table',
      stack: true,
      empty: t('committee.observations_none'),
      columns: [
        { label: t('committee.col_observation'), cell: (o) => h('a', { href: committeeHash('observations', o.id), 'data-test': 'observation-link' }, h('bdi', { dir: 'auto', text: o.description })) },
        { label: t('committee.col_raised_by'), cell: (o) => localName({ name_ar: o.unit_name_ar, name_en: o.unit_name_en }) },
        { label: t('committee.field_category'), cell: (o) => categoryLabel(o.category) },
        { label: t('committee.field_governorate'), cell: (o) => codeLabel('governorates', o.governorate) },
        { label: t('committee.col_raised_at'), cell: (o) => formatDateTime(o.created_at) },
        { label: t('committee.field_status'), cell: (o) => statusTag('observation', o.status) },
      ],
      rows: (answer && answer.items) || [],
    }).element);
  };
  status.control.addEventListener('change', () => load().catch((e) => replaceChildren(results, banner('error', errorText(e)))));
  category.control.addEventListener('change', () => load().catch((e) => replaceChildren(results, banner('error', errorText(e)))));
  let units = [];
  if (isUnitUser(user)) units = await committeeUnits().catch(() => []);
  if (!context.isCurrent()) return;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.observations_title') }),
    h('p', { class: 'page-lead', text: t(isMember(user) ? 'committee.observations_lead_committee' : 'committee.observations_lead_unit') }),
    isUnitUser(user) ? raiseForm(container, context, units) : null,
    h('div', { class: 'filters committee-filters' }, status.element, category.element),
    results,
  );
  await load();
}

// The raising unit corrects its observation while the committee has not taken it up.
function editForm(o, context) {
  const category = selectField({ name: 'category', label: t('committee.field_category'), required: true, choices: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })), value: o.category, testId: 'observation-edit-category' });
  const governorate = selectField({ name: 'governorate', label: t('committee.field_governorate'), emptyLabel: t('common.choose'), choices: codeChoices('governorates'), value: o.governorate || '', testId: 'observation-edit-governorate' });
  const description = textAreaField({ name: 'description', label: t('committee.field_description'), required: true, rows: 4, dir: 'auto', maxlength: 4000, value: o.description, testId: 'observation-edit-description' });
  const evidence = textAreaField({ name: 'evidence', label: t('committee.field_evidence'), hint: t('committee.evidence_hint'), rows: 3, dir: 'auto', maxlength: 4000, value: o.evidence || '', testId: 'observation-edit-evidence' });
  const form = createForm({
    fields: [category, governorate, description, evidence],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'observation-edit',
    errorAction: (error) => (error.code === 'version.conflict' ? { label: t('common.reload'), onClick: () => context.navigate(window.location.hash) } : undefined),
    onSubmit: async (values) => {
      const changes = changedFields(o, values);
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      await api.patch(`/observations/${o.id}`, { version: o.version, ...changes });
      context.navigate(window.location.hash);
    },
  });
  return h('details', { class: 'card committee-card', 'data-test': 'observation-edit-card' }, h('summary', { class: 'card-title', text: t('committee.observation_edit_title') }), form.element);
}

async function renderOne(container, context) {
  const o = await api.get(`/observations/${context.id}`);
  const units = o.units.length ? await committeeUnits().catch(() => []) : [];
  // only the raising unit's workers are given the cases back: the unit's own observation
  const own = Array.isArray(o.cases);
  const figures = await figuresSection(o, context, own);
  if (!context.isCurrent()) return;
  const concerned = o.units.map((id) => {
    const unit = units.find((u) => u.id === id);
    return unit ? localName(unit) || unit.name_ar : `#${id}`;
  }).join('، ');
  const rows = [
    [t('committee.col_raised_by'), localName({ name_ar: o.unit_name_ar, name_en: o.unit_name_en })],
    [t('committee.field_category'), categoryLabel(o.category)],
    [t('committee.field_governorate'), codeLabel('governorates', o.governorate) || '—'],
    [t('committee.field_unit_concerned'), concerned || '—'],
    [t('committee.col_raised_at'), formatDateTime(o.created_at)],
    [t('committee.field_status'), statusTag('observation', o.status)],
    [t('committee.field_evidence'), o.evidence || '—'],
    o.dismissed_reason ? [t('committee.field_dismissed_reason'), o.dismissed_reason] : null,
  ].filter(Boolean);
  const cases = o.cases
    ? h('ul', { class: 'plain-list', 'data-test': 'observation-cases' }, o.cases.map((c) => h('li', {}, h('a', { href: `#/cases/${c.case_id}`, dir: 'ltr' }, c.reference))))
    : h('p', { class: 'muted', 'data-test': 'observation-cases-withheld', text: o.case_count ? t('committee.cases_withheld', { count: formatNumber(o.case_count) }) : t('committee.cases_none') });
  let dismiss = null;
  if (isMember(context.user) && ['new', 'on_agenda', 'discussed'].includes(o.status)) {
    const reason = textAreaField({ name: 'dismissed_reason', label: t('committee.field_dismissed_reason'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: 'dismiss-reason' });
    dismiss = createForm({
      fields: [reason],
      submitLabel: t('committee.dismiss'),
      testId: 'dismiss-form',
      onSubmit: async (values) => {
        await api.patch(`/observations/${o.id}`, { version: o.version, status: 'dismissed', dismissed_reason: values.dismissed_reason });
        context.navigate(window.location.hash);
      },
    }).element;
  }
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.observation_title', { id: o.id }) }),
    h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'observation-text', text: o.description }),
    h('dl', { class: 'details' }, rows.map(([label, value]) => h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', {}, value)))),
    h('h2', { class: 'section-title', text: t('committee.field_cases') }),
    cases,
    own && o.status === 'new' ? editForm(o, context) : null,
    figures,
    dismiss ? h('section', { class: 'card committee-card' }, h('h2', { class: 'card-title', text: t('committee.dismiss_title') }), dismiss) : null,
    historyList(o.history),
  );
}

export function historyList(history) {
  return h(
    'section',
    { class: 'committee-history', 'aria-labelledby': 'history-title' },
    h('h2', { class: 'section-title', id: 'history-title', text: t('committee.history_title') }),
    h('ol', { class: 'plain-list', 'data-test': 'committee-history' }, (history || []).map((e) => h('li', {}, `${formatDateTime(e.at)} — ${t('committee.event.' + e.event)}${e.by_name ? ' — ' + e.by_name : ''}`))),
  );
}

export async function renderObservations(container, context) {
  try {
    if (context.id) await renderOne(container, context);
    else await renderList(container, context);
  } catch (error) {
    if (context.isCurrent()) replaceChildren(container, banner('error', errorText(error)));
  }
}

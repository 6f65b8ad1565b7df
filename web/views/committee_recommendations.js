// The recommendations register (#/committee/recommendations[/<id>]) for the committee and auditors, filtered by
// status, agency, governorate, category and due date; a recommendation with its actions, the committee's new
// actions and its status (implemented, will not be implemented or no longer applicable with a reason). The actions
// (#/committee/actions[/<id>]): those due or overdue at the user's unit (or every unit's for the committee), and an
// action with its progress reports, which its owner unit posts (POST /actions/{id}/reports).

import { api } from '../api.js';
import { t, formatDateTime, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, dateField, checkboxField, createForm } from '../components/form.js';
import { codeChoices, codeLabel } from '../components/codes.js';
import { CATEGORIES, RECOMMENDATION_STATUSES, actionsTable, categoryLabel, committeeHash, committeeUnits, dateText, isMember, isReader, isUnitUser, meetingNumber, statusTag, unitChoices, unitLabel } from '../components/committee.js';
import { historyList } from './committee_observations.js';
import { onTimePanel } from './committee_groups.js';

const reload = (context) => context.navigate(window.location.hash);
const guarded = (fn) => async (container, context) => {
  try {
    await fn(container, context);
  } catch (error) {
    if (context.isCurrent()) replaceChildren(container, banner('error', errorText(error)));
  }
};

async function registerPage(container, context) {
  const any = t('committee.any');
  const status = selectField({ name: 'status', label: t('committee.field_status'), emptyLabel: any, choices: RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t('committee.recommendation_status.' + s) })), testId: 'register-status' });
  const agency = selectField({ name: 'agency', label: t('committee.field_agency'), emptyLabel: any, choices: codeChoices('agencies'), testId: 'register-agency' });
  const governorate = selectField({ name: 'governorate', label: t('committee.field_governorate'), emptyLabel: any, choices: codeChoices('governorates'), testId: 'register-governorate' });
  const category = selectField({ name: 'category', label: t('committee.field_category'), emptyLabel: any, choices: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })), testId: 'register-category' });
  const dueFrom = dateField({ name: 'due_from', label: t('committee.field_due_from'), testId: 'register-due-from' });
  const dueTo = dateField({ name: 'due_to', label: t('committee.field_due_to'), testId: 'register-due-to' });
  const results = h('div', {});
  const filters = [status, agency, governorate, category, dueFrom, dueTo];
  // the register as it is filtered, as a spreadsheet (GET /recommendations/export, on the log of data exports)
  const csv = h('a', { class: 'button', download: '', 'data-test': 'register-csv', text: t('committee.export_csv') });
  const xlsx = h('a', { class: 'button', download: '', 'data-test': 'register-xlsx', text: t('committee.export_xlsx') });
  const load = async () => {
    const query = {};
    for (const f of filters) if (f.getValue() && !(f.problem && f.problem())) query[f.name] = f.getValue();
    const search = new URLSearchParams(query).toString();
    csv.href = `/api/v1/recommendations/export?format=csv${search ? '&' + search : ''}`;
    xlsx.href = `/api/v1/recommendations/export?format=xlsx${search ? '&' + search : ''}`;
    const answer = await api.get('/recommendations', query);
    if (!context.isCurrent()) return;
    const items = answer.items || [];
    const counts = RECOMMENDATION_STATUSES.map((s) => `${t('committee.recommendation_status.' + s)}: ${formatNumber(items.filter((r) => r.status === s).length)}`).join(' · ');
    replaceChildren(results, h('p', { class: 'list-count', 'data-test': 'register-count', text: counts }), dataTable({
      caption: t('committee.register_title'),
      testId: 'register-table',
      stack: true,
      empty: t('committee.recommendations_none'),
      columns: [
        { label: t('committee.col_recommendation'), cell: (r) => h('a', { href: committeeHash('recommendations', r.id), 'data-test': 'recommendation-link' }, h('bdi', { dir: 'auto', text: r.text })) },
        { label: t('committee.col_meeting'), cell: (r) => h('bdi', { dir: 'ltr', text: meetingNumber(r.meeting) }) },
        { label: t('committee.field_agency'), cell: (r) => [codeLabel('agencies', r.target_agency), r.target_unit_name_ar ? ` — ${unitLabel(r.target_unit_name_ar, r.target_unit_name_en)}` : ''].join('') },
        { label: t('committee.field_priority'), cell: (r) => t('committee.priority.' + r.priority) },
        { label: t('committee.field_due_on'), cell: (r) => dateText(r.due_on) },
        { label: t('committee.col_actions'), cell: (r) => t('committee.actions_done', { done: formatNumber(r.actions_completed), count: formatNumber(r.action_count) }) },
        { label: t('committee.field_status'), cell: (r) => statusTag('recommendation', r.status) },
      ],
      rows: items,
    }).element);
  };
  const onChange = () => load().catch((e) => replaceChildren(results, banner('error', errorText(e))));
  for (const f of filters) f.control.addEventListener('change', onChange);
  const onTime = await onTimePanel();
  if (!context.isCurrent()) return;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.register_title') }),
    h('p', { class: 'page-lead', text: t('committee.register_lead') }),
    h('div', { class: 'filters committee-filters', 'data-test': 'register-filters' }, filters.map((f) => f.element)),
    h('div', { class: 'page-actions', 'data-test': 'register-exports' }, csv, ' ', xlsx),
    results,
    onTime,
  );
  await load();
}

function actionForm(r, context, units) {
  const text = textAreaField({ name: 'text', label: t('committee.field_action'), required: true, rows: 2, dir: 'auto', maxlength: 4000, testId: 'action-text' });
  const owner = selectField({ name: 'owner_unit_id', label: t('committee.field_owner'), required: true, emptyLabel: t('common.choose'), choices: unitChoices(units), testId: 'action-owner' });
  const responsible = textField({ name: 'responsible', label: t('committee.field_responsible'), required: true, maxlength: 200, dir: 'auto', testId: 'action-responsible' });
  const due = dateField({ name: 'due_on', label: t('committee.field_due_on'), required: true, testId: 'action-due' });
  const form = createForm({
    fields: [text, owner, responsible, due],
    submitLabel: t('committee.action_add'),
    testId: 'action-form',
    onSubmit: async (values) => {
      await api.post(`/recommendations/${r.id}/actions`, { ...values, owner_unit_id: Number(values.owner_unit_id) });
      reload(context);
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'action-add-title' }, h('h2', { class: 'card-title', id: 'action-add-title', text: t('committee.action_add_title') }), form.element);
}

function stateForm(r, context) {
  const choices = (r.state === 'open' ? ['implemented', 'not_implemented', 'not_applicable'] : ['open']).map((s) => ({ value: s, label: t('committee.state.' + s) }));
  const state = selectField({ name: 'state', label: t('committee.field_state'), required: true, choices, value: choices[0].value, testId: 'recommendation-state' });
  const reason = textAreaField({ name: 'state_reason', label: t('committee.field_state_reason'), hint: t('committee.state_reason_hint'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'recommendation-reason' });
  const form = createForm({
    fields: [state, reason],
    submitLabel: t('common.save'),
    testId: 'recommendation-state-form',
    onSubmit: async (values) => {
      await api.patch(`/recommendations/${r.id}`, { version: r.version, state: values.state, state_reason: values.state_reason || null });
      reload(context);
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'state-title' }, h('h2', { class: 'card-title', id: 'state-title', text: t('committee.state_title') }), form.element);
}

async function recommendationPage(container, context) {
  const r = await api.get(`/recommendations/${context.id}`);
  const member = isMember(context.user);
  const units = member && r.state === 'open' ? await committeeUnits().catch(() => []) : [];
  if (!context.isCurrent()) return;
  const rows = [
    [t('committee.field_status'), statusTag('recommendation', r.status)],
    [t('committee.col_meeting'), isReader(context.user) ? h('a', { href: committeeHash('meetings', r.meeting_id), dir: 'ltr' }, meetingNumber(r.meeting)) : meetingNumber(r.meeting)],
    [t('committee.field_agency'), codeLabel('agencies', r.target_agency)],
    [t('committee.field_target_unit'), r.target_unit_name_ar ? unitLabel(r.target_unit_name_ar, r.target_unit_name_en) : '—'],
    [t('committee.field_priority'), t('committee.priority.' + r.priority)],
    [t('committee.field_due_on'), dateText(r.due_on)],
    r.category ? [t('committee.field_category'), categoryLabel(r.category)] : null,
    r.governorate ? [t('committee.field_governorate'), codeLabel('governorates', r.governorate)] : null,
    r.state_reason ? [t('committee.field_state_reason'), r.state_reason] : null,
  ].filter(Boolean);
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.recommendation_title', { id: r.id }) }),
    h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'recommendation-body', text: r.text }),
    h('dl', { class: 'details' }, rows.map(([label, value]) => h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', {}, value)))),
    h('h2', { class: 'section-title', text: t('committee.actions_title') }),
    actionsTable(r.actions, { testId: 'recommendation-actions' }),
    member && r.state === 'open' ? actionForm(r, context, units) : null,
    member ? stateForm(r, context) : null,
    historyList(r.history),
  );
}

async function actionsPage(container, context) {
  const all = isReader(context.user) && !isUnitUser(context.user);
  const answer = await api.get('/actions', { scope: all ? 'all' : 'mine' });
  if (!context.isCurrent()) return;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t(all ? 'committee.actions_due_all' : 'committee.actions_due_mine') }),
    h('p', { class: 'page-lead', text: t('committee.actions_due_lead') }),
    actionsTable(answer.items || [], { testId: 'actions-due', withRecommendation: true }),
  );
}

async function actionPage(container, context) {
  const a = await api.get(`/actions/${context.id}`);
  if (!context.isCurrent()) return;
  const owner = isUnitUser(context.user) && context.user.unit_id === a.owner_unit_id;
  let form = null;
  if (owner && !a.completed_on) {
    const text = textAreaField({ name: 'text', label: t('committee.field_report'), required: true, rows: 3, dir: 'auto', maxlength: 4000, testId: 'report-text' });
    const completed = checkboxField({ name: 'completed', label: t('committee.field_completed'), testId: 'report-completed' });
    form = createForm({
      fields: [text, completed],
      submitLabel: t('committee.report_add'),
      testId: 'report-form',
      onSubmit: async (values) => {
        await api.post(`/actions/${a.id}/reports`, values);
        reload(context);
      },
    }).element;
  }
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.action_title', { id: a.id }) }),
    h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'action-body', text: a.text }),
    h('dl', { class: 'details' },
      [
        [t('committee.col_recommendation'), h('a', { href: committeeHash('recommendations', a.recommendation_id) }, a.recommendation_text || '')],
        [t('committee.col_owner'), unitLabel(a.owner_unit_name_ar, a.owner_unit_name_en)],
        [t('committee.col_responsible'), a.responsible],
        [t('committee.field_due_on'), dateText(a.due_on)],
        [t('committee.col_state'), statusTag('action', a.state)],
      ].map(([label, value]) => h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', {}, value)))),
    h('h2', { class: 'section-title', text: t('committee.reports_title') }),
    a.reports.length
      ? h('ol', { class: 'plain-list committee-reports', 'data-test': 'action-reports' }, a.reports.map((p) => h('li', { 'data-test': 'action-report' },
        h('p', { class: 'committee-text', dir: 'auto', text: p.text }),
        h('p', { class: 'muted', text: `${formatDateTime(p.reported_at)} — ${p.reported_by_name || ''}${p.completed ? ' — ' + t('committee.report_completed') : ''}` }))))
      : h('p', { class: 'muted', text: t('committee.reports_none') }),
    form ? h('section', { class: 'card committee-card' }, h('h2', { class: 'card-title', text: t('committee.report_title') }), form) : null,
  );
}

export const renderRecommendations = guarded((container, context) => (context.id ? recommendationPage(container, context) : registerPage(container, context)));
export const renderActions = guarded((container, context) => (context.id ? actionPage(container, context) : actionsPage(container, context)));

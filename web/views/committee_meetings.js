// Meetings (#/committee/meetings[/<id>]): the list, numbered per year, and the secretary's planning of one
// (GET|POST /meetings); a meeting with its members present and absent, its agenda (items carried from an earlier
// meeting marked), the secretary's opening, closing, attendance and agenda, the approval of an earlier meeting's
// minutes while this one sits, the members' outcomes and recommendations while it is open, and its minutes as a PDF
// made by the server (GET /meetings/{id}/minutes).

import { api } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText, bannerSlot } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, dateField, checkboxField, createForm } from '../components/form.js';
import { modalDialog } from '../components/dialog.js';
import { codeChoices, codeLabel } from '../components/codes.js';
import { PRIORITIES, committeeHash, committeeUnits, dateText, isMember, meetingNumber, statusTag, unitChoices } from '../components/committee.js';
import { historyList } from './committee_observations.js';
import { meetingGroupsSection } from './committee_groups.js';

const reload = (context) => context.navigate(window.location.hash);

function planForm(context) {
  const held = dateField({ name: 'held_on', label: t('committee.field_held_on'), required: true, testId: 'meeting-date' });
  const place = textField({ name: 'place', label: t('committee.field_place'), required: true, maxlength: 200, dir: 'auto', testId: 'meeting-place' });
  const form = createForm({
    fields: [held, place],
    submitLabel: t('committee.plan'),
    busyLabel: t('common.saving'),
    testId: 'meeting-form',
    onSubmit: async (values) => {
      const made = await api.post('/meetings', values);
      context.navigate(committeeHash('meetings', made.id));
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'plan-title' }, h('h2', { class: 'card-title', id: 'plan-title', text: t('committee.plan_title') }), form.element);
}

async function renderList(container, context) {
  const [answer, members] = await Promise.all([api.get('/meetings'), api.get('/committee/members')]);
  if (!context.isCurrent()) return;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.meetings_title') }),
    h('p', { class: 'page-lead', text: t('committee.meetings_lead') }),
    members.secretary ? planForm(context) : null,
    dataTable({
      caption: t('committee.meetings_title'),
      testId: 'meetings-table',
      stack: true,
      empty: t('committee.meetings_none'),
      columns: [
        { label: t('committee.col_meeting'), cell: (m) => h('a', { href: committeeHash('meetings', m.id), 'data-test': 'meeting-link', dir: 'ltr' }, meetingNumber(m)) },
        { label: t('committee.field_held_on'), cell: (m) => dateText(m.held_on) },
        { label: t('committee.field_place'), cell: (m) => m.place },
        { label: t('committee.field_status'), cell: (m) => statusTag('meeting', m.status) },
        { label: t('committee.col_minutes'), cell: (m) => (m.minutes_approved ? t('committee.minutes_approved_in', { number: meetingNumber(m.minutes_approved_in) }) : t('committee.minutes_pending')) },
      ],
      rows: answer.items || [],
    }).element,
  );
}

// The dialog of an item's outcome: information or a decision, with its text.
function outcomeDialog(meeting, item, context, parent) {
  const outcome = selectField({ name: 'outcome', label: t('committee.field_outcome'), required: true, choices: ['decision', 'information'].map((o) => ({ value: o, label: t('committee.outcome.' + o) })), value: 'decision', testId: 'outcome-kind' });
  const text = textAreaField({ name: 'text', label: t('committee.field_outcome_text'), required: true, rows: 4, dir: 'auto', maxlength: 4000, value: item.outcome_text || '', testId: 'outcome-text' });
  let dialog;
  const form = createForm({
    fields: [outcome, text],
    submitLabel: t('common.save'),
    testId: 'outcome-form',
    onSubmit: async (values) => {
      await api.post(`/meetings/${meeting.id}/agenda/${item.id}/outcome`, { version: item.version, ...values });
      dialog.close();
      reload(context);
    },
  });
  dialog = modalDialog({ title: t('committee.outcome_title'), lead: item.title, content: form.element, testId: 'outcome-dialog' });
  dialog.open(parent, outcome.control);
}

// The dialog of a recommendation made on an item, with its target, priority and due date.
async function recommendationDialog(item, context, parent) {
  const units = await committeeUnits().catch(() => []);
  const text = textAreaField({ name: 'text', label: t('committee.field_recommendation'), required: true, rows: 3, dir: 'auto', maxlength: 4000, testId: 'recommendation-text' });
  const agency = selectField({ name: 'target_agency', label: t('committee.field_agency'), required: true, emptyLabel: t('common.choose'), choices: codeChoices('agencies'), testId: 'recommendation-agency' });
  const unit = selectField({ name: 'target_unit_id', label: t('committee.field_target_unit'), emptyLabel: t('common.choose'), choices: [], testId: 'recommendation-unit' });
  agency.control.addEventListener('change', () => unit.setChoices([{ value: '', label: t('common.choose') }, ...unitChoices(units, agency.getValue())], ''));
  const priority = selectField({ name: 'priority', label: t('committee.field_priority'), required: true, choices: PRIORITIES.map((p) => ({ value: p, label: t('committee.priority.' + p) })), value: 'medium', testId: 'recommendation-priority' });
  const due = dateField({ name: 'due_on', label: t('committee.field_due_on'), required: true, testId: 'recommendation-due' });
  let dialog;
  const form = createForm({
    fields: [text, agency, unit, priority, due],
    submitLabel: t('common.save'),
    testId: 'recommendation-form',
    onSubmit: async (values) => {
      const made = await api.post('/recommendations', { ...values, item_id: item.id, target_unit_id: values.target_unit_id ? Number(values.target_unit_id) : null });
      dialog.close();
      context.navigate(committeeHash('recommendations', made.id));
    },
  });
  dialog = modalDialog({ title: t('committee.recommendation_new'), lead: item.title, content: form.element, testId: 'recommendation-dialog' });
  dialog.open(parent, text.control);
}

function agendaForm(meeting, context, observations, recommendations) {
  const kind = selectField({ name: 'kind', label: t('committee.field_item_kind'), required: true, choices: ['observation', 'review', 'other'].map((k) => ({ value: k, label: t('committee.item_kind.' + k) })), value: 'observation', testId: 'agenda-kind' });
  const observation = selectField({ name: 'observation_id', label: t('committee.field_observation'), emptyLabel: t('common.choose'), choices: observations.map((o) => ({ value: String(o.id), label: `${o.description.slice(0, 90)}` })), testId: 'agenda-observation' });
  const recommendation = selectField({ name: 'recommendation_id', label: t('committee.col_recommendation'), emptyLabel: t('common.choose'), choices: recommendations.map((r) => ({ value: String(r.id), label: `${r.text.slice(0, 90)}` })), testId: 'agenda-recommendation' });
  const title = textField({ name: 'title', label: t('committee.field_item_title'), maxlength: 1000, dir: 'auto', testId: 'agenda-title' });
  const sync = () => {
    observation.element.hidden = kind.getValue() !== 'observation';
    recommendation.element.hidden = kind.getValue() !== 'review';
  };
  kind.control.addEventListener('change', sync);
  sync();
  const required = (values) => {
    if (values.kind === 'observation' && !values.observation_id) return { observation_id: t('form.field_required') };
    if (values.kind === 'review' && !values.recommendation_id) return { recommendation_id: t('form.field_required') };
    if (values.kind === 'other' && !values.title) return { title: t('form.field_required') };
    return {};
  };
  const form = createForm({
    fields: [kind, observation, recommendation, title],
    submitLabel: t('committee.agenda_add'),
    testId: 'agenda-form',
    validate: required,
    onSubmit: async (values) => {
      await api.post(`/meetings/${meeting.id}/agenda`, {
        kind: values.kind,
        observation_id: values.kind === 'observation' ? Number(values.observation_id) : null,
        recommendation_id: values.kind === 'review' ? Number(values.recommendation_id) : null,
        title: values.title || null,
      });
      reload(context);
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'agenda-add-title' }, h('h2', { class: 'card-title', id: 'agenda-add-title', text: t('committee.agenda_add_title') }), form.element);
}

function attendanceForm(meeting, context) {
  const boxes = meeting.members.map((m) => checkboxField({ name: 'present_' + m.user_id, label: `${m.name} — ${codeLabel('agencies', m.agency)}`, value: m.present, testId: 'member-present' }));
  const form = createForm({
    fields: boxes,
    submitLabel: t('committee.attendance_save'),
    testId: 'attendance-form',
    onSubmit: async (values) => {
      const present = meeting.members.filter((m) => values['present_' + m.user_id]).map((m) => m.user_id);
      await api.patch(`/meetings/${meeting.id}`, { version: meeting.version, present });
      reload(context);
    },
  });
  return form.element;
}

async function renderOne(container, context) {
  const [meeting, members, all, recs] = await Promise.all([
    api.get(`/meetings/${context.id}`),
    api.get('/committee/members'),
    api.get('/meetings'),
    api.get('/recommendations'),
  ]);
  const secretary = members.secretary && isMember(context.user);
  const member = isMember(context.user);
  const open = meeting.status === 'open';
  const observations = secretary && meeting.status !== 'closed'
    ? ((await api.get('/observations')).items || []).filter((o) => o.status === 'new' || o.status === 'discussed')
    : [];
  const groups = await meetingGroupsSection(meeting, context);
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  const act = (action, extra = {}, target = meeting) => async () => {
    try {
      await api.post(`/meetings/${target.id}/transitions`, { action, version: target.version, ...extra });
      reload(context);
    } catch (error) {
      messages.error(error);
    }
  };
  const button = (label, onclick, testId) => h('button', { type: 'button', class: 'button', 'data-test': testId, onclick }, label);
  const pending = (all.items || []).filter((m) => m.status === 'closed' && !m.minutes_approved && m.id !== meeting.id && m.held_on <= meeting.held_on);
  const controls = secretary
    ? [
        meeting.status === 'planned' ? button(t('committee.open'), act('open'), 'meeting-open') : null,
        open ? button(t('committee.close'), act('close'), 'meeting-close') : null,
        ...(open ? pending.map((p) => button(t('committee.approve_minutes', { number: meetingNumber(p) }), act('approve_minutes', { at_meeting_id: meeting.id }, p), 'approve-minutes')) : []),
      ].filter(Boolean)
    : [];
  const byItem = new Map();
  for (const r of recs.items || []) if (r.item_id) byItem.set(r.item_id, [...(byItem.get(r.item_id) || []), r]);
  const agenda = h('ol', { class: 'committee-agenda', 'data-test': 'agenda' }, meeting.agenda.map((item) => h(
    'li',
    { class: 'committee-item', 'data-test': 'agenda-item', 'data-kind': item.kind },
    h('p', { class: 'committee-item-head' },
      h('span', { class: 'tag tag-muted', text: t('committee.item_kind.' + item.kind) }),
      item.carried ? h('span', { class: 'tag status-warning', 'data-test': 'item-carried', text: t('committee.carried_from', { number: meetingNumber(item.carried_from_meeting) }) }) : null),
    h('p', { class: 'committee-text', dir: 'auto', text: item.title }),
    item.observation_id ? h('p', {}, h('a', { href: committeeHash('observations', item.observation_id) }, t('committee.open_observation'))) : null,
    item.fact_finding_id ? h('p', {}, h('a', { href: committeeHash('fact-finding', item.fact_finding_id), 'data-test': 'item-group' }, t('committee.open_group'))) : null,
    h('p', { class: 'committee-outcome', 'data-test': 'item-outcome', 'data-outcome': item.outcome || '' },
      h('strong', { text: `${t('committee.field_outcome')}: ` }), item.outcome ? t('committee.outcome.' + item.outcome) : t('committee.outcome_none')),
    item.outcome_text ? h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'item-outcome-text', text: item.outcome_text }) : null,
    (byItem.get(item.id) || []).length
      ? h('ul', { class: 'plain-list' }, byItem.get(item.id).map((r) => h('li', {}, h('a', { href: committeeHash('recommendations', r.id), 'data-test': 'item-recommendation' }, r.text))))
      : null,
    open && member
      ? h('p', { class: 'committee-item-actions' },
        item.outcome !== 'recommendations' ? button(t('committee.outcome_record'), () => outcomeDialog(meeting, item, context, container), 'item-outcome-button') : null,
        ' ',
        button(t('committee.recommendation_add'), () => recommendationDialog(item, context, container), 'item-recommend-button'))
      : null,
  )));
  const present = meeting.members.filter((m) => m.present);
  const absent = meeting.members.filter((m) => !m.present);
  const who = (list) => (list.length ? list.map((m) => `${m.name} (${codeLabel('agencies', m.agency)})`).join('، ') : '—');
  replaceChildren(
    container,
    h('h1', { class: 'page-title' }, t('committee.meeting_title'), ' ', h('bdi', { dir: 'ltr', text: meetingNumber(meeting) })),
    messages.element,
    h('dl', { class: 'details' },
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.field_held_on') }), h('dd', {}, dateText(meeting.held_on))),
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.field_place') }), h('dd', { text: meeting.place })),
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.field_status') }), h('dd', {}, statusTag('meeting', meeting.status))),
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.col_minutes') }), h('dd', { 'data-test': 'minutes-state', text: meeting.minutes_approved ? t('committee.minutes_approved_in', { number: meetingNumber(meeting.minutes_approved_in) }) : t('committee.minutes_pending') })),
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.present') }), h('dd', { 'data-test': 'members-present', text: who(present) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('committee.absent') }), h('dd', { 'data-test': 'members-absent', text: who(absent) }))),
    h('p', { class: 'committee-controls' },
      h('a', { class: 'button', href: `/api/v1/meetings/${meeting.id}/minutes`, download: `minutes-${meeting.year}-${meeting.number}.pdf`, 'data-test': 'minutes-pdf' }, t('committee.minutes_pdf')),
      ...controls.flatMap((c) => [' ', c])),
    secretary && !meeting.minutes_approved
      ? h('details', { class: 'committee-attendance' }, h('summary', { text: t('committee.attendance_title') }), attendanceForm(meeting, context))
      : null,
    h('h2', { class: 'section-title', text: t('committee.agenda_title', { count: formatNumber(meeting.agenda.length) }) }),
    meeting.agenda.length ? agenda : h('p', { class: 'muted', text: t('committee.agenda_none') }),
    secretary && meeting.status !== 'closed' ? agendaForm(meeting, context, observations, (recs.items || []).filter((r) => r.state === 'open')) : null,
    groups,
    historyList(meeting.history),
  );
}

export async function renderMeetings(container, context) {
  try {
    if (context.id) await renderOne(container, context);
    else await renderList(container, context);
  } catch (error) {
    if (context.isCurrent()) replaceChildren(container, banner('error', errorText(error)));
  }
}

// The records kept in a case, each a tab of the case page: incidents (family violence), notes and visits with the
// schedule of planned follow-ups, and the history of every change in words. Adding an incident or a note, or planning,
// recording or cancelling a follow-up, calls onChanged(message), which draws the page again.

import { api } from '../api.js';
import { t, tOr, formatDateTime, formatCalendarDate, formatNumber, ammanToday, toAsciiDigits } from '../i18n.js';
import { h } from './dom.js';
import { textField, textAreaField, selectField, checkboxGroup, groupField, dateField, createForm } from './form.js';
import { modalDialog } from './dialog.js';
import { codeLabel, codeChoices } from './codes.js';
import { stageLabel, personRoleLabel, assignmentRoleLabel, overdueTag } from './cases.js';
import { consentBasisLabel } from './referrals.js';
import { incidentCorrection } from './case_plans.js';
import { keepDraft } from './drafts.js';

function dayText(value) {
  return h('time', { datetime: value, text: formatCalendarDate(value) });
}

function userText(name) {
  return name ? h('bdi', { dir: 'auto', class: 'record-user', text: name }) : h('span', { class: 'muted', text: t('cases.someone') });
}

function addSection(titleKey, form, testId) {
  return h(
    'section',
    { class: 'card record-add', 'data-test': testId },
    h('h3', { class: 'sub-title', text: t(titleKey) }),
    form.element,
  );
}

function detailRow(label, value, testId) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
  return h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
}

// --- Incidents ---

function incidentItem(incident) {
  return h(
    'li',
    { class: 'record', 'data-test': 'incident' },
    h(
      'div',
      { class: 'record-head' },
      h('span', { class: 'record-title' }, dayText(incident.occurred_on)),
      h('ul', { class: 'tag-list', 'data-test': 'incident-types' }, (incident.violence_types || []).map((type) => h('li', { class: 'tag tag-danger', 'data-type': type, text: codeLabel('violence_types', type) }))),
    ),
    h(
      'dl',
      { class: 'details details-compact' },
      detailRow(t('cases.incident.relationship'), codeLabel('perpetrator_relationships', incident.perpetrator_relationship)),
      detailRow(t('cases.field.legal_class'), codeLabel('legal_classes', incident.legal_class)),
      detailRow(t('cases.incident.identified_by'), codeLabel('identified_by', incident.identified_by)),
      detailRow(t('cases.incident.place'), incident.place ? h('bdi', { dir: 'auto', text: incident.place }) : null),
      detailRow(t('cases.incident.description'), incident.description ? h('p', { class: 'notes-text', dir: 'auto', text: incident.description }) : null),
    ),
    h('p', { class: 'record-meta', text: t('cases.recorded_at', { when: formatDateTime(incident.created_at) }) }),
  );
}

function incidentForm(c, onChanged) {
  const occurred = dateField({ name: 'occurred_on', label: t('cases.incident.occurred_on'), required: true, value: ammanToday(), max: ammanToday(), testId: 'incident-date' });
  const types = checkboxGroup({ name: 'violence_types', label: t('cases.incident.violence_types'), required: true, choices: codeChoices('violence_types') });
  const relationship = selectField({ name: 'perpetrator_relationship', label: t('cases.incident.relationship'), choices: codeChoices('perpetrator_relationships'), emptyLabel: t('persons.not_recorded'), testId: 'incident-relationship' });
  const legal = selectField({ name: 'legal_class', label: t('cases.field.legal_class'), choices: codeChoices('legal_classes'), emptyLabel: t('persons.not_recorded'), testId: 'incident-legal-class' });
  const identified = selectField({ name: 'identified_by', label: t('cases.incident.identified_by'), choices: codeChoices('identified_by'), emptyLabel: t('persons.not_recorded'), testId: 'incident-identified-by' });
  const place = textField({ name: 'place', label: t('cases.incident.place'), dir: 'auto', maxlength: 300, testId: 'incident-place' });
  const description = textAreaField({ name: 'description', label: t('cases.incident.description'), dir: 'auto', maxlength: 4000, rows: 4, testId: 'incident-description' });
  const fields = [occurred, types, relationship, legal, identified, place, description];
  let draft = null;
  const form = createForm({
    fields,
    layout: [
      h('div', { class: 'form-grid form-grid-two' }, occurred.element, place.element),
      types.element,
      h('div', { class: 'form-grid' }, relationship.element, legal.element, identified.element),
      description.element,
    ],
    submitLabel: t('cases.incident.add_submit'),
    busyLabel: t('common.saving'),
    testId: 'incident-add',
    onSubmit: async (values) => {
      const body = { occurred_on: values.occurred_on, violence_types: values.violence_types };
      for (const name of ['perpetrator_relationship', 'legal_class', 'identified_by', 'place', 'description']) {
        if (values[name]) body[name] = values[name];
      }
      await api.post(`/cases/${c.id}/incidents`, body);
      draft.clear();
      onChanged(t('cases.incident.added'));
    },
  });
  draft = keepDraft(form, `incident/${c.id}`);
  return form;
}

// The incidents of a family-violence case, newest first, and for writers the form to record one.
export function incidentsPanel(c, incidents, { writable, onChanged, parent }) {
  const items = [...incidents].sort((a, b) => (b.occurred_on || '').localeCompare(a.occurred_on || '') || b.id - a.id);
  return [
    writable ? addSection('cases.incident.add', incidentForm(c, onChanged), 'incident-add-section') : null,
    items.length
      ? h('ol', { class: 'record-list', 'data-test': 'incidents' }, items.map((incident) => {
        // corrected with a reason, the replaced values listed (components/case_plans.js)
        const item = incidentItem(incident);
        const tools = incidentCorrection(c, incident, { writable, onChanged, parent });
        if (tools) item.append(tools);
        return item;
      }))
      : h('p', { class: 'muted', 'data-test': 'incidents-empty', text: t('cases.incident.empty') }),
  ];
}

// --- Notes ---

function noteItem(note) {
  return h(
    'li',
    { class: 'record', 'data-test': 'note', 'data-kind': note.kind, 'data-note-id': note.id, tabindex: '-1' },
    h(
      'div',
      { class: 'record-head' },
      h('span', { class: 'tag', text: codeLabel('note_kinds', note.kind) }),
      h('span', { class: 'record-title' }, dayText(note.occurred_on)),
      h('span', { class: 'record-by' }, t('cases.by'), ' ', userText(note.author_name)),
    ),
    note.participants ? h('p', { class: 'record-participants' }, h('span', { class: 'muted', text: t('cases.note.participants') + ': ' }), h('bdi', { dir: 'auto', text: note.participants })) : null,
    h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'note-body', text: note.body || '' }),
  );
}

// The note form. Returns {form, record(followup)}: record fills the form for a planned follow-up and links the note
// to it (sent as followup_id, which marks the follow-up done); the link is shown in the form and can be dropped.
// `followups` are the case's, for a draft that was recording one.
function noteForm(c, followups, onChanged) {
  const kind = selectField({ name: 'kind', label: t('cases.note.kind'), required: true, choices: codeChoices('note_kinds'), value: 'note', testId: 'note-kind' });
  const occurred = dateField({ name: 'occurred_on', label: t('cases.note.occurred_on'), required: true, value: ammanToday(), max: ammanToday(), testId: 'note-date' });
  const participants = textField({ name: 'participants', label: t('cases.note.participants'), dir: 'auto', maxlength: 500, testId: 'note-participants' });
  const body = textAreaField({ name: 'body', label: t('cases.note.body'), required: true, dir: 'auto', maxlength: 8000, rows: 5, testId: 'note-body-input' });

  // The planned follow-up the note records, if any: a field of its own, so that the server's refusal of the link
  // (another kind, or a follow-up no longer planned) is shown beside it.
  let linked = null;
  const linkText = h('p', { class: 'note-followup-text', 'data-test': 'note-followup-text' });
  const unlink = h('button', {
    type: 'button',
    class: 'button button-small',
    'data-test': 'note-followup-clear',
    onclick: () => {
      link.setValue(null);
      kind.control.focus();
    },
  }, t('cases.followup.unlink'));
  const link = groupField(
    { name: 'followup_id', label: t('cases.followup.recording_label'), className: 'note-followup', testId: 'note-followup' },
    h('div', { class: 'note-followup-row' }, linkText, unlink),
    () => unlink,
  );
  link.getValue = () => (linked ? linked.id : '');
  link.setValue = (followup) => {
    linked = followup || null;
    link.clearError();
    link.element.hidden = !linked;
    linkText.textContent = linked ? t('cases.followup.recording', { kind: codeLabel('note_kinds', linked.kind), date: formatCalendarDate(linked.due_on) }) : '';
    link.element.dispatchEvent(new Event('change', { bubbles: true }));
  };
  link.setValue(null);
  // a draft keeps the follow-up's number, and is put back only while that follow-up is still planned
  link.getDraft = () => (linked ? linked.id : null);
  link.setDraft = (id) => link.setValue(followups.find((followup) => followup.id === id && followup.status === 'planned') || null);

  let draft = null;
  const form = createForm({
    fields: [link, kind, occurred, participants, body],
    layout: [link.element, h('div', { class: 'form-grid' }, kind.element, occurred.element, participants.element), body.element],
    submitLabel: t('cases.note.add_submit'),
    busyLabel: t('common.saving'),
    testId: 'note-add',
    onSubmit: async (values) => {
      const request = { kind: values.kind, occurred_on: values.occurred_on, body: values.body };
      if (values.participants) request.participants = values.participants;
      if (values.followup_id) request.followup_id = values.followup_id;
      await api.post(`/cases/${c.id}/notes`, request);
      draft.clear();
      onChanged(t(values.followup_id ? 'cases.followup.recorded' : 'cases.note.added'));
    },
  });
  draft = keepDraft(form, `note/${c.id}`);
  return {
    form,
    record(followup) {
      form.clearErrors();
      link.setValue(followup);
      kind.setValue(followup.kind);
      occurred.setValue(ammanToday());
      if (followup.participants) participants.setValue(followup.participants);
      form.element.scrollIntoView({ block: 'start' });
      body.focus();
    },
  };
}

// --- Follow-up schedule ---

function followupWhat(followup) {
  return { kind: codeLabel('note_kinds', followup.kind), date: formatCalendarDate(followup.due_on) };
}

function followupStatusTag(followup) {
  const classes = { planned: null, done: 'status-active', cancelled: 'status-closed' };
  return h('span', {
    class: ['tag', classes[followup.status]],
    'data-test': 'followup-status',
    'data-status': followup.status,
    text: tOr('cases.followup.status.' + followup.status, followup.status),
  });
}

// Asks for the reason in a dialog, then cancels the follow-up.
function cancelFollowup(c, followup, { parent, onChanged }) {
  const reason = textAreaField({ name: 'reason', label: t('cases.followup.reason'), required: true, rows: 3, dir: 'auto', maxlength: 1000, testId: 'followup-cancel-reason' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [reason],
    submitLabel: t('cases.followup.cancel_submit'),
    busyLabel: t('common.saving'),
    testId: 'followup-cancel-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('cases.followup.keep')),
    onSubmit: async (values) => {
      await api.post(`/cases/${c.id}/followups/${followup.id}/cancel`, { reason: values.reason });
      draft.clear();
      dialog.close();
      onChanged(t('cases.followup.cancelled_done'));
    },
  });
  draft = keepDraft(form, `followup_cancel/${c.id}/${followup.id}`);
  dialog = modalDialog({ title: t('cases.followup.cancel_title'), lead: t('cases.followup.cancel_lead', followupWhat(followup)), content: form.element, testId: 'followup-cancel-dialog' });
  dialog.open(parent, reason.control);
}

function showNote(noteId) {
  const note = document.querySelector(`[data-test="note"][data-note-id="${noteId}"]`);
  if (!note) return;
  note.scrollIntoView({ block: 'center' });
  note.focus();
}

function followupItem(c, followup, { writable, parent, onChanged, onRecord }) {
  const planned = followup.status === 'planned';
  const what = followupWhat(followup);
  const actions = writable && planned
    ? h(
      'div',
      { class: 'followup-actions' },
      h('button', {
        type: 'button',
        class: 'button button-small',
        'data-test': 'followup-record',
        'aria-label': t('cases.followup.record_label', what),
        onclick: () => onRecord(followup),
      }, t('cases.followup.record')),
      h('button', {
        type: 'button',
        class: 'button button-small button-danger-quiet',
        'data-test': 'followup-cancel',
        'aria-label': t('cases.followup.cancel_label', what),
        onclick: () => cancelFollowup(c, followup, { parent, onChanged }),
      }, t('cases.followup.cancel')),
    )
    : null;
  let closing = null;
  if (followup.status === 'done') {
    closing = h(
      'p',
      { class: 'record-meta' },
      t('cases.followup.done_by', null, { gender: followup.closed_by_sex }), ' ', userText(followup.closed_by_name),
      followup.note_id
        ? [' · ', h('button', { type: 'button', class: 'link-button', 'data-test': 'followup-note', onclick: () => showNote(followup.note_id) }, t('cases.followup.show_note'))]
        : null,
    );
  } else if (followup.status === 'cancelled') {
    closing = [
      h('p', { class: 'record-meta' }, t('cases.followup.cancelled_by', null, { gender: followup.closed_by_sex }), ' ', userText(followup.closed_by_name)),
      followup.reason
        ? h('p', { class: 'followup-reason' }, h('span', { class: 'muted', text: t('cases.followup.reason') + ': ' }), h('bdi', { dir: 'auto', 'data-test': 'followup-reason', text: followup.reason }))
        : null,
    ];
  }
  return h(
    'li',
    {
      class: ['followup', followup.overdue ? 'followup-overdue' : null, followup.status !== 'planned' ? 'followup-closed' : null],
      'data-test': 'followup',
      'data-id': followup.id,
      'data-kind': followup.kind,
      'data-status': followup.status,
      'data-overdue': followup.overdue ? 'true' : null,
    },
    h(
      'div',
      { class: 'followup-main' },
      h(
        'div',
        { class: 'record-head' },
        h('span', { class: ['record-title', followup.overdue ? 'overdue-text' : null], 'data-test': 'followup-date' }, dayText(followup.due_on)),
        h('span', { class: 'tag tag-muted', 'data-test': 'followup-kind', text: what.kind }),
        followupStatusTag(followup),
        followup.overdue ? overdueTag() : null,
      ),
      followup.participants
        ? h('p', { class: 'record-participants' }, h('span', { class: 'muted', text: t('cases.note.participants') + ': ' }), h('bdi', { dir: 'auto', 'data-test': 'followup-participants', text: followup.participants }))
        : null,
      closing,
    ),
    actions,
  );
}

function wholeNumberIn(value, low, high) {
  const digits = toAsciiDigits(value);
  return /^[0-9]{1,3}$/.test(digits) && Number(digits) >= low && Number(digits) <= high;
}

function followupPlanForm(c, onChanged) {
  // the kinds of note that are contacts (all but the plain note), labelled as the notes are
  const choices = codeChoices('followup_kinds').map((choice) => ({ value: choice.value, label: codeLabel('note_kinds', choice.value) }));
  const kind = selectField({ name: 'kind', label: t('cases.followup.kind'), required: true, choices, emptyLabel: t('common.choose'), testId: 'followup-plan-kind' });
  const first = dateField({ name: 'first_on', label: t('cases.followup.first_on'), required: true, min: ammanToday(), testId: 'followup-plan-first-on' });
  const every = textField({ name: 'every_days', label: t('cases.followup.every_days'), dir: 'ltr', inputmode: 'numeric', maxlength: 3, testId: 'followup-plan-every' });
  const count = textField({ name: 'count', label: t('cases.followup.count'), required: true, value: formatNumber(1), dir: 'ltr', inputmode: 'numeric', maxlength: 2, testId: 'followup-plan-count' });
  const participants = textField({ name: 'participants', label: t('cases.note.participants'), dir: 'auto', maxlength: 500, testId: 'followup-plan-participants' });
  let draft = null;
  const form = createForm({
    fields: [kind, first, every, count, participants],
    layout: [
      h('div', { class: 'form-grid' }, kind.element, first.element, participants.element),
      h('div', { class: 'form-grid' }, count.element, every.element),
    ],
    submitLabel: t('cases.followup.plan_submit'),
    busyLabel: t('common.saving'),
    testId: 'followup-plan',
    validate: (values) => {
      const problems = {};
      if (!wholeNumberIn(values.count, 1, 52)) problems.count = t('cases.followup.count_range');
      if (values.every_days && !wholeNumberIn(values.every_days, 1, 365)) problems.every_days = t('cases.followup.every_range');
      else if (!values.every_days && wholeNumberIn(values.count, 2, 52)) problems.every_days = t('cases.followup.every_needed');
      return problems;
    },
    onSubmit: async (values) => {
      const request = { kind: values.kind, first_on: values.first_on, count: Number(toAsciiDigits(values.count)) };
      if (values.every_days) request.every_days = Number(toAsciiDigits(values.every_days));
      if (values.participants) request.participants = values.participants;
      await api.post(`/cases/${c.id}/followups`, request);
      draft.clear();
      onChanged(t('cases.followup.planned_done'));
    },
  });
  draft = keepDraft(form, `followup_plan/${c.id}`);
  return form;
}

// The follow-ups of a case in the order of their dates (as the API lists them), and for writers the buttons that
// record or cancel a planned one and the form that plans more.
function followupsSection(c, followups, { writable, parent, onChanged, onRecord }) {
  const plan = writable ? followupPlanForm(c, onChanged) : null;
  return h(
    'section',
    { class: 'card followups', 'aria-labelledby': 'followups-title', 'data-test': 'followups' },
    h('h3', { class: 'sub-title', id: 'followups-title', text: t('cases.followup.title') }),
    followups.length
      ? h('ol', { class: 'followup-list', 'data-test': 'followup-list' }, followups.map((followup) => followupItem(c, followup, { writable, parent, onChanged, onRecord })))
      : h('p', { class: 'muted', 'data-test': 'followups-empty', text: t('cases.followup.empty') }),
    plan
      ? h(
        'div',
        { class: 'followup-plan', 'data-test': 'followup-plan-section' },
        h('h4', { class: 'sub-title', text: t('cases.followup.plan') }),
        h('p', { class: 'card-note', text: t('cases.followup.plan_lead') }),
        plan.element,
      )
      : null,
  );
}

// The notes tab: the follow-up schedule, then for writers the form to add a note (or record a planned follow-up),
// then the notes and visits, newest first (as the API lists them). `parent` is the page element that holds dialogs.
export function notesPanel(c, notes, followups, { writable, parent, onChanged }) {
  const note = writable ? noteForm(c, followups, onChanged) : null;
  return [
    followupsSection(c, followups, { writable, parent, onChanged, onRecord: note ? note.record : null }),
    note ? addSection('cases.note.add', note.form, 'note-add-section') : null,
    notes.length
      ? h('ol', { class: 'record-list', 'data-test': 'notes' }, notes.map(noteItem))
      : h('p', { class: 'muted', 'data-test': 'notes-empty', text: t('cases.note.empty') }),
  ];
}

// --- History ---

// What a history row's detail says, in words: stage names for a move, field names for a change, role labels.
// sexByName: the sex of the users the history names, so that a worker's role agrees with them.
function historyDetail(event, sexByName = new Map()) {
  const detail = event.detail || '';
  const field = (name) => tOr('cases.field.' + name, name);
  switch (event.action) {
    case 'case.advance': {
      const [from, to] = detail.split(' → ');
      return to ? t('history.stage_move', { from: stageLabel(from), to: stageLabel(to) }) : detail;
    }
    case 'case.approve_closure': {
      const reason = detail.includes(': ') ? detail.slice(detail.indexOf(': ') + 2) : '';
      return reason ? t('history.reason', { reason }) : '';
    }
    case 'case.update':
      return detail ? t('history.fields', { fields: detail.split(', ').map(field).join(t('common.list_separator')) }) : '';
    case 'case.person.add':
      // The person's number is left out: a reporter's identity is not for everyone who reads the history.
      return personRoleLabel(detail.split(' ')[0]);
    case 'case.assign':
    case 'case.assign.self': {
      const space = detail.indexOf(' ');
      const name = detail.slice(space + 1);
      return space > 0 ? `${assignmentRoleLabel(detail.slice(0, space), sexByName.get(name))}: ${name}` : detail;
    }
    case 'case.create':
      // The reference, already the page's title.
      return '';
    case 'case.note.add':
      return codeLabel('note_kinds', detail);
    case 'case.followups.plan': {
      // "<kind> <count> <first date>"
      const [kind, count, first] = detail.split(' ');
      return first ? t('history.followups_planned', { kind: codeLabel('note_kinds', kind), count: formatNumber(count), date: formatCalendarDate(first) }) : detail;
    }
    case 'case.followup.done':
      return formatCalendarDate(detail);
    case 'case.followup.cancel': {
      // "<date>: <reason>"
      const colon = detail.indexOf(': ');
      return colon > 0 ? `${formatCalendarDate(detail.slice(0, colon))} — ${t('history.reason', { reason: detail.slice(colon + 2) })}` : detail;
    }
    case 'case.incident.add':
      return formatCalendarDate(detail);
    case 'case.referral.send':
    case 'case.transfer.send': {
      // "<unit code> <basis>"
      const [unit, basis] = detail.split(' ');
      return basis ? t('history.referral_sent', { unit: '\u2068' + unit + '\u2069', basis: consentBasisLabel(basis) }) : detail;
    }
    case 'case.referral.accept':
    case 'case.referral.reject':
    case 'case.referral.revoke':
    case 'case.referral.complete':
    case 'case.transfer.accept':
    case 'case.transfer.reject':
    case 'case.transfer.revoke':
      return detail ? t('history.reason', { reason: detail }) : '';
    case 'case.consent.add':
    case 'case.consent.withdraw':
      return codeLabel('consent_methods', detail);
    case 'case.service.add':
      return codeLabel('service_types', detail);
    case 'case.service.update': {
      // "<type> <status>"
      const [type, status] = detail.split(' ');
      return status ? `${codeLabel('service_types', type)}: ${codeLabel('service_statuses', status)}` : detail;
    }
    case 'case.request_closure':
    case 'case.return_closure':
    case 'case.reopen':
      return detail ? t('history.reason', { reason: detail }) : '';
    default:
      return detail;
  }
}

function historyItem(event, sexByName) {
  const detail = historyDetail(event, sexByName);
  return h(
    'li',
    { class: 'history-item', 'data-test': 'history-item', 'data-action': event.action },
    h(
      'div',
      { class: 'history-head' },
      h('span', { class: 'history-action', 'data-test': 'history-action', text: tOr('history.' + event.action, event.action) }),
      h('time', { class: 'history-time', datetime: event.at, text: formatDateTime(event.at) }),
    ),
    h('p', { class: 'history-by' }, t('cases.by'), ' ', userText(event.user_name)),
    detail ? h('p', { class: 'history-detail' }, h('bdi', { dir: 'auto', 'data-test': 'history-detail', text: detail })) : null,
  );
}

// The sex of each user who made a change, by name: the workers a history row names are mostly among them.
function sexOfNamed(events) {
  const map = new Map();
  for (const event of events) if (event.user_name && event.user_sex) map.set(event.user_name, event.user_sex);
  return map;
}

// Every change of a case, newest first.
export function historyPanel(events) {
  const named = sexOfNamed(events);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-history-title' },
    h('h2', { class: 'card-title', id: 'case-history-title', text: t('history.title') }),
    events.length
      ? h('ol', { class: 'history-list', 'data-test': 'history' }, events.map((event) => historyItem(event, named)))
      : h('p', { class: 'muted', text: t('history.empty') }),
  );
}

// The records kept in a case, each a tab of the case page: incidents (family violence), notes and visits, and the
// history of every change in words. Adding an incident or a note calls onChanged(message), which draws the page again.

import { api } from '../api.js';
import { t, tOr, formatDateTime, formatCalendarDate, ammanToday } from '../i18n.js';
import { h } from './dom.js';
import { textField, textAreaField, selectField, checkboxGroup, createForm } from './form.js';
import { codeLabel, codeChoices } from './codes.js';
import { stageLabel, personRoleLabel, assignmentRoleLabel } from './cases.js';

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
  const occurred = textField({ name: 'occurred_on', label: t('cases.incident.occurred_on'), type: 'date', required: true, value: ammanToday(), testId: 'incident-date' });
  occurred.control.max = ammanToday();
  const types = checkboxGroup({ name: 'violence_types', label: t('cases.incident.violence_types'), required: true, choices: codeChoices('violence_types') });
  const relationship = selectField({ name: 'perpetrator_relationship', label: t('cases.incident.relationship'), choices: codeChoices('perpetrator_relationships'), emptyLabel: t('persons.not_recorded'), testId: 'incident-relationship' });
  const legal = selectField({ name: 'legal_class', label: t('cases.field.legal_class'), choices: codeChoices('legal_classes'), emptyLabel: t('persons.not_recorded'), testId: 'incident-legal-class' });
  const identified = selectField({ name: 'identified_by', label: t('cases.incident.identified_by'), choices: codeChoices('identified_by'), emptyLabel: t('persons.not_recorded'), testId: 'incident-identified-by' });
  const place = textField({ name: 'place', label: t('cases.incident.place'), dir: 'auto', maxlength: 300, testId: 'incident-place' });
  const description = textAreaField({ name: 'description', label: t('cases.incident.description'), dir: 'auto', maxlength: 4000, rows: 4, testId: 'incident-description' });
  const fields = [occurred, types, relationship, legal, identified, place, description];
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
      onChanged(t('cases.incident.added'));
    },
  });
  return form;
}

// The incidents of a family-violence case, newest first, and for writers the form to record one.
export function incidentsPanel(c, incidents, { writable, onChanged }) {
  const items = [...incidents].sort((a, b) => (b.occurred_on || '').localeCompare(a.occurred_on || '') || b.id - a.id);
  return [
    writable ? addSection('cases.incident.add', incidentForm(c, onChanged), 'incident-add-section') : null,
    items.length
      ? h('ol', { class: 'record-list', 'data-test': 'incidents' }, items.map(incidentItem))
      : h('p', { class: 'muted', 'data-test': 'incidents-empty', text: t('cases.incident.empty') }),
  ];
}

// --- Notes ---

function noteItem(note) {
  return h(
    'li',
    { class: 'record', 'data-test': 'note', 'data-kind': note.kind },
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

function noteForm(c, onChanged) {
  const kind = selectField({ name: 'kind', label: t('cases.note.kind'), required: true, choices: codeChoices('note_kinds'), value: 'note', testId: 'note-kind' });
  const occurred = textField({ name: 'occurred_on', label: t('cases.note.occurred_on'), type: 'date', required: true, value: ammanToday(), testId: 'note-date' });
  occurred.control.max = ammanToday();
  const participants = textField({ name: 'participants', label: t('cases.note.participants'), dir: 'auto', maxlength: 500, testId: 'note-participants' });
  const body = textAreaField({ name: 'body', label: t('cases.note.body'), required: true, dir: 'auto', maxlength: 8000, rows: 5, testId: 'note-body-input' });
  return createForm({
    fields: [kind, occurred, participants, body],
    layout: [h('div', { class: 'form-grid' }, kind.element, occurred.element, participants.element), body.element],
    submitLabel: t('cases.note.add_submit'),
    busyLabel: t('common.saving'),
    testId: 'note-add',
    onSubmit: async (values) => {
      const request = { kind: values.kind, occurred_on: values.occurred_on, body: values.body };
      if (values.participants) request.participants = values.participants;
      await api.post(`/cases/${c.id}/notes`, request);
      onChanged(t('cases.note.added'));
    },
  });
}

// The notes and visits of a case, newest first (as the API lists them), and for writers the form to add one.
export function notesPanel(c, notes, { writable, onChanged }) {
  return [
    writable ? addSection('cases.note.add', noteForm(c, onChanged), 'note-add-section') : null,
    notes.length
      ? h('ol', { class: 'record-list', 'data-test': 'notes' }, notes.map(noteItem))
      : h('p', { class: 'muted', 'data-test': 'notes-empty', text: t('cases.note.empty') }),
  ];
}

// --- History ---

// What a history row's detail says, in words: stage names for a move, field names for a change, role labels.
function historyDetail(event) {
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
    case 'case.assign': {
      const space = detail.indexOf(' ');
      return space > 0 ? `${assignmentRoleLabel(detail.slice(0, space))}: ${detail.slice(space + 1)}` : detail;
    }
    case 'case.create':
      // The reference, already the page's title.
      return '';
    case 'case.note.add':
      return codeLabel('note_kinds', detail);
    case 'case.incident.add':
      return formatCalendarDate(detail);
    case 'case.request_closure':
    case 'case.return_closure':
    case 'case.reopen':
      return detail ? t('history.reason', { reason: detail }) : '';
    default:
      return detail;
  }
}

function historyItem(event) {
  const detail = historyDetail(event);
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

// Every change of a case, newest first.
export function historyPanel(events) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-history-title' },
    h('h2', { class: 'card-title', id: 'case-history-title', text: t('history.title') }),
    events.length
      ? h('ol', { class: 'history-list', 'data-test': 'history' }, events.map(historyItem))
      : h('p', { class: 'muted', text: t('history.empty') }),
  );
}

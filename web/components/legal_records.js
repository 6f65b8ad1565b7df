// The legal steps of a case, as one tab of the case page (family violence: the settlement; a juvenile in conflict
// with the law: the settlement, detention orders and the trial):
// - the settlement: started with both parties' consents, its sessions (the first starts the 14 days), its one
//   extension with a reason, its outcome (GET|POST /cases/{id}/settlements, POST …/{sid}/sessions, …/extension,
//   …/outcome);
// - detention orders: the order in force with its last day, renewed from the day after or released
//   (GET|POST /cases/{id}/detention-orders, POST …/{oid}/release);
// - the trial: the referral to court, hearings with an adjournment of more than 7 days flagged, the verdict
//   (GET|POST /cases/{id}/trial-steps).
// Each part loads its own records when drawn; a change draws the case again, with its tasks.

import { api } from '../api.js';
import { t, formatCalendarDate, formatNumber } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { banner, errorText } from './banner.js';
import { textField, textAreaField, selectField, checkboxGroup, dateField, createForm } from './form.js';
import { modalDialog } from './dialog.js';
import { keepDraft } from './drafts.js';
import { codeLabel, codeChoices } from './codes.js';
import { personRoleLabel } from './cases.js';

const ammanToday = () => new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10);
// The date after a YYYY-MM-DD date.
const nextDay = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);

function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('app.loading') });
}

const date = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : null);

function detailRow(label, value, testId) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
}

const freeText = (value) => (value ? h('p', { class: 'notes-text', dir: 'auto', text: value }) : null);

// A form in a dialog: fields, the submit label, what it sends; onDone after it is saved.
function dialogForm({ parent, title, lead, fields, submitLabel, testId, draftName, focus, validate, onSubmit, onDone }) {
  let dialog;
  let draft = null;
  const form = createForm({
    fields,
    submitLabel,
    busyLabel: t('common.saving'),
    testId,
    className: 'dialog-form',
    validate,
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      await onSubmit(values);
      draft.clear();
      dialog.close();
      onDone();
    },
  });
  draft = keepDraft(form, draftName);
  dialog = modalDialog({ title, lead, content: form.element, testId: testId + '-dialog' });
  dialog.open(parent, (focus || fields[0]).control);
}

// --- the settlement ---

function statusTag(status) {
  const cls = status === 'agreed' ? 'status-active' : status === 'open' ? 'status-warning' : 'tag-muted';
  return h('span', { class: ['tag', cls], 'data-test': 'settlement-status', text: codeLabel('settlement_statuses', status) });
}

function sessionItem(session) {
  return h(
    'li',
    { 'data-test': 'settlement-session' },
    h('p', {}, h('strong', {}, date(session.held_on)),
      session.next_on ? [' — ', t('legal.next_session', { date: formatCalendarDate(session.next_on) })] : null),
    freeText(session.notes),
  );
}

function sessionForm(c, s, onChanged) {
  const held = dateField({ name: 'held_on', label: t('legal.session_held_on'), required: true, max: ammanToday(), value: ammanToday(), testId: 'session-held-on' });
  const next = dateField({ name: 'next_on', label: t('legal.session_next_on'), hint: t('legal.session_next_hint'), testId: 'session-next-on' });
  const notes = textAreaField({ name: 'notes', label: t('legal.session_notes'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'session-notes' });
  let draft = null;
  const form = createForm({
    fields: [held, next, notes],
    submitLabel: t('legal.session_add'),
    busyLabel: t('common.saving'),
    testId: 'session-form',
    validate: (values) => (values.next_on && values.held_on && values.next_on <= values.held_on ? { next_on: t('legal.next_after') } : {}),
    onSubmit: async (values) => {
      const body = { version: s.version, held_on: values.held_on };
      if (values.next_on) body.next_on = values.next_on;
      if (values.notes) body.notes = values.notes;
      await api.post(`/cases/${c.id}/settlements/${s.id}/sessions`, body);
      draft.clear();
      onChanged(t(s.sessions.length ? 'legal.session_added' : 'legal.first_session_added'));
    },
  });
  draft = keepDraft(form, `settlement_session/${s.id}`);
  return h('details', { class: 'plan-edit', open: !s.sessions.length || draft.restored }, h('summary', { text: t('legal.session_add') }), form.element);
}

function extendDialog(c, s, { parent, onChanged }) {
  const reason = textAreaField({ name: 'reason', label: t('legal.extension_reason'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: 'extension-reason' });
  dialogForm({
    parent,
    title: t('legal.extend'),
    lead: t('legal.extend_lead'),
    fields: [reason],
    submitLabel: t('legal.extend'),
    testId: 'extension-form',
    draftName: `settlement_extension/${s.id}`,
    onSubmit: (values) => api.post(`/cases/${c.id}/settlements/${s.id}/extension`, { version: s.version, reason: values.reason }),
    onDone: () => onChanged(t('legal.extended_done')),
  });
}

function outcomeDialog(c, s, { parent, onChanged }) {
  const outcome = selectField({ name: 'outcome', label: t('legal.outcome'), required: true, emptyLabel: t('common.choose'), choices: codeChoices('settlement_statuses').filter((choice) => choice.value !== 'open'), testId: 'outcome-kind' });
  const decided = dateField({ name: 'decided_on', label: t('legal.decided_on'), required: true, max: ammanToday(), value: ammanToday(), testId: 'outcome-date' });
  const terms = textAreaField({ name: 'terms', label: t('legal.terms'), rows: 3, dir: 'auto', maxlength: 2000, testId: 'outcome-terms' });
  const court = textField({ name: 'court', label: t('legal.ratified_court'), hint: t('legal.ratified_hint'), dir: 'auto', maxlength: 200, testId: 'outcome-court' });
  const ratified = dateField({ name: 'ratified_on', label: t('legal.ratified_on'), max: ammanToday(), testId: 'outcome-ratified-on' });
  const note = textAreaField({ name: 'note', label: t('legal.outcome_note'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'outcome-note' });
  const agreementParts = [terms, court, ratified];
  const sync = () => {
    for (const field of agreementParts) field.element.hidden = outcome.getValue() !== 'agreed';
  };
  outcome.control.addEventListener('change', sync);
  sync();
  dialogForm({
    parent,
    title: t('legal.outcome_record'),
    lead: t('legal.outcome_lead'),
    fields: [outcome, decided, terms, court, ratified, note],
    submitLabel: t('legal.outcome_record'),
    testId: 'outcome-form',
    draftName: `settlement_outcome/${s.id}`,
    validate: (values) => {
      const problems = {};
      if (values.outcome === 'agreed' && !values.terms) problems.terms = t('legal.terms_needed');
      if (values.outcome === 'agreed' && Boolean(values.court) !== Boolean(values.ratified_on)) {
        problems[values.court ? 'ratified_on' : 'court'] = t('legal.ratification_both');
      }
      return problems;
    },
    onSubmit: (values) => {
      const body = { version: s.version, outcome: values.outcome, decided_on: values.decided_on };
      if (values.outcome === 'agreed') {
        body.terms = values.terms;
        if (values.court) body.court = values.court;
        if (values.ratified_on) body.ratified_on = values.ratified_on;
      }
      if (values.note) body.note = values.note;
      return api.post(`/cases/${c.id}/settlements/${s.id}/outcome`, body);
    },
    onDone: () => onChanged(t('legal.outcome_done.' + outcome.getValue())),
  });
}

function settlementItem(c, s, { writable, onChanged, parent }) {
  const open = s.status === 'open';
  const late = open && s.ends_on && s.ends_on < ammanToday();
  return h(
    'li',
    { class: 'record', 'data-test': 'settlement', 'data-status': s.status },
    h('p', { class: 'record-head' }, statusTag(s.status), s.extended ? [' ', h('span', { class: 'tag', 'data-test': 'settlement-extended', text: t('legal.extended_tag') })] : null),
    h(
      'dl',
      { class: 'details details-compact' },
      detailRow(t('legal.first_session'), date(s.first_session_on) || h('span', { class: 'muted', text: t('legal.no_session_yet') }), 'settlement-first-session'),
      open ? detailRow(t('legal.ends_on'), s.ends_on ? h('span', { class: late ? 'overdue-text' : null }, date(s.ends_on)) : null, 'settlement-ends-on') : null,
      detailRow(t('legal.extension_reason'), s.extended ? h('span', {}, date(s.extended_on), ' — ', h('bdi', { dir: 'auto', text: s.extension_reason || '' })) : null),
      detailRow(t('legal.decided_on'), date(s.outcome_on), 'settlement-outcome-on'),
      detailRow(t('legal.terms'), freeText(s.terms), 'settlement-terms'),
      detailRow(t('legal.ratification'), s.court ? h('span', {}, h('bdi', { dir: 'auto', text: s.court }), ' — ', date(s.ratified_on)) : null, 'settlement-ratification'),
      detailRow(t('legal.prosecutor'), s.prosecutor_on ? t('legal.prosecutor_on', { date: formatCalendarDate(s.prosecutor_on) }) : null, 'settlement-prosecutor'),
      detailRow(t('legal.outcome_note'), freeText(s.outcome_note)),
    ),
    h('h3', { class: 'record-subtitle', text: t('legal.sessions', { count: formatNumber(s.sessions.length) }) }),
    s.sessions.length ? h('ol', { class: 'record-list-plain', 'data-test': 'settlement-sessions' }, s.sessions.map(sessionItem)) : null,
    writable && open ? sessionForm(c, s, onChanged) : null,
    writable && open
      ? h(
        'div',
        { class: 'form-actions' },
        !s.extended && s.sessions.length
          ? h('button', { type: 'button', class: 'button button-small', 'data-test': 'settlement-extend', onclick: () => extendDialog(c, s, { parent, onChanged }) }, t('legal.extend'))
          : null,
        h('button', { type: 'button', class: 'button button-small', 'data-test': 'settlement-outcome', onclick: () => outcomeDialog(c, s, { parent, onChanged }) }, t('legal.outcome_record')),
      )
      : null,
  );
}

// The form that starts a settlement: the parties' consents in force to choose from.
function startForm(c, { consents, persons, onChanged }) {
  const roleOf = (personId) => {
    const entry = persons.find((p) => p.person && p.person.id === personId);
    return entry ? personRoleLabel(entry.role, entry.person.sex) : '';
  };
  const inForce = consents.filter((k) => !k.withdrawn);
  if (!inForce.length) return h('p', { class: 'muted', 'data-test': 'settlement-no-consents', text: t('legal.consents_none') });
  const chosen = checkboxGroup({
    name: 'consent_ids',
    label: t('legal.consents'),
    hint: t('legal.consents_hint'),
    required: true,
    choices: inForce.map((k) => ({ value: String(k.id), label: `${k.person_name || ''} (${roleOf(k.person_id)}) — ${formatCalendarDate(k.given_on)}` })),
    value: inForce.map((k) => String(k.id)),
  });
  const form = createForm({
    fields: [chosen],
    submitLabel: t('legal.start'),
    busyLabel: t('common.saving'),
    testId: 'settlement-start',
    onSubmit: async (values) => {
      await api.post(`/cases/${c.id}/settlements`, { consent_ids: values.consent_ids.map(Number) });
      onChanged(t('legal.started'));
    },
  });
  return form.element;
}

function settlementCard(c, settlements, { writable, consents, persons, onChanged, parent }) {
  const open = settlements.some((s) => s.status === 'open');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'settlement-title', 'data-test': 'settlements-card' },
    h('h2', { class: 'card-title', id: 'settlement-title', text: t('legal.settlement_title') }),
    h('p', { class: 'card-note', text: t('legal.settlement_lead') }),
    settlements.length
      ? h('ul', { class: 'record-list', 'data-test': 'settlements' }, settlements.map((s) => settlementItem(c, s, { writable, onChanged, parent })))
      : h('p', { class: 'muted', 'data-test': 'settlements-none', text: t('legal.settlements_none') }),
    writable && !open
      ? h('details', { class: 'plan-edit', open: !settlements.length }, h('summary', { text: t('legal.start') }), startForm(c, { consents, persons, onChanged }))
      : null,
  );
}

// --- detention orders ---

function orderItem(c, order, inForce, { writable, onChanged, parent }) {
  const late = inForce && order.ends_on < ammanToday();
  return h(
    'li',
    { class: 'record', 'data-test': 'detention-order', 'data-renewal': String(order.renewal) },
    h('p', { class: 'record-head' },
      h('span', { class: 'tag', text: codeLabel('detention_authorities', order.authority) }), ' ',
      h('span', { text: order.renewal ? t('legal.renewal_n', { n: formatNumber(order.renewal) }) : t('legal.first_order') }), ' ',
      inForce ? h('span', { class: ['tag', late ? 'tag-danger' : 'status-warning'], 'data-test': 'detention-in-force', text: t('legal.in_force') }) : null,
      order.released_on ? h('span', { class: 'tag status-active', 'data-test': 'detention-released', text: t('legal.released') }) : null),
    h(
      'dl',
      { class: 'details details-compact' },
      detailRow(t('legal.order_number'), order.order_number ? h('bdi', { dir: 'ltr', text: order.order_number }) : null),
      detailRow(t('legal.order_date'), date(order.order_date)),
      detailRow(t('legal.period'), h('span', {}, date(order.starts_on), ' — ', h('span', { class: late ? 'overdue-text' : null }, date(order.ends_on)), ' (', t('legal.days', { count: formatNumber(order.days) }), ')'), 'detention-period'),
      detailRow(t('legal.released_on'), order.released_on ? h('span', {}, date(order.released_on), ' — ', h('bdi', { dir: 'auto', text: order.release_reason || '' })) : null),
    ),
    writable && inForce
      ? h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'button button-small', 'data-test': 'detention-renew', onclick: () => orderDialog(c, order, { parent, onChanged }) }, t('legal.renew')),
        h('button', { type: 'button', class: 'button button-small', 'data-test': 'detention-release', onclick: () => releaseDialog(c, order, { parent, onChanged }) }, t('legal.release')),
      )
      : null,
  );
}

// A new detention order, or (renews: the order in force) its renewal from the day after it ends.
function orderDialog(c, renews, { parent, onChanged }) {
  const starts = renews ? nextDay(renews.ends_on) : ammanToday();
  const authority = selectField({ name: 'authority', label: t('legal.authority'), required: true, emptyLabel: t('common.choose'), choices: codeChoices('detention_authorities'), value: renews && renews.renewal >= 1 ? 'court' : '', testId: 'order-authority' });
  const number = textField({ name: 'order_number', label: t('legal.order_number'), required: true, maxlength: 60, testId: 'order-number' });
  const ordered = dateField({ name: 'order_date', label: t('legal.order_date'), required: true, max: ammanToday(), value: ammanToday(), testId: 'order-date' });
  const from = dateField({ name: 'starts_on', label: t('legal.starts_on'), required: true, value: starts, testId: 'order-starts-on' });
  const to = dateField({ name: 'ends_on', label: t('legal.ends_on_order'), required: true, hint: t('legal.ten_days'), testId: 'order-ends-on' });
  dialogForm({
    parent,
    title: t(renews ? 'legal.renew' : 'legal.order_new'),
    lead: t(renews ? 'legal.renew_lead' : 'legal.order_lead'),
    fields: [authority, number, ordered, from, to],
    submitLabel: t(renews ? 'legal.renew' : 'legal.order_new'),
    testId: 'order-form',
    draftName: renews ? `detention_renewal/${renews.id}` : `detention_order/${c.id}`,
    onSubmit: (values) => api.post(`/cases/${c.id}/detention-orders`, {
      authority: values.authority, order_number: values.order_number, order_date: values.order_date,
      starts_on: values.starts_on, ends_on: values.ends_on, ...(renews ? { renews_id: renews.id } : {}),
    }),
    onDone: () => onChanged(t(renews ? 'legal.renewed_done' : 'legal.ordered_done')),
  });
}

function releaseDialog(c, order, { parent, onChanged }) {
  const on = dateField({ name: 'released_on', label: t('legal.released_on'), required: true, max: ammanToday(), value: ammanToday(), testId: 'release-date' });
  const reason = textAreaField({ name: 'reason', label: t('legal.release_reason'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: 'release-reason' });
  dialogForm({
    parent,
    title: t('legal.release'),
    fields: [on, reason],
    focus: reason,
    submitLabel: t('legal.release'),
    testId: 'release-form',
    draftName: `detention_release/${order.id}`,
    onSubmit: (values) => api.post(`/cases/${c.id}/detention-orders/${order.id}/release`, { version: order.version, released_on: values.released_on, reason: values.reason }),
    onDone: () => onChanged(t('legal.released_done')),
  });
}

function detentionCard(c, answer, { writable, onChanged, parent }) {
  const orders = answer.items || [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'detention-title', 'data-test': 'detention-card' },
    h('h2', { class: 'card-title', id: 'detention-title', text: t('legal.detention_title') }),
    h('p', { class: 'card-note', text: t('legal.detention_lead') }),
    orders.length
      ? h('ul', { class: 'record-list', 'data-test': 'detention-orders' }, orders.map((order) => orderItem(c, order, order.id === answer.in_force, { writable, onChanged, parent })))
      : h('p', { class: 'muted', 'data-test': 'detention-none', text: t('legal.detention_none') }),
    writable && !answer.in_force
      ? h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button button-small', 'data-test': 'detention-new', onclick: () => orderDialog(c, null, { parent, onChanged }) }, t('legal.order_new')))
      : null,
  );
}

// --- the trial ---

function stepItem(step) {
  const hearing = step.kind === 'hearing';
  return h(
    'li',
    { class: 'record', 'data-test': 'trial-step', 'data-kind': step.kind },
    h('p', { class: 'record-head' },
      h('strong', { text: codeLabel('trial_steps', step.kind) }), ' ', date(step.held_on),
      hearing && step.adjournment_over_limit
        ? [' ', h('span', { class: 'tag tag-danger', 'data-test': 'adjournment-flag', text: t('legal.adjournment_over', { days: formatNumber(step.adjournment_days) }) })]
        : null),
    h(
      'dl',
      { class: 'details details-compact' },
      hearing && step.adjournment_days ? detailRow(t('legal.adjournment'), t('legal.days', { count: formatNumber(step.adjournment_days) }), 'adjournment-days') : null,
      hearing && step.next_on
        ? detailRow(t('legal.next_hearing'), h('span', { class: step.next_over_limit ? 'overdue-text' : null }, date(step.next_on),
          step.next_over_limit ? [' ', h('span', { class: 'tag tag-danger', 'data-test': 'next-hearing-flag', text: t('legal.next_over', { days: formatNumber(step.next_days) }) })] : null), 'next-hearing')
        : null,
      detailRow(t('legal.court'), step.court ? h('bdi', { dir: 'auto', text: step.court }) : null),
      detailRow(t('legal.step_notes'), freeText(step.notes)),
    ),
  );
}

// The steps that may come next: the referral first, then hearings and the verdict; nothing after the verdict.
function nextKinds(steps) {
  if (steps.some((s) => s.kind === 'verdict')) return [];
  if (!steps.some((s) => s.kind === 'court_referral')) return ['court_referral'];
  return ['hearing', 'verdict'];
}

function stepForm(c, steps, onChanged) {
  const kinds = nextKinds(steps);
  if (!kinds.length) return null;
  const kind = selectField({ name: 'kind', label: t('legal.step_kind'), required: true, choices: codeChoices('trial_steps').filter((choice) => kinds.includes(choice.value)), value: kinds[0], testId: 'step-kind' });
  const held = dateField({ name: 'held_on', label: t('legal.step_date'), required: true, max: ammanToday(), value: ammanToday(), testId: 'step-date' });
  const next = dateField({ name: 'next_on', label: t('legal.next_hearing'), hint: t('legal.next_hearing_hint'), testId: 'step-next-on' });
  const court = textField({ name: 'court', label: t('legal.court'), dir: 'auto', maxlength: 200, testId: 'step-court' });
  const notes = textAreaField({ name: 'notes', label: t('legal.step_notes'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'step-notes' });
  const sync = () => {
    next.element.hidden = kind.getValue() !== 'hearing';
  };
  kind.control.addEventListener('change', sync);
  sync();
  let draft = null;
  const form = createForm({
    fields: [kind, held, next, court, notes],
    submitLabel: t('legal.step_add'),
    busyLabel: t('common.saving'),
    testId: 'step-form',
    onSubmit: async (values) => {
      const body = { kind: values.kind, held_on: values.held_on };
      if (values.kind === 'hearing' && values.next_on) body.next_on = values.next_on;
      if (values.court) body.court = values.court;
      if (values.notes) body.notes = values.notes;
      await api.post(`/cases/${c.id}/trial-steps`, body);
      draft.clear();
      onChanged(t('legal.step_added', { step: codeLabel('trial_steps', values.kind) }));
    },
  });
  draft = keepDraft(form, `trial_step/${c.id}`);
  return h('details', { class: 'plan-edit', open: draft.restored }, h('summary', { text: t('legal.step_add') }), form.element);
}

function trialCard(c, steps, { writable, onChanged }) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'trial-title', 'data-test': 'trial-card' },
    h('h2', { class: 'card-title', id: 'trial-title', text: t('legal.trial_title') }),
    h('p', { class: 'card-note', text: t('legal.trial_lead') }),
    steps.length
      ? h('ol', { class: 'record-list', 'data-test': 'trial-steps' }, steps.map(stepItem))
      : h('p', { class: 'muted', 'data-test': 'trial-none', text: t('legal.trial_none') }),
    writable ? stepForm(c, steps, onChanged) : null,
  );
}

// Whether a case of this kind has legal steps here.
export const hasLegalSteps = (c) => c.kind === 'family_violence' || c.kind === 'juvenile_conflict';

// The "Legal steps" tab. data: the case's consents and persons (already read by the page).
export function legalPanel(c, data, { writable, onChanged, parent }) {
  const body = h('div', { class: 'card-stack' }, loading());
  const juvenile = c.kind === 'juvenile_conflict';
  Promise.all([
    api.get(`/cases/${c.id}/settlements`),
    juvenile ? api.get(`/cases/${c.id}/detention-orders`) : null,
    juvenile ? api.get(`/cases/${c.id}/trial-steps`) : null,
  ])
    .then(([settlements, detention, trial]) => {
      const options = { writable, onChanged, parent };
      replaceChildren(
        body,
        settlementCard(c, settlements.items || [], { ...options, consents: data.consents || [], persons: data.persons || [] }),
        juvenile ? detentionCard(c, detention, options) : null,
        juvenile ? trialCard(c, trial.items || [], options) : null,
      );
    })
    .catch((error) => replaceChildren(body, banner('error', errorText(error))));
  return body;
}

// Homes and placements shared by the pages: who may see the homes, the labels of their lists, the movement dialog,
// and the case page's "Measures and placements" tab — the court's measures (GET|POST /cases/{id}/measures) with the
// form that records one, and the case's placements with their movements (GET /cases/{id}/placements,
// GET /placements/{id}/movements).

import { api } from '../api.js';
import { t, formatCalendarDate, formatDateTime, formatNumber, ammanLocalToUtc, utcToAmmanLocal, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { banner, errorText } from './banner.js';
import { textField, textAreaField, selectField, dateField, dateTimeField, createForm } from './form.js';
import { modalDialog } from './dialog.js';
import { codeLabel } from './codes.js';
import { releasePlanForm } from './centres.js';

// The roles that see the occupancy of every home (no names), and the home's staff, who see their own register.
export const OCCUPANCY_ROLES = ['manager', 'committee'];
export const HOME_ROLES = ['manager', 'committee', 'home_staff'];

export const homeHash = (id) => `#/homes/${id}`;
export const homeName = (home) => (home ? home[document.documentElement.lang === 'en' ? 'name_en' : 'name_ar'] || home.name_ar || '' : '');
export const homeTypeLabel = (type) => t('homes.type.' + type);
export const statusLabel = (status) => t('homes.status.' + status);
export const sexLabel = (sex) => t('homes.sex.' + sex);
export const bandLabel = (band) => t('homes.band.' + band);
export const stateLabel = (state) => t('homes.state.' + state);
export const movementLabel = (kind) => t('homes.movement.' + kind);

export const MOVEMENT_KINDS = ['leave', 'return', 'absence', 'hospital', 'court', 'transfer', 'family_notice', 'discharge'];
export const DISCHARGE_REASONS = ['end_of_measure', 'court_release', 'conditional_release', 'age_18_transfer', 'education_done', 'consent_withdrawn', 'transfer_to_family', 'other'];

// A moment now, as the Amman wall-clock value of a dateTimeField.
export const nowLocal = () => utcToAmmanLocal(new Date().toISOString());

const date = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : null);

export function stateTag(state) {
  const cls = state === 'present' ? 'status-active' : state === 'absent' ? 'tag-danger' : state === 'discharged' ? 'tag-muted' : 'status-warning';
  return h('span', { class: ['tag', cls], 'data-test': 'placement-state', 'data-state': state, text: stateLabel(state) });
}

// The movements that may follow a placement's state (the server checks them again).
function kindsFor(placement) {
  const away = placement.state !== 'present';
  return MOVEMENT_KINDS.filter((kind) => {
    if (kind === 'return') return away;
    if (['leave', 'absence', 'hospital', 'court'].includes(kind)) return !away && (kind !== 'leave' || placement.legal_status === 'sentenced');
    if (kind === 'discharge' || kind === 'transfer' || kind === 'family_notice') return true;
    return false;
  });
}

// The dialog that records a movement of a placement; homes: those a transfer may go to. onDone(kind) once saved.
export function movementDialog(placement, { parent, homes = [], onDone }) {
  const kinds = kindsFor(placement);
  const kind = selectField({ name: 'kind', label: t('homes.move_kind'), required: true, choices: kinds.map((k) => ({ value: k, label: movementLabel(k) })), value: kinds[0], testId: 'move-kind' });
  const at = dateTimeField({ name: 'at', label: t('homes.move_at'), required: true, value: nowLocal(), testId: 'move-at' });
  const reason = textAreaField({ name: 'reason', label: t('homes.move_reason'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'move-reason' });
  const toHome = selectField({ name: 'to_home_id', label: t('homes.move_to_home'), emptyLabel: t('common.choose'), choices: homes.filter((x) => x.id !== placement.home_id).map((x) => ({ value: String(x.id), label: homeName(x) })), testId: 'move-to-home' });
  const roomsOf = (id) => ((homes.find((x) => String(x.id) === String(id)) || {}).rooms || []).map((r) => ({ value: String(r.id), label: r.name }));
  const toRoom = selectField({ name: 'room_id', label: t('homes.room'), emptyLabel: t('homes.no_room'), choices: [], testId: 'move-to-room' });
  toHome.control.addEventListener('change', () => {
    toRoom.setChoices(roomsOf(toHome.getValue()), '');
    toRoom.element.hidden = toHome.element.hidden || !roomsOf(toHome.getValue()).length;
  });
  const expected = dateTimeField({ name: 'expected_return_at', label: t('homes.expected_return'), testId: 'move-return' });
  const discharge = selectField({ name: 'discharge_reason', label: t('homes.discharge_reason'), emptyLabel: t('common.choose'), choices: DISCHARGE_REASONS.map((r) => ({ value: r, label: t('homes.discharge.' + r) })), testId: 'move-discharge-reason' });
  const sync = () => {
    const k = kind.getValue();
    toHome.element.hidden = k !== 'transfer';
    toRoom.element.hidden = k !== 'transfer' || !roomsOf(toHome.getValue()).length;
    expected.element.hidden = k !== 'leave';
    discharge.element.hidden = k !== 'discharge';
  };
  kind.control.addEventListener('change', sync);
  sync();
  let dialog;
  const form = createForm({
    fields: [kind, at, reason, toHome, toRoom, expected, discharge],
    submitLabel: t('homes.move'),
    busyLabel: t('common.saving'),
    testId: 'move-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      const body = { version: placement.version, kind: values.kind, at: ammanLocalToUtc(values.at) };
      if (values.reason) body.reason = values.reason;
      if (values.kind === 'transfer' && values.to_home_id) body.to_home_id = Number(values.to_home_id);
      if (values.kind === 'transfer' && values.room_id) body.room_id = Number(values.room_id);
      if (values.kind === 'leave' && values.expected_return_at) body.expected_return_at = ammanLocalToUtc(values.expected_return_at);
      if (values.kind === 'discharge' && values.discharge_reason) body.discharge_reason = values.discharge_reason;
      await api.post(`/placements/${placement.id}/movements`, body);
      dialog.close();
      onDone(values.kind);
    },
  });
  dialog = modalDialog({ title: t('homes.move_title', { name: placement.person_name || '' }), content: form.element, testId: 'move-dialog' });
  dialog.open(parent, kind.control);
}

// --- the case page's tab ---

// The measures a court may decide on a case of each kind (docs/api.md "Court measures"); a detention is recorded on
// the legal steps tab, as a detention order.
const KINDS_OF_CASE = {
  juvenile_conflict: ['rehabilitation_home', 'judicial_supervision', 'community_service', 'vocational_training', 'duties', 'rehabilitation_programme', 'reprimand', 'handover'],
  juvenile_protection: ['care_home', 'foster_family', 'protection_supervision', 'parental_undertaking'],
  family_violence: ['protection_order', 'settlement_ruling'],
};
const WITHOUT_DURATION = ['reprimand', 'handover', 'parental_undertaking'];
const WITH_TERMS = ['protection_order', 'settlement_ruling'];

export const hasMeasures = (c) => Boolean(KINDS_OF_CASE[c.kind]);

const ammanToday = () => utcToAmmanLocal(new Date().toISOString()).slice(0, 10);

function measureItem(c, m, { writable, onChanged }) {
  return h(
    'li',
    { class: 'record', 'data-test': 'measure', 'data-kind': m.kind },
    h('p', { class: 'record-head' },
      h('strong', { text: codeLabel('measure_kinds', m.kind) }), ' ',
      m.ends_on
        ? h('span', { class: ['tag', m.in_force ? 'status-active' : 'tag-muted'], 'data-test': 'measure-status', text: t(m.in_force ? 'homes.in_force' : 'homes.ended') })
        : h('span', { class: 'tag tag-muted', 'data-test': 'measure-status', text: t('homes.no_duration') })),
    h(
      'dl',
      { class: 'details details-compact' },
      m.court ? h('div', { class: 'details-row' }, h('dt', { text: t('homes.court') }), h('dd', {}, h('bdi', { dir: 'auto', text: m.court }))) : null,
      h('div', { class: 'details-row' }, h('dt', { text: t('homes.decision_number') }), h('dd', {}, h('bdi', { dir: 'ltr', text: m.order_number || '' }), ' — ', date(m.order_date))),
      h('div', { class: 'details-row' }, h('dt', { text: t('homes.period') }),
        h('dd', { 'data-test': 'measure-period' }, date(m.starts_on), m.ends_on ? [' — ', date(m.released_on || m.ends_on)] : null,
          m.report_months && m.in_force ? [' · ', t('homes.report_every', { n: formatNumber(m.report_months) })] : null)),
      m.terms ? h('div', { class: 'details-row' }, h('dt', { text: t('homes.terms') }), h('dd', {}, h('p', { class: 'notes-text', dir: 'auto', text: m.terms }))) : null,
      m.released_on && m.release_reason ? h('div', { class: 'details-row' }, h('dt', { text: t('homes.end_reason') }), h('dd', {}, h('bdi', { dir: 'auto', 'data-test': 'measure-end-reason', text: m.release_reason }))) : null,
    ),
    writable && m.in_force && m.kind !== 'detention' ? measureEndForm(c, m, onChanged) : null,
  );
}

// Ends a measure in force before its date: the court released the child or changed the measure
// (POST /cases/{id}/measures/{mid}/end; a detention is released on the legal steps tab).
function measureEndForm(c, m, onChanged) {
  const on = dateField({ name: 'ended_on', label: t('homes.end_on'), required: true, min: m.starts_on, max: ammanToday(), value: ammanToday(), testId: 'measure-end-on' });
  const reason = textAreaField({ name: 'reason', label: t('homes.end_reason'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: 'measure-end-reason-field' });
  const form = createForm({
    fields: [on, reason],
    submitLabel: t('homes.end_submit'),
    busyLabel: t('common.saving'),
    testId: 'measure-end-form',
    onSubmit: async (values) => {
      await api.post(`/cases/${c.id}/measures/${m.id}/end`, { version: m.version, ended_on: values.ended_on, reason: values.reason });
      onChanged(t('homes.end_done', { kind: codeLabel('measure_kinds', m.kind) }));
    },
  });
  return h('details', { class: 'plan-edit', 'data-test': 'measure-end' }, h('summary', { text: t('homes.end_early') }), form.element);
}

function measureForm(c, onChanged) {
  const kinds = KINDS_OF_CASE[c.kind];
  const kind = selectField({ name: 'kind', label: t('homes.measure_kind'), required: true, emptyLabel: t('common.choose'), choices: kinds.map((k) => ({ value: k, label: codeLabel('measure_kinds', k) })), testId: 'measure-kind' });
  const court = textField({ name: 'court', label: t('homes.court'), required: true, dir: 'auto', maxlength: 200, testId: 'measure-court' });
  const number = textField({ name: 'order_number', label: t('homes.decision_number'), required: true, dir: 'ltr', maxlength: 60, testId: 'measure-number' });
  const ordered = dateField({ name: 'order_date', label: t('homes.decision_date'), required: true, max: ammanToday(), value: ammanToday(), testId: 'measure-date' });
  const starts = dateField({ name: 'starts_on', label: t('homes.starts_on'), required: true, value: ammanToday(), testId: 'measure-starts' });
  const ends = dateField({ name: 'ends_on', label: t('homes.ends_on_field'), hint: t('homes.end_or_months'), testId: 'measure-ends' });
  const months = textField({ name: 'duration_months', label: t('homes.months'), inputmode: 'numeric', dir: 'ltr', maxlength: 3, testId: 'measure-months' });
  const reports = textField({ name: 'report_months', label: t('homes.report_months'), hint: t('homes.report_hint'), inputmode: 'numeric', dir: 'ltr', maxlength: 2, testId: 'measure-reports' });
  const terms = textAreaField({ name: 'terms', label: t('homes.terms'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'measure-terms' });
  const sync = () => {
    const k = kind.getValue();
    const lasting = !WITHOUT_DURATION.includes(k);
    ends.element.hidden = !lasting;
    months.element.hidden = !lasting;
    reports.element.hidden = !lasting;
    terms.element.hidden = !WITH_TERMS.includes(k) && c.kind !== 'family_violence';
  };
  kind.control.addEventListener('change', sync);
  sync();
  const number_ = (value) => toAsciiDigits(String(value || '')).trim();
  const form = createForm({
    fields: [kind, court, number, ordered, starts, ends, months, reports, terms],
    submitLabel: t('homes.measure_new'),
    busyLabel: t('common.saving'),
    testId: 'measure-form',
    validate: (values) => {
      const problems = {};
      if (values.duration_months && !/^[0-9]{1,3}$/.test(number_(values.duration_months))) problems.duration_months = t('homes.months_invalid');
      if (values.report_months && !/^[0-9]{1,2}$/.test(number_(values.report_months))) problems.report_months = t('homes.months_invalid');
      if (!WITHOUT_DURATION.includes(values.kind) && values.ends_on && values.duration_months) problems.ends_on = t('homes.end_or_months');
      return problems;
    },
    onSubmit: async (values) => {
      const body = { kind: values.kind, court: values.court, order_number: values.order_number, order_date: values.order_date, starts_on: values.starts_on };
      if (!WITHOUT_DURATION.includes(values.kind)) {
        if (values.ends_on) body.ends_on = values.ends_on;
        if (values.duration_months) body.duration_months = Number(number_(values.duration_months));
        if (values.report_months) body.report_months = Number(number_(values.report_months));
      }
      if (values.terms) body.terms = values.terms;
      await api.post(`/cases/${c.id}/measures`, body);
      onChanged(t('homes.measure_recorded', { kind: codeLabel('measure_kinds', values.kind) }));
    },
  });
  return h('details', { class: 'plan-edit', 'data-test': 'measure-new' }, h('summary', { text: t('homes.measure_new') }), form.element);
}

function movementsList(placement) {
  const list = h('ol', { class: 'record-list movements', 'data-test': 'movements' }, h('li', { class: 'loading', text: t('app.loading') }));
  api.get(`/placements/${placement.id}/movements`)
    .then((answer) => replaceChildren(list, (answer.items || []).map((m) => h(
      'li',
      { 'data-test': 'movement', 'data-kind': m.kind },
      h('strong', { text: movementLabel(m.kind) }), ' ',
      h('time', { datetime: m.at, text: formatDateTime(m.at) }),
      m.reason ? [' — ', h('bdi', { dir: 'auto', text: m.reason })] : null,
      m.recorded_by_name ? h('span', { class: 'muted' }, ' · ', m.recorded_by_name) : null,
    ))))
    .catch((error) => replaceChildren(list, h('li', {}, banner('error', errorText(error)))));
  return list;
}

// The aftercare plan of a juvenile in a home (PUT /cases/{id}/release-plan): where she or he will live, study or work,
// the family's readiness, the documents and the referrals to open on leaving care.
function aftercareCard(c, plan, { writable, onChanged }) {
  return h('section', { class: 'card', 'aria-labelledby': 'aftercare-title', 'data-test': 'aftercare-card' },
    h('h2', { class: 'card-title', id: 'aftercare-title', text: t('homes.aftercare_title') }),
    h('p', { class: 'card-note', 'data-test': 'aftercare-status', text: t(plan ? 'homes.aftercare_done' : 'homes.aftercare_missing') }),
    plan ? h('dl', { class: 'details details-compact' },
      ['housing', 'work', 'family_readiness', 'documents', 'referrals'].filter((k) => plan[k]).map((k) => h('div', { class: 'details-row' },
        h('dt', { text: t('homes.plan.' + k) }), h('dd', {}, h('p', { class: 'notes-text', dir: 'auto', text: plan[k] }))))) : null,
    writable ? releasePlanForm(c, plan, onChanged, 'homes') : null);
}

// The measures that place a child in a home (their legal status: detained, sentenced, protection).
const PLACING = ['detention', 'rehabilitation_home', 'care_home'];

// Admits the case's juvenile to a home on a measure in force, or a woman to a shelter on her consent not withdrawn
// (POST /cases/{id}/placements); a supervisor may exceed a home's capacity with a reason. The server checks every
// separation rule and names the one an admission breaks.
function admissionForm(c, { homes, measures, consents, user, onChanged }) {
  const shelter = c.kind === 'family_violence';
  const fitting = homes.filter((x) => (shelter ? (x.statuses || []).includes('voluntary') : !(x.statuses || []).every((st) => st === 'voluntary')));
  const home = selectField({ name: 'home_id', label: t('homes.home'), required: true, emptyLabel: t('common.choose'), choices: fitting.map((x) => ({ value: String(x.id), label: homeName(x) })), testId: 'case-admit-home' });
  const roomsOf = (id) => ((homes.find((x) => String(x.id) === String(id)) || {}).rooms || []).map((r) => ({ value: String(r.id), label: r.name }));
  const room = selectField({ name: 'room_id', label: t('homes.room'), emptyLabel: t('homes.no_room'), choices: [], testId: 'case-admit-room' });
  room.element.hidden = true;
  home.control.addEventListener('change', () => {
    room.setChoices(roomsOf(home.getValue()), '');
    room.element.hidden = !roomsOf(home.getValue()).length;
  });
  const given = shelter
    ? consents.filter((k) => !k.withdrawn).map((k) => ({ value: String(k.id), label: `${k.person_name || ''} — ${formatCalendarDate(k.given_on)}` }))
    : measures.filter((m) => PLACING.includes(m.kind) && m.in_force).map((m) => ({ value: String(m.id), label: `${codeLabel('measure_kinds', m.kind)} — ${m.order_number || ''}` }));
  const authority = selectField({
    name: shelter ? 'consent_id' : 'measure_id',
    label: t(shelter ? 'homes.admit_consent' : 'homes.admit_order'),
    hint: given.length ? null : t(shelter ? 'homes.admit_no_consent' : 'homes.admit_no_order'),
    required: true,
    emptyLabel: t('common.choose'),
    choices: given,
    value: given.length === 1 ? given[0].value : '',
    testId: 'case-admit-authority',
  });
  const at = dateTimeField({ name: 'admitted_at', label: t('homes.admitted_at'), required: true, value: nowLocal(), testId: 'case-admit-at' });
  const supervisor = Boolean(user && (user.roles || []).includes('supervisor'));
  const override = supervisor
    ? textAreaField({ name: 'override_reason', label: t('homes.override_reason'), hint: t('homes.override_hint'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'case-admit-override' })
    : null;
  const form = createForm({
    fields: [home, room, authority, at, override].filter(Boolean),
    submitLabel: t('homes.admit'),
    busyLabel: t('common.saving'),
    testId: 'case-admit-form',
    onSubmit: async (values) => {
      const body = { home_id: Number(values.home_id), admitted_at: ammanLocalToUtc(values.admitted_at) };
      if (values.room_id) body.room_id = Number(values.room_id);
      if (shelter) {
        const consent = consents.find((k) => String(k.id) === values.consent_id);
        body.consent_id = Number(values.consent_id);
        if (consent) body.person_id = consent.person_id;
      } else body.measure_id = Number(values.measure_id);
      if (values.override_reason) body.override_reason = values.override_reason;
      const placed = await api.post(`/cases/${c.id}/placements`, body);
      onChanged(t('homes.admitted_done', { name: placed.person_name || '' }));
    },
  });
  return h('details', { class: 'plan-edit', 'data-test': 'case-admit' }, h('summary', { text: t(shelter ? 'homes.admit_shelter' : 'homes.admit_title') }), form.element);
}

function placementItem(p, { writable, homes, parent, onChanged }) {
  return h(
    'li',
    { class: 'record', 'data-test': 'case-placement' },
    h('p', { class: 'record-head' },
      h('strong', { text: p.home_name || '' }), p.room_name ? [' — ', p.room_name] : null, ' ',
      stateTag(p.state), ' ',
      h('span', { class: 'tag', text: statusLabel(p.legal_status) })),
    h('p', { class: 'muted' },
      t('homes.admitted_on', { time: formatDateTime(p.admitted_at) }),
      p.measure_kind ? [' · ', codeLabel('measure_kinds', p.measure_kind), p.measure_ends_on ? [' · ', t('homes.ends_on', { date: formatCalendarDate(p.measure_ends_on) })] : null] : null,
      p.discharged_at ? [' · ', t('homes.discharged_on', { time: formatDateTime(p.discharged_at) })] : null),
    h('h4', { class: 'subheading', text: t('homes.movements_title') }),
    movementsList(p),
    writable && p.state !== 'discharged'
      ? h('button', {
        type: 'button',
        class: 'button button-small',
        'data-test': 'case-placement-move',
        onclick: () => movementDialog(p, { parent, homes, onDone: (kind) => onChanged(t('homes.moved_done', { kind: movementLabel(kind) }))}),
      }, t('homes.move'))
      : null,
  );
}

// The tab: the court's measures, the form (for those who may change the case), and the placements with the
// admission and the movements. user: the signed-in user (a supervisor may override a home's capacity).
export function measuresPanel(c, { writable, user, onChanged }) {
  const body = h('div', { class: 'card-stack' }, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  const shelter = c.kind === 'family_violence';
  Promise.all([
    api.get(`/cases/${c.id}/measures`),
    api.get(`/cases/${c.id}/placements`),
    writable ? api.get('/homes') : Promise.resolve({ items: [] }),
    writable && shelter ? api.get(`/cases/${c.id}/consents`) : Promise.resolve({ items: [] }),
    shelter ? Promise.resolve(null) : api.get(`/cases/${c.id}/release-plan`).catch((error) => (error && error.status === 404 ? null : Promise.reject(error))),
  ])
    .then(([measures, placements, homes, consents, plan]) => {
      // a juvenile who has been in a home: the aftercare plan, due from 16 (the tasks say when)
      const aftercare = !shelter && (placements.items || []).length ? { plan } : null;
      const ms = (measures.items || []).filter((m) => m.kind !== 'detention' || c.kind === 'juvenile_conflict');
      const ps = placements.items || [];
      const open = ps.some((p) => p.state !== 'discharged');
      const options = { writable, homes: homes.items || [], parent: body, onChanged };
      const admitting = writable && c.stage !== 'closed' && !open && (c.kind !== 'inmate_family');
      replaceChildren(
        body,
        h('section', { class: 'card', 'aria-labelledby': 'measures-title', 'data-test': 'measures-card' },
          h('h2', { class: 'card-title', id: 'measures-title', text: t('homes.measures_title') }),
          h('p', { class: 'card-note', text: t('homes.measures_lead') }),
          ms.length ? h('ul', { class: 'record-list', 'data-test': 'measures' }, ms.map((m) => measureItem(c, m, { writable, onChanged }))) : h('p', { class: 'muted', 'data-test': 'measures-none', text: t('homes.measures_none') }),
          writable ? measureForm(c, onChanged) : null),
        aftercare ? aftercareCard(c, aftercare.plan, { writable, onChanged }) : null,
        h('section', { class: 'card', 'aria-labelledby': 'placements-title', 'data-test': 'placements-card' },
          h('h2', { class: 'card-title', id: 'placements-title', text: t('homes.placements_title') }),
          ps.length ? h('ul', { class: 'record-list', 'data-test': 'case-placements' }, ps.map((p) => placementItem(p, options))) : h('p', { class: 'muted', 'data-test': 'placements-none', text: t('homes.placements_none') }),
          admitting ? admissionForm(c, { homes: options.homes, measures: measures.items || [], consents: consents.items || [], user, onChanged }) : null),
      );
    })
    .catch((error) => replaceChildren(body, banner('error', errorText(error))));
  return body;
}

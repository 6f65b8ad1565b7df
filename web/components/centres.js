// Correction centres shared by the pages: who works a centre's programmes, the labels of their codes, the dialogs
// that record a week's attendance and an outcome (POST /enrolments/{id}/attendance, PATCH /enrolments/{id}), and the
// case page's "Programmes and family" tab of an inmate's case — the programmes taken (GET /cases/{id}/programmes),
// the family's needs assessment, visits and children, and the releases (docs/api.md "Correction centres").

import { api } from '../api.js';
import { t, formatCalendarDate, formatNumber, ammanToday, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { banner, errorText } from './banner.js';
import { personPicker } from './person_picker.js';
import { dataTable } from './table.js';
import { textField, textAreaField, selectField, checkboxField, checkboxGroup, dateField, createForm } from './form.js';
import { modalDialog } from './dialog.js';

export const PROGRAMME_KINDS = ['vocational', 'education', 'psychological', 'religious', 'family_relations', 'addiction_recovery', 'life_skills', 'work'];
export const PROVIDERS = ['ministry', 'police', 'organisation'];
export const OUTCOMES = ['completed', 'dropped', 'transferred', 'released'];

export const programmeHash = (id) => (id ? `#/programmes/${id}` : '#/programmes');
export const kindLabel = (kind) => t('centres.kind.' + kind);
export const providerLabel = (p) => (p.provider === 'organisation' && p.provider_name ? p.provider_name : t('centres.provider.' + p.provider));
export const statusLabel = (status) => t('centres.status.' + status);

const has = (user, role) => Boolean(user && (user.roles || []).includes(role));

// The centre's own social workers and supervisors (their unit is a correction centre) work its programmes.
export function isCentreWorker(user) {
  return Boolean(user && user.unit && user.unit.type === 'correction_centre' && (has(user, 'caseworker') || has(user, 'supervisor')));
}

// Who sees the programmes page: the centre's workers, and the ministry's managers (places and counts only).
export const canSeeProgrammes = (user) => isCentreWorker(user) || has(user, 'manager');

export const dateText = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : null);

export function statusTag(status) {
  const cls = status === 'enrolled' ? 'status-active' : status === 'waiting' ? 'status-warning' : status === 'completed' ? 'status-done' : 'tag-muted';
  return h('span', { class: ['tag', cls], 'data-test': 'enrolment-status', 'data-status': status, text: statusLabel(status) });
}

const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);

// The last seven days up to today that fall within the programme and the enrolment, oldest first.
export function weekDays(programme, enrolment, today = ammanToday()) {
  const days = [];
  for (let d = -6; d <= 0; d++) {
    const day = addDays(today, d);
    if (day < programme.starts_on || day > programme.ends_on) continue;
    if (enrolment.enrolled_on && day < enrolment.enrolled_on) continue;
    if (enrolment.outcome_on && day > enrolment.outcome_on) continue;
    days.push(day);
  }
  return days;
}

// The dialog that records a week's attendance of an enrolment; onDone() once saved.
export function attendanceDialog(programme, enrolment, { parent, onDone }) {
  const days = weekDays(programme, enrolment);
  let dialog;
  const boxes = days.map((day) => checkboxField({ name: `d${day}`, label: formatCalendarDate(day), value: true, testId: `attend-${day}` }));
  const form = createForm({
    fields: boxes,
    layout: days.length ? h('fieldset', { class: 'attend-days' }, h('legend', { text: t('centres.present') }), boxes.map((b) => b.element)) : h('p', { class: 'muted', text: t('centres.attend_none') }),
    submitLabel: t('centres.attend_save'),
    busyLabel: t('common.saving'),
    testId: 'attend-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      const sessions = days.map((day) => ({ date: day, present: Boolean(values[`d${day}`]) }));
      if (sessions.length) await api.post(`/enrolments/${enrolment.id}/attendance`, { sessions });
      dialog.close();
      onDone(t('centres.attend_done', { name: enrolment.person_name || '' }));
    },
  });
  dialog = modalDialog({ title: t('centres.attend_title', { name: enrolment.person_name || '' }), lead: t('centres.attend_lead'), content: form.element, testId: 'attend-dialog' });
  dialog.open(parent, boxes.length ? boxes[0].control : null);
}

// The dialog that records how an enrolment ended (a certificate for a completed programme).
export function outcomeDialog(enrolment, { parent, onDone }) {
  const choices = (enrolment.status === 'waiting' ? OUTCOMES.filter((o) => o !== 'completed') : OUTCOMES).map((o) => ({ value: o, label: statusLabel(o) }));
  const outcome = selectField({ name: 'outcome', label: t('centres.outcome_field'), required: true, choices, value: choices[0].value, testId: 'outcome-kind' });
  const on = dateField({ name: 'outcome_on', label: t('centres.outcome_on'), required: true, value: ammanToday(), testId: 'outcome-on' });
  const reason = textAreaField({ name: 'reason', label: t('centres.outcome_reason'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'outcome-reason' });
  const certificate = textField({ name: 'certificate', label: t('centres.certificate'), dir: 'auto', maxlength: 200, testId: 'outcome-certificate' });
  const sync = () => {
    certificate.element.hidden = outcome.getValue() !== 'completed';
  };
  outcome.control.addEventListener('change', sync);
  sync();
  let dialog;
  const form = createForm({
    fields: [outcome, on, reason, certificate],
    submitLabel: t('centres.outcome_save'),
    busyLabel: t('common.saving'),
    testId: 'outcome-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      const body = { version: enrolment.version, outcome: values.outcome, outcome_on: values.outcome_on };
      if (values.reason) body.reason = values.reason;
      if (values.outcome === 'completed' && values.certificate) body.certificate = values.certificate;
      await api.patch(`/enrolments/${enrolment.id}`, body);
      dialog.close();
      onDone(t('centres.outcome_done'));
    },
  });
  dialog = modalDialog({ title: t('centres.outcome_title', { name: enrolment.person_name || '' }), content: form.element, testId: 'outcome-dialog' });
  dialog.open(parent, outcome.control);
}

// --- the case page's tab ---

export const hasCentreTab = (c) => c.kind === 'inmate_family';

const codes = (prefix, list) => (list && list.length ? list.map((code) => t(prefix + code)).join('، ') : '—');
const row = (label, value) => h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', {}, value));
// A read of a part that may not exist yet (404): null.
const maybe = (path) => api.get(path).catch((error) => (error && error.status === 404 ? null : Promise.reject(error)));

function programmesTable(items, user, woman) {
  const linked = isCentreWorker(user);
  return dataTable({
    caption: t(woman ? 'centres.case_programmes_f' : 'centres.case_programmes'),
    testId: 'case-programmes',
    empty: t(woman ? 'centres.case_programmes_none_f' : 'centres.case_programmes_none'),
    columns: [
      { label: t('centres.col_name'), cell: (e) => (linked ? h('a', { href: programmeHash(e.programme_id) }, h('bdi', { dir: 'auto', text: e.programme_name || '' })) : h('bdi', { dir: 'auto', text: e.programme_name || '' })) },
      { label: t('centres.col_kind'), cell: (e) => kindLabel(e.programme_kind) },
      { label: t('centres.col_status'), cell: (e) => statusTag(e.status) },
      { label: t('centres.col_enrolled_on'), cell: (e) => dateText(e.enrolled_on) },
      { label: t('centres.col_attendance'), cell: (e) => t('centres.attendance_of', { present: formatNumber(e.present), sessions: formatNumber(e.sessions) }) },
      { label: t('centres.certificate'), cell: (e) => (e.certificate ? h('bdi', { dir: 'auto', text: e.certificate }) : '') },
    ],
    rows: items,
  }).element;
}

function familyCard(a) {
  if (!a) return h('p', { class: 'muted', 'data-test': 'family-none', text: t('centres.family_none') });
  return h(
    'dl',
    { class: 'details details-compact', 'data-test': 'family-assessment' },
    row(t('centres.dependants'), formatNumber(a.dependants)),
    row(t('centres.children'), formatNumber(a.children)),
    row(t('centres.children_in_school'), formatNumber(a.children_in_school)),
    row(t('centres.monthly_income'), a.monthly_income === null ? t('centres.unknown') : formatNumber(a.monthly_income)),
    row(t('centres.income_sources'), codes('centres.source.', a.income_sources)),
    row(t('centres.housing'), t('centres.housing.' + a.housing)),
    row(t('centres.health'), codes('centres.health.', a.health)),
    row(t('centres.risks'), codes('centres.risk.', a.risks)),
    a.notes ? row(t('centres.notes'), h('bdi', { dir: 'auto', text: a.notes })) : null,
  );
}

function list(items, empty, testId, render) {
  return items.length ? h('ul', { class: 'plain-list', 'data-test': testId }, items.map(render)) : h('p', { class: 'muted', text: empty });
}

export const INCOME_SOURCES = ['work', 'aid_fund', 'relatives', 'pension', 'charity', 'none'];
export const HOUSINGS = ['owned', 'rented', 'with_relatives', 'unstable', 'homeless'];
export const HEALTH_NEEDS = ['chronic_illness', 'disability', 'mental_health', 'pregnancy', 'no_insurance'];
export const FAMILY_RISKS = ['no_income', 'eviction', 'school_dropout', 'child_labour', 'violence', 'neglect', 'exploitation', 'early_marriage', 'stigma'];
const RELEASE_KINDS = ['release', 'conditional_release', 'early_release'];

// A whole number typed in either digits; otherwise the text as typed, which the server refuses naming the field.
export function count(value) {
  const text = toAsciiDigits(String(value ?? '')).trim();
  return /^[0-9]{1,9}$/.test(text) ? Number(text) : text;
}
// A form behind its summary, closed until opened.
const editor = (label, testId, form) => h('details', { class: 'plan-edit no-print', 'data-test': testId }, h('summary', { text: label }), form.element);

// The family's needs assessment, new or changed at its version.
function assessmentForm(c, a, onChanged) {
  const number = (name, label, value) => textField({ name, label, required: name !== 'monthly_income', dir: 'ltr', inputmode: 'numeric', maxlength: 6, value: value === null || value === undefined ? '' : String(value), testId: `family-${name}` });
  const dependants = number('dependants', t('centres.dependants'), a && a.dependants);
  const children = number('children', t('centres.children'), a && a.children);
  const inSchool = number('children_in_school', t('centres.children_in_school'), a && a.children_in_school);
  const income = number('monthly_income', t('centres.monthly_income'), a && a.monthly_income);
  const sources = checkboxGroup({ name: 'income_sources', label: t('centres.income_sources'), choices: INCOME_SOURCES.map((v) => ({ value: v, label: t('centres.source.' + v) })), value: (a && a.income_sources) || [] });
  const housing = selectField({ name: 'housing', label: t('centres.housing'), required: true, emptyLabel: t('common.choose'), choices: HOUSINGS.map((v) => ({ value: v, label: t('centres.housing.' + v) })), value: (a && a.housing) || '', testId: 'family-housing' });
  const health = checkboxGroup({ name: 'health', label: t('centres.health'), choices: HEALTH_NEEDS.map((v) => ({ value: v, label: t('centres.health.' + v) })), value: (a && a.health) || [] });
  const risks = checkboxGroup({ name: 'risks', label: t('centres.risks'), choices: FAMILY_RISKS.map((v) => ({ value: v, label: t('centres.risk.' + v) })), value: (a && a.risks) || [] });
  const notes = textAreaField({ name: 'notes', label: t('centres.notes'), rows: 2, dir: 'auto', maxlength: 2000, value: (a && a.notes) || '', testId: 'family-notes' });
  const form = createForm({
    fields: [dependants, children, inSchool, income, sources, housing, health, risks, notes],
    submitLabel: t('centres.family_save'),
    busyLabel: t('common.saving'),
    testId: 'family-form',
    onSubmit: async (values) => {
      const body = {
        dependants: count(values.dependants), children: count(values.children), children_in_school: count(values.children_in_school),
        monthly_income: String(values.monthly_income ?? '').trim() === '' ? null : count(values.monthly_income),
        income_sources: values.income_sources, housing: values.housing, health: values.health, risks: values.risks,
      };
      if (values.notes) body.notes = values.notes;
      if (a) body.version = a.version;
      await api.put(`/cases/${c.id}/family-assessment`, body);
      onChanged(t('centres.family_saved'));
    },
  });
  return editor(t(a ? 'centres.family_edit' : 'centres.family_new'), 'family-edit', form);
}

function visitForm(c, onChanged) {
  const on = dateField({ name: 'visited_on', label: t('centres.visited_on'), required: true, value: ammanToday(), testId: 'visit-on' });
  const arrangement = selectField({ name: 'arrangement', label: t('centres.arrangement'), required: true, choices: ['arranged', 'facilitated'].map((v) => ({ value: v, label: t('centres.arrangement.' + v) })), value: 'arranged', testId: 'visit-arrangement' });
  const visitors = textField({ name: 'visitors', label: t('centres.visitors'), required: true, dir: 'auto', maxlength: 500, testId: 'visit-visitors' });
  const notes = textAreaField({ name: 'notes', label: t('centres.notes'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'visit-notes' });
  const form = createForm({
    fields: [on, arrangement, visitors, notes],
    submitLabel: t('centres.visit_add'),
    busyLabel: t('common.saving'),
    testId: 'visit-form',
    onSubmit: async (values) => {
      const body = { visited_on: values.visited_on, arrangement: values.arrangement, visitors: values.visitors };
      if (values.notes) body.notes = values.notes;
      await api.post(`/cases/${c.id}/visits`, body);
      onChanged(t('centres.visit_added'));
    },
  });
  return editor(t('centres.visit_new'), 'visit-new', form);
}

// The plan: an inmate's before release, or (words 'homes') a juvenile's aftercare plan before leaving a home.
export function releasePlanForm(c, plan, onChanged, words = 'centres') {
  const text = (name, required) => textAreaField({ name, label: t(`${words}.plan.${name}`), required, rows: 2, dir: 'auto', maxlength: 2000, value: (plan && plan[name]) || '', testId: `plan-${name}` });
  const fields = [text('housing', true), text('work', true), text('family_readiness', true), text('documents', true), text('referrals', false)];
  const form = createForm({
    fields,
    submitLabel: t(`${words}.plan_save`),
    busyLabel: t('common.saving'),
    testId: 'release-plan-form',
    onSubmit: async (values) => {
      const body = { housing: values.housing, work: values.work, family_readiness: values.family_readiness, documents: values.documents };
      if (values.referrals) body.referrals = values.referrals;
      if (plan) body.version = plan.version;
      await api.put(`/cases/${c.id}/release-plan`, body);
      onChanged(t(`${words}.plan_saved`));
    },
  });
  return editor(t(plan ? `${words}.plan_edit` : `${words}.plan_new`), 'release-plan-edit', form);
}

// A release, or a transfer to another centre (centres: the correction centres it may go to).
function releaseForm(c, centres, onChanged) {
  const kinds = [...RELEASE_KINDS, 'transfer'];
  const kind = selectField({ name: 'kind', label: t('centres.release_kind'), required: true, choices: kinds.map((k) => ({ value: k, label: t('centres.release.' + k) })), value: 'release', testId: 'release-kind' });
  const on = dateField({ name: 'on', label: t('centres.release_on'), required: true, value: ammanToday(), testId: 'release-on' });
  const here = c.centre_unit_id || c.unit_id;
  const name = (u) => (document.documentElement.lang === 'en' ? u.name_en : u.name_ar) || u.name_ar || '';
  const to = selectField({ name: 'to_centre_id', label: t('centres.release_to'), emptyLabel: t('common.choose'), choices: centres.filter((u) => u.id !== here).map((u) => ({ value: String(u.id), label: name(u) })), testId: 'release-to' });
  const notes = textAreaField({ name: 'notes', label: t('centres.notes'), rows: 2, dir: 'auto', maxlength: 2000, testId: 'release-notes' });
  const sync = () => {
    to.element.hidden = kind.getValue() !== 'transfer';
  };
  kind.control.addEventListener('change', sync);
  sync();
  const form = createForm({
    fields: [kind, on, to, notes],
    submitLabel: t('centres.release_save'),
    busyLabel: t('common.saving'),
    testId: 'release-form',
    onSubmit: async (values) => {
      const body = { kind: values.kind, on: values.on };
      if (values.kind === 'transfer' && values.to_centre_id) body.to_centre_id = Number(values.to_centre_id);
      if (values.notes) body.notes = values.notes;
      await api.post(`/cases/${c.id}/releases`, body);
      onChanged(t(values.kind === 'transfer' ? 'centres.transfer_saved' : 'centres.release_saved'));
    },
  });
  return editor(t('centres.release_or_transfer'), 'release-new', form);
}

// A child staying with the inmate mother: found in the registry (registered first with a birth date), and the day
// the child entered with her.
function childAdder(c, onChanged) {
  const error = h('p', { class: 'field-error', hidden: true, 'data-test': 'child-error' });
  const setError = (message) => {
    error.textContent = message;
    error.hidden = false;
  };
  const clearError = () => {
    error.textContent = '';
    error.hidden = true;
  };
  const picker = personPicker({ testPrefix: 'child', noResults: t('centres.child_not_found'), onError: setError, onClearError: clearError });
  const entered = dateField({ name: 'entered_on', label: t('centres.child_entered_on'), required: true, value: ammanToday(), testId: 'child-entered' });
  const button = h('button', { type: 'button', class: 'button', 'data-test': 'child-add' }, t('centres.child_add'));
  button.addEventListener('click', async () => {
    clearError();
    const person = picker.chosen();
    if (!person) {
      setError(t('centres.child_choose'));
      picker.focusTarget().focus();
      return;
    }
    button.disabled = true;
    try {
      await api.post(`/cases/${c.id}/children`, { person_id: person.id, entered_on: entered.getValue() });
      onChanged(t('centres.child_added'));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      button.disabled = false;
    }
  });
  return h('details', { class: 'plan-edit no-print', 'data-test': 'child-new' },
    h('summary', { text: t('centres.child_new') }),
    h('fieldset', { class: 'person-adder' },
      h('label', { for: picker.searchId, class: 'sub-label', text: t('centres.child_search') }),
      picker.controls, entered.element, button, error));
}

// Where a child goes next (to the family, or to a care home through a court measure), decided at its version.
function nextPlaceControl(c, child, onChanged) {
  const id = `next-${child.id}`;
  const select = h('select', { id, 'data-test': 'child-next-place' },
    h('option', { value: '', text: t('common.choose') }),
    ['family', 'care_home'].map((v) => h('option', { value: v, text: t('centres.next_place.' + v) })));
  const error = h('span', { class: 'field-error', hidden: true });
  const button = h('button', { type: 'button', class: 'button button-small', 'data-test': 'child-next-save' }, t('centres.child_next_save'));
  button.addEventListener('click', async () => {
    if (!select.value) return;
    button.disabled = true;
    try {
      await api.patch(`/cases/${c.id}/children/${child.id}`, { version: child.version, next_place: select.value });
      onChanged(t('centres.child_next_saved'));
    } catch (failure) {
      error.textContent = errorText(failure);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'row-actions no-print' }, h('label', { for: id, class: 'visually-hidden', text: t('centres.child_next') }), select, button, error);
}

// The day the child left her mother, where she went and a note: the end of her stay in the centre, at its version.
function leaveControl(c, child, onChanged) {
  const on = dateField({ name: 'left_on', label: t('centres.child_left_on'), required: true, value: ammanToday(), testId: 'child-left-on' });
  const where = selectField({ name: 'next_place', label: t('centres.child_left_to'), required: true, emptyLabel: t('common.choose'), choices: ['family', 'care_home'].map((v) => ({ value: v, label: t('centres.next_place.' + v) })), value: child.next_place || '', testId: 'child-left-to' });
  const notes = textAreaField({ name: 'notes', label: t('centres.child_left_notes'), rows: 2, dir: 'auto', maxlength: 2000, value: child.notes || '', testId: 'child-left-notes' });
  const form = createForm({
    fields: [on, where, notes],
    submitLabel: t('centres.child_left_save'),
    busyLabel: t('common.saving'),
    testId: 'child-leave',
    errorAction: (error) => (error.code === 'version.conflict' ? { label: t('common.reload'), onClick: () => onChanged('') } : undefined),
    onSubmit: async (values) => {
      const body = { version: child.version, left_on: values.left_on, next_place: values.next_place };
      if (values.notes) body.notes = values.notes;
      await api.patch(`/cases/${c.id}/children/${child.id}`, body);
      onChanged(t('centres.child_left_saved'));
    },
  });
  return h('details', { class: 'plan-edit no-print', 'data-test': 'child-leave-card' },
    h('summary', { text: t('centres.child_left_title') }), form.element);
}

// A child at risk referred to a protection case: the case's number, given by the office that registered it, links
// the two cases.
function protectionControl(c, child, onChanged) {
  const id = `protection-${child.id}`;
  const input = h('input', { id, type: 'text', dir: 'ltr', inputmode: 'numeric', maxlength: '18', class: 'input-short', 'data-test': 'child-protection-case' });
  const error = h('span', { class: 'field-error', hidden: true, 'data-test': 'child-protection-error' });
  const button = h('button', { type: 'button', class: 'button button-small', 'data-test': 'child-protection-save' }, t('centres.protection_link'));
  button.addEventListener('click', async () => {
    const number = toAsciiDigits(input.value).trim();
    if (!/^[1-9][0-9]{0,17}$/.test(number)) {
      error.textContent = t('centres.protection_number_invalid');
      error.hidden = false;
      return;
    }
    button.disabled = true;
    try {
      await api.patch(`/cases/${c.id}/children/${child.id}`, { version: child.version, protection_case_id: Number(number) });
      onChanged(t('centres.protection_linked'));
    } catch (failure) {
      error.textContent = errorText(failure);
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'row-actions no-print' }, h('label', { for: id, class: 'sub-label', text: t('centres.protection_case') }), input, button, error);
}

// The tab's content: drawn once its parts are read; writable: the centre's worker may change them.
export function centrePanel(c, { user, writable = false, onChanged = () => {} }) {
  const panel = h('div', { class: 'centre-panel', 'data-test': 'centre-panel' }, h('p', { class: 'muted', text: t('centres.loading') }));
  Promise.all([
    api.get(`/cases/${c.id}/programmes`),
    maybe(`/cases/${c.id}/family-assessment`),
    api.get(`/cases/${c.id}/visits`),
    api.get(`/cases/${c.id}/children`),
    maybe(`/cases/${c.id}/release-plan`),
    api.get(`/cases/${c.id}/releases`),
    api.get(`/cases/${c.id}/persons`),
    writable ? api.get('/units', { type: 'correction_centre', limit: 100 }).catch(() => ({ items: [] })) : { items: [] },
  ]).then(([programmes, assessment, visits, children, plan, releases, persons, units]) => {
    // a child stays with an inmate mother: the section for a woman's case, or one that has children recorded
    const mother = (persons.items || []).some((p) => p.role === 'inmate' && p.person && p.person.sex === 'female');
    const section = (title, ...content) => h('section', { class: 'card centre-section' }, h('h3', { class: 'card-title', text: title }), ...content);
    replaceChildren(
      panel,
      section(t(mother ? 'centres.case_programmes_f' : 'centres.case_programmes'), programmesTable(programmes.items, user, mother)),
      section(t('centres.family_title'), familyCard(assessment), writable ? assessmentForm(c, assessment, onChanged) : null),
      section(t('centres.visits_title'), list(visits.items, t('centres.visits_none'), 'family-visits', (v) => h('li', {}, dateText(v.visited_on), ' — ', h('bdi', { dir: 'auto', text: v.visitors }), ` (${t('centres.arrangement.' + v.arrangement)})`)), writable ? visitForm(c, onChanged) : null),
      children.items.length || mother
        ? section(t('centres.children_title'), list(children.items, t('centres.children_none'), 'centre-children', (k) => h('li', { 'data-child': String(k.id) },
          h('bdi', { dir: 'auto', text: k.person_name || '' }), ' — ',
          t('centres.child_line', { birth: formatCalendarDate(k.birth_date), entered: formatCalendarDate(k.entered_on) }), ' · ',
          h('span', { 'data-test': 'child-next', text: k.next_place ? t('centres.next_place.' + k.next_place) : t('centres.next_place_none') }),
          k.left_on ? [' · ', h('span', { 'data-test': 'child-left', text: t('centres.child_left_line', { date: formatCalendarDate(k.left_on) }) })] : null,
          k.left_on && k.notes ? [' — ', h('bdi', { dir: 'auto', text: k.notes })] : null,
          writable && !k.next_place && !k.left_on ? [' ', nextPlaceControl(c, k, onChanged)] : null,
          writable && !k.left_on ? leaveControl(c, k, onChanged) : null,
          k.protection_case_reference
            ? [' · ', h('span', { 'data-test': 'child-protection' }, t('centres.protection_case_is'), ' ', h('bdi', { dir: 'ltr', text: k.protection_case_reference }))]
            : writable ? h('div', {}, protectionControl(c, k, onChanged)) : null)),
          writable && mother ? childAdder(c, onChanged) : null)
        : null,
      section(t('centres.release_title'),
        h('p', { 'data-test': 'release-plan', text: t(plan ? 'centres.release_plan_done' : 'centres.release_plan_missing') }),
        list(releases.items, t('centres.releases_none'), 'centre-releases', (r) => h('li', {}, t('centres.release.' + r.kind), ' — ', dateText(r.on),
          r.to_centre_name ? [' → ', h('bdi', { dir: 'auto', text: r.to_centre_name })] : null,
          r.aftercare_months ? [' · ', t('centres.aftercare', { months: formatNumber(r.aftercare_months) })] : null)),
        writable ? releasePlanForm(c, plan, onChanged) : null,
        writable && !releases.items.some((r) => r.kind !== 'transfer') ? releaseForm(c, units.items || [], onChanged) : null),
    );
  }).catch((error) => {
    replaceChildren(panel, banner('error', (error && error.message) || t('centres.error')));
  });
  return panel;
}

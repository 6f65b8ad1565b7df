// What the referral pages and the case page share: who may use the boxes, how a referral's kind, status, urgency and
// waiting time are shown, the units a referral or a service may go to, and the services of a case with the dialog that
// changes one (PATCH /cases/{id}/services/{service_id} with its version).

import { api } from '../api.js';
import { t, has, getLanguage, localName, formatNumber, formatDateTime, formatCalendarDate } from '../i18n.js';
import { h } from './dom.js';
import { selectField, textAreaField, dateField, createForm, changedFields } from './form.js';
import { modalDialog } from './dialog.js';
import { keepDraft } from './drafts.js';
import { codeLabel, codeChoices, unitTypeReceives } from './codes.js';
import { CASE_WRITE_ROLES } from './cases.js';
import { isolate } from './persons.js';

// The roles with a unit's boxes: the working roles (GET /referrals refuses managers and the rest).
export const REFERRAL_ROLES = CASE_WRITE_ROLES;

export function canUseReferrals(user) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.some((role) => REFERRAL_ROLES.includes(role)));
}

// The interface's address of a referral: '#/referrals/<id>'.
export function referralHash(id) {
  return '#/referrals/' + encodeURIComponent(String(id));
}

export const referralKindLabel = (kind) => codeLabel('referral_kinds', kind);
export const sectionLabel = (code) => codeLabel('case_sections', code);
export const serviceTypeLabel = (type) => codeLabel('service_types', type);

// The states a referral still waits in: pending, or an accepted referral not completed (an accepted transfer is done).
export function isOpen(referral) {
  return referral.status === 'pending' || (referral.status === 'accepted' && referral.kind === 'referral');
}

const STATUS_CLASS = {
  pending: 'status-warning',
  accepted: 'status-active',
  completed: null,
  rejected: 'tag-danger',
  revoked: 'status-closed',
};

export function referralStatusTag(status) {
  return h('span', {
    class: ['tag', STATUS_CLASS[status]],
    'data-test': 'referral-status',
    'data-status': status,
    text: codeLabel('referral_statuses', status),
  });
}

const URGENCY_CLASS = { routine: 'tag-muted', urgent: 'status-warning', emergency: 'tag-danger' };

export function urgencyTag(urgency) {
  return h('span', {
    class: ['tag', URGENCY_CLASS[urgency]],
    'data-test': 'referral-urgency',
    'data-urgency': urgency,
    text: codeLabel('referral_urgencies', urgency),
  });
}

// The flag of a referral unchanged for the stale setting (14 days) or more.
export function staleTag() {
  return h('span', { class: 'tag status-overdue', 'data-test': 'stale', title: t('referrals.stale_title'), text: t('referrals.stale') });
}

// How long a referral has waited in its state, in words with the plural forms of the language: "منذ ٣ أيام",
// "3 days".
export function waitedText(seconds) {
  const value = Math.max(0, Number(seconds) || 0);
  if (value < 3600) return t('referrals.waited.under_hour');
  const [unit, count] = value < 86400 ? ['hour', Math.floor(value / 3600)] : ['day', Math.floor(value / 86400)];
  let category = 'other';
  try {
    category = new Intl.PluralRules(getLanguage()).select(count);
  } catch {
    // the general form
  }
  const key = `referrals.waited.${unit}.${category}`;
  return t(has(key) ? key : `referrals.waited.${unit}.other`, { n: formatNumber(count) });
}

// The waiting time of an open referral with the stale flag; for a decided one, when its state last changed.
export function waitedCell(referral) {
  if (!isOpen(referral)) {
    return h('time', { datetime: referral.status_changed_at, class: 'muted', text: formatDateTime(referral.status_changed_at) });
  }
  return h(
    'span',
    { class: 'waited' },
    h('span', { 'data-test': 'waited', class: referral.stale ? 'overdue-text' : null, text: waitedText(referral.waiting_seconds) }),
    referral.stale ? [' ', staleTag()] : null,
  );
}

// The name of the sending ('from') or receiving ('to') unit of a referral in the current language.
export function unitName(referral, side) {
  return localName({ name_ar: referral[side + '_unit_name_ar'], name_en: referral[side + '_unit_name_en'] });
}

export function consentBasisLabel(basis) {
  const key = 'referrals.basis.' + basis;
  return has(key) ? t(key) : basis || '';
}

// --- Units ---

let unitsCache = null;
const UNITS_KEPT_MS = 10 * 60 * 1000;

// Every active unit (GET /units?status=active, page after page), kept for a few minutes. Throws ApiError.
export async function loadActiveUnits() {
  if (unitsCache && Date.now() - unitsCache.at < UNITS_KEPT_MS) return unitsCache.promise;
  const promise = (async () => {
    const units = [];
    let cursor = null;
    for (let page = 0; page < 25; page += 1) {
      const answer = await api.get('/units', { status: 'active', limit: 200, cursor });
      units.push(...((answer && answer.items) || []));
      cursor = answer && answer.next_cursor;
      if (!cursor) break;
    }
    return units;
  })();
  unitsCache = { at: Date.now(), promise };
  promise.catch(() => {
    unitsCache = null;
  });
  return promise;
}

// The choices of a unit select: grouped by unit type (in the order of /codes), by name within a type; `exclude` is
// the id of a unit left out (the case's own); with `caseKind`, only units that work cases of that kind.
export function unitChoices(units, exclude, caseKind) {
  const order = codeChoices('unit_types').map((choice) => choice.value);
  const rank = (type) => (order.includes(type) ? order.indexOf(type) : order.length);
  const locale = getLanguage() === 'ar' ? 'ar' : 'en';
  return units
    .filter((unit) => unit.id !== exclude && unit.status !== 'closed' && (!caseKind || unitTypeReceives(unit.type, caseKind)))
    .sort((a, b) => rank(a.type) - rank(b.type) || localName(a).localeCompare(localName(b), locale))
    .map((unit) => ({ value: String(unit.id), label: localName(unit), group: codeLabel('unit_types', unit.type) }));
}

// --- Services ---

const SERVICE_CLASS = {
  planned: 'tag-muted',
  referred: 'status-warning',
  provided: 'status-active',
  received_elsewhere: 'status-closed',
  declined: 'status-closed',
  unavailable: 'tag-danger',
};

export function serviceStatusTag(status) {
  return h('span', {
    class: ['tag', SERVICE_CLASS[status]],
    'data-test': 'service-status',
    'data-status': status,
    text: codeLabel('service_statuses', status),
  });
}

// Who gives a service: its unit, or the outside provider.
function serviceWho(service) {
  const unit = localName({ name_ar: service.unit_name_ar, name_en: service.unit_name_en });
  if (service.unit_id) return h('span', { 'data-test': 'service-unit', text: unit || t('cases.unit_n', { n: formatNumber(service.unit_id) }) });
  return h('bdi', { dir: 'auto', 'data-test': 'service-provider', text: service.provider || '' });
}

// The dialog that changes a service's status, date and notes, sent with its version. onDone(message) after a change,
// onReload() when the service changed meanwhile and the user asks for the new one.
function changeService(service, { parent, onDone, onReload }) {
  const status = selectField({ name: 'status', label: t('services.status'), required: true, choices: codeChoices('service_statuses'), value: service.status, testId: 'service-change-status' });
  const due = dateField({ name: 'due_on', label: t('services.due_on'), value: service.due_on || '', testId: 'service-change-due' });
  const notes = textAreaField({ name: 'notes', label: t('services.notes'), value: service.notes || '', rows: 3, dir: 'auto', maxlength: 4000, testId: 'service-change-notes' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [status, due, notes],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'service-change',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    errorAction: () => ({
      label: t('common.reload'),
      onClick: () => {
        draft.clear();
        dialog.close();
        onReload();
      },
    }),
    onSubmit: async (values) => {
      const changes = changedFields(service, values);
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      await api.patch(`/cases/${service.case_id}/services/${service.id}`, { version: service.version, ...changes });
      draft.clear();
      dialog.close();
      onDone(t('services.changed', { type: serviceTypeLabel(service.type) }));
    },
  });
  draft = keepDraft(form, `service_change/${service.id}`);
  dialog = modalDialog({
    title: t('services.change_title'),
    lead: serviceTypeLabel(service.type),
    content: form.element,
    testId: 'service-change-dialog',
  });
  dialog.open(parent, status.control);
}

// The services of a case as a list: type, who gives it, status, date, notes and the last change. Options:
// canChange(service) → true to offer the change button, parent (the page element that holds dialogs),
// onChanged(message), onReload(), empty (the text when there are none), testId.
export function servicesList(services, { canChange = () => false, parent, onChanged, onReload, empty, testId = 'services' } = {}) {
  if (!services.length) return h('p', { class: 'muted', 'data-test': testId + '-empty', text: empty || t('services.empty') });
  return h('ul', { class: 'record-list service-list', 'data-test': testId }, services.map((service) => h(
    'li',
    { class: 'record service', 'data-test': 'service', 'data-type': service.type, 'data-status': service.status, 'data-id': String(service.id) },
    h(
      'div',
      { class: 'record-head' },
      h('span', { class: 'record-title', 'data-test': 'service-type', text: serviceTypeLabel(service.type) }),
      serviceStatusTag(service.status),
      canChange(service)
        ? h('button', {
          type: 'button',
          class: 'button button-small service-change-button',
          'data-test': 'service-change-open',
          'aria-label': t('services.change_label', { type: serviceTypeLabel(service.type) }),
          onclick: () => changeService(service, { parent, onDone: onChanged, onReload }),
        }, t('services.change'))
        : null,
    ),
    h(
      'dl',
      { class: 'details details-compact' },
      h('div', { class: 'details-row' }, h('dt', { text: service.unit_id ? t('services.unit') : t('services.provider') }), h('dd', {}, serviceWho(service))),
      service.due_on ? h('div', { class: 'details-row' }, h('dt', { text: t('services.due_on') }), h('dd', {}, h('time', { datetime: service.due_on, text: formatCalendarDate(service.due_on) }))) : null,
      service.notes ? h('div', { class: 'details-row' }, h('dt', { text: t('services.notes') }), h('dd', {}, h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'service-notes', text: service.notes }))) : null,
    ),
    h('p', { class: 'record-meta', 'data-test': 'service-updated' }, service.updated_by_name
      ? t('services.updated_by', { when: formatDateTime(service.updated_at), who: isolate(service.updated_by_name) })
      : t('services.updated', { when: formatDateTime(service.updated_at) })),
  )));
}

// The "Referrals and services" tab of a case, for its own side: (a) the case's referrals and transfers
// (GET /cases/{id}/referrals) with their state and a link to each; (b) the form that refers or transfers it
// (POST /cases/{id}/referrals), where a refusal for want of an adult survivor's consent (400 referral.consent_required)
// is shown in a box with a way to record the consent right there; (c) the consents of the case's persons, recorded and
// withdrawn; (d) the services, given by a unit or an outside provider, and their changes.

import { api } from '../api.js';
import { t, formatDateTime, formatCalendarDate, ammanToday } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { bannerSlot, errorText } from './banner.js';
import { selectField, textField, textAreaField, checkboxGroup, dateField, createForm } from './form.js';
import { dataTable } from './table.js';
import { codeLabel, codeChoices } from './codes.js';
import { personRoleLabel } from './cases.js';
import { isolate } from './persons.js';
import {
  referralHash, referralKindLabel, referralStatusTag, urgencyTag, waitedCell, unitName, loadActiveUnits, unitChoices,
  servicesList,
} from './referrals.js';
import { keepDraft } from './drafts.js';

// --- (a) the case's referrals ---

// The case's referrals; `linked`: each kind is a link to the referral's page (for the roles with a unit's boxes).
function referralsTable(referrals, linked) {
  const table = dataTable({
    columns: [
      {
        label: t('referrals.column.kind'),
        className: 'nowrap',
        cell: (r) => (linked
          ? h('a', { href: referralHash(r.id), 'data-test': 'case-referral-link', 'data-referral-id': String(r.id) }, referralKindLabel(r.kind))
          : h('span', { 'data-test': 'case-referral-kind', text: referralKindLabel(r.kind) })),
      },
      { label: t('referrals.column.to'), cell: (r) => h('span', { 'data-test': 'case-referral-unit', text: unitName(r, 'to') }) },
      { label: t('referrals.column.urgency'), cell: (r) => urgencyTag(r.urgency) },
      { label: t('referrals.column.status'), cell: (r) => referralStatusTag(r.status) },
      {
        label: t('referrals.column.sent'),
        cell: (r) => h('span', {}, h('time', { datetime: r.sent_at, text: formatDateTime(r.sent_at) }), r.sent_by_name ? h('bdi', { class: 'cell-sub', dir: 'auto', text: r.sent_by_name }) : null),
      },
      { label: t('referrals.column.waited'), cell: (r) => waitedCell(r) },
    ],
    rows: referrals,
    caption: t('case_referrals.list'),
    empty: t('case_referrals.none'),
    testId: 'case-referrals',
    stack: true,
  });
  referrals.forEach((r, index) => {
    const row = table.element.querySelectorAll('tbody tr')[index];
    if (row) {
      row.setAttribute('data-test', 'case-referral');
      row.setAttribute('data-status', r.status);
    }
  });
  return table.element;
}

// --- (c) consents ---

// The persons whose consent can be recorded: every person of the case but its reporter, victims first.
function consentPersons(persons) {
  const order = (entry) => (entry.role === 'victim' ? 0 : 1);
  const seen = new Set();
  return persons
    .filter((entry) => entry.role !== 'reporter' && entry.person)
    .sort((a, b) => order(a) - order(b))
    .filter((entry) => (seen.has(entry.person.id) ? false : seen.add(entry.person.id)));
}

// True unless the person is known to be under 18 today (one of unknown age counts as an adult, as the server has it).
function adultOrUnknown(person) {
  const today = ammanToday();
  if (person.birth_date) {
    const [year, rest] = [Number(person.birth_date.slice(0, 4)), person.birth_date.slice(4)];
    return year + 18 < Number(today.slice(0, 4)) || (year + 18 === Number(today.slice(0, 4)) && rest <= today.slice(4));
  }
  if (person.birth_year) return Number(today.slice(0, 4)) - person.birth_year >= 18;
  return true;
}

// The adult victims of a case who have no consent in force (the ones a referral waits for).
function victimsWithoutConsent(persons, consents) {
  return consentPersons(persons).filter((entry) => entry.role === 'victim' && adultOrUnknown(entry.person)
    && !consents.some((k) => k.person_id === entry.person.id && !k.withdrawn));
}

// The form that records a consent. Options: persons (of the case), preferred (a person id chosen first),
// onAdded(consent), testId, draftName (to keep its unsaved text under that name). Returns the form.
function consentForm(c, { persons, preferred, onAdded, testId, draftName }) {
  const choices = consentPersons(persons).map((entry) => ({ value: String(entry.person.id), label: `${entry.person.full_name} (${personRoleLabel(entry.role, entry.person.sex)})` }));
  const person = selectField({ name: 'person_id', label: t('consents.person'), required: true, choices, emptyLabel: t('common.choose'), value: preferred ? String(preferred) : '', testId: testId + '-person' });
  const method = selectField({ name: 'method', label: t('consents.method'), required: true, choices: codeChoices('consent_methods'), value: 'written', testId: testId + '-method' });
  const given = dateField({ name: 'given_on', label: t('consents.given_on'), required: true, value: ammanToday(), max: ammanToday(), testId: testId + '-given-on' });
  const scope = textAreaField({ name: 'scope', label: t('consents.scope'), hint: t('consents.scope_hint'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: testId + '-scope' });
  let draft = null;
  const form = createForm({
    fields: [person, method, given, scope],
    layout: [h('div', { class: 'form-grid' }, person.element, method.element, given.element), scope.element],
    submitLabel: t('consents.add_submit'),
    className: 'form-wide-text',
    busyLabel: t('common.saving'),
    testId,
    onSubmit: async (values) => {
      const consent = await api.post(`/cases/${c.id}/consents`, {
        person_id: Number(values.person_id), method: values.method, given_on: values.given_on, scope: values.scope,
      });
      if (draft) draft.clear();
      await onAdded(consent);
    },
  });
  if (draftName) draft = keepDraft(form, draftName);
  return form;
}

function consentItem(c, consent, { writable, onWithdrawn, messages }) {
  let actions = null;
  if (writable && !consent.withdrawn) {
    const confirmBox = h('div', { class: 'confirm-box', hidden: true, role: 'group', 'aria-label': t('consents.withdraw') });
    const start = h('button', {
      type: 'button',
      class: 'button button-small button-danger-quiet',
      'data-test': 'consent-withdraw',
      onclick: () => {
        start.hidden = true;
        confirmBox.hidden = false;
        confirmBox.querySelector('button').focus();
      },
    }, t('consents.withdraw'));
    replaceChildren(
      confirmBox,
      h('p', { text: t('consents.withdraw_confirm', { name: isolate(consent.person_name) }) }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', {
          type: 'button',
          class: 'button button-small button-danger',
          'data-test': 'confirm-consent-withdraw',
          onclick: async () => {
            try {
              await api.post(`/cases/${c.id}/consents/${consent.id}/withdraw`, {});
              await onWithdrawn(consent);
            } catch (error) {
              messages.error(error);
            }
          },
        }, t('consents.withdraw_yes')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { confirmBox.hidden = true; start.hidden = false; start.focus(); } }, t('common.cancel')),
      ),
    );
    actions = [start, confirmBox];
  }
  return h(
    'li',
    { class: ['record', 'consent', consent.withdrawn ? 'consent-withdrawn' : null], 'data-test': 'consent', 'data-person-id': String(consent.person_id), 'data-withdrawn': consent.withdrawn ? 'true' : 'false' },
    h(
      'div',
      { class: 'record-head' },
      h('bdi', { class: 'record-title', dir: 'auto', 'data-test': 'consent-person', text: consent.person_name || '' }),
      h('span', { class: 'tag tag-muted', text: codeLabel('consent_methods', consent.method) }),
      consent.withdrawn
        ? h('span', { class: 'tag status-closed', 'data-test': 'consent-state', text: t('consents.withdrawn') })
        : h('span', { class: 'tag status-active', 'data-test': 'consent-state', text: t('consents.in_force') }),
    ),
    h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'consent-scope', text: consent.scope || '' }),
    h(
      'p',
      { class: 'record-meta' },
      t('consents.given', { date: formatCalendarDate(consent.given_on) }), ' · ',
      t('consents.recorded', { when: formatDateTime(consent.recorded_at) }),
      consent.recorded_by_name ? [' ', t('cases.by'), ' ', h('bdi', { dir: 'auto', text: consent.recorded_by_name })] : null,
      consent.withdrawn_at ? [' · ', t('consents.withdrawn_at', { when: formatDateTime(consent.withdrawn_at) })] : null,
    ),
    actions,
  );
}

// --- (b) the referral form ---

// Calls `callback` once, when `element` first comes into view (its tab shown, the page scrolled to it), so that what
// only a form needs is read only when someone may use the form.
function whenShown(element, callback) {
  if (typeof IntersectionObserver !== 'function') {
    callback();
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    callback();
  }, { rootMargin: '200px' });
  observer.observe(element);
}

// Fills a unit select with the active units (all but `exclude`) when it first comes into view. units() returns a
// promise of the units. Returns {loaded()}. A unit put back from a draft before the list came (field.setDraft) is
// chosen once it comes.
function fillUnits(field, units, exclude, caseKind) {
  let loaded = false;
  let wanted = '';
  field.getDraft = () => (loaded ? field.getValue() : wanted);
  field.setDraft = (value) => {
    wanted = value || '';
    if (loaded) field.setValue(wanted);
  };
  field.control.disabled = true;
  whenShown(field.control, () => {
    units()
      .then((list) => {
        field.setChoices(unitChoices(list, exclude, caseKind), wanted);
        // the empty choice now asks to choose
        const empty = field.control.querySelector('option[value=""]');
        if (empty) empty.textContent = t('common.choose');
        loaded = true;
      })
      .catch((error) => field.setError(errorText(error)))
      .finally(() => {
        field.control.disabled = false;
        field.control.removeAttribute('disabled');
      });
  });
  return { loaded: () => loaded };
}

// The form that refers or transfers the case. units() returns a promise of the active units. onConsentAdded(consent)
// after a consent is recorded in the box the form shows when the server asks for one.
function referralForm(c, data, { units, onChanged, onConsentAdded }) {
  const supervisor = Boolean(c.can && c.can.supervise);
  const kindChoices = codeChoices('referral_kinds').filter((choice) => supervisor || choice.value !== 'transfer');
  const kind = selectField({ name: 'kind', label: t('case_referrals.kind'), required: true, choices: kindChoices, value: 'referral', testId: 'referral-kind-select' });
  const unit = selectField({ name: 'to_unit_id', label: t('case_referrals.to_unit'), required: true, choices: [], emptyLabel: t('app.loading'), testId: 'referral-to-unit' });
  const unitList = fillUnits(unit, units, c.unit_id, c.kind);
  const urgency = selectField({ name: 'urgency', label: t('referrals.column.urgency'), required: true, choices: codeChoices('referral_urgencies'), value: 'routine', testId: 'referral-urgency-select' });
  const reason = textAreaField({ name: 'reason', label: t('referrals.reason'), hint: t('case_referrals.reason_hint'), required: true, rows: 3, dir: 'auto', maxlength: 2000, testId: 'referral-reason-input' });
  const sections = checkboxGroup({ name: 'sections', label: t('case_referrals.sections'), required: true, choices: codeChoices('case_sections'), value: ['summary'] });
  const sectionsHint = h('p', { class: 'field-hint', text: t('case_referrals.sections_hint') });
  sections.element.insertBefore(sectionsHint, sections.element.querySelector('.checkbox-list'));
  const transferNote = h('p', { class: 'field-hint transfer-note', 'data-test': 'transfer-note', hidden: true, text: t('case_referrals.transfer_note') });
  const services = checkboxGroup({ name: 'services', label: t('case_referrals.services'), choices: codeChoices('service_types'), value: [] });
  const override = supervisor && c.kind === 'family_violence'
    ? textAreaField({ name: 'override_reason', label: t('case_referrals.override'), hint: t('case_referrals.override_hint'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'referral-override' })
    : null;

  // The box shown when the server refuses for want of consent: its message, and the consent form right there.
  const consentBox = h('div', { class: 'consent-required', role: 'group', 'aria-labelledby': 'consent-required-title', hidden: true, tabindex: '-1', 'data-test': 'consent-required' });
  const showConsentBox = (message) => {
    const missing = victimsWithoutConsent(data.persons, data.consents);
    const opener = h('button', { type: 'button', class: 'button button-warning', 'data-test': 'consent-required-record' }, t('case_referrals.record_consent'));
    const place = h('div', { class: 'consent-required-form' });
    opener.addEventListener('click', () => {
      opener.hidden = true;
      const form = consentForm(c, {
        persons: data.persons,
        preferred: missing[0] ? missing[0].person.id : null,
        testId: 'consent-inline',
        onAdded: async (consent) => {
          await onConsentAdded(consent);
          replaceChildren(
            consentBox,
            h('p', { class: 'consent-required-title', id: 'consent-required-title', text: t('case_referrals.consent_recorded_title') }),
            h('p', { 'data-test': 'consent-required-done', text: t('case_referrals.consent_recorded', { name: isolate(consent.person_name) }) }),
          );
          consentBox.classList.add('consent-required-done');
          submit.focus();
        },
      });
      replaceChildren(place, form.element);
      const first = form.element.querySelector('select, input, textarea');
      if (first) first.focus();
    });
    consentBox.classList.remove('consent-required-done');
    replaceChildren(
      consentBox,
      h('p', { class: 'consent-required-title', id: 'consent-required-title', text: t('case_referrals.consent_required_title') }),
      h('p', { 'data-test': 'consent-required-message', text: message }),
      missing.length
        ? h('p', { class: 'muted' }, t('case_referrals.consent_missing'), ' ', missing.map((entry, index) => [index ? t('common.list_separator') : '', h('bdi', { dir: 'auto', text: entry.person.full_name })]))
        : null,
      h('div', { class: 'form-actions' }, opener),
      place,
      override ? h('p', { class: 'field-hint', text: t('case_referrals.consent_or_override') }) : null,
    );
    consentBox.hidden = false;
    consentBox.scrollIntoView({ block: 'nearest' });
    consentBox.focus();
  };

  const onKind = () => {
    const transfer = kind.getValue() === 'transfer';
    sections.element.hidden = transfer;
    sections.required = !transfer;
    transferNote.hidden = !transfer;
  };
  kind.control.addEventListener('change', onKind);

  const fields = [kind, unit, urgency, reason, sections, services, override].filter(Boolean);
  let draft = null;
  const form = createForm({
    fields,
    layout: [
      h('div', { class: 'form-grid' }, kind.element, unit.element, urgency.element),
      supervisor ? null : h('p', { class: 'field-hint', text: t('case_referrals.transfer_supervisor') }),
      reason.element,
      sections.element,
      transferNote,
      services.element,
      override ? override.element : null,
    ],
    beforeActions: consentBox,
    submitLabel: t('case_referrals.send'),
    busyLabel: t('common.saving'),
    testId: 'referral-send',
    className: 'form-wide-text',
    validate: (values) => (!values.to_unit_id && !unitList.loaded() ? { to_unit_id: t('services.units_wait') } : null),
    onSubmit: async (values) => {
      consentBox.hidden = true;
      const transfer = values.kind === 'transfer';
      const body = { kind: values.kind, to_unit_id: Number(values.to_unit_id), reason: values.reason, urgency: values.urgency };
      if (!transfer) body.sections = values.sections;
      if (values.services.length) body.services = values.services;
      if (values.override_reason) body.override_reason = values.override_reason;
      try {
        await api.post(`/cases/${c.id}/referrals`, body);
      } catch (error) {
        if (error && error.code === 'referral.consent_required') {
          form.banner.clear();
          // the field's own message (the whole error's ends with the field's name)
          const field = error.fields && error.fields.consent;
          showConsentBox(field && field.message ? field.message : errorText(error));
          return;
        }
        throw error;
      }
      draft.clear();
      const chosen = unit.control.selectedOptions[0];
      onChanged(t(transfer ? 'case_referrals.transfer_sent' : 'case_referrals.sent', { unit: chosen ? chosen.textContent : '' }));
    },
  });
  const submit = form.element.querySelector('button[type="submit"]');
  onKind();
  draft = keepDraft(form, `referral/${c.id}`, { onRestore: onKind });
  return form;
}

// --- (d) services ---

function serviceForm(c, { units, onChanged }) {
  const type = selectField({ name: 'type', label: t('services.type'), required: true, choices: codeChoices('service_types'), emptyLabel: t('common.choose'), testId: 'service-type-select' });
  const who = selectField({
    name: 'who',
    label: t('services.who'),
    required: true,
    choices: [{ value: 'unit', label: t('services.who_unit') }, { value: 'provider', label: t('services.who_provider') }],
    value: 'provider',
    testId: 'service-who',
  });
  const unit = selectField({ name: 'unit_id', label: t('services.unit'), required: false, choices: [], emptyLabel: t('app.loading'), testId: 'service-unit-select' });
  const provider = textField({ name: 'provider', label: t('services.provider'), placeholder: t('services.provider_hint'), dir: 'auto', maxlength: 200, testId: 'service-provider-input' });
  const due = dateField({ name: 'due_on', label: t('services.due_on'), testId: 'service-due' });
  const status = selectField({ name: 'status', label: t('services.status'), required: true, choices: codeChoices('service_statuses'), value: 'planned', testId: 'service-status-select' });
  const notes = textAreaField({ name: 'notes', label: t('services.notes'), rows: 2, dir: 'auto', maxlength: 4000, testId: 'service-notes-input' });
  const onWho = () => {
    const byUnit = who.getValue() === 'unit';
    unit.element.hidden = !byUnit;
    provider.element.hidden = byUnit;
    unit.clearError();
    provider.clearError();
  };
  who.control.addEventListener('change', onWho);
  onWho();
  const unitList = fillUnits(unit, units, null);
  let draft = null;
  const form = createForm({
    fields: [type, who, unit, provider, due, status, notes],
    layout: [
      h('div', { class: 'form-grid' }, type.element, who.element, unit.element, provider.element),
      h('div', { class: 'form-grid' }, status.element, due.element),
      notes.element,
    ],
    submitLabel: t('services.add_submit'),
    className: 'form-wide-text',
    busyLabel: t('common.saving'),
    testId: 'service-add',
    validate: (values) => {
      if (values.who === 'unit' && !values.unit_id) return { unit_id: unitList.loaded() ? t('form.field_required') : t('services.units_wait') };
      if (values.who === 'provider' && !values.provider) return { provider: t('form.field_required') };
      return null;
    },
    onSubmit: async (values) => {
      const body = { type: values.type, status: values.status };
      if (values.who === 'unit') body.unit_id = Number(values.unit_id);
      else body.provider = values.provider;
      if (values.due_on) body.due_on = values.due_on;
      if (values.notes) body.notes = values.notes;
      await api.post(`/cases/${c.id}/services`, body);
      draft.clear();
      onChanged(t('services.added', { type: codeLabel('service_types', values.type) }));
    },
  });
  draft = keepDraft(form, `service/${c.id}`, { onRestore: onWho });
  return form;
}

// --- the tab ---

function section(titleKey, testId, ...children) {
  const id = testId + '-title';
  return h('section', { class: 'card', 'aria-labelledby': id, 'data-test': testId }, h('h2', { class: 'card-title', id, text: t(titleKey) }), children);
}

// The tab's content. data: {referrals, consents, services, persons, errors: {referrals, consents, services}} (an
// error is an ApiError met while loading that part). Options: writable, linked (the referrals link to their pages),
// parent (the page element that holds dialogs), onChanged(message) draws the page again on this tab.
export function caseReferralsPanel(c, data, { writable, linked, parent, onChanged }) {
  // the units, read once, when a form first needs them
  let unitsPromise = null;
  const units = () => {
    if (!unitsPromise) unitsPromise = loadActiveUnits();
    return unitsPromise;
  };

  // (c) consents, drawn again in place when one is added or withdrawn, so that the referral form keeps what was typed
  const consentMessages = bannerSlot();
  const consentList = h('div', { class: 'consent-list-place' });
  const drawConsents = () => {
    replaceChildren(
      consentList,
      data.consents.length
        ? h('ol', { class: 'record-list', 'data-test': 'consents' }, data.consents.map((consent) => consentItem(c, consent, {
          writable,
          messages: consentMessages,
          onWithdrawn: async (withdrawn) => {
            await refreshConsents();
            consentMessages.show('success', t('consents.withdrawn_done', { name: isolate(withdrawn.person_name) }));
          },
        })))
        : h('p', { class: 'muted', 'data-test': 'consents-empty', text: t('consents.empty') }),
    );
  };
  const refreshConsents = async () => {
    const answer = await api.get(`/cases/${c.id}/consents`);
    data.consents = (answer && answer.items) || [];
    drawConsents();
  };
  if (!data.errors.consents) drawConsents();
  const consentAdd = writable && consentPersons(data.persons).length
    ? consentForm(c, {
      persons: data.persons,
      preferred: (victimsWithoutConsent(data.persons, data.consents)[0] || {}).person?.id,
      testId: 'consent-add',
      draftName: `consent/${c.id}`,
      onAdded: async (consent) => {
        await refreshConsents();
        consentMessages.show('success', t('consents.added', { name: isolate(consent.person_name) }));
        consentAdd.clearErrors();
        consentAdd.fields.scope.setValue('');
      },
    })
    : null;

  const sendForm = writable
    ? referralForm(c, data, {
      units,
      onChanged,
      onConsentAdded: async () => {
        try {
          await refreshConsents();
        } catch {
          // the list catches up at the next drawing of the page
        }
      },
    })
    : null;

  const errorBanner = (error) => (error ? h('p', { class: 'field-error', text: errorText(error) }) : null);
  return [
    section(
      'case_referrals.list',
      'case-referrals-section',
      h('p', { class: 'card-note', text: t('case_referrals.list_lead') }),
      data.errors.referrals ? errorBanner(data.errors.referrals) : referralsTable(data.referrals, linked),
    ),
    sendForm
      ? section('case_referrals.new', 'referral-new', h('p', { class: 'card-note', text: t('case_referrals.new_lead') }), sendForm.element)
      : null,
    // consents matter to family-violence cases (an adult survivor's referral waits for hers); others show them if any
    c.kind !== 'family_violence' && !data.consents.length && !data.errors.consents ? null : section(
      'consents.title',
      'consents-section',
      h('p', { class: 'card-note', text: t('consents.lead') }),
      consentMessages.element,
      data.errors.consents ? errorBanner(data.errors.consents) : consentList,
      consentAdd ? h('div', { class: 'record-add-inline' }, h('h3', { class: 'sub-title', text: t('consents.add') }), consentAdd.element) : null,
    ),
    section(
      'services.title',
      'services-section',
      h('p', { class: 'card-note', text: t('services.lead') }),
      data.errors.services
        ? errorBanner(data.errors.services)
        : servicesList(data.services, {
          canChange: () => writable,
          parent,
          onChanged,
          onReload: () => onChanged(null),
          testId: 'case-services',
        }),
      writable ? h('div', { class: 'record-add-inline' }, h('h3', { class: 'sub-title', text: t('services.add') }), serviceForm(c, { units, onChanged }).element) : null,
    ),
  ];
}

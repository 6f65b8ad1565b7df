// Persons in roles in a case: finding a person in the registry and adding them with a role (used by the registration
// form, which collects them, and by the case page, which adds them at once), and one person of a case as a list item.
// A reporter hidden from the user (the API sends "person": null) is shown as confidential.

import { t, formatNumber } from '../i18n.js';
import { h, append, uniqueId } from './dom.js';
import { errorText } from './banner.js';
import { codeLabel } from './codes.js';
import { personPicker } from './person_picker.js';
import { personHash, personName, personFacts } from './persons.js';
import { PERSON_ROLES_IN_CASE, personRoleLabel } from './cases.js';

// The message of an API refusal about a person: the field's own message when it names person_id or role (such as
// case.juvenile_under_12; the whole message ends with the field's name), else the whole error's.
export function personErrorText(error) {
  const fields = (error && error.fields) || {};
  for (const name of ['person_id', 'role']) {
    if (fields[name] && fields[name].message) return fields[name].message;
  }
  return errorText(error);
}

// The controls that find a person and add them with a role. Options: testPrefix, defaultRole() (the role offered
// first), taken(person, role) → true when the person already has that role, onAdd(person, role) (may throw an
// ApiError, shown beside the controls), addLabel. Returns {element, pending() → a chosen person not added yet,
// reset(), setError(message), clearError(), focus()}.
export function personAdder(options) {
  const prefix = options.testPrefix || 'case-person';
  const errorId = uniqueId(prefix + '-error');
  const error = h('p', { class: 'field-error', id: errorId, hidden: true, 'data-test': prefix + '-error' });
  const roleId = uniqueId(prefix + '-role');
  const role = h(
    'select',
    { id: roleId, 'data-test': prefix + '-role' },
    h('option', { value: '' }, t('common.choose')),
    PERSON_ROLES_IN_CASE.map((code) => h('option', { value: code }, personRoleLabel(code))),
  );
  const addButton = h('button', { type: 'button', class: 'button', 'data-test': prefix + '-add' }, options.addLabel || t('cases.person_add'));
  const fieldset = h('fieldset', { class: 'field field-group person-adder', 'data-test': prefix + '-adder' });

  function setError(message) {
    error.textContent = message;
    error.hidden = false;
    fieldset.classList.add('field-invalid');
  }
  function clearError() {
    error.textContent = '';
    error.hidden = true;
    fieldset.classList.remove('field-invalid');
  }

  const picker = personPicker({
    testPrefix: prefix,
    noResults: t('cases.person_not_found'),
    onError: setError,
    onClearError: clearError,
    onChoose: (person) => {
      if (person && !role.value && options.defaultRole) role.value = options.defaultRole() || '';
    },
  });

  addButton.addEventListener('click', async () => {
    clearError();
    const person = picker.chosen();
    if (!person) {
      setError(picker.hasCandidates() ? t('cases.person_choose') : t('cases.person_search_first'));
      picker.focusTarget().focus();
      return;
    }
    if (!role.value) {
      setError(t('cases.person_role_needed'));
      role.focus();
      return;
    }
    if (options.taken && options.taken(person, role.value)) {
      setError(t('cases.person_taken'));
      return;
    }
    addButton.disabled = true;
    try {
      await options.onAdd(person, role.value);
      picker.reset();
      role.value = '';
    } catch (failure) {
      setError(personErrorText(failure));
    } finally {
      addButton.disabled = false;
    }
  });

  append(fieldset, [
    h('legend', { class: 'sub-legend', text: t('cases.person_add_title') }),
    h('label', { for: picker.searchId, class: 'sub-label', text: t('cases.person_search') }),
    picker.controls,
    h('div', { class: 'person-adder-role' }, h('div', { class: 'field-inline' }, h('label', { for: roleId, class: 'sub-label', text: t('cases.person_role') }), role), addButton),
    error,
    h(
      'p',
      { class: 'person-adder-register' },
      t('cases.person_not_registered'),
      ' ',
      h(
        'a',
        { href: '#/persons/new', target: '_blank', rel: 'noopener noreferrer', 'data-test': prefix + '-register' },
        t('persons.new'),
        h('span', { class: 'visually-hidden', text: ' ' + t('persons.new_window') }),
      ),
    ),
  ]);

  return {
    element: fieldset,
    pending: () => picker.chosen(),
    reset() {
      picker.reset();
      role.value = '';
      clearError();
    },
    setError,
    clearError,
    focus: () => picker.focusTarget().focus(),
  };
}

// One person of a case: the role, the name (a link to the registry when `link`), the facts that tell them apart; a
// hidden reporter as confidential. `actions` are nodes placed at the end (a remove button).
export function casePersonItem(entry, { link = true, actions = null } = {}) {
  const person = entry.person;
  return h(
    'li',
    { class: 'case-person', 'data-test': 'case-person', 'data-role': entry.role, 'data-person-id': person ? String(person.id) : '' },
    h(
      'div',
      { class: 'case-person-main' },
      h('span', { class: ['tag', entry.role === 'reporter' ? 'tag-muted' : null], 'data-test': 'case-person-role', text: personRoleLabel(entry.role, person && person.sex) }),
      ' ',
      person
        ? [
          link ? h('a', { href: personHash(person.id), 'data-test': 'case-person-link' }, personName(person)) : h('span', { class: 'case-person-name' }, personName(person)),
          h('span', { class: 'case-person-facts' }, personFacts(person, (code) => codeLabel('governorates', code))),
          // a juvenile's band by age at the act (Juveniles Law): shown when the server knows the age
          entry.juvenile_band && entry.age_at_act !== null && entry.age_at_act !== undefined
            ? h('span', { class: 'tag', 'data-test': 'juvenile-band', 'data-band': entry.juvenile_band, text: t('cases.band.' + entry.juvenile_band, { age: formatNumber(entry.age_at_act) }, { gender: person.sex }) })
            : null,
        ]
        : h('span', { class: 'muted confidential', 'data-test': 'case-person-confidential', text: t('cases.person_confidential') }),
    ),
    actions,
  );
}

// Registering a person (#/persons/new) and editing one (#/persons/<id>/edit).
// Before a registration is sent, POST /api/v1/persons/check lists the persons the new record may already
// be; when one is likely, the user must open them or say explicitly that this is a different person.

import { api, ApiError } from '../api.js';
import { t, toAsciiDigits, ammanToday, formatNumber } from '../i18n.js';
import { h, replaceChildren, uniqueId } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { textField, textAreaField, selectField, checkboxField, groupField, dateField, createForm } from '../components/form.js';
import { loadCodes, codeChoices, codeLabel } from '../components/codes.js';
import {
  DOCUMENT_TYPES, DISABILITIES, NATIONALITIES, personHash, personHashFromHref, personName, personFacts,
  scoreMeter, reasonsList, sexLabel, nationalityLabel, documentTypeLabel, disabilityLabel, setFlash,
} from '../components/persons.js';
import { keepDraft } from '../components/drafts.js';

const MAX_PHONES = 5;
// Candidates of the check at or above this score are shown before registering; so is any holder of the
// same or a nearly same national number.
const LIKELY_SCORE = 0.75;
const OTHER_NATIONALITY = 'other';

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Governorate labels then come from web/i18n.
  }
  if (!context.isCurrent()) return;
  if (context.params.mode === 'edit') return renderEdit(container, context, context.params.id);
  return renderCreate(container, context);
}

// The phone numbers: up to five inputs, one more added on demand.
function phonesField(values) {
  const rows = h('div', { class: 'phone-list' });
  const inputs = [];
  let field;
  const addButton = h('button', { type: 'button', class: 'button button-small', 'data-test': 'add-phone' }, t('persons.add_phone'));

  function refresh() {
    addButton.hidden = inputs.length >= MAX_PHONES;
    inputs.forEach((input, index) => input.setAttribute('aria-label', t('persons.phone_n', { n: formatNumber(index + 1) })));
  }
  function addRow(value) {
    const input = h('input', { type: 'text', dir: 'ltr', inputmode: 'tel', autocomplete: 'off', maxlength: '32', value: value || '', 'data-test': 'phone' });
    const row = h('div', { class: 'phone-row' }, input);
    const remove = h('button', {
      type: 'button',
      class: 'button button-small',
      'data-test': 'remove-phone',
      onclick: () => {
        const index = inputs.indexOf(input);
        if (inputs.length === 1) {
          input.value = '';
          input.focus();
          return;
        }
        inputs.splice(index, 1);
        row.remove();
        refresh();
        (inputs[Math.min(index, inputs.length - 1)] || addButton).focus();
      },
    }, t('persons.remove_phone'));
    row.append(remove);
    inputs.push(input);
    rows.append(row);
    refresh();
    return input;
  }
  addButton.addEventListener('click', () => addRow('').focus());

  field = groupField({ name: 'phones', label: t('persons.phones'), hint: t('persons.phones_hint'), testId: 'phones' }, [rows, addButton], () => inputs[0]);
  field.getValue = () => inputs.map((input) => toAsciiDigits(input.value.trim())).filter(Boolean);
  field.setValue = (list) => {
    inputs.length = 0;
    replaceChildren(rows);
    const items = Array.isArray(list) && list.length ? list.slice(0, MAX_PHONES) : [''];
    for (const value of items) addRow(value);
  };
  field.setValue(values);
  return field;
}

// The date of birth typed day/month/year like every date, where the year alone records a birth year (an estimate
// unless the box is cleared). Digits of either kind are accepted.
function birthField(person) {
  const p = person || {};
  const estimated = checkboxField({
    name: 'birth_year_estimated',
    label: t('persons.birth_year_estimated'),
    value: p.birth_date || !p.birth_year ? true : p.birth_year_estimated,
    testId: 'birth-year-estimated',
  });
  const field = dateField({
    name: 'birth',
    label: t('persons.birth_date'),
    allowYear: true,
    max: ammanToday(),
    testId: 'birth-date',
    extra: estimated.element,
  });
  field.element.classList.add('birth-field');
  field.element.setAttribute('data-test', 'birth');
  // the box means something only for a year alone
  const syncEstimated = () => {
    const withDate = !/^\s*[0-9\u0660-\u0669\u06f0-\u06f9]{0,4}\s*$/.test(field.control.value);
    estimated.control.disabled = withDate;
    estimated.element.classList.toggle('field-disabled', withDate);
  };
  field.control.addEventListener('input', syncEstimated);
  field.control.addEventListener('change', syncEstimated);
  field.aliases = ['birth_date', 'birth_year', 'birth_year_estimated'];
  const getText = field.getValue;
  const setText = field.setValue;
  field.getValue = () => ({ value: getText(), estimated: estimated.getValue() });
  field.setValue = (value) => {
    const v = value || {};
    setText(v.value || '');
    estimated.setValue(v.estimated);
    syncEstimated();
  };
  field.setValue({ value: p.birth_date || (p.birth_year ? String(p.birth_year) : ''), estimated: estimated.getValue() });
  return field;
}

// The birth the form holds: {date: 'YYYY-MM-DD'} or {year, estimated}, {} when empty, or {error: message}.
function readBirth(birth) {
  const thisYear = Number(ammanToday().slice(0, 4));
  const { value, estimated } = birth || {};
  if (!value) return {};
  const year = Number(value.slice(0, 4));
  if (!/^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$/.test(value)) return { error: t('persons.birth_date_invalid') };
  if (year < 1900 || year > thisYear) return { error: t('persons.birth_year_range', { max: formatNumber(thisYear) }) };
  return value.length === 4 ? { year, estimated: Boolean(estimated) } : { date: value };
}

function choicesOf(codes, label) {
  return codes.map((code) => ({ value: code, label: label(code) }));
}

// The fields of a person, filled from `person` (for editing) or empty.
function personFields(person) {
  const p = person || {};
  const nameField = (name, label, required, testId) => textField({
    name, label, required, value: p[name] || '', dir: 'auto', maxlength: 60, spellcheck: false, testId,
  });
  const nationality = p.nationality || '';
  const known = !nationality || NATIONALITIES.includes(nationality);
  const fields = {
    first_name: nameField('first_name', t('persons.first_name'), true, 'first-name'),
    father_name: nameField('father_name', t('persons.father_name'), true, 'father-name'),
    grandfather_name: nameField('grandfather_name', t('persons.grandfather_name'), false, 'grandfather-name'),
    family_name: nameField('family_name', t('persons.family_name'), true, 'family-name'),
    latin_name: textField({ name: 'latin_name', label: t('persons.latin_name'), value: p.latin_name || '', dir: 'ltr', maxlength: 120, spellcheck: false, hint: t('persons.latin_name_hint'), testId: 'latin-name' }),
    national_id: textField({ name: 'national_id', label: t('persons.national_id'), value: p.national_id || '', dir: 'ltr', inputmode: 'numeric', maxlength: 20, hint: t('persons.national_id_hint'), testId: 'national-id' }),
    document_type: selectField({ name: 'document_type', label: t('persons.document_type'), choices: choicesOf(DOCUMENT_TYPES, documentTypeLabel), emptyLabel: t('persons.no_document'), value: p.document_type || '', testId: 'document-type' }),
    document_number: textField({ name: 'document_number', label: t('persons.document_number'), value: p.document_number || '', dir: 'ltr', maxlength: 40, spellcheck: false, testId: 'document-number' }),
    nationality: selectField({
      name: 'nationality',
      label: t('persons.nationality'),
      choices: choicesOf(NATIONALITIES, nationalityLabel).concat([{ value: OTHER_NATIONALITY, label: t('persons.nationality_other') }]),
      emptyLabel: t('persons.not_recorded'),
      value: known ? nationality : OTHER_NATIONALITY,
      testId: 'nationality',
    }),
    nationality_code: textField({ name: 'nationality_code', label: t('persons.nationality_code'), value: known ? '' : nationality, dir: 'ltr', maxlength: 2, spellcheck: false, hint: t('persons.nationality_code_hint'), testId: 'nationality-code' }),
    birth: birthField(person),
    sex: selectField({ name: 'sex', label: t('persons.sex'), required: true, choices: choicesOf(['female', 'male'], sexLabel), emptyLabel: t('common.choose'), value: p.sex || '', testId: 'sex' }),
    governorate: selectField({ name: 'governorate', label: t('persons.governorate'), choices: codeChoices('governorates'), emptyLabel: t('persons.not_recorded'), value: p.governorate || '', testId: 'governorate' }),
    address: textField({ name: 'address', label: t('persons.address'), value: p.address || '', dir: 'auto', maxlength: 300, testId: 'address' }),
    phones: phonesField(p.phones),
    disability: selectField({ name: 'disability', label: t('persons.disability'), choices: choicesOf(DISABILITIES, disabilityLabel), emptyLabel: t('persons.not_recorded'), value: p.disability || '', testId: 'disability' }),
    notes: textAreaField({ name: 'notes', label: t('persons.notes'), value: p.notes || '', dir: 'auto', maxlength: 2000, rows: 4, testId: 'notes' }),
  };
  // The two-letter code is asked for only when the nationality is not among the common ones.
  const syncNationality = () => {
    fields.nationality_code.element.hidden = fields.nationality.getValue() !== OTHER_NATIONALITY;
  };
  fields.nationality.control.addEventListener('change', () => {
    syncNationality();
    if (!fields.nationality_code.element.hidden) fields.nationality_code.focus();
  });
  syncNationality();
  return fields;
}

function section(titleKey, className, elements) {
  const id = uniqueId('form-section');
  return h(
    'section',
    { class: 'form-section', 'aria-labelledby': id },
    h('h2', { class: 'form-section-title', id, text: t(titleKey) }),
    h('div', { class: ['form-grid', className] }, elements),
  );
}

function layout(f) {
  return [
    section('persons.section_name', 'form-grid-names', [f.first_name.element, f.father_name.element, f.grandfather_name.element, f.family_name.element]),
    h('div', { class: 'form-grid form-grid-single' }, f.latin_name.element),
    section('persons.section_identity', 'form-grid-two', [
      f.national_id.element,
      h('div', { class: 'field-stack' }, f.nationality.element, f.nationality_code.element),
      f.document_type.element,
      f.document_number.element,
    ]),
    section('persons.section_birth', 'form-grid-birth', [f.sex.element, f.birth.element]),
    section('persons.section_contact', 'form-grid-two', [f.governorate.element, f.address.element, f.phones.element]),
    section('persons.section_other', null, [f.disability.element, f.notes.element]),
  ];
}

// Checks the browser can make before anything is sent: {field: message}.
function validate(values) {
  const problems = {};
  const birth = readBirth(values.birth);
  if (birth.error) problems.birth = birth.error;
  if (values.nationality === OTHER_NATIONALITY && !/^[A-Za-z]{2}$/.test(values.nationality_code)) {
    problems.nationality_code = t('persons.nationality_code_invalid');
  }
  return problems;
}

// The fields of the form as the API names them; empty ones are null.
function personValues(values) {
  const text = (value) => (value === '' || value === undefined ? null : value);
  const birth = readBirth(values.birth);
  const out = {
    first_name: values.first_name,
    father_name: values.father_name,
    grandfather_name: text(values.grandfather_name),
    family_name: values.family_name,
    latin_name: text(values.latin_name),
    national_id: text(toAsciiDigits(values.national_id).replace(/[\s-]/g, '')),
    document_type: text(values.document_type),
    document_number: text(toAsciiDigits(values.document_number)),
    birth_date: birth.date || null,
    birth_year: birth.year || null,
    birth_year_estimated: Boolean(birth.year && birth.estimated),
    sex: values.sex,
    nationality: values.nationality === OTHER_NATIONALITY ? values.nationality_code.toUpperCase() : text(values.nationality),
    governorate: text(values.governorate),
    address: text(values.address),
    phones: values.phones,
    disability: text(values.disability),
    notes: text(values.notes),
  };
  return out;
}

// The body of a registration (and of its check): only the fields that have a value.
function createBody(person) {
  const body = {};
  for (const [name, value] of Object.entries(person)) {
    if (value === null || value === false || (Array.isArray(value) && !value.length)) continue;
    if (name === 'birth_year_estimated' && !person.birth_year) continue;
    body[name] = value;
  }
  return body;
}

// The body of a PATCH: the fields that differ from `record`, with the birth fields kept together.
function changesOf(record, person) {
  const changes = {};
  const same = (a, b) => (a ?? null) === (b ?? null);
  for (const name of ['first_name', 'father_name', 'grandfather_name', 'family_name', 'latin_name', 'national_id', 'sex', 'nationality', 'governorate', 'address', 'disability', 'notes']) {
    if (!same(record[name], person[name])) changes[name] = person[name];
  }
  if (!same(record.document_type, person.document_type) || !same(record.document_number, person.document_number)) {
    changes.document_type = person.document_type;
    changes.document_number = person.document_number;
  }
  const before = (record.phones || []).join('\n');
  if (before !== person.phones.join('\n')) changes.phones = person.phones.length ? person.phones : null;
  if (person.birth_date) {
    if (!same(record.birth_date, person.birth_date)) changes.birth_date = person.birth_date;
  } else if (record.birth_date || !same(record.birth_year, person.birth_year) || (person.birth_year && record.birth_year_estimated !== person.birth_year_estimated)) {
    changes.birth_date = null;
    changes.birth_year = person.birth_year;
    changes.birth_year_estimated = person.birth_year_estimated;
  }
  return changes;
}

// Shows an API refusal on the form; a number another person holds gets a link to that person.
function showPersonError(form, error) {
  form.showError(error);
  if (!(error instanceof ApiError) || !error.existing) return;
  const hash = personHashFromHref(error.existing.href) || (error.existing.id ? personHash(error.existing.id) : null);
  if (!hash) return;
  const field = error.code === 'person.duplicate_document' ? form.fields.document_number : form.fields.national_id;
  if (field) field.addErrorNode(h('a', { href: hash, class: 'existing-link', 'data-test': 'existing-person' }, t('persons.open_existing')));
}

function pageHeader(title, lead, crumb) {
  return [
    h('p', { class: 'breadcrumb' }, crumb || h('a', { href: '#/persons' }, t('persons.title'))),
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, title)),
    lead ? h('p', { class: 'page-lead', text: lead }) : null,
  ];
}

async function renderCreate(container, context) {
  const f = personFields(null);
  const candidates = h('section', { class: 'duplicates', hidden: true, 'aria-labelledby': 'duplicates-title', 'data-test': 'duplicates' });
  // The registration the user confirmed is a different person from the candidates shown; a change to the
  // form after that is checked again.
  let checkedKey = null;
  let acceptedKey = null;
  let draft = null;

  function hideCandidates() {
    candidates.hidden = true;
    replaceChildren(candidates);
  }

  // typed: the names as the user wrote them, so that the reasons quote the words as typed.
  function showCandidates(hits, key, typed, truncated, sealed) {
    checkedKey = key;
    const title = h('h2', { class: 'duplicates-title', id: 'duplicates-title', tabindex: '-1', text: t('persons.maybe_registered') });
    replaceChildren(
      candidates,
      title,
      h('p', { class: 'duplicates-lead', text: t('persons.maybe_registered_lead') }),
      // the search stopped before it had looked at every person of these names: say so, never "no match"
      truncated ? h('p', { class: 'search-truncated', 'data-test': 'search-truncated', text: t('persons.search_truncated') }) : null,
      // a sealed record of another unit: that it exists, and whom to ask
      sealed ? h('p', { class: 'search-truncated', 'data-test': 'sealed-exists', text: t('records.sealed_exists') }) : null,
      h('ul', { class: 'candidate-list' }, hits.map((hit) => h(
        'li',
        { class: 'candidate', 'data-test': 'candidate', 'data-person-id': String(hit.person.id) },
        h(
          'div',
          { class: 'candidate-main' },
          h('p', { class: 'candidate-name' }, personName(hit.person)),
          // recorded with the other sex: the same person with a slip in one of the two sex fields, maybe
          hit.sex_differs ? h('p', { class: 'tag status-warning', 'data-test': 'candidate-sex-differs', text: t('persons.sex_differs', null, { gender: hit.person.sex }) }) : null,
          h('p', { class: 'candidate-facts' }, personFacts(hit.person, (code) => codeLabel('governorates', code))),
          reasonsList(hit, typed),
        ),
        h(
          'div',
          { class: 'candidate-side' },
          scoreMeter(hit.score),
          h(
            'a',
            { href: personHash(hit.person.id), class: 'button button-small', target: '_blank', rel: 'noopener noreferrer', 'data-test': 'open-candidate' },
            t('persons.open_candidate'),
            h('span', { class: 'visually-hidden', text: ' ' + t('persons.new_window') }),
          ),
        ),
      ))),
      h(
        'div',
        { class: 'duplicates-actions' },
        h('button', {
          type: 'button',
          class: 'button button-warning',
          'data-test': 'register-anyway',
          onclick: () => {
            acceptedKey = checkedKey;
            form.element.requestSubmit();
          },
        }, t('persons.register_anyway')),
      ),
    );
    candidates.hidden = false;
    // The whole box is brought into view (it comes after the long form), not only its title.
    title.focus({ preventScroll: true });
    candidates.scrollIntoView({ block: 'nearest' });
  }

  const form = createForm({
    fields: Object.values(f),
    layout: layout(f),
    beforeActions: candidates,
    submitLabel: t('persons.register'),
    busyLabel: t('common.saving'),
    testId: 'person-create',
    validate,
    actions: h('a', { href: '#/persons', class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const body = createBody(personValues(values));
      const key = JSON.stringify(body);
      try {
        if (key !== acceptedKey) {
          const answer = await api.post('/persons/check', body);
          const items = ((answer && answer.items) || []).filter((hit) => hit.person);
          const likely = items.filter((hit) => hit.score >= LIKELY_SCORE || hit.national_id_match);
          if (!context.isCurrent()) return;
          const sealed = ((answer && answer.items) || []).some((hit) => hit.sealed);
          if (likely.length || sealed || (answer && answer.truncated && items.length)) {
            showCandidates(likely.length ? likely : items, key, [body.first_name, body.father_name, body.grandfather_name, body.family_name].filter(Boolean).join(' '), answer && answer.truncated, sealed);
            return;
          }
        }
        const created = await api.post('/persons', body);
        draft.clear();
        hideCandidates();
        setFlash(t('persons.created'));
        context.navigate(personHash(created.id));
      } catch (error) {
        showPersonError(form, error);
      }
    },
  });
  // A change after the candidates were shown makes them stale: the next submit checks again.
  form.element.addEventListener('input', (event) => {
    if (candidates.contains(event.target)) return;
    acceptedKey = null;
  });
  draft = keepDraft(form, 'person_new', { onRestore: () => f.nationality.control.dispatchEvent(new Event('change')) });

  replaceChildren(
    container,
    pageHeader(t('persons.new'), t('persons.new_lead')),
    h('section', { class: 'card card-form card-form-wide' }, form.element),
  );
  f.first_name.focus();
}

async function renderEdit(container, context, id) {
  let person;
  try {
    person = await api.get('/persons/' + id);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(container, pageHeader(t('persons.edit')), banner('error', errorText(error)));
    return;
  }
  if (!context.isCurrent()) return;
  const f = personFields(person);
  let draft = null;
  // Reload after a conflict takes the record as it now is: what was typed is given up, its draft too.
  const reload = {
    label: t('common.reload'),
    onClick: () => {
      draft.clear();
      renderEdit(container, context, id);
    },
  };
  const form = createForm({
    fields: Object.values(f),
    layout: layout(f),
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'person-edit',
    validate,
    errorAction: (error) => (error.code === 'version.conflict' ? reload : undefined),
    actions: h('a', { href: personHash(id), class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const changes = changesOf(person, personValues(values));
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      try {
        person = await api.patch('/persons/' + id, { version: person.version, ...changes });
      } catch (error) {
        showPersonError(form, error);
        return;
      }
      draft.clear();
      setFlash(t('common.saved'));
      context.navigate(personHash(id));
    },
  });
  draft = keepDraft(form, `person_edit/${id}`, { onRestore: () => f.nationality.control.dispatchEvent(new Event('change')) });
  replaceChildren(
    container,
    pageHeader([t('persons.edit_prefix'), ' ', personName(person)], null, h('a', { href: personHash(id) }, personName(person))),
    person.status !== 'active' ? banner('info', t('persons.merged_note')) : null,
    h('section', { class: 'card card-form card-form-wide' }, form.element),
  );
  f.first_name.focus();
}

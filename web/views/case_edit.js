// Registering a case (#/cases/new) and editing one (#/cases/<id>/edit). The kind comes first and decides which fields
// are asked; the persons are found in the registry and added with their roles. Times are typed in Amman time and sent
// as UTC; dates are days as written. Only a supervisor is offered the sensitivity (docs/api.md, "Cases").

import { api } from '../api.js';
import { t, ammanToday, ammanLocalToUtc, utcToAmmanLocal, localName } from '../i18n.js';
import { h, replaceChildren, uniqueId } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { textField, textAreaField, selectField, checkboxField, checkboxGroup, groupField, dateField, dateTimeField, createForm } from '../components/form.js';
import { loadCodes, codeChoices } from '../components/codes.js';
import { personAdder, casePersonItem } from '../components/case_persons.js';
import {
  KINDS, PRINCIPAL_ROLE, caseHash, kindLabel, referenceText, isSupervisor, canRegisterCases, setFlash,
} from '../components/cases.js';
import { keepDraft } from '../components/drafts.js';

const FV = 'family_violence';
const JC = 'juvenile_conflict';
const JP = 'juvenile_protection';
const IN = 'inmate_family';

// The fields of a case a form may set (docs/api.md, "Cases"). type: text | date | time | code | codes | tristate |
// unit. kinds: the kinds it belongs to (none: every kind). create: asked when registering. past: a date or time of
// what has happened, which cannot be in the future (the server refuses it: case.in_future). unit: a unit of the
// organisation of unitType (the correction centres).
const FIELDS = [
  { name: 'summary', type: 'text', max: 4000, area: true, create: true },
  { name: 'reported_at', type: 'time', required: true, create: true, past: true },
  { name: 'act_date', type: 'date', past: true, create: true },
  { name: 'governorate', type: 'code', list: 'governorates' },
  { name: 'sensitivity', type: 'code', list: 'sensitivities', create: true, supervisor: true },
  { name: 'risk_level', type: 'code', list: 'risk_levels' },
  { name: 'risk_assessment', type: 'text', max: 4000, area: true },
  { name: 'offence', type: 'text', max: 300, kinds: [JC], create: true },
  { name: 'legal_class', type: 'code', list: 'legal_classes', kinds: [JC], create: true },
  { name: 'complaint_date', type: 'date', past: true, kinds: [JC], create: true },
  { name: 'arrest_date', type: 'date', past: true, kinds: [JC], create: true },
  { name: 'settlement_eligible', type: 'tristate', kinds: [JC], create: true },
  { name: 'protection_grounds', type: 'codes', list: 'protection_grounds', kinds: [JP], create: true },
  { name: 'centre_unit_id', type: 'unit', unitType: 'correction_centre', kinds: [IN], create: true },
  { name: 'admission_date', type: 'date', past: true, kinds: [IN], create: true },
  { name: 'sentence', type: 'text', max: 200, kinds: [IN], create: true },
  { name: 'expected_release', type: 'date', kinds: [IN], create: true },
  { name: 'transferred_at', type: 'time', past: true, kinds: [IN] },
  { name: 'family_notified_at', type: 'time', past: true, kinds: [IN] },
  { name: 'last_monitor_report', type: 'date', past: true, kinds: [JC, JP] },
];

const HINTS = {
  reported_at: 'cases.hint.amman_time',
  transferred_at: 'cases.hint.transferred_at',
  family_notified_at: 'cases.hint.past_time',
  complaint_date: 'cases.hint.past_date',
  arrest_date: 'cases.hint.past_date',
  admission_date: 'cases.hint.past_date',
  last_monitor_report: 'cases.hint.last_monitor_report',
  act_date: 'cases.hint.act_date',
  sensitivity: 'cases.hint.sensitivity',
  settlement_eligible: 'cases.hint.settlement_eligible',
  risk_assessment: 'cases.hint.risk_assessment',
};

const belongs = (spec, kind) => !spec.kinds || spec.kinds.includes(kind);

// The units a 'unit' field offers, by unit type: read once per page (GET /units?type=).
const unitChoices = new Map();

async function loadUnits(type) {
  if (unitChoices.has(type)) return;
  try {
    const page = await api.get(`/units?type=${encodeURIComponent(type)}&status=active&limit=200`);
    unitChoices.set(type, page.items.map((u) => ({ value: String(u.id), label: localName(u) })));
  } catch {
    unitChoices.set(type, []);
  }
}

// The value a form control holds for a value of the API.
function formValue(spec, value) {
  switch (spec.type) {
    case 'time': return value ? utcToAmmanLocal(value) : '';
    case 'codes': return Array.isArray(value) ? value : [];
    case 'tristate': return value === true ? 'yes' : value === false ? 'no' : '';
    case 'unit': return value ? String(value) : '';
    default: return value ?? '';
  }
}

// The value for the API of what a control holds; null for nothing.
function apiValue(spec, value) {
  switch (spec.type) {
    case 'time': return value ? ammanLocalToUtc(value) || null : null;
    case 'codes': return value.length ? value : null;
    case 'tristate': return value === 'yes' ? true : value === 'no' ? false : null;
    case 'unit': return value === '' ? null : Number(value);
    default: return value === '' ? null : value;
  }
}

// The control of one field, filled with `value` (an API value).
function buildField(spec, value) {
  const label = t('cases.field.' + spec.name);
  const hint = HINTS[spec.name] ? t(HINTS[spec.name]) : undefined;
  const common = { name: spec.name, label, hint, required: spec.required, testId: 'case-' + spec.name.replace(/_/g, '-') };
  const initial = formValue(spec, value);
  let field;
  switch (spec.type) {
    case 'text':
      field = spec.area
        ? textAreaField({ ...common, value: initial, dir: 'auto', maxlength: spec.max, rows: spec.name === 'summary' ? 4 : 3 })
        : textField({ ...common, value: initial, dir: 'auto', maxlength: spec.max });
      break;
    case 'date':
      field = dateField({ ...common, value: initial, max: spec.past ? ammanToday() : null });
      break;
    case 'time':
      field = dateTimeField({ ...common, value: initial, max: spec.past ? utcToAmmanLocal() : null });
      break;
    case 'code':
      field = selectField({
        ...common,
        choices: codeChoices(spec.list),
        emptyLabel: spec.name === 'sensitivity' ? undefined : spec.name === 'risk_level' ? t('cases.risk_none') : t('persons.not_recorded'),
        value: initial || (spec.name === 'sensitivity' ? 'normal' : ''),
      });
      break;
    case 'codes':
      field = checkboxGroup({ ...common, choices: codeChoices(spec.list), value: initial });
      break;
    case 'unit':
      field = selectField({ ...common, choices: unitChoices.get(spec.unitType) || [], emptyLabel: t('persons.not_recorded'), value: initial });
      break;
    default: // tristate
      field = selectField({ ...common, choices: [{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }], emptyLabel: t('cases.not_decided'), value: initial });
  }
  field.spec = spec;
  return field;
}

// Checks the browser can make before sending: {field: message}.
function validate(fields, values) {
  const problems = {};
  for (const field of fields) {
    const { spec } = field;
    const value = values[spec.name];
    if (spec.type === 'time' && value && !ammanLocalToUtc(value)) problems[spec.name] = t('error.field_invalid');
  }
  if ('risk_level' in values && values.risk_level && !values.risk_assessment) problems.risk_assessment = t('cases.risk_needs_assessment');
  return problems;
}

// A part of the form under a heading; without titleKey, the one field in it (a fieldset) carries the heading as its
// legend.
function formSection(titleKey, elements, { className, testId, lead } = {}) {
  const id = uniqueId('case-section');
  return h(
    'section',
    { class: 'form-section', 'aria-labelledby': titleKey ? id : null, 'data-test': testId || null },
    titleKey ? h('h2', { class: 'form-section-title', id, text: t(titleKey) }) : null,
    lead ? h('p', { class: 'form-section-lead', text: lead }) : null,
    h('div', { class: ['form-grid', className] }, elements),
  );
}

export async function render(container, context) {
  try {
    await Promise.all([loadCodes(), loadUnits('correction_centre')]);
  } catch {
    // Without the code lists the choices show their codes; the server still checks them.
  }
  if (!context.isCurrent()) return;
  if (context.params.mode === 'edit') return renderEdit(container, context, context.params.id);
  return renderCreate(container, context);
}

function pageHeader(title, lead, crumb) {
  return [
    h('p', { class: 'breadcrumb' }, crumb || h('a', { href: '#/cases' }, t('cases.title'))),
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, title)),
    lead ? h('p', { class: 'page-lead', text: lead }) : null,
  ];
}

// The kind of a new case: four choices, each with what it is for.
function kindField() {
  const name = uniqueId('kind');
  const radios = KINDS.map((kind) => h('input', { type: 'radio', name, value: kind, id: uniqueId('kind-' + kind), 'data-test': 'kind-' + kind }));
  const field = groupField(
    { name: 'kind', label: t('cases.section_kind'), required: true, testId: 'case-kind', className: 'kind-field field-group-titled' },
    h('div', { class: 'kind-choices' }, radios.map((radio, index) => h(
      'div',
      { class: 'kind-choice' },
      radio,
      h('label', { for: radio.id }, h('span', { class: 'kind-name', text: kindLabel(KINDS[index]) }), h('span', { class: 'kind-about', text: t('cases.kind_about.' + KINDS[index]) })),
    ))),
    () => radios.find((radio) => radio.checked) || radios[0],
  );
  field.getValue = () => (radios.find((radio) => radio.checked) || { value: '' }).value;
  field.setValue = (value) => {
    for (const radio of radios) radio.checked = radio.value === value;
  };
  field.radios = radios;
  return field;
}

// The persons of a new case: those added so far, with a remove button, and the controls to add one more.
function personsField(getKind) {
  let chosen = []; // [{person, role}]
  const list = h('ul', { class: 'case-persons', 'data-test': 'new-case-persons' });
  const empty = h('p', { class: 'muted', 'data-test': 'new-case-persons-empty' });
  let field;

  function draw() {
    const kind = getKind();
    const principal = kind ? PRINCIPAL_ROLE[kind] : null;
    if (field) field.element.dispatchEvent(new Event('change', { bubbles: true }));
    empty.textContent = principal ? t('cases.persons_none_principal', { role: t('cases.principal.' + principal) }) : t('cases.persons_none');
    empty.hidden = chosen.length > 0;
    replaceChildren(list, chosen.map((entry, index) => casePersonItem(entry, {
      link: false,
      actions: h('button', {
        type: 'button',
        class: 'button button-small button-danger-quiet',
        'data-test': 'new-case-person-remove',
        onclick: () => {
          chosen.splice(index, 1);
          draw();
          adder.focus();
        },
      }, t('cases.person_remove')),
    })));
  }

  const adder = personAdder({
    testPrefix: 'new-case-person',
    defaultRole: () => {
      const kind = getKind();
      const principal = kind ? PRINCIPAL_ROLE[kind] : null;
      return principal && !chosen.some((entry) => entry.role === principal) ? principal : '';
    },
    taken: (person, role) => chosen.some((entry) => entry.person.id === person.id && entry.role === role),
    onAdd: async (person, role) => {
      chosen.push({ person, role });
      draw();
      if (field) field.clearError();
    },
  });

  field = groupField(
    { name: 'persons', label: t('cases.section_persons'), hint: t('cases.persons_hint'), testId: 'case-persons', className: 'field-group-titled' },
    [list, empty, adder.element],
    () => adder.focus(),
  );
  // Refusals of the server about a person (case.juvenile_under_12, case.not_a_juvenile) name person_id.
  field.aliases = ['person_id', 'role'];
  field.getValue = () => chosen.map((entry) => ({ person_id: entry.person.id, role: entry.role }));
  field.setValue = (value) => {
    if (!value || !value.length) chosen = [];
    draw();
  };
  // a draft keeps the persons chosen as they are shown
  field.getDraft = () => chosen.map((entry) => ({ person: entry.person, role: entry.role }));
  field.setDraft = (value) => {
    chosen = Array.isArray(value) ? value.filter((entry) => entry && entry.person && entry.role) : [];
    draw();
  };
  field.pending = () => adder.pending();
  field.redraw = draw;
  draw();
  return field;
}

function renderCreate(container, context) {
  if (!canRegisterCases(context.user)) {
    replaceChildren(container, pageHeader(t('cases.new')), banner('error', t('error.forbidden')));
    return;
  }
  const supervisor = isSupervisor(context.user);
  const kind = kindField();
  const specs = FIELDS.filter((spec) => spec.create && (!spec.supervisor || supervisor));
  const f = Object.fromEntries(specs.map((spec) => [spec.name, buildField(spec, spec.name === 'reported_at' ? new Date().toISOString() : null)]));
  const persons = personsField(() => kind.getValue());
  // the author is offered the case: she takes it in her own role (a supervisor assigns it afterwards)
  const ownRole = ['caseworker', 'monitor', 'officer'].find((role) => (context.user.roles || []).includes(role));
  const assignMe = ownRole
    ? checkboxField({ name: 'assign_me', label: t('cases.assign_me'), hint: t('cases.assign_me_hint'), value: true, testId: 'assign-me' })
    : null;
  const kindSpecs = specs.filter((spec) => spec.kinds);
  let draft = null;
  const noDetails = h('p', { class: 'muted', 'data-test': 'kind-no-details' });
  const details = formSection('cases.section_kind_details', [...kindSpecs.map((spec) => f[spec.name].element), noDetails], { testId: 'kind-details' });

  // Only the fields of the chosen kind are shown (and sent).
  function syncKind() {
    const chosen = kind.getValue();
    for (const spec of kindSpecs) f[spec.name].element.hidden = !belongs(spec, chosen);
    details.hidden = !chosen;
    noDetails.hidden = !chosen || kindSpecs.some((spec) => belongs(spec, chosen));
    noDetails.textContent = chosen === FV ? t('cases.kind_details_fv') : '';
    persons.redraw();
  }
  for (const radio of kind.radios) radio.addEventListener('change', syncKind);

  const report = [f.summary.element, f.reported_at.element, f.act_date.element, f.sensitivity ? f.sensitivity.element : null];
  const fields = [kind, ...specs.map((spec) => f[spec.name]), persons, assignMe].filter(Boolean);
  const form = createForm({
    fields,
    layout: [
      formSection(null, [kind.element], { className: 'form-grid-single' }),
      formSection('cases.section_report', report, { className: 'form-grid-two' }),
      details,
      formSection(null, [persons.element, assignMe ? assignMe.element : null].filter(Boolean), { className: 'form-grid-single' }),
    ],
    submitLabel: t('cases.register'),
    busyLabel: t('common.saving'),
    testId: 'case-create',
    validate: (values) => {
      const chosen = values.kind;
      const problems = validate(specs.filter((spec) => belongs(spec, chosen)).map((spec) => f[spec.name]), values);
      if (persons.pending()) problems.persons = t('cases.person_not_added');
      return problems;
    },
    actions: h('a', { href: '#/cases', class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const body = { kind: values.kind };
      for (const spec of specs) {
        if (!belongs(spec, values.kind)) continue;
        const value = apiValue(spec, values[spec.name]);
        if (value === null) continue;
        body[spec.name] = value;
      }
      if (values.persons.length) body.persons = values.persons;
      if (assignMe && values.assign_me) body.assign_me = true;
      const created = await api.post('/cases', body);
      draft.clear();
      setFlash(t('cases.created', { reference: '\u2066' + created.reference + '\u2069' })); // read left to right
      context.navigate(caseHash(created.id));
    },
  });
  syncKind();
  draft = keepDraft(form, 'case_new', { onRestore: syncKind });

  replaceChildren(
    container,
    pageHeader(t('cases.new'), t('cases.new_lead')),
    h('section', { class: 'card card-form card-form-wide' }, form.element),
  );
  kind.radios[0].focus();
}

async function renderEdit(container, context, id) {
  let record;
  try {
    record = await api.get('/cases/' + id);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(container, pageHeader(t('cases.edit')), banner('error', errorText(error)));
    return;
  }
  if (!context.isCurrent()) return;
  const crumb = h('a', { href: caseHash(id) }, referenceText(record.reference));
  const title = [t('cases.edit_prefix'), ' ', referenceText(record.reference)];
  if (!record.can || !record.can.write) {
    replaceChildren(container, pageHeader(title, null, crumb), banner('error', t('cases.read_only')));
    return;
  }
  if (record.stage === 'closed') {
    replaceChildren(container, pageHeader(title, null, crumb), banner('info', t('cases.closed_no_edit')));
    return;
  }
  const specs = FIELDS.filter((spec) => belongs(spec, record.kind) && (!spec.supervisor || record.can.supervise));
  const f = Object.fromEntries(specs.map((spec) => [spec.name, buildField(spec, record[spec.name])]));
  const fields = specs.map((spec) => f[spec.name]);
  const initial = Object.fromEntries(fields.map((field) => [field.name, JSON.stringify(field.getValue())]));
  const pick = (names) => names.filter((name) => f[name]).map((name) => f[name].element);
  const kindNames = specs.filter((spec) => spec.kinds).map((spec) => spec.name);
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
    fields,
    layout: [
      formSection('cases.section_report', pick(['summary', 'reported_at', 'act_date', 'governorate', 'sensitivity']), { className: 'form-grid-two' }),
      formSection('cases.section_risk', pick(['risk_level', 'risk_assessment']), { className: 'form-grid-two' }),
      kindNames.length ? formSection('cases.section_kind_details', pick(kindNames), { lead: kindLabel(record.kind) }) : null,
    ],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'case-edit',
    validate: (values) => validate(fields, values),
    errorAction: (error) => (error.code === 'version.conflict' ? reload : undefined),
    actions: h('a', { href: caseHash(id), class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const changes = {};
      for (const field of fields) {
        if (JSON.stringify(values[field.name]) !== initial[field.name]) changes[field.name] = apiValue(field.spec, values[field.name]);
      }
      // A risk level is recorded with its assessment.
      if ('risk_level' in changes || 'risk_assessment' in changes) {
        changes.risk_level = apiValue(f.risk_level.spec, values.risk_level);
        changes.risk_assessment = apiValue(f.risk_assessment.spec, values.risk_assessment);
      }
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      await api.patch('/cases/' + id, { version: record.version, ...changes });
      draft.clear();
      setFlash(t('common.saved'));
      context.navigate(caseHash(id));
    },
  });
  draft = keepDraft(form, `case_edit/${id}`);
  replaceChildren(
    container,
    pageHeader(title, null, crumb),
    h('section', { class: 'card card-form card-form-wide' }, form.element),
  );
  f.summary.focus();
}

// One person's page (#/persons/<id>): every field as recorded, the names exactly as typed, and the family:
// the links grouped by relation, adding a relative found by search, removing a link after a confirmation. Also the
// record's merges: where a merged record went, the merge history, and for supervisors merging a duplicate into this
// record and undoing a merge (components/person_merge.js).

import { api } from '../api.js';
import { t, formatDateTime, formatNumber } from '../i18n.js';
import { h, replaceChildren, uniqueId } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { selectField, groupField, textAreaField, createForm } from '../components/form.js';
import { loadCodes, codeLabel } from '../components/codes.js';
import { caseHash, kindLabel, referenceText, stageTag } from '../components/cases.js';
import { personPicker } from '../components/person_picker.js';
import { loadMergeHistory, mergedNote, mergeHistoryCard, openMergeDialog } from '../components/person_merge.js';
import {
  RELATIONS, personHash, personName, personFacts, numberText, birthText, sexLabel, nationalityLabel,
  documentTypeLabel, disabilityLabel, relationLabel, relationGroupLabel, takeFlash, isolate, canMergePersons,
} from '../components/persons.js';

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Governorate labels then come from web/i18n.
  }
  const id = context.params.id;
  let person;
  let family;
  let history;
  let cases;
  try {
    [person, family, history, cases] = await Promise.all([
      api.get('/persons/' + id),
      api.get(`/persons/${id}/family`),
      loadMergeHistory(id),
      // her cases: a repeat victim must not look new (a failure here leaves the rest of the page)
      api.get(`/persons/${id}/cases`).catch(() => null),
    ]);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(container, breadcrumb(), h('h1', { class: 'page-title', text: t('persons.person') }), banner('error', errorText(error)));
    return;
  }
  if (!context.isCurrent()) return;

  const messages = bannerSlot();
  const flash = takeFlash();
  if (flash) messages.show('success', flash);
  const active = person.status === 'active';
  // she appears in a restricted case the user does not see: her identity only, and no changes
  const editable = active && !person.withheld;
  // Merging and undoing are for supervisors; the API refuses everyone else anyway.
  const canMerge = canMergePersons(context.user);
  const redraw = () => context.navigate(personHash(person.id));
  const mergeButton = editable && canMerge
    ? h('button', {
      type: 'button',
      class: 'button',
      'data-test': 'merge-start',
      onclick: () => openMergeDialog({ person, parent: container, onMerged: redraw }),
    }, t('merge.start'))
    : null;

  replaceChildren(
    container,
    breadcrumb(),
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title', 'data-test': 'person-title' }, personName(person)),
      editable
        ? h(
          'div',
          { class: 'page-actions' },
          h('a', { href: `${personHash(id)}/edit`, class: 'button button-primary', 'data-test': 'edit-person' }, t('persons.edit')),
          mergeButton,
        )
        : null,
    ),
    messages.element,
    person.withheld ? banner('info', t('persons.withheld')) : null,
    active ? null : mergedNote(person, history),
    h(
      'div',
      { class: 'card-grid card-grid-wide person-grid' },
      detailsCard(person),
      familyCard(person, family, active),
    ),
    cases ? casesCard(cases, person.sex) : null,
    history.merges.length ? mergeHistoryCard(person, history, { canMerge, onChanged: redraw }) : null,
    editable ? erasureCard(person) : null,
  );
}

// The person's request for erasure of her data (PDPL 2023), recorded here by the worker; the records officer decides
// on it (#/records), refusing with the reason when the law keeps the record.
function erasureCard(person) {
  const basis = textAreaField({ name: 'basis', label: t('records.erasure_basis'), required: true, dir: 'auto', maxlength: 1000, rows: 2, testId: 'erasure-basis' });
  const form = createForm({
    fields: [basis],
    submitLabel: t('records.erasure_request'),
    busyLabel: t('common.saving'),
    testId: 'erasure-request',
    onSubmit: async (values) => {
      await api.post(`/persons/${person.id}/erasure-requests`, { basis: values.basis });
      form.banner.show('success', t('records.erasure_recorded'));
      basis.setValue('');
    },
  });
  return h('details', { class: 'card', 'data-test': 'erasure-card' }, h('summary', { text: t('records.erasure_request') }), form.element);
}

function breadcrumb() {
  return h('p', { class: 'breadcrumb' }, h('a', { href: '#/persons' }, t('persons.title')));
}

function row(label, value, testId) {
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);
  return h(
    'div',
    { class: 'details-row' },
    h('dt', { text: label }),
    h('dd', { 'data-test': testId || null, class: empty ? 'empty-value' : null }, empty ? t('persons.not_recorded_short') : value),
  );
}

function detailsCard(person) {
  const parts = [
    ['first_name', 'persons.first_name'],
    ['father_name', 'persons.father_name'],
    ['grandfather_name', 'persons.grandfather_name'],
    ['family_name', 'persons.family_name'],
  ];
  const document = person.document_type
    ? [documentTypeLabel(person.document_type), ' ', h('bdi', { dir: 'ltr', class: 'number-text', text: person.document_number || '' })]
    : null;
  const phones = (person.phones || []).length
    ? h('ul', { class: 'plain-list' }, person.phones.map((phone) => h('li', {}, numberText(phone))))
    : null;
  return h(
    'section',
    { class: 'card person-details', 'aria-labelledby': 'person-details-title', 'data-test': 'person-details' },
    h('h2', { class: 'card-title', id: 'person-details-title', text: t('persons.details') }),
    h(
      'ol',
      { class: 'name-parts', 'aria-label': t('persons.section_name') },
      parts.map(([name, key]) => h(
        'li',
        { class: 'name-part' },
        h('span', { class: 'name-part-label', text: t(key) }),
        person[name]
          ? h('span', { class: 'name-part-value', 'data-test': 'name-' + name }, h('bdi', { dir: 'auto', text: person[name] }))
          : h('span', { class: 'name-part-value empty-value', 'data-test': 'name-' + name, text: t('persons.not_recorded_short') }),
      )),
    ),
    h(
      'dl',
      { class: 'details' },
      row(t('persons.latin_name'), person.latin_name ? h('bdi', { dir: 'ltr', text: person.latin_name }) : null, 'latin-name'),
      row(t('persons.national_id'), numberText(person.national_id), 'national-id'),
      row(t('persons.document'), document, 'document'),
      row(t('persons.nationality'), nationalityLabel(person.nationality), 'nationality'),
      row(t('persons.sex'), sexLabel(person.sex), 'sex'),
      row(t('persons.birth'), birthText(person), 'birth'),
      // withheld (a restricted case the user does not see): the rows are left out, not shown as "not recorded"
      person.withheld ? null : [
        row(t('persons.governorate'), person.governorate ? codeLabel('governorates', person.governorate) : null, 'governorate'),
        row(t('persons.address'), person.address ? h('bdi', { dir: 'auto', text: person.address }) : null, 'address'),
        row(t('persons.phones'), phones, 'phones'),
        row(t('persons.disability'), disabilityLabel(person.disability), 'disability'),
        row(t('persons.notes'), person.notes ? h('p', { class: 'notes-text', dir: 'auto', text: person.notes }) : null, 'notes'),
      ],
      row(t('common.created_at'), h('time', { datetime: person.created_at, text: formatDateTime(person.created_at) })),
      row(t('common.updated_at'), h('time', { datetime: person.updated_at, text: formatDateTime(person.updated_at) })),
    ),
  );
}

function familyCard(person, family, active) {
  const messages = bannerSlot();
  const list = h('div', { class: 'family-list', 'data-test': 'family' });
  let links = (family && family.items) || [];

  async function reload() {
    const answer = await api.get(`/persons/${person.id}/family`);
    links = (answer && answer.items) || [];
    drawList();
  }

  async function removeLink(link) {
    messages.clear();
    try {
      await api.del(`/persons/${person.id}/family/${link.id}`);
      messages.show('success', t('family.removed', { name: isolate(link.relative.full_name) }));
    } catch (error) {
      messages.error(error);
    }
    try {
      await reload();
    } catch (error) {
      messages.error(error);
    }
  }

  function memberItem(link) {
    const relative = link.relative || {};
    // a relative whose juvenile record is sealed: the relation and that the record exists, nothing of it
    if (relative.sealed) {
      return h(
        'li',
        { class: 'family-member', 'data-test': 'family-member', 'data-relation': link.relation, 'data-sealed': 'true' },
        h(
          'div',
          { class: 'family-member-main' },
          h('span', { class: 'tag', 'data-test': 'relation-label', text: relationLabel(link.relation, null, link.degree) }),
          ' ',
          h('span', { class: 'muted', 'data-test': 'relative-sealed', text: t('records.sealed_relative') }),
        ),
      );
    }
    const confirmBox = h('div', { class: 'confirm-box', hidden: true, role: 'group', 'aria-label': t('family.remove') });
    const start = h('button', {
      type: 'button',
      class: 'button button-small button-danger-quiet',
      'data-test': 'remove-link',
      hidden: !active,
      onclick: () => {
        start.hidden = true;
        confirmBox.hidden = false;
        confirmBox.querySelector('button').focus();
      },
    }, t('family.remove'));
    replaceChildren(
      confirmBox,
      h('p', {}, t('family.remove_confirm', { relation: relationLabel(link.relation, relative.sex, link.degree) }), ' ', personName(relative), t('family.remove_confirm_end', null, { gender: relative.sex })),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'button button-small button-danger', 'data-test': 'confirm-remove', onclick: () => removeLink(link) }, t('family.remove_yes')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { confirmBox.hidden = true; start.hidden = false; start.focus(); } }, t('common.cancel')),
      ),
    );
    return h(
      'li',
      { class: 'family-member', 'data-test': 'family-member', 'data-relation': link.relation, 'data-relative-id': String(relative.id) },
      h(
        'div',
        { class: 'family-member-main' },
        h('span', { class: 'tag', 'data-test': 'relation-label', text: relationLabel(link.relation, relative.sex, link.degree) }),
        ' ',
        h('a', { href: personHash(relative.id), 'data-test': 'relative-link' }, personName(relative)),
        h('span', { class: 'family-member-facts' }, personFacts(relative)),
      ),
      start,
      confirmBox,
    );
  }

  function drawList() {
    if (!links.length) {
      replaceChildren(list, h('p', { class: 'muted', 'data-test': 'family-empty', text: t('family.empty') }));
      return;
    }
    const groups = RELATIONS.map((relation) => [relation, links.filter((link) => link.relation === relation)])
      .concat([[null, links.filter((link) => !RELATIONS.includes(link.relation))]])
      .filter(([, items]) => items.length);
    replaceChildren(
      list,
      groups.map(([relation, items]) => {
        const headingId = uniqueId('family-group');
        return h(
          'section',
          { class: 'family-group', 'data-test': 'family-group-' + (relation || 'other'), 'aria-labelledby': headingId },
          h('h3', { class: 'family-group-title', id: headingId, text: relation ? relationGroupLabel(relation) : t('relation_group.other') }),
          h('ul', { class: 'family-members' }, items.map(memberItem)),
        );
      }),
    );
  }
  drawList();

  return h(
    'section',
    { class: 'card family-card', 'aria-labelledby': 'family-title' },
    h('h2', { class: 'card-title', id: 'family-title', text: t('family.title') }),
    messages.element,
    list,
    active ? addFamilyForm(person, () => links, (answer) => {
      links = (answer && answer.items) || links;
      drawList();
    }, messages) : null,
  );
}

// "Add a family member": find the relative with the registry search, choose the relation, POST.
function addFamilyForm(person, currentLinks, onAdded, messages) {
  const picker = personPicker({
    testPrefix: 'family',
    exclude: (candidate) => candidate.id === person.id,
    unavailable: (candidate) => (currentLinks().some((link) => link.relative && link.relative.id === candidate.id) ? t('family.already_linked') : null),
    noResults: t('family.no_results'),
    onError: (message) => relative.setError(message),
    onClearError: () => relative.clearError(),
  });
  const relative = groupField(
    { name: 'relative_id', label: t('family.relative'), required: true, testId: 'family-relative' },
    [h('label', { for: picker.searchId, class: 'sub-label', text: t('family.search_label') }), picker.controls],
    picker.focusTarget,
  );
  // Checked by validate() below, which says whether to search first or to choose among the results.
  relative.required = false;
  relative.getValue = () => {
    const chosen = picker.chosen();
    return chosen ? String(chosen.id) : '';
  };
  relative.setValue = () => picker.reset();

  const relation = selectField({
    name: 'relation',
    label: t('family.relation'),
    hint: t('family.relation_hint', { name: isolate(person.full_name) }),
    required: true,
    choices: RELATIONS.map((value) => ({ value, label: relationLabel(value) })),
    emptyLabel: t('common.choose'),
    testId: 'relation',
  });
  const degree = selectField({
    name: 'degree',
    label: t('family.degree'),
    choices: [1, 2, 3, 4, 5, 6].map((value) => ({ value: String(value), label: t('family.degree_n', { n: formatNumber(value) }) })),
    emptyLabel: t('family.degree_unknown'),
    testId: 'degree',
  });
  const syncDegree = () => {
    degree.element.hidden = relation.getValue() !== 'relative';
  };
  relation.control.addEventListener('change', syncDegree);
  syncDegree();

  const form = createForm({
    fields: [relative, relation, degree],
    submitLabel: t('family.add_submit'),
    busyLabel: t('common.saving'),
    testId: 'family-add',
    className: 'family-form',
    validate: (values) => (values.relative_id ? null : { relative_id: picker.hasCandidates() ? t('family.choose_relative') : t('family.search_first') }),
    onSubmit: async (values) => {
      messages.clear();
      const answer = await api.post(`/persons/${person.id}/family`, {
        relative_id: Number(values.relative_id),
        relation: values.relation,
        degree: values.relation === 'relative' && values.degree ? Number(values.degree) : null,
      });
      const added = ((answer && answer.items) || []).find((link) => String(link.relative && link.relative.id) === values.relative_id);
      onAdded(answer);
      relative.setValue('');
      relation.setValue('');
      degree.setValue('');
      syncDegree();
      messages.show('success', t('family.added', { name: isolate(added ? added.relative.full_name : '') }, { gender: added && added.relative.sex }));
    },
  });

  return h(
    'section',
    { class: 'family-add', 'aria-labelledby': 'family-add-title' },
    h('h3', { class: 'family-group-title', id: 'family-add-title', text: t('family.add') }),
    form.element,
  );
}

// The cases the person appears in that the user sees, with her role in each, and how many others there are.
// sex: the person's, for the sentences about them.
function casesCard(cases, sex) {
  const items = cases.items || [];
  const hidden = cases.hidden_count || 0;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'person-cases-title', 'data-test': 'person-cases' },
    h('h2', { class: 'card-title', id: 'person-cases-title', text: t('persons.cases') }),
    items.length
      ? h('ul', { class: 'plain-list person-case-list' }, items.map((c) => h(
        'li',
        { class: 'person-case', 'data-test': 'person-case', 'data-case-id': String(c.id) },
        h('a', { href: caseHash(c.id), 'data-test': 'person-case-link' }, referenceText(c.reference)),
        ' ',
        h('span', { class: 'tag', text: codeLabel('case_person_roles', c.role, { gender: sex }) }),
        ' ',
        kindLabel(c.kind),
        ' ',
        stageTag(c.stage),
        h('span', { class: 'cell-sub', text: c.worker_name ? c.worker_name : t('cases.unassigned') }),
      )))
      : h('p', { class: 'muted', 'data-test': 'person-cases-none', text: t('persons.cases_none') }),
    hidden
      ? h('p', { class: 'banner banner-info', role: 'note', 'data-test': 'person-cases-hidden',
        text: hidden === 1 ? t('persons.cases_hidden_one', null, { gender: sex }) : t('persons.cases_hidden_many', { count: formatNumber(hidden) }, { gender: sex }) })
      : null,
  );
}

// Merging duplicate person records, on the person page (docs/api.md, "Merge"): the dialog in which a supervisor
// finds the duplicate, compares the two records side by side and gives a reason; the note on a merged record saying
// where it went, who merged it, when and why; and a record's merge history, with the undo for supervisors.

import { api } from '../api.js';
import { t, formatDateTime, formatNumber } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { groupField, textAreaField, createForm } from './form.js';
import { codeLabel } from './codes.js';
import { modalDialog } from './dialog.js';
import { personPicker } from './person_picker.js';
import { personHash, personName, numberText, birthText, sexLabel, isolate, setFlash } from './persons.js';

// The merges of a person (GET /persons/{id}/merges, newest first) and the other record of each:
// {merges, others: Map(id → person, or null when it could not be read)}.
export async function loadMergeHistory(personId) {
  const answer = await api.get(`/persons/${personId}/merges`);
  const merges = (answer && answer.items) || [];
  const ids = [...new Set(merges.flatMap((merge) => [merge.kept_id, merge.merged_id]))].filter((id) => String(id) !== String(personId));
  const records = await Promise.all(ids.map((id) => api.get('/persons/' + id).catch(() => null)));
  return { merges, others: new Map(ids.map((id, index) => [id, records[index]])) };
}

// The string of `key` as a list of strings and nodes, its {placeholders} replaced by the nodes of `parts`.
function tWith(key, parts) {
  return t(key)
    .split(/(\{\w+\})/)
    .filter((piece) => piece !== '')
    .map((piece) => {
      const match = /^\{(\w+)\}$/.exec(piece);
      return match && Object.prototype.hasOwnProperty.call(parts, match[1]) ? parts[match[1]] : piece;
    });
}

// A link to another record, by its name when it could be read.
function recordLink(id, others, testId) {
  const other = others.get(id);
  return h(
    'a',
    { href: personHash(id), 'data-test': testId, 'data-person-id': String(id) },
    other ? personName(other) : t('merge.record_n', { n: formatNumber(id) }),
  );
}

function userName(name) {
  return name ? h('bdi', { dir: 'auto', text: name }) : t('merge.unknown_user');
}

function time(iso) {
  return h('time', { datetime: iso, text: formatDateTime(iso) });
}

function reasonText(reason) {
  return h('bdi', { dir: 'auto', class: 'merge-reason-text', text: reason || '' });
}

// The note at the top of a merged record: merged into which record (a link), by whom, when and why.
export function mergedNote(person, history) {
  const merge = history.merges.find((item) => item.merged_id === person.id && !item.undone_at);
  const keptId = person.merged_into || (merge && merge.kept_id);
  return h(
    'div',
    { class: 'banner banner-info merged-note', role: 'status', 'data-test': 'merged-note' },
    h('p', { class: 'banner-text' }, keptId ? tWith('merge.note', { record: recordLink(keptId, history.others, 'merged-into') }) : t('persons.merged_note')),
    merge
      ? h('p', { class: 'merged-note-detail', 'data-test': 'merged-detail' }, tWith('merge.note_detail', { who: userName(merge.merged_by_name), when: time(merge.merged_at), reason: reasonText(merge.reason) }))
      : null,
  );
}

function detailRow(label, value) {
  return h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', {}, value));
}

// The merge history of a record: one entry per merge, undone ones too. A supervisor can undo a merge in force;
// `onChanged()` draws the page again after an undo.
export function mergeHistoryCard(person, history, { canMerge, onChanged }) {
  const { merges, others } = history;

  function undoControls(merge) {
    const restoredId = merge.merged_id;
    const restored = restoredId === person.id ? person : others.get(restoredId);
    const restoredName = restored ? personName(restored) : t('merge.record_n', { n: formatNumber(restoredId) });
    const start = h('button', {
      type: 'button',
      class: 'button button-small button-warning',
      'data-test': 'undo-merge',
      onclick: () => {
        start.hidden = true;
        box.hidden = false;
        reason.focus();
      },
    }, t('merge.undo'));
    const reason = textAreaField({ name: 'reason', label: t('merge.undo_reason'), required: true, maxlength: 500, rows: 2, dir: 'auto', testId: 'undo-reason' });
    const form = createForm({
      fields: [reason],
      submitLabel: t('merge.undo_submit'),
      busyLabel: t('merge.undoing'),
      testId: 'undo-form',
      className: 'undo-form',
      actions: h('button', {
        type: 'button',
        class: 'button',
        'data-test': 'undo-keep',
        onclick: () => {
          form.clearErrors();
          box.hidden = true;
          start.hidden = false;
          start.focus();
        },
      }, t('merge.undo_keep')),
      onSubmit: async (values) => {
        const answer = await api.post(`/persons/merges/${merge.id}/undo`, { reason: values.reason });
        const name = answer && answer.person ? answer.person.full_name : restored && restored.full_name;
        setFlash(t('merge.undone', { name: isolate(name || '') }));
        onChanged();
      },
    });
    const box = h(
      'div',
      { class: 'confirm-box undo-box', hidden: true, role: 'group', 'aria-label': t('merge.undo'), 'data-test': 'undo-box' },
      h('p', {}, tWith('merge.undo_confirm', { name: restoredName })),
      form.element,
    );
    return [start, box];
  }

  function entry(merge) {
    const keptSide = merge.kept_id === person.id;
    const otherId = keptSide ? merge.merged_id : merge.kept_id;
    const undone = Boolean(merge.undone_at);
    return h(
      'li',
      { class: ['merge-item', undone ? 'merge-item-undone' : null], 'data-test': 'merge-item', 'data-merge-id': String(merge.id), 'data-state': undone ? 'undone' : 'in_force' },
      h(
        'p',
        { class: 'merge-item-title' },
        h('span', { class: ['tag', undone ? 'tag-muted' : 'status-active'], 'data-test': 'merge-state', text: undone ? t('merge.state_undone') : t('merge.state_in_force') }),
        ' ',
        h('span', { 'data-test': 'merge-summary' }, tWith(keptSide ? 'merge.history_kept' : 'merge.history_merged', { record: recordLink(otherId, others, 'merge-other') })),
      ),
      h(
        'dl',
        { class: 'details details-compact merge-details' },
        detailRow(t('merge.by'), userName(merge.merged_by_name)),
        detailRow(t('merge.at'), time(merge.merged_at)),
        detailRow(t('merge.reason_label'), reasonText(merge.reason)),
        undone ? detailRow(t('merge.undone_by'), userName(merge.undone_by_name)) : null,
        undone ? detailRow(t('merge.undone_at'), time(merge.undone_at)) : null,
        undone ? detailRow(t('merge.undo_reason_label'), reasonText(merge.undo_reason)) : null,
      ),
      !undone && canMerge ? h('div', { class: 'merge-actions' }, undoControls(merge)) : null,
    );
  }

  return h(
    'section',
    { class: 'card merge-history', 'aria-labelledby': 'merge-history-title', 'data-test': 'merge-history' },
    h('h2', { class: 'card-title', id: 'merge-history-title', text: t('merge.history_title') }),
    h('ol', { class: 'merge-list' }, merges.map(entry)),
  );
}

// The rows of the comparison: label, what is shown, and what is compared.
const COMPARED = [
  ['persons.full_name', (p) => personName(p), (p) => p.full_name],
  ['persons.national_id', (p) => numberText(p.national_id), (p) => p.national_id],
  ['persons.birth', (p) => birthText(p), (p) => [p.birth_date, p.birth_year, p.birth_year_estimated].join('|')],
  ['persons.sex', (p) => sexLabel(p.sex), (p) => p.sex],
  ['persons.governorate', (p) => (p.governorate ? codeLabel('governorates', p.governorate) : null), (p) => p.governorate],
  [
    'persons.phones',
    (p) => ((p.phones || []).length ? h('ul', { class: 'plain-list' }, p.phones.map((phone) => h('li', {}, numberText(phone)))) : null),
    (p) => [...(p.phones || [])].sort().join(','),
  ],
];

function compareTable(kept, duplicate) {
  const cell = (value) => (value === null || value === undefined || value === ''
    ? h('td', { class: 'empty-value', text: t('persons.not_recorded_short') })
    : h('td', {}, value));
  return h(
    'div',
    { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('merge.compare_title') },
    h(
      'table',
      { class: 'data-table compare-table', 'data-test': 'merge-compare-table' },
      h('caption', { class: 'visually-hidden', text: t('merge.compare_title') }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: t('merge.field') })),
          h('th', { scope: 'col', 'data-test': 'compare-kept-heading' }, t('merge.kept_column')),
          h('th', { scope: 'col', 'data-test': 'compare-merged-heading' }, t('merge.merged_column')),
        ),
      ),
      h(
        'tbody',
        {},
        COMPARED.map(([key, show, value]) => {
          const differs = String(value(kept) ?? '') !== String(value(duplicate) ?? '');
          return h(
            'tr',
            { class: differs ? 'compare-differs' : null, 'data-test': 'compare-row', 'data-field': key.replace('persons.', ''), 'data-differs': differs ? 'true' : 'false' },
            h('th', { scope: 'row' }, t(key), differs ? [' ', h('span', { class: 'tag status-warning', text: t('merge.differs') })] : null),
            cell(show(kept)),
            cell(show(duplicate)),
          );
        }),
      ),
    ),
  );
}

// Opens the merge dialog on `person`'s page (an active record; the caller checks the role). `parent` holds the
// dialog; `onMerged()` draws the page again after the merge.
export function openMergeDialog({ person, parent, onMerged }) {
  let kept = person; // read again after a version conflict
  let duplicate = null;
  const compare = h('div', { class: 'merge-compare', 'aria-live': 'polite', 'data-test': 'merge-compare' });

  function drawCompare() {
    if (!duplicate) {
      replaceChildren(compare);
      return;
    }
    replaceChildren(
      compare,
      h('h3', { class: 'merge-compare-title', text: t('merge.compare_title') }),
      h('p', { class: 'field-hint', text: t('merge.compare_hint') }),
      compareTable(kept, duplicate),
    );
  }

  const picker = personPicker({
    testPrefix: 'merge',
    exclude: (candidate) => candidate.id === person.id,
    noResults: t('merge.no_results'),
    onChoose: (chosen) => {
      duplicate = chosen;
      drawCompare();
    },
    onError: (message) => duplicateField.setError(message),
    onClearError: () => duplicateField.clearError(),
  });
  const duplicateField = groupField(
    { name: 'merge_id', label: t('merge.duplicate'), required: true, testId: 'merge-duplicate' },
    [h('label', { for: picker.searchId, class: 'sub-label', text: t('merge.search_label') }), picker.controls],
    picker.focusTarget,
  );
  // validate() below says whether to search first or to choose among the results.
  duplicateField.required = false;
  // The API names merge_id or merge_version when the duplicate is at fault.
  duplicateField.aliases = ['merge_version'];
  duplicateField.getValue = () => (duplicate ? String(duplicate.id) : '');
  duplicateField.setValue = () => picker.reset();
  const reason = textAreaField({ name: 'reason', label: t('merge.reason'), hint: t('merge.reason_hint'), required: true, maxlength: 500, rows: 3, dir: 'auto', testId: 'merge-reason' });
  // Both are checked by validate() below, so that a missing duplicate and a missing reason are marked together.
  reason.required = false;

  const form = createForm({
    fields: [duplicateField, reason],
    layout: [duplicateField.element, compare, reason.element],
    submitLabel: t('merge.submit'),
    busyLabel: t('merge.submitting'),
    testId: 'merge-form',
    className: 'merge-form',
    actions: h('button', { type: 'button', class: 'button', 'data-test': 'merge-cancel', onclick: () => dialog.close() }, t('common.cancel')),
    validate: (values) => {
      const problems = {};
      if (!values.merge_id) problems.merge_id = picker.hasCandidates() ? t('merge.choose') : t('merge.search_first');
      if (!values.reason) problems.reason = t('form.field_required');
      return problems;
    },
    onSubmit: async (values, current) => {
      try {
        await api.post(`/persons/${kept.id}/merge`, { version: kept.version, merge_id: duplicate.id, merge_version: duplicate.version, reason: values.reason });
      } catch (error) {
        if (!error || error.code !== 'version.conflict') throw error;
        // One of the records changed since it was read: show both as they are now and let the user confirm again.
        [kept, duplicate] = await Promise.all([api.get('/persons/' + kept.id), api.get('/persons/' + duplicate.id)]);
        drawCompare();
        current.banner.show('error', t('merge.conflict'));
        return;
      }
      setFlash(t('merge.done', { name: isolate(duplicate.full_name) }));
      dialog.close();
      onMerged();
    },
  });

  const dialog = modalDialog({
    title: t('merge.title'),
    lead: t('merge.lead'),
    content: form.element,
    testId: 'merge-dialog',
    className: 'dialog-wide',
  });
  dialog.open(parent, picker.focusTarget());
  return dialog;
}

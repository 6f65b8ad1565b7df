// The audit log (auditor only): GET /api/v1/audit with filters, newest first, more rows by next_cursor.

import { api } from '../api.js';
import { t, tOr, formatDateTime, formatNumber, ammanLocalToUtc, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, selectField, dateTimeField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';

const PAGE_SIZE = 50;
const EMPTY = { username: '', action: '', object_type: '', object_id: '', outcome: '', from: '', to: '' };

// The actions the server writes (docs/api.md; the changes of a case are its history's), offered by their labels.
const ACTIONS = [
  'session.login', 'session.login_failed', 'session.locked', 'session.logout', 'me.password', 'token.create',
  'token.revoke', 'access.denied',
  'user.create', 'user.update', 'user.password', 'user.disable', 'user.read', 'user.list',
  'unit.create', 'unit.update', 'unit.read', 'unit.list', 'audit.read', 'sharing.read',
  'person.search', 'person.read', 'person.family.read', 'person.cases.read', 'person.create', 'person.update',
  'person.link.add', 'person.link.remove', 'person.merge', 'person.merged_into', 'person.merge.undo',
  'person.merge.read', 'person.merges.read', 'person.import',
  'case.create', 'case.update', 'case.advance', 'case.request_closure', 'case.approve_closure', 'case.return_closure',
  'case.reopen', 'case.assign', 'case.assign.self', 'case.unassign', 'case.person.add', 'case.person.remove',
  'case.incident.add', 'case.note.add', 'case.followups.plan', 'case.followup.done', 'case.followup.cancel',
  'case.consent.add', 'case.consent.withdraw', 'case.service.add', 'case.service.update',
  'case.referral.send', 'case.referral.accept', 'case.referral.reject', 'case.referral.revoke',
  'case.referral.complete', 'case.transfer.send', 'case.transfer.accept', 'case.transfer.reject',
  'case.transfer.revoke', 'case.transfer.complete', 'case.study.create', 'case.study.submit', 'case.study.return',
  'case.study.approve', 'case.risk.assess', 'case.safety_plan.save', 'case.goal.add', 'case.goal.update',
  'case.incident.correct',
  'case.read', 'case.list', 'case.assignable.read', 'case.persons.read', 'case.incidents.read', 'case.notes.read',
  'case.followups.read', 'case.history.read', 'case.tasks.read', 'case.tasks.refresh', 'case.consents.read',
  'case.referrals.read', 'case.services.read', 'case.studies.read', 'case.risk.read', 'case.safety_plan.read',
  'case.goals.read', 'case.incident.revisions.read', 'task.list',
  'referral.read', 'referral.list',
  'study.read', 'study.save', 'study.list', 'study.search', 'study.versions.read', 'study.version.read',
  'study.document.court', 'study.document.copy',
  'second_factor.begin', 'second_factor.enrol', 'session.code_asked',
  'case.break_glass', 'case.break_glass.read', 'case.break_glass.write', 'case.break_glass.end', 'break_glass.review',
  'break_glass.list',
  'case.seal', 'case.seal.read_order', 'case.unseal', 'case.sealed.read', 'sealed.list', 'seal_order.list',
  'case.retention.listed', 'case.retention.kept', 'retention.list', 'case.anonymise', 'person.anonymise',
  'person.erasure.request', 'person.erasure.refused', 'person.erase', 'erasure.list',
  'home.add', 'home.update', 'home.capacity.override', 'home.occupancy.read', 'home.register.read', 'case.measures.read',
  'placement.movements.read', 'statistics.read', 'statistics.export', 'data_export.read', 'recommendation.export',
];

// The kinds of record the log names (object_type): what the actions above are about, and for a refusal the record
// of the refused address (docs/api.md, "Refusals").
const OBJECT_TYPES = ['case', 'referral', 'study', 'person', 'merge', 'user', 'unit', 'audit', 'data_sharing'];

// A code the server may write before the interface has its label: shown and searched as it is.
const CODE = /^[a-z_]+(\.[a-z_]+)+$/;

let filters = { ...EMPTY };

// A change of a case has the words of its history entry.
function actionLabel(action) {
  return tOr('audit.action.' + action, tOr('history.' + action, action));
}

function objectLabel(type) {
  return tOr('audit.object.' + type, type);
}

function outcomeTag(outcome) {
  return h('span', { class: ['tag', outcome === 'ok' ? 'status-active' : 'status-warning'], text: tOr('audit.outcome.' + outcome, outcome) });
}

// Text compared loosely: case, Arabic diacritics and tatweel, the forms of alef, ى/ي and ة/ه, runs of spaces.
function loose(text) {
  return String(text || '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u064b-\u0652\u0670\u0640]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064a')
    .replace(/\u0629/g, '\u0647')
    .replace(/\s+/g, ' ')
    .trim();
}

// The action the user means by `text`: its label in the current language (or a part of it found in one label
// only), or its code. {code} ('' for none) or {error: message}.
function actionFor(text) {
  const typed = loose(text);
  if (!typed) return { code: '' };
  const exact = ACTIONS.find((code) => loose(actionLabel(code)) === typed);
  if (exact) return { code: exact };
  if (CODE.test(typed)) return { code: typed };
  const found = ACTIONS.filter((code) => loose(actionLabel(code)).includes(typed));
  if (found.length === 1) return { code: found[0] };
  if (found.length > 1) return { error: t('audit.action_several', { count: formatNumber(found.length) }) };
  return { error: t('audit.action_unknown') };
}

// The action filter: typed by its label, with the labels as suggestions; its value is the action's code.
function actionField(value) {
  const field = textField({
    name: 'action', label: t('audit.action'), hint: t('audit.action_hint'), dir: 'auto', list: 'audit-actions', spellcheck: false, testId: 'audit-action',
  });
  field.getValue = () => {
    const answer = actionFor(field.control.value);
    return answer.error ? field.control.value.trim() : answer.code;
  };
  field.setValue = (code) => {
    field.control.value = code ? actionLabel(code) : '';
  };
  field.problem = () => actionFor(field.control.value).error || null;
  field.setValue(value);
  return field;
}

// The record a row is about: its kind in words and its number, which filters the log to that record.
function objectCell(row, showRecord) {
  if (!row.object_type) return '—';
  return h(
    'span',
    { class: 'audit-object', 'data-test': 'audit-object', 'data-type': row.object_type },
    h('span', { class: 'audit-object-type', 'data-test': 'audit-object-type', text: objectLabel(row.object_type) }),
    row.object_id
      ? [
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'link-button audit-object-id',
            title: t('audit.only_record'),
            'data-test': 'audit-object-id',
            onclick: () => showRecord(row.object_type, row.object_id),
          },
          h('bdi', { dir: 'ltr', text: '#' + row.object_id }),
        ),
      ]
      : null,
  );
}

export async function render(container, context) {
  const messages = bannerSlot();
  const username = textField({ name: 'username', label: t('audit.username'), dir: 'ltr', value: filters.username, spellcheck: false, testId: 'audit-username' });
  const action = actionField(filters.action);
  const objectType = selectField({
    name: 'object_type',
    label: t('audit.object_type'),
    choices: OBJECT_TYPES.map((value) => ({ value, label: objectLabel(value) })),
    emptyLabel: t('common.all'),
    value: filters.object_type,
    testId: 'audit-object-type',
  });
  const objectId = textField({ name: 'object_id', label: t('audit.object_id'), dir: 'ltr', value: filters.object_id, testId: 'audit-object-id-filter' });
  const outcome = selectField({
    name: 'outcome',
    label: t('audit.outcome'),
    choices: ['ok', 'denied', 'failed', 'error'].map((value) => ({ value, label: tOr('audit.outcome.' + value, value) })),
    emptyLabel: t('common.all'),
    value: filters.outcome,
    testId: 'audit-outcome',
  });
  const from = dateTimeField({ name: 'from', label: t('audit.from'), value: filters.from, hint: t('audit.time_hint'), emptyTime: '00:00', testId: 'audit-from' });
  const to = dateTimeField({ name: 'to', label: t('audit.to'), value: filters.to, emptyTime: '23:59:59', testId: 'audit-to' });
  const fields = [username, action, objectType, objectId, outcome, from, to];
  const results = h('div', { class: 'results', 'aria-live': 'polite' });

  async function loadResults() {
    const query = {
      username: filters.username,
      action: filters.action,
      object_type: filters.object_type,
      object_id: toAsciiDigits(filters.object_id).trim(),
      outcome: filters.outcome,
      from: ammanLocalToUtc(filters.from),
      to: ammanLocalToUtc(filters.to),
      limit: PAGE_SIZE,
    };
    const columns = [
      { label: t('audit.at'), cell: (row) => h('time', { datetime: row.at, text: formatDateTime(row.at) }), className: 'nowrap' },
      { label: t('audit.user'), cell: (row) => (row.username ? h('bdi', { dir: 'ltr', text: row.username }) : t('audit.no_user')) },
      {
        label: t('audit.action'),
        cell: (row) => h('span', { title: row.action, 'data-test': 'audit-action-label', 'data-action': row.action, text: actionLabel(row.action) }),
      },
      { label: t('audit.object'), cell: (row) => objectCell(row, showRecord) },
      { label: t('audit.outcome'), cell: (row) => outcomeTag(row.outcome) },
      { label: t('audit.client'), cell: (row) => h('bdi', { dir: 'ltr', text: row.client_addr || '' }) },
    ];
    const table = dataTable({ columns, rows: [], caption: t('audit.title'), empty: t('audit.empty'), testId: 'audit-table' });
    let cursor = null;
    let shown = 0;
    const count = h('p', { class: 'list-count', 'data-test': 'audit-count' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const answer = await api.get('/audit', { ...query, cursor });
      const items = (answer && answer.items) || [];
      table.addRows(items);
      shown += items.length;
      count.textContent = t('audit.shown', { count: formatNumber(shown) });
      cursor = (answer && answer.next_cursor) || null;
      more.hidden = !cursor;
    };
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        await fetchPage();
      } catch (error) {
        messages.error(error);
      } finally {
        more.disabled = false;
      }
    });
    messages.clear();
    await fetchPage();
    replaceChildren(results, count, table.element, h('div', { class: 'list-footer' }, more));
  }

  // The entries about one record: the filters narrowed to it, the rest kept.
  async function showRecord(type, id) {
    objectType.setValue(type);
    objectId.setValue(id);
    form.clearErrors();
    filters = { ...filters, object_type: type, object_id: id };
    try {
      await loadResults();
    } catch (error) {
      messages.error(error);
    }
  }

  const form = createForm({
    fields,
    submitLabel: t('common.filter'),
    className: 'filter-form',
    testId: 'audit-filter',
    validate: (values) => {
      const problems = {};
      if (values.from && !ammanLocalToUtc(values.from)) problems.from = t('error.field_invalid');
      if (values.to && !ammanLocalToUtc(values.to)) problems.to = t('error.field_invalid');
      if (!problems.to && values.from && values.to && values.from > values.to) problems.to = t('audit.to_before_from');
      return problems;
    },
    onSubmit: async (values) => {
      filters = values;
      await loadResults();
    },
    actions: h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-test': 'audit-clear',
        onclick: async () => {
          filters = { ...EMPTY };
          for (const field of fields) field.setValue('');
          form.clearErrors();
          try {
            await loadResults();
          } catch (error) {
            messages.error(error);
          }
        },
      },
      t('common.clear'),
    ),
  });

  replaceChildren(
    container,
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title', text: t('audit.title') })),
    h('p', { class: 'page-lead', text: t('audit.lead') }),
    h('datalist', { id: 'audit-actions' }, ACTIONS.map((code) => h('option', { value: actionLabel(code) }))),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('common.filters') }, form.element),
    results,
  );
  if (!context.isCurrent()) return;
  try {
    await loadResults();
  } catch (error) {
    // A filter the server refuses names its field; show it beside the field.
    form.showError(error);
  }
}

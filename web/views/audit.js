// The audit log (auditor only): GET /api/v1/audit with filters, newest first, more rows by next_cursor.

import { api } from '../api.js';
import { t, tOr, formatDateTime, formatNumber, ammanLocalToUtc } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { textField, selectField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';

const PAGE_SIZE = 50;
const EMPTY = { username: '', action: '', object_type: '', object_id: '', outcome: '', from: '', to: '' };

// The actions the server writes so far (docs/api.md), offered as suggestions.
const ACTIONS = [
  'session.login', 'session.login_failed', 'session.locked', 'session.logout',
  'user.create', 'user.update', 'user.password', 'user.disable', 'user.read', 'user.list',
  'unit.create', 'unit.update', 'unit.read', 'unit.list', 'audit.read', 'me.password', 'token.create', 'token.revoke',
  'person.search', 'person.read', 'person.family.read', 'person.create', 'person.update', 'person.link.add',
  'person.link.remove', 'person.merge', 'person.merge.undo', 'person.import', 'access.denied',
  'case.create', 'case.read', 'case.list', 'case.update', 'case.advance', 'case.assign', 'case.note.add',
  'case.referral.send', 'case.transfer.send', 'referral.read', 'referral.list', 'sharing.read', 'task.list',
  'case.study.create', 'case.study.submit', 'case.study.return', 'case.study.approve', 'study.read', 'study.save',
  'study.list', 'study.search', 'study.document.court', 'study.document.copy',
];

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

export async function render(container, context) {
  const messages = bannerSlot();
  const username = textField({ name: 'username', label: t('audit.username'), dir: 'ltr', value: filters.username, spellcheck: false, testId: 'audit-username' });
  const action = textField({ name: 'action', label: t('audit.action'), dir: 'ltr', value: filters.action, list: 'audit-actions', spellcheck: false, testId: 'audit-action' });
  const objectType = selectField({
    name: 'object_type',
    label: t('audit.object_type'),
    choices: ['user', 'unit', 'person', 'audit', 'session', 'token'].map((value) => ({ value, label: objectLabel(value) })),
    emptyLabel: t('common.all'),
    value: filters.object_type,
  });
  const objectId = textField({ name: 'object_id', label: t('audit.object_id'), dir: 'ltr', value: filters.object_id });
  const outcome = selectField({
    name: 'outcome',
    label: t('audit.outcome'),
    choices: ['ok', 'denied', 'failed', 'error'].map((value) => ({ value, label: tOr('audit.outcome.' + value, value) })),
    emptyLabel: t('common.all'),
    value: filters.outcome,
  });
  const from = textField({ name: 'from', label: t('audit.from'), type: 'datetime-local', value: filters.from, hint: t('audit.time_hint') });
  const to = textField({ name: 'to', label: t('audit.to'), type: 'datetime-local', value: filters.to });
  const fields = [username, action, objectType, objectId, outcome, from, to];
  const results = h('div', { class: 'results', 'aria-live': 'polite' });

  async function loadResults() {
    const query = {
      username: filters.username,
      action: filters.action,
      object_type: filters.object_type,
      object_id: filters.object_id,
      outcome: filters.outcome,
      from: ammanLocalToUtc(filters.from),
      to: ammanLocalToUtc(filters.to),
      limit: PAGE_SIZE,
    };
    const columns = [
      { label: t('audit.at'), cell: (row) => h('time', { datetime: row.at, text: formatDateTime(row.at) }), className: 'nowrap' },
      { label: t('audit.user'), cell: (row) => (row.username ? h('bdi', { dir: 'ltr', text: row.username }) : t('audit.no_user')) },
      { label: t('audit.action'), cell: (row) => h('span', { title: row.action, text: actionLabel(row.action) }) },
      {
        label: t('audit.object'),
        cell: (row) => (row.object_type ? [objectLabel(row.object_type), ' ', row.object_id ? h('bdi', { dir: 'ltr', text: '#' + row.object_id }) : null] : '—'),
      },
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
    h('datalist', { id: 'audit-actions' }, ACTIONS.map((value) => h('option', { value }))),
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

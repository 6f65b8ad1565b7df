// The task list (#/tasks): the open tasks of the user's cases (or of every case they see), most urgent first
// (overdue on high-risk cases, then overdue, then the rest, soonest first), with the real counts, filters by kind and
// overdue, and more rows page by page (GET /api/v1/tasks with next_cursor).

import { api } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { selectField, checkboxField, createForm } from '../components/form.js';
import { loadCodes, codeChoices } from '../components/codes.js';
import { taskTable } from '../components/cases.js';

const PAGE_SIZE = 50;
const EMPTY = { scope: 'mine', kind: '', overdue: false };

// The filters, kept while the user opens a case and comes back.
let filters = { ...EMPTY };

// The line that says how many tasks there are, and how many are overdue (on high-risk cases too).
export function taskCountText(answer) {
  const total = formatNumber(answer.total || 0);
  if (!answer.overdue) return t('home.tasks_count', { count: total });
  if (answer.overdue_high_risk) {
    return t('tasks.count_overdue_high', { count: total, overdue: formatNumber(answer.overdue), high: formatNumber(answer.overdue_high_risk) });
  }
  return t('home.tasks_count_overdue', { count: total, overdue: formatNumber(answer.overdue) });
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then come from web/i18n or show their codes.
  }
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  const scope = selectField({
    name: 'scope',
    label: t('tasks.scope'),
    choices: [{ value: 'mine', label: t('tasks.scope_mine') }, { value: 'all', label: t('tasks.scope_all') }],
    value: filters.scope,
    testId: 'tasks-scope',
  });
  const kind = selectField({ name: 'kind', label: t('tasks.kind'), choices: codeChoices('task_kinds'), emptyLabel: t('common.all'), value: filters.kind, testId: 'tasks-kind' });
  const overdue = checkboxField({ name: 'overdue', label: t('cases.only_overdue'), value: filters.overdue, testId: 'tasks-overdue' });
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'data-test': 'task-results' });

  async function loadResults() {
    const query = { scope: filters.scope, kind: filters.kind, overdue: filters.overdue ? 'true' : '', limit: PAGE_SIZE };
    let tasks = [];
    let cursor = null;
    const count = h('p', { class: 'list-count', 'data-test': 'tasks-count' });
    const tableSlot = h('div');
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const answer = await api.get('/tasks', { ...query, cursor });
      tasks = tasks.concat((answer && answer.items) || []);
      count.textContent = taskCountText(answer || {});
      count.classList.toggle('overdue-text', Boolean(answer && answer.overdue));
      replaceChildren(tableSlot, taskTable(tasks, { withCase: true, testId: 'tasks-table', empty: t('tasks.empty') }));
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
    if (!context.isCurrent()) return;
    replaceChildren(results, count, tableSlot, h('div', { class: 'list-footer' }, more));
  }

  const form = createForm({
    fields: [scope, kind, overdue],
    submitLabel: t('common.filter'),
    className: 'filter-form',
    testId: 'tasks-filter',
    onSubmit: async (values) => {
      filters = { ...values };
      await loadResults();
    },
  });

  replaceChildren(
    container,
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title', text: t('tasks.title') })),
    h('section', { class: 'card' }, form.element),
    messages.element,
    results,
  );
  try {
    await loadResults();
  } catch (error) {
    if (context.isCurrent()) messages.error(error);
  }
}

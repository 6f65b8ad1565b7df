// The home page: who is signed in, their unit and roles, and for those who work cases their tasks (GET
// /api/v1/tasks?scope=mine): what is due on which case and when, overdue ones in red.

import { api } from '../api.js';
import { t, localName, formatNumber } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { loadCodes, codeLabel } from '../components/codes.js';
import { canUseCases, taskTable } from '../components/cases.js';

const TASK_LIMIT = 20;

// The card of the user's open tasks, soonest first; filled when the list arrives.
function tasksCard(context) {
  const body = h('div', { class: 'tasks-body' }, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  const card = h(
    'section',
    { class: 'card card-tasks', 'aria-labelledby': 'tasks-title', 'data-test': 'my-tasks' },
    h('h2', { class: 'card-title', id: 'tasks-title', text: t('home.tasks_title') }),
    body,
  );
  api.get('/tasks', { scope: 'mine', limit: TASK_LIMIT })
    .then((answer) => {
      if (!context.isCurrent()) return;
      const tasks = (answer && answer.items) || [];
      const overdue = tasks.filter((task) => task.overdue).length;
      replaceChildren(
        body,
        tasks.length
          ? h('p', { class: ['list-count', overdue ? 'overdue-text' : null], 'data-test': 'my-tasks-count' }, overdue
            ? t('home.tasks_count_overdue', { count: formatNumber(tasks.length), overdue: formatNumber(overdue) })
            : t('home.tasks_count', { count: formatNumber(tasks.length) }))
          : null,
        taskTable(tasks, { withCase: true, testId: 'my-tasks-table', empty: t('home.tasks_none') }),
        h('p', { class: 'list-footer' }, h('a', { href: '#/cases', 'data-test': 'all-cases' }, t('home.all_cases'))),
      );
    })
    .catch((error) => {
      if (!context.isCurrent() || error.status === 401) return;
      replaceChildren(body, banner('error', errorText(error)));
    });
  return card;
}

export async function render(container, context) {
  const user = context.user;
  try {
    await loadCodes();
  } catch {
    // Role labels then come from web/i18n.
  }
  if (!context.isCurrent()) return;
  const roles = Array.isArray(user.roles) ? user.roles : [];
  const unit = user.unit || null;
  const withTasks = canUseCases(user);

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('home.welcome', { name: user.full_name || user.username }) }),
    h(
      'div',
      { class: ['card-grid', withTasks ? 'card-grid-wide home-grid' : null] },
      withTasks ? tasksCard(context) : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'profile-title', 'data-test': 'profile' },
        h('h2', { class: 'card-title', id: 'profile-title', text: t('home.profile') }),
        h(
          'dl',
          { class: 'details' },
          h('div', { class: 'details-row' }, h('dt', { text: t('home.full_name') }), h('dd', { id: 'user-name', text: user.full_name || '' })),
          h('div', { class: 'details-row' }, h('dt', { text: t('home.username') }), h('dd', { id: 'user-username' }, h('bdi', { dir: 'ltr', text: user.username || '' }))),
          h('div', { class: 'details-row' }, h('dt', { text: t('home.unit') }), h('dd', { id: 'user-unit', text: unit ? localName(unit) : t('home.no_unit') })),
          h(
            'div',
            { class: 'details-row' },
            h('dt', { text: t('home.roles') }),
            h('dd', { id: 'user-roles' }, h('ul', { class: 'tag-list' }, roles.map((role) => h('li', { class: 'tag', 'data-role': role, text: codeLabel('roles', role) })))),
          ),
        ),
      ),
    ),
  );
}

// The home page: who is signed in, their unit and roles, and the place where their tasks will be.

import { t, localName } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { loadCodes, codeLabel } from '../components/codes.js';

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

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('home.welcome', { name: user.full_name || user.username }) }),
    h(
      'div',
      { class: 'card-grid' },
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
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'tasks-title', 'data-test': 'my-tasks' },
        h('h2', { class: 'card-title', id: 'tasks-title', text: t('home.tasks_title') }),
        h('div', { class: 'placeholder placeholder-small' }, h('p', { text: t('home.tasks_placeholder') })),
      ),
    ),
  );
}

// The sign-in page: user name and password, POST /api/v1/session.

import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { textField, createForm } from '../components/form.js';

export async function render(container, context) {
  const username = textField({
    name: 'username',
    id: 'username',
    label: t('login.username'),
    autocomplete: 'username',
    required: true,
    dir: 'ltr',
    spellcheck: false,
  });
  const password = textField({
    name: 'password',
    id: 'password',
    label: t('login.password'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    dir: 'ltr',
    trim: false,
  });
  const form = createForm({
    fields: [username, password],
    submitLabel: t('login.submit'),
    busyLabel: t('login.submitting'),
    submitId: 'login-submit',
    testId: 'login-form',
    id: 'login-form',
    onSubmit: async (values) => {
      const answer = await api.post('/session', values, { quietUnauthorized: true });
      context.onLogin(answer);
    },
  });

  const notice = context.takeLoginNotice();
  if (notice) form.banner.show(notice === 'login.session_ended' ? 'info' : 'success', t(notice));

  replaceChildren(
    container,
    h(
      'section',
      { class: 'login-card', 'aria-labelledby': 'login-title', 'data-test': 'login-page' },
      h('h1', { class: 'page-title', id: 'login-title', text: t('login.title') }),
      h('p', { class: 'login-intro', text: t('login.intro') }),
      form.element,
    ),
  );
  username.focus();
}

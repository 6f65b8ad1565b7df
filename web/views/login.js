// The sign-in page: user name and password, POST /api/v1/session; for a user with a second factor, the code of the
// authenticator app (or a recovery code) after the password, sent again with them.

import { api } from '../api.js';
import { t, toAsciiDigits } from '../i18n.js';
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
  const code = textField({
    name: 'code',
    id: 'code',
    label: t('login.code'),
    hint: t('login.code_hint'),
    autocomplete: 'one-time-code',
    dir: 'ltr',
    maxlength: 12,
    spellcheck: false,
    testId: 'login-code',
  });
  code.element.hidden = true;
  const form = createForm({
    fields: [username, password, code],
    submitLabel: t('login.submit'),
    busyLabel: t('login.submitting'),
    submitId: 'login-submit',
    testId: 'login-form',
    id: 'login-form',
    onSubmit: async (values) => {
      const body = { username: values.username, password: values.password };
      if (!code.element.hidden) body.code = toAsciiDigits(values.code).trim();
      try {
        context.onLogin(await api.post('/session', body, { quietUnauthorized: true }));
      } catch (error) {
        // the password was right: the code now, with the name and password kept as typed
        if (error && error.code === 'auth.second_factor_required' && code.element.hidden) {
          code.element.hidden = false;
          form.banner.show('info', t('login.code_needed'));
          code.focus();
          return;
        }
        if (error && error.code === 'auth.invalid_code') code.setValue('');
        throw error;
      }
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

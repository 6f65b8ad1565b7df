// Changing one's own password: PUT /api/v1/me/password. Signed in with a password the administrator set (one-time),
// the page is the only one open: the user chooses their own, then goes on to the page they asked for.

import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { textField, createForm } from '../components/form.js';

export async function render(container, context) {
  const oneTime = Boolean(context.user && context.user.must_change_password);
  const current = textField({
    name: 'current_password',
    label: t(oneTime ? 'password.one_time_current' : 'password.current'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    dir: 'ltr',
    trim: false,
    hint: oneTime ? t('password.one_time_current_hint') : undefined,
    testId: 'current-password',
  });
  const next = textField({
    name: 'new_password',
    label: t('password.new'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    hint: t('password.hint'),
    testId: 'new-password',
  });
  const confirm = textField({
    name: 'confirm_password',
    label: t('password.confirm'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    testId: 'confirm-password',
  });
  const validate = (values) => {
    if (values.new_password !== values.confirm_password) return { confirm_password: t('password.mismatch') };
    if (values.new_password === values.current_password) return { new_password: t('password.same_as_current') };
    return null;
  };
  const form = createForm({
    fields: [current, next, confirm],
    submitLabel: t(oneTime ? 'password.one_time_submit' : 'password.submit'),
    busyLabel: t('common.saving'),
    testId: 'password-form',
    validate,
    onSubmit: async (values) => {
      await api.put('/me/password', { current_password: values.current_password, new_password: values.new_password });
      for (const field of [current, next, confirm]) field.setValue('');
      if (oneTime) {
        await context.onPasswordReplaced();
        return;
      }
      form.banner.show('success', t('password.done'));
    },
  });
  if (oneTime) {
    replaceChildren(
      container,
      h(
        'section',
        { class: 'login-card', 'aria-labelledby': 'password-title', 'data-test': 'one-time-password-page' },
        h('h1', { class: 'page-title', id: 'password-title', text: t('password.one_time_title') }),
        h('p', { class: 'login-intro', text: t('password.one_time_lead') }),
        form.element,
      ),
    );
    current.focus();
    return;
  }
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('password.title') }),
    h('p', { class: 'page-lead', text: t('password.lead') }),
    h('section', { class: 'card card-narrow' }, form.element),
  );
}

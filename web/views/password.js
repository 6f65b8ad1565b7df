// Changing one's own password: PUT /api/v1/me/password.

import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { textField, createForm } from '../components/form.js';

export async function render(container) {
  const current = textField({
    name: 'current_password',
    label: t('password.current'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    dir: 'ltr',
    trim: false,
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
  const form = createForm({
    fields: [current, next, confirm],
    submitLabel: t('password.submit'),
    busyLabel: t('common.saving'),
    testId: 'password-form',
    validate: (values) => (values.new_password !== values.confirm_password ? { confirm_password: t('password.mismatch') } : null),
    onSubmit: async (values) => {
      await api.put('/me/password', { current_password: values.current_password, new_password: values.new_password });
      for (const field of [current, next, confirm]) field.setValue('');
      form.banner.show('success', t('password.done'));
    },
  });
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('password.title') }),
    h('p', { class: 'page-lead', text: t('password.lead') }),
    h('section', { class: 'card card-narrow' }, form.element),
  );
}

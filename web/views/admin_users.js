// User administration (admin only): the list with filters, creating a user, and one user's page
// (edit details, disable or enable, set a new password).

import { api } from '../api.js';
import { t, localName, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { textField, selectField, checkboxGroup, createForm, changedFields } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { loadCodes, codeLabel, codeChoices, loadAllUnits } from '../components/codes.js';

const PAGE_SIZE = 50;

// Filters of the list, kept while the user moves between the list and a user's page.
let filters = { q: '', role: '', status: '', unit_id: '' };
// A success message to show on the next page drawn (after creating a user).
let flash = null;

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Fallback labels from web/i18n are used.
  }
  const units = await loadAllUnits();
  if (!context.isCurrent()) return;
  const { mode, id } = context.params;
  if (mode === 'new') return renderCreate(container, context, units);
  if (mode === 'edit') return renderEdit(container, context, units, id);
  return renderList(container, context, units);
}

function statusTag(status) {
  return h('span', { class: ['tag', 'status-' + status], 'data-status': status, text: t('status.' + status) });
}

function rolesText(roles, sex) {
  return (roles || []).map((role) => codeLabel('roles', role, { gender: sex })).join(t('common.list_separator'));
}

function unitChoices(units, includeClosed) {
  return units
    .filter((unit) => includeClosed || unit.status !== 'closed')
    .map((unit) => ({ value: String(unit.id), label: `${localName(unit)} (\u2066${unit.code}\u2069)` }));
}

function unitName(user, unitsById) {
  if (user.unit) return localName(user.unit);
  const unit = unitsById.get(user.unit_id);
  return unit ? localName(unit) : '';
}

function takeFlash(slot) {
  if (flash) slot.show('success', flash);
  flash = null;
}

function pageHeader(title, actions) {
  return h('div', { class: 'page-header' }, h('h1', { class: 'page-title', text: title }), actions ? h('div', { class: 'page-actions' }, actions) : null);
}

async function renderList(container, context, units) {
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  const messages = bannerSlot();

  const q = textField({ name: 'q', label: t('users.search'), type: 'search', value: filters.q, testId: 'filter-q' });
  const role = selectField({ name: 'role', label: t('users.role'), choices: codeChoices('roles'), emptyLabel: t('common.all'), value: filters.role });
  const status = selectField({
    name: 'status',
    label: t('users.status'),
    choices: [
      { value: 'active', label: t('status.active') },
      { value: 'disabled', label: t('status.disabled') },
    ],
    emptyLabel: t('common.all'),
    value: filters.status,
  });
  const unit = selectField({ name: 'unit_id', label: t('users.unit'), choices: unitChoices(units, true), emptyLabel: t('common.all'), value: filters.unit_id });

  const results = h('div', { class: 'results' });
  const filterForm = createForm({
    fields: [q, role, status, unit],
    submitLabel: t('common.search'),
    className: 'filter-form',
    testId: 'users-filter',
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
          filters = { q: '', role: '', status: '', unit_id: '' };
          for (const field of [q, role, status, unit]) field.setValue('');
          filterForm.clearErrors();
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

  async function loadResults() {
    const columns = [
      {
        label: t('users.username'),
        cell: (user) => h('a', { href: '#/admin/users/' + user.id, dir: 'ltr', 'data-test': 'user-link', text: user.username }),
      },
      { label: t('users.full_name'), cell: (user) => user.full_name },
      { label: t('users.unit'), cell: (user) => unitName(user, unitsById) },
      { label: t('users.roles'), cell: (user) => rolesText(user.roles, user.sex) },
      { label: t('users.status'), cell: (user) => statusTag(user.status) },
      { label: t('users.last_login'), cell: (user) => (user.last_login_at ? formatDateTime(user.last_login_at) : t('users.never', null, { gender: user.sex })), className: 'nowrap' },
    ];
    let cursor = null;
    const table = dataTable({ columns, rows: [], caption: t('users.title'), empty: t('users.empty'), testId: 'users-table' });
    const more = h('button', { type: 'button', class: 'button', hidden: true, 'data-test': 'load-more' }, t('common.load_more'));
    const fetchPage = async () => {
      const answer = await api.get('/users', { ...filters, limit: PAGE_SIZE, cursor });
      table.addRows(answer.items || []);
      cursor = answer.next_cursor || null;
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
    try {
      await fetchPage();
    } catch (error) {
      replaceChildren(results);
      throw error;
    }
    replaceChildren(results, table.element, h('div', { class: 'list-footer' }, more));
  }

  replaceChildren(
    container,
    pageHeader(t('users.title'), h('a', { href: '#/admin/users/new', class: 'button button-primary', 'data-test': 'new-user' }, t('users.new'))),
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('common.filters') }, filterForm.element),
    results,
  );
  try {
    await loadResults();
    takeFlash(messages);
  } catch (error) {
    messages.error(error);
  }
}

function userFields(units, user) {
  const fullName = textField({ name: 'full_name', label: t('users.full_name'), required: true, value: user ? user.full_name : '', testId: 'full-name' });
  // the form Arabic sentences naming the user take; not recorded reads as masculine
  const sex = selectField({
    name: 'sex',
    label: t('users.sex'),
    hint: t('users.sex_hint'),
    choices: ['female', 'male'].map((value) => ({ value, label: t('sex.' + value) })),
    emptyLabel: t('users.sex_unrecorded'),
    value: user && user.sex ? user.sex : '',
    testId: 'sex',
  });
  const unit = selectField({
    name: 'unit_id',
    label: t('users.unit'),
    required: true,
    choices: unitChoices(units, false).concat(
      user && user.unit_id && !units.some((u) => u.id === user.unit_id && u.status !== 'closed')
        ? unitChoices(units.filter((u) => u.id === user.unit_id), true)
        : [],
    ),
    emptyLabel: t('users.choose_unit'),
    value: user ? String(user.unit_id) : '',
    testId: 'unit',
  });
  const roles = checkboxGroup({ name: 'roles', label: t('users.roles'), required: true, choices: codeChoices('roles'), value: user ? user.roles : [] });
  return { fullName, sex, unit, roles };
}

async function renderCreate(container, context, units) {
  const username = textField({
    name: 'username',
    label: t('users.username'),
    required: true,
    dir: 'ltr',
    spellcheck: false,
    hint: t('users.username_hint'),
    testId: 'username',
  });
  const { fullName, sex, unit, roles } = userFields(units, null);
  const password = textField({
    name: 'password',
    label: t('users.password'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    hint: `${t('password.hint')} ${t('users.password_one_time_hint')}`,
    testId: 'new-password',
  });
  const confirm = textField({
    name: 'password_confirm',
    label: t('password.confirm'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    testId: 'confirm-password',
  });
  const form = createForm({
    fields: [username, fullName, sex, unit, roles, password, confirm],
    submitLabel: t('users.create'),
    busyLabel: t('common.saving'),
    testId: 'user-create',
    validate: (values) => (values.password !== values.password_confirm ? { password_confirm: t('password.mismatch') } : null),
    actions: h('a', { href: '#/admin/users', class: 'button' }, t('common.cancel')),
    onSubmit: async (values) => {
      const created = await api.post('/users', {
        username: values.username,
        full_name: values.full_name,
        sex: values.sex || null,
        unit_id: Number(values.unit_id),
        roles: values.roles,
        password: values.password,
      });
      flash = t('users.created', { username: (created && created.username) || values.username });
      context.navigate('#/admin/users');
    },
  });
  replaceChildren(
    container,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/users' }, t('users.title'))),
    pageHeader(t('users.new')),
    h('section', { class: 'card card-form' }, form.element),
  );
  username.focus();
}

async function renderEdit(container, context, units, id) {
  let user;
  try {
    user = await api.get('/users/' + id);
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(
      container,
      h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/users' }, t('users.title'))),
      pageHeader(t('users.title')),
      banner('error', errorText(error)),
    );
    return;
  }
  if (!context.isCurrent()) return;
  const reloadPage = { label: t('common.reload'), onClick: () => renderEdit(container, context, units, id) };

  const conflictAction = (error) => (error.code === 'version.conflict' ? reloadPage : undefined);

  // Details.
  const { fullName, sex, unit, roles } = userFields(units, user);
  const details = createForm({
    fields: [fullName, sex, unit, roles],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'user-edit',
    errorAction: conflictAction,
    onSubmit: async (values) => {
      const changes = changedFields(user, values);
      if (!Object.keys(changes).length) {
        details.banner.show('info', t('common.nothing_changed'));
        return;
      }
      if ('unit_id' in changes) changes.unit_id = Number(changes.unit_id);
      user = await api.patch('/users/' + id, { version: user.version, ...changes });
      details.banner.show('success', t('common.saved'));
      refreshStatus();
    },
  });

  // Status: disable (with a confirmation step) or enable.
  const statusMessages = bannerSlot();
  const statusBody = h('div', { class: 'status-body' });
  async function setStatus(status) {
    statusMessages.clear();
    try {
      user = await api.patch('/users/' + id, { version: user.version, status });
      statusMessages.show('success', t(status === 'disabled' ? 'users.disabled_done' : 'users.enabled_done'));
    } catch (error) {
      statusMessages.error(error, conflictAction(error));
    }
    refreshStatus();
  }
  function refreshStatus() {
    const facts = h(
      'dl',
      { class: 'details' },
      h('div', { class: 'details-row' }, h('dt', { text: t('users.status') }), h('dd', { 'data-test': 'user-status' }, statusTag(user.status))),
      h('div', { class: 'details-row' }, h('dt', { text: t('users.last_login') }), h('dd', { text: user.last_login_at ? formatDateTime(user.last_login_at) : t('users.never', null, { gender: user.sex }) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('users.password_state') }), h('dd', { 'data-test': 'user-password-state', text: t(user.must_change_password ? 'users.password_temporary' : 'users.password_own', null, { gender: user.sex }) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('common.created_at') }), h('dd', { text: formatDateTime(user.created_at) })),
      h('div', { class: 'details-row' }, h('dt', { text: t('common.updated_at') }), h('dd', { text: formatDateTime(user.updated_at) })),
    );
    let actions;
    if (user.status === 'disabled') {
      actions = h('button', { type: 'button', class: 'button', 'data-test': 'enable-user', onclick: () => setStatus('active') }, t('users.enable'));
    } else {
      const confirmBox = h(
        'div',
        { class: 'confirm-box', hidden: true, role: 'group', 'aria-label': t('users.disable') },
        h('p', { text: t('users.disable_confirm') }),
        h(
          'div',
          { class: 'form-actions' },
          h('button', { type: 'button', class: 'button button-danger', 'data-test': 'confirm-disable', onclick: () => setStatus('disabled') }, t('users.disable_confirm_button')),
          h('button', { type: 'button', class: 'button', onclick: () => { confirmBox.hidden = true; start.hidden = false; start.focus(); } }, t('common.cancel')),
        ),
      );
      const start = h('button', {
        type: 'button',
        class: 'button button-danger-quiet',
        'data-test': 'disable-user',
        onclick: () => {
          start.hidden = true;
          confirmBox.hidden = false;
          confirmBox.querySelector('button').focus();
        },
      }, t('users.disable'));
      actions = [start, confirmBox];
    }
    replaceChildren(statusBody, facts, h('div', { class: 'status-actions' }, actions));
  }
  refreshStatus();

  // New password.
  const newPassword = textField({
    name: 'password',
    label: t('password.new'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    hint: t('password.hint'),
    testId: 'reset-password',
  });
  const confirmPassword = textField({
    name: 'password_confirm',
    label: t('password.confirm'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    dir: 'ltr',
    trim: false,
    testId: 'reset-password-confirm',
  });
  const reset = createForm({
    fields: [newPassword, confirmPassword],
    submitLabel: t('users.reset_submit'),
    busyLabel: t('common.saving'),
    testId: 'user-reset-password',
    validate: (values) => (values.password !== values.password_confirm ? { password_confirm: t('password.mismatch') } : null),
    onSubmit: async (values) => {
      await api.put(`/users/${id}/password`, { password: values.password });
      newPassword.setValue('');
      confirmPassword.setValue('');
      reset.banner.show('success', t('users.reset_done', null, { gender: user.sex }));
      try {
        user = await api.get('/users/' + id);
        refreshStatus();
      } catch {
        // The version is refreshed on the next successful read.
      }
    },
  });

  replaceChildren(
    container,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/admin/users' }, t('users.title'))),
    pageHeader(t('users.edit_title', { username: user.username })),
    h(
      'div',
      { class: 'card-grid card-grid-wide' },
      h(
        'section',
        { class: 'card card-form', 'aria-labelledby': 'user-details-title' },
        h('h2', { class: 'card-title', id: 'user-details-title', text: t('users.details') }),
        h('p', { class: 'readonly-line' }, h('span', { class: 'readonly-label', text: t('users.username') + ': ' }), h('bdi', { dir: 'ltr', text: user.username })),
        details.element,
      ),
      h(
        'div',
        { class: 'card-stack' },
        h('section', { class: 'card', 'aria-labelledby': 'user-status-title' }, h('h2', { class: 'card-title', id: 'user-status-title', text: t('users.account') }), statusMessages.element, statusBody),
        h('section', { class: 'card card-form', 'aria-labelledby': 'user-reset-title' }, h('h2', { class: 'card-title', id: 'user-reset-title', text: t('users.reset_title') }), h('p', { class: 'card-note', text: t('users.reset_note', null, { gender: user.sex }) }), reset.element),
        (user.roles || []).includes('committee') ? secretaryCard(user) : null,
        secondFactorCard(user),
        sessionsCard(user),
      ),
    ),
  );
}

// The committee's secretary (أمين السر), who prepares its meetings: a flag on a member of the committee
// (GET|PUT /committee/members/{id}), set by an administrator.
function secretaryCard(user) {
  const messages = bannerSlot();
  const box = h('input', { type: 'checkbox', id: 'user-secretary', 'data-test': 'user-secretary', disabled: true });
  const save = h('button', { type: 'button', class: 'button', 'data-test': 'user-secretary-save', disabled: true }, t('common.save'));
  api.get(`/committee/members/${user.id}`).then((answer) => {
    box.checked = Boolean(answer.secretary);
    box.disabled = false;
    save.disabled = false;
  }).catch((error) => messages.show('error', errorText(error)));
  save.addEventListener('click', async () => {
    save.disabled = true;
    messages.clear();
    try {
      const answer = await api.put(`/committee/members/${user.id}`, { secretary: box.checked });
      messages.show('success', t(answer.secretary ? 'users.secretary_set' : 'users.secretary_cleared', null, { gender: user.sex }));
    } catch (error) {
      messages.show('error', errorText(error));
    } finally {
      save.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'user-secretary-title', 'data-test': 'user-committee' },
    h('h2', { class: 'card-title', id: 'user-secretary-title', text: t('users.secretary_title') }),
    h('p', { class: 'card-note', text: t('users.secretary_note') }),
    messages.element,
    h('p', { class: 'checkbox-line' }, box, ' ', h('label', { for: 'user-secretary', text: t('users.secretary_label', null, { gender: user.sex }) })),
    save);
}

// Resets the user's second factor (POST /users/{id}/second-factor/reset): the phone was lost or changed. The user's
// sessions end, and they set it up again at their next sign-in. Asked twice, as it cannot be undone.
function secondFactorCard(user) {
  const messages = bannerSlot();
  const confirmBox = h('div', { class: 'confirm-box', hidden: true },
    h('p', { text: t('users.second_factor_confirm') }),
    h('button', {
      type: 'button',
      class: 'button button-danger',
      'data-test': 'confirm-second-factor-reset',
      onclick: async () => {
        try {
          await api.post(`/users/${user.id}/second-factor/reset`, {});
          confirmBox.hidden = true;
          messages.show('success', t('users.second_factor_done'));
        } catch (error) {
          messages.show('error', errorText(error));
        }
      },
    }, t('users.second_factor_reset')));
  const start = h('button', {
    type: 'button',
    class: 'button button-danger-quiet',
    'data-test': 'second-factor-reset',
    onclick: () => { confirmBox.hidden = false; confirmBox.querySelector('button').focus(); },
  }, t('users.second_factor_reset'));
  return h('section', { class: 'card', 'aria-labelledby': 'user-second-factor-title', 'data-test': 'user-second-factor' },
    h('h2', { class: 'card-title', id: 'user-second-factor-title', text: t('users.second_factor_title') }),
    h('p', { class: 'card-note', text: t('users.second_factor_note') }),
    messages.element, start, confirmBox);
}

// Ends every session of the user (POST /users/{id}/sessions/end): a lost laptop, a leave, a doubt.
function sessionsCard(user) {
  const messages = bannerSlot();
  return h('section', { class: 'card', 'aria-labelledby': 'user-sessions-title', 'data-test': 'user-sessions' },
    h('h2', { class: 'card-title', id: 'user-sessions-title', text: t('users.sessions_title') }),
    h('p', { class: 'card-note', text: t('users.sessions_note') }),
    messages.element,
    h('button', {
      type: 'button',
      class: 'button button-danger-quiet',
      'data-test': 'user-sessions-end',
      onclick: async () => {
        try {
          await api.post(`/users/${user.id}/sessions/end`, {});
          messages.show('success', t('users.sessions_done'));
        } catch (error) {
          messages.show('error', errorText(error));
        }
      },
    }, t('users.sessions_end')));
}

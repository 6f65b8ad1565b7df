// What can be done to a case as a whole, on the case page: moving it to the next stage, asking to close it, a
// supervisor's approval or return of that request, reopening a closed case (POST /cases/{id}/transitions); and the
// workers assigned to it, which a supervisor of its unit assigns and unassigns (POST and DELETE /cases/{id}/assignments,
// choosing among GET /cases/{id}/assignable). Every refusal of the server is shown in the user's language.

import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { errorText } from './banner.js';
import { selectField, textAreaField, createForm } from './form.js';
import { modalDialog } from './dialog.js';
import { ASSIGNMENT_ROLES, nextStage, stageLabel, assignmentRoleLabel } from './cases.js';
import { keepDraft } from './drafts.js';

function transition(c, body) {
  return api.post(`/cases/${c.id}/transitions`, { version: c.version, ...body });
}

// A dialog with one required text (a reason or a comment) and a button that sends the transition. The text typed is
// kept as a draft of the case and the action until it is sent.
function textDialog({ c, parent, title, lead, field, label, hint, submitLabel, action, onDone, testId, extra }) {
  const text = textAreaField({ name: field, label, hint, required: true, rows: 4, dir: 'auto', maxlength: 1000, testId: testId + '-text' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [text],
    submitLabel,
    busyLabel: t('common.saving'),
    testId: testId + '-form',
    className: 'dialog-form',
    beforeActions: extra || null,
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      const answer = await transition(c, { action, [field]: values[field] });
      draft.clear();
      dialog.close();
      onDone(answer);
    },
  });
  draft = keepDraft(form, `case_${action}/${c.id}`);
  dialog = modalDialog({ title, lead, content: form.element, testId });
  dialog.open(parent, text.control);
}

// A dialog asking to confirm an action without text (approving a closure).
function confirmDialog({ parent, title, lead, content, confirmLabel, onConfirm, onDone, testId }) {
  let dialog;
  const form = createForm({
    fields: [],
    submitLabel: confirmLabel,
    busyLabel: t('common.saving'),
    testId: testId + '-form',
    className: 'dialog-form',
    beforeActions: content || null,
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async () => {
      await onConfirm();
      dialog.close();
      onDone();
    },
  });
  dialog = modalDialog({ title, lead, content: form.element, testId });
  dialog.open(parent, form.element.querySelector('button[type="submit"]'));
}

// The buttons that move a case, as its `can` flags and stage allow. Options: parent (the page element that holds
// dialogs), closureBy (the name of who asked to close, or null), onChanged(message) after a change,
// onError(error, code) when the server refuses (the page shows it, with a way to what is missing).
export function caseActions(c, { parent, closureBy, onChanged, onError }) {
  const can = c.can || {};
  const closed = c.stage === 'closed';
  const buttons = [];
  const next = !closed && !c.closure_requested ? nextStage(c.stage) : null;

  if (can.write && next) {
    const advance = h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'advance',
      'data-to': next,
      onclick: async () => {
        advance.disabled = true;
        try {
          await transition(c, { action: 'advance', to: next });
          onChanged(t('cases.moved', { stage: stageLabel(next) }));
        } catch (error) {
          onError(error);
        } finally {
          advance.disabled = false;
        }
      },
    }, t('cases.advance', { stage: stageLabel(next) }));
    buttons.push(advance);
  }
  if (can.write && !closed && !c.closure_requested) {
    buttons.push(h('button', {
      type: 'button',
      class: 'button',
      'data-test': 'request-closure',
      onclick: () => textDialog({
        c,
        parent,
        title: t('cases.request_closure'),
        lead: t('cases.request_closure_lead'),
        field: 'reason',
        label: t('cases.closure_reason'),
        submitLabel: t('cases.request_closure_submit'),
        action: 'request_closure',
        testId: 'closure-request',
        onDone: () => onChanged(t('cases.closure_requested_done')),
      }),
    }, t('cases.request_closure')));
  }
  if (can.supervise && c.closure_requested) {
    const reason = h('div', { class: 'closure-summary' }, closureNotice(c, closureBy));
    buttons.push(h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'approve-closure',
      onclick: () => confirmDialog({
        parent,
        title: t('cases.approve_closure'),
        lead: t('cases.approve_closure_lead'),
        content: reason.cloneNode(true),
        confirmLabel: t('cases.approve_closure_submit'),
        testId: 'closure-approve',
        onConfirm: () => transition(c, { action: 'approve_closure' }),
        onDone: () => onChanged(t('cases.closed_done')),
      }),
    }, t('cases.approve_closure')));
    buttons.push(h('button', {
      type: 'button',
      class: 'button',
      'data-test': 'return-closure',
      onclick: () => textDialog({
        c,
        parent,
        title: t('cases.return_closure'),
        lead: t('cases.return_closure_lead'),
        field: 'comment',
        label: t('cases.return_comment'),
        submitLabel: t('cases.return_closure_submit'),
        action: 'return_closure',
        testId: 'closure-return',
        extra: reason.cloneNode(true),
        onDone: () => onChanged(t('cases.closure_returned_done')),
      }),
    }, t('cases.return_closure')));
  }
  if (can.supervise && closed) {
    buttons.push(h('button', {
      type: 'button',
      class: 'button',
      'data-test': 'reopen',
      onclick: () => textDialog({
        c,
        parent,
        title: t('cases.reopen'),
        lead: t('cases.reopen_lead'),
        field: 'reason',
        label: t('cases.reopen_reason'),
        submitLabel: t('cases.reopen_submit'),
        action: 'reopen',
        testId: 'reopen',
        onDone: () => onChanged(t('cases.reopened_done')),
      }),
    }, t('cases.reopen')));
  }
  return buttons.length ? h('div', { class: 'case-actions', 'data-test': 'case-actions' }, buttons) : null;
}

// The closure asked for: by whom (closureBy: {name, sex}, or a name), when, and why.
export function closureNotice(c, closureBy) {
  const by = closureBy && typeof closureBy === 'object' ? closureBy : { name: closureBy, sex: null };
  return [
    h('p', { class: 'closure-line' }, t('cases.closure_requested_by', { who: by.name || t('cases.someone'), when: formatDateTime(c.closure_requested_at) }, { gender: by.sex })),
    h('p', { class: 'closure-reason notes-text', dir: 'auto', 'data-test': 'closure-reason', text: c.closure_reason || '' }),
  ];
}

// The workers assigned to a case, and for a supervisor of its unit the means to assign and unassign them; a worker of
// its unit whose role nobody holds on it may take it herself. onChanged(message) after a change; messages (a banner
// slot) for refusals; user: the signed-in user.
export function assignmentsCard(c, { onChanged, messages, user }) {
  const can = c.can || {};
  const manage = can.supervise && c.stage !== 'closed';
  const assignments = c.assignments || [];

  function item(assignment) {
    const confirmBox = h('div', { class: 'confirm-box', hidden: true, role: 'group', 'aria-label': t('cases.unassign') });
    const start = manage
      ? h('button', {
        type: 'button',
        class: 'button button-small button-danger-quiet',
        'data-test': 'unassign',
        onclick: () => {
          start.hidden = true;
          confirmBox.hidden = false;
          confirmBox.querySelector('button').focus();
        },
      }, t('cases.unassign'))
      : null;
    replaceChildren(
      confirmBox,
      h('p', { text: t('cases.unassign_confirm', { name: assignment.user_name || '' }) }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', {
          type: 'button',
          class: 'button button-small button-danger',
          'data-test': 'confirm-unassign',
          onclick: async () => {
            try {
              await api.del(`/cases/${c.id}/assignments/${assignment.id}`);
              onChanged(t('cases.unassigned_done', { name: assignment.user_name || '' }));
            } catch (error) {
              messages.error(error);
            }
          },
        }, t('cases.unassign_yes')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { confirmBox.hidden = true; start.hidden = false; start.focus(); } }, t('common.cancel')),
      ),
    );
    return h(
      'li',
      { class: 'assignment', 'data-test': 'assignment', 'data-role': assignment.role, 'data-user-id': String(assignment.user_id) },
      h(
        'div',
        { class: 'assignment-main' },
        h('span', { class: 'tag', text: assignmentRoleLabel(assignment.role, assignment.user_sex) }),
        ' ',
        h('bdi', { dir: 'auto', class: 'assignment-name', 'data-test': 'assignment-name', text: assignment.user_name || '' }),
        h('span', { class: 'cell-sub', text: t('cases.assigned_since', { when: formatDateTime(assignment.assigned_at) }) }),
      ),
      start,
      confirmBox,
    );
  }

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'assignments-title', 'data-test': 'assignments' },
    h('h2', { class: 'card-title', id: 'assignments-title', text: t('cases.assignments') }),
    assignments.length
      ? h('ul', { class: 'assignment-list' }, assignments.map(item))
      : h('p', { class: 'muted', 'data-test': 'no-assignment', text: manage ? t('cases.no_assignment') : t('cases.no_assignment_ask') }),
    manage ? assignForm(c, onChanged) : takeButton(c, user, { onChanged, messages }),
  );
}

// "I take this case": for a worker of the case's unit, in her own role, when nobody holds it on the case (the server
// audits it and the supervisor may undo it).
function takeButton(c, user, { onChanged, messages }) {
  if (!user || !user.unit || user.unit.id !== c.unit_id || c.stage === 'closed' || c.referred) return null;
  const roles = user.roles || [];
  const role = ASSIGNMENT_ROLES.find((r) => roles.includes(r));
  if (!role || (c.assignments || []).some((a) => a.role === role)) return null;
  const button = h('button', {
    type: 'button',
    class: 'button',
    'data-test': 'take-case',
    onclick: async () => {
      button.disabled = true;
      try {
        await api.post(`/cases/${c.id}/assignments`, { user_id: user.id, role });
        onChanged(t('cases.taken_done', { role: assignmentRoleLabel(role, user.sex) }, { gender: user.sex }));
      } catch (error) {
        messages.error(error);
      } finally {
        button.disabled = false;
      }
    },
  }, t('cases.take'));
  return h('div', { class: 'assign-box' }, h('p', { class: 'muted', text: t('cases.take_lead') }), button);
}

// A supervisor's form: a role, then one of the unit's active users who hold it.
function assignForm(c, onChanged) {
  const role = selectField({
    name: 'role',
    label: t('cases.assign_role'),
    required: true,
    choices: ASSIGNMENT_ROLES.map((value) => ({ value, label: assignmentRoleLabel(value) })),
    value: 'caseworker',
    testId: 'assign-role',
  });
  const user = selectField({
    name: 'user_id',
    label: t('cases.assign_user'),
    hint: t('cases.assign_hint'),
    required: true,
    choices: [],
    emptyLabel: t('common.choose'),
    testId: 'assign-user',
  });
  let loaded = null;
  const sexOf = new Map(); // the sex of each user offered, for the sentence that names the one assigned
  async function loadUsers() {
    const wanted = role.getValue();
    user.clearError();
    user.setChoices([], '');
    user.control.disabled = true;
    try {
      const answer = await api.get(`/cases/${c.id}/assignable`, { role: wanted });
      if (role.getValue() !== wanted) return;
      const items = ((answer && answer.items) || []).slice().sort((a, b) => (a.full_name || '').localeCompare(b.full_name || '', 'ar'));
      for (const item of items) sexOf.set(String(item.id), item.sex);
      user.setChoices(items.map((item) => ({ value: String(item.id), label: item.full_name })), items.length === 1 ? String(items[0].id) : '');
      if (!items.length) user.setError(t('cases.assign_nobody', { role: assignmentRoleLabel(wanted) }));
      loaded = wanted;
    } catch (error) {
      user.setError(errorText(error));
    } finally {
      user.control.disabled = false;
      user.control.removeAttribute('disabled');
    }
  }
  role.control.addEventListener('change', loadUsers);
  const form = createForm({
    fields: [role, user],
    submitLabel: t('cases.assign_submit'),
    busyLabel: t('common.saving'),
    testId: 'assign',
    className: 'assign-form',
    validate: () => (loaded !== role.getValue() ? { user_id: t('cases.assign_wait') } : null),
    onSubmit: async (values) => {
      await api.post(`/cases/${c.id}/assignments`, { user_id: Number(values.user_id), role: values.role });
      const chosen = user.control.selectedOptions[0];
      const gender = sexOf.get(String(values.user_id));
      onChanged(t('cases.assigned_done', { name: chosen ? chosen.textContent : '', role: assignmentRoleLabel(values.role, gender) }, { gender }));
    },
  });
  loadUsers();
  return h('div', { class: 'assign-box' }, h('h3', { class: 'sub-title', text: t('cases.assign_title') }), form.element);
}

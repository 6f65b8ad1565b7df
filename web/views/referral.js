// One referral or transfer (#/referrals/<id>): the case it is about with a link to it, the units, why and how urgently
// it was sent, the sections shared and on what basis, who sent and decided it and when, the services it asked for; and
// the buttons its `can` flags allow: accept, reject (with a reason) and complete for the receiving unit, revoke for the
// sender (POST /referrals/{id}/transitions with the version shown). A change, or a refusal because it changed meanwhile
// (409), draws the page again from the server with a message.

import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { textAreaField, selectField, createForm } from '../components/form.js';
import { modalDialog } from '../components/dialog.js';
import { keepDraft } from '../components/drafts.js';
import { loadCodes } from '../components/codes.js';
import { caseHash, kindLabel, referenceText } from '../components/cases.js';
import {
  referralKindLabel, referralStatusTag, urgencyTag, waitedText, staleTag, unitName, consentBasisLabel, sectionLabel,
  servicesList, isOpen,
} from '../components/referrals.js';

// A message carried to the next drawing of the page: {kind: 'success' | 'error', text}.
let flash = null;

function breadcrumb() {
  return h('p', { class: 'breadcrumb' }, h('a', { href: '#/referrals' }, t('referrals.title')));
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then show their codes.
  }
  let referral;
  try {
    referral = await api.get('/referrals/' + context.params.id);
  } catch (error) {
    if (!context.isCurrent()) return;
    flash = null;
    replaceChildren(container, breadcrumb(), h('h1', { class: 'page-title', text: t('referrals.referral') }), banner('error', errorText(error)));
    return;
  }
  if (!context.isCurrent()) return;
  draw(container, context, referral);
}

function row(label, value, testId) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return null;
  return h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
}

const text = (value, testId) => (value ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': testId || null, text: value }) : null);
const who = (name, at) => (at ? [name ? h('bdi', { dir: 'auto', text: name }) : t('cases.someone'), ' — ', h('time', { datetime: at, text: formatDateTime(at) })] : null);

// The label of the reason a referral's state carries: why it was rejected, revoked or completed.
function statusReasonLabel(status) {
  return t(status === 'rejected' ? 'referrals.reject_reason' : status === 'revoked' ? 'referrals.revoke_reason' : 'referrals.status_reason');
}

function draw(container, context, r) {
  const messages = bannerSlot();
  const note = flash;
  flash = null;
  const can = r.can || {};
  const user = context.user;
  const receiving = Boolean(user && user.unit && user.unit.id === r.to_unit_id);
  const sees = r.status === 'pending' || r.status === 'accepted';
  // the case can be opened by the receiving unit while the referral is active (and for good once a transfer is
  // accepted), by the sending side until a transfer hands it over
  const handedOver = r.kind === 'transfer' && r.status === 'accepted';
  const caseLink = receiving ? sees : !handedOver;
  const redraw = async (message, kind = 'success') => {
    flash = message ? { kind, text: message } : null;
    await render(container, context);
    const shown = container.querySelector(`[data-test="banner-${kind}"]`);
    if (shown) {
      shown.setAttribute('tabindex', '-1');
      shown.focus();
    }
  };
  // A refusal: a 409 (changed meanwhile, or no longer in that state) draws the page again with the message.
  const refused = (error) => {
    if (error && error.status === 409) redraw(errorText(error), 'error');
    else messages.error(error);
  };
  const act = async (action, body = {}) => api.post(`/referrals/${r.id}/transitions`, { action, version: r.version, ...body });

  const buttons = [];
  // A referral asking for a social study assigns the monitor who writes it: the one accepting, or the one the
  // receiving unit's supervisor chooses.
  const asksStudy = Array.isArray(r.study_monitors);
  const isMonitor = Boolean(user && (user.roles || []).includes('monitor'));
  if (can.receive && r.status === 'pending') {
    const accept = asksStudy && !isMonitor
      ? h('button', {
        type: 'button',
        class: 'button button-primary',
        'data-test': 'referral-accept',
        onclick: () => monitorDialog({
          parent: container,
          monitors: r.study_monitors,
          onSubmit: (assigneeId) => act('accept', { assignee_id: assigneeId }),
          onDone: (assigneeId) => redraw(t('referrals.accepted_study', null, { gender: (r.study_monitors.find((m) => m.id === assigneeId) || {}).sex })),
          onRefused: refused,
        }),
      }, t('referrals.accept'))
      : h('button', {
        type: 'button',
        class: 'button button-primary',
        'data-test': 'referral-accept',
        onclick: async () => {
          accept.disabled = true;
          try {
            await act('accept');
            await redraw(t(r.kind === 'transfer' ? 'referrals.accepted_transfer' : asksStudy ? 'referrals.accepted_study_self' : 'referrals.accepted', null, { gender: user && user.sex }));
          } catch (error) {
            refused(error);
          } finally {
            accept.disabled = false;
          }
        },
      }, t(r.kind === 'transfer' ? 'referrals.accept_transfer' : 'referrals.accept'));
    buttons.push(accept);
    buttons.push(h('button', {
      type: 'button',
      class: 'button button-danger-quiet',
      'data-test': 'referral-reject',
      onclick: () => reasonDialog({
        parent: container,
        title: t('referrals.reject_title'),
        lead: t('referrals.reject_lead'),
        label: t('referrals.reject_reason'),
        required: true,
        submitLabel: t('referrals.reject_submit'),
        testId: 'referral-reject',
        draftName: `referral_reject/${r.id}`,
        onSubmit: (reason) => act('reject', { reason }),
        onDone: () => redraw(t('referrals.rejected')),
        onRefused: refused,
      }),
    }, t('referrals.reject')));
  }
  if (can.receive && r.status === 'accepted' && r.kind === 'referral') {
    buttons.push(h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'referral-complete',
      onclick: () => reasonDialog({
        parent: container,
        title: t('referrals.complete_title'),
        lead: t('referrals.complete_lead'),
        label: t('referrals.complete_note'),
        required: false,
        submitLabel: t('referrals.complete_submit'),
        testId: 'referral-complete',
        draftName: `referral_complete/${r.id}`,
        onSubmit: (reason) => act('complete', reason ? { reason } : {}),
        onDone: () => redraw(t('referrals.completed')),
        onRefused: refused,
      }),
    }, t('referrals.complete')));
  }
  if (can.revoke && isOpen(r)) {
    buttons.push(h('button', {
      type: 'button',
      class: 'button button-danger-quiet',
      'data-test': 'referral-revoke',
      onclick: () => reasonDialog({
        parent: container,
        title: t(r.kind === 'transfer' ? 'referrals.revoke_transfer_title' : 'referrals.revoke_title'),
        lead: t('referrals.revoke_lead'),
        label: t('referrals.revoke_reason_optional'),
        required: false,
        submitLabel: t('referrals.revoke_submit'),
        testId: 'referral-revoke',
        draftName: `referral_revoke/${r.id}`,
        onSubmit: (reason) => act('revoke', reason ? { reason } : {}),
        onDone: () => redraw(t('referrals.revoked')),
        onRefused: refused,
      }),
    }, t('referrals.revoke')));
  }

  const title = t(r.kind === 'transfer' ? 'referrals.title_transfer' : 'referrals.title_referral');
  const details = h(
    'section',
    { class: 'card', 'aria-labelledby': 'referral-details-title', 'data-test': 'referral-details' },
    h('h2', { class: 'card-title', id: 'referral-details-title', text: t('referrals.details') }),
    h(
      'dl',
      { class: 'details' },
      row(t('referrals.column.case'), [
        referenceText(r.case_reference, 'referral-case-reference'),
        r.case_kind ? [' ', h('span', { class: 'muted', text: '— ' + kindLabel(r.case_kind) })] : null,
      ]),
      row(t('referrals.column.from'), unitName(r, 'from'), 'referral-from'),
      row(t('referrals.column.to'), unitName(r, 'to'), 'referral-to'),
      row(t('referrals.reason'), text(r.reason, 'referral-reason')),
      row(t('referrals.column.urgency'), urgencyTag(r.urgency)),
      row(t('referrals.sections'), h('ul', { class: 'tag-list', 'data-test': 'referral-sections' }, (r.sections || []).map((code) => h('li', { class: 'tag', 'data-section': code, text: sectionLabel(code) })))),
      row(t('referrals.basis'), h('span', { 'data-test': 'referral-basis', 'data-basis': r.consent_basis, text: consentBasisLabel(r.consent_basis) })),
      row(t('referrals.override_reason'), text(r.override_reason, 'referral-override-reason')),
      // the receiving unit is told which unit sent it, never which worker
      row(t('referrals.sent_by', null, { gender: r.sent_by_sex }), who(r.sent_by_name || unitName(r, 'from'), r.sent_at), 'referral-sent'),
      row(t('referrals.decided_by', null, { gender: r.decided_by_sex }), who(r.decided_by_name, r.decided_at), 'referral-decided'),
      row(statusReasonLabel(r.status), text(r.status_reason, 'referral-status-reason')),
      isOpen(r) ? row(t('referrals.column.waited'), [waitedText(r.waiting_seconds), r.stale ? [' ', staleTag()] : null], 'referral-waited') : null,
    ),
  );
  // The receiving unit changes the services asked of it while it sees the case.
  const changeable = (service) => receiving && sees && service.unit_id === r.to_unit_id;
  const services = h(
    'section',
    { class: 'card', 'aria-labelledby': 'referral-services-title', 'data-test': 'referral-services' },
    h('h2', { class: 'card-title', id: 'referral-services-title', text: t('referrals.services') }),
    (r.services || []).some(changeable) ? h('p', { class: 'card-note', text: t('referrals.services_lead') }) : null,
    servicesList(r.services || [], {
      canChange: changeable,
      parent: container,
      onChanged: (message) => redraw(message),
      onReload: () => redraw(null),
      empty: t('referrals.services_none'),
      testId: 'referral-service-list',
    }),
  );

  replaceChildren(
    container,
    breadcrumb(),
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title', 'data-test': 'referral-title' }, title, ' ', referenceText(r.case_reference)),
      caseLink
        ? h('div', { class: 'page-actions' }, h('a', { href: caseHash(r.case_id), class: 'button', 'data-test': 'open-case' }, t(receiving && r.kind === 'referral' ? 'referrals.open_shared_case' : 'referrals.open_case')))
        : null,
    ),
    h(
      'p',
      { class: 'case-meta' },
      h('span', { class: 'case-kind', 'data-test': 'referral-kind', text: referralKindLabel(r.kind) }),
      referralStatusTag(r.status),
      urgencyTag(r.urgency),
      r.stale && isOpen(r) ? staleTag() : null,
    ),
    note ? banner(note.kind, note.text) : null,
    messages.element,
    buttons.length
      ? h('section', { class: 'card referral-actions-card', 'aria-label': t('referrals.actions') }, h('p', { class: 'card-note', text: actionsLead(r, can) }), h('div', { class: 'case-actions', 'data-test': 'referral-actions' }, buttons))
      : null,
    h('div', { class: 'card-grid card-grid-wide' }, details, services),
  );
}

// What the buttons shown will do, in a sentence above them.
function actionsLead(r, can) {
  if (can.receive && r.status === 'pending') return t(r.kind === 'transfer' ? 'referrals.lead_receive_transfer' : 'referrals.lead_receive');
  if (can.receive && r.status === 'accepted') return t('referrals.lead_complete');
  return t('referrals.lead_revoke');
}

// A dialog with one reason (required or not) that sends a transition. onSubmit(reason) sends it; onDone() after it;
// onRefused(error) for a refusal other than a field's (a 409 draws the page again). draftName: the name its unsaved
// text is kept under.
function reasonDialog({ parent, title, lead, label, required, submitLabel, testId, draftName, onSubmit, onDone, onRefused }) {
  const reason = textAreaField({ name: 'reason', label, required, rows: 4, dir: 'auto', maxlength: 2000, testId: testId + '-reason' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [reason],
    submitLabel,
    busyLabel: t('common.saving'),
    testId: testId + '-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      try {
        await onSubmit(values.reason);
      } catch (error) {
        if (error && error.status === 409) {
          dialog.close();
          onRefused(error);
          return;
        }
        throw error;
      }
      draft.clear();
      dialog.close();
      onDone();
    },
  });
  draft = keepDraft(form, draftName);
  dialog = modalDialog({ title, lead, content: form.element, testId: testId + '-dialog' });
  dialog.open(parent, reason.control);
}

// The dialog of a supervisor accepting a referral that asks for a social study: which of the unit's monitors writes it.
function monitorDialog({ parent, monitors, onSubmit, onDone, onRefused }) {
  const monitor = selectField({
    name: 'monitor',
    label: t('referrals.study_monitor'),
    required: true,
    choices: monitors.map((m) => ({ value: String(m.id), label: m.full_name })),
    emptyLabel: monitors.length ? t('common.choose') : t('referrals.study_no_monitor'),
    testId: 'referral-study-monitor',
  });
  let dialog;
  const form = createForm({
    fields: [monitor],
    submitLabel: t('referrals.accept'),
    busyLabel: t('common.saving'),
    testId: 'referral-accept-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      try {
        await onSubmit(Number(values.monitor));
      } catch (error) {
        if (error && error.status === 409) {
          dialog.close();
          onRefused(error);
          return;
        }
        throw error;
      }
      dialog.close();
      onDone(Number(values.monitor));
    },
  });
  dialog = modalDialog({ title: t('referrals.accept_study_title'), lead: t('referrals.accept_study_lead'), content: form.element, testId: 'referral-accept-dialog' });
  dialog.open(parent, monitor.control);
}

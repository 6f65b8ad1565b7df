// Break-glass on the case page (docs/security.md): a worker who is not allowed a case may open it in an emergency
// (POST /cases/{id}/break-glass, a reason from the list and her own words); while it lasts the page says so with a
// countdown and a way to end it (POST /break-glass/{id}/end); the case's supervisor sees who opened it and may allow
// changes (POST /break-glass/{id}/write).

import { api } from '../api.js';
import { t, formatDateTime, formatNumber } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { banner } from './banner.js';
import { selectField, textAreaField, createForm } from './form.js';
import { codeChoices, codeLabel } from './codes.js';

export const WORKER_ROLES = ['caseworker', 'monitor', 'officer', 'supervisor'];

// The card under a case the user may not see: what break-glass is, and the form.
export function breakGlassForm(caseId, { onOpened }) {
  const reason = selectField({ name: 'reason', label: t('break_glass.reason'), required: true, emptyLabel: t('common.choose'), choices: codeChoices('break_glass_reasons'), testId: 'break-glass-reason' });
  const explanation = textAreaField({ name: 'explanation', label: t('break_glass.explanation'), hint: t('break_glass.explanation_hint'), required: true, rows: 3, dir: 'auto', maxlength: 1000, testId: 'break-glass-explanation' });
  const form = createForm({
    fields: [reason, explanation],
    submitLabel: t('break_glass.open'),
    busyLabel: t('common.saving'),
    testId: 'break-glass-form',
    onSubmit: async (values) => {
      await api.post(`/cases/${caseId}/break-glass`, { reason: values.reason, explanation: values.explanation });
      onOpened();
    },
  });
  return h('details', { class: 'card break-glass-card', 'data-test': 'break-glass' },
    h('summary', { text: t('break_glass.title') }),
    h('p', { class: 'card-note', text: t('break_glass.lead') }),
    form.element);
}

// The banner over a case seen by the user's break-glass grant: read-only or not, and the time left, counted down.
export function breakGlassBanner(grant, { onEnded }) {
  const left = h('strong', { 'data-test': 'break-glass-left' });
  const tick = () => {
    const seconds = Math.max(0, Math.round((Date.parse(grant.expires_at) - Date.now()) / 1000));
    // minutes:seconds kept left to right inside the sentence, whichever its direction
    const clock = `${formatNumber(Math.floor(seconds / 60))}:${formatNumber(seconds % 60).padStart(2, formatNumber(0))}`;
    left.textContent = t('break_glass.left', { time: `\u2066${clock}\u2069` });
    if (seconds === 0) {
      clearInterval(timer);
      onEnded();
    }
  };
  const timer = setInterval(() => {
    if (!left.isConnected) clearInterval(timer);
    else tick();
  }, 1000);
  tick();
  const end = h('button', {
    type: 'button',
    class: 'button button-small',
    'data-test': 'break-glass-end',
    onclick: async () => {
      await api.post(`/break-glass/${grant.id}/end`, {});
      clearInterval(timer);
      onEnded();
    },
  }, t('break_glass.end'));
  return h('div', { class: 'banner banner-error break-glass-banner', role: 'status', 'data-test': 'break-glass-banner' },
    h('p', {}, h('strong', { text: t('break_glass.banner_title') }), ' ', t(grant.write ? 'break_glass.banner_write' : 'break_glass.banner_read'), ' ', left),
    h('p', { class: 'muted', text: t('break_glass.banner_audited', { at: formatDateTime(grant.expires_at) }) }),
    end);
}

// For the case's supervisor: the open emergency accesses to this case, with the way to allow changes.
export function breakGlassUses(caseId, { onChanged }) {
  const box = h('div', { 'data-test': 'break-glass-uses' });
  api.get('/break-glass').then((answer) => {
    const open = (answer.items || []).filter((g) => g.case_id === caseId && !g.ended_at && Date.parse(g.expires_at) > Date.now());
    replaceChildren(box, open.map((g) => h('div', { class: 'banner banner-warning', 'data-test': 'break-glass-use' },
      h('p', {}, t('break_glass.use', { name: g.user_name || '', unit: g.user_unit_name || '', reason: codeLabel('break_glass_reasons', g.reason), at: formatDateTime(g.expires_at) })),
      h('p', { class: 'notes-text', dir: 'auto', text: g.explanation }),
      g.write
        ? h('p', { class: 'muted', text: t('break_glass.write_allowed') })
        : h('button', {
          type: 'button',
          class: 'button button-small',
          'data-test': 'break-glass-allow-write',
          onclick: async () => {
            await api.post(`/break-glass/${g.id}/write`, {});
            onChanged(t('break_glass.write_allowed'));
          },
        }, t('break_glass.allow_write')))));
  }).catch((error) => replaceChildren(box, banner('error', String(error.message || error))));
  return box;
}

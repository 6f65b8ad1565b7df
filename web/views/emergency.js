// The auditors' review of break-glass uses (#/emergency[/<case id>]; GET /break-glass, POST /break-glass/{id}/review):
// who opened which case, when, why in her words, whether changes were allowed, and the verdict — justified, or not
// with a note — once the access has ended. A notification of a use opens this page on its case.

import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot, errorText } from '../components/banner.js';
import { textField, createForm } from '../components/form.js';
import { dataTable } from '../components/table.js';
import { codeLabel, loadCodes } from '../components/codes.js';

let flash = null;

export async function render(container, context) {
  await loadCodes().catch(() => {});
  const pendingOnly = !context.params.all;
  const answer = await api.get(`/break-glass${pendingOnly ? '?pending=true' : ''}`);
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const focus = context.params.id ? Number(context.params.id) : null;
  const ended = (g) => g.ended_at || Date.parse(g.expires_at) <= Date.now();
  const verdict = (g) => {
    if (g.review) return h('span', { class: ['tag', g.review === 'justified' ? 'status-active' : 'tag-danger'], 'data-test': 'break-glass-verdict', text: t('break_glass.review.' + g.review) });
    if (!ended(g)) return h('span', { class: 'tag status-warning', text: t('break_glass.in_use') });
    const note = textField({ name: 'note', label: t('break_glass.note'), dir: 'auto', maxlength: 1000, testId: 'break-glass-note' });
    const send = (value) => async () => {
      try {
        await api.post(`/break-glass/${g.id}/review`, { verdict: value, note: note.getValue() || null });
        flash = t('break_glass.reviewed');
        render(container, context);
      } catch (error) {
        note.setError(errorText(error));
      }
    };
    return h('div', { class: 'break-glass-review' }, note.element,
      h('button', { type: 'button', class: 'button button-small', 'data-test': 'break-glass-justified', onclick: send('justified') }, t('break_glass.review.justified')),
      ' ',
      h('button', { type: 'button', class: 'button button-small button-danger-quiet', 'data-test': 'break-glass-not-justified', onclick: send('not_justified') }, t('break_glass.review.not_justified')));
  };
  const table = dataTable({
    caption: t('break_glass.review_title'),
    testId: 'break-glass-table',
    columns: [
      { label: t('break_glass.col_when'), cell: (g) => h('time', { datetime: g.started_at, text: formatDateTime(g.started_at) }) },
      { label: t('break_glass.col_who'), cell: (g) => h('span', {}, g.user_name || '', h('br'), h('span', { class: 'muted', text: g.user_unit_name || '' })) },
      { label: t('break_glass.col_case'), cell: (g) => h('bdi', { dir: 'ltr', text: g.case_reference || '' }) },
      { label: t('break_glass.col_why'), cell: (g) => h('span', {}, h('strong', { text: codeLabel('break_glass_reasons', g.reason) }), h('br'), h('span', { dir: 'auto', text: g.explanation })) },
      { label: t('break_glass.col_write'), cell: (g) => t(g.write ? 'break_glass.write_yes' : 'break_glass.write_no') },
      { label: t('break_glass.col_verdict'), cell: verdict },
    ],
    rows: answer.items || [],
    empty: t('break_glass.none'),
  });
  const rows = table.element.querySelectorAll('tbody tr');
  (answer.items || []).forEach((g, i) => {
    if (!rows[i]) return;
    rows[i].setAttribute('data-grant', String(g.id));
    if (focus && g.case_id === focus) rows[i].classList.add('row-highlight');
  });
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('nav.emergency') }),
    h('p', { class: 'page-lead', text: t('break_glass.review_lead') }),
    messages.element,
    h('p', {}, h('a', { href: pendingOnly ? '#/emergency/all' : '#/emergency', 'data-test': 'break-glass-toggle', text: t(pendingOnly ? 'break_glass.show_all' : 'break_glass.show_pending') })),
    h('section', { class: 'card' }, table.element),
  );
}

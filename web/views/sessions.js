// One's own sessions and tokens (#/sessions; GET /me/sessions): each browser signed in, from which address, when it
// was last used, and the API tokens; any of them is ended here (DELETE /me/sessions/{id}, /me/tokens/{id}). Ending
// the session of this page signs out.

import { api } from '../api.js';
import { t, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot, errorText } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { browserName } from './home.js';

// A message to show once the list is drawn again after a change.
let flash = null;

export async function render(container, context) {
  const list = await api.get('/me/sessions');
  if (!context.isCurrent()) return;
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const end = (path, current) => async () => {
    try {
      await api.del(path);
      if (current) {
        window.location.reload();
        return;
      }
      flash = t('sessions.ended');
      await render(container, context);
    } catch (error) {
      messages.show('error', errorText(error));
    }
  };
  const time = (value) => (value ? h('time', { datetime: value, text: formatDateTime(value) }) : '—');
  const sessions = dataTable({
    caption: t('sessions.sessions_title'),
    testId: 'sessions-table',
    columns: [
      { label: t('sessions.browser'), cell: (s) => h('span', {}, h('bdi', { dir: 'ltr', title: s.user_agent || '', text: s.user_agent ? browserName(s.user_agent) : t('sessions.unknown') }), s.current ? [' ', h('span', { class: 'tag status-active', text: t('sessions.this_one') })] : null, s.new_device ? [' ', h('span', { class: 'tag status-warning', text: t('sessions.new_device') })] : null) },
      { label: t('sessions.address'), cell: (s) => h('bdi', { dir: 'ltr', text: s.client_addr || '' }) },
      { label: t('sessions.signed_in'), cell: (s) => time(s.created_at) },
      { label: t('sessions.last_used'), cell: (s) => time(s.last_used_at) },
      { label: t('sessions.actions'), cell: (s) => h('button', { type: 'button', class: 'button button-small', 'data-test': 'session-end', onclick: end(`/me/sessions/${s.id}`, s.current) }, t(s.current ? 'sessions.sign_out' : 'sessions.end')) },
    ],
    rows: list.sessions || [],
    empty: t('sessions.none'),
  });
  const tokens = dataTable({
    caption: t('sessions.tokens_title'),
    testId: 'tokens-table',
    columns: [
      { label: t('sessions.label'), cell: (k) => k.label || '' },
      { label: t('sessions.made'), cell: (k) => time(k.created_at) },
      { label: t('sessions.last_used'), cell: (k) => time(k.last_used_at) },
      { label: t('sessions.expires'), cell: (k) => time(k.expires_at) },
      { label: t('sessions.actions'), cell: (k) => h('button', { type: 'button', class: 'button button-small', 'data-test': 'token-revoke', onclick: end(`/me/tokens/${k.id}`, false) }, t('sessions.revoke')) },
    ],
    rows: list.tokens || [],
    empty: t('sessions.no_tokens'),
  });
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('nav.sessions') }),
    h('p', { class: 'page-lead', text: t('sessions.lead') }),
    messages.element,
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: t('sessions.sessions_title') }), sessions.element),
    h('section', { class: 'card' }, h('h2', { class: 'card-title', text: t('sessions.tokens_title') }), tokens.element),
  );
}

// Message banners: errors, successes and notices shown at the top of a page or form.

import { h, replaceChildren } from './dom.js';
import { t } from '../i18n.js';

// The sentence to show for an error: the server's message (already in the user's language) or, when
// the server was not reached or sent none, one of ours. Never raw JSON.
export function errorText(error) {
  if (!error) return t('error.unexpected_plain');
  if (error.code === 'network') return t('error.network');
  if (error.code === 'version.conflict') return t('error.conflict');
  if (error.serverMessage) return error.serverMessage;
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 404) return t('error.not_found');
  if (error.status) return t('error.unexpected', { status: error.status });
  return t('error.unexpected_plain');
}

// A banner element. kind: 'error' | 'success' | 'info'. `action` is an optional {label, onClick} button.
export function banner(kind, text, action) {
  const role = kind === 'error' ? 'alert' : 'status';
  return h(
    'div',
    { class: ['banner', 'banner-' + kind], role, 'data-test': 'banner-' + kind },
    h('p', { class: 'banner-text', text }),
    action ? h('button', { type: 'button', class: 'button button-small', onclick: action.onClick }, action.label) : null,
  );
}

// A place on the page that shows at most one banner at a time.
export function bannerSlot() {
  const element = h('div', { class: 'banner-slot' });
  return {
    element,
    show(kind, text, action) {
      const node = banner(kind, text, action);
      replaceChildren(element, node);
      if (kind === 'error' && typeof element.scrollIntoView === 'function') {
        element.scrollIntoView({ block: 'nearest' });
      }
      return node;
    },
    error(error, action) {
      return this.show('error', errorText(error), action);
    },
    clear() {
      replaceChildren(element);
    },
  };
}

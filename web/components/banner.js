// Message banners: errors, successes and notices shown at the top of a page or form.

import { h, replaceChildren } from './dom.js';
import { t } from '../i18n.js';

// The server's message without the names of the fields it ends with ("…: school, health"): internal keys, never
// shown. With `labels` ({field: label} the view knows), the labels of those fields take their place.
function withoutFieldNames(error, labels) {
  const message = error.serverMessage;
  const names = Object.keys(error.fields || {});
  const colon = message.lastIndexOf(': ');
  if (!names.length || colon < 0) return message;
  const listed = message.slice(colon + 2).split(', ');
  if (!listed.every((name) => names.includes(name))) return message;
  const known = labels ? listed.filter((name) => labels[name]).map((name) => labels[name]) : [];
  return known.length ? `${message.slice(0, colon)}: ${known.join(t('common.list_separator'))}` : message.slice(0, colon) + '.';
}

// The sentence to show for an error: the server's message (already in the user's language) or, when
// the server was not reached or sent none, one of ours. Never raw JSON, never a field's internal name: the fields a
// message names are left out, or given by their labels in `labels` ({field: label}) when the view passes them.
export function errorText(error, labels) {
  if (!error) return t('error.unexpected_plain');
  if (error.code === 'network') return t('error.network');
  if (error.code === 'version.conflict') return t('error.conflict');
  if (error.serverMessage) return withoutFieldNames(error, labels);
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
    error(error, action, labels) {
      return this.show('error', errorText(error, labels), action);
    },
    clear() {
      replaceChildren(element);
    },
  };
}

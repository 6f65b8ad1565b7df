// Modal dialogs: a <dialog> shown with showModal(), so the page behind is inert, focus stays inside, and Escape
// closes it. The dialog is added to the page when opened and removed when closed; focus then returns to where it was.
// It lives inside the page that opened it, so drawing another page takes it away too.

import { h, uniqueId } from './dom.js';
import { t } from '../i18n.js';

// Options: title, lead (a sentence under the title), content (nodes), testId, className, onClose().
// Returns {element, open(parent, focusTarget), close()}: `parent` is the page element to hold the dialog,
// `focusTarget` the control to focus when the dialog opens.
export function modalDialog(options) {
  const titleId = uniqueId('dialog-title');
  const leadId = options.lead ? uniqueId('dialog-lead') : null;
  let returnFocus = null;
  const closeButton = h('button', {
    type: 'button',
    class: 'button button-quiet dialog-close',
    'aria-label': t('common.close'),
    title: t('common.close'),
    'data-test': options.testId ? options.testId + '-close' : null,
    onclick: () => close(),
  }, h('span', { 'aria-hidden': 'true', text: '×' }));
  const element = h(
    'dialog',
    { class: ['dialog', options.className], 'aria-labelledby': titleId, 'aria-describedby': leadId, 'data-test': options.testId || null },
    h(
      'div',
      { class: 'dialog-header' },
      h('h2', { class: 'dialog-title', id: titleId, text: options.title }),
      closeButton,
    ),
    options.lead ? h('p', { class: 'dialog-lead', id: leadId, text: options.lead }) : null,
    h('div', { class: 'dialog-body' }, options.content),
  );
  element.addEventListener('close', () => {
    element.remove();
    if (options.onClose) options.onClose();
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  });

  function close() {
    if (element.open) element.close();
  }

  return {
    element,
    open(parent, focusTarget) {
      returnFocus = document.activeElement;
      (parent || document.body).appendChild(element);
      element.showModal();
      if (focusTarget) focusTarget.focus();
    },
    close,
  };
}

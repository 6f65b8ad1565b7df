// The bell in the header: what concerns the user (GET /api/v1/notifications), the unread count on it, and a panel
// listing each notification in words with a link to its record; opening a link or the button beside it marks it read
// (POST /api/v1/notifications/read), and so does "mark all". The list is asked for again on every page drawn, when
// the tab comes back into view, and every minute while the user is at work (a minute without a key or a click in
// the page lets the poll rest, so that it never keeps an idle session alive).

import { api } from '../api.js';
import { t, formatNumber, formatDateTime, localName } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { referenceText, taskLabel, assignmentRoleLabel } from './cases.js';
import { urgencyTag } from './referrals.js';

const POLL_MS = 60000;
const LIST_LIMIT = 50;
const SVG = 'http://www.w3.org/2000/svg';

// A bell drawn in SVG (no icon font, nothing loaded from elsewhere).
function bellIcon() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'bell-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z');
  path.setAttribute('fill', 'currentColor');
  svg.appendChild(path);
  return svg;
}

// `template` with each {name} replaced by values[name]: text, or a node (a reference kept left to right).
function fill(template, values) {
  const parts = [];
  let last = 0;
  template.replace(/\{(\w+)\}/g, (match, name, offset) => {
    parts.push(template.slice(last, offset));
    parts.push(Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match);
    last = offset + match.length;
    return match;
  });
  parts.push(template.slice(last));
  return parts.filter((part) => part !== '');
}

// What happened, in words, with the case reference as a node; and the same as plain text (for labels). `sex`: the
// user's, whose role a notification names.
function sentence(item, sex) {
  const unit = localName({ name_ar: item.from_unit_name_ar, name_en: item.from_unit_name_en });
  const values = {
    reference: referenceText(item.reference, 'notification-reference'),
    unit,
    role: item.role ? assignmentRoleLabel(item.role, sex) : '',
    task: item.task ? taskLabel(item.task) : '',
  };
  const template = t('notifications.kind.' + item.kind);
  const nodes = fill(template, values);
  const plain = fill(template, { ...values, reference: item.reference || '' }).join('');
  return { nodes, plain };
}

function isTask(item) {
  return item.kind === 'task_due' || item.kind === 'task_overdue';
}

// The bell: call mount(toolsElement) once the header exists, refresh() to ask again, stop() at logout.
// `user`: the signed-in user (/me), whom the sentences address.
export function createNotificationBell(user) {
  let items = [];
  let unread = 0;
  let timer = null;
  let inFlight = null;
  let again = false;
  let lastActivity = Date.now();
  let lastPoll = 0;
  let open = false;
  let failed = false;

  const count = h('span', { class: 'bell-count', 'data-test': 'bell-count', 'aria-hidden': 'true', hidden: true });
  const button = h(
    'button',
    {
      type: 'button',
      id: 'bell',
      class: 'button button-quiet bell-button',
      'aria-expanded': 'false',
      'aria-controls': 'notifications-panel',
      'data-test': 'bell',
      onclick: () => setOpen(!open),
    },
    bellIcon(),
    count,
  );
  const list = h('ul', { class: 'notification-list', 'data-test': 'notification-list' });
  const markAll = h('button', { type: 'button', class: 'button button-small', 'data-test': 'notifications-mark-all', onclick: () => markRead(null) }, t('notifications.mark_all'));
  const heading = h('h2', { class: 'notifications-title', id: 'notifications-title', tabindex: '-1', text: t('notifications.title') });
  const panel = h(
    'section',
    { id: 'notifications-panel', class: 'notifications-panel', 'aria-labelledby': 'notifications-title', 'data-test': 'notifications-panel', hidden: true },
    h(
      'div',
      { class: 'notifications-head' },
      heading,
      markAll,
      h('button', { type: 'button', class: 'button button-small notifications-close', 'data-test': 'notifications-close', onclick: () => setOpen(false, true) }, t('notifications.close')),
    ),
    list,
  );
  const wrapper = h('div', { class: 'bell-wrapper', onfocusout: onFocusOut }, button, panel);

  function label() {
    return unread ? t('notifications.button_unread', { count: formatNumber(unread) }) : t('notifications.button');
  }

  function drawCount() {
    count.hidden = unread === 0;
    count.textContent = unread > 99 ? formatNumber(99) + '+' : formatNumber(unread);
    count.dataset.count = String(unread);
    button.setAttribute('aria-label', label());
    button.title = label();
    markAll.disabled = unread === 0;
  }

  function row(item) {
    const words = sentence(item, user && user.sex);
    const link = h(
      'a',
      {
        href: /^#\/[a-z]+\/[0-9]+$/.test(item.href || '') ? item.href : '#/home',
        class: 'notification-link',
        'data-test': 'notification-link',
        onclick: () => {
          if (!item.read) markRead([item]);
          setOpen(false);
        },
      },
      words.nodes,
    );
    const when = isTask(item) ? t('notifications.due', { time: formatDateTime(item.at) }) : formatDateTime(item.at);
    return h(
      'li',
      {
        class: ['notification', item.read ? 'notification-read' : 'notification-unread', item.kind === 'task_overdue' ? 'notification-overdue' : null],
        'data-test': 'notification',
        'data-kind': item.kind,
        'data-object-id': String(item.object_id),
        'data-read': item.read ? 'true' : 'false',
      },
      item.read ? null : h('span', { class: 'visually-hidden', text: t('notifications.unread') + ': ' }),
      h('p', { class: 'notification-text' }, link),
      h(
        'p',
        { class: 'notification-meta' },
        h('span', { class: 'notification-time', text: when }),
        item.urgency && item.urgency !== 'routine' ? urgencyTag(item.urgency) : null,
        item.read
          ? null
          : h('button', {
            type: 'button',
            class: 'button button-small notification-mark',
            'data-test': 'notification-mark',
            'aria-label': t('notifications.mark_one_label', { what: words.plain }),
            onclick: () => markRead([item]),
          }, t('notifications.mark_one')),
      ),
    );
  }

  function drawList() {
    if (failed && !items.length) {
      replaceChildren(list, h('li', { class: 'notification-empty', role: 'status', text: t('notifications.failed') }));
      return;
    }
    if (!items.length) {
      replaceChildren(list, h('li', { class: 'notification-empty', 'data-test': 'notifications-empty', text: t('notifications.empty') }));
      return;
    }
    replaceChildren(list, items.map(row));
  }

  // Asks for the list; asked again while an answer is awaited, asks once more after it (that answer may be older
  // than what the caller has just done).
  async function refresh() {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    lastPoll = Date.now();
    inFlight = api
      .get('/notifications', { limit: LIST_LIMIT })
      .then((answer) => {
        items = (answer && Array.isArray(answer.items)) ? answer.items : [];
        unread = (answer && Number(answer.unread_count)) || 0;
        failed = false;
      })
      .catch((error) => {
        // A session that ended is handled by the shell (api.js); anything else leaves the last list on screen.
        failed = true;
        if (error && error.status === 401) stop();
      })
      .finally(() => {
        inFlight = null;
        drawCount();
        drawList();
        if (again && timer) {
          again = false;
          refresh();
        }
      });
    return inFlight;
  }

  async function markRead(chosen) {
    const body = chosen ? { items: chosen.map((item) => ({ kind: item.kind, object_id: item.object_id, at: item.at })) } : { all: true };
    // shown at once; the server's answer follows with the next list
    for (const item of chosen || items) {
      if (!item.read) unread = Math.max(0, unread - 1);
      item.read = true;
    }
    if (!chosen) unread = 0;
    // the button pressed goes with the list drawn again: the focus stays in the panel, on its heading
    const hadFocus = panel.contains(document.activeElement);
    drawCount();
    drawList();
    if (open && hadFocus && !panel.contains(document.activeElement)) heading.focus();
    try {
      await api.post('/notifications/read', body);
    } catch {
      // The next list says what the server holds.
    }
    await refresh();
  }

  // A click elsewhere closes the panel (the path as dispatched: a button the click redrew away was inside it).
  function onDocumentClick(event) {
    if (open && !event.composedPath().includes(wrapper)) setOpen(false);
  }

  // Tabbing out of the panel closes it (a focus lost to a redrawn list has nowhere to go, and is not leaving).
  function onFocusOut(event) {
    if (open && event.relatedTarget && !wrapper.contains(event.relatedTarget)) setOpen(false);
  }

  function onKey(event) {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false, true);
    }
  }

  function setOpen(value, returnFocus) {
    open = value;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    wrapper.classList.toggle('bell-open', open);
    if (open) {
      drawList();
      heading.focus();
      refresh();
    } else if (returnFocus) {
      button.focus();
    }
  }

  function noteActivity() {
    lastActivity = Date.now();
  }

  function onVisible() {
    if (!document.hidden) refresh();
  }

  // A poll only when the user did something since the last one: an idle session is left to end.
  function tick() {
    if (!document.hidden && lastActivity > lastPoll) refresh();
  }

  function mount(tools) {
    tools.prepend(wrapper);
    drawCount();
    drawList();
    document.addEventListener('click', onDocumentClick);
    document.addEventListener('keydown', onKey);
    document.addEventListener('keydown', noteActivity, true);
    document.addEventListener('pointerdown', noteActivity, true);
    document.addEventListener('visibilitychange', onVisible);
    if (!timer) timer = window.setInterval(tick, POLL_MS);
    refresh();
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    timer = null;
    document.removeEventListener('click', onDocumentClick);
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('keydown', noteActivity, true);
    document.removeEventListener('pointerdown', noteActivity, true);
    document.removeEventListener('visibilitychange', onVisible);
  }

  return { element: wrapper, mount, refresh, stop };
}

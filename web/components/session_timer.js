// The warning before the session ends. Every answer of the API says how long the session has left
// (Takamul-Session-Expires-In, passed on by api.js), and /me and the login answer say when it ends however much it is
// used (session_absolute_expires_at). A couple of minutes before the end a box appears at the foot of the page, without
// taking the page away (role alertdialog, not modal), with a countdown: before the idle end a "stay signed in" button
// that makes one cheap request (GET /me), which moves the end on; before the absolute end, which nothing moves, a
// sentence saying so and asking to save now. When the time is up, one more request finds the session ended (401), and
// the application shows the sign-in page; the forms' unsaved text waits in drafts.js.
// The tabs of the same browser tell one another what they learn (BroadcastChannel), so that a tab left alone does not
// warn while another one keeps the session alive.

import { api } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { errorText } from './banner.js';

// How long before the idle end the warning comes: two minutes, or a third of the idle time when that is shorter (a
// server set to a short idle time, as the tests are).
const WARN_IDLE_MS = 2 * 60 * 1000;
// How long before the absolute end: longer, since nothing but saving helps then.
const WARN_ABSOLUTE_MS = 5 * 60 * 1000;
// After the end, the wait before the request that finds the session ended.
const AFTER_END_MS = 1500;
// A request that fails to reach the server at the end is tried again after this long.
const RETRY_MS = 15000;

const CHANNEL = 'takamul.session';

function clock(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${formatNumber(minutes)}:${rest < 10 ? formatNumber(0) : ''}${formatNumber(rest)}`;
}

function typingInField() {
  const active = document.activeElement;
  if (!active || active === document.body) return false;
  if (active.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName);
}

// Returns {start(answer), heard(seconds), stop()}: start with the answer of the login or of /me when a user is signed
// in, heard with each Takamul-Session-Expires-In, stop when the session is over on this side.
export function createSessionTimer() {
  let userId = null;
  let endsAt = 0; // when the session ends unless used again, in this browser's clock (ms)
  let limitAt = 0; // when it ends however much it is used
  let span = 0; // the longest time left ever heard: about the idle time
  let warnTimer = null;
  let endTimer = null;
  let ticker = null;
  let dismissedLimit = 0; // the absolute end whose warning the user closed
  let box = null;
  let channel = null;

  const titleId = uniqueId('session-warning-title');
  const textId = uniqueId('session-warning-text');
  const title = h('h2', { class: 'session-warning-title', id: titleId });
  const text = h('p', { class: 'session-warning-text', id: textId, 'data-test': 'session-warning-text' });
  const count = h('bdi', { class: 'session-warning-count', dir: 'ltr', 'data-test': 'session-warning-count' });
  const problem = h('p', { class: 'session-warning-problem', hidden: true, 'data-test': 'session-warning-problem' });
  const stay = h('button', { type: 'button', class: 'button button-primary', 'data-test': 'session-stay', onclick: () => extend() });
  const close = h('button', { type: 'button', class: 'button', 'data-test': 'session-warning-close', onclick: () => dismiss() });
  // Said once when the box appears, and when the session is extended: the countdown itself is not read out each second.
  const announcer = h('p', { class: 'visually-hidden', role: 'alert', 'data-test': 'session-announcer' });
  let shownKind = null; // 'idle' | 'absolute' | null
  let returnFocus = null;

  function absoluteBinds() {
    return limitAt > 0 && endsAt >= limitAt - 1000;
  }

  function clearTimers() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = null;
    endTimer = null;
  }

  // Sets the timers for the warning and for the end, from what is known now.
  function arm() {
    clearTimers();
    if (!userId || !endsAt) return;
    const now = Date.now();
    const absolute = absoluteBinds();
    const lead = absolute ? WARN_ABSOLUTE_MS : Math.min(WARN_IDLE_MS, (span * 1000) / 3);
    if (shownKind && (shownKind !== (absolute ? 'absolute' : 'idle') || endsAt - now > lead + 1000)) hide();
    if (!(absolute && dismissedLimit === limitAt)) warnTimer = setTimeout(show, Math.max(0, endsAt - lead - now));
    endTimer = setTimeout(atEnd, Math.max(0, endsAt - now) + AFTER_END_MS);
  }

  // The time is up: a request tells whether the session is over (401: the application signs out) or was kept alive
  // meanwhile by a tab that could not say so.
  async function atEnd() {
    if (!userId) return;
    if (Date.now() < endsAt) {
      arm();
      return;
    }
    try {
      await api.get('/me');
    } catch (error) {
      if (error && error.status === 0 && userId) endTimer = setTimeout(atEnd, RETRY_MS);
    }
  }

  function draw() {
    if (!box) return;
    const absolute = shownKind === 'absolute';
    title.textContent = t(absolute ? 'session.limit_title' : 'session.warning_title');
    replaceChildren(count, clock(endsAt - Date.now()));
    // the countdown stands where the sentence says {time}
    const [before, ...rest] = t(absolute ? 'session.limit_text' : 'session.warning_text', { time: '\u0000' }).split('\u0000');
    replaceChildren(text, before, rest.length ? count : null, rest.join(''));
    stay.textContent = t('session.stay');
    close.textContent = t('common.close');
    stay.hidden = shownKind !== 'idle';
    close.hidden = shownKind !== 'absolute';
  }

  // The box lives beside the application's root, or inside a modal dialog while one is open (the rest of the page is
  // inert then, and so would the box be).
  function place() {
    if (!box) return;
    let modal = null;
    try {
      modal = document.querySelector('dialog[open]:modal');
    } catch {
      // a browser without :modal; its dialogs hold no warning
    }
    const host = modal || document.body;
    if (box.parentNode !== host) host.appendChild(box);
  }

  function show() {
    if (!userId) return;
    shownKind = absoluteBinds() ? 'absolute' : 'idle';
    const fresh = !box;
    if (fresh) {
      box = h(
        'div',
        {
          class: ['session-warning', 'session-warning-' + shownKind],
          role: 'alertdialog',
          'aria-modal': 'false',
          'aria-labelledby': titleId,
          'aria-describedby': textId,
          'data-test': 'session-warning',
          'data-kind': shownKind,
        },
        title,
        text,
        problem,
        h('div', { class: 'session-warning-actions' }, stay, close),
      );
    }
    box.className = 'session-warning session-warning-' + shownKind;
    box.setAttribute('data-kind', shownKind);
    problem.hidden = true;
    draw();
    place();
    if (!announcer.isConnected) document.body.appendChild(announcer);
    announcer.textContent = `${title.textContent} ${text.textContent}`;
    clearInterval(ticker);
    ticker = setInterval(() => {
      place();
      draw();
    }, 1000);
    // Keys typed in a field stay in the field; otherwise the button is where the keyboard is. Either way, focus goes
    // back where it was when the box goes.
    if (fresh) {
      returnFocus = document.activeElement;
      if (!typingInField()) (shownKind === 'idle' ? stay : close).focus();
    }
  }

  function hide() {
    clearInterval(ticker);
    ticker = null;
    shownKind = null;
    if (!box) return;
    const hadFocus = box.contains(document.activeElement);
    box.remove();
    box = null;
    if (hadFocus && returnFocus && returnFocus.isConnected) returnFocus.focus();
    returnFocus = null;
  }

  function dismiss() {
    dismissedLimit = limitAt;
    hide();
  }

  // The button is marked busy rather than disabled while the request goes: a disabled button would drop the focus.
  let extending = false;
  async function extend() {
    if (extending) return;
    extending = true;
    stay.setAttribute('aria-disabled', 'true');
    problem.hidden = true;
    try {
      await api.get('/me');
      announcer.textContent = t('session.extended');
    } catch (error) {
      // a 401 has already taken the application to the sign-in page
      if (error && error.status !== 401 && box) {
        problem.textContent = errorText(error);
        problem.hidden = false;
      }
    } finally {
      extending = false;
      stay.removeAttribute('aria-disabled');
    }
  }

  function tellOthers() {
    if (channel) channel.postMessage({ user: userId, endsAt, limitAt, span });
  }

  function listen() {
    if (channel || typeof BroadcastChannel !== 'function') return;
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event) => {
      const news = event.data || {};
      if (!userId || news.user !== userId || !(news.endsAt > endsAt)) return;
      endsAt = news.endsAt;
      if (news.limitAt) limitAt = news.limitAt;
      span = Math.max(span, news.span || 0);
      arm();
    };
  }

  return {
    start(answer) {
      const user = answer && answer.user;
      if (!user) {
        this.stop();
        return;
      }
      userId = user.id;
      const expires = Date.parse(answer.session_expires_at);
      const absolute = Date.parse(answer.session_absolute_expires_at);
      // The end is known from the header of this same answer; the absolute end lies as far beyond it as the answer says.
      if (!endsAt && Number.isFinite(expires)) endsAt = Date.now() + Math.max(0, expires - Date.now());
      if (Number.isFinite(expires) && Number.isFinite(absolute)) limitAt = endsAt + (absolute - expires);
      listen();
      arm();
      tellOthers();
    },
    heard(seconds) {
      endsAt = Date.now() + seconds * 1000;
      span = Math.max(span, seconds);
      if (!userId) return;
      arm();
      tellOthers();
    },
    stop() {
      userId = null;
      endsAt = 0;
      limitAt = 0;
      span = 0;
      dismissedLimit = 0;
      clearTimers();
      hide();
      announcer.textContent = '';
    },
  };
}

// Unsaved text of the forms, kept in this browser tab until it is saved: a session that ends (or a reload, or a page
// left) does not lose what was being typed. While the user types, the fields that differ from what the form was drawn
// with are written to sessionStorage under the signed-in user, the form and its record; when the same form is drawn
// again (after signing in again, say) they are put back, with a note saying so and a button that discards them. A
// successful save clears the form's draft.
// What is kept and for how long (docs/security.md, "Unsaved text in the browser"): sessionStorage, so it lives as long
// as this tab and is never shared with another tab or window; it is wiped at logout and when another user signs in
// in this tab; a draft older than DRAFT_MAX_AGE_MS is dropped; password fields are never kept.

import { t, formatTime } from '../i18n.js';
import { h } from './dom.js';

const PREFIX = 'takamul.draft.';
const OWNER_KEY = 'takamul.drafts_owner';
// No draft outlives the longest a session lasts.
const DRAFT_MAX_AGE_MS = 12 * 3600 * 1000;

let owner = null; // the signed-in user's id, as text

function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage refused by the browser: nothing is kept
  }
}

function draftKeys(storage) {
  const keys = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key && key.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

function read(storage, key) {
  try {
    const draft = JSON.parse(storage.getItem(key));
    if (!draft || typeof draft !== 'object' || !draft.values || typeof draft.at !== 'number') return null;
    if (Date.now() - draft.at > DRAFT_MAX_AGE_MS) return null;
    return draft;
  } catch {
    return null;
  }
}

// Forgets every draft of this tab (at logout; and when another user signs in here).
export function wipeDrafts() {
  const storage = store();
  if (!storage) return;
  for (const key of draftKeys(storage)) storage.removeItem(key);
  storage.removeItem(OWNER_KEY);
}

// Says whose drafts are kept now: the user signed in (from the login answer or /me), or null when nobody is. A user
// other than the one whose drafts the tab holds finds them wiped; old drafts are dropped.
export function setDraftOwner(user) {
  owner = user && user.id !== undefined && user.id !== null ? String(user.id) : null;
  const storage = store();
  if (!owner || !storage) return;
  if (storage.getItem(OWNER_KEY) !== owner) {
    wipeDrafts();
    storage.setItem(OWNER_KEY, owner);
    return;
  }
  for (const key of draftKeys(storage)) {
    if (!read(storage, key)) storage.removeItem(key);
  }
}

// True when `nodes` (a node or nested arrays of them) hold a form whose draft was restored.
export function holdsRestoredDraft(nodes) {
  if (!nodes) return false;
  if (Array.isArray(nodes)) return nodes.some(holdsRestoredDraft);
  return nodes instanceof Element && (nodes.matches('[data-draft-restored]') || Boolean(nodes.querySelector('[data-draft-restored]')));
}

// The control whose own value is kept as typed (spaces included), rather than the field's getValue().
function plainControl(field) {
  const control = field.control;
  if (!control) return null;
  if (control.tagName === 'TEXTAREA') return control;
  if (control.tagName === 'INPUT' && !['checkbox', 'radio', 'password', 'file'].includes(control.type)) return control;
  return null;
}

function valueOf(field) {
  if (field.getDraft) return field.getDraft();
  const plain = plainControl(field);
  return plain ? plain.value : field.getValue();
}

function putValue(field, value) {
  if (field.setDraft) field.setDraft(value);
  else if (plainControl(field)) plainControl(field).value = value ?? '';
  else field.setValue(value);
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// Keeps the unsaved values of `form` (from createForm) as a draft named `name` (the form and its record, such as
// 'note/12'), and puts back a draft kept before. Call it once the form holds its starting values. Options: fields
// (those to keep; all the form's fields by default, never a password), onRestore() after values were put back or
// discarded (for what the form shows depending on them). A field may define getDraft()/setDraft(value) to be kept in
// its own terms (a compound field), and tells of a change made without an input event by dispatching 'change' on
// its element. Returns {clear(), restored}: clear() to call when the form has been saved; restored is true when values
// were put back (a form folded away should then be shown).
export function keepDraft(form, name, options = {}) {
  const storage = store();
  if (!storage || !owner) return { clear() {}, restored: false };
  const key = `${PREFIX}${owner}.${name}`;
  const fields = (options.fields || [...new Set(Object.values(form.fields))])
    .filter((field) => !(field.control && field.control.type === 'password'));
  const initial = new Map(fields.map((field) => [field.name, valueOf(field)]));
  let notice = null;

  function save() {
    const values = {};
    const base = {};
    for (const field of fields) {
      const value = valueOf(field);
      if (same(value, initial.get(field.name))) continue;
      values[field.name] = value;
      base[field.name] = initial.get(field.name);
    }
    try {
      if (Object.keys(values).length) storage.setItem(key, JSON.stringify({ at: Date.now(), values, base }));
      else storage.removeItem(key);
    } catch {
      // the tab's storage is full: the draft is not kept
    }
  }

  function removeNotice() {
    if (notice) notice.remove();
    notice = null;
  }

  function discard(restored) {
    for (const field of restored) putValue(field, initial.get(field.name));
    storage.removeItem(key);
    if (options.onRestore) options.onRestore();
    const done = h('div', { class: 'banner banner-info draft-notice', role: 'status', 'data-test': 'draft-discarded' }, h('p', { class: 'banner-text', text: t('drafts.discarded') }));
    notice.replaceWith(done);
    notice = done;
    const first = restored[0];
    if (first && first.focus) first.focus();
  }

  const draft = read(storage, key);
  let restoredAny = false;
  if (draft) {
    const restored = fields.filter((field) => Object.prototype.hasOwnProperty.call(draft.values, field.name));
    for (const field of restored) putValue(field, draft.values[field.name]);
    if (restored.length) {
      restoredAny = true;
      if (options.onRestore) options.onRestore();
      // a field changed elsewhere since the draft was begun: the user's text is put back, and they are told to check
      const changedMeanwhile = restored.some((field) => draft.base && !same(draft.base[field.name], initial.get(field.name)));
      const discardButton = h('button', { type: 'button', class: 'button button-small', 'data-test': 'draft-discard', onclick: () => discard(restored) }, t('drafts.discard'));
      const when = formatTime(new Date(draft.at).toISOString());
      notice = h(
        'div',
        { class: 'banner banner-info draft-notice', role: 'status', 'data-test': 'draft-restored', 'data-draft-restored': '' },
        h('p', { class: 'banner-text' }, t('drafts.restored', { time: when }), changedMeanwhile ? [' ', h('strong', { text: t('drafts.changed_meanwhile') })] : null),
        discardButton,
      );
      const slot = form.banner && form.banner.element;
      if (slot && slot.parentNode === form.element) slot.after(notice);
      else form.element.prepend(notice);
    } else {
      storage.removeItem(key);
    }
  }

  form.element.addEventListener('input', save);
  form.element.addEventListener('change', save);

  return {
    clear() {
      storage.removeItem(key);
      removeNotice();
    },
    restored: restoredAny,
  };
}

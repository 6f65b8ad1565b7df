// The second factor of one's own account (#/second-factor; GET|POST /me/second-factor, POST …/confirm): whether the
// role needs one and whether it is set up; setting it up with the QR code the server draws (or the key typed into the
// app), a first code from the app to confirm it, and the ten recovery codes shown once. A user whose role needs one and
// who has none is held on this page until it is set up, then goes on to the page first asked for.

import { api } from '../api.js';
import { t, formatNumber, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner } from '../components/banner.js';
import { textField, createForm } from '../components/form.js';

export async function render(container, context) {
  const state = await api.get('/me/second-factor');
  if (!context.isCurrent()) return;
  draw(container, context, state);
}

const title = () => h('h1', { class: 'page-title', id: 'second-factor-title', text: t('second_factor.title') });

function draw(container, context, state) {
  const held = state.required && !state.enrolled;
  const status = state.enrolled
    ? banner('success', t('second_factor.enrolled', { n: formatNumber(state.recovery_codes_left) }))
    : banner(held ? 'warning' : 'info', t(held ? 'second_factor.required' : 'second_factor.optional'));
  const start = h('button', {
    type: 'button',
    class: 'button button-primary',
    'data-test': 'second-factor-begin',
    onclick: async () => {
      start.disabled = true;
      try {
        drawEnrolment(container, context, await api.post('/me/second-factor', {}));
      } catch (error) {
        start.disabled = false;
        throw error;
      }
    },
  }, t('second_factor.begin'));
  replaceChildren(
    container,
    title(),
    h('p', { class: 'page-lead', text: t('second_factor.lead') }),
    h('div', { 'data-test': 'second-factor-status' }, status),
    state.enrolled
      ? h('p', { class: 'muted', text: t('second_factor.reset_by_admin') })
      : h('section', { class: 'card' }, h('p', { text: t('second_factor.how') }), start),
  );
}

// The QR code the server drew, as an element of this page (an SVG of squares, nothing that runs).
function qrImage(svg) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const node = document.importNode(doc.documentElement, true);
  node.setAttribute('aria-label', t('second_factor.qr_label'));
  node.setAttribute('class', 'qr-code');
  node.setAttribute('data-test', 'second-factor-qr');
  return node;
}

function drawEnrolment(container, context, enrolment) {
  const code = textField({ name: 'code', label: t('second_factor.code'), hint: t('second_factor.code_hint'), required: true, autocomplete: 'one-time-code', inputmode: 'numeric', dir: 'ltr', maxlength: 6, testId: 'second-factor-code' });
  const form = createForm({
    fields: [code],
    submitLabel: t('second_factor.confirm'),
    busyLabel: t('common.saving'),
    testId: 'second-factor-form',
    validate: (values) => (/^[0-9]{6}$/.test(toAsciiDigits(values.code).trim()) ? null : { code: t('second_factor.code_invalid') }),
    onSubmit: async (values) => {
      const answer = await api.post('/me/second-factor/confirm', { code: toAsciiDigits(values.code).trim() });
      drawRecoveryCodes(container, context, answer.recovery_codes);
    },
  });
  replaceChildren(
    container,
    title(),
    h('ol', { class: 'steps' },
      h('li', {}, t('second_factor.step_scan')),
      h('li', {}, t('second_factor.step_code'))),
    h('div', { class: 'card second-factor-enrol' },
      qrImage(enrolment.qr_svg),
      h('p', { class: 'muted', text: t('second_factor.key_label') }),
      h('p', {}, h('code', { class: 'secret-key', dir: 'ltr', 'data-test': 'second-factor-secret', text: enrolment.secret.replace(/(.{4})/g, '$1 ').trim() })),
      form.element),
  );
  code.focus();
}

function drawRecoveryCodes(container, context, codes) {
  const done = h('button', {
    type: 'button',
    class: 'button button-primary',
    'data-test': 'second-factor-done',
    onclick: async () => {
      if (context.user && !context.user.must_change_password) await context.onPasswordReplaced();
    },
  }, t('second_factor.done'));
  replaceChildren(
    container,
    title(),
    banner('success', t('second_factor.confirmed')),
    h('section', { class: 'card' },
      h('h2', { class: 'card-title', text: t('second_factor.recovery_title') }),
      h('p', { text: t('second_factor.recovery_lead') }),
      h('ol', { class: 'recovery-codes', dir: 'ltr', 'data-test': 'recovery-codes' }, codes.map((c) => h('li', {}, h('code', { text: c })))),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('second_factor.print')),
        done)),
  );
  done.focus();
}

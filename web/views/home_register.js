// A home's register, سجل الدار (#/homes/<id>), for the home's own staff and the ministry's managers
// (GET /homes/{id}/register, every read audited): who is in tonight, by room, with each resident's legal status,
// whereabouts, measure and its end; the places by sex and age band against what is occupied, and the count by legal
// status; those due for discharge in the next 14 days, the overstays and the absences. The home's staff admit a
// juvenile on the order shown to them (the case reference and the decision number: POST /homes/{id}/admissions; a
// refusal shows the server's message, which names the rule) and record a resident's movements. It prints as the
// register alone: a table, no navigation or forms.

import { api } from '../api.js';
import { t, formatNumber, formatCalendarDate, formatDateTime, ammanLocalToUtc, toAsciiDigits } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, selectField, dateTimeField, createForm } from '../components/form.js';
import { codeLabel, loadCodes } from '../components/codes.js';
import { caseHash, CASE_ROLES } from '../components/cases.js';
import {
  homeName, homeTypeLabel, statusLabel, sexLabel, bandLabel, stateTag, movementLabel, movementDialog, nowLocal,
} from '../components/homes.js';

const has = (user, role) => Boolean(user && (user.roles || []).includes(role));

// A message to show once the register is drawn again after a change.
let flash = null;

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then show their codes.
  }
  const id = context.params.id;
  let register;
  try {
    register = await api.get(`/homes/${id}/register`);
  } catch (error) {
    if (!context.isCurrent()) return;
    if (error && error.status === 404) {
      replaceChildren(container, h('h1', { class: 'page-title', text: t('homes.register_title') }), banner('error', t('homes.forbidden')));
      return;
    }
    throw error;
  }
  if (!context.isCurrent()) return;
  const staff = has(context.user, 'home_staff') && String(context.user.unit_id) === String(id);
  // the homes a resident may be transferred to
  let homes = [];
  if (staff) {
    try {
      homes = (await api.get('/homes')).items || [];
    } catch {
      // the transfer then lists no home; the other movements still work
    }
    if (!context.isCurrent()) return;
  }
  draw(container, context, register, { staff, homes });
}

function redraw(context, text) {
  flash = text;
  context.navigate(window.location.hash);
}

const date = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : null);

function residentsTable(register, { staff, homes, parent, context }) {
  // the name opens the case for those who work cases; the home's staff read the register alone
  const linked = CASE_ROLES.some((role) => has(context.user, role));
  const name = (r) => h('bdi', { dir: 'auto', text: r.person_name || '' });
  const columns = [
    { label: t('homes.col_room'), className: 'nowrap', cell: (r) => r.room_name || t('homes.no_room') },
    {
      label: t('homes.col_name'),
      className: 'register-name',
      cell: (r) => h('span', {},
        linked ? h('a', { href: caseHash(r.case_id), 'data-test': 'resident-name' }, name(r)) : h('span', { 'data-test': 'resident-name' }, name(r)),
        h('bdi', { dir: 'ltr', class: 'register-reference', text: r.case_reference || '' })),
    },
    { label: t('homes.col_status'), cell: (r) => statusLabel(r.legal_status) },
    { label: t('homes.col_band'), cell: (r) => t('homes.sex_band', { sex: sexLabel(r.sex), band: bandLabel(r.age_band) }) },
    { label: t('homes.col_state'), className: 'nowrap', cell: (r) => stateTag(r.state) },
    { label: t('homes.col_measure'), cell: (r) => (r.measure_kind ? codeLabel('measure_kinds', r.measure_kind) : statusLabel(r.legal_status)) },
    {
      label: t('homes.col_ends'),
      className: 'register-date',
      cell: (r) => h('span', {},
        date(r.measure_ends_on),
        r.overstay ? [' ', h('span', { class: 'tag tag-danger', 'data-test': 'flag-overstay', text: t('homes.flag_overstay') })] : null,
        r.due_for_discharge && !r.overstay ? [' ', h('span', { class: 'tag status-warning', 'data-test': 'flag-due', text: t('homes.flag_due') })] : null),
    },
    { label: t('homes.col_admitted'), className: 'register-date', cell: (r) => h('time', { datetime: r.admitted_at, text: formatDateTime(r.admitted_at) }) },
  ];
  if (staff) {
    columns.push({
      label: t('homes.col_actions'),
      className: 'no-print',
      cell: (r) => h('button', {
        type: 'button',
        class: 'button button-small',
        'data-test': 'resident-move',
        onclick: () => movementDialog(r, { parent, homes, onDone: (kind) => redraw(context, t('homes.moved_done', { kind: movementLabel(kind) })) }),
      }, t('homes.move')),
    });
  }
  const table = dataTable({ caption: t('homes.tonight_title'), testId: 'register-table', columns, rows: register.residents || [], empty: t('homes.residents_none') });
  // the rows know their resident, for the tests and the print
  const rows = table.element.querySelectorAll('tbody tr');
  (register.residents || []).forEach((r, i) => rows[i] && rows[i].setAttribute('data-placement', String(r.id)));
  return table.element;
}

function capacityTable(home) {
  const rooms = new Map((home.rooms || []).map((room) => [room.id, room.name]));
  return dataTable({
    caption: t('homes.capacity_title'),
    testId: 'capacity-table',
    columns: [
      { label: t('homes.col_room'), className: 'nowrap', cell: (p) => (p.room_id ? rooms.get(p.room_id) || '' : t('homes.no_room')) },
      { label: t('homes.col_sex'), cell: (p) => sexLabel(p.sex) },
      { label: t('homes.col_band'), cell: (p) => bandLabel(p.age_band) },
      { label: t('homes.col_places'), cell: (p) => formatNumber(p.places) },
      { label: t('homes.col_occupied'), cell: (p) => h('span', { class: p.occupied > p.places ? 'overdue-text' : null, text: formatNumber(p.occupied) }) },
      { label: t('homes.col_free'), cell: (p) => formatNumber(p.free) },
    ],
    rows: home.places || [],
  }).element;
}

// A short list of residents named by id (due for discharge, overstays, absences).
function residentList(title, ids, byId, testId, extra) {
  const items = (ids || []).map((id) => byId.get(id)).filter(Boolean);
  return h(
    'section',
    { class: 'card register-list', 'data-test': testId },
    h('h2', { class: 'card-title', text: `${title} (${formatNumber(items.length)})` }),
    items.length
      ? h('ul', { class: 'plain-list' }, items.map((r) => h('li', { 'data-placement': String(r.id) }, h('bdi', { dir: 'auto', text: r.person_name || '' }), ' — ', extra(r))))
      : h('p', { class: 'muted', text: t('homes.list_none') }),
  );
}

function admissionForm(home, context) {
  const reference = textField({ name: 'case_reference', label: t('homes.case_reference'), hint: t('homes.case_reference_hint'), required: true, dir: 'ltr', maxlength: 40, testId: 'admit-case' });
  const order = textField({ name: 'order_number', label: t('homes.order_number'), required: true, dir: 'ltr', maxlength: 60, testId: 'admit-order' });
  const rooms = home.rooms || [];
  const room = rooms.length
    ? selectField({ name: 'room_id', label: t('homes.room'), required: true, emptyLabel: t('common.choose'), choices: rooms.map((r) => ({ value: String(r.id), label: r.name })), testId: 'admit-room' })
    : null;
  const at = dateTimeField({ name: 'admitted_at', label: t('homes.admitted_at'), required: true, value: nowLocal(), testId: 'admit-at' });
  const fields = [reference, order, room, at].filter(Boolean);
  const form = createForm({
    fields,
    submitLabel: t('homes.admit'),
    busyLabel: t('common.saving'),
    testId: 'admit-form',
    validate: (values) => (/^[A-Za-z]{2}-[0-9٠-٩]{4}-[0-9٠-٩]{1,6}$/.test(values.case_reference.trim()) ? {} : { case_reference: t('homes.case_reference_invalid') }),
    onSubmit: async (values) => {
      const body = { case_reference: toAsciiDigits(values.case_reference).trim().toUpperCase(), order_number: values.order_number.trim(), admitted_at: ammanLocalToUtc(values.admitted_at) };
      if (values.room_id) body.room_id = Number(values.room_id);
      const placed = await api.post(`/homes/${home.id}/admissions`, body);
      redraw(context, t('homes.admitted_done', { name: placed.person_name || '' }));
    },
  });
  return h(
    'section',
    { class: 'card no-print', 'aria-labelledby': 'admit-title', 'data-test': 'admit-card' },
    h('h2', { class: 'card-title', id: 'admit-title', text: t('homes.admit_title') }),
    h('p', { class: 'card-note', text: t('homes.admit_lead') }),
    form.element,
  );
}

function draw(container, context, register, { staff, homes }) {
  const home = register.home;
  const residents = register.residents || [];
  const byId = new Map(residents.map((r) => [r.id, r]));
  const capacity = (home.places || []).reduce((sum, p) => sum + p.places, 0);
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const byStatus = Object.entries(register.by_status || {}).filter(([, n]) => n > 0);
  replaceChildren(
    container,
    has(context.user, 'manager') ? h('p', { class: 'breadcrumb no-print' }, h('a', { href: '#/homes' }, t('homes.all_homes'))) : null,
    h('header', { class: 'register-head' },
      h('div', {},
        h('p', { class: 'register-kind', text: `${t('homes.register_title')} — ${homeTypeLabel(home.home_type)}` }),
        h('h1', { class: 'page-title', 'data-test': 'register-title', text: homeName(home) }),
        h('p', { class: 'page-lead', 'data-test': 'register-today', text: t('homes.today', { date: formatCalendarDate(register.today) }) })),
      h('div', { class: 'register-actions no-print' },
        h('button', { type: 'button', class: 'button', 'data-test': 'register-print', onclick: () => window.print() }, t('homes.print')),
        h('a', { class: 'button', href: `/api/v1/homes/${home.id}/register?format=pdf`, download: '', 'data-test': 'register-pdf' }, t('homes.pdf')))),
    messages.element,
    h('p', { class: 'register-summary', 'data-test': 'register-summary' },
      h('strong', { text: t('homes.summary', { residents: formatNumber(register.count ?? residents.length), capacity: formatNumber(capacity) }) }),
      byStatus.length ? [' · ', byStatus.map(([status, n]) => `${statusLabel(status)}: ${formatNumber(n)}`).join('، ')] : null),
    h('section', { class: 'register-section', 'aria-labelledby': 'tonight-title' },
      h('h2', { class: 'section-title', id: 'tonight-title', text: t('homes.tonight_title') }),
      residentsTable(register, { staff, homes, parent: container, context })),
    h('div', { class: 'register-lists' },
      residentList(t('homes.due_title'), register.due_for_discharge, byId, 'register-due', (r) => t('homes.ends_on', { date: formatCalendarDate(r.measure_ends_on) })),
      residentList(t('homes.overstays_title'), register.overstays, byId, 'register-overstays', (r) => t('homes.ends_on', { date: formatCalendarDate(r.measure_ends_on) })),
      residentList(t('homes.absences_title'), register.absences, byId, 'register-absences', (r) => stateTag(r.state))),
    h('section', { class: 'register-section', 'aria-labelledby': 'capacity-title' },
      h('h2', { class: 'section-title', id: 'capacity-title', text: t('homes.capacity_title') }),
      capacityTable(home)),
    staff ? admissionForm(home, context) : null,
  );
}

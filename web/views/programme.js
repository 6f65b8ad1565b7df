// A programme of a correction centre (#/programmes/<id>), for the centre's social workers and supervisors
// (GET /programmes/{id}/enrolments, every read audited): the programme, its places against those enrolled and the
// places free; who is enrolled with their attendance, then the waiting list in its order, then those who ended. The
// worker enrols an inmate from the centre's inmate cases (POST /programmes/{id}/enrolments: while places are free,
// else on the waiting list when asked), records a week's attendance and an outcome, and corrects the programme
// itself (PATCH /programmes/{id} at its version: a stale one says so and offers to reload). It prints as the
// programme's list alone.

import { api } from '../api.js';
import { t, formatNumber, formatCalendarDate, ammanToday } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, checkboxField, dateField, createForm, changedFields } from '../components/form.js';
import { caseHash } from '../components/cases.js';
import {
  programmeHash, kindLabel, providerLabel, statusTag, isCentreWorker, attendanceDialog, outcomeDialog, dateText,
  PROGRAMME_KINDS, PROVIDERS, count,
} from '../components/centres.js';

let flash = null;

export async function render(container, context) {
  const id = context.params.id;
  let data;
  try {
    data = await api.get(`/programmes/${id}/enrolments`);
  } catch (error) {
    if (!context.isCurrent()) return;
    if (error && (error.status === 403 || error.status === 404)) {
      replaceChildren(container, h('h1', { class: 'page-title', text: t('centres.programmes_title') }), banner('error', t('centres.forbidden')));
      return;
    }
    throw error;
  }
  let cases = [];
  try {
    cases = (await api.get('/cases', { kind: 'inmate_family', limit: 200 })).items || [];
  } catch {
    // The form then offers no case.
  }
  if (!context.isCurrent()) return;
  draw(container, context, data, cases);
}

function redraw(context, text) {
  flash = text;
  context.navigate(window.location.hash);
}

function enrolmentsTable(data, { parent, context }) {
  const p = data.programme;
  const worker = isCentreWorker(context.user);
  const columns = [
    {
      label: t('centres.col_inmate'),
      className: 'register-name',
      cell: (e) => h('span', {},
        h('a', { href: caseHash(e.case_id), 'data-test': 'enrolment-name' }, h('bdi', { dir: 'auto', text: e.person_name || '' })),
        h('bdi', { dir: 'ltr', class: 'register-reference', text: e.case_reference || '' })),
    },
    { label: t('centres.col_status'), cell: (e) => h('span', {}, statusTag(e.status), e.position ? [' ', h('span', { class: 'muted', 'data-test': 'enrolment-position', text: t('centres.position', { n: formatNumber(e.position) }) })] : null) },
    { label: t('centres.col_enrolled_on'), className: 'register-date', cell: (e) => dateText(e.enrolled_on) },
    { label: t('centres.col_attendance'), cell: (e) => h('span', { 'data-test': 'enrolment-attendance', text: t('centres.attendance_of', { present: formatNumber(e.present), sessions: formatNumber(e.sessions) }) }) },
    { label: t('centres.outcome'), cell: (e) => (e.outcome_on ? h('span', {}, dateText(e.outcome_on), e.certificate ? [' — ', h('bdi', { dir: 'auto', text: e.certificate })] : null) : '') },
  ];
  if (worker) {
    columns.push({
      label: t('centres.col_actions'),
      className: 'no-print',
      cell: (e) => h('span', { class: 'row-actions' },
        e.status === 'enrolled'
          ? h('button', { type: 'button', class: 'button button-small', 'data-test': 'enrolment-attend', onclick: () => attendanceDialog(p, e, { parent, onDone: (text) => redraw(context, text) }) }, t('centres.attendance'))
          : null,
        e.status === 'enrolled' || e.status === 'waiting'
          ? h('button', { type: 'button', class: 'button button-small', 'data-test': 'enrolment-outcome', onclick: () => outcomeDialog(e, { parent, onDone: (text) => redraw(context, text) }) }, t('centres.outcome'))
          : null),
    });
  }
  const table = dataTable({ caption: t('centres.enrolled_title'), testId: 'enrolments-table', columns, rows: data.items || [], empty: t('centres.enrolments_none') });
  const rows = table.element.querySelectorAll('tbody tr');
  (data.items || []).forEach((e, i) => rows[i] && rows[i].setAttribute('data-enrolment', String(e.id)));
  return table.element;
}

function enrolForm(data, cases, context) {
  const p = data.programme;
  const taken = new Set((data.items || []).map((e) => e.case_id));
  const choices = cases.filter((c) => !taken.has(c.id) && c.stage !== 'closed')
    .map((c) => ({ value: String(c.id), label: `${c.principal ? c.principal.full_name : ''} — ${c.reference}` }));
  const which = selectField({ name: 'case_id', label: t('centres.enrol_case'), required: true, emptyLabel: t('common.choose'), choices, testId: 'enrol-case' });
  const today = ammanToday();
  const on = dateField({ name: 'enrolled_on', label: t('centres.enrol_on'), required: true, value: today < p.starts_on ? p.starts_on : today, testId: 'enrol-on' });
  const waiting = checkboxField({ name: 'waiting_list', label: t('centres.enrol_waiting'), value: p.free === 0, testId: 'enrol-waiting' });
  const form = createForm({
    fields: [which, on, waiting],
    submitLabel: t('centres.enrol'),
    busyLabel: t('common.saving'),
    testId: 'enrol-form',
    onSubmit: async (values) => {
      const body = { case_id: Number(values.case_id), enrolled_on: values.enrolled_on, waiting_list: Boolean(values.waiting_list) };
      const e = await api.post(`/programmes/${p.id}/enrolments`, body);
      redraw(context, t(e.status === 'waiting' ? 'centres.waiting_done' : 'centres.enrolled_done', { name: e.person_name || '' }));
    },
  });
  return h(
    'section',
    { class: 'card no-print', 'aria-labelledby': 'enrol-title', 'data-test': 'enrol-card' },
    h('h2', { class: 'card-title', id: 'enrol-title', text: t('centres.enrol_title') }),
    h('p', { class: 'card-note', text: t('centres.enrol_lead') }),
    form.element,
  );
}

// The programme's own record corrected: name, kind, provider, places, schedule and dates, at its version.
function editForm(p, context) {
  const name = textField({ name: 'name', label: t('centres.field_name'), required: true, dir: 'auto', maxlength: 200, value: p.name, testId: 'programme-edit-name' });
  const kind = selectField({ name: 'kind', label: t('centres.field_kind'), required: true, choices: PROGRAMME_KINDS.map((k) => ({ value: k, label: kindLabel(k) })), value: p.kind, testId: 'programme-edit-kind' });
  const provider = selectField({ name: 'provider', label: t('centres.field_provider'), required: true, choices: PROVIDERS.map((v) => ({ value: v, label: t('centres.provider.' + v) })), value: p.provider, testId: 'programme-edit-provider' });
  const providerName = textField({ name: 'provider_name', label: t('centres.field_provider_name'), dir: 'auto', maxlength: 200, value: p.provider_name || '', testId: 'programme-edit-provider-name' });
  const places = textField({ name: 'places', label: t('centres.field_places'), required: true, dir: 'ltr', inputmode: 'numeric', maxlength: 4, value: String(p.places), testId: 'programme-edit-places' });
  const schedule = textAreaField({ name: 'schedule', label: t('centres.field_schedule'), rows: 2, dir: 'auto', maxlength: 1000, value: p.schedule || '', testId: 'programme-edit-schedule' });
  const starts = dateField({ name: 'starts_on', label: t('centres.field_starts_on'), required: true, value: p.starts_on, testId: 'programme-edit-starts' });
  const ends = dateField({ name: 'ends_on', label: t('centres.field_ends_on'), required: true, value: p.ends_on, testId: 'programme-edit-ends' });
  const sync = () => {
    providerName.element.hidden = provider.getValue() !== 'organisation';
  };
  provider.control.addEventListener('change', sync);
  sync();
  const reload = { label: t('common.reload'), onClick: () => context.navigate(window.location.hash) };
  const form = createForm({
    fields: [name, kind, provider, providerName, places, schedule, starts, ends],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'programme-edit',
    errorAction: (error) => (error.code === 'version.conflict' ? reload : undefined),
    onSubmit: async (values) => {
      if (values.provider !== 'organisation') values.provider_name = p.provider_name || '';
      const changes = changedFields(p, values);
      if ('places' in changes) changes.places = count(values.places);
      if (!Object.keys(changes).length) {
        form.banner.show('info', t('common.nothing_changed'));
        return;
      }
      await api.patch(`/programmes/${p.id}`, { version: p.version, ...changes });
      redraw(context, t('centres.programme_saved'));
    },
  });
  return h(
    'details',
    { class: 'card no-print programme-edit', 'data-test': 'programme-edit-card' },
    h('summary', { class: 'card-title', 'data-test': 'programme-edit-open', text: t('centres.programme_edit_title') }),
    form.element,
  );
}

function draw(container, context, data, cases) {
  const p = data.programme;
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const centre = (document.documentElement.lang === 'en' ? p.centre_name_en : p.centre_name_ar) || '';
  replaceChildren(
    container,
    h('p', { class: 'breadcrumb no-print' }, h('a', { href: programmeHash() }, t(isCentreWorker(context.user) ? 'centres.all_programmes' : 'centres.programmes_all_title'))),
    h('header', { class: 'register-head' },
      h('div', {},
        h('p', { class: 'register-kind', text: `${centre} — ${t('centres.programme_kind_line', { kind: kindLabel(p.kind), provider: providerLabel(p) })}` }),
        h('h1', { class: 'page-title', 'data-test': 'programme-title' }, h('bdi', { dir: 'auto', text: p.name })),
        h('p', { class: 'page-lead', 'data-test': 'programme-dates', text: t('centres.dates', { from: formatCalendarDate(p.starts_on), to: formatCalendarDate(p.ends_on) }) }),
        p.schedule ? h('p', { class: 'page-lead' }, t('centres.schedule', { schedule: '' }), h('bdi', { dir: 'auto', text: p.schedule })) : null),
      h('button', { type: 'button', class: 'button no-print', 'data-test': 'programme-print', onclick: () => window.print() }, t('centres.print'))),
    messages.element,
    h('p', { class: 'register-summary', 'data-test': 'programme-summary' },
      h('strong', { text: t('centres.summary', { places: formatNumber(p.places), enrolled: formatNumber(p.enrolled), free: formatNumber(p.free), waiting: formatNumber(p.waiting) }) })),
    h('section', { class: 'register-section', 'aria-labelledby': 'enrolled-title' },
      h('h2', { class: 'section-title', id: 'enrolled-title', text: t('centres.enrolled_title') }),
      enrolmentsTable(data, { parent: container, context })),
    isCentreWorker(context.user) ? enrolForm(data, cases, context) : null,
    isCentreWorker(context.user) ? editForm(p, context) : null,
  );
}

// The centre's rehabilitation programmes (#/programmes): for its social workers and supervisors their centre's
// catalogue, with the places, the enrolled, the waiting list and the places free (GET /programmes), and the form that
// adds a programme (POST /programmes); for the ministry's managers every centre's, with counts only.

import { api } from '../api.js';
import { t, formatNumber, formatCalendarDate } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, dateField, createForm } from '../components/form.js';
import { PROGRAMME_KINDS, PROVIDERS, programmeHash, kindLabel, providerLabel, isCentreWorker, count } from '../components/centres.js';

let flash = null;

export async function render(container, context) {
  let list;
  try {
    list = await api.get('/programmes');
  } catch (error) {
    if (!context.isCurrent()) return;
    if (error && (error.status === 403 || error.status === 404)) {
      replaceChildren(container, h('h1', { class: 'page-title', text: t('centres.programmes_title') }), banner('error', t('centres.forbidden')));
      return;
    }
    throw error;
  }
  if (!context.isCurrent()) return;
  const worker = isCentreWorker(context.user);
  const messages = bannerSlot();
  if (flash) messages.show('success', flash);
  flash = null;
  const items = list.items || [];
  const centreName = (p) => (document.documentElement.lang === 'en' ? p.centre_name_en : p.centre_name_ar) || '';
  const columns = [
    { label: t('centres.col_name'), cell: (p) => h('a', { href: programmeHash(p.id), 'data-test': 'programme-link' }, h('bdi', { dir: 'auto', text: p.name })) },
    { label: t('centres.col_kind'), cell: (p) => kindLabel(p.kind) },
    { label: t('centres.col_provider'), cell: (p) => h('bdi', { dir: 'auto', text: providerLabel(p) }) },
    { label: t('centres.col_dates'), className: 'register-date', cell: (p) => t('centres.dates', { from: formatCalendarDate(p.starts_on), to: formatCalendarDate(p.ends_on) }) },
    { label: t('centres.col_places'), cell: (p) => formatNumber(p.places) },
    { label: t('centres.col_enrolled'), cell: (p) => formatNumber(p.enrolled) },
    { label: t('centres.col_waiting'), cell: (p) => formatNumber(p.waiting) },
    { label: t('centres.col_free'), cell: (p) => h('strong', { 'data-test': 'programme-free', text: formatNumber(p.free) }) },
  ];
  if (!worker) columns.unshift({ label: t('centres.col_centre'), cell: (p) => centreName(p) });
  // a centre's own staff read their centre's catalogue; the ministry reads every centre's
  const title = worker ? t('centres.programmes_title') : t('centres.programmes_all_title');
  const table = dataTable({ caption: title, testId: 'programmes-table', columns, rows: items, empty: t(worker ? 'centres.programmes_none' : 'centres.programmes_all_none'), stack: true });
  replaceChildren(
    container,
    h('h1', { class: 'page-title', 'data-test': 'programmes-title', text: worker && context.user.unit ? `${title} — ${(document.documentElement.lang === 'en' ? context.user.unit.name_en : context.user.unit.name_ar) || ''}` : title }),
    h('p', { class: 'page-lead', text: t(worker ? 'centres.programmes_lead' : 'centres.programmes_all_lead') }),
    messages.element,
    table.element,
    worker ? addForm(context) : null,
  );
}

function addForm(context) {
  const name = textField({ name: 'name', label: t('centres.field_name'), required: true, dir: 'auto', maxlength: 200, testId: 'programme-name' });
  const kind = selectField({ name: 'kind', label: t('centres.field_kind'), required: true, emptyLabel: t('common.choose'), choices: PROGRAMME_KINDS.map((k) => ({ value: k, label: kindLabel(k) })), testId: 'programme-kind' });
  const provider = selectField({ name: 'provider', label: t('centres.field_provider'), required: true, choices: PROVIDERS.map((p) => ({ value: p, label: t('centres.provider.' + p) })), value: 'ministry', testId: 'programme-provider' });
  const providerName = textField({ name: 'provider_name', label: t('centres.field_provider_name'), dir: 'auto', maxlength: 200, testId: 'programme-provider-name' });
  const places = textField({ name: 'places', label: t('centres.field_places'), required: true, dir: 'ltr', inputmode: 'numeric', maxlength: 4, testId: 'programme-places' });
  const schedule = textAreaField({ name: 'schedule', label: t('centres.field_schedule'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'programme-schedule' });
  const starts = dateField({ name: 'starts_on', label: t('centres.field_starts_on'), required: true, testId: 'programme-starts' });
  const ends = dateField({ name: 'ends_on', label: t('centres.field_ends_on'), required: true, testId: 'programme-ends' });
  const sync = () => {
    providerName.element.hidden = provider.getValue() !== 'organisation';
  };
  provider.control.addEventListener('change', sync);
  sync();
  const form = createForm({
    fields: [name, kind, provider, providerName, places, schedule, starts, ends],
    submitLabel: t('centres.add'),
    busyLabel: t('common.saving'),
    testId: 'programme-form',
    onSubmit: async (values) => {
      const body = { name: values.name, kind: values.kind, provider: values.provider, places: count(values.places), starts_on: values.starts_on, ends_on: values.ends_on };
      if (values.provider === 'organisation' && values.provider_name) body.provider_name = values.provider_name;
      if (values.schedule) body.schedule = values.schedule;
      await api.post('/programmes', body);
      flash = t('centres.added');
      context.navigate(window.location.hash);
    },
  });
  return h(
    'section',
    { class: 'card no-print', 'aria-labelledby': 'programme-add-title', 'data-test': 'programme-add' },
    h('h2', { class: 'card-title', id: 'programme-add-title', text: t('centres.add_title') }),
    form.element,
  );
}

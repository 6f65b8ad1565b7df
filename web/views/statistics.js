// The statistics page (#/statistics): the indicators of the catalogue (GET /statistics/indicators) for the period,
// governorate, unit and kind chosen, each a chart with its table (components/charts.js) and its CSV and XLSX. The
// deadlines met and missed come first: the table a supervisor and the committee look at first. Supervisors see their
// unit (exact numbers), managers their agency, the committee national figures; small counts read "<5" outside the
// unit (docs/statistics.md).

import { api } from '../api.js';
import { t, getLanguage, ammanToday, formatDigits } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { bannerSlot } from '../components/banner.js';
import { createForm, dateField, selectField } from '../components/form.js';
import { codeChoices, loadCodes } from '../components/codes.js';
import { chartPanel, disposeCharts } from '../components/charts.js';

export const STATISTICS_ROLES = ['supervisor', 'manager', 'committee'];

const has = (user, role) => Boolean(user && (user.roles || []).includes(role));

// The panels of the dashboard, in order: the indicator, its breakdown, the kind of chart.
const PANELS = [
  { id: 'deadlines', by: 'deadline,outcome', kind: 'bar' },
  { id: 'cases_new', by: 'month', kind: 'line' },
  { id: 'cases_closed', by: 'month', kind: 'line' },
  { id: 'cases_new', by: 'governorate', kind: 'bar', breakdown: true },
  { id: 'cases_open', by: 'kind', kind: 'bar' },
  { id: 'days_open_to_close', by: 'bucket', kind: 'bar' },
  { id: 'days_incident_to_report', by: 'bucket', kind: 'bar' },
  { id: 'cases_per_worker', by: 'bucket', kind: 'bar' },
  { id: 'referrals', by: 'status', kind: 'bar' },
  { id: 'services', by: 'status', kind: 'bar' },
  { id: 'studies', by: 'status', kind: 'bar' },
  { id: 'homes_occupancy', by: 'sex,age_band', kind: 'bar' },
  { id: 'homes_moves', by: 'status,sex', kind: 'bar' },
  { id: 'homes_overstays', by: 'sex,age_band', kind: 'bar' },
  { id: 'programme_completion', by: 'status', kind: 'bar' },
  { id: 'recommendations', by: 'status', kind: 'bar' },
  { id: 'recommendations_on_time', by: 'month,outcome', kind: 'bar' },
];

const BREAKDOWNS = ['governorate', 'kind', 'sex', 'age_band', 'violence_type', 'unit'];

// The choices of the page, kept while the user moves around.
let chosen = null;

function defaultChoices() {
  const today = ammanToday();
  const [year, month] = today.split('-').map(Number);
  const startMonth = month - 11 < 1 ? month + 1 : month - 11;
  const startYear = month - 11 < 1 ? year - 1 : year;
  return {
    from: `${startYear}-${String(startMonth).padStart(2, '0')}-01`,
    to: today,
    governorate: '',
    unit_id: '',
    kind: '',
    digits: 'arab',
    breakdown: 'governorate',
  };
}

function query(panel, by) {
  const q = { from: chosen.from, to: chosen.to, by };
  for (const name of ['governorate', 'unit_id', 'kind']) if (chosen[name]) q[name] = chosen[name];
  return q;
}

function exportLinks(panel, by) {
  const params = new URLSearchParams(query(panel, by));
  const link = (format) =>
    h('a', {
      class: 'button button-small',
      href: `/api/v1/statistics/${panel.id}.${format}?${params}`,
      download: '',
      'data-test': 'export-' + format,
      text: t('statistics.export_' + format),
    });
  return [link('csv'), link('xlsx')];
}

export async function render(container, context) {
  const user = context.user;
  chosen = chosen || defaultChoices();
  disposeCharts();
  const messages = bannerSlot();
  let units = [];
  const manager = has(user, 'manager');
  const committee = !manager && !has(user, 'supervisor');
  await loadCodes();
  let indicators = [];
  try {
    const [catalogue, unitList] = await Promise.all([
      api.get('/statistics/indicators'),
      manager ? api.get('/units', { limit: 200 }) : Promise.resolve(null),
    ]);
    indicators = catalogue.items || [];
    units = (unitList && unitList.items) || [];
  } catch (error) {
    if (!context.isCurrent()) return;
    replaceChildren(container, h('h1', { class: 'page-title', text: t('statistics.title') }), messages.element);
    messages.error(error);
    return;
  }
  if (!context.isCurrent()) return;
  const named = new Map(indicators.map((item) => [item.id, item]));

  const from = dateField({ name: 'from', label: t('statistics.from'), value: chosen.from, testId: 'stat-from' });
  const to = dateField({ name: 'to', label: t('statistics.to'), value: chosen.to, testId: 'stat-to' });
  const governorate = selectField({ name: 'governorate', label: t('statistics.governorate'), choices: codeChoices('governorates'), emptyLabel: t('statistics.all'), value: chosen.governorate, testId: 'stat-governorate' });
  const kind = selectField({ name: 'kind', label: t('statistics.kind'), choices: codeChoices('case_kinds'), emptyLabel: t('statistics.all'), value: chosen.kind, testId: 'stat-kind' });
  const unitChoices = units.map((unit) => ({ value: String(unit.id), label: getLanguage() === 'en' ? unit.name_en : unit.name_ar }));
  const unit = manager ? selectField({ name: 'unit_id', label: t('statistics.unit'), choices: unitChoices, emptyLabel: t('statistics.all'), value: chosen.unit_id, testId: 'stat-unit' }) : null;
  const digits = getLanguage() === 'ar'
    ? selectField({ name: 'digits', label: t('statistics.digits'), choices: [{ value: 'arab', label: t('statistics.digits_arab') }, { value: 'latn', label: t('statistics.digits_latn') }], value: chosen.digits, testId: 'stat-digits' })
    : null;
  const fields = [from, to, governorate, unit, kind, digits].filter(Boolean);
  const panels = h('div', { class: 'chart-grid', 'data-test': 'stat-panels' });

  const scopeNote = h('p', { class: 'page-lead', 'data-test': 'stat-scope' });

  async function drawPanels() {
    disposeCharts();
    const digitsChosen = getLanguage() === 'ar' ? chosen.digits : 'latn';
    const asked = PANELS.filter((panel) => named.get(panel.id) && named.get(panel.id).available)
      .map((panel) => ({ ...panel, by: panel.breakdown ? chosen.breakdown : panel.by }))
      .filter((panel) => !(committee && panel.by.split(',').includes('unit')));
    const answers = await Promise.all(asked.map((panel) => api.get('/statistics/' + panel.id, query(panel, panel.by)).catch((error) => ({ error }))));
    if (!context.isCurrent()) return;
    const nodes = [];
    let scope = null;
    const occupancy = answers[asked.findIndex((panel) => panel.id === 'homes_occupancy')];
    const homesInScope = Boolean(occupancy && !occupancy.error && occupancy.cells.some((cell) => cell.places));
    asked.forEach((panel, i) => {
      const answer = answers[i];
      if (answer.error) {
        nodes.push(h('section', { class: 'chart-panel' }, h('p', { class: 'muted', text: answer.error.message || t('statistics.failed') })));
        return;
      }
      scope = scope || answer;
      // no home's places in the scope (an office's supervisor): none of the homes' panels, rather than empty ones
      if (panel.id.startsWith('homes_') && !homesInScope) return;
      const info = named.get(panel.id);
      const dims = answer.by.map((dim) => t('statistics.dim.' + dim)).join(t('statistics.and'));
      const title = `${getLanguage() === 'en' ? info.name_en : info.name_ar}${t('statistics.by', { dims })}`;
      const extra = panel.breakdown
        ? selectField({
            name: 'breakdown',
            label: t('statistics.breakdown'),
            choices: BREAKDOWNS.filter((dim) => !(committee && dim === 'unit')).map((dim) => ({ value: dim, label: t('statistics.dim.' + dim) })),
            value: chosen.breakdown,
            testId: 'stat-breakdown',
          })
        : null;
      if (extra) {
        extra.element.querySelector('select').addEventListener('change', async () => {
          chosen.breakdown = extra.getValue();
          await drawPanels();
        });
      }
      const chart = chartPanel({
        answer,
        kind: panel.kind,
        digits: digitsChosen,
        title,
        testId: `panel-${panel.id}-${panel.by.replace(',', '-')}`,
        exports: [extra ? extra.element : null, ...exportLinks(panel, panel.by)],
      });
      nodes.push(chart.element);
    });
    if (scope) {
      scopeNote.textContent = scope.exact
        ? t('statistics.exact_note')
        : t('statistics.suppressed_note', { threshold: formatDigits(String(scope.threshold)) });
    }
    replaceChildren(panels, nodes);
  }

  const form = createForm({
    fields,
    submitLabel: t('statistics.apply'),
    className: 'filter-form',
    testId: 'stat-filter',
    onSubmit: async (values) => {
      chosen = { ...chosen, ...values };
      await drawPanels();
    },
  });

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('statistics.title') }),
    h('p', { class: 'page-lead', text: t(manager ? 'statistics.lead_manager' : committee ? 'statistics.lead_committee' : 'statistics.lead_supervisor') }),
    scopeNote,
    messages.element,
    h('section', { class: 'card card-filters', 'aria-label': t('statistics.filters') }, form.element),
    panels,
  );
  try {
    await drawPanels();
  } catch (error) {
    if (context.isCurrent()) messages.error(error);
  }
}

// One case (#/cases/<id>): its stage on the way from registration to closure with the actions its `can` flags allow,
// and tabs: Summary (every field, the risk, the workers), Persons (in their roles, added and removed), Incidents
// (family violence), Notes (with the schedule of planned follow-ups), Referrals and services (the case's referrals and
// transfers, the form that sends one, the consents and the services), Tasks (the open deadlines, overdue ones in red)
// and History. A change draws the page again from the server, on the same tab, with a message saying what was done.
// A case the user's unit sees only through a referral (`referred: true`) shows just its shared sections, read only.

import { api } from '../api.js';
import { t, formatDateTime, formatCalendarDate, formatNumber, localName } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { loadCodes, codeLabel } from '../components/codes.js';
import { tabSet } from '../components/tabs.js';
import { caseActions, closureNotice, assignmentsCard } from '../components/case_actions.js';
import { personAdder, casePersonItem } from '../components/case_persons.js';
import { incidentsPanel, notesPanel, historyPanel } from '../components/case_records.js';
import { riskPanel, planPanel } from '../components/case_plans.js';
import { legalPanel, hasLegalSteps } from '../components/legal_records.js';
import { measuresPanel, hasMeasures } from '../components/homes.js';
import { breakGlassForm, breakGlassBanner, breakGlassUses, WORKER_ROLES } from '../components/break_glass.js';
import { centrePanel, hasCentreTab, isCentreWorker } from '../components/centres.js';
import { caseReferralsPanel } from '../components/case_referrals.js';
import { caseStudiesPanel, followupHint } from '../components/studies.js';
import { sectionLabel, servicesList, canUseReferrals } from '../components/referrals.js';
import {
  PRINCIPAL_ROLE, caseHash, kindLabel, referenceText, stageTag, riskTag, overdueTag, stageProgress, taskTable, takeFlash,
  setFlash, personRoleLabel, taskLabel, taskDue,
} from '../components/cases.js';
import { isolate, personName } from '../components/persons.js';
import { holdsRestoredDraft } from '../components/drafts.js';

// The tab shown, kept while the same case is drawn again; `fresh` until the case's first drawing.
let shown = { id: null, tab: 'summary', fresh: true };

// What a refusal to move on lacks, and which tab (or the edit page) holds it.
const MISSING = {
  'case.needs_person': { tab: 'persons', label: 'cases.go_persons' },
  'case.needs_assignment': { tab: 'summary', label: 'cases.go_assignments', focus: '[data-test="assignments"]' },
  'case.needs_risk_level': { edit: true, label: 'cases.go_risk' },
  'case.needs_plan': { tab: 'plan', label: 'cases.go_plan' },
  'case.needs_follow_up': { tab: 'notes', label: 'cases.go_follow_up' },
};

// A sealed record read through a court order: what it is, and which order opened it, until when.
function sealedBanner(sealed) {
  const order = sealed.order;
  const text = order
    ? `${t('records.sealed_case')} ${t('records.sealed_case_order', { court: codeLabel('courts', order.court), order: `${formatNumber(order.number)}/${formatNumber(order.year)}`, until: formatDateTime(order.expires_at) })}`
    : t('records.sealed_case');
  return banner('info', text);
}

export async function render(container, context) {
  try {
    await loadCodes();
  } catch {
    // Labels then show their codes.
  }
  const id = context.params.id;
  if (shown.id !== id) shown = { id, tab: 'summary', fresh: true };
  let c;
  let data;
  try {
    c = await api.get('/cases/' + id);
    data = c.referred ? await loadShared(c) : await loadWhole(c);
  } catch (error) {
    if (!context.isCurrent()) return;
    // a case the user may not see: a worker may open it in an emergency
    const worker = error && error.status === 404 && WORKER_ROLES.some((role) => (context.user.roles || []).includes(role));
    replaceChildren(container, breadcrumb(), h('h1', { class: 'page-title', text: t('cases.case') }), banner('error', errorText(error)),
      worker ? breakGlassForm(id, { onOpened: () => render(container, context) }) : null);
    return;
  }
  if (!context.isCurrent()) return;
  if (c.referred) drawShared(container, c, data);
  else draw(container, context, c, data);
}

const items = (answer) => (answer && answer.items) || [];

// The name of an inmate's correction centre (a unit that cannot be read shows its number).
async function centreName(c) {
  if (!c.centre_unit_id) return null;
  const centre = await api.get('/units/' + c.centre_unit_id).catch(() => null);
  return centre ? localName(centre) : null;
}

// Every part of a case its own side sees. The referrals, consents and services are read apart: a failure there is
// shown in their tab, not instead of the case.
async function loadWhole(c) {
  const id = c.id;
  const part = (path) => api.get(path).then((answer) => ({ items: items(answer) }), (error) => ({ items: [], error }));
  const [persons, tasks, history, notes, followups, incidents, centre, referrals, consents, services, studies, templates] = await Promise.all([
    api.get(`/cases/${id}/persons`),
    api.get(`/cases/${id}/tasks`),
    api.get(`/cases/${id}/history`),
    api.get(`/cases/${id}/notes`),
    api.get(`/cases/${id}/followups`),
    c.kind === 'family_violence' ? api.get(`/cases/${id}/incidents`) : null,
    centreName(c),
    part(`/cases/${id}/referrals`),
    part(`/cases/${id}/consents`),
    part(`/cases/${id}/services`),
    part(`/cases/${id}/studies`),
    // the templates of the case's kind: the ones a draft may be started on (a juvenile's study, a follow-up report)
    api.get('/study-templates', { kind: c.kind }).then(items, () => []),
  ]);
  c.centre_name = centre;
  return {
    studies: { studies: studies.items, templates, tasks: items(tasks), error: studies.error },
    persons: items(persons), tasks: items(tasks), history: items(history), notes: items(notes), followups: items(followups), incidents: items(incidents),
    referrals: referrals.items, consents: consents.items, services: services.items,
    errors: { referrals: referrals.error, consents: consents.error, services: services.error },
  };
}

// The parts of a case seen through a referral: only those of its shared sections (the services asked of the unit are
// always listed to it).
async function loadShared(c) {
  const id = c.id;
  const shared = (section) => (c.shared_sections || []).includes(section);
  const [persons, notes, followups, incidents, services, centre] = await Promise.all([
    shared('persons') ? api.get(`/cases/${id}/persons`) : null,
    shared('notes') ? api.get(`/cases/${id}/notes`) : null,
    shared('notes') ? api.get(`/cases/${id}/followups`) : null,
    shared('incidents') && c.kind === 'family_violence' ? api.get(`/cases/${id}/incidents`) : null,
    shared('services') ? api.get(`/cases/${id}/services`) : null,
    centreName(c),
  ]);
  c.centre_name = centre;
  return { persons: items(persons), notes: items(notes), followups: items(followups), incidents: items(incidents), services: items(services) };
}

function breadcrumb() {
  return h('p', { class: 'breadcrumb' }, h('a', { href: '#/cases' }, t('cases.title')));
}

function draw(container, context, c, data) {
  const messages = bannerSlot();
  const flash = takeFlash();
  const closed = c.stage === 'closed';
  const writable = Boolean(c.can && c.can.write) && !closed;
  // Drawn again from the server after a change, on the same tab, saying what was done.
  const redraw = async (message) => {
    setFlash(message);
    await render(container, context);
    const note = container.querySelector('[data-test="banner-success"]');
    if (note) {
      note.setAttribute('tabindex', '-1');
      note.focus();
    }
  };
  const closureEvent = data.history.find((event) => event.action === 'case.request_closure');
  // The stage a closed case was closed from: the detail of its approval reads "<stage> → closed: <reason>".
  const approval = closed ? data.history.find((event) => event.action === 'case.approve_closure') : null;
  const closedFrom = approval && approval.detail ? approval.detail.split(' → ')[0] : null;
  const closureBy = c.closure_requested && closureEvent ? { name: closureEvent.user_name, sex: closureEvent.user_sex } : null;
  let tabs = null;

  const onError = (error) => {
    const missing = MISSING[error && error.code];
    let action;
    if (error && error.code === 'version.conflict') {
      action = { label: t('common.reload'), onClick: () => render(container, context) };
    } else if (missing && missing.edit && writable) {
      action = { label: t(missing.label), onClick: () => context.navigate(`${caseHash(c.id)}/edit`) };
    } else if (missing && missing.tab) {
      action = {
        label: t(missing.label),
        onClick: () => {
          tabs.select(missing.tab);
          const target = missing.focus && container.querySelector(missing.focus);
          if (target) target.scrollIntoView({ block: 'nearest' });
        },
      };
    }
    messages.error(error, action);
  };

  const overdue = data.tasks.filter((task) => task.overdue).length;
  const tabList = [
    { key: 'summary', label: t('cases.tab.summary'), content: summaryPanel(c, data, { onChanged: redraw, messages, user: context.user }) },
    { key: 'persons', label: tabLabel('cases.tab.persons', data.persons.length), content: personsPanel(c, data.persons, { writable, onChanged: redraw, messages }) },
    c.kind === 'family_violence'
      ? { key: 'incidents', label: tabLabel('cases.tab.incidents', data.incidents.length), content: incidentsPanel(c, data.incidents, { writable, onChanged: redraw, parent: container }) }
      : null,
    c.kind === 'family_violence'
      ? { key: 'risk', label: t('cases.tab.risk'), content: riskPanel(c, { writable, onChanged: redraw, parent: container }) }
      : null,
    { key: 'plan', label: t('cases.tab.plan'), content: planPanel(c, { writable, onChanged: redraw, parent: container }) },
    hasLegalSteps(c)
      ? { key: 'legal', label: t('cases.tab.legal'), content: legalPanel(c, data, { writable, onChanged: redraw, parent: container }) }
      : null,
    hasMeasures(c)
      ? { key: 'measures', label: t('homes.tab'), content: measuresPanel(c, { writable, user: context.user, onChanged: redraw }) }
      : null,
    hasCentreTab(c) ? { key: 'centre', label: t('centres.tab'), content: centrePanel(c, { user: context.user, writable: writable && isCentreWorker(context.user), onChanged: redraw }) } : null,
    { key: 'notes', label: tabLabel('cases.tab.notes', data.notes.length), content: notesPanel(c, data.notes, data.followups, { writable, parent: container, onChanged: redraw }) },
    { key: 'referrals', label: t('cases.tab.referrals'), content: caseReferralsPanel(c, data, { writable, linked: canUseReferrals(context.user), parent: container, onChanged: redraw }) },
    { key: 'studies', label: tabLabel('cases.tab.studies', data.studies.studies.length), content: caseStudiesPanel(c, data.studies, { writable, navigate: context.navigate }) },
    {
      key: 'tasks',
      label: [tabLabel('cases.tab.tasks', data.tasks.length), overdue ? h('span', { class: 'tab-alert', title: t('cases.overdue'), 'aria-label': t('cases.overdue'), text: '!' }) : null],
      content: tasksPanel(c, data, { writable, navigate: context.navigate }),
    },
    { key: 'history', label: t('cases.tab.history'), content: historyPanel(data.history) },
  ].filter(Boolean);
  // A case opened afresh (after a reload, say) with unsaved text put back in a form opens on that form's tab.
  const restored = shown.fresh ? tabList.find((tab) => holdsRestoredDraft(tab.content)) : null;
  if (restored) shown.tab = restored.key;
  shown.fresh = false;
  tabs = tabSet({ tabs: tabList, selected: shown.tab, label: t('cases.tabs'), onSelect: (key) => { shown.tab = key; } });

  const edit = writable ? h('a', { href: `${caseHash(c.id)}/edit`, class: 'button', 'data-test': 'edit-case' }, t('cases.edit')) : null;
  const actions = caseActions(c, { parent: container, closureBy, onChanged: redraw, onError });
  replaceChildren(
    container,
    breadcrumb(),
    h(
      'div',
      { class: 'page-header' },
      h('h1', { class: 'page-title case-title', 'data-test': 'case-title' }, referenceText(c.reference, 'case-reference')),
      edit ? h('div', { class: 'page-actions' }, edit) : null,
    ),
    h(
      'p',
      { class: 'case-meta' },
      h('span', { class: 'case-kind', 'data-test': 'case-kind', text: kindLabel(c.kind) }),
      stageTag(c.stage),
      riskTag(c.risk_level),
      c.sensitivity === 'restricted' ? h('span', { class: 'tag status-warning', 'data-test': 'restricted', text: codeLabel('sensitivities', 'restricted') }) : null,
      c.closure_requested ? h('span', { class: 'tag status-warning', 'data-test': 'closure-requested', text: t('cases.closure_requested_short') }) : null,
    ),
    flash ? banner('success', flash) : null,
    c.break_glass ? breakGlassBanner(c.break_glass, { onEnded: () => render(container, context) }) : null,
    c.sealed ? sealedBanner(c.sealed) : null,
    c.can && c.can.supervise ? breakGlassUses(c.id, { onChanged: redraw }) : null,
    messages.element,
    h(
      'section',
      { class: 'card case-status', 'aria-label': t('cases.progress') },
      stageProgress(c, closedFrom),
      c.closure_requested ? h('div', { class: 'closure-notice', 'data-test': 'closure-notice' }, h('p', { class: 'closure-title', text: t('cases.closure_requested_title') }), closureNotice(c, closureBy)) : null,
      actions,
      !actions && !closed && c.can && !c.can.write ? h('p', { class: 'muted', text: t('cases.read_only') }) : null,
    ),
    tabs.element,
  );
}

// A case seen through a referral to the user's unit: a banner saying so and naming the shared sections, the fields
// the server sent, and a tab for each shared section, all read only (no edit, no actions, no tasks or history).
function drawShared(container, c, data) {
  const shared = c.shared_sections || [];
  const isShared = (section) => shared.includes(section);
  const tabList = [
    { key: 'summary', label: t('cases.tab.summary'), content: sharedSummaryPanel(c, data, isShared) },
    isShared('persons')
      ? { key: 'persons', label: tabLabel('cases.tab.persons', data.persons.length), content: sharedPersonsPanel(data.persons) }
      : null,
    isShared('incidents') && c.kind === 'family_violence'
      ? { key: 'incidents', label: tabLabel('cases.tab.incidents', data.incidents.length), content: incidentsPanel(c, data.incidents, { writable: false }) }
      : null,
    isShared('notes')
      ? { key: 'notes', label: tabLabel('cases.tab.notes', data.notes.length), content: notesPanel(c, data.notes, data.followups, { writable: false, parent: container }) }
      : null,
    isShared('services')
      ? {
        key: 'services',
        label: tabLabel('cases.tab.services', data.services.length),
        content: h(
          'section',
          { class: 'card', 'aria-labelledby': 'case-services-title' },
          h('h2', { class: 'card-title', id: 'case-services-title', text: t('services.title') }),
          servicesList(data.services, { testId: 'case-services' }),
        ),
      }
      : null,
  ].filter(Boolean);
  const tabs = tabSet({ tabs: tabList, selected: shown.tab, label: t('cases.tabs'), onSelect: (key) => { shown.tab = key; } });
  replaceChildren(
    container,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/referrals' }, t('referrals.title'))),
    h('div', { class: 'page-header' }, h('h1', { class: 'page-title case-title', 'data-test': 'case-title' }, referenceText(c.reference, 'case-reference'))),
    h(
      'p',
      { class: 'case-meta' },
      h('span', { class: 'case-kind', 'data-test': 'case-kind', text: kindLabel(c.kind) }),
      stageTag(c.stage),
      isShared('risk') ? riskTag(c.risk_level) : null,
      c.sensitivity === 'restricted' ? h('span', { class: 'tag status-warning', 'data-test': 'restricted', text: codeLabel('sensitivities', 'restricted') }) : null,
    ),
    h(
      'div',
      { class: 'banner banner-info referred-banner', role: 'note', 'data-test': 'referred-banner' },
      h('p', { class: 'banner-text referred-banner-title', text: t('cases.referred_banner') }),
      h(
        'p',
        { class: 'referred-banner-sections' },
        t('cases.referred_sections'), ' ',
        h('span', { 'data-test': 'shared-sections' }, shared.map(sectionLabel).join(t('common.list_separator'))),
      ),
      h(
        'p',
        { class: 'referred-banner-link' },
        c.referral_id
          ? h('a', { href: `#/referrals/${c.referral_id}`, 'data-test': 'referred-referral' }, t('cases.referred_referral'))
          : null,
        c.referral_id ? ' · ' : null,
        h('a', { href: '#/referrals', 'data-test': 'referred-inbox' }, t('cases.referred_inbox')),
      ),
    ),
    h('section', { class: 'card case-status', 'aria-label': t('cases.progress') }, stageProgress(c, null)),
    tabs.element,
  );
}

// The summary of a case seen through a referral: only the fields the server sent (all of them when the summary is
// shared), the risk when it is shared, and the persons in short when they are.
function sharedSummaryPanel(c, data, isShared) {
  const sent = (name) => Object.prototype.hasOwnProperty.call(c, name);
  const rowIf = (name, label, value, testId) => (sent(name) ? row(label, value, testId) : null);
  const unit = localName({ name_ar: c.unit_name_ar, name_en: c.unit_name_en });
  const details = h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-details-title', 'data-test': 'case-details' },
    h('h2', { class: 'card-title', id: 'case-details-title', text: t('cases.details') }),
    h(
      'dl',
      { class: 'details' },
      row(t('cases.field.kind'), kindLabel(c.kind)),
      row(t('cases.unit'), unit, 'case-unit'),
      rowIf('governorate', field('governorate'), codeLabel('governorates', c.governorate)),
      rowIf('sensitivity', field('sensitivity'), codeLabel('sensitivities', c.sensitivity), 'sensitivity'),
      rowIf('reported_at', field('reported_at'), time(c.reported_at), 'reported-at'),
      rowIf('act_date', field('act_date'), day(c.act_date), 'act-date'),
      rowIf('summary', field('summary'), c.summary ? h('p', { class: 'notes-text', dir: 'auto', text: c.summary }) : null, 'summary'),
      isShared('summary') ? kindRows(c) : null,
      rowIf('next_follow_up', field('next_follow_up'), day(c.next_follow_up), 'next-follow-up'),
      c.closed_at ? row(t('cases.closed_at'), time(c.closed_at)) : null,
    ),
    !isShared('summary') ? h('p', { class: 'card-note', 'data-test': 'summary-not-shared', text: t('cases.summary_not_shared') }) : null,
  );
  const risk = isShared('risk')
    ? h(
      'section',
      { class: 'card', 'aria-labelledby': 'risk-title', 'data-test': 'risk' },
      h('h2', { class: 'card-title', id: 'risk-title', text: t('cases.section_risk') }),
      h('p', { class: 'risk-line' }, riskTag(c.risk_level)),
      c.risk_assessment ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'risk-assessment', text: c.risk_assessment }) : null,
      c.risk_assessed_at ? h('p', { class: 'record-meta', text: t('cases.assessed_at', { when: formatDateTime(c.risk_assessed_at) }) }) : null,
    )
    : null;
  const side = [risk, isShared('persons') ? summaryPersons(data.persons) : null].filter(Boolean);
  return h('div', { class: ['card-grid', side.length ? 'card-grid-wide' : null, 'case-summary'] }, details, side.length ? h('div', { class: 'card-stack' }, side) : null);
}

function sharedPersonsPanel(persons) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-persons-title' },
    h('h2', { class: 'card-title', id: 'case-persons-title', text: t('cases.persons') }),
    persons.length
      ? h('ul', { class: 'case-persons', 'data-test': 'case-persons' }, persons.map((entry) => casePersonItem(entry)))
      : h('p', { class: 'muted', text: t('cases.persons_none') }),
  );
}

function tabLabel(key, count) {
  return t('cases.tab_count', { label: t(key), count: formatNumber(count) });
}

function row(label, value, testId) {
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length);
  return h(
    'div',
    { class: 'details-row' },
    h('dt', { text: label }),
    h('dd', { 'data-test': testId || null, class: empty ? 'empty-value' : null }, empty ? t('persons.not_recorded_short') : value),
  );
}

const day = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : null);
const time = (value) => (value ? h('time', { datetime: value, text: formatDateTime(value) }) : null);
const text = (value) => (value ? h('bdi', { dir: 'auto', text: value }) : null);
const field = (name) => t('cases.field.' + name);
const yesNo = (value) => (value === true ? t('common.yes') : value === false ? t('common.no') : null);

// The rows of the fields that belong to the case's kind.
function kindRows(c) {
  switch (c.kind) {
    case 'juvenile_conflict':
      return [
        row(field('offence'), text(c.offence), 'offence'),
        row(field('legal_class'), codeLabel('legal_classes', c.legal_class), 'legal-class'),
        row(field('complaint_date'), day(c.complaint_date)),
        row(field('arrest_date'), day(c.arrest_date)),
        row(field('settlement_eligible'), yesNo(c.settlement_eligible), 'settlement-eligible'),
        row(field('last_monitor_report'), day(c.last_monitor_report)),
      ];
    case 'juvenile_protection':
      return [
        row(field('protection_grounds'), (c.protection_grounds || []).length
          ? h('ul', { class: 'plain-list', 'data-test': 'protection-grounds' }, c.protection_grounds.map((code) => h('li', { text: codeLabel('protection_grounds', code) })))
          : null),
        row(field('last_monitor_report'), day(c.last_monitor_report)),
      ];
    case 'inmate_family':
      return [
        row(field('centre_unit_id'), c.centre_unit_id ? c.centre_name || t('cases.unit_n', { n: formatNumber(c.centre_unit_id) }) : null),
        row(field('admission_date'), day(c.admission_date)),
        row(field('sentence'), text(c.sentence)),
        row(field('expected_release'), day(c.expected_release)),
        row(field('transferred_at'), time(c.transferred_at)),
        row(field('family_notified_at'), time(c.family_notified_at)),
      ];
    default:
      return [];
  }
}

function summaryPanel(c, data, { onChanged, messages, user }) {
  const unit = localName({ name_ar: c.unit_name_ar, name_en: c.unit_name_en });
  const details = h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-details-title', 'data-test': 'case-details' },
    h('h2', { class: 'card-title', id: 'case-details-title', text: t('cases.details') }),
    h(
      'dl',
      { class: 'details' },
      row(t('cases.field.kind'), kindLabel(c.kind)),
      row(t('cases.unit'), unit, 'case-unit'),
      row(field('governorate'), codeLabel('governorates', c.governorate)),
      row(field('sensitivity'), codeLabel('sensitivities', c.sensitivity), 'sensitivity'),
      row(field('reported_at'), time(c.reported_at), 'reported-at'),
      row(field('act_date'), day(c.act_date), 'act-date'),
      row(field('summary'), c.summary ? h('p', { class: 'notes-text', dir: 'auto', text: c.summary }) : null, 'summary'),
      kindRows(c),
      row(field('next_follow_up'), day(c.next_follow_up), 'next-follow-up'),
      c.closed_at ? row(t('cases.closed_at'), time(c.closed_at)) : null,
      row(t('common.created_at'), time(c.created_at)),
      row(t('common.updated_at'), time(c.updated_at)),
    ),
  );
  const risk = h(
    'section',
    { class: 'card', 'aria-labelledby': 'risk-title', 'data-test': 'risk' },
    h('h2', { class: 'card-title', id: 'risk-title', text: t('cases.section_risk') }),
    h('p', { class: 'risk-line' }, riskTag(c.risk_level)),
    c.risk_assessment ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'risk-assessment', text: c.risk_assessment }) : null,
    c.risk_assessed_at ? h('p', { class: 'record-meta', text: t('cases.assessed_at', { when: formatDateTime(c.risk_assessed_at) }) }) : null,
    !c.risk_level ? h('p', { class: 'muted', text: t('cases.risk_missing') }) : null,
    !c.risk_level && c.can && c.can.write && c.stage !== 'closed'
      ? h('p', {}, h('a', { href: `${caseHash(c.id)}/edit`, 'data-test': 'record-risk' }, t('cases.go_risk')))
      : null,
  );
  return h(
    'div',
    { class: 'card-grid card-grid-wide case-summary' },
    details,
    h(
      'div',
      { class: 'card-stack' },
      data.tasks.length ? summaryTasks(data.tasks) : null,
      risk,
      assignmentsCard(c, { onChanged, messages, user }),
      summaryPersons(data.persons),
    ),
  );
}

// The open tasks in short, soonest first, overdue ones in red (the Tasks tab has them in full).
function summaryTasks(tasks) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'summary-tasks-title', 'data-test': 'summary-tasks' },
    h('h2', { class: 'card-title', id: 'summary-tasks-title', text: t('cases.tasks') }),
    h('ul', { class: 'summary-list' }, tasks.map((task) => h(
      'li',
      { class: ['summary-task', task.overdue ? 'summary-task-overdue' : null], 'data-test': 'summary-task', 'data-kind': task.kind },
      h('span', { class: 'summary-task-kind', text: taskLabel(task.kind) }),
      h(
        'span',
        { class: 'summary-task-due' },
        taskDue(task, { class: task.overdue ? 'overdue-text' : null, 'data-test': 'summary-task-due' }),
        task.overdue ? [' ', overdueTag()] : null,
      ),
    ))),
  );
}

// The persons in short: role and name (the Persons tab has the details and the changes).
function summaryPersons(persons) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'summary-persons-title', 'data-test': 'summary-persons' },
    h('h2', { class: 'card-title', id: 'summary-persons-title', text: t('cases.persons') }),
    persons.length
      ? h('ul', { class: 'summary-list' }, persons.map((entry) => h(
        'li',
        { class: 'summary-person', 'data-role': entry.role },
        h('span', { class: ['tag', entry.role === 'reporter' ? 'tag-muted' : null], text: personRoleLabel(entry.role, entry.person && entry.person.sex) }),
        ' ',
        entry.person
          ? h('a', { href: '#/persons/' + entry.person.id }, personName(entry.person))
          : h('span', { class: 'muted confidential', text: t('cases.person_confidential') }),
      )))
      : h('p', { class: 'muted', text: t('cases.persons_none') }),
  );
}

function personsPanel(c, persons, { writable, onChanged, messages }) {
  const principal = PRINCIPAL_ROLE[c.kind];
  const hasPrincipal = persons.some((entry) => entry.role === principal);

  function item(entry) {
    if (!writable) return casePersonItem(entry);
    const confirmBox = h('div', { class: 'confirm-box', hidden: true, role: 'group', 'aria-label': t('cases.person_remove') });
    const start = h('button', {
      type: 'button',
      class: 'button button-small button-danger-quiet',
      'data-test': 'case-person-remove',
      onclick: () => {
        start.hidden = true;
        confirmBox.hidden = false;
        confirmBox.querySelector('button').focus();
      },
    }, t('cases.person_remove'));
    const who = entry.person ? isolate(entry.person.full_name) : t('cases.person_confidential');
    replaceChildren(
      confirmBox,
      h('p', { text: t('cases.person_remove_confirm', { name: who, role: personRoleLabel(entry.role, entry.person && entry.person.sex) }) }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', {
          type: 'button',
          class: 'button button-small button-danger',
          'data-test': 'confirm-person-remove',
          onclick: async () => {
            try {
              await api.del(`/cases/${c.id}/persons/${entry.id}`);
              onChanged(t('cases.person_removed', { name: who }, { gender: entry.person && entry.person.sex }));
            } catch (error) {
              messages.error(error);
            }
          },
        }, t('cases.person_remove_yes')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { confirmBox.hidden = true; start.hidden = false; start.focus(); } }, t('common.cancel')),
      ),
    );
    return casePersonItem(entry, { actions: [start, confirmBox] });
  }

  const adder = writable
    ? personAdder({
      testPrefix: 'case-person',
      defaultRole: () => (hasPrincipal ? '' : principal),
      taken: (person, role) => persons.some((entry) => entry.person && entry.person.id === person.id && entry.role === role),
      onAdd: async (person, role) => {
        await api.post(`/cases/${c.id}/persons`, { person_id: person.id, role });
        onChanged(t('cases.person_added', { name: isolate(person.full_name), role: personRoleLabel(role, person.sex) }, { gender: person.sex }));
      },
    })
    : null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-persons-title' },
    h('h2', { class: 'card-title', id: 'case-persons-title', text: t('cases.persons') }),
    !hasPrincipal ? h('p', { class: 'banner-inline', 'data-test': 'principal-missing', text: t('cases.principal_missing', { role: t('cases.principal.' + principal) }) }) : null,
    persons.length
      ? h('ul', { class: 'case-persons', 'data-test': 'case-persons' }, persons.map(item))
      : h('p', { class: 'muted', text: t('cases.persons_none') }),
    adder ? h('div', { class: 'case-person-add' }, adder.element) : null,
  );
}

// The open tasks; under them, when a follow-up report on the juvenile is due, the way to start it.
function tasksPanel(c, data, { writable, navigate }) {
  const messages = bannerSlot();
  const studies = data.studies;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-tasks-title' },
    h('h2', { class: 'card-title', id: 'case-tasks-title', text: t('cases.tasks') }),
    h('p', { class: 'card-note', text: t('cases.tasks_lead') }),
    taskTable(data.tasks, { testId: 'case-tasks', empty: t('cases.tasks_none') }),
    messages.element,
    studies.error ? null : followupHint(c, data.tasks, studies.studies, studies.templates, { writable, navigate, messages }),
  );
}

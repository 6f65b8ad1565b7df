// The committee's fact-finding groups (#/committee/fact-finding[/<id>]): set up at an open meeting with their members
// (each with an agency), task and due date (POST /meetings/{id}/fact-finding-groups); the list, one group with its
// members and report, edited while it works and its report recorded (PATCH /fact-finding-groups/{id}), heard at the
// next meeting planned. Also drawn here for the other committee pages: the figures of the statistics an observation
// attaches as evidence (POST /observations/{id}/figures), and the chart of the recommendations implemented on time
// (GET /statistics/recommendations_on_time), both drawn as the statistics page draws its charts.

import { api } from '../api.js';
import { t, formatNumber, formatCalendarDate, ammanToday, getLanguage } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { dataTable } from '../components/table.js';
import { textField, textAreaField, selectField, dateField, createForm } from '../components/form.js';
import { codeChoices, codeLabel } from '../components/codes.js';
import { chartPanel } from '../components/charts.js';
import { committeeHash, dateText, isMember, meetingNumber } from '../components/committee.js';
import { historyList } from './committee_observations.js';

const reload = (context) => context.navigate(window.location.hash);
const MEMBER_ROWS = 8;
const digits = () => (getLanguage() === 'ar' ? 'arab' : 'latn');

const stateTag = (state) => h('span', {
  class: ['tag', state === 'reported' ? 'status-active' : 'status-warning'],
  'data-test': 'group-state',
  'data-state': state,
  text: t('committee.group_state.' + state),
});

// Rows of a member's name and agency: three shown, more on asking; the first answers for the server's faults on
// the members.
function memberRows(members = []) {
  const rows = [];
  for (let i = 0; i < MEMBER_ROWS; i += 1) {
    const m = members[i] || {};
    const name = textField({ name: `member_name_${i}`, label: t('committee.group_member_name', { n: formatNumber(i + 1) }), maxlength: 200, dir: 'auto', value: m.name || '', testId: `group-member-name-${i}` });
    const agency = selectField({ name: `member_agency_${i}`, label: t('committee.group_member_agency'), emptyLabel: t('common.choose'), choices: codeChoices('agencies'), value: m.agency || '', testId: `group-member-agency-${i}` });
    if (i === 0) {
      name.aliases = ['members', 'members.name'];
      agency.aliases = ['members.agency'];
    }
    const element = h('div', { class: 'committee-member-row', 'data-test': 'group-member-row' }, name.element, agency.element);
    element.hidden = i >= Math.max(3, members.length);
    rows.push({ name, agency, element });
  }
  const more = h('button', { type: 'button', class: 'button button-small', 'data-test': 'group-member-more' }, t('committee.group_member_more'));
  more.addEventListener('click', () => {
    const next = rows.find((r) => r.element.hidden);
    if (next) {
      next.element.hidden = false;
      next.name.focus();
    }
    more.hidden = !rows.some((r) => r.element.hidden);
  });
  return {
    fields: rows.flatMap((r) => [r.name, r.agency]),
    element: h('fieldset', { class: 'committee-members' }, h('legend', { text: t('committee.group_members') }), rows.map((r) => r.element), more),
    values: () => rows.map((r) => ({ name: r.name.getValue().trim(), agency: r.agency.getValue() })).filter((m) => m.name || m.agency),
    // a name without its agency (or the other way round) is said beside it before anything is sent
    problems: () => {
      const out = {};
      rows.forEach((r) => {
        const name = r.name.getValue().trim();
        const agency = r.agency.getValue();
        if (name && !agency) out[r.agency.name] = t('form.field_required');
        if (agency && !name) out[r.name.name] = t('form.field_required');
      });
      return out;
    },
  };
}

// The set-up of a group by the meeting while it sits.
export function groupSetUpForm(meeting, context) {
  const task = textAreaField({ name: 'task', label: t('committee.group_task'), required: true, rows: 3, dir: 'auto', maxlength: 4000, testId: 'group-task' });
  const due = dateField({ name: 'due_on', label: t('committee.group_due_on'), required: true, testId: 'group-due' });
  const item = selectField({ name: 'item_id', label: t('committee.group_item'), emptyLabel: t('committee.group_item_none'), choices: meeting.agenda.map((i) => ({ value: String(i.id), label: i.title.length > 80 ? i.title.slice(0, 80) + '…' : i.title })), testId: 'group-item' });
  const members = memberRows();
  const form = createForm({
    fields: [task, due, item, ...members.fields],
    layout: [task.element, due.element, item.element, members.element],
    submitLabel: t('committee.group_set_up'),
    busyLabel: t('common.saving'),
    testId: 'group-form',
    validate: () => {
      const problems = members.problems();
      if (!members.values().length) problems.members = t('committee.group_members_required');
      return problems;
    },
    onSubmit: async (values) => {
      const made = await api.post(`/meetings/${meeting.id}/fact-finding-groups`, {
        task: values.task, due_on: values.due_on, item_id: values.item_id ? Number(values.item_id) : null, members: members.values(),
      });
      context.navigate(committeeHash('fact-finding', made.id));
    },
  });
  return h('details', { class: 'card committee-card', 'data-test': 'group-new' },
    h('summary', { class: 'card-title', text: t('committee.group_set_up_title') }), form.element);
}

function groupsTable(items, testId) {
  return dataTable({
    caption: t('committee.groups_title'),
    testId,
    stack: true,
    empty: t('committee.groups_none'),
    columns: [
      { label: t('committee.group_task'), cell: (g) => h('a', { href: committeeHash('fact-finding', g.id), 'data-test': 'group-link', dir: 'auto' }, g.task) },
      { label: t('committee.col_meeting'), cell: (g) => h('bdi', { dir: 'ltr', text: meetingNumber(g.meeting) }) },
      { label: t('committee.group_members'), cell: (g) => g.members.map((m) => `${m.name} (${codeLabel('agencies', m.agency)})`).join('، ') },
      { label: t('committee.group_due_on'), cell: (g) => dateText(g.due_on) },
      { label: t('committee.field_status'), cell: (g) => stateTag(g.state) },
      { label: t('committee.group_heard_at'), cell: (g) => (g.report_meeting ? h('a', { href: committeeHash('meetings', g.report_meeting.id), dir: 'ltr' }, meetingNumber(g.report_meeting)) : '—') },
    ],
    rows: items,
  }).element;
}

// The groups a meeting set up, for its page.
export async function meetingGroupsSection(meeting, context) {
  const answer = await api.get('/fact-finding-groups', { meeting_id: meeting.id });
  return h('section', { class: 'committee-groups', 'aria-labelledby': 'groups-title', 'data-test': 'meeting-groups' },
    h('h2', { class: 'section-title', id: 'groups-title', text: t('committee.groups_title') }),
    groupsTable(answer.items || [], 'meeting-groups-table'),
    meeting.status === 'open' && isMember(context.user) ? groupSetUpForm(meeting, context) : null);
}

async function renderList(container, context) {
  const answer = await api.get('/fact-finding-groups');
  if (!context.isCurrent()) return;
  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('committee.groups_title') }),
    h('p', { class: 'page-lead', text: t('committee.groups_lead') }),
    groupsTable(answer.items || [], 'groups-table'),
  );
}

function editForm(g, context) {
  const task = textAreaField({ name: 'task', label: t('committee.group_task'), required: true, rows: 3, dir: 'auto', maxlength: 4000, value: g.task, testId: 'group-edit-task' });
  const due = dateField({ name: 'due_on', label: t('committee.group_due_on'), required: true, value: g.due_on, testId: 'group-edit-due' });
  const members = memberRows(g.members);
  const form = createForm({
    fields: [task, due, ...members.fields],
    layout: [task.element, due.element, members.element],
    submitLabel: t('common.save'),
    busyLabel: t('common.saving'),
    testId: 'group-edit',
    errorAction: (error) => (error.code === 'version.conflict' ? { label: t('common.reload'), onClick: () => reload(context) } : undefined),
    validate: () => {
      const problems = members.problems();
      if (!members.values().length) problems.members = t('committee.group_members_required');
      return problems;
    },
    onSubmit: async (values) => {
      await api.patch(`/fact-finding-groups/${g.id}`, { version: g.version, task: values.task, due_on: values.due_on, members: members.values() });
      reload(context);
    },
  });
  return h('details', { class: 'card committee-card', 'data-test': 'group-edit-card' }, h('summary', { class: 'card-title', text: t('committee.group_edit_title') }), form.element);
}

function reportForm(g, context) {
  const report = textAreaField({ name: 'report', label: t('committee.group_report'), required: true, rows: 6, dir: 'auto', maxlength: 8000, testId: 'group-report' });
  const on = dateField({ name: 'reported_on', label: t('committee.group_reported_on'), required: true, value: ammanToday(), testId: 'group-reported-on' });
  const form = createForm({
    fields: [report, on],
    submitLabel: t('committee.group_report_save'),
    busyLabel: t('common.saving'),
    testId: 'group-report-form',
    errorAction: (error) => (error.code === 'version.conflict' ? { label: t('common.reload'), onClick: () => reload(context) } : undefined),
    onSubmit: async (values) => {
      await api.patch(`/fact-finding-groups/${g.id}`, { version: g.version, report: values.report, reported_on: values.reported_on });
      reload(context);
    },
  });
  return h('section', { class: 'card committee-card', 'aria-labelledby': 'group-report-title' }, h('h2', { class: 'card-title', id: 'group-report-title', text: t('committee.group_report_title') }), h('p', { class: 'card-note', text: t('committee.group_report_lead') }), form.element);
}

async function renderOne(container, context) {
  const g = await api.get(`/fact-finding-groups/${context.id}`);
  if (!context.isCurrent()) return;
  const row = (label, value, testId) => h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
  const working = g.state === 'working' && isMember(context.user);
  replaceChildren(
    container,
    h('p', { class: 'breadcrumb' }, h('a', { href: committeeHash('fact-finding') }, t('committee.groups_all'))),
    h('h1', { class: 'page-title', text: t('committee.group_title', { id: formatNumber(g.id) }) }),
    h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'group-task-text', text: g.task }),
    h('dl', { class: 'details' },
      row(t('committee.group_set_up_at'), h('a', { href: committeeHash('meetings', g.meeting.id), dir: 'ltr' }, meetingNumber(g.meeting))),
      row(t('committee.group_due_on'), dateText(g.due_on)),
      row(t('committee.field_status'), stateTag(g.state)),
      row(t('committee.group_reported_on'), dateText(g.reported_on)),
      row(t('committee.group_heard_at'), g.report_meeting ? h('a', { href: committeeHash('meetings', g.report_meeting.id), dir: 'ltr', 'data-test': 'group-heard-at' }, meetingNumber(g.report_meeting)) : (g.state === 'reported' ? t('committee.group_heard_next') : '—'))),
    h('h2', { class: 'section-title', text: t('committee.group_members') }),
    h('ul', { class: 'plain-list', 'data-test': 'group-members' }, g.members.map((m) => h('li', {}, h('bdi', { dir: 'auto', text: m.name }), ` — ${codeLabel('agencies', m.agency)}`))),
    g.report ? [h('h2', { class: 'section-title', text: t('committee.group_report') }), h('p', { class: 'committee-text', dir: 'auto', 'data-test': 'group-report-text', text: g.report })] : null,
    working ? reportForm(g, context) : null,
    working && !g.task_fixed ? editForm(g, context) : null,
    working && g.task_fixed ? h('p', { class: 'card-note', 'data-test': 'group-task-fixed', text: t('committee.group_task_fixed') }) : null,
    historyList(g.history),
  );
}

export async function renderFactFindings(container, context) {
  try {
    if (context.id) await renderOne(container, context);
    else await renderList(container, context);
  } catch (error) {
    if (context.isCurrent()) replaceChildren(container, banner('error', errorText(error)));
  }
}

// --- figures as evidence ---

let catalogue = null;
// The statistics catalogue the user may read, or null when she sees no statistics.
async function indicators() {
  if (catalogue) return catalogue.items;
  try {
    catalogue = await api.get('/statistics/indicators');
  } catch {
    return null;
  }
  return catalogue.items;
}

const indicatorName = (i) => (getLanguage() === 'en' ? i.name_en : i.name_ar);

function figuresForm(o, context, items) {
  const available = items.filter((i) => i.available);
  const indicator = selectField({ name: 'indicator', label: t('committee.figures_indicator'), required: true, emptyLabel: t('common.choose'), choices: available.map((i) => ({ value: i.id, label: indicatorName(i) })), testId: 'figures-indicator' });
  const by = selectField({ name: 'by', label: t('committee.figures_by'), choices: [], testId: 'figures-by' });
  const from = dateField({ name: 'from', label: t('committee.figures_from'), testId: 'figures-from' });
  const to = dateField({ name: 'to', label: t('committee.figures_to'), testId: 'figures-to' });
  const sync = () => {
    const chosen = available.find((i) => i.id === indicator.getValue());
    const choices = [];
    if (chosen) {
      choices.push({ value: chosen.default_by.join(','), label: chosen.default_by.map((d) => t('statistics.dim.' + d)).join(' × ') });
      for (const d of chosen.by) if (d !== chosen.default_by.join(',')) choices.push({ value: d, label: t('statistics.dim.' + d) });
    }
    replaceChildren(by.control, choices.map((c) => h('option', { value: c.value, text: c.label })));
  };
  indicator.control.addEventListener('change', sync);
  const form = createForm({
    fields: [indicator, by, from, to],
    submitLabel: t('committee.figures_attach'),
    busyLabel: t('common.saving'),
    testId: 'figures-form',
    onSubmit: async (values) => {
      const body = { indicator: values.indicator };
      for (const name of ['by', 'from', 'to']) if (values[name]) body[name] = values[name];
      await api.post(`/observations/${o.id}/figures`, body);
      reload(context);
    },
  });
  return h('details', { class: 'card committee-card', 'data-test': 'figures-new' },
    h('summary', { class: 'card-title', text: t('committee.figures_attach_title') }),
    h('p', { class: 'card-note', text: t('committee.figures_lead') }), form.element);
}

// The figures an observation holds, each a chart with its table as it was computed when attached, and (for whoever
// may attach while the observation is open to it) the form to attach more.
export async function figuresSection(o, context, own) {
  const panels = (o.figures || []).filter((f) => f.table).map((f, i) => {
    const title = `${getLanguage() === 'en' ? f.table.name_en : f.table.name_ar} — ${t('committee.figures_period', { from: formatCalendarDate(f.from), to: formatCalendarDate(f.to) })}`;
    return chartPanel({ answer: f.table, kind: f.table.by[0] === 'month' ? 'line' : 'bar', digits: digits(), title, testId: `figures-${i}` }).element;
  });
  const open = !['recommended', 'dismissed'].includes(o.status) && (isMember(context.user) || (own && o.status === 'new'));
  const items = open ? await indicators() : null;
  return h('section', { class: 'committee-figures', 'aria-labelledby': 'figures-title', 'data-test': 'observation-figures' },
    h('h2', { class: 'section-title', id: 'figures-title', text: t('committee.figures_title') }),
    panels.length ? panels : h('p', { class: 'muted', text: t('committee.figures_none') }),
    items && items.length ? figuresForm(o, context, items) : null);
}

// --- the register's chart ---

// The recommendations implemented on time, by month or by agency, as the statistics page draws it; nothing for a
// reader who sees no statistics (auditors).
export async function onTimePanel() {
  const holder = h('div', { 'data-test': 'on-time' });
  const breakdown = selectField({ name: 'on_time_by', label: t('committee.on_time_by'), choices: [{ value: 'month,outcome', label: t('statistics.dim.month') }, { value: 'agency,outcome', label: t('statistics.dim.agency') }], value: 'month,outcome', testId: 'on-time-by' });
  const draw = async () => {
    const answer = await api.get('/statistics/recommendations_on_time', { by: breakdown.getValue() });
    const title = getLanguage() === 'en' ? answer.name_en : answer.name_ar;
    replaceChildren(holder, chartPanel({ answer, kind: 'bar', digits: digits(), title, testId: 'on-time-chart' }).element);
  };
  breakdown.control.addEventListener('change', () => draw().catch((e) => replaceChildren(holder, banner('error', errorText(e)))));
  try {
    await draw();
  } catch {
    return null;
  }
  return h('section', { class: 'committee-on-time', 'aria-labelledby': 'on-time-title' },
    h('h2', { class: 'section-title', id: 'on-time-title', text: t('committee.on_time_title') }),
    h('p', { class: 'page-lead', text: t('committee.on_time_lead') }),
    h('div', { class: 'filters committee-filters' }, breakdown.element), holder);
}

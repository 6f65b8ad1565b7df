// The joint committee's parts shared by its pages: who may use them, the labels and tags of its statuses, the tab row
// of its pages, the units for its choices, and the home page's card of the actions due at the user's unit
// (GET /actions?scope=mine).

import { api } from '../api.js';
import { t, formatCalendarDate, localName } from '../i18n.js';
import { h, replaceChildren } from './dom.js';
import { dataTable } from './table.js';

// The roles of the committee's records: its members and auditors read them all, a working unit its own observations
// and the actions it owns.
export const COMMITTEE_READERS = ['committee', 'auditor'];
export const UNIT_ROLES = ['caseworker', 'monitor', 'officer', 'supervisor', 'manager', 'home_staff'];
export const COMMITTEE_ROLES = [...COMMITTEE_READERS, ...UNIT_ROLES];

const roles = (user) => (user && Array.isArray(user.roles) ? user.roles : []);
export const isMember = (user) => roles(user).includes('committee');
export const isReader = (user) => roles(user).some((r) => COMMITTEE_READERS.includes(r));
export const isUnitUser = (user) => roles(user).some((r) => UNIT_ROLES.includes(r));

export const CATEGORIES = ['homes', 'referrals', 'deadlines', 'staffing', 'facilities', 'legal', 'training', 'data'];
export const OBSERVATION_STATUSES = ['new', 'on_agenda', 'discussed', 'recommended', 'dismissed'];
export const RECOMMENDATION_STATUSES = ['in_progress', 'past_due', 'implemented', 'not_implemented', 'not_applicable'];
export const PRIORITIES = ['high', 'medium', 'low'];

export const committeeHash = (page, id) => (id ? `#/committee/${page}/${id}` : `#/committee/${page}`);
export const categoryLabel = (code) => t('committee.category.' + code);
export const dateText = (value) => (value ? h('time', { datetime: value, text: formatCalendarDate(value) }) : '—');
export const meetingNumber = (m) => `${m.number}/${m.year}`;
export const unitLabel = (ar, en) => localName({ name_ar: ar, name_en: en }) || ar || '';

const TAG_CLASS = {
  new: 'status-warning',
  on_agenda: 'status-active',
  discussed: 'status-active',
  recommended: 'status-active',
  dismissed: 'tag-muted',
  planned: 'status-warning',
  open: 'status-active',
  closed: 'tag-muted',
  in_progress: 'status-active',
  past_due: 'tag-danger',
  implemented: 'status-active',
  not_implemented: 'tag-muted',
  not_applicable: 'tag-muted',
  completed: 'status-active',
  overdue: 'tag-danger',
  due: 'status-warning',
  upcoming: 'tag-muted',
};

// A status as a tag: kind is observation, meeting, recommendation or action.
export function statusTag(kind, status) {
  return h('span', {
    class: ['tag', TAG_CLASS[status] || 'tag-muted'],
    'data-test': `${kind}-status`,
    'data-status': status,
    text: t(`committee.${kind}_status.${status}`),
  });
}

// The row of the committee's pages the user may open, the current one marked.
export function committeeTabs(user, current) {
  const pages = [
    ['observations', true],
    ['meetings', isReader(user)],
    ['recommendations', isReader(user)],
    ['fact-finding', isReader(user)],
    ['actions', true],
  ].filter(([, shown]) => shown);
  return h(
    'nav',
    { class: 'committee-tabs', 'aria-label': t('committee.tabs_label'), 'data-test': 'committee-tabs' },
    pages.map(([page]) => h('a', {
      href: committeeHash(page),
      class: ['committee-tab', page === current ? 'committee-tab-current' : null],
      'aria-current': page === current ? 'page' : null,
      'data-test': 'committee-tab-' + page,
    }, t('committee.page.' + page))),
  );
}

let unitsCache = null;
// Every active unit, for the choices of the committee's forms.
export async function committeeUnits() {
  if (unitsCache) return unitsCache;
  const units = [];
  let cursor = null;
  for (let page = 0; page < 10; page += 1) {
    const answer = await api.get('/units', { limit: 200, cursor, status: 'active' });
    units.push(...((answer && answer.items) || []));
    cursor = answer && answer.next_cursor;
    if (!cursor) break;
  }
  unitsCache = units;
  return units;
}

export const unitChoices = (units, agency) => units
  .filter((u) => !agency || u.agency === agency)
  .map((u) => ({ value: String(u.id), label: localName(u) || u.name_ar }));

// A table of actions: text, recommendation, owner, responsible, due date and state.
export function actionsTable(actions, { testId, withRecommendation } = {}) {
  return dataTable({
    caption: t('committee.actions_title'),
    testId,
    stack: true,
    empty: t('committee.actions_none'),
    columns: [
      { label: t('committee.col_action'), cell: (a) => h('a', { href: committeeHash('actions', a.id), 'data-test': 'action-link' }, h('bdi', { dir: 'auto', text: a.text })) },
      withRecommendation ? { label: t('committee.col_recommendation'), cell: (a) => a.recommendation_text || '' } : null,
      { label: t('committee.col_owner'), cell: (a) => unitLabel(a.owner_unit_name_ar, a.owner_unit_name_en) },
      { label: t('committee.col_responsible'), cell: (a) => a.responsible },
      { label: t('committee.col_due'), cell: (a) => dateText(a.due_on) },
      { label: t('committee.col_state'), cell: (a) => statusTag('action', a.state) },
    ].filter(Boolean),
    rows: actions,
  }).element;
}

// The home page's card of the committee's actions due or overdue at the user's unit; hidden when there are none.
export function committeeActionsCard(context) {
  const body = h('div', {});
  const card = h(
    'section',
    { class: 'card card-committee-actions', 'aria-labelledby': 'home-committee-title', 'data-test': 'home-committee-actions', hidden: true },
    h('h2', { class: 'card-title', id: 'home-committee-title', text: t('committee.home_title') }),
    body,
  );
  api.get('/actions', { scope: 'mine' })
    .then((answer) => {
      const items = (answer && answer.items) || [];
      if (!context.isCurrent() || !items.length) return;
      replaceChildren(body, actionsTable(items, { testId: 'home-committee-table' }));
      card.hidden = false;
    })
    .catch(() => {});
  return card;
}

// The home page: who is signed in, their unit and roles, and for those who work cases their tasks (GET
// /api/v1/tasks?scope=mine): what is due on which case and when, overdue ones in red; and for the working roles the
// referrals waiting in their unit's inbox (GET /api/v1/referrals?box=incoming&waiting=true), shown only when there are;
// and for supervisors the social studies waiting for their review (GET /api/v1/studies?review=true), likewise.

import { api } from '../api.js';
import { t, localName, formatNumber, formatDateTime } from '../i18n.js';
import { h, replaceChildren } from '../components/dom.js';
import { banner, errorText } from '../components/banner.js';
import { loadCodes, codeLabel } from '../components/codes.js';
import { canUseCases, taskTable, referenceText, kindLabel, isSupervisor } from '../components/cases.js';
import { taskCountText } from './tasks.js';
import { committeeActionsCard, isUnitUser } from '../components/committee.js';
import { canUseReferrals, referralHash, referralKindLabel, urgencyTag, referralStatusTag, waitedCell, unitName } from '../components/referrals.js';

const TASK_LIMIT = 20;

// The card of the user's open tasks, most urgent first (overdue on high-risk cases at the top), with the real counts,
// more rows page by page, and the way to the whole list with its filters; filled when the list arrives.
function tasksCard(context) {
  const body = h('div', { class: 'tasks-body' }, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
  const card = h(
    'section',
    { class: 'card card-tasks', 'aria-labelledby': 'tasks-title', 'data-test': 'my-tasks' },
    h('h2', { class: 'card-title', id: 'tasks-title', text: t('home.tasks_title') }),
    body,
  );
  let tasks = [];
  let cursor = null;
  const more = h('button', { type: 'button', class: 'button button-small', hidden: true, 'data-test': 'my-tasks-more' }, t('common.load_more'));
  const draw = (answer) => {
    replaceChildren(
      body,
      tasks.length
        ? h('p', { class: ['list-count', answer.overdue ? 'overdue-text' : null], 'data-test': 'my-tasks-count' }, taskCountText(answer))
        : null,
      taskTable(tasks, { withCase: true, testId: 'my-tasks-table', empty: t('home.tasks_none') }),
      h(
        'p',
        { class: 'list-footer' },
        more,
        ' ',
        h('a', { href: '#/tasks', 'data-test': 'all-tasks' }, t('home.all_tasks')),
        ' ',
        h('a', { href: '#/cases', 'data-test': 'all-cases' }, t('home.all_cases')),
      ),
    );
  };
  const page = () => api.get('/tasks', { scope: 'mine', limit: TASK_LIMIT, cursor }).then((answer) => {
    if (!context.isCurrent()) return;
    tasks = tasks.concat((answer && answer.items) || []);
    cursor = (answer && answer.next_cursor) || null;
    more.hidden = !cursor;
    draw(answer || {});
  });
  more.addEventListener('click', () => {
    more.disabled = true;
    page().catch((error) => replaceChildren(body, banner('error', errorText(error)))).finally(() => {
      more.disabled = false;
    });
  });
  page()
    .catch((error) => {
      if (!context.isCurrent() || error.status === 401) return;
      replaceChildren(body, banner('error', errorText(error)));
    });
  return card;
}

const REFERRAL_LIMIT = 5;

// The card of the referrals waiting in the unit's inbox, newest first; it stays hidden until some arrive, and when
// there are none (or they cannot be read).
function referralsCard(context) {
  const body = h('div', { class: 'home-referrals-body' });
  const card = h(
    'section',
    { class: 'card card-referrals', 'aria-labelledby': 'home-referrals-title', 'data-test': 'home-referrals', hidden: true },
    h('h2', { class: 'card-title', id: 'home-referrals-title', text: t('home.referrals_title') }),
    body,
  );
  api.get('/referrals', { box: 'incoming', waiting: 'true', limit: REFERRAL_LIMIT })
    .then((answer) => {
      if (!context.isCurrent()) return;
      const referrals = (answer && answer.items) || [];
      if (!referrals.length) return;
      replaceChildren(
        body,
        h('ul', { class: 'summary-list home-referral-list' }, referrals.map((r) => h(
          'li',
          { class: 'home-referral', 'data-test': 'home-referral', 'data-referral-id': String(r.id) },
          h(
            'div',
            { class: 'home-referral-head' },
            h('a', { href: referralHash(r.id), 'data-test': 'home-referral-link' }, referralKindLabel(r.kind), ' ', referenceText(r.case_reference)),
            urgencyTag(r.urgency),
            referralStatusTag(r.status),
          ),
          h(
            'p',
            { class: 'home-referral-meta' },
            r.case_kind ? h('span', { text: kindLabel(r.case_kind) }) : null,
            h('span', {}, t('home.referral_from'), ' ', h('span', { 'data-test': 'home-referral-from', text: unitName(r, 'from') })),
            waitedCell(r),
          ),
        ))),
        h('p', { class: 'list-footer' }, h('a', { href: '#/referrals', 'data-test': 'all-referrals' }, answer.next_cursor ? t('home.referrals_more') : t('home.referrals_all'))),
      );
      card.hidden = false;
    })
    .catch(() => {
      // The inbox stays out of the way; the Referrals page says what went wrong.
    });
  return card;
}

const STUDY_LIMIT = 50;

// The card of the studies waiting for the supervisor's review: how many, and the way to the list. Hidden when there
// are none (or they cannot be read: the Social studies page says why).
function studiesCard(context) {
  const body = h('div', {});
  const card = h(
    'section',
    { class: 'card card-studies', 'aria-labelledby': 'home-studies-title', 'data-test': 'home-studies', hidden: true },
    h('h2', { class: 'card-title', id: 'home-studies-title', text: t('home.studies_title') }),
    body,
  );
  api.get('/studies', { review: 'true', limit: STUDY_LIMIT })
    .then((answer) => {
      if (!context.isCurrent()) return;
      const count = ((answer && answer.items) || []).length;
      if (!count) return;
      replaceChildren(
        body,
        h('p', { class: 'list-count', 'data-test': 'home-studies-count' }, t('home.studies_count', {
          count: answer.next_cursor ? t('studies.count_more', { count: formatNumber(count) }) : formatNumber(count),
        })),
        h('p', { class: 'list-footer' }, h('a', { href: '#/studies/review', 'data-test': 'home-studies-link' }, t('home.studies_link'))),
      );
      card.hidden = false;
    })
    .catch(() => {});
  return card;
}

export async function render(container, context) {
  const user = context.user;
  try {
    await loadCodes();
  } catch {
    // Role labels then come from web/i18n.
  }
  if (!context.isCurrent()) return;
  const roles = Array.isArray(user.roles) ? user.roles : [];
  const unit = user.unit || null;
  const withTasks = canUseCases(user);

  replaceChildren(
    container,
    h('h1', { class: 'page-title', text: t('home.welcome', { name: user.full_name || user.username }) }),
    h(
      'div',
      { class: ['card-grid', withTasks ? 'card-grid-wide home-grid' : null] },
      withTasks
        ? h('div', { class: 'card-stack' }, canUseReferrals(user) ? referralsCard(context) : null, isSupervisor(user) ? studiesCard(context) : null, isUnitUser(user) ? committeeActionsCard(context) : null, tasksCard(context))
        : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'profile-title', 'data-test': 'profile' },
        h('h2', { class: 'card-title', id: 'profile-title', text: t('home.profile') }),
        h(
          'dl',
          { class: 'details' },
          h('div', { class: 'details-row' }, h('dt', { text: t('home.full_name') }), h('dd', { id: 'user-name', text: user.full_name || '' })),
          h('div', { class: 'details-row' }, h('dt', { text: t('home.username') }), h('dd', { id: 'user-username' }, h('bdi', { dir: 'ltr', text: user.username || '' }))),
          h('div', { class: 'details-row' }, h('dt', { text: t('home.unit') }), h('dd', { id: 'user-unit', text: unit ? localName(unit) : t('home.no_unit') })),
          context.previousLogin ? previousLoginRow(context.previousLogin) : null,
          h(
            'div',
            { class: 'details-row' },
            h('dt', { text: t('home.roles') }),
            h('dd', { id: 'user-roles' }, h('ul', { class: 'tag-list' }, roles.map((role) => h('li', { class: 'tag', 'data-role': role, text: codeLabel('roles', role, { gender: user.sex }) })))),
          ),
        ),
      ),
    ),
  );
}

// The sign-in before this one: when, from which address and browser; one from a browser the account had not used is
// marked, with the way to the list of sessions.
function previousLoginRow(previous) {
  return h('div', { class: 'details-row', 'data-test': 'previous-login' },
    h('dt', { text: t('home.previous_login') }),
    h('dd', {},
      h('time', { datetime: previous.created_at, text: formatDateTime(previous.created_at) }), ' — ',
      h('bdi', { dir: 'ltr', text: previous.client_addr || '' }),
      previous.user_agent ? [' · ', h('bdi', { dir: 'ltr', class: 'muted', text: browserName(previous.user_agent) })] : null,
      previous.new_device ? [' ', h('a', { class: 'tag status-warning', href: '#/sessions', 'data-test': 'previous-login-new', text: t('home.previous_login_new') })] : null));
}

// A browser's name and system from its User-Agent, for people to recognise it (the whole text is on the sessions page).
export function browserName(agent) {
  const browser = (/(Edg|OPR|Firefox|Chromium|Chrome|Safari)\/[0-9]+/.exec(agent) || [])[0];
  const system = (/(Windows|Android|iPhone|iPad|Mac OS X|Linux)/.exec(agent) || [])[0];
  return [browser && browser.replace('Edg', 'Edge').replace('OPR', 'Opera'), system].filter(Boolean).join(' · ') || agent.slice(0, 60);
}

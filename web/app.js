// The shell: session state, the page frame (header and navigation) and the hash router.
// Routes: #/login, #/home, #/persons[/new|/<id>|/<id>/edit], #/cases[/new|/<id>|/<id>/edit],
// #/referrals[/<id>], #/studies[/mine|/review|/all|/<id>], #/homes[/<id>], #/admin/users[/new|/<id>], #/admin/units[/new|/<id>],
// #/audit, #/sharing, #/password.

import { api, setCsrfToken, setLanguageProvider, onUnauthorized, onSessionTime } from './api.js';
import { initI18n, setLanguage, getLanguage, otherLanguage, t } from './i18n.js';
import { h, replaceChildren } from './components/dom.js';
import { banner, errorText } from './components/banner.js';
import { loadCodes, forgetCodes } from './components/codes.js';
import { createSessionTimer } from './components/session_timer.js';
import { setDraftOwner, wipeDrafts } from './components/drafts.js';
import { render as renderLogin } from './views/login.js';
import { render as renderHome } from './views/home.js';
import { render as renderTasks } from './views/tasks.js';
import { render as renderAdminUsers } from './views/admin_users.js';
import { render as renderAdminUnits } from './views/admin_units.js';
import { render as renderAudit } from './views/audit.js';
import { render as renderSharing } from './views/sharing.js';
import { render as renderPassword } from './views/password.js';
import { render as renderPersons } from './views/persons.js';
import { render as renderPerson } from './views/person.js';
import { render as renderPersonEdit } from './views/person_edit.js';
import { render as renderCases } from './views/cases.js';
import { render as renderCase } from './views/case.js';
import { render as renderCaseEdit } from './views/case_edit.js';
import { render as renderReferrals } from './views/referrals.js';
import { render as renderReferral } from './views/referral.js';
import { render as renderStudies, STUDY_LISTS } from './views/studies.js';
import { render as renderStudy } from './views/study.js';
import { render as renderHomes } from './views/homes.js';
import { render as renderSecondFactor } from './views/second_factor.js';
import { render as renderSessions } from './views/sessions.js';
import { render as renderEmergency } from './views/emergency.js';
import { render as renderRecords } from './views/records.js';
import { render as renderStatistics, STATISTICS_ROLES } from './views/statistics.js';
import { render as renderHomeRegister } from './views/home_register.js';
import { PERSON_ROLES } from './components/persons.js';
import { CASE_ROLES, CASE_WRITE_ROLES } from './components/cases.js';
import { REFERRAL_ROLES } from './components/referrals.js';
import { HOME_ROLES, homeHash } from './components/homes.js';
import { render as renderProgrammes } from './views/programmes.js';
import { render as renderProgramme } from './views/programme.js';
import { canSeeProgrammes } from './components/centres.js';
import { createNotificationBell } from './components/notifications.js';
import { render as renderCommittee, committeeParams } from './views/committee.js';
import { COMMITTEE_ROLES } from './components/committee.js';

const root = document.getElementById('app');

const state = {
  user: null,
  sessionExpiresAt: null,
  // A notice for the login page: 'login.logged_out' or 'login.session_ended'.
  loginNotice: null,
  // Where to go after signing in, when the user opened a page before signing in.
  returnTo: null,
  // The user whose session ended, so that another signing in here is not taken to their page.
  endedUserId: null,
};

// The warning before the session ends (its countdown follows every answer of the API).
const sessionTimer = createSessionTimer();

// The frame on screen: {mode (see frameMode), main, nav, links: Map(routeKey → <a>), layout}.
let frame = null;
let renderCount = 0;
// The notification bell of the signed-in frame (those who work cases), or null.
let bell = null;

function stopBell() {
  if (bell) bell.stop();
  bell = null;
}

function hasRole(role) {
  return Boolean(state.user && Array.isArray(state.user.roles) && state.user.roles.includes(role));
}

// True when the user holds `role`, or one of the roles when it is a list.
function hasAnyRole(role) {
  return Array.isArray(role) ? role.some(hasRole) : hasRole(role);
}

const RECORD_ID = /^[1-9][0-9]{0,17}$/;


// The routes of the person registry: #/persons, #/persons/new, #/persons/<id>, #/persons/<id>/edit.
function personsRoute(parts) {
  const [, second, third] = parts;
  const route = { key: 'persons', role: PERSON_ROLES };
  if (parts.length === 1) return { ...route, name: 'persons', titleKey: 'persons.title', view: renderPersons };
  if (parts.length === 2 && second === 'new') return { ...route, name: 'person_new', params: { mode: 'new' }, titleKey: 'persons.new', view: renderPersonEdit };
  if (parts.length === 2 && RECORD_ID.test(second)) return { ...route, name: 'person', params: { id: second }, titleKey: 'persons.person', view: renderPerson };
  if (parts.length === 3 && RECORD_ID.test(second) && third === 'edit') {
    return { ...route, name: 'person_edit', params: { mode: 'edit', id: second }, titleKey: 'persons.edit', view: renderPersonEdit };
  }
  return null;
}

// The routes of cases: #/cases, #/cases/new, #/cases/<id>, #/cases/<id>/edit.
function casesRoute(parts) {
  const [, second, third] = parts;
  const route = { key: 'cases', role: CASE_ROLES };
  if (parts.length === 1) return { ...route, name: 'cases', titleKey: 'cases.title', view: renderCases };
  if (parts.length === 2 && second === 'new') return { ...route, role: CASE_WRITE_ROLES, name: 'case_new', params: { mode: 'new' }, titleKey: 'cases.new', view: renderCaseEdit };
  if (parts.length === 2 && RECORD_ID.test(second)) return { ...route, name: 'case', params: { id: second }, titleKey: 'cases.case', view: renderCase };
  if (parts.length === 3 && RECORD_ID.test(second) && third === 'edit') {
    return { ...route, role: CASE_WRITE_ROLES, name: 'case_edit', params: { mode: 'edit', id: second }, titleKey: 'cases.edit', view: renderCaseEdit };
  }
  return null;
}

// The routes of the unit's referrals: #/referrals (the boxes) and #/referrals/<id> (one referral or transfer).
function referralsRoute(parts) {
  const [, second] = parts;
  const route = { key: 'referrals', role: REFERRAL_ROLES };
  if (parts.length === 1) return { ...route, name: 'referrals', titleKey: 'referrals.title', view: renderReferrals };
  if (parts.length === 2 && RECORD_ID.test(second)) return { ...route, name: 'referral', params: { id: second }, titleKey: 'referrals.referral', view: renderReferral };
  return null;
}

// Splits the hash into a route: {key, name, params, role, titleKey, view}. `role` is a role or a list of roles
// of which the user needs one. Unknown hashes give name 'not_found'.
function parseRoute(hash) {
  let parts;
  try {
    parts = (hash || '').replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    parts = ['?'];
  }
  const [first, second, third, ...rest] = parts;
  if (parts.length === 0) return { key: 'home', name: 'home', redirect: '#/home' };
  if (first === 'login' && parts.length === 1) return { key: 'login', name: 'login', public: true, titleKey: 'login.title', view: renderLogin };
  if (first === 'home' && parts.length === 1) {
    // a home's staff work from their home's register
    if (hasRole('home_staff') && state.user.unit_id) return { key: 'homes', name: 'home_register', redirect: homeHash(state.user.unit_id) };
    return { key: 'home', name: 'home', titleKey: 'nav.home', view: renderHome };
  }
  // The homes: the occupancy of all (managers, the committee) and a home's register (its staff, managers).
  if (first === 'homes' && parts.length === 1) return { key: 'homes', name: 'homes', role: HOME_ROLES, titleKey: 'homes.occupancy_title', view: renderHomes };
  if (first === 'homes' && parts.length === 2 && RECORD_ID.test(second)) {
    return { key: 'homes', name: 'home_register', params: { id: second }, role: ['manager', 'home_staff'], titleKey: 'homes.register_title', view: renderHomeRegister };
  }
  // The joint committee: observations, meetings, recommendations and actions (#/committee/<page>[/<id>]).
  if (first === 'committee' && committeeParams(parts)) {
    return { key: 'committee', name: 'committee', params: committeeParams(parts), role: COMMITTEE_ROLES, titleKey: 'nav.committee', view: renderCommittee };
  }
  if (first === 'section' && second === 'committee' && parts.length === 2 && hasAnyRole(COMMITTEE_ROLES)) return { key: 'committee', name: 'committee', redirect: '#/committee' };
  if (first === 'tasks' && parts.length === 1) return { key: 'tasks', name: 'tasks', role: CASE_ROLES, titleKey: 'tasks.title', view: renderTasks };
  if (first === 'persons') {
    const route = personsRoute(parts);
    if (route) return route;
  }
  if (first === 'cases') {
    const route = casesRoute(parts);
    if (route) return route;
  }
  if (first === 'referrals') {
    const route = referralsRoute(parts);
    if (route) return route;
  }
  // The social studies the user may see, and one study (a case's studies are also on its page).
  if (first === 'studies' && (parts.length === 1 || (parts.length === 2 && STUDY_LISTS.includes(second)))) {
    return { key: 'studies', name: 'studies', params: { tab: second || null }, role: CASE_ROLES, titleKey: 'studies.title', view: renderStudies };
  }
  if (first === 'studies' && parts.length === 2 && RECORD_ID.test(second)) {
    return { key: 'studies', name: 'study', params: { id: second }, role: CASE_ROLES, titleKey: 'studies.study', view: renderStudy };
  }
  // The registry, the cases, the referrals and the studies were placeholder sections before they were built.
  if (first === 'section' && second === 'persons' && parts.length === 2) return { key: 'persons', name: 'persons', redirect: '#/persons' };
  if (first === 'section' && second === 'cases' && parts.length === 2) return { key: 'cases', name: 'cases', redirect: '#/cases' };
  if (first === 'section' && second === 'referrals' && parts.length === 2) return { key: 'referrals', name: 'referrals', redirect: '#/referrals' };
  if (first === 'section' && second === 'studies' && parts.length === 2) return { key: 'studies', name: 'studies', redirect: '#/studies' };
  if (first === 'section' && second === 'placements' && parts.length === 2 && hasAnyRole(HOME_ROLES)) return { key: 'homes', name: 'homes', redirect: '#/homes' };
  // A correction centre's programmes (its social workers and supervisors; managers read the places).
  if (first === 'programmes' && parts.length === 1) return { key: 'programmes', name: 'programmes', role: ['caseworker', 'supervisor', 'manager'], titleKey: 'centres.programmes_title', view: renderProgrammes };
  if (first === 'programmes' && parts.length === 2 && RECORD_ID.test(second)) {
    return { key: 'programmes', name: 'programme', params: { id: second }, role: ['caseworker', 'supervisor', 'manager'], titleKey: 'centres.programmes_title', view: renderProgramme };
  }
  // Statistics: supervisors (their unit), managers (their agency), the committee (national figures).
  if (first === 'statistics' && parts.length === 1) return { key: 'statistics', name: 'statistics', role: STATISTICS_ROLES, titleKey: 'statistics.title', view: renderStatistics };
  if (first === 'section' && second === 'statistics' && parts.length === 2 && hasAnyRole(STATISTICS_ROLES)) return { key: 'statistics', name: 'statistics', redirect: '#/statistics' };
  if (first === 'admin' && (second === 'users' || second === 'units') && rest.length === 0) {
    let params;
    if (third === undefined) params = { mode: 'list' };
    else if (third === 'new') params = { mode: 'new' };
    else if (/^[1-9][0-9]{0,17}$/.test(third)) params = { mode: 'edit', id: third };
    if (params) {
      return {
        key: 'admin/' + second,
        name: 'admin_' + second,
        params,
        role: 'admin',
        titleKey: 'nav.admin_' + second,
        view: second === 'users' ? renderAdminUsers : renderAdminUnits,
      };
    }
  }
  if (first === 'audit' && parts.length === 1) return { key: 'audit', name: 'audit', role: 'auditor', titleKey: 'nav.audit', view: renderAudit };
  if (first === 'emergency' && (parts.length === 1 || (parts.length === 2 && (RECORD_ID.test(second) || second === 'all')))) {
    return { key: 'emergency', name: 'emergency', role: 'auditor', titleKey: 'nav.emergency', params: { id: RECORD_ID.test(second || '') ? second : null, all: second === 'all' }, view: renderEmergency };
  }
  if (first === 'records' && parts.length === 1) return { key: 'records', name: 'records', role: 'records_officer', titleKey: 'nav.records', view: renderRecords };
  if (first === 'sharing' && parts.length === 1) return { key: 'sharing', name: 'sharing', role: 'auditor', titleKey: 'nav.sharing', view: renderSharing };
  if (first === 'password' && parts.length === 1) return { key: 'password', name: 'password', titleKey: 'nav.password', view: renderPassword };
  if (first === 'sessions' && parts.length === 1) return { key: 'sessions', name: 'sessions', titleKey: 'nav.sessions', view: renderSessions };
  if (first === 'second-factor' && parts.length === 1) return { key: 'second_factor', name: 'second_factor', titleKey: 'nav.second_factor', view: renderSecondFactor };
  return { key: '', name: 'not_found', titleKey: 'error.not_found_title' };
}

function navigate(hash) {
  if (window.location.hash === hash) renderRoute();
  else window.location.hash = hash;
}

// The frame the session calls for: 'out' (signed out), 'one_time' (signed in with a password the administrator set,
// which must first be replaced: only the password page, the language and logout), 'enrol' (the user's role needs a
// second factor and there is none yet: only its page, the language and logout) or 'in'.
function frameMode() {
  if (!state.user) return 'out';
  if (state.user.must_change_password) return 'one_time';
  return state.secondFactorMissing ? 'enrol' : 'in';
}

// Takes the user and CSRF token from a login answer or from /me.
function setSession(answer) {
  state.user = answer && answer.user ? answer.user : null;
  state.secondFactorMissing = Boolean(answer && answer.second_factor_missing);
  // the sign-in before this one (a login's answer only), shown on the home page until the next sign-in
  if (answer && 'previous_login' in answer) state.previousLogin = answer.previous_login;
  if (!state.user) state.previousLogin = null;
  state.sessionExpiresAt = answer && answer.session_expires_at ? answer.session_expires_at : null;
  setCsrfToken(answer && answer.csrf_token);
  setDraftOwner(state.user);
  sessionTimer.start(state.user ? answer : null);
}

function clearSession() {
  stopBell();
  state.user = null;
  state.sessionExpiresAt = null;
  setCsrfToken(null);
  forgetCodes();
  sessionTimer.stop();
  setDraftOwner(null);
}

function handleSessionEnded() {
  if (!state.user) return;
  // the forms' unsaved text is kept (drafts.js) for the same user's next sign-in
  state.endedUserId = state.user.id;
  clearSession();
  state.loginNotice = 'login.session_ended';
  // After signing in again the user comes back to the page they were on.
  if (window.location.hash && window.location.hash !== '#/login') state.returnTo = window.location.hash;
  navigate('#/login');
}

async function logout() {
  try {
    await api.del('/session', { quietUnauthorized: true });
  } catch {
    // The session is forgotten on this side whatever the server answered.
  }
  clearSession();
  wipeDrafts();
  state.loginNotice = 'login.logged_out';
  state.returnTo = null;
  state.endedUserId = null;
  navigate('#/login');
}

async function switchLanguage() {
  try {
    await setLanguage(otherLanguage());
  } catch (error) {
    if (frame && frame.main) frame.main.prepend(banner('error', errorText(error)));
    return;
  }
  renderFrame();
  await renderRoute({ keepFocus: true });
  const button = document.getElementById('lang-switch');
  if (button) button.focus();
}

function languageButton() {
  return h(
    'button',
    {
      type: 'button',
      id: 'lang-switch',
      class: 'button button-quiet lang-switch',
      lang: otherLanguage(),
      dir: otherLanguage() === 'ar' ? 'rtl' : 'ltr',
      title: t('lang.switch_title'),
      onclick: switchLanguage,
    },
    t('lang.other'),
  );
}

function skipLink(main) {
  return h(
    'a',
    {
      class: 'skip-link',
      href: '#main',
      onclick: (event) => {
        event.preventDefault();
        main.focus();
      },
    },
    t('app.skip'),
  );
}

function brand() {
  return h(
    'div',
    { class: 'brand' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: 'ت' }),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name', text: t('app.name') }), h('span', { class: 'brand-tagline', text: t('app.tagline_short') })),
  );
}

function navLink(routeKey, hash, label, testId, badge) {
  const link = h(
    'a',
    { href: hash, class: 'nav-link', 'data-test': testId, 'data-route': routeKey },
    h('span', { class: 'nav-label', text: label }),
    badge ? h('span', { class: 'nav-badge', text: badge }) : null,
  );
  return link;
}

// A group of links under its title; none when the user has no link in it (no title standing over nothing).
function navGroup(title, links) {
  if (!links.length) return null;
  const headingId = 'nav-group-' + title.key;
  return h(
    'div',
    { class: 'nav-group', 'data-test': 'nav-group-' + title.key },
    h('p', { class: 'nav-group-title', id: headingId, text: title.text }),
    h('ul', { class: 'nav-list', 'aria-labelledby': headingId }, links.map((link) => h('li', {}, link))),
  );
}

function buildNav() {
  const links = new Map();
  const add = (routeKey, hash, labelKey, testId, badge) => {
    const link = navLink(routeKey, hash, t(labelKey), testId, badge);
    links.set(routeKey, link);
    return link;
  };
  const groups = [
    navGroup({ key: 'main', text: t('nav.group_main') }, [add('home', '#/home', 'nav.home', 'nav-home')]),
    navGroup(
      { key: 'sections', text: t('nav.group_sections') },
      [
        hasAnyRole(PERSON_ROLES) ? add('persons', '#/persons', 'nav.persons', 'nav-persons') : null,
        hasAnyRole(CASE_ROLES) ? add('cases', '#/cases', 'nav.cases', 'nav-cases') : null,
        hasAnyRole(CASE_ROLES) ? add('tasks', '#/tasks', 'nav.tasks', 'nav-tasks') : null,
        hasAnyRole(REFERRAL_ROLES) ? add('referrals', '#/referrals', 'nav.referrals', 'nav-referrals') : null,
        hasAnyRole(CASE_ROLES) ? add('studies', '#/studies', 'nav.studies', 'nav-studies') : null,
        hasAnyRole(HOME_ROLES) ? add('homes', '#/homes', 'nav.placements', 'nav-homes') : null,
        canSeeProgrammes(state.user) ? add('programmes', '#/programmes', 'centres.nav', 'nav-programmes') : null,
        hasAnyRole(STATISTICS_ROLES) ? add('statistics', '#/statistics', 'nav.statistics', 'nav-statistics') : null,
        hasAnyRole(COMMITTEE_ROLES) ? add('committee', '#/committee', 'nav.committee', 'nav-committee') : null,
      ].filter(Boolean),
    ),
  ];
  if (hasRole('admin')) {
    groups.push(
      navGroup({ key: 'admin', text: t('nav.group_admin') }, [
        add('admin/users', '#/admin/users', 'nav.admin_users', 'nav-admin-users'),
        add('admin/units', '#/admin/units', 'nav.admin_units', 'nav-admin-units'),
      ]),
    );
  }
  if (hasRole('auditor')) {
    groups.push(
      navGroup({ key: 'audit', text: t('nav.group_audit') }, [
        add('audit', '#/audit', 'nav.audit', 'nav-audit'),
        add('sharing', '#/sharing', 'nav.sharing', 'nav-sharing'),
        add('emergency', '#/emergency', 'nav.emergency', 'nav-emergency'),
      ]),
    );
  }
  if (hasRole('records_officer')) {
    groups.push(navGroup({ key: 'records', text: t('nav.group_records') }, [add('records', '#/records', 'nav.records', 'nav-records')]));
  }
  groups.push(navGroup({ key: 'account', text: t('nav.group_account') }, [
    add('password', '#/password', 'nav.password', 'nav-password'),
    add('second_factor', '#/second-factor', 'nav.second_factor', 'nav-second-factor'),
    add('sessions', '#/sessions', 'nav.sessions', 'nav-sessions'),
  ]));
  const nav = h('nav', { id: 'nav', class: 'side-nav', 'aria-label': t('nav.label'), 'data-test': 'nav' }, h('div', { class: 'side-nav-links' }, groups));
  return { nav, links };
}

// Draws the header, navigation and an empty main area for the current session and language.
function logoutButton() {
  return h('button', { type: 'button', id: 'logout', class: 'button button-quiet', 'data-test': 'logout', onclick: logout }, t('nav.logout'));
}

function renderFrame() {
  document.title = t('app.name');
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const mode = frameMode();
  stopBell();
  if (mode !== 'in') {
    // Signed out, or held to the password page: no navigation, nothing of the user's work.
    const tools = mode !== 'out' ? h('div', { class: 'header-tools' }, languageButton(), logoutButton()) : languageButton();
    const layout = h(
      'div',
      { class: 'auth-layout' },
      skipLink(main),
      h('header', { class: 'auth-header' }, brand(), tools),
      main,
      h('footer', { class: 'auth-footer', text: t('app.footer') }),
    );
    replaceChildren(root, layout);
    frame = { mode, main, links: new Map(), layout };
    return;
  }
  const { nav, links } = buildNav();
  const layout = h('div', { class: 'app-layout' });
  const menuButton = h(
    'button',
    {
      type: 'button',
      id: 'menu-toggle',
      class: 'button button-quiet menu-toggle',
      'aria-controls': 'nav',
      'aria-expanded': 'false',
      onclick: () => setNavOpen(!layout.classList.contains('nav-open')),
    },
    h('span', { class: 'menu-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'menu-label', text: t('nav.menu') }),
  );
  const header = h(
    'header',
    { class: 'app-header' },
    menuButton,
    brand(),
    h(
      'div',
      { class: 'header-tools' },
      h('span', { class: 'header-user', id: 'header-user', text: state.user.full_name || state.user.username }),
      languageButton(),
      logoutButton(),
    ),
  );
  if (hasAnyRole(CASE_ROLES) || hasRole('auditor')) {
    bell = createNotificationBell(state.user);
    bell.mount(header.querySelector('.header-tools'));
  }
  replaceChildren(layout, skipLink(main), header, h('div', { class: 'app-body' }, nav, main));
  replaceChildren(root, layout);
  frame = { mode, main, nav, links, layout, menuButton };
}

function setNavOpen(open) {
  if (!frame || !frame.menuButton) return;
  frame.layout.classList.toggle('nav-open', open);
  frame.menuButton.setAttribute('aria-expanded', open ? 'true' : 'false');
}

function markCurrent(routeKey) {
  if (!frame) return;
  for (const [key, link] of frame.links) {
    if (key === routeKey) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function simplePage(container, titleKey, textKey, kind) {
  replaceChildren(
    container,
    h('h1', { class: 'page-title', tabindex: '-1', text: t(titleKey) }),
    banner(kind || 'info', t(textKey)),
    h('p', {}, h('a', { href: '#/home' }, t('common.go_home'))),
  );
}

// Draws the page of the current hash into the main area.
async function renderRoute(options = {}) {
  const route = parseRoute(window.location.hash);
  if (route.redirect) {
    navigate(state.user ? route.redirect : '#/login');
    return;
  }
  if (!state.user && !route.public) {
    if (route.name !== 'not_found') state.returnTo = window.location.hash;
    navigate('#/login');
    return;
  }
  if (state.user && route.name === 'login') {
    navigate('#/home');
    return;
  }
  // A password the administrator set opens nothing but the page that replaces it; the page asked for comes after.
  if (frameMode() === 'one_time' && route.name !== 'password') {
    if (route.name !== 'home' && route.name !== 'not_found') state.returnTo = window.location.hash;
    navigate('#/password');
    return;
  }
  // A role that needs a second factor opens nothing before it is set up.
  if (frameMode() === 'enrol' && route.name !== 'second_factor') {
    if (route.name !== 'home' && route.name !== 'not_found') state.returnTo = window.location.hash;
    navigate('#/second-factor');
    return;
  }
  if (!frame || frame.mode !== frameMode()) renderFrame();
  setNavOpen(false);
  markCurrent(route.key);
  if (bell) bell.refresh();

  renderCount += 1;
  const thisRender = renderCount;
  const container = h('div', { class: 'page', 'data-page': route.name });
  replaceChildren(frame.main, container);
  const titleKey = frameMode() === 'one_time' ? 'password.one_time_title' : route.titleKey;
  document.title = `${t(titleKey)} — ${t('app.name')}`;

  if (route.name === 'not_found') {
    simplePage(container, 'error.not_found_title', 'error.not_found_page');
  } else if (route.role && !hasAnyRole(route.role)) {
    simplePage(container, 'error.forbidden_title', 'error.forbidden_page', 'error');
  } else {
    container.appendChild(h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
    const context = {
      user: state.user,
      previousLogin: state.previousLogin || null,
      params: route.params || {},
      navigate,
      isCurrent: () => thisRender === renderCount,
      onLogin: (answer) => {
        setSession(answer);
        state.loginNotice = null;
        if (frameMode() === 'in') loadCodes().catch(() => {});
        // another user signing in after a session ended goes home, not to the page the other one was on
        const sameUser = !state.endedUserId || (state.user && state.user.id === state.endedUserId);
        const target = sameUser && state.returnTo && state.returnTo !== '#/login' ? state.returnTo : '#/home';
        state.returnTo = null;
        state.endedUserId = null;
        renderFrame();
        navigate(target);
      },
      // After a one-time password is replaced, or a second factor set up: the session is whole again; on to the page
      // first asked for.
      onPasswordReplaced: async () => {
        setSession(await api.get('/me'));
        loadCodes().catch(() => {});
        const target = state.returnTo && !['#/password', '#/second-factor'].includes(state.returnTo) ? state.returnTo : '#/home';
        state.returnTo = null;
        renderFrame();
        navigate(target);
      },
      takeLoginNotice: () => {
        const notice = state.loginNotice;
        state.loginNotice = null;
        return notice;
      },
    };
    try {
      await route.view(container, context);
    } catch (error) {
      if (thisRender !== renderCount) return;
      if (error && error.status === 401) return;
      replaceChildren(container, h('h1', { class: 'page-title', tabindex: '-1', text: t(route.titleKey) }), banner('error', errorText(error)));
    }
  }
  if (thisRender !== renderCount || options.keepFocus || options.initial) return;
  if (!container.contains(document.activeElement)) {
    const heading = container.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

function showStartupFailure(error) {
  replaceChildren(
    root,
    h(
      'div',
      { class: 'startup-failure' },
      banner('error', error && error.code === 'network' ? t('error.network') : errorText(error), {
        label: t('common.retry'),
        onClick: () => window.location.reload(),
      }),
    ),
  );
}

async function start() {
  setLanguageProvider(getLanguage);
  try {
    await initI18n();
  } catch {
    // Without strings the page can only say so in both languages.
    replaceChildren(
      root,
      h('p', { class: 'boot-message', text: 'تعذّر تحميل واجهة تكامل. أعد تحميل الصفحة.' }),
      h('p', { class: 'boot-message', lang: 'en', dir: 'ltr', text: 'The Takamul interface could not be loaded. Reload the page.' }),
    );
    return;
  }
  onUnauthorized(handleSessionEnded);
  onSessionTime((seconds) => sessionTimer.heard(seconds));
  try {
    setSession(await api.get('/me', undefined, { quietUnauthorized: true }));
    if (frameMode() === 'in') loadCodes().catch(() => {});
  } catch (error) {
    if (error.status !== 401) {
      showStartupFailure(error);
      return;
    }
    clearSession();
  }
  window.addEventListener('hashchange', () => renderRoute());
  renderFrame();
  await renderRoute({ initial: true });
}

start();

// What the case pages share: who may use cases, the kinds and stages in order, how a reference, a stage, a risk level,
// the stage progress and a list of tasks are shown, and the success message carried to the next case page drawn.

import { t, formatNumber, formatDateTime, formatCalendarDate } from '../i18n.js';
import { h } from './dom.js';
import { codeLabel } from './codes.js';
import { dataTable } from './table.js';

// The roles that see cases (docs/api.md, "Cases"); managers only read them.
export const CASE_ROLES = ['caseworker', 'monitor', 'officer', 'supervisor', 'manager'];
export const CASE_WRITE_ROLES = ['caseworker', 'monitor', 'officer', 'supervisor'];

function holds(user, roles) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.some((role) => roles.includes(role)));
}

export function canUseCases(user) {
  return holds(user, CASE_ROLES);
}

export function canRegisterCases(user) {
  return holds(user, CASE_WRITE_ROLES);
}

// Only a supervisor restricts a case (the API answers case.supervisor_only to everyone else).
export function isSupervisor(user) {
  return holds(user, ['supervisor']);
}

export const KINDS = ['family_violence', 'juvenile_conflict', 'juvenile_protection', 'inmate_family'];
// The open stages in their order; a closed case is 'closed'.
export const STAGES = ['registration', 'assessment', 'case_plan', 'implementation', 'follow_up'];
export const ASSIGNMENT_ROLES = ['caseworker', 'monitor', 'officer'];
export const PERSON_ROLES_IN_CASE = ['victim', 'alleged_perpetrator', 'juvenile', 'inmate', 'family_member', 'guardian', 'reporter', 'witness'];

// The person a case of each kind is about: the case cannot leave registration without one (case.needs_person).
export const PRINCIPAL_ROLE = {
  family_violence: 'victim',
  juvenile_conflict: 'juvenile',
  juvenile_protection: 'juvenile',
  inmate_family: 'inmate',
};

// The stage after `stage`, or null at the last open stage and for a closed case.
export function nextStage(stage) {
  const index = STAGES.indexOf(stage);
  return index >= 0 && index + 1 < STAGES.length ? STAGES[index + 1] : null;
}

// The interface's address of a case: '#/cases/<id>'.
export function caseHash(id) {
  return '#/cases/' + encodeURIComponent(String(id));
}

export const kindLabel = (kind) => codeLabel('case_kinds', kind);
export const stageLabel = (stage) => codeLabel('case_stages', stage);
export const riskLabel = (level) => codeLabel('risk_levels', level);
// `gender`: the sex of whom the role is about, for the form that agrees with them.
export const personRoleLabel = (role, gender) => codeLabel('case_person_roles', role, { gender });
export const assignmentRoleLabel = (role, gender) => codeLabel('assignment_roles', role, { gender });
export const taskLabel = (kind) => codeLabel('task_kinds', kind);

// A case reference ('FV-2026-000123'), kept left to right in either language.
export function referenceText(reference, testId) {
  return h('bdi', { dir: 'ltr', class: 'case-reference', 'data-test': testId || null, text: reference || '' });
}

export function stageTag(stage) {
  return h('span', { class: ['tag', 'stage-tag', stage === 'closed' ? 'status-closed' : null], 'data-stage': stage, 'data-test': 'stage-tag', text: stageLabel(stage) });
}

// The risk level as a coloured tag; "not assessed" when there is none.
export function riskTag(level) {
  if (!level) return h('span', { class: 'tag tag-muted', 'data-risk': '', text: t('cases.risk_none') });
  return h('span', { class: ['tag', 'risk-' + level], 'data-risk': level, text: riskLabel(level) });
}

export function overdueTag() {
  return h('span', { class: 'tag status-overdue', 'data-test': 'overdue-badge', text: t('cases.overdue') });
}

// The stages from registration to closure, those passed ticked and the current one marked. A case closed before the
// last stage (`closedFrom`, the stage it was closed from) shows the stages it never reached as skipped.
export function stageProgress(c, closedFrom) {
  const steps = [...STAGES, 'closed'];
  const current = steps.indexOf(c.stage);
  const last = c.stage === 'closed' && STAGES.includes(closedFrom) ? STAGES.indexOf(closedFrom) : current - 1;
  return h(
    'ol',
    { class: 'stage-progress', 'aria-label': t('cases.progress'), 'data-test': 'stage-progress' },
    steps.map((stage, index) => {
      let state = 'todo';
      if (index === current) state = 'current';
      else if (index <= last) state = 'done';
      else if (index < current) state = 'skipped';
      const ticked = state === 'done' || (state === 'current' && stage === 'closed');
      return h(
        'li',
        { class: ['stage-step', 'stage-' + state], 'aria-current': state === 'current' ? 'step' : null, 'data-stage': stage },
        h('span', { class: 'stage-marker', 'aria-hidden': 'true', text: ticked ? '✓' : formatNumber(index + 1) }),
        h('span', { class: 'stage-name', text: stageLabel(stage) }),
        state === 'done' ? h('span', { class: 'visually-hidden', text: ' ' + t('cases.stage_done') }) : null,
        state === 'skipped' ? h('span', { class: 'visually-hidden', text: ' ' + t('cases.stage_skipped') }) : null,
        state === 'current' ? h('span', { class: 'visually-hidden', text: ' ' + t('cases.stage_current') }) : null,
      );
    }),
  );
}

// When a task falls due, as a <time> with `attrs`: the day alone for a deadline set by a date (due_on: by the end of
// that day in Amman), else the date and time in Amman.
export function taskDue(task, attrs) {
  const text = task.due_on ? formatCalendarDate(task.due_on, { month: 'short' }) : formatDateTime(task.due_at);
  return h('time', { datetime: task.due_at, ...attrs, text });
}

// A table of open tasks, soonest first: what is due and when (Amman time), overdue ones marked in red. With `withCase`
// each row names its case with a link.
export function taskTable(tasks, { withCase = false, testId = 'tasks-table', empty } = {}) {
  const columns = [
    { label: t('tasks.kind'), className: 'cell-task', cell: (task) => h('span', { 'data-test': 'task-kind', 'data-kind': task.kind, text: taskLabel(task.kind) }) },
    withCase
      ? {
        label: t('tasks.case'),
        cell: (task) => h(
          'span',
          {},
          h('a', { href: caseHash(task.case_id), class: 'nowrap', 'data-test': 'task-case' }, referenceText(task.case_reference)),
          task.case_kind ? h('span', { class: 'cell-sub', text: kindLabel(task.case_kind) }) : null,
        ),
      }
      : null,
    {
      label: t('tasks.due'),
      cell: (task) => h(
        'span',
        { class: 'task-due' },
        taskDue(task, { class: task.overdue ? 'overdue-text' : null, 'data-test': 'task-due' }),
        task.overdue ? overdueTag() : null,
      ),
    },
  ].filter(Boolean);
  const table = dataTable({ columns, rows: tasks, caption: t('tasks.title'), empty: empty || t('tasks.empty'), testId, stack: true });
  for (const [index, task] of tasks.entries()) {
    const row = table.element.querySelectorAll('tbody tr')[index];
    if (row) {
      row.setAttribute('data-test', 'task');
      if (task.overdue) row.classList.add('row-overdue');
    }
  }
  return table.element;
}

// A success message carried to the next case page drawn (after registering, saving or moving a case).
let flash = null;

export function setFlash(text) {
  flash = text;
}

export function takeFlash() {
  const text = flash;
  flash = null;
  return text;
}

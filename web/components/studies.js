// Social studies (الدراسات الاجتماعية): the status tag, the template's name, the found text of a search with its
// matches marked, the addresses of a study's document, and the case page's tab that lists the case's studies, starts
// a new draft on a template of the case's kind and says when the next follow-up report is due.

import { api } from '../api.js';
import { t, formatDateTime, formatNumber, getLanguage } from '../i18n.js';
import { h } from './dom.js';
import { bannerSlot, errorText } from './banner.js';
import { dataTable } from './table.js';
import { overdueTag, taskDue } from './cases.js';

export const studyHash = (id) => '#/studies/' + id;

export const STUDY_STATUSES = ['draft', 'submitted', 'returned', 'approved'];

// The template of the follow-up report on a juvenile (تقرير متابعة), and the task that asks for it.
export const FOLLOWUP_TEMPLATE = 'followup_report';
export const MONITOR_REPORT_TASK = 'monitor_report';

// The studies a task asks for: the juvenile's social study at the start of the investigation (task social_study,
// template juvenile) and the follow-up report; prefix: their strings (studies.<prefix>_due …) and test ids.
const DUE_STUDIES = [
  { task: 'social_study', template: 'juvenile', prefix: 'social_study', testId: 'social-study' },
  { task: MONITOR_REPORT_TASK, template: FOLLOWUP_TEMPLATE, prefix: 'followup', testId: 'followup' },
];

const STATUS_CLASS = { draft: 'tag-muted', submitted: 'status-warning', returned: 'tag-danger', approved: 'status-active' };

export function studyStatusTag(status) {
  return h('span', { class: ['tag', STATUS_CLASS[status] || null], 'data-test': 'study-status', 'data-status': status, text: t('studies.status.' + status) });
}

export function versionOutcomeTag(outcome) {
  const cls = { pending: 'status-warning', returned: 'tag-danger', approved: 'status-active' }[outcome];
  return h('span', { class: ['tag', cls || null], 'data-test': 'version-outcome', 'data-outcome': outcome, text: t('studies.outcome.' + outcome) });
}

// The name of a template in the interface's language: from a study ({template_name_ar|en}) or a template ({name_ar|en}).
export function templateName(record) {
  if (!record) return '';
  const lang = getLanguage();
  return record['template_name_' + lang] || record['name_' + lang] || record.template_name_ar || record.name_ar || record.template || record.code || '';
}

export const sectionTitle = (section) => section['title_' + getLanguage()] || section.title_ar || section.key;

// The title of section `key` of template `code` among `templates` (GET /study-templates); the key when unknown.
export function sectionTitleIn(templates, code, key) {
  const template = (templates || []).find((tpl) => tpl.code === code);
  const section = template && (template.sections || []).find((s) => s.key === key);
  return section ? sectionTitle(section) : key || '';
}

// The words of a study found by a search: the parts of the snippet in order, the matching ones in <mark>; put
// together they read as the text (the server keeps the spaces in the parts that are not a match).
export function snippetText(parts) {
  if (!Array.isArray(parts) || !parts.length) return null;
  const nodes = parts.filter((part) => part && part.text).map((part) => (part.match ? h('mark', { text: part.text }) : part.text));
  return h('p', { class: 'study-snippet', dir: 'auto', 'data-test': 'study-snippet' }, nodes);
}

// The address of a study as a document: `purpose` 'court' (approved only) or 'copy' (juveniles' names withheld);
// with `pdf` the server's PDF of it, to download.
export function studyDocumentPath(id, purpose, pdf) {
  return `/studies/${encodeURIComponent(String(id))}/document?purpose=${purpose}${pdf ? '&format=pdf' : ''}`;
}

export const studyDocumentUrl = (id, purpose, pdf) => '/api/v1' + studyDocumentPath(id, purpose, pdf);

// Starts a draft on the case, on `template` (the default of the case's kind when omitted), and opens it.
async function startStudy(c, template, { button, messages, navigate }) {
  button.disabled = true;
  messages.clear();
  try {
    const study = await api.post(`/cases/${c.id}/studies`, template ? { template } : {});
    navigate(studyHash(study.id));
  } catch (failure) {
    messages.error(failure);
    button.disabled = false;
    button.removeAttribute('disabled');
  }
}

// The notes of the studies the case's tasks ask for (the juvenile's social study, the next follow-up report): when
// each is due (overdue in red), and a button that starts it, or opens the one being written. Null when the case has
// no such task. studies: the case's studies; templates: those of the case's kind. Options: writable, navigate,
// messages.
export function followupHint(c, tasks, studies, templates, options) {
  const hints = DUE_STUDIES.map((due) => dueStudyHint(c, due, tasks, studies, templates, options)).filter(Boolean);
  return hints.length ? hints : null;
}

function dueStudyHint(c, due, tasks, studies, templates, { writable, navigate, messages }) {
  const task = (tasks || []).find((item) => item.kind === due.task);
  if (!task) return null;
  const offered = (templates || []).some((tpl) => tpl.code === due.template);
  const open = (studies || []).find((s) => s.template === due.template && s.status !== 'approved');
  let action = null;
  if (open) {
    action = h('a', { href: studyHash(open.id), class: 'button button-small', 'data-test': `${due.testId}-open` }, t(`studies.${due.prefix}_open`));
  } else if (writable && offered) {
    action = h('button', {
      type: 'button',
      class: 'button button-small button-primary',
      'data-test': `${due.testId}-start`,
      onclick: (event) => startStudy(c, due.template, { button: event.currentTarget, messages, navigate }),
    }, t(`studies.${due.prefix}_start`));
  }
  return h(
    'div',
    { class: ['followup-hint', task.overdue ? 'followup-hint-overdue' : null], role: 'note', 'data-test': `${due.testId}-hint`, 'data-overdue': task.overdue ? 'true' : 'false' },
    h(
      'p',
      { class: 'followup-hint-text' },
      t(task.overdue ? `studies.${due.prefix}_overdue` : `studies.${due.prefix}_due`),
      ' ',
      taskDue(task, { 'data-test': `${due.testId}-due` }),
      task.overdue ? [' ', overdueTag()] : null,
    ),
    action,
  );
}

// The way to start a draft: one button when the case's kind has one template; a choice of template and the button
// when it has more (a juvenile's study or a follow-up report).
function newStudyControl(c, templates, { messages, navigate }) {
  const list = templates || [];
  if (list.length <= 1) {
    return h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'study-new',
      onclick: (event) => startStudy(c, list[0] ? list[0].code : null, { button: event.currentTarget, messages, navigate }),
    }, t('studies.new'));
  }
  const id = 'study-template-choice';
  const select = h('select', { id, 'data-test': 'study-template' }, list.map((tpl) => h('option', { value: tpl.code, text: templateName(tpl) })));
  return h(
    'div',
    { class: 'study-new-choice', role: 'group', 'aria-label': t('studies.new') },
    h('label', { for: id, text: t('studies.template_choice') }),
    select,
    h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'study-new',
      onclick: (event) => startStudy(c, select.value, { button: event.currentTarget, messages, navigate }),
    }, t('studies.new_start')),
  );
}

// The tab. studies: the case's studies (newest first), templates: the study templates of the case's kind (their
// names, and the ones a draft may be started on), tasks: the case's open tasks (for the follow-up report due), error:
// an ApiError met while loading the studies. Options: writable (a new draft may be started), navigate(hash).
export function caseStudiesPanel(c, { studies, templates, tasks, error }, { writable, navigate }) {
  const messages = bannerSlot();
  const names = new Map((templates || []).map((tpl) => [tpl.code, tpl]));
  const create = writable && (templates || []).length ? newStudyControl(c, templates, { messages, navigate }) : null;
  const table = dataTable({
    columns: [
      { label: t('studies.column.template'), cell: (s) => h('a', { href: studyHash(s.id), 'data-test': 'study-link' }, templateName(names.get(s.template) || s)) },
      { label: t('studies.column.status'), cell: (s) => studyStatusTag(s.status) },
      { label: t('studies.column.author'), cell: (s) => h('bdi', { dir: 'auto', text: s.author_name || '' }) },
      { label: t('studies.column.submissions'), cell: (s) => formatNumber(s.submissions || 0) },
      { label: t('studies.column.updated'), cell: (s) => h('time', { datetime: s.updated_at, text: formatDateTime(s.updated_at) }) },
    ],
    rows: studies || [],
    caption: t('studies.list'),
    empty: t('studies.empty'),
    testId: 'case-studies',
    stack: true,
    onRowClick: (s) => navigate(studyHash(s.id)),
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'case-studies-title', 'data-test': 'case-studies-section' },
    h('div', { class: 'card-header-row' }, h('h2', { class: 'card-title', id: 'case-studies-title', text: t('studies.list') }), create),
    h('p', { class: 'card-note', text: t('studies.lead') }),
    messages.element,
    error ? null : followupHint(c, tasks, studies, templates, { writable, navigate, messages }),
    error ? h('p', { class: 'field-error', text: errorText(error) }) : table.element,
  );
}

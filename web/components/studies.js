// Social studies (الدراسات الاجتماعية): the status tag, the template's name, and the case page's tab that lists the
// case's studies and starts a new draft.

import { api } from '../api.js';
import { t, formatDateTime, formatNumber, getLanguage } from '../i18n.js';
import { h } from './dom.js';
import { bannerSlot } from './banner.js';
import { dataTable } from './table.js';

export const studyHash = (id) => '#/studies/' + id;

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

// The tab. studies: the case's studies (newest first), templates: the study templates (for their names), error: an
// ApiError met while loading them. Options: writable (a new draft may be started), navigate(hash).
export function caseStudiesPanel(c, { studies, templates, error }, { writable, navigate }) {
  const messages = bannerSlot();
  const names = new Map((templates || []).map((tpl) => [tpl.code, tpl]));
  const create = writable
    ? h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'study-new',
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          const study = await api.post(`/cases/${c.id}/studies`, {});
          navigate(studyHash(study.id));
        } catch (failure) {
          messages.error(failure);
          button.disabled = false;
          button.removeAttribute('disabled');
        }
      },
    }, t('studies.new'))
    : null;
  const table = dataTable({
    columns: [
      { label: t('studies.column.template'), cell: (s) => h('a', { href: studyHash(s.id), 'data-test': 'study-link' }, templateName(names.get(s.template)) || s.template) },
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
    error ? h('p', { class: 'field-error', text: error.serverMessage || t('error.unexpected_plain') }) : table.element,
  );
}

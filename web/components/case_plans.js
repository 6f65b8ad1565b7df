// What a social worker plans on a case, as two tabs of the case page and a tool on each incident:
// - "Risk and safety" (family violence): the risk factors answered one by one (yes, no, not known), the level they
//   suggest shown as they are answered, another level only with a reason (GET|POST /cases/{id}/risk-assessments);
//   the safety plan, saved in versions (GET|PUT /cases/{id}/safety-plan);
// - "Case plan": the goals, each with its services, who answers for it and its review date, achieved or dropped with
//   an outcome (GET|POST /cases/{id}/goals, PATCH /cases/{id}/goals/{goal_id});
// - an incident corrected with a reason, and the values it replaced (PATCH /cases/{id}/incidents/{incident_id},
//   GET …/revisions).
// Each panel loads its own records when drawn.

import { api } from '../api.js';
import { t, formatDateTime, formatCalendarDate, formatNumber } from '../i18n.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { banner, bannerSlot, errorText } from './banner.js';
import { textField, textAreaField, selectField, checkboxGroup, groupField, dateField, createForm } from './form.js';
import { modalDialog } from './dialog.js';
import { keepDraft } from './drafts.js';
import { codeLabel, codeChoices } from './codes.js';

// The factors that make the risk high by themselves (the server's rule; shown as they are answered).
const CRITICAL = ['weapon', 'death_threats', 'fears_for_life', 'strangulation'];

// The level the answered factors suggest: the same rule as the server's (domain/cases/case_plans.c).
export function suggestedLevel(present) {
  if (present.some((code) => CRITICAL.includes(code))) return 'high';
  if (present.length >= 5) return 'high';
  return present.length >= 2 ? 'medium' : 'low';
}

function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('app.loading') });
}

const ammanToday = () => new Date(Date.now() + 3 * 3600e3).toISOString().slice(0, 10);

function levelTag(level) {
  const cls = level === 'high' ? 'tag-danger' : level === 'medium' ? 'status-warning' : 'status-active';
  return h('span', { class: ['tag', cls], 'data-level': level, text: codeLabel('risk_levels', level) });
}

// --- risk and safety ---

function assessmentCard(latest, count) {
  if (!latest) return h('p', { class: 'muted', 'data-test': 'risk-none', text: t('plans.risk_none') });
  const present = latest.present || [];
  return h(
    'div',
    { class: 'record', 'data-test': 'risk-latest' },
    h('p', { class: 'record-head' }, levelTag(latest.level), ' ', latest.overridden
      ? h('span', { class: 'tag status-warning', 'data-test': 'risk-overridden', text: t('plans.risk_overridden', { level: codeLabel('risk_levels', latest.suggested) }) })
      : h('span', { class: 'muted', text: t('plans.risk_as_suggested') })),
    present.length
      ? h('ul', { class: 'tag-list', 'data-test': 'risk-present' }, present.map((code) => h('li', { class: ['tag', CRITICAL.includes(code) ? 'tag-danger' : null], text: codeLabel('risk_factors', code) })))
      : h('p', { class: 'muted', text: t('plans.risk_no_factors') }),
    latest.override_reason ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'risk-override-reason' }, t('plans.risk_reason') + ' ', h('bdi', { text: latest.override_reason })) : null,
    latest.notes ? h('p', { class: 'notes-text', dir: 'auto', text: latest.notes }) : null,
    h('p', { class: 'record-meta', text: t('plans.assessed', { who: latest.assessed_by_name || t('cases.someone'), when: formatDateTime(latest.assessed_at), count: formatNumber(count) }, { gender: latest.assessed_by_sex }) }),
  );
}

// The factors answered one by one: yes, no, or not known (left out).
function factorsField() {
  const answers = new Map();
  const rows = codeChoices('risk_factors').map((choice) => {
    const name = uniqueId('factor-' + choice.value);
    const radios = ['yes', 'no', 'unknown'].map((value) => {
      const id = uniqueId(name + '-' + value);
      const input = h('input', { type: 'radio', name, value, id, checked: value === 'unknown', 'data-test': `factor-${choice.value}-${value}` });
      answers.set(`${choice.value}:${value}`, input);
      return h('span', { class: 'radio' }, input, h('label', { for: id, text: t('plans.answer.' + value) }));
    });
    return h(
      'div',
      { class: ['factor-row', CRITICAL.includes(choice.value) ? 'factor-critical' : null], role: 'radiogroup', 'aria-label': choice.label, 'data-test': 'factor', 'data-factor': choice.value },
      h('span', { class: 'factor-label', text: choice.label }),
      h('span', { class: 'factor-answers' }, radios),
    );
  });
  const field = groupField({ name: 'present', label: t('plans.factors'), hint: t('plans.factors_hint'), testId: 'risk-factors' }, h('div', { class: 'factor-list' }, rows),
    () => rows[0] && rows[0].querySelector('input'));
  const answered = (value) => codeChoices('risk_factors').map((c) => c.value).filter((code) => answers.get(`${code}:${value}`).checked);
  field.getValue = () => answered('yes');
  field.absent = () => answered('no');
  field.setValue = () => {};
  // a draft keeps every answer given: {factor: 'yes' | 'no'}
  field.getDraft = () => Object.fromEntries(codeChoices('risk_factors').map((c) => c.value)
    .map((code) => [code, ['yes', 'no'].find((value) => answers.get(`${code}:${value}`).checked)]).filter(([, value]) => value));
  field.setDraft = (value) => {
    for (const code of codeChoices('risk_factors').map((c) => c.value)) {
      const answer = (value && value[code]) || 'unknown';
      if (answers.has(`${code}:${answer}`)) answers.get(`${code}:${answer}`).checked = true;
    }
  };
  field.onChange = (listener) => field.element.addEventListener('change', listener);
  return field;
}

function riskForm(c, onChanged) {
  const factors = factorsField();
  const suggested = h('p', { class: 'risk-suggested', 'aria-live': 'polite', 'data-test': 'risk-suggested' });
  const level = selectField({
    name: 'level',
    label: t('plans.level'),
    choices: codeChoices('risk_levels'),
    emptyLabel: t('plans.level_suggested'),
    testId: 'risk-level',
  });
  const reason = textAreaField({ name: 'override_reason', label: t('plans.override_reason'), hint: t('plans.override_hint'), rows: 2, dir: 'auto', maxlength: 1000, testId: 'risk-override-reason' });
  const notes = textAreaField({ name: 'notes', label: t('plans.risk_notes'), rows: 3, dir: 'auto', maxlength: 2000, testId: 'risk-notes' });
  const sync = () => {
    const level0 = suggestedLevel(factors.getValue());
    replaceChildren(suggested, t('plans.suggested') + ' ', levelTag(level0));
    reason.element.hidden = !level.getValue() || level.getValue() === level0;
  };
  factors.onChange(sync);
  level.control.addEventListener('change', sync);
  let draft = null;
  const form = createForm({
    fields: [factors, level, reason, notes],
    layout: [factors.element, suggested, level.element, reason.element, notes.element],
    submitLabel: t('plans.risk_save'),
    busyLabel: t('common.saving'),
    testId: 'risk-form',
    validate: (values) => {
      const problems = {};
      if (!values.present.length && !factors.absent().length) problems.present = t('plans.factors_needed');
      const chosen = values.level;
      if (chosen && chosen !== suggestedLevel(values.present) && !values.override_reason) problems.override_reason = t('plans.override_needed');
      return problems;
    },
    onSubmit: async (values) => {
      const body = { present: values.present, absent: factors.absent() };
      if (values.level) body.level = values.level;
      if (values.level && values.override_reason) body.override_reason = values.override_reason;
      if (values.notes) body.notes = values.notes;
      const saved = await api.post(`/cases/${c.id}/risk-assessments`, body);
      draft.clear();
      onChanged(t('plans.risk_saved', { level: codeLabel('risk_levels', saved.level) }));
    },
  });
  sync();
  draft = keepDraft(form, `risk/${c.id}`, { onRestore: sync });
  return { element: form.element, restored: draft.restored };
}

const PLAN_PARTS = ['safe_place', 'contacts', 'warning_signs', 'actions', 'children'];

function safetyPlanCard(c, plan, { writable, onChanged, parent }) {
  const current = plan.current;
  const shown = h(
    'dl',
    { class: 'details', 'data-test': 'safety-plan' },
    PLAN_PARTS.map((part) => (current && current[part]
      ? h('div', { class: 'details-row' }, h('dt', { text: t('plans.safety.' + part) }), h('dd', { 'data-test': 'safety-' + part }, h('p', { class: 'notes-text', dir: 'auto', text: current[part] })))
      : null)),
    current && current.review_on ? h('div', { class: 'details-row' }, h('dt', { text: t('plans.safety.review_on') }), h('dd', { text: formatCalendarDate(current.review_on) })) : null,
  );
  const fields = PLAN_PARTS.map((part) => textAreaField({ name: part, label: t('plans.safety.' + part), value: current ? current[part] || '' : '', rows: 2, dir: 'auto', maxlength: 2000, testId: 'safety-input-' + part }));
  const review = dateField({ name: 'review_on', label: t('plans.safety.review_on'), value: current ? current.review_on || '' : '', testId: 'safety-input-review_on' });
  let draft = null;
  const form = writable
    ? createForm({
      fields: [...fields, review],
      submitLabel: t('plans.safety_save'),
      busyLabel: t('common.saving'),
      testId: 'safety-form',
      // Reload after a conflict takes the plan as it now is: what was typed is given up, its draft too.
      errorAction: () => ({
        label: t('common.reload'),
        onClick: () => {
          draft.clear();
          onChanged(null);
        },
      }),
      onSubmit: async (values) => {
        const body = { version: current ? current.version : null };
        for (const part of PLAN_PARTS) body[part] = values[part] || null;
        body.review_on = values.review_on || null;
        const saved = await api.put(`/cases/${c.id}/safety-plan`, body);
        draft.clear();
        onChanged(t('plans.safety_saved', { version: formatNumber(saved.version) }));
      },
    })
    : null;
  if (form) draft = keepDraft(form, `safety_plan/${c.id}`);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'safety-title', 'data-test': 'safety-card' },
    h('h2', { class: 'card-title', id: 'safety-title', text: t('plans.safety_title') }),
    current
      ? [shown, h('p', { class: 'record-meta', 'data-test': 'safety-version', text: t('plans.safety_version', { version: formatNumber(current.version), who: current.saved_by_name || t('cases.someone'), when: formatDateTime(current.saved_at) }, { gender: current.saved_by_sex }) })]
      : h('p', { class: 'muted', 'data-test': 'safety-none', text: t('plans.safety_none') }),
    form ? h('details', { class: 'plan-edit', open: !current || draft.restored }, h('summary', { text: current ? t('plans.safety_change') : t('plans.safety_write') }), form.element) : null,
  );
}

// The form of a new assessment, folded away once there is one unless it holds text put back.
function riskDetails(c, items, onChanged) {
  const form = riskForm(c, onChanged);
  return h('details', { class: 'plan-edit', open: !items.length || form.restored }, h('summary', { text: items.length ? t('plans.risk_again') : t('plans.risk_assess') }), form.element);
}

// The "Risk and safety" tab of a family-violence case.
export function riskPanel(c, { writable, onChanged, parent }) {
  const body = h('div', { class: 'card-stack' }, loading());
  Promise.all([api.get(`/cases/${c.id}/risk-assessments`), api.get(`/cases/${c.id}/safety-plan`)])
    .then(([assessments, plan]) => {
      const items = assessments.items || [];
      replaceChildren(
        body,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'risk-title', 'data-test': 'risk-card' },
          h('h2', { class: 'card-title', id: 'risk-title', text: t('plans.risk_title') }),
          assessmentCard(items[0], items.length),
          writable ? riskDetails(c, items, onChanged) : null,
        ),
        safetyPlanCard(c, plan, { writable, onChanged, parent }),
      );
    })
    .catch((error) => replaceChildren(body, banner('error', errorText(error))));
  return body;
}

// --- the case plan ---

function goalItem(c, goal, { writable, onChanged, parent }) {
  const overdue = goal.status === 'open' && goal.review_on && goal.review_on < ammanToday();
  const close = (status) => outcomeDialog({
    parent,
    status,
    draftName: `goal_${status}/${goal.id}`,
    onSubmit: (outcome) => api.patch(`/cases/${c.id}/goals/${goal.id}`, { version: goal.version, status, outcome }),
    onDone: () => onChanged(t(status === 'achieved' ? 'plans.goal_achieved_done' : 'plans.goal_dropped_done')),
  });
  return h(
    'li',
    { class: 'record', 'data-test': 'goal', 'data-goal-id': String(goal.id), 'data-status': goal.status },
    h('p', { class: 'record-head' },
      h('span', { class: ['tag', goal.status === 'achieved' ? 'status-active' : goal.status === 'dropped' ? 'tag-muted' : 'status-warning'], 'data-test': 'goal-status', text: codeLabel('goal_statuses', goal.status) }),
      ' ',
      h('bdi', { class: 'record-title', dir: 'auto', 'data-test': 'goal-text', text: goal.goal })),
    (goal.services || []).length ? h('ul', { class: 'tag-list' }, goal.services.map((code) => h('li', { class: 'tag', text: codeLabel('service_types', code) }))) : null,
    h('dl', { class: 'details details-compact' },
      goal.responsible ? h('div', { class: 'details-row' }, h('dt', { text: t('plans.goal_responsible') }), h('dd', {}, h('bdi', { dir: 'auto', text: goal.responsible }))) : null,
      goal.review_on ? h('div', { class: 'details-row' }, h('dt', { text: t('plans.goal_review_on') }), h('dd', { class: overdue ? 'overdue-text' : null, 'data-test': 'goal-review' }, formatCalendarDate(goal.review_on))) : null,
      goal.outcome ? h('div', { class: 'details-row' }, h('dt', { text: t('plans.goal_outcome') }), h('dd', {}, h('p', { class: 'notes-text', dir: 'auto', text: goal.outcome }))) : null),
    writable && goal.status === 'open'
      ? h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'button button-small', 'data-test': 'goal-achieved', onclick: () => close('achieved') }, t('plans.goal_achieve')),
        h('button', { type: 'button', class: 'button button-small button-danger-quiet', 'data-test': 'goal-dropped', onclick: () => close('dropped') }, t('plans.goal_drop')))
      : null,
  );
}

function outcomeDialog({ parent, status, draftName, onSubmit, onDone }) {
  const outcome = textAreaField({ name: 'outcome', label: t('plans.goal_outcome'), required: true, rows: 3, dir: 'auto', maxlength: 1000, testId: 'goal-outcome' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [outcome],
    submitLabel: t(status === 'achieved' ? 'plans.goal_achieve' : 'plans.goal_drop'),
    busyLabel: t('common.saving'),
    testId: 'goal-outcome-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      await onSubmit(values.outcome);
      draft.clear();
      dialog.close();
      onDone();
    },
  });
  draft = keepDraft(form, draftName);
  dialog = modalDialog({ title: t(status === 'achieved' ? 'plans.goal_achieve' : 'plans.goal_drop'), content: form.element, testId: 'goal-outcome-dialog' });
  dialog.open(parent, outcome.control);
}

function goalForm(c, onChanged) {
  const goal = textAreaField({ name: 'goal', label: t('plans.goal'), required: true, rows: 2, dir: 'auto', maxlength: 1000, testId: 'goal-input' });
  // (named apart from the referral form's services, on another tab of the same page)
  const services = checkboxGroup({ name: 'goal_services', label: t('plans.goal_services'), choices: codeChoices('service_types') });
  const responsible = textField({ name: 'responsible', label: t('plans.goal_responsible'), dir: 'auto', maxlength: 200, testId: 'goal-responsible' });
  const review = dateField({ name: 'review_on', label: t('plans.goal_review_on'), required: true, testId: 'goal-review-input' });
  let draft = null;
  const form = createForm({
    fields: [goal, services, responsible, review],
    submitLabel: t('plans.goal_add'),
    busyLabel: t('common.saving'),
    testId: 'goal-form',
    onSubmit: async (values) => {
      const body = { goal: values.goal, review_on: values.review_on };
      if (values.goal_services.length) body.services = values.goal_services;
      if (values.responsible) body.responsible = values.responsible;
      await api.post(`/cases/${c.id}/goals`, body);
      draft.clear();
      onChanged(t('plans.goal_added'));
    },
  });
  draft = keepDraft(form, `goal/${c.id}`);
  return { element: form.element, restored: draft.restored };
}

// The form that adds a goal, folded away once there are goals unless it holds text put back.
function goalDetails(c, goals, onChanged) {
  const form = goalForm(c, onChanged);
  return h('details', { class: 'plan-edit', open: !goals.length || form.restored }, h('summary', { text: t('plans.goal_add') }), form.element);
}

// The "Case plan" tab: the goals, and for those who may change the case the form that adds one.
export function planPanel(c, { writable, onChanged, parent }) {
  const body = h('div', { class: 'card-stack' }, loading());
  api.get(`/cases/${c.id}/goals`)
    .then((answer) => {
      const goals = answer.items || [];
      replaceChildren(
        body,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'goals-title', 'data-test': 'goals-card' },
          h('h2', { class: 'card-title', id: 'goals-title', text: t('plans.goals_title') }),
          goals.length
            ? h('ul', { class: 'record-list', 'data-test': 'goals' }, goals.map((goal) => goalItem(c, goal, { writable, onChanged, parent })))
            : h('p', { class: 'muted', 'data-test': 'goals-none', text: t('plans.goals_none') }),
          writable ? goalDetails(c, goals, onChanged) : null,
        ),
      );
    })
    .catch((error) => replaceChildren(body, banner('error', errorText(error))));
  return body;
}

// --- corrections of incidents ---

// The tools under an incident: "corrected N times" with the values it replaced, and for those who may change the case
// a correction with a reason.
export function incidentCorrection(c, incident, { writable, onChanged, parent }) {
  const history = h('div', { class: 'incident-revisions' });
  const showHistory = incident.corrections
    ? h('button', {
      type: 'button',
      class: 'button-link',
      'data-test': 'incident-history',
      onclick: async () => {
        try {
          const answer = await api.get(`/cases/${c.id}/incidents/${incident.id}/revisions`);
          replaceChildren(history, h('ol', { class: 'revision-list', 'data-test': 'incident-revisions' }, (answer.items || []).map((r) => h(
            'li',
            { 'data-test': 'incident-revision' },
            h('p', { text: t('plans.revision_was', { date: formatCalendarDate(r.occurred_on), types: (r.violence_types || []).map((v) => codeLabel('violence_types', v)).join('، ') }) }),
            r.place ? h('p', { class: 'cell-sub' }, h('bdi', { dir: 'auto', text: r.place })) : null,
            h('p', { class: 'record-meta' }, t('plans.revision_reason') + ' ', h('bdi', { dir: 'auto', text: r.reason || '' }), ' — ', r.corrected_by_name || t('cases.someone'), ' — ', formatDateTime(r.corrected_at)),
          ))));
        } catch (error) {
          replaceChildren(history, banner('error', errorText(error)));
        }
      },
    }, t('plans.incident_corrected', { count: formatNumber(incident.corrections) }))
    : null;
  const correct = writable
    ? h('button', { type: 'button', class: 'button button-small', 'data-test': 'incident-correct', onclick: () => correctionDialog(c, incident, { parent, onChanged }) }, t('plans.incident_correct'))
    : null;
  if (!showHistory && !correct) return null;
  return h('div', { class: 'incident-tools' }, h('div', { class: 'form-actions' }, correct, showHistory), history);
}

function correctionDialog(c, incident, { parent, onChanged }) {
  const occurred = dateField({ name: 'occurred_on', label: t('cases.incident.occurred_on'), required: true, value: incident.occurred_on, testId: 'correct-date' });
  const types = checkboxGroup({ name: 'corrected_types', label: t('cases.incident.violence_types'), required: true, choices: codeChoices('violence_types'), value: incident.violence_types || [] });
  const place = textField({ name: 'place', label: t('cases.incident.place'), dir: 'auto', maxlength: 300, value: incident.place || '', testId: 'correct-place' });
  const description = textAreaField({ name: 'description', label: t('cases.incident.description'), dir: 'auto', maxlength: 4000, rows: 3, value: incident.description || '', testId: 'correct-description' });
  const reason = textAreaField({ name: 'reason', label: t('plans.incident_reason'), required: true, dir: 'auto', maxlength: 1000, rows: 2, testId: 'correct-reason' });
  let dialog;
  let draft = null;
  const form = createForm({
    fields: [occurred, types, place, description, reason],
    submitLabel: t('plans.incident_correct'),
    busyLabel: t('common.saving'),
    testId: 'correct-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      await api.patch(`/cases/${c.id}/incidents/${incident.id}`, {
        version: incident.version,
        occurred_on: values.occurred_on,
        violence_types: values.corrected_types,
        place: values.place || null,
        perpetrator_relationship: incident.perpetrator_relationship || null,
        legal_class: incident.legal_class || null,
        identified_by: incident.identified_by || null,
        description: values.description || null,
        reason: values.reason,
      });
      draft.clear();
      dialog.close();
      onChanged(t('plans.incident_corrected_done'));
    },
  });
  draft = keepDraft(form, `incident_correct/${incident.id}`);
  dialog = modalDialog({ title: t('plans.incident_correct'), lead: t('plans.incident_correct_lead'), content: form.element, testId: 'correct-dialog' });
  dialog.open(parent, reason.control);
}

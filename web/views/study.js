// One social study (#/studies/<id>): the case it belongs to, its template, status, author and the supervisor's word;
// its sections in the template's order, written by the author while it is a draft (or returned) and saved by
// themselves as they are typed (PUT /studies/{id} with the version, only the sections changed, a second after typing
// stops and on leaving the field); the buttons its `can` flags allow (submit, return with a comment, approve); the
// versions submitted, any two compared section by section; and the study as a document (GET
// /studies/{id}/document): printed for the court (full names, an approved study only, confidential) or as a copy (a
// juvenile's name withheld, as initials), and the server's PDF of either to download.

import { api } from '../api.js';
import { t, has, formatDateTime, formatNumber, localName } from '../i18n.js';
import { h, replaceChildren, uniqueId } from '../components/dom.js';
import { banner, bannerSlot, errorText } from '../components/banner.js';
import { textAreaField, createForm } from '../components/form.js';
import { modalDialog } from '../components/dialog.js';
import { loadCodes } from '../components/codes.js';
import { caseHash, referenceText, kindLabel, personRoleLabel } from '../components/cases.js';
import { sexLabel } from '../components/persons.js';
import {
  studyStatusTag, versionOutcomeTag, templateName, sectionTitle, studyDocumentPath, studyDocumentUrl,
} from '../components/studies.js';

// How long after the last key the draft saves itself.
const SAVE_DELAY = 1200;

// A message carried to the next drawing of the page: {kind, text}.
let flash = null;

// The draft being written on screen: {flush() → promise, dirty()}; null when none.
let current = null;

// Leaving the page (another address; the field's blur does not come when the page is drawn over) saves what was typed;
// closing the tab with typing not saved yet saves it and asks first.
window.addEventListener('hashchange', () => {
  if (current) current.flush();
});
window.addEventListener('beforeunload', (event) => {
  if (current && current.dirty()) {
    current.flush();
    event.preventDefault();
    event.returnValue = '';
  }
});

// The document on the page, for printing from the browser's own menu: {beforePrint(), afterPrint()}; null when none.
let printed = null;
window.addEventListener('beforeprint', () => {
  if (printed) printed.beforePrint();
});
window.addEventListener('afterprint', () => {
  if (printed) printed.afterPrint();
});

export async function render(container, context) {
  // a draft drawn before (this study or another, or the same in the other language) is saved before reading it again
  if (current) {
    const leaving = current;
    current = null;
    await leaving.flush();
  }
  printed = null;
  try {
    await loadCodes();
  } catch {
    // The roles of the persons in the document then show their codes.
  }
  let study;
  try {
    study = await api.get('/studies/' + context.params.id);
  } catch (error) {
    if (!context.isCurrent()) return;
    flash = null;
    replaceChildren(container, h('h1', { class: 'page-title', text: t('studies.study') }), banner('error', errorText(error)));
    return;
  }
  let versions = [];
  let versionsError = null;
  if (study.submissions > 0) {
    try {
      versions = (await api.get(`/studies/${study.id}/versions`)).items || [];
    } catch (error) {
      versionsError = error;
    }
  }
  if (!context.isCurrent()) return;
  draw(container, context, study, versions, versionsError);
}

function row(label, value, testId) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'details-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
}

const who = (name, at) => [name ? h('bdi', { dir: 'auto', text: name }) : t('cases.someone'), at ? [' — ', h('time', { datetime: at, text: formatDateTime(at) })] : null];

function draw(container, context, study, versions, versionsError) {
  const messages = bannerSlot();
  const note = flash;
  flash = null;
  const can = study.can || {};
  const sections = study.template_sections || [];
  const redraw = async (message, kind = 'success') => {
    flash = message ? { kind, text: message } : null;
    await render(container, context);
    const shown = container.querySelector(`[data-test="banner-${kind}"]`);
    if (shown) {
      shown.setAttribute('tabindex', '-1');
      shown.focus();
    }
  };
  const reload = () => redraw(null);

  // --- the sections, and the autosave of a draft ---
  const saved = { ...(study.sections || {}) };
  const areas = new Map();
  const errors = new Map();
  const saveState = h('p', { class: 'save-state', role: 'status', 'aria-live': 'polite', 'data-test': 'save-state' });
  let timer = null;
  let chain = Promise.resolve(); // the saves, one after another
  let stopped = false; // after a conflict nothing more is saved until the page is drawn again
  const setState = (key) => {
    saveState.dataset.state = key || '';
    saveState.textContent = key ? t('studies.save.' + key) : '';
  };
  const changed = () => sections.filter((s) => areas.has(s.key) && areas.get(s.key).value !== (saved[s.key] || ''));

  // Sends the sections changed since the last save (if any), after the saves already under way.
  async function saveOnce() {
    if (stopped) return;
    const list = changed();
    if (!list.length) return;
    const sent = list.map((s) => ({ key: s.key, body: areas.get(s.key).value === '' ? null : areas.get(s.key).value }));
    setState('saving');
    try {
      const answer = await api.put(`/studies/${study.id}`, { version: study.version, sections: sent });
      study.version = answer.version;
      for (const item of sent) saved[item.key] = item.body || '';
      output.textChanged();
      setState(changed().length ? 'unsaved' : 'saved');
    } catch (error) {
      setState('failed');
      if (error && error.status === 409) {
        stopped = true;
        const why = error.code === 'version.conflict' ? t('studies.save.conflict') : `${t('studies.save.state_changed')} ${errorText(error)}`;
        messages.show('error', why, { label: t('common.reload'), onClick: reload });
      } else {
        messages.error(error, { label: t('common.retry'), onClick: () => saveNow() });
      }
    }
  }
  function saveNow() {
    clearTimeout(timer);
    timer = null;
    chain = chain.then(saveOnce);
    return chain;
  }

  const sectionNodes = sections.map((section) => {
    const body = saved[section.key] || '';
    const titleId = uniqueId('study-section');
    if (can.edit) {
      const field = textAreaField({ name: section.key, label: sectionTitle(section), value: body, rows: 6, dir: 'auto', maxlength: 20000, testId: 'study-section-input' });
      field.control.dataset.key = section.key;
      field.control.addEventListener('input', () => {
        errors.get(section.key).clearError();
        if (stopped) return;
        setState('unsaved');
        clearTimeout(timer);
        timer = setTimeout(saveNow, SAVE_DELAY);
      });
      field.control.addEventListener('blur', () => saveNow());
      areas.set(section.key, field.control);
      errors.set(section.key, field);
      return h('div', { class: 'study-section', 'data-test': 'study-section', 'data-key': section.key }, field.element);
    }
    return h(
      'section',
      { class: 'study-section', 'aria-labelledby': titleId, 'data-test': 'study-section', 'data-key': section.key },
      h('h3', { class: 'sub-title', id: titleId, text: sectionTitle(section) }),
      body ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'study-section-text', text: body }) : h('p', { class: 'muted', 'data-test': 'study-section-text', text: t('studies.section_blank') }),
    );
  });
  // The draft on screen, for leaving it: what is typed and not yet saved is saved on the way out.
  current = can.edit ? { flush: () => saveNow(), dirty: () => !stopped && (Boolean(timer) || changed().length > 0) } : null;

  // --- the buttons ---
  const act = (action, extra = {}) => api.post(`/studies/${study.id}/transitions`, { action, version: study.version, ...extra });
  const refused = (error) => {
    if (error && error.status === 409) redraw(errorText(error), 'error');
    else messages.error(error);
  };
  const buttons = [];
  if (can.submit) {
    const submit = h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'study-submit',
      onclick: async () => {
        submit.disabled = true;
        messages.clear();
        try {
          await saveNow();
          // a save refused (its message shown): nothing is submitted without the text on screen
          if (stopped || changed().length) return;
          await act('submit');
          await redraw(t('studies.submitted'));
        } catch (error) {
          if (error && error.code === 'study.section_empty') {
            let first = null;
            for (const [key, field] of errors) {
              const fault = error.fields && error.fields[key];
              if (fault) {
                field.setError(fault.message || t('studies.section_needed'));
                first = first || field.control;
              }
            }
            messages.show('error', errorText(error, Object.fromEntries(sections.map((section) => [section.key, sectionTitle(section)]))));
            if (first) first.focus();
          } else {
            refused(error);
          }
        } finally {
          submit.disabled = false;
          submit.removeAttribute('disabled');
        }
      },
    }, t(study.submissions ? 'studies.resubmit' : 'studies.submit'));
    buttons.push(submit);
  }
  if (can.review && study.status === 'submitted') {
    const approve = h('button', {
      type: 'button',
      class: 'button button-primary',
      'data-test': 'study-approve',
      onclick: async () => {
        approve.disabled = true;
        try {
          await act('approve');
          await redraw(t('studies.approved_done'));
        } catch (error) {
          refused(error);
        } finally {
          approve.disabled = false;
          approve.removeAttribute('disabled');
        }
      },
    }, t('studies.approve'));
    buttons.push(approve);
    buttons.push(h('button', {
      type: 'button',
      class: 'button button-danger-quiet',
      'data-test': 'study-return',
      onclick: () => returnDialog({
        parent: container,
        authorSex: study.author_sex,
        onSubmit: (comment) => act('return', { comment }),
        onDone: () => redraw(t('studies.returned_done', null, { gender: study.author_sex })),
        onRefused: refused,
      }),
    }, t('studies.return')));
  }
  // --- the document: printed or downloaded ---
  const output = documentOutput(study, {
    messages,
    // what is typed and not saved yet is saved first, so the document has it; false when it could not be
    saveFirst: async () => {
      if (!can.edit) return true;
      await saveNow();
      return !stopped && !changed().length;
    },
  });

  // --- the page ---
  const approved = study.status === 'approved';
  const header = h(
    'section',
    { class: 'card', 'aria-labelledby': 'study-details-title', 'data-test': 'study-details' },
    h('h2', { class: 'card-title', id: 'study-details-title', text: t('studies.details') }),
    h(
      'dl',
      { class: 'details' },
      row(t('studies.case'), h('a', { href: caseHash(study.case_id), 'data-test': 'study-case' }, referenceText(study.case_reference))),
      row(t('studies.column.author', null, { gender: study.author_sex }), h('bdi', { dir: 'auto', text: study.author_name || '' }), 'study-author'),
      row(t('studies.column.submissions'), formatNumber(study.submissions || 0), 'study-submissions'),
      row(t(approved ? 'studies.approved_by' : 'studies.reviewed_by', null, { gender: study.reviewed_by_sex }), study.reviewed_by_name && study.status !== 'draft' ? who(study.reviewed_by_name, study.reviewed_at) : null, 'study-reviewer'),
    ),
  );
  const comment = study.status === 'returned' && study.review_comment
    ? h(
      'div',
      { class: 'banner banner-warning study-comment', role: 'note', 'data-test': 'study-comment' },
      h('p', { class: 'banner-text study-comment-title', text: t('studies.returned_by', { name: study.reviewed_by_name || t('cases.someone') }, { gender: study.reviewed_by_sex }) }),
      h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'study-comment-text', text: study.review_comment }),
    )
    : null;
  const approvedNote = approved
    ? h('div', { class: 'banner banner-success study-approved', role: 'note', 'data-test': 'study-approved' },
      h('p', { class: 'banner-text' }, h('strong', { text: t('studies.status.approved') }), ' — ', t('studies.approved_note', { name: study.reviewed_by_name || t('cases.someone') }, { gender: study.reviewed_by_sex }), study.reviewed_at ? [' ', h('time', { datetime: study.reviewed_at, text: formatDateTime(study.reviewed_at) })] : null))
    : null;
  const lead = can.edit ? t('studies.lead_edit') : study.status === 'submitted' ? t(can.review ? 'studies.lead_review' : 'studies.lead_submitted', null, { gender: study.author_sex }) : approved ? t('studies.lead_approved') : null;

  replaceChildren(
    container,
    h('p', { class: 'breadcrumb no-print' }, h('a', { href: caseHash(study.case_id) }, t('studies.back_to_case'))),
    h(
      'div',
      { class: 'page-header no-print' },
      h('h1', { class: 'page-title', 'data-test': 'study-title' }, templateName(study)),
    ),
    h('p', { class: 'case-meta no-print' }, referenceText(study.case_reference, 'study-reference'), studyStatusTag(study.status)),
    note ? banner(note.kind, note.text) : null,
    messages.element,
    approvedNote,
    comment,
    h('div', { class: 'card-grid study-top no-print' }, header, output.card),
    h(
      'section',
      { class: ['card', 'study-body', 'no-print', can.edit ? 'study-editing' : null], 'aria-labelledby': 'study-sections-title', 'data-test': 'study-sections' },
      h('div', { class: 'card-header-row' }, h('h2', { class: 'card-title', id: 'study-sections-title', text: t('studies.sections') }), can.edit ? saveState : null),
      lead ? h('p', { class: 'card-note', text: lead }) : null,
      sectionNodes,
      buttons.length ? h('div', { class: 'form-actions study-actions', 'data-test': 'study-actions' }, buttons) : null,
    ),
    versionsCard(study, versions, versionsError),
    output.view,
  );
}

// The dialog that returns a study to its author, with the comment it needs.
function returnDialog({ parent, authorSex, onSubmit, onDone, onRefused }) {
  const comment = textAreaField({ name: 'comment', label: t('studies.return_comment'), required: true, rows: 4, dir: 'auto', maxlength: 4000, testId: 'study-return-comment' });
  let dialog;
  const form = createForm({
    fields: [comment],
    submitLabel: t('studies.return_submit'),
    busyLabel: t('common.saving'),
    testId: 'study-return-form',
    className: 'dialog-form',
    actions: h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('common.cancel')),
    onSubmit: async (values) => {
      try {
        await onSubmit(values.comment);
      } catch (error) {
        if (error && error.status === 409) {
          dialog.close();
          onRefused(error);
          return;
        }
        throw error;
      }
      dialog.close();
      onDone();
    },
  });
  dialog = modalDialog({ title: t('studies.return_title', null, { gender: authorSex }), lead: t('studies.return_lead', null, { gender: authorSex }), content: form.element, testId: 'study-return-dialog' });
  dialog.open(parent, comment.control);
}

// --- versions ---

function versionsCard(study, versions, error) {
  const place = h('div', { class: 'study-compare', 'data-test': 'study-compare', 'aria-live': 'polite' });
  const numbers = versions.map((v) => v.number).sort((a, b) => a - b);
  const choice = (testId, value, label) => {
    const id = uniqueId('version-choice');
    const select = h('select', { id, 'data-test': testId }, numbers.map((n) => h('option', { value: String(n), selected: n === value, text: t('studies.version_n', { n: formatNumber(n) }) })));
    return { select, element: h('div', { class: 'field' }, h('label', { for: id, text: label }), select) };
  };
  const compare = async (from, to) => {
    replaceChildren(place, h('p', { class: 'loading', role: 'status', text: t('app.loading') }));
    try {
      const [a, b] = await Promise.all([api.get(`/studies/${study.id}/versions/${from}`), api.get(`/studies/${study.id}/versions/${to}`)]);
      replaceChildren(place, comparison(study, a, b));
    } catch (failure) {
      replaceChildren(place, banner('error', errorText(failure)));
    }
  };
  let picker = null;
  if (numbers.length >= 2) {
    const from = choice('compare-from', numbers[numbers.length - 2], t('studies.compare_from'));
    const to = choice('compare-to', numbers[numbers.length - 1], t('studies.compare_to'));
    picker = h(
      'div',
      { class: 'compare-picker' },
      from.element,
      to.element,
      h('button', { type: 'button', class: 'button', 'data-test': 'compare-run', onclick: () => compare(Number(from.select.value), Number(to.select.value)) }, t('studies.compare')),
    );
  }
  const list = versions.length
    ? h('ol', { class: 'record-list version-list', 'data-test': 'study-versions' }, versions.map((v) => h(
      'li',
      { class: 'record version-item', 'data-test': 'study-version', 'data-number': String(v.number) },
      h('p', { class: 'record-head' }, h('strong', { text: t('studies.version_n', { n: formatNumber(v.number) }) }), ' ', versionOutcomeTag(v.outcome)),
      h('p', { class: 'muted' }, t('studies.submitted_by', null, { gender: v.submitted_by_sex }), ' ', who(v.submitted_by_name, v.submitted_at)),
      v.decided_at ? h('p', { class: 'muted' }, t(v.outcome === 'approved' ? 'studies.approved_by' : 'studies.returned_by_short', null, { gender: v.decided_by_sex }), ' ', who(v.decided_by_name, v.decided_at)) : null,
      v.comment ? h('p', { class: 'notes-text', dir: 'auto', 'data-test': 'version-comment', text: v.comment }) : null,
      v.number > 1
        ? h('button', { type: 'button', class: 'button button-small', 'data-test': 'compare-previous', onclick: () => compare(v.number - 1, v.number) }, t('studies.compare_previous'))
        : null,
    )))
    : h('p', { class: 'muted', 'data-test': 'study-versions-empty', text: t('studies.versions_empty') });
  return h(
    'section',
    { class: 'card no-print', 'aria-labelledby': 'study-versions-title', 'data-test': 'study-versions-section' },
    h('h2', { class: 'card-title', id: 'study-versions-title', text: t('studies.versions') }),
    error ? h('p', { class: 'field-error', text: errorText(error) }) : [list, picker, place],
  );
}

// The lines of `a` and `b` as a list of {op: ' ' | '-' | '+', text}, by the longest common subsequence.
export function lineDiff(a, b) {
  const x = a ? a.split('\n') : [];
  const y = b ? b.split('\n') : [];
  const n = x.length;
  const m = y.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i] });
      i += 1;
      j += 1;
    } else if (table[i + 1][j] >= table[i][j + 1]) {
      out.push({ op: '-', text: x[i] });
      i += 1;
    } else {
      out.push({ op: '+', text: y[j] });
      j += 1;
    }
  }
  while (i < n) out.push({ op: '-', text: x[i++] });
  while (j < m) out.push({ op: '+', text: y[j++] });
  return out;
}

function comparison(study, a, b) {
  const sections = study.template_sections || [];
  const changedCount = sections.filter((s) => (a.sections[s.key] || '') !== (b.sections[s.key] || '')).length;
  return h(
    'div',
    { class: 'comparison', 'data-from': String(a.number), 'data-to': String(b.number) },
    h('h3', { class: 'sub-title', text: t('studies.comparing', { a: formatNumber(a.number), b: formatNumber(b.number) }) }),
    h('p', { class: 'muted', 'data-test': 'compare-summary', text: t('studies.changed_count', { count: formatNumber(changedCount) }) }),
    sections.map((s) => {
      const before = a.sections[s.key] || '';
      const after = b.sections[s.key] || '';
      const changed = before !== after;
      return h(
        'section',
        { class: ['compare-section', changed ? 'compare-changed' : null], 'data-test': 'compare-section', 'data-key': s.key, 'data-changed': changed ? 'true' : 'false' },
        h('h4', { class: 'compare-title' }, sectionTitle(s), ' ', h('span', { class: ['tag', changed ? 'status-warning' : 'tag-muted'], text: t(changed ? 'studies.changed' : 'studies.unchanged') })),
        changed
          ? h('div', { class: 'diff' }, lineDiff(before, after).map((line) => h(
            'p',
            { class: ['diff-line', line.op === '-' ? 'diff-del' : line.op === '+' ? 'diff-add' : null], 'data-op': line.op },
            line.op === ' ' ? null : [
              h('span', { class: 'diff-mark', 'aria-hidden': 'true', text: line.op === '-' ? '−' : '+' }),
              h('span', { class: 'visually-hidden', text: t(line.op === '-' ? 'studies.line_removed' : 'studies.line_added') + ': ' }),
            ],
            h('span', { dir: 'auto', text: line.text || ' ' }),
          )))
          : h('p', { class: 'notes-text', dir: 'auto', text: after || t('studies.section_blank') }),
      );
    }),
  );
}

// --- the document ---

// The card with the ways out of the page (print for the court, print a copy, the PDF of either) and the document they
// print, shown only in print: the copy (names withheld), read after the page is drawn, is what the browser's own Print
// prints; the court's is read when its button asks for it. Options: messages (the page's banner), saveFirst() → true
// when the text on screen is saved. Returns {card, view, textChanged()}.
function documentOutput(study, { messages, saveFirst }) {
  const approved = study.status === 'approved';
  const view = h('article', { class: 'study-print', 'data-test': 'study-print' }, h('p', { class: 'print-unavailable', text: t('app.loading') }));
  let copyDoc = null;
  let copyError = null;
  // the text was saved since the copy was read: the browser's own Print has nothing up to date to print
  let stale = false;
  // a document printed by a button of the page (the browser's beforeprint then leaves it as it is)
  let printing = false;

  const fillCopy = () => {
    if (copyDoc) replaceChildren(view, documentView(copyDoc));
    else if (copyError) replaceChildren(view, h('p', { class: 'print-unavailable', 'data-test': 'print-unavailable', text: `${errorText(copyError)} ${t('studies.doc.unavailable')}` }));
  };
  api.get(studyDocumentPath(study.id, 'copy')).then(
    (doc) => {
      copyDoc = doc;
    },
    (error) => {
      copyError = error;
    },
  ).then(() => {
    if (!stale && view.isConnected) fillCopy();
  });

  async function printAs(purpose, button) {
    button.disabled = true;
    messages.clear();
    try {
      if (!(await saveFirst())) return;
      const doc = await api.get(studyDocumentPath(study.id, purpose));
      if (purpose === 'copy') {
        copyDoc = doc;
        stale = false;
      }
      replaceChildren(view, documentView(doc));
      printing = true;
      try {
        window.print();
      } finally {
        printing = false;
      }
    } catch (error) {
      messages.error(error);
    } finally {
      button.disabled = false;
      button.removeAttribute('disabled');
    }
  }

  const showStale = () => replaceChildren(view, h('p', { class: 'print-unavailable', 'data-test': 'print-stale', text: t('studies.doc.stale') }));
  printed = {
    beforePrint() {
      if (!printing && view.isConnected && stale) showStale();
    },
    // after a print (the court's among them), the page holds what the browser's own Print may print again
    afterPrint() {
      if (!view.isConnected) return;
      if (stale) showStale();
      else fillCopy();
    },
  };

  const noteId = 'study-court-note';
  const courtButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    'data-test': 'study-print-court',
    disabled: !approved,
    'aria-describedby': approved ? null : noteId,
    onclick: (event) => printAs('court', event.currentTarget),
  }, t('studies.print_court'));
  const courtPdf = approved
    ? h('a', { href: studyDocumentUrl(study.id, 'court', true), download: '', class: 'button', 'data-test': 'study-pdf-court' }, t('studies.pdf_court'))
    : h('a', { class: 'button button-unavailable', role: 'link', 'aria-disabled': 'true', 'aria-describedby': noteId, 'data-test': 'study-pdf-court' }, t('studies.pdf_court'));
  const copyButton = h('button', {
    type: 'button',
    class: 'button',
    'data-test': 'study-print-copy',
    onclick: (event) => printAs('copy', event.currentTarget),
  }, t('studies.print_copy'));
  const copyPdf = h('a', { href: studyDocumentUrl(study.id, 'copy', true), download: '', class: 'button', 'data-test': 'study-pdf-copy' }, t('studies.pdf_copy'));

  const card = h(
    'section',
    { class: 'card study-output', 'aria-labelledby': 'study-output-title', 'data-test': 'study-output' },
    h('h2', { class: 'card-title', id: 'study-output-title', text: t('studies.output') }),
    h(
      'div',
      { class: 'study-output-row', 'data-purpose': 'court' },
      h('p', { class: 'study-output-label' }, h('strong', { text: t('studies.doc.purpose.court') }), h('span', { class: 'cell-sub', text: t('studies.output_court_note') })),
      h('div', { class: 'study-output-actions' }, courtButton, courtPdf),
      approved ? null : h('p', { class: 'muted study-output-why', id: noteId, 'data-test': 'study-court-why', text: t('studies.court_needs_approval') }),
    ),
    h(
      'div',
      { class: 'study-output-row', 'data-purpose': 'copy' },
      h('p', { class: 'study-output-label' }, h('strong', { text: t('studies.doc.purpose.copy') }), h('span', { class: 'cell-sub', text: t('studies.output_copy_note') })),
      h('div', { class: 'study-output-actions' }, copyButton, copyPdf),
    ),
  );
  return {
    card,
    view,
    textChanged() {
      stale = true;
    },
  };
}

function metaRow(label, value, testId) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'print-meta-row' }, h('dt', { text: label }), h('dd', { 'data-test': testId || null }, value));
}

const when = (iso) => (iso ? h('time', { datetime: iso, text: formatDateTime(iso) }) : null);

// A study as a document (GET /studies/{id}/document): the unit, the line saying what it is for (the court,
// confidential; or a copy with the juveniles' names withheld), "draft, not approved" unless it is, the case, the
// persons, the sections and the signatures.
function documentView(doc) {
  const purpose = doc.purpose === 'court' ? 'court' : 'copy';
  const approved = doc.status === 'approved';
  const parties = doc.parties || [];
  const unit = localName({ name_ar: doc.unit_name_ar, name_en: doc.unit_name_en });
  return h(
    'div',
    { class: ['print-document', 'print-' + purpose], 'data-test': 'print-document', 'data-purpose': purpose },
    h('header', { class: 'print-header' },
      h('p', { class: 'print-org', text: t('app.footer') }),
      unit ? h('p', { class: 'print-org', 'data-test': 'print-unit', text: unit }) : null,
      h('p', { class: 'print-purpose', 'data-test': 'print-purpose', text: t('studies.doc.line.' + purpose) }),
      h('h1', { class: 'print-title', text: templateName(doc.template) }),
      approved ? null : h('p', { class: 'print-draft', 'data-test': 'print-not-approved', text: t('studies.doc.not_approved') })),
    h(
      'dl',
      { class: 'print-meta' },
      metaRow(t('studies.case'), referenceText(doc.case_reference), 'print-reference'),
      metaRow(t('studies.doc.case_kind'), doc.case_kind ? kindLabel(doc.case_kind) : null),
      metaRow(t('studies.column.status'), doc.status ? t('studies.status.' + doc.status) : null),
      metaRow(t('studies.column.author', null, { gender: doc.author_sex }), doc.author_name ? h('bdi', { dir: 'auto', text: doc.author_name }) : null),
      metaRow(t('studies.doc.submitted_at'), when(doc.submitted_at)),
      metaRow(t(approved ? 'studies.approved_by' : 'studies.reviewed_by', null, { gender: doc.reviewed_by_sex }), doc.reviewed_by_name ? [h('bdi', { dir: 'auto', text: doc.reviewed_by_name }), doc.reviewed_at ? [' — ', when(doc.reviewed_at)] : null] : null),
      metaRow(t('studies.doc.generated_at'), when(doc.generated_at)),
    ),
    h(
      'section',
      { class: 'print-section print-parties' },
      h('h2', { text: t('studies.doc.parties') }),
      parties.length
        ? h(
          'table',
          { class: 'print-table', 'data-test': 'print-parties' },
          h('thead', {}, h('tr', {}, [t('studies.doc.role'), t('studies.doc.name'), t('studies.doc.sex'), t('studies.doc.age')].map((label) => h('th', { scope: 'col', text: label })))),
          h('tbody', {}, parties.map((party) => h(
            'tr',
            { 'data-test': 'print-party', 'data-role': party.role || '', 'data-withheld': party.juvenile && purpose === 'copy' ? 'true' : 'false' },
            h('td', { text: party.role ? personRoleLabel(party.role, party.sex) : '' }),
            h(
              'td',
              {},
              h('bdi', { dir: 'auto', 'data-test': 'print-party-name', text: party.name || '' }),
              party.juvenile && purpose === 'copy' ? h('span', { class: 'print-withheld', text: ' ' + t('studies.doc.withheld') }) : null,
            ),
            h('td', { text: party.sex ? sexLabel(party.sex) : '—' }),
            h('td', { class: 'print-age', text: party.age === null || party.age === undefined ? '—' : formatNumber(party.age) }),
          ))),
        )
        : h('p', { text: t('studies.doc.no_parties') }),
    ),
    (doc.sections || []).map((s) => h(
      'section',
      { class: 'print-section', 'data-test': 'print-section', 'data-key': s.key },
      h('h2', { text: sectionTitle(s) }),
      h('p', { class: 'notes-text', dir: 'auto', text: s.body || '—' }),
    )),
    h(
      'div',
      { class: 'signatures' },
      signature(authorTitle(doc), doc.author_name, 'print-sign-author'),
      signature(t('studies.sign_supervisor', null, { gender: approved ? doc.reviewed_by_sex : null }), approved ? doc.reviewed_by_name : ''),
      signature(t('studies.sign_date'), approved && doc.reviewed_at ? formatDateTime(doc.reviewed_at) : ''),
    ),
    h('p', { class: 'print-purpose print-purpose-end', text: t('studies.doc.line.' + purpose) }),
  );
}

// The author's title on the document: their role (a social worker's study, a behaviour monitor's, a supervisor's)
// in the form that agrees with their sex.
function authorTitle(doc) {
  const key = doc.author_role && has('studies.sign_author.' + doc.author_role) ? 'studies.sign_author.' + doc.author_role : 'studies.sign_author';
  return t(key, null, { gender: doc.author_sex });
}

function signature(label, name, testId) {
  return h('div', { class: 'signature' }, h('p', { class: 'signature-label', 'data-test': testId || null, text: label }), h('p', { class: 'signature-name', dir: 'auto', text: name || '' }), h('p', { class: 'signature-line', text: t('studies.signature') }));
}

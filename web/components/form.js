// Form fields with a label and an error slot, and a form that shows the API's field errors next to
// the fields they name. A failed submit never clears what the user typed.

import { h, uniqueId, replaceChildren } from './dom.js';
import { bannerSlot, errorText } from './banner.js';
import { t, parseTypedDate, parseTypedTime, typedDate, withDigits, toAsciiDigits } from '../i18n.js';
import { ApiError } from '../api.js';

function labelText(label, required) {
  return [label, required ? h('span', { class: 'required-mark', text: ' ' + t('form.required_mark') }) : null];
}

function errorSlot(id) {
  return h('p', { class: 'field-error', id, hidden: true });
}

function fieldApi(element, control, error, hintId, name) {
  return {
    element,
    name,
    control,
    setError(message) {
      error.textContent = message;
      error.hidden = false;
      element.classList.add('field-invalid');
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [error.id, hintId].filter(Boolean).join(' '));
    },
    // Adds a node (such as a link to the record a 409 names) after the message of setError.
    addErrorNode(node) {
      if (error.hidden) return;
      error.append(' ', node);
    },
    clearError() {
      error.textContent = '';
      error.hidden = true;
      element.classList.remove('field-invalid');
      control.removeAttribute('aria-invalid');
      if (hintId) control.setAttribute('aria-describedby', hintId);
      else control.removeAttribute('aria-describedby');
    },
    focus() {
      control.focus();
    },
  };
}

// A text-like input (text, password, search, …); a date is a dateField, a moment a dateTimeField.
// Options: name, label, type, value, required, autocomplete, hint, id, dir, maxlength, readonly, inputmode,
// spellcheck, list, placeholder, trim (false keeps spaces), testId.
export function textField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const input = h('input', {
    id,
    name: options.name,
    type: options.type || 'text',
    value: options.value ?? '',
    autocomplete: options.autocomplete || 'off',
    'aria-required': options.required ? 'true' : null,
    'aria-describedby': hintId,
    dir: options.dir || null,
    maxlength: options.maxlength || null,
    readonly: options.readonly || null,
    inputmode: options.inputmode || null,
    spellcheck: options.spellcheck === undefined ? null : String(options.spellcheck),
    list: options.list || null,
    placeholder: options.placeholder || null,
    'data-test': options.testId || null,
  });
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText(options.label, options.required)),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    input,
    error,
  );
  const api = fieldApi(element, input, error, hintId, options.name);
  api.required = Boolean(options.required);
  api.getValue = () => (options.trim === false ? input.value : input.value.trim());
  api.setValue = (value) => {
    input.value = value ?? '';
  };
  return api;
}

// A <textarea>. Options: name, label, value, required, hint, id, dir, maxlength, rows, testId.
export function textAreaField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const area = h('textarea', {
    id,
    name: options.name,
    rows: String(options.rows || 3),
    'aria-required': options.required ? 'true' : null,
    'aria-describedby': hintId,
    dir: options.dir || null,
    maxlength: options.maxlength || null,
    'data-test': options.testId || null,
  });
  area.value = options.value ?? '';
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText(options.label, options.required)),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    area,
    error,
  );
  const api = fieldApi(element, area, error, hintId, options.name);
  api.required = Boolean(options.required);
  api.getValue = () => area.value.trim();
  api.setValue = (value) => {
    area.value = value ?? '';
  };
  return api;
}

// One checkbox whose value is true or false. Options: name, label, value, hint, id, testId.
export function checkboxField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const box = h('input', {
    type: 'checkbox',
    id,
    name: options.name,
    checked: Boolean(options.value),
    'aria-describedby': hintId,
    'data-test': options.testId || null,
  });
  const element = h(
    'div',
    { class: 'field field-checkbox' },
    h('div', { class: 'checkbox' }, box, h('label', { for: id }, options.label)),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    error,
  );
  const api = fieldApi(element, box, error, hintId, options.name);
  api.getValue = () => box.checked;
  api.setValue = (value) => {
    box.checked = Boolean(value);
  };
  return api;
}

// The frame of a field made of several controls (a fieldset with a legend, a hint and an error slot)
// for the views' own compound fields. `content` is the controls; `focusTarget()` returns the control to
// focus on an error. The caller adds getValue and setValue. Options: name, label, required, hint, id, testId.
export function groupField(options, content, focusTarget) {
  const id = options.id || uniqueId('group-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const fieldset = h(
    'fieldset',
    { class: ['field', 'field-group', options.className], id, 'aria-describedby': hintId, 'data-test': options.testId || null },
    h('legend', {}, labelText(options.label, options.required)),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    content,
    error,
  );
  const api = fieldApi(fieldset, fieldset, error, hintId, options.name);
  api.required = Boolean(options.required);
  api.focus = () => {
    const target = focusTarget && focusTarget();
    if (target) target.focus();
  };
  return api;
}

// A <select>. options.choices is [{value, label, group}]; choices that name a `group` are put in an <optgroup> of
// that label, in the order the groups first appear. An empty-valued first choice can be given with options.emptyLabel.
export function selectField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const select = h('select', {
    id,
    name: options.name,
    'aria-required': options.required ? 'true' : null,
    'aria-describedby': hintId,
    'data-test': options.testId || null,
  });
  const element = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText(options.label, options.required)),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    select,
    error,
  );
  const api = fieldApi(element, select, error, hintId, options.name);
  api.required = Boolean(options.required);
  api.setChoices = (choices, value) => {
    const keep = value === undefined ? select.value : value;
    const groups = new Map();
    const items = [];
    for (const choice of choices) {
      const option = h('option', { value: choice.value }, choice.label);
      if (!choice.group) {
        items.push(option);
        continue;
      }
      if (!groups.has(choice.group)) {
        const group = h('optgroup', { label: choice.group });
        groups.set(choice.group, group);
        items.push(group);
      }
      groups.get(choice.group).appendChild(option);
    }
    replaceChildren(
      select,
      options.emptyLabel !== undefined ? h('option', { value: '' }, options.emptyLabel) : null,
      items,
    );
    select.value = keep ?? '';
    if (select.selectedIndex < 0 && select.options.length) select.selectedIndex = 0;
  };
  api.getValue = () => select.value;
  api.setValue = (value) => {
    select.value = value ?? '';
  };
  api.setChoices(options.choices || [], options.value ?? '');
  return api;
}

// A group of checkboxes in a fieldset; the value is the array of checked values.
export function checkboxGroup(options) {
  const id = options.id || uniqueId('group-' + options.name);
  const error = errorSlot(id + '-error');
  const boxes = [];
  const list = h(
    'div',
    { class: 'checkbox-list' },
    (options.choices || []).map((choice) => {
      const boxId = uniqueId(id + '-' + choice.value);
      const box = h('input', {
        type: 'checkbox',
        id: boxId,
        name: options.name,
        value: choice.value,
        checked: (options.value || []).includes(choice.value),
        'data-test': `${options.name}-${choice.value}`,
      });
      boxes.push(box);
      return h('div', { class: 'checkbox' }, box, h('label', { for: boxId }, choice.label));
    }),
  );
  const fieldset = h(
    'fieldset',
    { class: 'field field-group', id, 'aria-required': options.required ? 'true' : null },
    h('legend', {}, labelText(options.label, options.required)),
    list,
    error,
  );
  const api = fieldApi(fieldset, fieldset, error, null, options.name);
  api.required = Boolean(options.required);
  api.getValue = () => boxes.filter((box) => box.checked).map((box) => box.value);
  api.setValue = (values) => {
    for (const box of boxes) box.checked = (values || []).includes(box.value);
  };
  api.focus = () => boxes[0] && boxes[0].focus();
  return api;
}

// --- Dates and times: typed day/month/year whatever the browser's language (an <input type="date"> follows the
// browser's own order, month first in an American English one) ---

// The digits a typed text is written in: Arabic-Indic when it has any, else ASCII ('' for no digit at all).
function digitsOf(text) {
  if (/[\u0660-\u0669\u06f0-\u06f9]/.test(text)) return 'arab';
  return /[0-9]/.test(text) ? 'latn' : '';
}

// The text input of a date with its calendar button: {element, input, read(), write(value)}. read() gives
// parseTypedDate's answer; write takes 'YYYY-MM-DD' (or a year alone with allowYear). The calendar is the browser's
// own picker on a hidden date input: whatever its language shows, the date comes back into the text as day/month/
// year. Options: id, name, testId, describedBy, required, min, max ('YYYY-MM-DD', for the calendar), allowYear.
function dateInput(options) {
  const input = h('input', {
    id: options.id,
    name: options.name,
    type: 'text',
    class: 'date-text',
    dir: 'ltr',
    inputmode: 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: '16',
    'aria-required': options.required ? 'true' : null,
    'aria-describedby': options.describedBy || null,
    'data-test': options.testId || null,
  });
  const read = () => parseTypedDate(input.value, { allowYear: options.allowYear });
  const write = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    input.value = /^\d{4}$/.test(text) ? withDigits(text) : typedDate(text) || text;
  };
  // Once the user leaves it, the date is rewritten as it was read (31-1-2026 → 31/01/2026), in the digits typed.
  input.addEventListener('change', () => {
    const answer = read();
    if (answer.value) input.value = typedDate(answer.value, digitsOf(input.value) || undefined);
  });
  const picker = h('input', {
    type: 'date',
    class: 'date-picker-native',
    tabindex: '-1',
    'aria-hidden': 'true',
    min: options.min || null,
    max: options.max || null,
  });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'date-picker-button',
      title: t('form.date_pick'),
      'aria-label': t('form.date_pick'),
      'data-test': options.testId ? options.testId + '-calendar' : null,
    },
    h('span', { class: 'date-picker-icon', 'aria-hidden': 'true' }),
  );
  button.addEventListener('click', () => {
    picker.value = read().value || '';
    try {
      picker.showPicker();
    } catch {
      input.focus();
    }
  });
  picker.addEventListener('change', () => {
    if (!picker.value) return;
    input.value = typedDate(picker.value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  });
  const hasPicker = typeof HTMLInputElement !== 'undefined' && 'showPicker' in HTMLInputElement.prototype;
  const element = h('div', { class: 'date-input' }, input, hasPicker ? [button, picker] : null);
  return { element, input, read, write };
}

// Shows a date's problem beside it as soon as the user leaves the part that has it (leaveProblem(input) → message or
// null), brings a shown message up to date, and takes it away once the text is right.
function checkOnLeave(api, inputs, leaveProblem) {
  const invalid = () => api.element.classList.contains('field-invalid');
  for (const input of inputs) {
    input.addEventListener('change', () => {
      const problem = leaveProblem(input) || (invalid() && api.problem());
      if (problem) api.setError(problem);
      else api.clearError();
    });
    input.addEventListener('input', () => {
      if (invalid() && !api.problem()) api.clearError();
    });
  }
}

// A calendar date typed day/month/year, with the format beside its label and a calendar button. getValue() gives
// 'YYYY-MM-DD' for the API ('' when empty; the typed text while it is not a date, which problem() then explains);
// setValue() takes 'YYYY-MM-DD'. Digits of either kind and the separators / - . are accepted. Options: name, label,
// value, required, hint, id, testId, min, max (for the calendar; the server checks the range), allowYear (a year
// alone is a value too, as 'YYYY'), extra (nodes after the input).
export function dateField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const hintId = options.hint ? id + '-hint' : null;
  const error = errorSlot(id + '-error');
  const date = dateInput({ ...options, id, describedBy: hintId });
  // The format is part of the label, on its line, so that the box stays level with its neighbours' in a row.
  const element = h(
    'div',
    { class: 'field field-date' },
    h(
      'label',
      { for: id },
      labelText(options.label, options.required),
      ' ',
      h('span', { class: 'field-format', text: t(options.allowYear ? 'form.date_or_year_format' : 'form.date_format_hint') }),
    ),
    options.hint ? h('p', { class: 'field-hint', id: hintId, text: options.hint }) : null,
    date.element,
    options.extra || null,
    error,
  );
  const api = fieldApi(element, date.input, error, hintId, options.name);
  api.required = Boolean(options.required);
  api.getValue = () => {
    const answer = date.read();
    if (answer.year) return String(answer.year);
    return answer.error ? toAsciiDigits(date.input.value).trim() : answer.value;
  };
  api.setValue = date.write;
  api.problem = () => {
    const answer = date.read();
    return answer.error ? t(answer.error) : null;
  };
  checkOnLeave(api, [date.input], () => api.problem());
  api.setValue(options.value ?? '');
  return api;
}

// A moment typed as a date (day/month/year) and a time of day (hours:minutes), Amman's wall-clock time like the
// value of an <input type="datetime-local">: getValue() gives 'YYYY-MM-DDTHH:MM' ('' when both are empty; the typed
// text while it is not a time, which problem() explains); setValue() takes the same. Options: name, label, value,
// required, hint, id, testId (the date's; the time's is testId-time), min, max ('YYYY-MM-DDTHH:MM', for the
// calendar), emptyTime (the time meant when only a date is typed, such as '00:00' for the start of a period, or
// '23:59:59' for its end; without it the time is asked for).
export function dateTimeField(options) {
  const id = options.id || uniqueId('field-' + options.name);
  const dateId = id + '-date';
  const timeId = id + '-time';
  const day = dateInput({
    id: dateId,
    name: options.name + '_date',
    testId: options.testId,
    required: options.required,
    min: options.min ? options.min.slice(0, 10) : null,
    max: options.max ? options.max.slice(0, 10) : null,
  });
  const time = h('input', {
    id: timeId,
    name: options.name + '_time',
    type: 'text',
    class: 'time-text',
    dir: 'ltr',
    inputmode: 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: '10',
    'aria-required': options.required && !options.emptyTime ? 'true' : null,
    'data-test': options.testId ? options.testId + '-time' : null,
  });
  const content = h(
    'div',
    { class: 'datetime-parts' },
    h('div', { class: 'datetime-part datetime-part-date' }, h('label', { for: dateId, class: 'sub-label', text: t('form.date_part') }), day.element),
    h('div', { class: 'datetime-part datetime-part-time' }, h('label', { for: timeId, class: 'sub-label', text: t('form.time_part') }), time),
  );
  const read = () => {
    const dateAnswer = day.read();
    const timeAnswer = parseTypedTime(time.value);
    const typed = () => `${toAsciiDigits(day.input.value).trim()}T${toAsciiDigits(time.value).trim()}`;
    if (dateAnswer.error) return { error: dateAnswer.error, on: day.input, text: typed() };
    if (timeAnswer.error) return { error: timeAnswer.error, on: time, text: typed() };
    if (!dateAnswer.value && !timeAnswer.value) return { value: '' };
    if (!dateAnswer.value) return { error: 'form.date_needed', on: day.input, text: typed() };
    const clock = timeAnswer.value || options.emptyTime;
    if (!clock) return { error: 'form.time_needed', on: time, text: typed() };
    return { value: `${dateAnswer.value}T${clock}` };
  };
  const field = groupField(
    { name: options.name, label: options.label, required: options.required, hint: options.hint, id, className: 'field-datetime' },
    content,
    () => read().on || day.input,
  );
  field.getValue = () => {
    const answer = read();
    return answer.error ? answer.text : answer.value;
  };
  field.setValue = (value) => {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/.exec(value || '');
    day.write(match ? match[1] : '');
    time.value = match && match[2] !== options.emptyTime ? withDigits(match[2].slice(0, 5)) : '';
  };
  field.problem = () => {
    const answer = read();
    return answer.error ? t(answer.error) : null;
  };
  // The part that is wrong is marked (both when the server refuses the moment itself).
  const setGroupError = field.setError;
  const clearGroupError = field.clearError;
  field.setError = (message) => {
    setGroupError(message);
    const wrong = read().on;
    for (const input of [day.input, time]) {
      if (!wrong || input === wrong) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  };
  field.clearError = () => {
    clearGroupError();
    day.input.removeAttribute('aria-invalid');
    time.removeAttribute('aria-invalid');
  };
  time.addEventListener('change', () => {
    const answer = parseTypedTime(time.value);
    if (answer.value) time.value = withDigits(answer.value, digitsOf(time.value) || undefined);
  });
  checkOnLeave(field, [day.input, time], (input) => {
    const answer = input === time ? parseTypedTime(time.value) : day.read();
    return answer.error ? t(answer.error) : null;
  });
  field.setValue(options.value ?? '');
  return field;
}

function isEmpty(value) {
  return value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

// A form made of `fields` (from the builders above).
// onSubmit(values, form) runs when every required field has a value; an ApiError it throws is shown:
// field errors beside their fields, the rest in the form's banner. Options: fields, submitLabel,
// busyLabel, onSubmit, validate(values) → {name: message} for checks the server cannot make, actions
// (extra nodes after the submit button), layout (nodes to show instead of the plain list of the fields'
// elements, for forms in sections), beforeActions (a node between the fields and the buttons), testId,
// className.
export function createForm(options) {
  const messages = bannerSlot();
  const byName = {};
  for (const field of options.fields) {
    byName[field.name] = field;
    // A compound field answers for every API field it holds (a date of birth for birth_date and birth_year).
    for (const alias of field.aliases || []) byName[alias] = field;
  }
  const submit = h('button', {
    type: 'submit',
    class: 'button button-primary',
    'data-test': options.testId ? options.testId + '-submit' : null,
    id: options.submitId || null,
  }, options.submitLabel);

  const element = h(
    'form',
    {
      class: ['form', options.className],
      novalidate: true,
      'data-test': options.testId || null,
      id: options.id || null,
    },
    messages.element,
    options.layout || options.fields.map((field) => field.element),
    options.beforeActions || null,
    h('div', { class: 'form-actions' }, submit, options.actions || null),
  );

  const form = {
    element,
    fields: byName,
    banner: messages,
    values() {
      const values = {};
      for (const field of options.fields) values[field.name] = field.getValue();
      return values;
    },
    clearErrors() {
      messages.clear();
      for (const field of options.fields) field.clearError();
    },
    // Shows `fieldErrors` ({name: message}) beside the fields and `text` in the banner.
    showFieldErrors(fieldErrors, text) {
      let first = null;
      const unplaced = [];
      for (const [name, message] of Object.entries(fieldErrors)) {
        if (byName[name]) {
          byName[name].setError(message);
          if (!first) first = byName[name];
        } else {
          unplaced.push(message);
        }
      }
      messages.show('error', [text || t('error.fix_fields'), ...new Set(unplaced)].join(' '));
      if (first) first.focus();
    },
    showError(error) {
      if (!(error instanceof ApiError)) {
        messages.show('error', t('error.unexpected_plain'));
        return;
      }
      if (error.code === 'version.conflict') {
        // The record changed under the user: one clear message and a way to reload, whatever fields are named.
        messages.error(error, options.errorAction ? options.errorAction(error) : undefined);
        return;
      }
      const fieldErrors = {};
      for (const [name, detail] of Object.entries(error.fields || {})) {
        const message = detail && typeof detail.message === 'string' && detail.message
          ? detail.message
          : t('error.field_invalid');
        // a field the form does not show: its message alone, never its internal name
        fieldErrors[name] = message;
      }
      if (Object.keys(fieldErrors).some((name) => byName[name])) {
        form.showFieldErrors(fieldErrors, t('error.fix_fields'));
      } else {
        messages.error(error, options.errorAction ? options.errorAction(error) : undefined);
      }
    },
    setBusy(busy) {
      submit.disabled = busy;
      if (busy) submit.setAttribute('disabled', '');
      else submit.removeAttribute('disabled');
      element.setAttribute('aria-busy', busy ? 'true' : 'false');
      submit.textContent = busy && options.busyLabel ? options.busyLabel : options.submitLabel;
    },
  };

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (element.getAttribute('aria-busy') === 'true') return;
    form.clearErrors();
    const values = form.values();
    const problems = {};
    for (const field of options.fields) {
      if (field.required && isEmpty(values[field.name])) problems[field.name] = t('form.field_required');
      else if (field.problem && field.problem()) problems[field.name] = field.problem();
    }
    if (!Object.keys(problems).length && options.validate) Object.assign(problems, options.validate(values) || {});
    if (Object.keys(problems).length) {
      form.showFieldErrors(problems);
      return;
    }
    form.setBusy(true);
    try {
      await options.onSubmit(values, form);
    } catch (error) {
      form.showError(error);
    } finally {
      if (element.isConnected) form.setBusy(false);
    }
  });

  return form;
}

// The entries of `values` that differ from `original` (a record from the API), for a PATCH.
// Empty strings count as null; arrays are compared as sets.
export function changedFields(original, values) {
  const changes = {};
  for (const [name, value] of Object.entries(values)) {
    const before = original[name] === undefined ? null : original[name];
    const after = value === '' ? null : value;
    if (Array.isArray(after)) {
      const a = [...after].sort().join('\u0000');
      const b = Array.isArray(before) ? [...before].sort().join('\u0000') : null;
      if (a !== b) changes[name] = after;
    } else if (String(before ?? '') !== String(after ?? '')) {
      changes[name] = after;
    }
  }
  return changes;
}

// Form fields with a label and an error slot, and a form that shows the API's field errors next to
// the fields they name. A failed submit never clears what the user typed.

import { h, uniqueId, replaceChildren } from './dom.js';
import { bannerSlot, errorText } from './banner.js';
import { t } from '../i18n.js';
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

// A text-like input (text, password, search, datetime-local, …).
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

// The code lists of GET /api/v1/codes (roles, unit types, agencies, governorates), loaded once per
// session, with labels in the current language.

import { api } from '../api.js';
import { t, has, localName } from '../i18n.js';

let codes = null;
let pending = null;

// Loads the code lists if not loaded yet. A failure leaves the fallbacks of web/i18n in use.
export async function loadCodes() {
  if (codes) return codes;
  if (!pending) {
    pending = api
      .get('/codes')
      .then((answer) => {
        codes = answer || {};
        return codes;
      })
      .catch((error) => {
        pending = null;
        throw error;
      });
  }
  return pending;
}

// Forgets the lists (at logout), so the next user loads them afresh.
export function forgetCodes() {
  codes = null;
  pending = null;
}

const FALLBACK_PREFIX = {
  roles: 'role.',
  unit_types: 'unit_type.',
  agencies: 'agency.',
  governorates: 'governorate.',
};

// Lists whose labels name a person, with the form that agrees with a woman in web/i18n (`<prefix><code>.female`).
const GENDERED_PREFIX = {
  roles: 'role.',
  assignment_roles: 'assignment_role.',
  case_person_roles: 'case_person_role.',
};

// The label of `code` in list `listName`, in the current language: the server's label, else ours,
// else the code itself. `options.gender` (a person's or user's sex) gives the form that agrees with them when the
// language has one ("أخصائية اجتماعية").
export function codeLabel(listName, code, options) {
  if (code === null || code === undefined || code === '') return '';
  const gender = options && options.gender;
  const agreeing = gender && GENDERED_PREFIX[listName] ? `${GENDERED_PREFIX[listName]}${code}.${gender}` : '';
  if (agreeing && has(agreeing)) return t(agreeing);
  const list = codes && Array.isArray(codes[listName]) ? codes[listName] : [];
  const entry = list.find((item) => item.code === code);
  if (entry && localName(entry)) return localName(entry);
  const key = FALLBACK_PREFIX[listName] + code;
  return has(key) ? t(key) : code;
}

// Used only when /codes could not be loaded, so that the forms still offer the usual choices.
const FALLBACK_CODES = {
  roles: ['admin', 'auditor', 'caseworker', 'monitor', 'officer', 'supervisor', 'manager', 'committee'],
  agencies: ['mosd', 'psd'],
  governorates: ['amman', 'irbid', 'zarqa', 'balqa', 'mafraq', 'karak', 'jerash', 'madaba', 'ajloun', 'aqaba',
    'tafilah', 'maan'],
};

// Whether units of `type` work, and so may receive, cases of `kind` (the case_kinds of /codes' unit types); true
// while the lists are not loaded, since the server checks it anyway.
export function unitTypeReceives(type, kind) {
  const list = codes && Array.isArray(codes.unit_types) ? codes.unit_types : [];
  const entry = list.find((item) => item.code === type);
  if (!entry) return !list.length;
  return Array.isArray(entry.case_kinds) && entry.case_kinds.includes(kind);
}

// The choices of list `listName` for a <select> or checkbox group: [{value, label}].
export function codeChoices(listName) {
  const list = codes && Array.isArray(codes[listName]) && codes[listName].length
    ? codes[listName].map((item) => item.code)
    : FALLBACK_CODES[listName] || [];
  return list.map((code) => ({ value: code, label: codeLabel(listName, code) }));
}

// Every unit (GET /api/v1/units, page after page, at most `maxPages` pages of 200), for choosing a
// unit in a form and for showing unit names by id. Admin only. Throws ApiError.
export async function loadAllUnits(maxPages = 25) {
  const units = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await api.get('/units', { limit: 200, cursor });
    units.push(...((answer && answer.items) || []));
    cursor = answer && answer.next_cursor;
    if (!cursor) break;
  }
  return units;
}

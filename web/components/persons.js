// What the person pages share: who may use the registry, the labels of the person code lists, and how
// a person, a birth, a national number, a search score and the reasons of a match are shown.

import { t, tOr, formatNumber, formatDigits, formatPercent, formatCalendarDate, regionName } from '../i18n.js';
import { h } from './dom.js';

// The roles that may read and write the registry (docs/api.md, "Persons").
export const PERSON_ROLES = ['caseworker', 'monitor', 'officer', 'supervisor', 'manager'];

export function canUsePersons(user) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.some((role) => PERSON_ROLES.includes(role)));
}

// The roles that may merge duplicate records and undo merges (docs/api.md, "Merge").
export const MERGE_ROLES = ['supervisor'];

export function canMergePersons(user) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.some((role) => MERGE_ROLES.includes(role)));
}

export const RELATIONS = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'relative', 'guardian', 'ward'];
export const DOCUMENT_TYPES = ['passport', 'refugee_card', 'residence_permit', 'other'];
export const DISABILITIES = ['none', 'physical', 'visual', 'hearing', 'intellectual', 'psychosocial', 'multiple', 'other'];
// The nationalities offered first; any other two-letter code can be typed.
export const NATIONALITIES = ['JO', 'SY', 'IQ', 'EG', 'PS', 'YE', 'SD', 'LB'];

// The interface's address of a person: '#/persons/<id>'.
export function personHash(id) {
  return '#/persons/' + encodeURIComponent(String(id));
}

// The interface's address of the record an API href names ('/api/v1/persons/7' → '#/persons/7'); null
// for anything else.
export function personHashFromHref(href) {
  const match = /^\/api\/v1\/persons\/([1-9][0-9]{0,17})$/.exec(href || '');
  return match ? personHash(match[1]) : null;
}

export function sexLabel(sex) {
  return sex ? tOr('sex.' + sex, sex) : '';
}

// The country of a nationality code: ours for the common ones, else the browser's name for the region,
// else the code.
export function nationalityLabel(code) {
  if (!code) return '';
  return tOr('nationality.' + code, regionName(code) || code);
}

export function documentTypeLabel(code) {
  return code ? tOr('document_type.' + code, code) : '';
}

export function disabilityLabel(code) {
  return code ? tOr('disability.' + code, code) : '';
}

// What the relative is to the person ("Father", "Mother", "Relative (3rd degree)"), by the relative's sex
// when the language says it differently.
export function relationLabel(relation, sex, degree) {
  const base = tOr(`relation.${relation}.${sex}`, tOr('relation.' + relation, relation));
  if (relation === 'relative' && degree) return t('relation.with_degree', { relation: base, degree: formatNumber(degree) });
  return base;
}

// The heading of a group of relatives ("Parents", "Children").
export function relationGroupLabel(relation) {
  return tOr('relation_group.' + relation, relation);
}

// `text` marked as isolated from the sentence it is put in (first-strong isolate), for names inside messages.
export function isolate(text) {
  return `\u2068${text || ''}\u2069`;
}

// A person's full name exactly as it was typed, isolated so that it reads right in either direction.
export function personName(person) {
  return h('bdi', { dir: 'auto', class: 'person-name', text: (person && person.full_name) || '' });
}

// A national number, phone or document number as on Jordanian forms: in Western digits whatever digits the user
// chose for the rest, isolated and left to right.
export function numberText(value, testId) {
  if (!value) return null;
  return h('bdi', { dir: 'ltr', class: 'number-text', 'data-test': testId || null, text: String(value) });
}

// The birth of a person: the date in words, or the year with "estimated" marked; null when unknown.
export function birthText(person, { short = false } = {}) {
  if (!person) return null;
  if (person.birth_date && !short) return h('span', { text: formatCalendarDate(person.birth_date) });
  if (!person.birth_year) return null;
  const year = formatNumber(person.birth_year);
  if (!person.birth_year_estimated) return h('span', { text: year });
  return h(
    'span',
    { class: 'birth-estimated', title: t('persons.estimated_title') },
    h('span', { text: year }),
    ' ',
    h('span', { class: 'tag tag-muted', text: t('persons.estimated') }),
  );
}

// The score of a search candidate as a small bar and a percentage.
export function scoreMeter(score) {
  const value = Math.max(0, Math.min(1, Number(score) || 0));
  const percent = formatPercent(value);
  return h(
    'span',
    { class: 'score', 'data-test': 'score', 'data-score': String(value) },
    h('meter', { min: '0', max: '1', low: '0.6', high: '0.85', optimum: '1', value: String(value), 'aria-hidden': 'true', class: 'score-bar' }),
    h('span', { class: 'score-text', text: percent }),
  );
}

function startsWithArticle(word) {
  return /^[\u0627\u0623\u0625\u0622]\u0644/.test((word || '').trim());
}

// A word folded roughly as the search folds it (docs/api.md, "Search"): enough to find which typed word a reason
// names, never to decide a match.
function roughFold(text) {
  return text
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0640\p{Default_Ignorable_Code_Point}]/gu, '')
    .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0624/g, '\u0648')
    .replace(/\u0626/g, '\u064A');
}

// The words of `typed` that the search folded into `token` (one word, or two or three joined as a compound name),
// as the user typed them; the token itself when none is found.
export function typedWord(token, typed) {
  const words = (typed || '').split(/\s+/).filter(Boolean);
  for (let size = 1; size <= 3; size += 1) {
    for (let start = 0; start + size <= words.length; start += 1) {
      const group = words.slice(start, start + size);
      if (roughFold(group.join('')) === token) return group.join(' ');
    }
  }
  return token;
}

// One reason of a match in words: "First name: exact", "Family name: without the article al-". With `typed`
// (the search as the user wrote it), a word is shown as written rather than as the search folded it.
export function reasonText(reason, person, typed) {
  const part = tOr('persons.part.' + reason.part, reason.part);
  let how;
  if (reason.match === 'article') {
    const recorded = person && person.family_name;
    how = startsWithArticle(reason.query) && !startsWithArticle(recorded) ? t('persons.match.article_with') : t('persons.match.article_without');
  } else {
    how = tOr('persons.match.' + reason.match, reason.match);
  }
  const text = t('persons.reason', { part, how });
  if (reason.match !== 'spelling' && reason.match !== 'other_name') return text;
  // The word as typed in the search, in the language's quotation marks, isolated from the sentence around it.
  const [open, close] = t('persons.reason_word').split('{word}');
  return [text, ' ', open || '', h('bdi', { dir: 'auto', class: 'reason-word', text: typedWord(reason.query, typed) }), close || ''];
}

// The reasons of a search candidate as a list of short labels; the national number first when it matched. `typed`:
// the search as written, when there is one.
export function reasonsList(hit, typed) {
  const items = [];
  if (hit.national_id_match) {
    items.push(h('li', { class: ['reason', 'reason-' + hit.national_id_match], 'data-match': 'national_id_' + hit.national_id_match }, t('persons.nid_match.' + hit.national_id_match)));
  }
  for (const reason of hit.reasons || []) {
    items.push(h('li', { class: ['reason', 'reason-' + reason.match], 'data-match': reason.match, 'data-part': reason.part }, reasonText(reason, hit.person, typed)));
  }
  if (!items.length) return null;
  return h('ul', { class: 'reason-list', 'data-test': 'reasons' }, items);
}

// A line of facts that tell two persons with the same name apart: birth, national number, sex, governorate.
export function personFacts(person, governorateLabel) {
  const facts = [];
  const birth = birthText(person, { short: true });
  if (birth) facts.push(h('span', { class: 'fact' }, t('persons.born'), ' ', birth));
  if (person.national_id) facts.push(h('span', { class: 'fact' }, t('persons.national_id_short'), ' ', numberText(person.national_id)));
  if (person.sex) facts.push(h('span', { class: 'fact', text: sexLabel(person.sex) }));
  if (person.governorate && governorateLabel) facts.push(h('span', { class: 'fact', text: governorateLabel(person.governorate) }));
  return h('span', { class: 'facts' }, facts);
}

// A success message carried to the next person page drawn (after registering or saving).
let flash = null;

export function setFlash(text) {
  flash = text;
}

export function takeFlash() {
  const text = flash;
  flash = null;
  return text;
}

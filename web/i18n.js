// Every string the interface shows comes from web/i18n/<lang>/<area>.json through t().
// The chosen language is kept in localStorage; it sets <html lang dir> and how numbers and dates read.

import { loadStaticJson } from './api.js';

const STORAGE_KEY = 'takamul.lang';
const LANGUAGES = {
  ar: { dir: 'rtl', locale: 'ar-JO-u-nu-arab' },
  en: { dir: 'ltr', locale: 'en-GB' },
};
export const TIME_ZONE = 'Asia/Amman';

// The files of strings of each language, one per area of the interface; a key is defined in one of them only.
const AREAS = ['common', 'persons', 'cases', 'referrals', 'studies', 'admin', 'homes', 'centres', 'statistics', 'committee', 'records'];

let language = 'ar';
let strings = {};
const cache = {};

function storedLanguage() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value in LANGUAGES ? value : 'ar';
  } catch {
    return 'ar';
  }
}

function applyToDocument() {
  const root = document.documentElement;
  root.setAttribute('lang', language);
  root.setAttribute('dir', LANGUAGES[language].dir);
}

// The strings of `lang`: its areas, fetched together and merged into one table (kept once loaded).
async function load(lang) {
  if (!cache[lang]) {
    const areas = await Promise.all(AREAS.map((area) => loadStaticJson(`/i18n/${lang}/${area}.json`)));
    cache[lang] = Object.assign({}, ...areas);
  }
  return cache[lang];
}

// Loads the stored language (Arabic by default) and applies it to the page.
export async function initI18n() {
  language = storedLanguage();
  try {
    strings = await load(language);
  } catch (error) {
    if (language === 'ar') throw error;
    language = 'ar';
    strings = await load(language);
  }
  applyToDocument();
}

// Switches to `lang` ('ar' or 'en'), remembers it, and updates <html lang dir>.
export async function setLanguage(lang) {
  if (!(lang in LANGUAGES)) return;
  strings = await load(lang);
  language = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be disabled; the choice then lasts until the page is reloaded.
  }
  applyToDocument();
}

export function getLanguage() {
  return language;
}

export function otherLanguage() {
  return language === 'ar' ? 'en' : 'ar';
}

// The string for `key` with {name} placeholders filled from `params`; the key itself when missing,
// so a forgotten string is visible in testing rather than blank. `options.gender` ('female' or 'male', as the API
// gives a person's or a user's sex) picks the form that agrees with whom the sentence is about: `key.female` (or
// `key.male`) when the language has it, else `key` (Arabic's masculine, also its form for someone unknown).
export function t(key, params, options) {
  const gender = options && options.gender;
  const agreeing = gender === 'female' || gender === 'male' ? `${key}.${gender}` : '';
  const chosen = agreeing && Object.prototype.hasOwnProperty.call(strings, agreeing) ? agreeing : key;
  const text = Object.prototype.hasOwnProperty.call(strings, chosen) ? strings[chosen] : key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

// The string for `key`, or `fallback` when the current language has none (for labels of codes that
// the server may add before the interface knows them).
export function tOr(key, fallback) {
  return has(key) ? t(key) : fallback;
}

// True when the current language has a string for `key`.
export function has(key) {
  return Object.prototype.hasOwnProperty.call(strings, key);
}

// A number written with the digits of the current language (Arabic-Indic in Arabic).
export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  return new Intl.NumberFormat(LANGUAGES[language].locale, { useGrouping: false }).format(number);
}

// A formatted time whose time of day never breaks across lines: the spaces from its hour on (before "ص"/"م", "AM")
// become no-break spaces, so the marker is never left alone at the start of a line. The date before it may wrap.
function joinTime(format, date) {
  let inTime = false;
  return format.formatToParts(date).map((part) => {
    if (part.type === 'hour') inTime = true;
    return inTime && part.type === 'literal' ? part.value.replace(/\s/g, '\u00a0') : part.value;
  }).join('');
}

// A UTC ISO-8601 time from the API shown as date and time in Asia/Amman; '' for none.
export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return joinTime(new Intl.DateTimeFormat(LANGUAGES[language].locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }), date);
}

// A UTC ISO-8601 time from the API shown as a date alone (the day in Asia/Amman); '' for none.
export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(LANGUAGES[language].locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

// A UTC ISO-8601 time from the API shown as the time of day alone (hours and minutes in Asia/Amman); '' for none.
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return joinTime(new Intl.DateTimeFormat(LANGUAGES[language].locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }), date);
}

// The Asia/Amman offset from UTC, in milliseconds, at the instant `ms`.
function ammanOffset(ms) {
  const parts = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const part of format.formatToParts(new Date(ms))) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

// Turns the value of an <input type="datetime-local"> read as Asia/Amman wall-clock time into a UTC
// ISO-8601 string for the API; '' when the input is empty or malformed.
export function ammanLocalToUtc(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value || '');
  if (!match) return '';
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  let utc = wall - ammanOffset(wall);
  utc = wall - ammanOffset(utc);
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The name of a record carrying name_ar and name_en in the current language, falling back to the other.
export function localName(record) {
  if (!record) return '';
  const preferred = record['name_' + language];
  const fallback = record['name_' + otherLanguage()];
  return preferred || fallback || '';
}

// `text` with its ASCII digits written in the digits of the current language (Arabic-Indic in Arabic); other
// characters are kept. Not for national numbers, phones and references, read in Western digits as on Jordanian
// forms (numberText in components/persons.js, referenceText in components/cases.js).
export function formatDigits(text) {
  if (text === null || text === undefined) return '';
  return withDigits(String(text));
}

// `text` with Arabic-Indic and Persian digits turned into ASCII, so inputs accept either kind.
export function toAsciiDigits(text) {
  if (text === null || text === undefined) return '';
  return String(text).replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

// A fraction (0–1) as a whole percentage in the current language: "95%" or "٩٥٪".
export function formatPercent(fraction) {
  const number = Number(fraction);
  if (!Number.isFinite(number)) return '';
  return new Intl.NumberFormat(LANGUAGES[language].locale, { style: 'percent', maximumFractionDigits: 0 }).format(number);
}

// A UTC ISO-8601 time (from the API, or now when `iso` is omitted) as the value of an <input type="datetime-local">
// in Asia/Amman wall-clock time ('2026-11-29T12:49'); '' for an invalid time.
export function utcToAmmanLocal(iso) {
  const date = iso === undefined ? new Date() : new Date(iso);
  if (!iso && iso !== undefined) return '';
  if (Number.isNaN(date.getTime())) return '';
  const parts = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

// A calendar date from the API ('YYYY-MM-DD', such as a birth date) in words, day first. It is a day, not an
// instant, so it is shown as written and never shifted by a time zone; '' for none. `month`: 'long' (the default)
// or 'short', as formatDateTime writes it.
export function formatCalendarDate(value, { month = 'long' } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!match) return value ? String(value) : '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(LANGUAGES[language].locale, { timeZone: 'UTC', year: 'numeric', month, day: 'numeric' }).format(date);
}

// Marks of direction a copied date may carry (LRM, RLM, ALM), removed before reading it.
const DIRECTION_MARKS = /[\u200e\u200f\u061c]/g;
// What may stand between day, month and year: / - . \ (and the Arabic decimal separator an Arabic keyboard's
// full stop gives), or spaces.
const DATE_SEPARATOR = '\\s*[/\\-.\\\\\u066b\u2215,]\\s*|\\s+';
const TYPED_DAY = new RegExp(`^(\\d{1,4})(?:${DATE_SEPARATOR})(\\d{1,2})(?:${DATE_SEPARATOR})(\\d{1,4})$`);

// Reads a date typed day/month/year (31/12/2026, 31-12-2026, 31.12.2026, ٣١/١٢/٢٠٢٦, 31122026) or year first
// (2026-12-31), whatever the browser's language. Returns {value: 'YYYY-MM-DD'}, {value: ''} for nothing typed,
// {year: 1986} for a year alone when `allowYear`, or {error: key of the message}.
export function parseTypedDate(text, { allowYear = false } = {}) {
  const typed = toAsciiDigits(text).replace(DIRECTION_MARKS, '').trim();
  if (!typed) return { value: '' };
  if (allowYear && /^\d{4}$/.test(typed)) {
    const year = Number(typed);
    return year >= 1900 && year <= 2100 ? { year } : { error: 'form.date_year_range' };
  }
  let parts = TYPED_DAY.exec(typed);
  if (!parts && /^\d{8}$/.test(typed)) parts = [typed, typed.slice(0, 2), typed.slice(2, 4), typed.slice(4)];
  if (!parts) return { error: 'form.date_format' };
  let [, day, month, year] = parts;
  if (day.length === 4) [year, day] = [day, year];
  if (day.length > 2) return { error: 'form.date_format' };
  if (year.length !== 4) return { error: 'form.date_year_full' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (y < 1900 || y > 2100) return { error: 'form.date_year_range' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || date.getUTCMonth() !== m - 1) return { error: 'form.date_no_such_day' };
  return { value: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

// A 'YYYY-MM-DD' date as a date field shows it: day/month/year ('31/12/2026'), in Arabic-Indic digits when `digits`
// is 'arab' (by default, those of the current language); '' for anything else.
export function typedDate(value, digits) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!match) return '';
  const text = `${match[3]}/${match[2]}/${match[1]}`;
  return withDigits(text, digits);
}

// Reads a time of day typed as hours and minutes (14:30, 14.30, 1430, 9, ١٤:٣٠, 2:30 pm, ٢:٣٠ م). Returns {value:
// 'HH:MM'} (24-hour), {value: ''} for nothing typed, or {error: key of the message}.
export function parseTypedTime(text) {
  const typed = toAsciiDigits(text).replace(DIRECTION_MARKS, '').trim().toLowerCase();
  if (!typed) return { value: '' };
  const parts = /^(\d{1,2})(?:\s*[:.\u066b]\s*(\d{2})|(\d{2}))?\s*(ص|م|am|pm|a\.m\.|p\.m\.)?$/.exec(typed);
  if (!parts) return { error: 'form.time_format' };
  let hour = Number(parts[1]);
  const minute = Number(parts[2] ?? parts[3] ?? 0);
  const half = parts[4] ? parts[4].replace(/\./g, '') : '';
  if (half) {
    if (hour < 1 || hour > 12) return { error: 'form.time_format' };
    hour = (hour % 12) + (half === 'pm' || half === 'م' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { error: 'form.time_format' };
  return { value: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

// `text` with its ASCII digits in Arabic-Indic when `digits` is 'arab', as typed when 'latn', and in those of the
// current language when it is not given.
export function withDigits(text, digits) {
  if (digits === 'latn' || (!digits && language !== 'ar')) return text;
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
}

// Today's date in Asia/Amman as 'YYYY-MM-DD' (the latest birth date a form accepts).
export function ammanToday() {
  const parts = {};
  for (const part of new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date())) {
    parts[part.type] = part.value;
  }
  return `${parts.year}-${parts.month}-${parts.day}`;
}

// The name of a country from its two-letter code in the current language, or '' when the browser has none.
export function regionName(code) {
  try {
    const name = new Intl.DisplayNames([LANGUAGES[language].locale], { type: 'region' }).of(code);
    return name && name !== code ? name : '';
  } catch {
    return '';
  }
}

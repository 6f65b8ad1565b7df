// Every string the interface shows comes from web/i18n/<lang>.json through t().
// The chosen language is kept in localStorage; it sets <html lang dir> and how numbers and dates read.

import { loadStaticJson } from './api.js';

const STORAGE_KEY = 'takamul.lang';
const LANGUAGES = {
  ar: { dir: 'rtl', locale: 'ar-JO-u-nu-arab' },
  en: { dir: 'ltr', locale: 'en-GB' },
};
export const TIME_ZONE = 'Asia/Amman';

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

async function load(lang) {
  if (!cache[lang]) cache[lang] = await loadStaticJson(`/i18n/${lang}.json`);
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
// so a forgotten string is visible in testing rather than blank.
export function t(key, params) {
  const text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
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

// A UTC ISO-8601 time from the API shown as date and time in Asia/Amman; '' for none.
export function formatDateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(LANGUAGES[language].locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
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

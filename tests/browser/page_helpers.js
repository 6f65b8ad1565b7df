'use strict';
// Small helpers the browser tests share: reading text, calling the API through a page's session, and the strings
// and digits the pages show.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const I18N_DIR = path.join(__dirname, '..', '..', 'web', 'i18n');

/** The trimmed text of the first element matching selector in scope (a page or a locator). */
async function text(scope, selector) {
  return (await scope.locator(selector).first().innerText()).trim();
}

/**
 * A request through the page's context, so it carries the page's session cookie. Writes send csrf, or when it is
 * not given, the session's own token from /me. Resolves {status, body} (body null when not JSON).
 */
async function apiJson(page, base, method, apiPath, body, csrf) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    if (!csrf) csrf = (await (await page.request.get(`${base}/api/v1/me`)).json()).csrf_token;
    headers['X-CSRF-Token'] = csrf;
  }
  const response = await page.request.fetch(`${base}/api/v1${apiPath}`, { method, headers, data: body });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { status: response.status(), body: json };
}

/** The files of strings of `lang` ('ar' or 'en'), one per area: {area: {key: text}}, read from web/i18n/<lang>/. */
function interfaceStringFiles(lang) {
  const areas = {};
  for (const file of fs.readdirSync(path.join(I18N_DIR, lang)).filter((name) => name.endsWith('.json')).sort()) {
    areas[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(I18N_DIR, lang, file), 'utf8'));
  }
  return areas;
}

/** Every string of `lang` in one table, as the interface merges its areas: {key: text}. */
function interfaceStrings(lang) {
  return Object.assign({}, ...Object.values(interfaceStringFiles(lang)));
}

/** The text of `key` in `strings` with {placeholders} filled. */
function format(strings, key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (match, name) => (name in params ? params[name] : match));
}

/** ASCII digits written as Arabic-Indic digits. */
function arabicDigits(value) {
  return String(value).replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
}

/** The label of a code in the lists of /codes, in `lang`. */
function codeLabel(codes, list, code, lang = 'ar') {
  const entry = codes[list].find((item) => item.code === code);
  assert.ok(entry, `${code} not in ${list}`);
  return entry['name_' + lang];
}

/** Runs fn(lang) on the page in Arabic (the interface's first language), then switches to English and runs it again. */
async function inEachLanguage(page, fn) {
  await fn('ar');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await fn('en');
}

/** The RFC 6238 code of a base32 secret at `seconds` (now by default), as an authenticator app works it out. */
function totp(secret, seconds = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, '0');
}

module.exports = { text, apiJson, format, arabicDigits, codeLabel, interfaceStrings, interfaceStringFiles, inEachLanguage, totp };

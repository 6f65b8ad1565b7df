// The one place in the interface that calls fetch.
// Sends and receives JSON, carries the session cookie, echoes the CSRF token on every write,
// asks for messages in the chosen language, and turns every failure into an ApiError.

const API_ROOT = '/api/v1';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = null;
let currentLanguage = () => 'ar';
let unauthorizedHandler = null;
let sessionTimeHandler = null;

// An error the views can show: `status` is the HTTP status (0 when the server was not reached),
// `code` the stable error code, `message` a sentence in the user's language (may be empty when the
// server gave none), `fields` maps a field name to {code, message}, `existing` is the record a 409
// names ({type, id, href}) or null.
export class ApiError extends Error {
  constructor(status, code, message, fields, existing) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = message || '';
    this.fields = fields && typeof fields === 'object' ? fields : {};
    this.existing = existing && typeof existing === 'object' ? existing : null;
  }
}

// Remembers the CSRF token from the login answer or from /me; null forgets it.
export function setCsrfToken(token) {
  csrfToken = token || null;
}

// Tells the API which language to ask for; `provider` returns 'ar' or 'en'.
export function setLanguageProvider(provider) {
  currentLanguage = provider;
}

// `handler(error)` is called when a signed-in request answers 401: the session has ended.
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

// `handler(seconds)` is called with the Takamul-Session-Expires-In of every answer that carries one: how long the
// session has left unless another request comes.
export function onSessionTime(handler) {
  sessionTimeHandler = handler;
}

function buildUrl(path, query) {
  let url = API_ROOT + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  return url;
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('application/json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function send(method, path, { body, query, quietUnauthorized = false } = {}) {
  const headers = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
  };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch (cause) {
    throw new ApiError(0, 'network', '', null);
  }

  const left = response.headers.get('Takamul-Session-Expires-In');
  if (left !== null && sessionTimeHandler && /^[0-9]+$/.test(left)) sessionTimeHandler(Number(left));

  if (response.status === 204) return null;
  const data = await readJson(response);
  if (response.ok) return data;

  const detail = data && data.error && typeof data.error === 'object' ? data.error : {};
  const error = new ApiError(
    response.status,
    typeof detail.code === 'string' ? detail.code : 'http.' + response.status,
    typeof detail.message === 'string' ? detail.message : '',
    detail.fields,
    detail.existing,
  );
  if (response.status === 401 && !quietUnauthorized && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

// The calls the views make. Each returns the parsed JSON answer (null for 204) or throws ApiError.
export const api = {
  get: (path, query, options = {}) => send('GET', path, { ...options, query }),
  post: (path, body, options = {}) => send('POST', path, { ...options, body }),
  put: (path, body, options = {}) => send('PUT', path, { ...options, body }),
  patch: (path, body, options = {}) => send('PATCH', path, { ...options, body }),
  del: (path, options = {}) => send('DELETE', path, options),
};

// Loads one of the interface's own JSON files (the strings in web/i18n/). Throws ApiError on failure.
export async function loadStaticJson(path) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network', '', null);
  }
  if (!response.ok) throw new ApiError(response.status, 'http.' + response.status, '', null);
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, 'static.invalid_json', '', null);
  }
}

// Calls to the dashboard's JSON API. Changes are POSTs carrying the X-MQ-Dashboard header, which
// the server requires so that no other site can make the browser send them.

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized = () => {};

/** What to do when the session has ended (the app shows the login form). */
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

async function call(path, init) {
  let res;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (err) {
    throw new ApiError(0, `the dashboard server cannot be reached (${err.message})`);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    // a body that is not JSON: the status says enough
  }
  if (res.ok) return data;
  // A refused login is the login form's own business; any other 401 means the session has ended.
  if (res.status === 401 && path !== '/api/login') onUnauthorized();
  throw new ApiError(res.status, data?.error ?? `${res.status} ${res.statusText}`, data?.code);
}

/** GET path?params (empty values left out). */
export function get(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return call(s ? `${path}?${s}` : path);
}

export function post(path, body = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-MQ-Dashboard': '1' },
    body: JSON.stringify(body),
  });
}

// The API client: JSON over fetch with the session cookie; the CSRF token on unsafe methods;
// errors as ApiError {status, code, message, fields} in the server's own words (PRODUCT.md §5).
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    const err = body?.error || {};
    super(err.message || (status === 0 ? '无法连接服务器，请检查网络' : `请求失败（${status}）`));
    this.status = status;
    this.code = err.code || (status === 0 ? 'network' : 'unknown');
    this.fields = err.fields || {};
  }
}

function qs(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * request('GET', '/achievements', {query}) → {data, headers, status}. path is under /api/v1.
 * Options: query, body (JSON), ifMatch (a version number → If-Match: "vN").
 */
export async function request(method, path, { query, body, ifMatch, signal } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session.csrf) headers['x-csrf-token'] = session.csrf;
  if (ifMatch !== undefined && ifMatch !== null) headers['if-match'] = `"v${ifMatch}"`;
  let res;
  try {
    res = await fetch(`/api/v1${path}${qs(query)}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && session.user) session.expired();
    throw err;
  }
  return { data, headers: res.headers, status: res.status };
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }).then((r) => r.data),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }).then((r) => r.data),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }).then((r) => r.data),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }).then((r) => r.data),
};

/** The record's state-machine action. */
export function transition(kind, rec, action, extra = {}) {
  return api.post(`/${kind}/${rec.id}/transitions`, { action, ...extra }, { ifMatch: rec.version });
}

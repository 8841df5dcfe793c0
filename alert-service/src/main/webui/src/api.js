import { ApiError, problemFrom, isServiceDown } from './problem.js';

/**
 * The one way the console calls the services: base URL per service, a fresh bearer token on every call, JSON in
 * and out, and every failure as an ApiError (status, title, detail, errors) from the service's problem+json.
 * A service that does not answer, or answers 502/503/504, is reported down; a 401 goes back to login.
 */
export function createApi({ urls, token, onUnauthorized, onServiceDown, onServiceUp, fetchImpl = (...a) => fetch(...a) }) {
  async function call(service, path, { method = 'GET', query, body, headers = {}, signal } = {}) {
    const url = new URL((urls[service] || '') + path, window.location.origin);
    for (const [k, v] of Object.entries(query || {})) {
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
    }
    const bearer = await token();
    const init = {
      method,
      signal,
      headers: { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${bearer}`, ...headers },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetchImpl(url, init);
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      onServiceDown(service);
      throw new ApiError({ status: 0, service, kind: 'network' });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      const error = problemFrom(res.status, res.headers.get('Content-Type'), text, service);
      if (res.status === 401) {
        onUnauthorized();
      } else if (isServiceDown(res.status)) {
        onServiceDown(service);
      } else {
        onServiceUp(service);
      }
      throw error;
    }
    onServiceUp(service);
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    return { status: res.status, data, etag: res.headers.get('ETag'), headers: res.headers };
  }

  return {
    call,
    url: (service, path) => new URL((urls[service] || '') + path, window.location.origin),
    get: (service, path, opts) => call(service, path, opts),
    post: (service, path, body, opts = {}) => call(service, path, { ...opts, method: 'POST', body }),
    put: (service, path, body, opts = {}) => call(service, path, { ...opts, method: 'PUT', body }),
    del: (service, path, opts = {}) => call(service, path, { ...opts, method: 'DELETE' }),
  };
}

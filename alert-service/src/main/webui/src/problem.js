/**
 * RFC 9457 problem details as the console uses them: one error object for every failed call, and the field
 * errors placed next to the form fields they name. Pure.
 */
export class ApiError extends Error {
  constructor({ status, title, detail, errors = [], service = null, type = null, kind = 'http' }) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title || null;
    this.detail = detail || null;
    this.errors = errors;
    this.service = service;
    this.type = type;
    /** http: the service answered; network: it did not (down, refused, CORS). */
    this.kind = kind;
  }
}

/** The error object for a failed response: its problem+json when it has one, else only the status. */
export function problemFrom(status, contentType, bodyText, service = null) {
  let body = null;
  if (bodyText && /json/i.test(contentType || '')) {
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return new ApiError({ status, service });
  }
  const errors = Array.isArray(body.errors)
    ? body.errors
        .filter((e) => e && typeof e === 'object')
        .map((e) => ({ pointer: typeof e.pointer === 'string' ? e.pointer : '', detail: String(e.detail ?? '') }))
    : [];
  return new ApiError({
    status: Number.isInteger(body.status) ? body.status : status,
    title: typeof body.title === 'string' ? body.title : null,
    detail: typeof body.detail === 'string' ? body.detail : null,
    errors,
    service,
    type: typeof body.type === 'string' ? body.type : null,
  });
}

/** The parent of a JSON pointer ('/a/b/0' → '/a/b'), '' for a top-level one, null for ''. */
export function parentPointer(pointer) {
  if (!pointer) return null;
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

/**
 * Places each error at the nearest element of the form that has its pointer or an ancestor's: `placed` maps an
 * element's pointer to its errors (each keeping its own pointer), `general` holds the rest, for the top of the
 * form. `known` is the set of pointers the form has elements for.
 */
export function placeFieldErrors(errors, known) {
  const placed = new Map();
  const general = [];
  for (const error of errors || []) {
    let at = error.pointer;
    while (at !== null && at !== '' && !known.has(at)) {
      at = parentPointer(at);
    }
    if (at === null || at === '') {
      general.push(error);
    } else {
      if (!placed.has(at)) placed.set(at, []);
      placed.get(at).push(error);
    }
  }
  return { placed, general };
}

/** Whether a status means the service is unreachable or unwell, as opposed to a refusal of this request. */
export function isServiceDown(status) {
  return status === 0 || status === 502 || status === 503 || status === 504;
}

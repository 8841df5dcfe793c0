/** JSON pointers (RFC 6901) over plain objects, as the form fields' names. Pure. */
function tokens(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function getAt(obj, pointer) {
  let cur = obj;
  for (const t of tokens(pointer)) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[t];
  }
  return cur;
}

/** Sets a value, making objects or arrays (for numeric tokens) on the way. */
export function setAt(obj, pointer, value) {
  const ts = tokens(pointer);
  let cur = obj;
  ts.forEach((t, i) => {
    if (i === ts.length - 1) {
      cur[t] = value;
      return;
    }
    if (cur[t] === null || cur[t] === undefined || typeof cur[t] !== 'object') {
      cur[t] = /^\d+$/.test(ts[i + 1]) ? [] : {};
    }
    cur = cur[t];
  });
  return obj;
}

/**
 * A copy without empty values: '' and null fields, empty objects and empty arrays go, so that the API applies
 * its defaults and reports what is required as missing.
 */
export function prune(value) {
  if (Array.isArray(value)) {
    // a row the user added stays a row, so that the API names what it lacks
    return value.map((v) => {
      const p = prune(v);
      if (p !== undefined) return p;
      return v && typeof v === 'object' ? {} : v;
    });
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p === undefined) continue;
      out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === '' || value === null) return undefined;
  return value;
}

import { h, replace, append, prepend, after, idFor } from '../dom.js';
import { t } from '../i18n/index.js';
import { placeFieldErrors } from '../problem.js';

/** A labelled control whose name is its JSON pointer. */
export function field(pointer, label, control, { hint } = {}) {
  const id = idFor(pointer);
  control.id = id;
  control.name = pointer;
  const hintEl = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field', 'data-field': pointer }, h('label', { for: id }, label), control, hintEl);
}

export function textInput(value, attrs = {}) {
  return h('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...attrs });
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: String(value ?? '') === v }, label)));
}

export function clearErrors(form) {
  form.querySelectorAll('[data-testid="field-error"]').forEach((p) => p.remove());
  form.querySelectorAll('[aria-invalid]').forEach((el) => {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.startsWith('err-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  });
  const top = form.querySelector('[data-testid="form-errors"]');
  if (top) replace(top);
  if (top) top.hidden = true;
}

/**
 * Shows an API error on a form: each field error beside its control (or the group it belongs to), marked with
 * aria-invalid and aria-describedby, the first one focused; the rest, and the problem's own detail, at the top.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const elements = new Map();
  form.querySelectorAll('[name^="/"], [data-pointer]').forEach((el) => {
    const p = el.getAttribute('name')?.startsWith('/') ? el.getAttribute('name') : el.getAttribute('data-pointer');
    if (!elements.has(p)) elements.set(p, el);
  });
  const { placed, general } = placeFieldErrors(error.errors || [], new Set(elements.keys()));
  let n = 0;
  let first = null;
  for (const [at, errors] of placed) {
    const el = elements.get(at);
    const ids = [];
    for (const e of errors) {
      const id = `err-${n++}`;
      ids.push(id);
      const p = h('p', { class: 'field-error', id, 'data-testid': 'field-error', 'data-pointer': e.pointer }, e.detail);
      if (el.tagName === 'FIELDSET') {
        const legend = el.querySelector(':scope > legend');
        if (legend) after(legend, p);
        else prepend(el, p);
      } else {
        after(el, p);
      }
    }
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), ...ids].filter(Boolean).join(' '));
    if (!first || (first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)) first = el;
  }
  const top = form.querySelector('[data-testid="form-errors"]');
  if (top) {
    top.hidden = false;
    append(top, h('p', { class: 'problem-title' }, problemText(error)));
    if (general.length) {
      append(top, h('ul', {}, general.map((e) => h('li', { 'data-testid': 'general-error', 'data-pointer': e.pointer },
        e.pointer ? `${e.pointer}: ${e.detail}` : e.detail))));
    }
  }
  const focusTarget = first && first.tagName === 'FIELDSET' ? first.querySelector('input, select, textarea, button') || first : first;
  if (focusTarget) {
    if (focusTarget.tagName === 'FIELDSET') focusTarget.tabIndex = -1;
    focusTarget.focus();
  } else if (top) {
    top.tabIndex = -1;
    top.focus();
  }
}

/** One line for an error: the service's detail, or what its status means. */
export function problemText(error) {
  if (!error) return '';
  if (error.kind === 'network') return t('error.unreachable', { service: t(`service.${error.service}`) });
  if (error.status === 412) return t('error.stale');
  return error.detail || error.title || t('error.status', { status: error.status });
}

export function errorBox() {
  return h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'form-errors', hidden: true });
}

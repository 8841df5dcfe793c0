import { h, replace } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';

export const PROVISIONING_STATES = ['IN_SYNC', 'PENDING', 'FAILING'];
export const PROVISIONING_ACTIONS = ['CREATE_GROUP', 'SUSPEND', 'REINSTATE', 'RECONCILE'];

/** How many agencies' states the directory asks for at once. */
const CONCURRENCY = 4;
/** How soon a cell whose agency has work waiting asks again. */
const REFRESH_MS = 5000;

/** GET /api/v1/agencies/{code}/provisioning (administrators only). */
export function fetchProvisioning(api, code) {
  return api.get('directory', `/api/v1/agencies/${encodeURIComponent(code)}/provisioning`).then((res) => res.data);
}

/** The line a table cell shows: the state, and for work still waiting how much and when it is next tried. */
export function provisioningLine(p) {
  const parts = [tv('provisioning', p.state)];
  if (p.state !== 'IN_SYNC' && p.pending) parts.push(t('provisioning.waiting', { pending: p.pending }));
  if (p.state === 'FAILING' && p.nextAttemptAt) parts.push(t('provisioning.retryAt', { at: formatTime(p.nextAttemptAt) }));
  return parts.join(' · ');
}

/** Fills an element with an agency's state: data-state is the state, or loading / unknown. */
export function paintProvisioningCell(el, p) {
  if (!p) {
    el.dataset.state = 'unknown';
    replace(el, t('directory.provisioningUnknown'));
    return;
  }
  el.dataset.state = p.state;
  replace(el, h('span', { class: `provisioning provisioning-${p.state.toLowerCase()}` }, provisioningLine(p)));
}

/** The agency page's account of it: every field of the answer. */
export function provisioningDetails(p) {
  if (!p) return h('p', { 'data-testid': 'provisioning-details', 'data-state': 'unknown' }, t('directory.provisioningUnknown'));
  return h('dl', { class: 'fields', 'data-testid': 'provisioning-details', 'data-state': p.state },
    h('dt', {}, t('provisioning.state')),
    h('dd', {}, h('span', { class: `provisioning provisioning-${p.state.toLowerCase()}` }, tv('provisioning', p.state))),
    h('dt', {}, t('provisioning.pending')), h('dd', {}, String(p.pending)),
    h('dt', {}, t('provisioning.lastAction')), h('dd', {}, p.lastAction ? tv('provisioningAction', p.lastAction) : '—'),
    h('dt', {}, t('provisioning.lastDoneAt')), h('dd', {}, p.lastDoneAt ? h('time', { datetime: p.lastDoneAt }, formatTime(p.lastDoneAt)) : '—'),
    p.nextAttemptAt ? [h('dt', {}, t('provisioning.nextAttemptAt')), h('dd', {}, h('time', { datetime: p.nextAttemptAt }, formatTime(p.nextAttemptAt)))] : null,
    p.attempts ? [h('dt', {}, t('provisioning.attempts')), h('dd', {}, String(p.attempts))] : null);
}

/**
 * Loads agencies' states for the table cells that come into view, a few requests at a time; cells never seen cost
 * nothing. A cell whose agency has work waiting asks again after refreshMs (0: never), while it is on the page.
 * Without IntersectionObserver, every observed cell loads.
 */
export function createProvisioningLoader(load, { concurrency = CONCURRENCY, refreshMs = REFRESH_MS, Observer = globalThis.IntersectionObserver } = {}) {
  const queue = [];
  const timers = new Set();
  let running = 0;
  let stopped = false;

  function paint(cell, p) {
    paintProvisioningCell(cell, p);
    if (!p || p.state === 'IN_SYNC' || !refreshMs || stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (cell.isConnected !== false) enqueue(cell);
    }, refreshMs);
    timers.add(timer);
  }

  function forget() {
    queue.length = 0;
    timers.forEach(clearTimeout);
    timers.clear();
    if (observer) observer.disconnect();
  }

  function pump() {
    while (!stopped && running < concurrency && queue.length) {
      const { code, cell } = queue.shift();
      running++;
      load(code).then((p) => paint(cell, p), () => paint(cell, null)).finally(() => {
        running--;
        pump();
      });
    }
  }

  function enqueue(cell) {
    queue.push({ code: cell.dataset.code, cell });
    pump();
  }

  const observer = Observer ? new Observer((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      observer.unobserve(e.target);
      enqueue(e.target);
    }
  }) : null;

  return {
    /** A cell with data-code, shown as loading until its state arrives. */
    observe(cell) {
      cell.dataset.state = 'loading';
      replace(cell, t('provisioning.loading'));
      if (observer) observer.observe(cell);
      else enqueue(cell);
    },
    /** Forgets the cells waiting (a new page of the table replaces them). */
    reset: forget,
    stop() {
      stopped = true;
      forget();
    },
  };
}

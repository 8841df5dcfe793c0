import { h, replace, append, replaceWith } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { select, problemText } from './form.js';
import { confirmDialog } from './dialog.js';
import { createProvisioningLoader, fetchProvisioning } from './provisioning.js';

export const KINDS = ['FEDERAL', 'STATE', 'LOCAL', 'TRIBAL', 'FUSION_CENTER', 'TASK_FORCE', 'INTERNATIONAL'];

/** Suspends or reinstates after a confirmation; answers the agency as the API returned it, or null. */
export async function toggleSuspension(api, agency) {
  const suspend = agency.status !== 'SUSPENDED';
  const ok = await confirmDialog({
    title: t(suspend ? 'directory.suspendTitle' : 'directory.reinstateTitle', { code: agency.code }),
    message: t(suspend ? 'directory.suspendConfirm' : 'directory.reinstateConfirm', { code: agency.code, name: agency.name }),
    confirmLabel: t(suspend ? 'directory.suspend' : 'directory.reinstate'),
    danger: suspend,
  });
  if (!ok) return null;
  const path = `/api/v1/agencies/${encodeURIComponent(agency.code)}/suspension`;
  const res = suspend ? await api.post('directory', path) : await api.del('directory', path);
  return res.data;
}

export function suspensionButton(api, agency, onChanged, onError) {
  const suspended = agency.status === 'SUSPENDED';
  return h('button', {
    type: 'button', class: suspended ? '' : 'danger', 'data-testid': suspended ? 'reinstate-button' : 'suspend-button',
    'aria-label': t(suspended ? 'directory.reinstateOne' : 'directory.suspendOne', { code: agency.code }),
    onclick: async () => {
      try {
        const changed = await toggleSuspension(api, agency);
        if (changed) onChanged(changed);
      } catch (e) {
        onError(e);
      }
    },
  }, t(suspended ? 'directory.reinstate' : 'directory.suspend'));
}

/** #/directory: search, filter by kind, jurisdiction and status, suspend and reinstate. */
export function renderDirectory({ api }) {
  const q = h('input', { type: 'search', id: 'dir-q', 'data-testid': 'directory-search' });
  const kind = select([['', t('filter.any')], ...KINDS.map((k) => [k, tv('kind', k)])], '', { id: 'dir-kind', 'data-testid': 'filter-kind' });
  const jurisdiction = h('input', { type: 'text', id: 'dir-jurisdiction', 'data-testid': 'filter-jurisdiction', placeholder: 'US-FL' });
  const status = select([['', t('filter.any')], ['ACTIVE', tv('agencyStatus', 'ACTIVE')], ['SUSPENDED', tv('agencyStatus', 'SUSPENDED')]], '', { id: 'dir-status', 'data-testid': 'filter-status' });
  const tbody = h('tbody');
  const message = h('div', { 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' });
  let page = 0;
  const provisioning = createProvisioningLoader((code) => fetchProvisioning(api, code));

  function row(a) {
    const provisioningCell = h('td', { 'data-testid': 'agency-provisioning', 'data-code': a.code });
    provisioning.observe(provisioningCell);
    const tr = h('tr', { 'data-testid': 'agency-row', 'data-code': a.code },
      h('td', {}, h('a', { href: `#/directory/${encodeURIComponent(a.code)}` }, a.code)),
      h('td', {}, a.name),
      h('td', {}, tv('kind', a.kind)),
      h('td', {}, (a.jurisdictions || []).join(', ')),
      h('td', { 'data-testid': 'agency-status', 'data-status': a.status }, tv('agencyStatus', a.status)),
      provisioningCell,
      h('td', {}, suspensionButton(api, a, (changed) => {
        replaceWith(tr, row(changed));
        replace(message, h('p', { class: 'success', role: 'status' }, t(changed.status === 'SUSPENDED' ? 'directory.suspended' : 'directory.reinstated', { code: changed.code })));
      }, (e) => replace(message, h('p', { class: 'error', role: 'alert' }, problemText(e))))));
    return tr;
  }

  async function load() {
    try {
      const res = await api.get('directory', '/api/v1/agencies', { query: { q: q.value.trim(), kind: kind.value, jurisdiction: jurisdiction.value.trim(), status: status.value, page, size: 50 } });
      provisioning.reset();
      replace(tbody);
      if (!res.data.items.length) append(tbody, h('tr', {}, h('td', { colspan: 7 }, t('directory.none'))));
      res.data.items.forEach((a) => append(tbody, row(a)));
      const pages = Math.max(1, Math.ceil(res.data.total / res.data.size));
      replace(pager,
        h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; load(); } }, t('action.previous')),
        h('span', {}, t('directory.page', { page: page + 1, pages, total: res.data.total })),
        h('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => { page++; load(); } }, t('action.next')));
    } catch (e) {
      replace(message, h('p', { class: 'error', role: 'alert' }, problemText(e)));
      if (e.errors && e.errors.length) append(message, h('ul', {}, e.errors.map((x) => h('li', { 'data-testid': 'field-error', 'data-pointer': x.pointer }, x.pointer ? `${x.pointer}: ${x.detail}` : x.detail))));
    }
  }

  const form = h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); page = 0; replace(message); load(); } },
    h('div', { class: 'field-inline' }, h('label', { for: 'dir-q' }, t('directory.search')), q),
    h('div', { class: 'field-inline' }, h('label', { for: 'dir-kind' }, t('directory.kind')), kind),
    h('div', { class: 'field-inline' }, h('label', { for: 'dir-jurisdiction' }, t('directory.jurisdiction')), jurisdiction),
    h('div', { class: 'field-inline' }, h('label', { for: 'dir-status' }, t('directory.status')), status),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'directory-search-button' }, t('directory.searchButton')));
  [kind, status].forEach((s) => s.addEventListener('change', () => { page = 0; load(); }));

  const el = h('section', { class: 'page', 'aria-labelledby': 'dir-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'dir-title' }, t('directory.title')),
      h('a', { class: 'button primary', href: '#/directory/new', 'data-testid': 'new-agency' }, t('directory.new'))),
    form, message,
    h('table', { class: 'table', 'data-testid': 'agencies' },
      h('caption', { class: 'visually-hidden' }, t('directory.title')),
      h('thead', {}, h('tr', {}, ['directory.code', 'directory.name', 'directory.kind', 'directory.jurisdictions', 'directory.status', 'directory.provisioning', 'directory.actions']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      tbody),
    pager);
  return { el, mounted: load, destroy: provisioning.stop };
}

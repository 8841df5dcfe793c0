import { h, append } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';
import { problemText } from './form.js';

/** The agency's own reports, newest first, a page at a time (cursor). */
export function renderReports({ api }) {
  const tbody = h('tbody');
  const error = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', 'data-testid': 'load-more', hidden: true, onclick: () => load(next) }, t('feed.loadMore'));
  let next = null;

  async function load(cursor) {
    more.disabled = true;
    try {
      const res = await api.get('intake', '/api/v1/reports', { query: { size: 50, cursor } });
      error.textContent = '';
      if (!cursor && !res.data.items.length) {
        append(tbody, h('tr', {}, h('td', { colspan: 6 }, t('reports.none'))));
      }
      for (const r of res.data.items) {
        append(tbody, h('tr', { 'data-testid': 'report-row', 'data-report-id': r.id },
          h('td', {}, h('a', { href: `#/reports/${encodeURIComponent(r.id)}` }, r.externalRef)),
          h('td', {}, tv('reportType', r.type)),
          h('td', { 'data-testid': 'report-status' }, tv('reportStatus', r.status)),
          h('td', {}, String(r.version)),
          h('td', {}, formatTime(r.receivedAt)),
          h('td', {}, formatTime(r.updatedAt))));
      }
      next = res.data.next || null;
    } catch (e) {
      error.textContent = problemText(e);
    }
    more.hidden = !next;
    more.disabled = false;
  }

  const el = h('section', { class: 'page', 'aria-labelledby': 'reports-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'reports-title' }, t('reports.title')),
      h('a', { class: 'button primary', href: '#/reports/new', 'data-testid': 'new-report' }, t('nav.newReport'))),
    error,
    h('table', { class: 'table', 'data-testid': 'reports' },
      h('caption', { class: 'visually-hidden' }, t('reports.title')),
      h('thead', {}, h('tr', {}, ['reports.externalRef', 'reports.type', 'reports.status', 'reports.version', 'reports.receivedAt', 'reports.updatedAt']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      tbody),
    more);
  return { el, mounted: () => load(null) };
}

import { h, replace, append } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';
import { createReportForm, rawFromReport } from './report-form.js';
import { showErrors, problemText } from './form.js';
import { confirmDialog } from './dialog.js';
import { tlpBadge } from './badges.js';

/** #/reports/new: file a case report. */
export function renderReportNew({ api }) {
  const result = h('div', { 'aria-live': 'polite' });
  const { form, setBusy } = createReportForm({
    submitLabel: t('report.submit'),
    onSubmit: async (body) => {
      setBusy(true);
      try {
        const res = await api.post('intake', '/api/v1/reports', body);
        form.hidden = true;
        replace(result, h('div', { class: 'panel success', role: 'status', 'data-testid': 'report-accepted', 'data-report-id': res.data.id },
          h('p', {}, t('report.accepted', { id: res.data.id })),
          h('p', {}, h('a', { href: `#/reports/${encodeURIComponent(res.data.id)}` }, t('report.view')), ' · ',
            h('a', { href: '#/reports' }, t('nav.reports')))));
        result.querySelector('[data-testid="report-accepted"]').tabIndex = -1;
        result.querySelector('[data-testid="report-accepted"]').focus();
      } catch (e) {
        showErrors(form, e);
      }
      setBusy(false);
    },
  });
  const el = h('section', { class: 'page', 'aria-labelledby': 'new-report-title' },
    h('h1', { id: 'new-report-title' }, t('report.newTitle')), result, form);
  return { el };
}

function summary(r) {
  const e = r.entities || {};
  const count = (k) => (e[k] || []).length;
  return h('dl', { class: 'fields' },
    [[t('report.externalRef'), r.externalRef], [t('report.type'), tv('reportType', r.type)],
      [t('reports.status'), h('span', { 'data-testid': 'report-status' }, tv('reportStatus', r.status))],
      [t('reports.version'), String(r.version)], [t('report.occurredAt'), formatTime(r.occurredAt)],
      [t('report.jurisdiction'), r.jurisdiction], [t('report.headline'), r.headline], [t('report.narrative'), r.narrative],
      [t('report.location'), r.location ? `${r.location.lat}, ${r.location.lon}` : '—'],
      [t('report.entities'), t('report.entityCounts', { persons: count('persons'), vehicles: count('vehicles'), phones: count('phones'), substances: count('substances') })],
      [t('report.severity'), tv('severity', r.severity)],
      [t('report.tlp'), [tlpBadge(r.marking && r.marking.tlp), r.marking && r.marking.recipients && r.marking.recipients.length ? ` ${r.marking.recipients.join(', ')}` : '']],
      r.retraction ? [t('report.retractionReason'), r.retraction.reason] : null,
      [t('reports.receivedAt'), formatTime(r.receivedAt)], [t('reports.updatedAt'), formatTime(r.updatedAt)],
    ].filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')]));
}

/** #/reports/<id>: the report, amended with its ETag (412 when someone changed it first), or retracted. */
export function renderReport({ api }, id) {
  const path = `/api/v1/reports/${encodeURIComponent(id)}`;
  const content = h('div');
  const notice = h('div', { 'aria-live': 'polite' });
  let etag = null;

  async function load(message) {
    try {
      const res = await api.get('intake', path);
      etag = res.etag;
      paint(res.data);
      replace(notice);
      if (message) append(notice, message);
    } catch (e) {
      replace(content, h('p', { class: 'error', role: 'alert' }, e.status === 404 ? t('report.notFound') : problemText(e)));
    }
  }

  function paint(report) {
    const retracted = report.status === 'RETRACTED';
    const actions = h('div', { class: 'actions' });
    const editArea = h('div');
    if (!retracted) {
      append(actions,
        h('button', { type: 'button', 'data-testid': 'amend-button', onclick: () => amend(report, editArea) }, t('report.amend')),
        h('button', { type: 'button', class: 'danger', 'data-testid': 'retract-button', onclick: () => retract(editArea) }, t('report.retract')));
    }
    replace(content, summary(report), actions, editArea);
  }

  function amend(report, area) {
    const { form, setBusy } = createReportForm({
      raw: rawFromReport(report),
      testid: 'report-form',
      submitLabel: t('report.saveAmendment'),
      onSubmit: async (body) => {
        setBusy(true);
        try {
          await api.put('intake', path, body, { headers: { 'If-Match': etag } });
          await load(h('p', { class: 'success', role: 'status', 'data-testid': 'report-amended' }, t('report.amended')));
        } catch (e) {
          if (e.status === 412) {
            await load(h('p', { class: 'warning', role: 'alert', 'data-testid': 'stale-warning' }, t('report.stale')));
          } else {
            showErrors(form, e);
          }
        }
        setBusy(false);
      },
    });
    replace(area, h('h2', {}, t('report.amendTitle')), form);
    form.querySelector('input, select, textarea').focus();
  }

  function retract(area) {
    const reason = h('textarea', { id: 'retract-reason', name: '/reason', rows: 3, 'data-testid': 'retract-reason', 'aria-required': 'true' });
    const form = h('form', { class: 'panel', 'data-testid': 'retract-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const ok = await confirmDialog({ title: t('report.retractConfirmTitle'), message: t('report.retractConfirm'), confirmLabel: t('report.retract'), danger: true });
      if (!ok) return;
      try {
        await api.post('intake', `${path}/retraction`, { reason: reason.value }, { headers: etag ? { 'If-Match': etag } : {} });
        await load(h('p', { class: 'success', role: 'status', 'data-testid': 'report-retracted' }, t('report.retracted')));
      } catch (err) {
        if (err.status === 412) {
          await load(h('p', { class: 'warning', role: 'alert', 'data-testid': 'stale-warning' }, t('report.stale')));
        } else {
          showErrors(form, err);
        }
      }
    } },
    h('div', { class: 'form-errors', role: 'alert', 'data-testid': 'form-errors', hidden: true }),
    h('div', { class: 'field' }, h('label', { for: 'retract-reason' }, t('report.retractionReason')), reason),
    h('button', { type: 'submit', class: 'danger', 'data-testid': 'retract-submit' }, t('report.retract')));
    replace(area, form);
    reason.focus();
  }

  const el = h('section', { class: 'page', 'aria-labelledby': 'report-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'report-title' }, t('report.title')), h('a', { href: '#/reports' }, t('nav.reports'))),
    notice, content);
  return { el, mounted: () => load() };
}

import { h, replace, append } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';
import { problemText } from './form.js';
import { tlpBadge } from './badges.js';

function dl(entries) {
  return h('dl', { class: 'fields' }, entries.filter(Boolean).map(([k, v, testid]) => [h('dt', {}, k), h('dd', testid ? { 'data-testid': testid } : {}, v ?? '—')]));
}

/** Who acknowledged, and when: "you" when it was the signed-in user (the token's subject the API records). */
export function acknowledgedText(ack, subject) {
  const at = formatTime(ack.at);
  return subject && ack.by === subject ? t('detail.acknowledgedByYou', { at }) : t('detail.acknowledgedBy', { by: ack.by, at });
}

/**
 * An overdose spike's counts, found by the exchange: per window its span, count against the threshold, fatal,
 * non-fatal and naloxone given; the county's neighbours. No report is named in it.
 */
/**
 * One side of an entity match: the value both reports held, how this agency's own report wrote it, and, when the
 * other report is TLP:AMBER+STRICT, that its originator is all there is to know.
 */
export function matchDetail(match, originator) {
  return h('section', { class: 'match', 'data-testid': 'match-detail' },
    h('h3', {}, t('match.title', { kind: tv('matchKind', match.kind), agency: originator || '' })),
    dl([
      [t('match.value'), h('code', {}, [match.value, match.plateState ? ` (${match.plateState})` : ''].join(''))],
      [t('match.yourEntity'), match.yourEntity],
      [t('match.yourReport'), match.yourReport ? h('code', {}, match.yourReport) : null],
    ]),
    match.contactOriginator ? h('p', { 'data-testid': 'match-contact' }, t('match.contact', { agency: originator || '' })) : null);
}

export function spikeDetail(spike) {
  const windows = spike.windows || [];
  return h('section', { class: 'spike', 'data-testid': 'spike-detail' },
    h('h3', {}, t('spike.title', { county: spike.county || '' })),
    h('table', { class: 'spike-windows' },
      h('caption', {}, t('spike.caption')),
      h('thead', {}, h('tr', {}, ['spike.window', 'spike.count', 'spike.threshold', 'spike.fatal', 'spike.nonFatal', 'spike.naloxone', 'spike.span']
        .map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, windows.map((w) => h('tr', { 'data-window': w.size, class: w.count >= w.threshold ? 'over' : '' },
        h('th', { scope: 'row' }, tv('spikeWindow', w.size)), h('td', {}, String(w.count)), h('td', {}, String(w.threshold)),
        h('td', {}, String(w.fatal)), h('td', {}, String(w.nonFatal)), h('td', {}, String(w.naloxone)),
        h('td', {}, `${formatTime(w.start)} – ${formatTime(w.end)}`))))),
    h('p', {}, t('spike.neighbours', { list: (spike.neighbours || []).join(', ') || '—' })));
}

/** One alert's detail: its CAP fields, why the agency got it, its report's history here, and acknowledgement. */
export function renderDetail(ctx, row) {
  const { store, auth } = ctx;
  const latest = row.latest;
  const c = row.content || {};
  const cancelled = latest.msgType === 'Cancel';
  const ackState = h('p', { class: 'ack-state', 'data-testid': 'ack-state', role: 'status', tabindex: '-1' });
  const ackError = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'ack-button', onclick: acknowledge }, t('detail.acknowledge'));
  const history = h('ol', { class: 'history', 'data-testid': 'alert-history' }, h('li', {}, t('app.loading')));
  let shownAck = latest.acknowledgement || null;

  function paintAck(ack) {
    shownAck = ack;
    if (ack) {
      ackState.textContent = acknowledgedText(ack, auth && auth.subject);
      ackState.hidden = false;
      button.hidden = true;
    } else {
      ackState.hidden = true;
      button.hidden = false;
    }
  }

  async function acknowledge() {
    const hadFocus = document.activeElement === button;
    button.disabled = true;
    ackError.textContent = '';
    try {
      const alert = await store.acknowledge(latest.id);
      paintAck(alert.acknowledgement);
      // the button is gone: focus stays in the detail, on what replaced it, rather than falling to the page
      if (hadFocus) ackState.focus();
    } catch (e) {
      ackError.textContent = problemText(e);
    }
    button.disabled = false;
    if (hadFocus && !button.hidden) button.focus();
  }

  const el = h('article', { class: `detail${cancelled ? ' cancelled' : ''}`, 'data-testid': 'alert-detail', 'data-alert-id': latest.id, 'data-report-id': row.reportId, 'data-spike-id': c.spike ? c.spike.id : null, 'data-match-id': c.match ? c.match.id : null, 'aria-labelledby': 'detail-title' },
    h('h2', { id: 'detail-title', tabindex: '-1' }, cancelled ? h('s', {}, c.headline || t('alert.noContent')) : (c.headline || t('alert.noContent'))),
    cancelled ? h('p', { class: 'cancel-reason', 'data-testid': 'cancel-reason', 'data-reason': latest.cancelReason || '' },
      t('detail.cancelled', { reason: latest.cancelReason ? tv('cancelReason', latest.cancelReason) : t('cancelReason.none') })) : null,
    dl([
      [t('cap.status'), c.status],
      [t('cap.msgType'), tv('msgType', latest.msgType), 'detail-msg-type'],
      [t('cap.urgency'), c.urgency && tv('urgency', c.urgency)],
      [t('cap.severity'), c.severity && tv('severity', c.severity)],
      [t('cap.certainty'), c.certainty && tv('certainty', c.certainty)],
      [t('cap.headline'), c.headline],
      [t('cap.area'), c.area ? [c.area.jurisdiction, c.area.point ? ` (${c.area.point.lat}, ${c.area.point.lon})` : ''].join('') : null],
      [t('cap.sent'), h('time', { datetime: latest.sent }, formatTime(latest.sent))],
      [t('alert.topic'), c.topic && tv('topic', c.topic)],
      [t('alert.originator'), c.originator],
      [t('alert.marking'), tlpBadge(c.marking && c.marking.tlp)],
      [t('detail.reason'), c.reason ? tv('reason', c.reason) : null, 'alert-reason'],
      row.reportId ? [t('detail.report'), h('code', {}, row.reportId)] : null,
    ]),
    c.spike ? spikeDetail(c.spike) : null,
    c.match && c.match.kind ? matchDetail(c.match, c.originator) : null,
    h('div', { class: 'ack' }, button, ackState, ackError),
    h('h3', {}, t('detail.history')),
    history);
  paintAck(latest.acknowledgement || null);

  let alive = true;
  store.history(row.key).then((messages) => {
    if (!alive) return;
    replace(history);
    for (const m of messages) {
      append(history, h('li', { 'data-alert-id': m.id, 'data-msg-type': m.msgType },
        h('span', { class: 'msg-type' }, tv('msgType', m.msgType)), ' ',
        h('time', { datetime: m.sent }, formatTime(m.sent)), ' ',
        m.msgType === 'Cancel' ? (m.cancelReason ? tv('cancelReason', m.cancelReason) : t('cancelReason.none')) : (m.headline || ''),
        m.reportVersion ? h('span', { class: 'hint' }, ` · ${t('detail.version', { version: m.reportVersion })}`) : null,
        m.spike && m.spike.version ? h('span', { class: 'hint' }, ` · ${t('detail.version', { version: m.spike.version })}`) : null,
        m.match && m.match.version ? h('span', { class: 'hint' }, ` · ${t('detail.version', { version: m.match.version })}`) : null));
    }
  });

  return {
    el,
    ackChanged: (r) => (r.latest.acknowledgement || null)?.at !== shownAck?.at,
    destroy() {
      alive = false;
    },
  };
}

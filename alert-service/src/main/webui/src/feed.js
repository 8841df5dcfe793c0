/**
 * The analyst's feed as rows, one per case report: pure state and functions, no DOM. An alert's Update replaces
 * its row's content; a Cancel keeps the last content it had (struck through in the view) with its reason. Messages
 * are applied whatever order they come in (a page of history after the live ones): the row shows its newest by
 * seq, and a message seen before (same id, from the list and again from the stream) changes nothing.
 */
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
export const MSG_TYPES = ['Alert', 'Update', 'Cancel'];

export function createFeed() {
  return { rows: new Map(), byAlertId: new Map(), maxSeq: 0, version: 0, ordered: null };
}

function hasContent(alert) {
  return alert.msgType !== 'Cancel' && alert.headline !== undefined;
}

/**
 * What a row is about: the alert's report, the overdose spike or the entity match (which name no report), or the
 * alert alone. Rows are keyed by it.
 */
export function subjectOf(alert) {
  if (alert.reportId) return alert.reportId;
  if (alert.spike && alert.spike.id) return `spike:${alert.spike.id}`;
  if (alert.match && alert.match.id) return `match:${alert.match.id}`;
  return `alert:${alert.id}`;
}

/** The row an alert belongs to: its subject's, or the row holding one of the alerts it references. */
function rowFor(feed, alert) {
  const key = subjectOf(alert);
  if (feed.rows.has(key)) {
    return feed.rows.get(key);
  }
  for (const ref of alert.references || []) {
    const row = feed.byAlertId.get(ref);
    if (row) return row;
  }
  return null;
}

/** Applies one alert; answers true when the feed changed. */
export function applyAlert(feed, alert) {
  if (!alert || !alert.id || feed.byAlertId.has(alert.id)) {
    return false;
  }
  let row = rowFor(feed, alert);
  if (!row) {
    row = {
      key: subjectOf(alert),
      reportId: alert.reportId || null,
      latest: null,
      content: null,
      contentSeq: -1,
      messages: [],
    };
    feed.rows.set(row.key, row);
  }
  feed.byAlertId.set(alert.id, row);
  row.messages.push(alert);
  row.messages.sort((a, b) => a.seq - b.seq);
  if (!row.latest || alert.seq > row.latest.seq) {
    row.latest = alert;
  }
  if (hasContent(alert) && alert.seq > row.contentSeq) {
    row.content = alert;
    row.contentSeq = alert.seq;
  }
  feed.maxSeq = Math.max(feed.maxSeq, alert.seq || 0);
  feed.version++;
  feed.ordered = null;
  return true;
}

/** Records an acknowledgement the API answered (the alert with its acknowledgement). */
export function applyAcknowledgement(feed, alert) {
  const row = feed.byAlertId.get(alert.id);
  if (!row) return false;
  row.messages = row.messages.map((m) => (m.id === alert.id ? { ...m, acknowledgement: alert.acknowledgement } : m));
  if (row.latest.id === alert.id) row.latest = { ...row.latest, acknowledgement: alert.acknowledgement };
  if (row.content && row.content.id === alert.id) row.content = { ...row.content, acknowledgement: alert.acknowledgement };
  feed.version++;
  return true;
}

export function isCancelled(row) {
  return row.latest.msgType === 'Cancel';
}

export function isAcknowledged(row) {
  return Boolean(row.latest.acknowledgement);
}

/** The jurisdiction of a row's newest content, or null: what rowView(row).jurisdiction gives, without the view. */
export function jurisdictionOf(row) {
  const area = row.content && row.content.area;
  return area ? area.jurisdiction : null;
}

/** What a row shows: the newest message's identity, the newest content it had. */
export function rowView(row) {
  const c = row.content || {};
  return {
    alertId: row.latest.id,
    key: row.key,
    reportId: row.reportId,
    msgType: row.latest.msgType,
    cancelled: isCancelled(row),
    cancelReason: isCancelled(row) ? row.latest.cancelReason || '' : null,
    acknowledged: isAcknowledged(row),
    topic: c.topic || null,
    severity: c.severity || null,
    headline: c.headline || null,
    jurisdiction: jurisdictionOf(row),
    point: c.area && c.area.point ? c.area.point : null,
    originator: c.originator || null,
    tlp: c.marking ? c.marking.tlp : null,
    reason: c.reason || null,
    spike: c.spike || null,
    match: c.match || null,
    time: row.latest.sent || row.latest.createdAt,
    seq: row.latest.seq,
  };
}

/** Rows newest first (by the seq of their newest message). */
export function orderedRows(feed) {
  if (!feed.ordered) {
    feed.ordered = [...feed.rows.values()].sort((a, b) => b.latest.seq - a.latest.seq);
  }
  return feed.ordered;
}

/** A contains b when b equals a or starts with a followed by '-' (DOMAIN.md). */
export function contains(a, b) {
  return b === a || (typeof b === 'string' && b.startsWith(a + '-'));
}

/**
 * The rows the filters let through. A row without content (a Cancel of a report whose earlier alerts are not
 * loaded) has no topic, severity or jurisdiction to filter on, so only the acknowledgement filter applies to it,
 * as the API lets every Cancel through a topic filter.
 */
export function filterRows(rows, { topic = '', severity = '', ack = '', jurisdiction = '' } = {}) {
  return rows.filter((row) => {
    const c = row.content;
    if (ack === 'new' && isAcknowledged(row)) return false;
    if (ack === 'acknowledged' && !isAcknowledged(row)) return false;
    if (!c) return true;
    if (topic && c.topic !== topic) return false;
    if (severity && c.severity !== severity) return false;
    if (jurisdiction && !(c.area && contains(jurisdiction, c.area.jurisdiction))) return false;
    return true;
  });
}

/** Alerts needing attention: rows not cancelled whose newest message nobody acknowledged. */
export function unacknowledgedCount(feed) {
  let n = 0;
  for (const row of feed.rows.values()) {
    if (!isCancelled(row) && !isAcknowledged(row)) n++;
  }
  return n;
}

export function pageTitle(count, base = 'Fusion Exchange') {
  return count > 0 ? `(${count}) ${base}` : base;
}

/** A row's history (its report's or its spike's) as this agency holds it, oldest first. */
export function historyOf(feed, key) {
  const row = feed.rows.get(key);
  return row ? [...row.messages] : [];
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createFeed, applyAlert, applyAcknowledgement, orderedRows, rowView, filterRows, unacknowledgedCount, pageTitle,
  historyOf,
} from '../src/feed.js';

const examples = new URL('../../../../contracts/alerts/examples/', import.meta.url);
const example = (name) => JSON.parse(readFileSync(new URL(name, examples))).value;

const R = 'report-1';
const alert = (over = {}) => ({
  id: 'a1', seq: 1, reportId: R, msgType: 'Alert', topic: 'overdose', severity: 'Severe', headline: 'First',
  area: { jurisdiction: 'US-FL-12057', point: { lat: 27.9, lon: -82.4 } }, originator: 'TAMPA-PD',
  marking: { tlp: 'AMBER' }, reason: 'JURISDICTION', sent: '2026-11-28T16:10:00Z', ...over,
});
const update = alert({ id: 'a2', seq: 2, msgType: 'Update', headline: 'Second', severity: 'Extreme', references: ['a1'] });
const cancel = { id: 'a3', seq: 3, reportId: R, msgType: 'Cancel', references: ['a1', 'a2'], cancelReason: 'RETRACTED', sent: '2026-11-28T16:30:00Z' };

test('an Alert makes a row; an Update replaces its content and identity', () => {
  const feed = createFeed();
  applyAlert(feed, alert());
  applyAlert(feed, update);
  const rows = orderedRows(feed);
  assert.equal(rows.length, 1);
  const v = rowView(rows[0]);
  assert.equal(v.alertId, 'a2');
  assert.equal(v.msgType, 'Update');
  assert.equal(v.headline, 'Second');
  assert.equal(v.severity, 'Extreme');
  assert.equal(v.cancelled, false);
});

test('a Cancel keeps the last content, marks the row cancelled with its reason', () => {
  const feed = createFeed();
  [alert(), update, cancel].forEach((a) => applyAlert(feed, a));
  const v = rowView(orderedRows(feed)[0]);
  assert.equal(v.alertId, 'a3');
  assert.equal(v.msgType, 'Cancel');
  assert.equal(v.cancelled, true);
  assert.equal(v.cancelReason, 'RETRACTED');
  assert.equal(v.headline, 'Second');
});

test('order of arrival does not matter: history applied after the newest still shows the newest', () => {
  const feed = createFeed();
  [cancel, update, alert()].forEach((a) => applyAlert(feed, a));
  const v = rowView(orderedRows(feed)[0]);
  assert.equal(v.alertId, 'a3');
  assert.equal(v.headline, 'Second');
  assert.deepEqual(historyOf(feed, R).map((m) => m.id), ['a1', 'a2', 'a3']);
});

test('the same alert twice (list, then stream replay) is applied once', () => {
  const feed = createFeed();
  assert.equal(applyAlert(feed, alert()), true);
  assert.equal(applyAlert(feed, alert()), false);
  assert.equal(historyOf(feed, R).length, 1);
  assert.equal(feed.maxSeq, 1);
});

test('a Cancel finds its row by references when the report id differs', () => {
  const feed = createFeed();
  applyAlert(feed, alert());
  applyAlert(feed, { ...cancel, reportId: 'other' });
  assert.equal(feed.rows.size, 1);
  assert.equal(rowView(orderedRows(feed)[0]).cancelled, true);
});

test('an Alert after a Cancel (entitled again) makes the row live again', () => {
  const feed = createFeed();
  [alert(), cancel, alert({ id: 'a4', seq: 4, headline: 'Again' })].forEach((a) => applyAlert(feed, a));
  const v = rowView(orderedRows(feed)[0]);
  assert.equal(v.cancelled, false);
  assert.equal(v.headline, 'Again');
});

test('rows newest first, unacknowledged counted, acknowledgement applied, title says the count', () => {
  const feed = createFeed();
  applyAlert(feed, alert());
  applyAlert(feed, alert({ id: 'b1', seq: 5, reportId: 'report-2' }));
  applyAlert(feed, alert({ id: 'c1', seq: 6, reportId: 'report-3' }));
  applyAlert(feed, { ...cancel, id: 'c2', seq: 7, reportId: 'report-3', references: ['c1'] });
  assert.deepEqual(orderedRows(feed).map((r) => r.reportId), ['report-3', 'report-2', R]);
  assert.equal(unacknowledgedCount(feed), 2);
  assert.equal(pageTitle(unacknowledgedCount(feed)), '(2) Fusion Exchange');
  applyAcknowledgement(feed, { id: 'b1', acknowledgement: { by: 'u', at: '2026-11-28T17:00:00Z' } });
  assert.equal(unacknowledgedCount(feed), 1);
  applyAcknowledgement(feed, { id: 'a1', acknowledgement: { by: 'u', at: '2026-11-28T17:00:00Z' } });
  assert.equal(unacknowledgedCount(feed), 0);
  assert.equal(pageTitle(0), 'Fusion Exchange');
});

test('filters: topic, severity, acknowledgement and jurisdiction by containment', () => {
  const feed = createFeed();
  applyAlert(feed, alert());
  applyAlert(feed, alert({ id: 'b1', seq: 2, reportId: 'r2', topic: 'drug-seizure', severity: 'Minor', area: { jurisdiction: 'US-AZ-04013' } }));
  applyAlert(feed, { ...cancel, id: 'x', seq: 3, reportId: 'r3', references: [] });
  applyAcknowledgement(feed, { id: 'b1', acknowledgement: { by: 'u', at: 'now' } });
  const rows = orderedRows(feed);
  const ids = (f) => filterRows(rows, f).map((r) => r.reportId);
  assert.deepEqual(ids({ topic: 'overdose' }), ['r3', R]);
  assert.deepEqual(ids({ severity: 'Minor' }), ['r3', 'r2']);
  assert.deepEqual(ids({ ack: 'acknowledged' }), ['r2']);
  assert.deepEqual(ids({ ack: 'new' }), ['r3', R]);
  assert.deepEqual(ids({ jurisdiction: 'US-AZ' }), ['r3', 'r2']);
  assert.deepEqual(ids({ jurisdiction: 'US-F' }), ['r3']);
});

test("the contract's examples: Alert, Update and Cancel of one report make one cancelled row", () => {
  const feed = createFeed();
  const a = example('hcso-overdose-alert.json');
  const u = { ...example('tampa-bay-tf-overdose-update.json'), references: [a.id] };
  const c = example('dea-overdose-cancel.json');
  [a, u, c].forEach((m) => applyAlert(feed, m));
  assert.equal(feed.rows.size, 1);
  const v = rowView(orderedRows(feed)[0]);
  assert.equal(v.msgType, 'Cancel');
  assert.equal(v.headline, u.headline);
  assert.equal(v.cancelReason, 'RETRACTED');
});

test('overdose spikes, which name no report, get a row per spike; their Update and Cancel join it', () => {
  const feed = createFeed();
  const spike = (id, over = {}) => ({
    id, seq: 10, msgType: 'Alert', topic: 'overdose-spike', reason: 'SPIKE', severity: 'Severe',
    headline: 'Overdose spike in US-FL-12101: 3 in 1 h (threshold 3)', area: { jurisdiction: 'US-FL-12101' },
    marking: { tlp: 'AMBER' }, sent: '2026-12-02T15:00:00Z',
    spike: { id: 'S1', version: 1, county: 'US-FL-12101', neighbours: ['US-FL-12057'], windows: [] }, ...over,
  });
  applyAlert(feed, alert());
  applyAlert(feed, spike('s1'));
  applyAlert(feed, spike('s2', { seq: 11, msgType: 'Update', references: ['s1'], spike: { id: 'S1', version: 2 } }));
  applyAlert(feed, spike('t1', { seq: 12, spike: { id: 'S2', version: 1, county: 'US-FL-12103' } }));
  applyAlert(feed, { id: 's3', seq: 13, msgType: 'Cancel', cancelReason: 'SPIKE_ENDED', references: ['s1', 's2'],
    spike: { id: 'S1', version: 3 }, sent: '2026-12-02T18:00:00Z' });
  const rows = orderedRows(feed);
  assert.equal(rows.length, 3, 'the report and two spikes, never one row for every alert without a report');
  const ended = rowView(feed.rows.get('spike:S1'));
  assert.equal(ended.reportId, null);
  assert.equal(ended.key, 'spike:S1');
  assert.equal(ended.cancelled, true);
  assert.equal(ended.cancelReason, 'SPIKE_ENDED');
  assert.equal(ended.headline, 'Overdose spike in US-FL-12101: 3 in 1 h (threshold 3)', 'the last content stays, struck through');
  assert.equal(historyOf(feed, 'spike:S1').length, 3);
  assert.equal(rowView(feed.rows.get(R)).key, R);
});

test('entity matches, which name no report, get a row per match; an Update that drops the headline replaces it', () => {
  const feed = createFeed();
  const match = (id, over = {}) => ({
    id, seq: 20, msgType: 'Alert', topic: 'entity-match', reason: 'ENTITY_MATCH', severity: 'Moderate',
    originator: 'PCSO', headline: 'Phone +18135550147 is also in a report of PCSO: Seizure',
    area: { jurisdiction: 'US-FL-12057' }, marking: { tlp: 'AMBER' }, sent: '2026-12-03T08:00:00Z',
    match: { id: 'M1', version: 1, kind: 'PHONE', value: '+18135550147', yourEntity: '(813) 555-0147', yourReport: R },
    ...over,
  });
  applyAlert(feed, alert());
  applyAlert(feed, match('m1'));
  applyAlert(feed, match('m2', { seq: 21, msgType: 'Update', references: ['m1'], marking: { tlp: 'AMBER+STRICT' },
    headline: 'Phone +18135550147 is also in a report of PCSO: contact the originator',
    match: { id: 'M1', version: 2, kind: 'PHONE', value: '+18135550147', yourEntity: '(813) 555-0147', yourReport: R, contactOriginator: true } }));
  const rows = orderedRows(feed);
  assert.equal(rows.length, 2, 'the report and the match: the match is not joined to the recipient\'s own report');
  const v = rowView(feed.rows.get('match:M1'));
  assert.equal(v.key, 'match:M1');
  assert.equal(v.reportId, null);
  assert.equal(v.tlp, 'AMBER+STRICT');
  assert.equal(v.match.contactOriginator, true);
  assert.ok(!v.headline.includes('Seizure'), 'the Update\'s content replaces what the narrower marking no longer allows');
  applyAlert(feed, { id: 'm3', seq: 22, msgType: 'Cancel', cancelReason: 'ENTITY_REMOVED', references: ['m1', 'm2'],
    match: { id: 'M1', version: 3 }, sent: '2026-12-03T09:00:00Z' });
  const ended = rowView(feed.rows.get('match:M1'));
  assert.equal(ended.cancelled, true);
  assert.equal(ended.cancelReason, 'ENTITY_REMOVED');
  assert.equal(historyOf(feed, 'match:M1').length, 3);
});

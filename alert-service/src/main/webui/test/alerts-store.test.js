import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAlertsStore } from '../src/alerts-store.js';
import { applyAlert } from '../src/feed.js';
import { acknowledgedText } from '../src/views/detail.js';
import { setLanguage } from '../src/i18n/index.js';

const REPORT = '7d3c1a52-0000-4000-8000-000000000001';
const alert = (id, seq, msgType = 'Alert') => ({ id, seq, msgType, reportId: REPORT, headline: 'h', topic: 'overdose' });

function storeWith(pages) {
  const calls = [];
  const api = {
    get: async (service, path, { query }) => {
      calls.push({ service, path, query });
      const page = pages[calls.length - 1];
      if (page instanceof Error) throw page;
      return { data: page };
    },
  };
  return { store: createAlertsStore({ api, auth: {}, t: (k) => k }), calls };
}

test('the history is the report\'s alerts from ?reportId=, every page of it, with the feed\'s own, oldest first', async () => {
  const { store, calls } = storeWith([
    { items: [alert('c', 9, 'Cancel'), alert('b', 5, 'Update')], next: 'n1' },
    { items: [alert('a', 2)] },
  ]);
  applyAlert(store.feed, alert('b', 5, 'Update'));
  applyAlert(store.feed, alert('live', 11, 'Update'));
  const history = await store.history(REPORT);
  assert.deepEqual(history.map((m) => m.id), ['a', 'b', 'c', 'live']);
  assert.deepEqual(calls.map((c) => [c.path, c.query.reportId, c.query.cursor]),
    [['/api/v1/alerts', REPORT, null], ['/api/v1/alerts', REPORT, 'n1']]);
});

test('a failing list leaves the feed\'s own messages of the report', async () => {
  const { store } = storeWith([Object.assign(new Error('down'), { status: 0 })]);
  applyAlert(store.feed, alert('a', 2));
  assert.deepEqual((await store.history(REPORT)).map((m) => m.id), ['a']);
});

test('an acknowledgement by the signed-in user says "you"; anyone else\'s shows who', () => {
  setLanguage('en');
  const ack = { by: 'f7c1e0d2-aaaa-4bbb-8ccc-123456789abc', at: '2026-12-02T10:00:00Z' };
  assert.match(acknowledgedText(ack, ack.by), /^Acknowledged by you at \S/);
  assert.match(acknowledgedText(ack, 'someone-else'), /^Acknowledged by f7c1e0d2-aaaa-4bbb-8ccc-123456789abc at \S/);
  assert.match(acknowledgedText(ack, ''), /by f7c1e0d2/);
  setLanguage('es');
  assert.match(acknowledgedText(ack, ack.by), /^Recibo acusado por usted el \S/);
  setLanguage('en');
});

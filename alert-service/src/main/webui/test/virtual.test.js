import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleWindow } from '../src/virtual.js';

test('the top of a long list: the visible rows and the overscan below', () => {
  const w = visibleWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, count: 5000, overscan: 5 });
  assert.deepEqual(w, { start: 0, end: 16, offsetTop: 0, totalHeight: 200000 });
});

test('the middle: overscan on both sides, offset of the first row rendered', () => {
  const w = visibleWindow({ scrollTop: 4020, viewportHeight: 400, rowHeight: 40, count: 5000, overscan: 5 });
  assert.equal(w.start, 95);
  assert.equal(w.end, 116);
  assert.equal(w.offsetTop, 95 * 40);
  assert.ok(w.end - w.start <= 25, 'a window, not every row');
});

test('the bottom and beyond: never past the last row', () => {
  const w = visibleWindow({ scrollTop: 10_000_000, viewportHeight: 400, rowHeight: 40, count: 5000, overscan: 5 });
  assert.equal(w.end, 5000);
  assert.equal(w.start, 5000 - 400 / 40 - 5);
});

test('short and empty lists', () => {
  assert.deepEqual(visibleWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, count: 3 }),
    { start: 0, end: 3, offsetTop: 0, totalHeight: 120 });
  assert.deepEqual(visibleWindow({ scrollTop: 50, viewportHeight: 400, rowHeight: 40, count: 0 }),
    { start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
});

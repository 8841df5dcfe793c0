import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemFrom, placeFieldErrors, isServiceDown } from '../src/problem.js';

const body = JSON.stringify({
  type: 'https://fusion-exchange.org/problems/validation', title: 'Invalid report', status: 422,
  detail: 'The report breaks rules.',
  errors: [
    { pointer: '/headline', detail: 'is required' },
    { pointer: '/entities/phones/0/number', detail: 'must be an E.164 number' },
    { pointer: '/entities/vehicles/1', detail: 'needs a plate with its issuing state, or a VIN' },
    { pointer: '', detail: 'A report object is required.' },
    { pointer: '/mystery', detail: 'unknown' },
  ],
});

test('problem+json becomes an error with status, title, detail and errors', () => {
  const e = problemFrom(422, 'application/problem+json', body, 'intake');
  assert.equal(e.status, 422);
  assert.equal(e.title, 'Invalid report');
  assert.equal(e.detail, 'The report breaks rules.');
  assert.equal(e.service, 'intake');
  assert.equal(e.errors.length, 5);
  assert.deepEqual(e.errors[1], { pointer: '/entities/phones/0/number', detail: 'must be an E.164 number' });
});

test('a body that is not a problem gives the status alone, never a parse failure', () => {
  for (const [type, text] of [['text/html', '<h1>Bad gateway</h1>'], ['application/json', '{oops'], ['application/json', '[1]'], [null, '']]) {
    const e = problemFrom(502, type, text);
    assert.equal(e.status, 502);
    assert.deepEqual(e.errors, []);
    assert.equal(e.title, null);
  }
});

test('field errors go to their field, or its nearest ancestor the form has; the rest to the top', () => {
  const known = new Set(['/headline', '/entities/phones/0/number', '/entities/vehicles/1', '/entities/vehicles/1/vin']);
  const { placed, general } = placeFieldErrors(problemFrom(422, 'application/problem+json', body).errors, known);
  assert.deepEqual([...placed.keys()], ['/headline', '/entities/phones/0/number', '/entities/vehicles/1']);
  assert.equal(placed.get('/entities/vehicles/1')[0].pointer, '/entities/vehicles/1');
  assert.deepEqual(general.map((e) => e.pointer), ['', '/mystery']);
  const nested = placeFieldErrors([{ pointer: '/entities/vehicles/1/plate', detail: 'x' }], known);
  assert.deepEqual([...nested.placed.keys()], ['/entities/vehicles/1']);
  assert.equal(nested.placed.get('/entities/vehicles/1')[0].pointer, '/entities/vehicles/1/plate');
});

test('a service is down when unreachable or 502, 503, 504; not for 4xx or 500', () => {
  assert.deepEqual([0, 502, 503, 504, 500, 404, 401].map(isServiceDown), [true, true, true, true, false, false, false]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAt, setAt, prune } from '../src/pointer.js';

test('set and get by JSON pointer, arrays made for numeric tokens', () => {
  const o = {};
  setAt(o, '/entities/phones/0/number', '+18135550123');
  setAt(o, '/headline', 'x');
  assert.deepEqual(o, { entities: { phones: [{ number: '+18135550123' }] }, headline: 'x' });
  assert.equal(getAt(o, '/entities/phones/0/number'), '+18135550123');
  assert.equal(getAt(o, '/entities/vehicles/0/vin'), undefined);
  setAt(o, '/a~1b', 1);
  assert.equal(o['a/b'], 1);
});

test('prune drops empty strings, nulls and empty objects; keeps false, 0 and array positions', () => {
  const body = { headline: '', location: { lat: null, lon: null }, overdose: { fatal: false, naloxoneAdministered: true },
    entities: { phones: [{ number: '+1' }], persons: [] }, quantity: 0 };
  assert.deepEqual(prune(body), { overdose: { fatal: false, naloxoneAdministered: true },
    entities: { phones: [{ number: '+1' }], persons: [] }, quantity: 0 });
  assert.deepEqual(prune({ persons: [{ name: '', role: '' }], recipients: [''] }), { persons: [{}], recipients: [''] });
});

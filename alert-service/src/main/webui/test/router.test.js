import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, allowed, defaultHash, navFor, rolesOf } from '../src/router.js';

test('hash routes', () => {
  assert.deepEqual(parseRoute('#/alerts'), { view: 'alerts', param: null });
  assert.deepEqual(parseRoute('#/reports'), { view: 'reports', param: null });
  assert.deepEqual(parseRoute('#/reports/new'), { view: 'report-new', param: null });
  assert.deepEqual(parseRoute('#/reports/0b7e4d2a'), { view: 'report', param: '0b7e4d2a' });
  assert.deepEqual(parseRoute('#/directory/TAMPA-PD'), { view: 'agency', param: 'TAMPA-PD' });
  assert.deepEqual(parseRoute('#/directory/new'), { view: 'agency-new', param: null });
  assert.deepEqual(parseRoute(''), { view: null, param: null });
  // a dot segment is no id: '#/reports/..' would send the token to the API one level up
  assert.deepEqual(parseRoute('#/reports/..'), { view: null, param: null });
  assert.deepEqual(parseRoute('#/directory/%2E%2E'), { view: null, param: null });
  assert.deepEqual(parseRoute('#/alerts/.'), { view: null, param: null });
});

test('each view only for its role; the default view by role', () => {
  assert.equal(allowed('alerts', ['analyst']), true);
  assert.equal(allowed('alerts', ['reporter']), false);
  assert.equal(allowed('report-new', ['reporter']), true);
  assert.equal(allowed('agency', ['analyst', 'reporter']), false);
  assert.equal(defaultHash(['analyst', 'admin']), '#/alerts');
  assert.equal(defaultHash(['reporter']), '#/reports');
  assert.equal(defaultHash(['admin']), '#/directory');
  assert.equal(defaultHash([]), null);
  assert.deepEqual(navFor(['admin']).map((n) => n.view), ['directory']);
  assert.deepEqual(navFor(['analyst']).map((n) => n.view), ['alerts', 'subscriptions']);
});

test('roles from the access token, only the exchange ones', () => {
  assert.deepEqual(rolesOf({ realm_access: { roles: ['offline_access', 'reporter', 'admin'] } }), ['reporter', 'admin']);
  assert.deepEqual(rolesOf({}), []);
  assert.deepEqual(rolesOf(undefined), []);
});

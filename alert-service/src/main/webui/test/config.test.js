import test from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, isLoginCallback } from '../src/config.js';

const BODY = { keycloakUrl: 'http://kc', realm: 'fusion', clientId: 'fusion-console', intakeUrl: 'http://intake/', directoryUrl: '' };

function memory() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
}

function server(body = BODY, status = 200) {
  const calls = [];
  const fetchImpl = async (url) => {
    calls.push(url);
    return { ok: status === 200, status, json: async () => body };
  };
  return { calls, fetchImpl };
}

test('a page that is not a login callback asks the service, and keeps the answer', async () => {
  const storage = memory();
  const { calls, fetchImpl } = server();
  const config = await loadConfig({ fetchImpl, storage, hash: '#/alerts' });
  assert.equal(calls.length, 1);
  assert.equal(config.urls.intake, 'http://intake');
  assert.equal(config.urls.directory, '');
  assert.ok(storage.getItem('fusion.console-config'));
});

test("Keycloak's callback reuses the kept settings without asking again", async () => {
  const storage = memory();
  await loadConfig({ ...server(), storage, hash: '' });
  const { calls, fetchImpl } = server();
  const config = await loadConfig({ fetchImpl, storage, hash: '#state=abc&session_state=x&code=xyz' });
  assert.equal(calls.length, 0);
  assert.equal(config.clientId, 'fusion-console');
});

test('a callback with nothing kept, or something unreadable, asks the service', async () => {
  const storage = memory();
  storage.setItem('fusion.console-config', '{not json');
  const { calls, fetchImpl } = server();
  await loadConfig({ fetchImpl, storage, hash: '#state=abc&code=xyz' });
  assert.equal(calls.length, 1);
});

test('settings without what login needs are refused', async () => {
  await assert.rejects(loadConfig({ ...server({ realm: 'fusion' }), storage: memory(), hash: '' }));
  await assert.rejects(loadConfig({ ...server(BODY, 503), storage: memory(), hash: '' }));
});

test('only a fragment with state and code (or error) is a login callback', () => {
  assert.equal(isLoginCallback('#state=a&code=b'), true);
  assert.equal(isLoginCallback('#error=login_required&state=a'), true);
  assert.equal(isLoginCallback('#/alerts'), false);
  assert.equal(isLoginCallback('#/reports?state=a'), false);
  assert.equal(isLoginCallback(''), false);
});

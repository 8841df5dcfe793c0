import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNode } from './fake-dom.js';
import { setLanguage } from '../src/i18n/index.js';
import { createProvisioningLoader, provisioningLine, paintProvisioningCell } from '../src/views/provisioning.js';

setLanguage('en');

const cell = (code) => {
  const el = new FakeNode('td');
  el.dataset.code = code;
  return el;
};

/** An IntersectionObserver whose cells come into view when the test says so. */
function fakeObserver() {
  const observed = new Set();
  let callback;
  class Observer {
    constructor(cb) {
      callback = cb;
    }

    observe(el) {
      observed.add(el);
    }

    unobserve(el) {
      observed.delete(el);
    }

    disconnect() {
      observed.clear();
    }
  }
  const show = (...els) => callback(els.filter((el) => observed.has(el)).map((target) => ({ target, isIntersecting: true })));
  return { Observer, show, observed };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a cell loads its agency\'s state only once it comes into view, and once', async () => {
  const asked = [];
  const { Observer, show } = fakeObserver();
  const loader = createProvisioningLoader(async (code) => {
    asked.push(code);
    return { agency: code, state: 'IN_SYNC', pending: 0, attempts: 0 };
  }, { Observer });
  const [a, b] = [cell('HCSO'), cell('DEA')];
  loader.observe(a);
  loader.observe(b);
  assert.equal(a.dataset.state, 'loading');
  await tick();
  assert.deepEqual(asked, [], 'nothing is loaded for rows out of view');
  show(a);
  show(a);
  await tick();
  assert.deepEqual(asked, ['HCSO']);
  assert.equal(a.dataset.state, 'IN_SYNC');
  assert.equal(a.textContent, 'In sync');
  assert.equal(b.dataset.state, 'loading');
});

test('at most a few requests at a time; a failed one shows the state as not reported', async () => {
  let running = 0;
  let most = 0;
  const { Observer, show } = fakeObserver();
  const loader = createProvisioningLoader(async (code) => {
    running++;
    most = Math.max(most, running);
    await tick();
    running--;
    if (code === 'X3') throw new Error('503');
    return { agency: code, state: 'PENDING', pending: 2, attempts: 0 };
  }, { Observer, concurrency: 2, refreshMs: 0 });
  const cells = ['X1', 'X2', 'X3', 'X4', 'X5'].map(cell);
  cells.forEach(loader.observe);
  show(...cells);
  for (let i = 0; i < 10; i++) await tick();
  assert.equal(most, 2);
  assert.deepEqual(cells.map((c) => c.dataset.state), ['PENDING', 'PENDING', 'unknown', 'PENDING', 'PENDING']);
  assert.equal(cells[2].textContent, 'Not reported');
});

test('a cell whose agency has work waiting asks again until it is in sync; a stopped loader asks no more', async () => {
  const answers = ['PENDING', 'FAILING', 'IN_SYNC'];
  const asked = [];
  const { Observer, show } = fakeObserver();
  const loader = createProvisioningLoader(async (code) => {
    asked.push(code);
    return { agency: code, state: answers[asked.length - 1], pending: 1, attempts: 1 };
  }, { Observer, refreshMs: 5 });
  const c = cell('TAMPA-PD');
  loader.observe(c);
  show(c);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(asked, ['TAMPA-PD', 'TAMPA-PD', 'TAMPA-PD']);
  assert.equal(c.dataset.state, 'IN_SYNC');

  const other = cell('DEA');
  const stopped = createProvisioningLoader(async (code) => {
    asked.push(code);
    return { agency: code, state: 'PENDING', pending: 1, attempts: 0 };
  }, { Observer: null, refreshMs: 5 });
  stopped.observe(other);
  await tick();
  stopped.stop();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(asked.filter((x) => x === 'DEA'), ['DEA']);
});

test('reset forgets the cells of the page that was replaced', async () => {
  const asked = [];
  const { Observer, show, observed } = fakeObserver();
  const loader = createProvisioningLoader(async (code) => {
    asked.push(code);
    return null;
  }, { Observer });
  const old = cell('OLD');
  loader.observe(old);
  loader.reset();
  assert.equal(observed.size, 0);
  show(old);
  await tick();
  assert.deepEqual(asked, []);
});

test('the line says the state, what waits and, when failing, when it is tried again; never an error text', () => {
  assert.equal(provisioningLine({ state: 'IN_SYNC', pending: 0 }), 'In sync');
  assert.equal(provisioningLine({ state: 'PENDING', pending: 1 }), 'Pending · 1 waiting');
  const failing = provisioningLine({ state: 'FAILING', pending: 2, attempts: 3, nextAttemptAt: '2026-12-02T10:00:00Z' });
  assert.match(failing, /^Failing, retrying · 2 waiting · next try \S/);
  const el = new FakeNode('td');
  paintProvisioningCell(el, null);
  assert.equal(el.dataset.state, 'unknown');
});

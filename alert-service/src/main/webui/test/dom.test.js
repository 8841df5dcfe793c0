import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { t } from '../src/i18n/index.js';
import './fake-dom.js';

const { h, append, prepend, replace, nodesOf, text } = await import('../src/dom.js');

test('null, undefined and false children are nothing, at any depth; 0 and empty strings are text', () => {
  const el = h('div', {}, 'a', null, undefined, false, [null, ['b', undefined]], 0, '');
  assert.deepEqual(el.children, ['a', 'b', '0', '']);
  assert.equal(el.textContent, 'ab0');
});

test('a part left out with cond ? h(...) : null renders nothing, as in the report form for a type without overdose fields', () => {
  const body = h('div');
  replace(body, h('fieldset', {}, 'case'), false ? h('fieldset', {}, 'overdose') : null, h('fieldset', {}, 'handling'));
  assert.deepEqual(body.children.map((c) => c.textContent), ['case', 'handling']);
  assert.ok(!body.textContent.includes('null'));
});

test('append, prepend and replace filter the same way and answer the element', () => {
  const el = h('ul');
  assert.equal(append(el, null, h('li', {}, 'two'), undefined), el);
  prepend(el, [null, h('li', {}, 'one')]);
  assert.equal(el.textContent, 'onetwo');
  assert.equal(replace(el), el);
  assert.deepEqual(el.children, []);
  assert.deepEqual(nodesOf([[null], undefined, false]), []);
});

test('absent attributes are not set; true is an empty attribute', () => {
  const el = h('input', { title: null, placeholder: undefined, disabled: false, readonly: true, maxlength: 5 });
  assert.deepEqual(el.attributes, { readonly: '', maxlength: '5' });
});

test('views insert children only through dom.js, never with the DOM methods that write null as "null"', () => {
  const src = new URL('../src/', import.meta.url);
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const url = new URL(d.name + (d.isDirectory() ? '/' : ''), dir);
    if (d.isDirectory()) return files(url);
    return d.name.endsWith('.js') && d.name !== 'dom.js' ? [[d.name, readFileSync(url, 'utf8')]] : [];
  });
  const offending = [];
  for (const [file, text] of files(src)) {
    for (const m of text.matchAll(/\.(append|prepend|replaceChildren|before|after|replaceWith)\(/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      offending.push(`${file}:${line} .${m[1]}(`);
    }
  }
  assert.deepEqual(offending, []);
});

test('Leaflet is never handed a string it would read as HTML: tooltips and popups get text nodes', () => {
  const src = new URL('../src/', import.meta.url);
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const url = new URL(d.name + (d.isDirectory() ? '/' : ''), dir);
    if (d.isDirectory()) return files(url);
    return d.name.endsWith('.js') ? [[d.name, readFileSync(url, 'utf8')]] : [];
  });
  const offending = [];
  let calls = 0;
  for (const [file, body] of files(src)) {
    for (const m of body.matchAll(/\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent|setContent)\(\s*([a-zA-Z]*)/g)) {
      calls++;
      if (m[2] !== 'text') offending.push(`${file}:${body.slice(0, m.index).split('\n').length} .${m[1]}(${m[2]}`);
    }
    for (const m of body.matchAll(/\.(?:innerHTML|outerHTML)\s*\+?=|\.insertAdjacentHTML\(/g)) {
      offending.push(`${file}:${body.slice(0, m.index).split('\n').length} ${m[0]}`);
    }
  }
  assert.ok(calls > 0, 'the map binds tooltips: this test looks at them');
  assert.deepEqual(offending, []);
});

test('text() makes a text node, whatever markup the value holds', () => {
  const node = text('<img src=x onerror="alert(1)">');
  assert.equal(node.nodeType, 3);
  assert.equal(node.textContent, '<img src=x onerror="alert(1)">');
  assert.equal(text(null).textContent, '');
});

test('a message whose value is missing or null shows nothing in its place', () => {
  assert.equal(t('agency.version', { version: null }), 'version ');
  assert.equal(t('agency.version', {}), 'version ');
  assert.equal(t('agency.version', { version: 0 }), 'version 0');
});

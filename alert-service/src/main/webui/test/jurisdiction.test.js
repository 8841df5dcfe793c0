import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STATE_FIPS, COUNTRY_NUMERIC, parseJurisdiction, shapeFor, codeForShape } from '../src/jurisdiction.js';

const atlas = (p) => JSON.parse(readFileSync(new URL(`../node_modules/${p}`, import.meta.url)));

test('codes to shapes: county, state, country, a foreign subdivision as its country', () => {
  assert.deepEqual(shapeFor('US-FL-12057'), { layer: 'county', id: '12057' });
  assert.deepEqual(shapeFor('US-AZ-04019'), { layer: 'county', id: '04019' });
  assert.deepEqual(shapeFor('US-FL'), { layer: 'state', id: '12' });
  assert.deepEqual(shapeFor('US'), { layer: 'country', id: '840' });
  assert.deepEqual(shapeFor('EC'), { layer: 'country', id: '218' });
  assert.deepEqual(shapeFor('MX'), { layer: 'country', id: '484' });
  assert.deepEqual(shapeFor('CO'), { layer: 'country', id: '170' });
  assert.deepEqual(shapeFor('BW'), { layer: 'country', id: '072' });
  assert.deepEqual(shapeFor('TH-10'), { layer: 'country', id: '764' });
});

test('no shape for what is not a code, an unknown state, or a county of another state', () => {
  assert.equal(shapeFor('florida'), null);
  assert.equal(shapeFor('US-XX'), null);
  assert.equal(shapeFor('US-FL-04013'), null);
  assert.equal(shapeFor('ZZ'), null);
  assert.equal(parseJurisdiction(''), null);
});

test('shapes back to codes', () => {
  assert.equal(codeForShape('county', '12103'), 'US-FL-12103');
  assert.equal(codeForShape('state', '04'), 'US-AZ');
  assert.equal(codeForShape('country', '578'), 'NO');
  assert.equal(codeForShape('country', '999'), null);
});

test('every state and county of DOMAIN.md, and every partner country, is a shape of the atlases', () => {
  const us = atlas('us-atlas/counties-10m.json');
  const states = new Set(us.objects.states.geometries.map((g) => g.id));
  const counties = new Set(us.objects.counties.geometries.map((g) => g.id));
  const countries = new Set(atlas('world-atlas/countries-110m.json').objects.countries.geometries.map((g) => g.id));
  for (const [postal, fips] of Object.entries(STATE_FIPS)) {
    if (['AS', 'GU', 'MP', 'VI'].includes(postal)) continue; // territories us-atlas leaves out
    assert.ok(states.has(fips), `state ${postal} ${fips}`);
  }
  for (const code of ['US-FL-12057', 'US-FL-12103', 'US-TX-48453', 'US-OH-39035', 'US-AL-01089', 'US-AZ-04013',
    'US-AZ-04019', 'US-NV-32031', 'US-CA-06067', 'US-CA-06073', 'US-UT-49035']) {
    assert.ok(counties.has(shapeFor(code).id), code);
  }
  for (const [alpha2, numeric] of Object.entries(COUNTRY_NUMERIC)) {
    assert.ok(countries.has(numeric), `${alpha2} ${numeric}`);
  }
});

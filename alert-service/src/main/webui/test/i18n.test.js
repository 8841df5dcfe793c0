import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import en from '../src/i18n/en.js';
import es from '../src/i18n/es.js';
import { NAV } from '../src/router.js';
import { SEVERITIES, MSG_TYPES } from '../src/feed.js';
import { REPORT_TYPES, TLPS, UNITS, FORMS } from '../src/views/report-form.js';
import { KINDS } from '../src/views/directory.js';
import { PROVISIONING_STATES, PROVISIONING_ACTIONS } from '../src/views/provisioning.js';

const src = new URL('../src/', import.meta.url);

function sources(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const url = new URL(d.name + (d.isDirectory() ? '/' : ''), dir);
    if (d.isDirectory()) return d.name === 'i18n' ? [] : sources(url);
    return d.name.endsWith('.js') ? [[d.name, readFileSync(url, 'utf8')]] : [];
  });
}

test('both bundles have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  for (const [k, v] of [...Object.entries(en), ...Object.entries(es)]) assert.ok(v.trim(), k);
});

test('placeholders are the same in both languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(en)) assert.deepEqual(names(es[k]), names(en[k]), k);
});

test('every key a source file names exists in the bundles', () => {
  const namespaces = new Set(Object.keys(en).map((k) => k.split('.')[0]));
  const missing = [];
  for (const [file, text] of sources()) {
    for (const m of text.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z0-9+-]+)+)'/g)) {
      if (namespaces.has(m[1].split('.')[0]) && !(m[1] in en) && !m[1].endsWith('.js') && !m[1].endsWith('.css') && !m[1].endsWith('.json')) missing.push(`${file}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('keys built from closed sets exist for every value', () => {
  const sets = {
    'connection.': ['live', 'connecting', 'reconnecting', 'offline'],
    'service.': ['alert', 'intake', 'directory'],
    'language.': ['en', 'es'],
    'severity.': SEVERITIES,
    'msgType.': MSG_TYPES,
    'topic.': ['overdose', 'drug-seizure', 'trafficking', 'suspicious-activity', 'officer-safety'],
    'reason.': ['JURISDICTION', 'TASK_FORCE', 'NAMED', 'SPIKE', 'ENTITY_MATCH'],
    'cancelReason.': ['MARKING_CHANGED', 'JURISDICTION_CHANGED', 'TYPE_CHANGED', 'RETRACTED', 'AGENCY_SUSPENDED', 'DIRECTORY_CHANGED'],
    'reportType.': REPORT_TYPES,
    'reportStatus.': ['ACTIVE', 'RETRACTED'],
    'tlp.explain.': TLPS,
    'unit.': UNITS,
    'substanceForm.': FORMS,
    'kind.': KINDS,
    'agencyStatus.': ['ACTIVE', 'SUSPENDED'],
    'provisioning.': PROVISIONING_STATES,
    'provisioningAction.': PROVISIONING_ACTIONS,
    'report.overdose.': ['fatal', 'naloxoneAdministered'],
    'entity.field.': ['name', 'dateOfBirth', 'role', 'plate', 'plateState', 'vin', 'make', 'model', 'color', 'number', 'quantity', 'unit', 'form'],
  };
  for (const kind of ['persons', 'vehicles', 'phones', 'substances']) {
    for (const suffix of ['', '.one', '.add', '.remove']) assert.ok(`entity.${kind}${suffix}` in en, `entity.${kind}${suffix}`);
  }
  for (const [prefix, values] of Object.entries(sets)) {
    for (const v of values) assert.ok(prefix + v in en, prefix + v);
  }
  for (const n of NAV) assert.ok(n.label in en, n.label);
});

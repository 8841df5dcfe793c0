import { h, replace, idFor } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { setAt, getAt, prune } from '../pointer.js';
import { field, textInput, select, errorBox } from './form.js';

export const REPORT_TYPES = ['OVERDOSE', 'DRUG_SEIZURE', 'TRAFFICKING', 'SUSPICIOUS_ACTIVITY', 'OFFICER_SAFETY'];
export const REPORT_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
export const UNITS = ['MG', 'G', 'KG', 'ML', 'L', 'PILLS', 'DOSES'];
export const FORMS = ['POWDER', 'PILL', 'LIQUID', 'PATCH', 'PLANT', 'OTHER'];

/** Each entity list: its fields, and how each is entered. */
const ENTITIES = {
  persons: [['name'], ['dateOfBirth', 'date'], ['role']],
  vehicles: [['plate'], ['plateState'], ['vin'], ['make'], ['model'], ['color']],
  phones: [['number', 'tel']],
  substances: [['name'], ['quantity', 'number'], ['unit', 'unit'], ['form', 'form']],
};

function pad(n) {
  return String(n).padStart(2, '0');
}

/** An instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The form's values for a report the API answered (GET /api/v1/reports/{id}). */
export function rawFromReport(r) {
  const raw = {
    externalRef: r.externalRef, type: r.type, occurredAt: toLocalInput(r.occurredAt), jurisdiction: r.jurisdiction,
    location: r.location ? { lat: String(r.location.lat), lon: String(r.location.lon) } : {},
    headline: r.headline, narrative: r.narrative, severity: r.severity,
    entities: {}, overdose: r.overdose ? { fatal: String(r.overdose.fatal), naloxoneAdministered: String(r.overdose.naloxoneAdministered) } : {},
    marking: { tlp: r.marking ? r.marking.tlp : 'AMBER', recipients: r.marking && r.marking.recipients ? [...r.marking.recipients] : [] },
  };
  for (const kind of Object.keys(ENTITIES)) {
    raw.entities[kind] = ((r.entities && r.entities[kind]) || []).map((e) => Object.fromEntries(
      ENTITIES[kind].map(([f]) => [f, e[f] === null || e[f] === undefined ? '' : String(e[f])])));
  }
  return raw;
}

function numberOrText(v) {
  if (v === '' || v === undefined || v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** The request body from the form's values: numbers, booleans and the instant converted, empty values left out. */
export function bodyFromRaw(raw) {
  const body = structuredClone(raw);
  if (body.occurredAt) {
    const d = new Date(body.occurredAt);
    body.occurredAt = Number.isNaN(d.getTime()) ? body.occurredAt : d.toISOString();
  }
  if (body.location) {
    body.location = { lat: numberOrText(body.location.lat), lon: numberOrText(body.location.lon) };
    if (body.location.lat === null && body.location.lon === null) delete body.location;
  }
  for (const s of (body.entities && body.entities.substances) || []) s.quantity = numberOrText(s.quantity);
  if (body.type === 'OVERDOSE') {
    const b = (v) => (v === 'true' ? true : v === 'false' ? false : null);
    body.overdose = { fatal: b(body.overdose && body.overdose.fatal), naloxoneAdministered: b(body.overdose && body.overdose.naloxoneAdministered) };
  } else {
    delete body.overdose;
  }
  if (body.marking && body.marking.tlp !== 'RED') body.marking.recipients = [];
  return prune(body) || {};
}

/**
 * The case report form, every field of ReportInput, each control named by its JSON pointer. `raw` is the form's
 * state as strings; rows of entities and recipients are added and removed by re-rendering from it.
 */
export function createReportForm({ raw: initial, submitLabel, onSubmit, testid = 'report-form' }) {
  let raw = structuredClone(initial || { marking: { tlp: 'AMBER', recipients: [] }, severity: 'Unknown', entities: {} });
  const body = h('div', { class: 'form-body' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'report-submit' }, submitLabel);
  const form = h('form', { class: 'report-form', 'data-testid': testid, novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    read();
    onSubmit(bodyFromRaw(raw), form);
  } }, errorBox(), body, h('div', { class: 'actions' }, submit));

  function read() {
    const next = { entities: {}, marking: { recipients: [] } };
    for (const kind of Object.keys(ENTITIES)) next.entities[kind] = (getAt(raw, `/entities/${kind}`) || []).map(() => ({}));
    next.marking.recipients = (getAt(raw, '/marking/recipients') || []).map(() => '');
    form.querySelectorAll('[name^="/"]').forEach((c) => setAt(next, c.name, c.value));
    raw = next;
    return raw;
  }

  const val = (p) => getAt(raw, p) ?? '';

  function control(pointer, kind) {
    switch (kind) {
      case 'date': return h('input', { type: 'date', value: val(pointer) });
      case 'tel': return textInput(val(pointer), { inputmode: 'tel', placeholder: '+18135550123' });
      case 'number': return h('input', { type: 'number', step: 'any', value: val(pointer) });
      case 'unit': return select([['', '—'], ...UNITS.map((u) => [u, tv('unit', u)])], val(pointer));
      case 'form': return select([['', '—'], ...FORMS.map((f) => [f, tv('substanceForm', f)])], val(pointer));
      default: return textInput(val(pointer));
    }
  }

  function rerender(focusPointer) {
    read();
    paint();
    const target = focusPointer && (form.querySelector(`[name="${focusPointer}"]`) || form.querySelector(`[data-focus="${focusPointer}"]`));
    if (target) target.focus();
  }

  function entityList(kind) {
    const rows = getAt(raw, `/entities/${kind}`) || [];
    const addPointer = `/entities/${kind}/-`;
    return h('fieldset', { class: 'entity-list', 'data-pointer': `/entities/${kind}` },
      h('legend', {}, t(`entity.${kind}`)),
      rows.map((_, i) => h('fieldset', { class: 'entity-row', 'data-pointer': `/entities/${kind}/${i}` },
        h('legend', {}, t(`entity.${kind}.one`, { n: i + 1 })),
        h('div', { class: 'row-fields' }, ENTITIES[kind].map(([f, k]) => field(`/entities/${kind}/${i}/${f}`, t(`entity.field.${f}`), control(`/entities/${kind}/${i}/${f}`, k)))),
        h('button', { type: 'button', class: 'remove', 'data-testid': `remove-${kind}`, 'aria-label': t(`entity.${kind}.remove`, { n: i + 1 }), onclick: () => {
          read();
          raw.entities[kind].splice(i, 1);
          paint();
          form.querySelector(`[data-focus="${addPointer}"]`).focus();
        } }, t('action.remove')))),
      h('button', { type: 'button', 'data-testid': `add-${kind}`, 'data-focus': addPointer, onclick: () => {
        read();
        raw.entities[kind].push({});
        paint();
        const first = ENTITIES[kind][0][0];
        form.querySelector(`[name="/entities/${kind}/${raw.entities[kind].length - 1}/${first}"]`).focus();
      } }, t(`entity.${kind}.add`)));
  }

  function paint() {
    const type = val('/type');
    const tlp = val('/marking/tlp') || 'AMBER';
    const recipients = getAt(raw, '/marking/recipients') || [];
    const typeSelect = select([['', t('form.choose')], ...REPORT_TYPES.map((x) => [x, tv('reportType', x)])], type, { 'aria-required': 'true', onchange: () => rerender('/type') });
    const tlpSelect = select(TLPS.map((x) => [x, `TLP:${x}`]), tlp, { onchange: () => rerender('/marking/tlp') });
    replace(body,
      h('fieldset', {}, h('legend', {}, t('report.case')),
        field('/externalRef', t('report.externalRef'), textInput(val('/externalRef'), { 'aria-required': 'true', maxlength: 64 })),
        field('/type', t('report.type'), typeSelect),
        field('/occurredAt', t('report.occurredAt'), h('input', { type: 'datetime-local', value: val('/occurredAt'), 'aria-required': 'true' }), { hint: t('report.occurredAtHint') }),
        field('/jurisdiction', t('report.jurisdiction'), textInput(val('/jurisdiction'), { 'aria-required': 'true', placeholder: 'US-FL-12057' }), { hint: t('report.jurisdictionHint') }),
        field('/headline', t('report.headline'), textInput(val('/headline'), { 'aria-required': 'true', maxlength: 200 })),
        field('/narrative', t('report.narrative'), h('textarea', { rows: 5, value: val('/narrative') }))),
      h('fieldset', { 'data-pointer': '/location' }, h('legend', {}, t('report.location')),
        field('/location/lat', t('report.lat'), h('input', { type: 'number', step: 'any', min: -90, max: 90, value: val('/location/lat') })),
        field('/location/lon', t('report.lon'), h('input', { type: 'number', step: 'any', min: -180, max: 180, value: val('/location/lon') }))),
      h('fieldset', { 'data-pointer': '/entities' }, h('legend', {}, t('report.entities')),
        Object.keys(ENTITIES).map(entityList)),
      type === 'OVERDOSE' ? h('fieldset', { 'data-pointer': '/overdose' }, h('legend', {}, t('report.overdose')),
        ['fatal', 'naloxoneAdministered'].map((f) => field(`/overdose/${f}`, t(`report.overdose.${f}`),
          select([['', t('form.choose')], ['true', t('form.yes')], ['false', t('form.no')]], val(`/overdose/${f}`), { 'aria-required': 'true' })))) : null,
      h('fieldset', {}, h('legend', {}, t('report.handling')),
        field('/severity', t('report.severity'), select(REPORT_SEVERITIES.map((x) => [x, tv('severity', x)]), val('/severity') || 'Unknown')),
        field('/marking/tlp', t('report.tlp'), tlpSelect, { hint: t(`tlp.explain.${tlp}`) }),
        tlp === 'RED' ? h('fieldset', { 'data-pointer': '/marking/recipients' }, h('legend', {}, t('report.recipients')),
          h('p', { class: 'hint' }, t('report.recipientsHint')),
          recipients.map((_, i) => h('div', { class: 'inline-row' },
            field(`/marking/recipients/${i}`, t('report.recipient', { n: i + 1 }), textInput(val(`/marking/recipients/${i}`), { placeholder: 'DEA' })),
            h('button', { type: 'button', class: 'remove', 'data-testid': 'remove-recipient', 'aria-label': t('report.removeRecipient', { n: i + 1 }), onclick: () => {
              read();
              raw.marking.recipients.splice(i, 1);
              paint();
              form.querySelector('[data-focus="/marking/recipients/-"]').focus();
            } }, t('action.remove')))),
          h('button', { type: 'button', 'data-testid': 'add-recipient', 'data-focus': '/marking/recipients/-', onclick: () => {
            read();
            raw.marking.recipients.push('');
            paint();
            form.querySelector(`[name="/marking/recipients/${raw.marking.recipients.length - 1}"]`).focus();
          } }, t('report.addRecipient'))) : null));
  }

  if (!getAt(raw, '/marking/recipients')) setAt(raw, '/marking/recipients', []);
  for (const kind of Object.keys(ENTITIES)) if (!getAt(raw, `/entities/${kind}`)) setAt(raw, `/entities/${kind}`, []);
  paint();
  return { form, setBusy: (busy) => { submit.disabled = busy; }, idFor };
}

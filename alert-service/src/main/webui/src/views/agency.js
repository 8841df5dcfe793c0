import { h, replace, append } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { field, textInput, select, showErrors, errorBox, problemText } from './form.js';
import { KINDS, suspensionButton } from './directory.js';
import { fetchProvisioning, provisioningDetails } from './provisioning.js';
import { REPORT_TYPES } from './report-form.js';
import { prune } from '../pointer.js';

const PROVISIONING_POLL_MS = 3000;

const lines = (s) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

/** #/directory/new and #/directory/<code>: create, or edit with the ETag (412 when someone changed it first). */
export function renderAgency({ api }, code) {
  const creating = !code;
  const path = creating ? '/api/v1/agencies' : `/api/v1/agencies/${encodeURIComponent(code)}`;
  const notice = h('div', { 'aria-live': 'polite' });
  const head = h('div');
  const content = h('div');
  const provisioningBox = h('div', {}, t('provisioning.loading'));
  let etag = null;
  let provisioningTimer = null;
  let watching = 0;
  let destroyed = false;

  /** The agency's Keycloak provisioning, read again every few seconds while work waits. */
  async function watchProvisioning(agencyCode) {
    clearTimeout(provisioningTimer);
    const round = ++watching;
    let p = null;
    try {
      p = await fetchProvisioning(api, agencyCode);
    } catch {
      p = null;
    }
    // a newer round (the page repainted meanwhile) or the page left: this answer is stale
    if (destroyed || round !== watching) return;
    replace(provisioningBox, provisioningDetails(p));
    if (p && p.state !== 'IN_SYNC') provisioningTimer = setTimeout(() => watchProvisioning(agencyCode), PROVISIONING_POLL_MS);
  }

  function paint(agency) {
    const a = agency || { jurisdictions: [], members: [], focus: [], contact: {} };
    const codeInput = textInput(a.code, { 'aria-required': 'true', readonly: !creating, 'data-testid': 'agency-code' });
    const name = textInput(a.name, { 'aria-required': 'true' });
    const kind = select([['', t('form.choose')], ...KINDS.map((k) => [k, tv('kind', k)])], a.kind, { 'aria-required': 'true' });
    const country = textInput(a.country, { maxlength: 2, placeholder: 'US' });
    const jurisdictions = h('input', { type: 'text', value: (a.jurisdictions || []).join(', '), 'data-pointer': '/jurisdictions', placeholder: 'US-FL-12057, US-FL-12103' });
    const members = h('input', { type: 'text', value: (a.members || []).join(', '), 'data-pointer': '/members', placeholder: 'TAMPA-PD, HCSO' });
    const focus = h('fieldset', { class: 'checks', 'data-pointer': '/focus' }, h('legend', {}, t('agency.focus')),
      REPORT_TYPES.map((rt) => h('label', { class: 'check', for: `focus-${rt}` },
        h('input', { type: 'checkbox', id: `focus-${rt}`, value: rt, checked: (a.focus || []).includes(rt) }), ' ', tv('reportType', rt))));
    const email = h('input', { type: 'email', value: (a.contact && a.contact.email) || '' });
    const phone = textInput((a.contact && a.contact.phone) || '', { placeholder: '+18135550100' });
    const form = h('form', { class: 'agency-form', 'data-testid': 'agency-form', novalidate: true, onsubmit: (e) => save(e, form) },
      errorBox(),
      field('/code', t('directory.code'), codeInput),
      field('/name', t('directory.name'), name),
      field('/kind', t('directory.kind'), kind),
      field('/country', t('agency.country'), country),
      labelled('/jurisdictions', t('directory.jurisdictions'), jurisdictions, t('agency.listHint')),
      labelled('/members', t('agency.members'), members, t('agency.membersHint')),
      focus,
      field('/contact/email', t('agency.email'), email),
      field('/contact/phone', t('agency.phone'), phone),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'agency-save' }, t(creating ? 'agency.create' : 'agency.save'))));
    form.readBody = () => prune({
      code: codeInput.value.trim(), name: name.value, kind: kind.value, country: country.value.trim().toUpperCase(),
      jurisdictions: lines(jurisdictions.value), members: lines(members.value),
      focus: [...focus.querySelectorAll('input:checked')].map((i) => i.value),
      contact: { email: email.value.trim(), phone: phone.value.trim() },
    }) || {};
    replace(head);
    if (agency) {
      append(head, h('p', {},
        t('directory.status'), ': ', h('strong', { 'data-testid': 'agency-status', 'data-status': agency.status }, tv('agencyStatus', agency.status)), ' · ',
        t('agency.version', { version: agency.version }), ' ',
        suspensionButton(api, agency, (changed) => load(h('p', { class: 'success', role: 'status' }, t(changed.status === 'SUSPENDED' ? 'directory.suspended' : 'directory.reinstated', { code: changed.code }))),
          (e) => replace(notice, h('p', { class: 'error', role: 'alert' }, problemText(e))))),
      h('section', { class: 'agency-provisioning', 'data-testid': 'agency-provisioning', 'aria-labelledby': 'provisioning-title', 'aria-live': 'polite' },
        h('h2', { id: 'provisioning-title' }, t('directory.provisioning')), provisioningBox));
      watchProvisioning(agency.code);
    }
    replace(content, form);
  }

  function labelled(pointer, label, input, hint) {
    const id = `f${pointer.replace(/\W+/g, '-')}`;
    input.id = id;
    input.setAttribute('aria-describedby', `${id}-hint`);
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, h('small', { class: 'hint', id: `${id}-hint` }, hint));
  }

  async function save(e, form) {
    e.preventDefault();
    const body = form.readBody();
    try {
      if (creating) {
        const res = await api.post('directory', '/api/v1/agencies', body);
        window.location.hash = `#/directory/${encodeURIComponent(res.data.code)}`;
      } else {
        await api.put('directory', path, body, { headers: { 'If-Match': etag } });
        await load(h('p', { class: 'success', role: 'status', 'data-testid': 'agency-saved' }, t('agency.saved')));
      }
    } catch (err) {
      if (err.status === 412) {
        await load(h('p', { class: 'warning', role: 'alert', 'data-testid': 'stale-warning' }, t('agency.stale')));
      } else {
        showErrors(form, err);
      }
    }
  }

  async function load(message) {
    if (creating) {
      paint(null);
      return;
    }
    try {
      const res = await api.get('directory', path);
      etag = res.etag;
      paint(res.data);
      replace(notice);
      if (message) append(notice, message);
    } catch (e) {
      replace(content, h('p', { class: 'error', role: 'alert' }, e.status === 404 ? t('agency.notFound') : problemText(e)));
    }
  }

  const el = h('section', { class: 'page', 'aria-labelledby': 'agency-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'agency-title' }, creating ? t('directory.new') : t('agency.title', { code })),
      h('a', { href: '#/directory' }, t('nav.directory'))),
    notice, head, content);
  return {
    el,
    mounted: () => load(),
    destroy() {
      destroyed = true;
      clearTimeout(provisioningTimer);
    },
  };
}

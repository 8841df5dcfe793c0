import { h, replace, append } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';
import { SEVERITIES } from '../feed.js';
import { field, textInput, select, showErrors, clearErrors, errorBox, problemText } from './form.js';

/** The analyst's saved subscriptions: list, create, delete, with the API's own rules and errors. */
export function renderSubscriptions(ctx) {
  const { api, store } = ctx;
  const tbody = h('tbody');
  const listError = h('p', { class: 'error', role: 'alert' });
  const topicsBox = h('fieldset', { class: 'checks', 'data-pointer': '/topics' }, h('legend', {}, t('subscriptions.topics')));
  const jurisdiction = textInput('', { placeholder: 'US-FL', 'aria-describedby': null });
  const severity = select([['', t('subscriptions.anySeverity')], ...SEVERITIES.map((s) => [s, tv('severity', s)])], '');
  const status = h('p', { role: 'status', class: 'status' });
  const form = h('form', { class: 'panel', 'data-testid': 'subscription-form', novalidate: true, onsubmit: create },
    h('h2', {}, t('subscriptions.new')),
    errorBox(),
    topicsBox,
    field('/jurisdiction', t('subscriptions.jurisdiction'), jurisdiction, { hint: t('subscriptions.jurisdictionHint') }),
    field('/minimumSeverity', t('subscriptions.minimumSeverity'), severity),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'subscription-create' }, t('subscriptions.create')),
    status);

  function paintTopics(topics) {
    topicsBox.querySelectorAll('label, input').forEach((n) => n.remove());
    topics.forEach((tp) => {
      const id = `sub-topic-${tp.id}`;
      append(topicsBox, h('label', { for: id, class: 'check' },
        h('input', { type: 'checkbox', id, value: tp.id, 'data-topic': tp.id }), ' ', tv('topic', tp.id)));
    });
  }

  async function load() {
    try {
      const res = await api.get('alert', '/api/v1/subscriptions', { query: { size: 100 } });
      listError.textContent = '';
      replace(tbody);
      if (!res.data.items.length) {
        append(tbody, h('tr', {}, h('td', { colspan: 5 }, t('subscriptions.none'))));
      }
      for (const s of res.data.items) {
        append(tbody, h('tr', { 'data-testid': 'subscription-row', 'data-subscription-id': s.id },
          h('td', {}, s.topics && s.topics.length ? s.topics.map((x) => tv('topic', x)).join(', ') : t('subscriptions.allTopics')),
          h('td', {}, s.jurisdiction || t('subscriptions.anywhere')),
          h('td', {}, s.minimumSeverity ? tv('severity', s.minimumSeverity) : t('subscriptions.anySeverity')),
          h('td', {}, formatTime(s.createdAt)),
          h('td', {}, h('button', { type: 'button', 'data-testid': 'subscription-delete', 'aria-label': t('subscriptions.deleteOne', { id: s.id }), onclick: () => remove(s.id) }, t('action.delete')))));
      }
    } catch (e) {
      listError.textContent = problemText(e);
    }
  }

  async function create(e) {
    e.preventDefault();
    clearErrors(form);
    status.textContent = '';
    const topics = [...topicsBox.querySelectorAll('input:checked')].map((i) => i.value);
    const body = {};
    if (topics.length) body.topics = topics;
    if (jurisdiction.value.trim()) body.jurisdiction = jurisdiction.value.trim();
    if (severity.value) body.minimumSeverity = severity.value;
    try {
      await api.post('alert', '/api/v1/subscriptions', body);
      status.textContent = t('subscriptions.created');
      form.reset();
      load();
    } catch (err) {
      showErrors(form, err);
    }
  }

  async function remove(id) {
    try {
      await api.del('alert', `/api/v1/subscriptions/${encodeURIComponent(id)}`);
      status.textContent = t('subscriptions.deleted');
    } catch (e) {
      listError.textContent = problemText(e);
    }
    load();
  }

  const el = h('section', { class: 'page', 'aria-labelledby': 'subs-title' },
    h('h1', { id: 'subs-title' }, t('subscriptions.title')),
    h('p', { class: 'hint' }, t('subscriptions.explanation')),
    listError,
    h('table', { class: 'table', 'data-testid': 'subscriptions' },
      h('caption', { class: 'visually-hidden' }, t('subscriptions.title')),
      h('thead', {}, h('tr', {}, [t('subscriptions.topics'), t('subscriptions.jurisdiction'), t('subscriptions.minimumSeverity'), t('subscriptions.createdAt'), t('subscriptions.actions')].map((x) => h('th', { scope: 'col' }, x)))),
      tbody),
    form);

  return {
    el,
    mounted() {
      paintTopics(store.topics);
      if (!store.topics.length) {
        api.get('alert', '/api/v1/topics').then((r) => paintTopics(r.data)).catch(() => {});
      }
      load();
    },
  };
}

import './style.css';
import { h, replace, append } from './dom.js';
import { t, setLanguage, languageFor, language, LANGUAGES } from './i18n/index.js';
import { loadConfig } from './config.js';
import { startAuth } from './auth.js';
import { createApi } from './api.js';
import { parseRoute, allowed, defaultHash, navFor } from './router.js';
import { createAlertsStore } from './alerts-store.js';
import { renderAlerts } from './views/alerts.js';
import { renderSubscriptions } from './views/subscriptions.js';
import { renderReports } from './views/reports.js';
import { renderReportNew, renderReport } from './views/report.js';
import { renderDirectory } from './views/directory.js';
import { renderAgency } from './views/agency.js';
import { renderNoRole } from './views/no-role.js';

const LANG_KEY = 'fusion.language';
const app = document.getElementById('app');

function chooseLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  setLanguage(LANGUAGES.includes(saved) ? saved : languageFor(navigator.language));
}

/** A page the console shows when it cannot start: never a blank page, never a stack trace. */
function fatal(messageKey) {
  replace(app, h('main', { class: 'fatal' },
    h('h1', {}, t('app.title')),
    h('p', { role: 'alert', 'data-testid': 'startup-error' }, t(messageKey)),
    h('button', { type: 'button', onclick: () => window.location.reload() }, t('action.retry'))));
}

const VIEWS = {
  alerts: renderAlerts,
  subscriptions: renderSubscriptions,
  reports: renderReports,
  'report-new': renderReportNew,
  report: renderReport,
  directory: renderDirectory,
  'agency-new': renderAgency,
  agency: renderAgency,
};

async function start() {
  chooseLanguage();
  document.title = t('app.title');
  replace(app, h('p', { class: 'loading' }, t('app.loading')));
  let config;
  try {
    config = await loadConfig();
  } catch {
    fatal('error.config');
    return;
  }
  let auth;
  try {
    auth = await startAuth(config);
  } catch {
    fatal('error.login');
    return;
  }

  const down = new Set();
  const banners = h('div', { class: 'banners' });
  function renderBanners() {
    replace(banners);
    for (const service of down) {
      append(banners, h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': 'service-down', 'data-service': service },
        t('error.serviceDown', { service: t(`service.${service}`) })));
    }
  }
  const api = createApi({
    urls: config.urls,
    token: auth.token,
    onUnauthorized: auth.login,
    onServiceDown: (s) => {
      if (!down.has(s)) {
        down.add(s);
        renderBanners();
      }
    },
    onServiceUp: (s) => {
      if (down.delete(s)) renderBanners();
    },
  });

  const store = auth.roles.includes('analyst') ? createAlertsStore({ api, auth, t }) : null;
  if (store) store.start();

  const main = h('main', { id: 'main', tabindex: '-1' });
  let current = null;
  const ctx = { api, auth, store, t, rerender: () => route() };

  function header() {
    const hash = window.location.hash;
    const lang = h('select', {
      id: 'language', 'data-testid': 'language',
      onchange: (e) => {
        setLanguage(e.target.value);
        try {
          localStorage.setItem(LANG_KEY, e.target.value);
        } catch {
          // the choice then lasts for this page only
        }
        if (store) store.notify();
        route();
      },
    }, LANGUAGES.map((l) => h('option', { value: l, selected: l === language() }, t(`language.${l}`))));
    return h('header', { class: 'topbar' },
      h('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, t('app.skip')),
      h('span', { class: 'brand' }, t('app.title')),
      h('nav', { 'aria-label': t('nav.label') },
        h('ul', {}, navFor(auth.roles).map((n) => h('li', {},
          h('a', { href: n.hash, 'aria-current': hash === n.hash || (n.view !== 'report-new' && hash.startsWith(n.hash + '/') && !hash.startsWith('#/reports/new')) ? 'page' : null }, t(n.label)))))),
      h('div', { class: 'user' },
        h('span', { 'data-testid': 'user-name' }, auth.user),
        auth.agency ? h('span', { class: 'agency', 'data-testid': 'user-agency' }, auth.agency) : null,
        h('label', { for: 'language' }, t('app.language')), lang,
        h('button', { type: 'button', 'data-testid': 'logout', onclick: () => auth.logout() }, t('app.logout'))));
  }

  function route() {
    if (current && current.destroy) current.destroy();
    current = null;
    const { view, param } = parseRoute(window.location.hash);
    replace(main);
    replace(app, header(), banners, main);
    if (!auth.roles.length) {
      current = renderNoRole(ctx);
      append(main, current.el);
      return;
    }
    if (!allowed(view, auth.roles)) {
      if (view) {
        append(main, h('section', { class: 'panel', 'data-testid': 'not-allowed' }, h('h1', {}, t('error.notAllowedTitle')),
          h('p', {}, t('error.notAllowed'))));
        return;
      }
      window.location.replace(defaultHash(auth.roles));
      return;
    }
    current = VIEWS[view](ctx, param);
    append(main, current.el);
    if (current.mounted) current.mounted();
  }

  window.addEventListener('hashchange', route);
  route();
}

start();

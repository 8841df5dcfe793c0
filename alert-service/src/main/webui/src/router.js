/** Hash routes and who may see them. Pure. */
export const VIEW_ROLES = Object.freeze({
  alerts: 'analyst',
  subscriptions: 'analyst',
  reports: 'reporter',
  'report-new': 'reporter',
  report: 'reporter',
  directory: 'admin',
  'agency-new': 'admin',
  agency: 'admin',
});

/** The navigation entries, in order, each with the role it needs. */
export const NAV = Object.freeze([
  { view: 'alerts', hash: '#/alerts', label: 'nav.alerts' },
  { view: 'subscriptions', hash: '#/subscriptions', label: 'nav.subscriptions' },
  { view: 'reports', hash: '#/reports', label: 'nav.reports' },
  { view: 'report-new', hash: '#/reports/new', label: 'nav.newReport' },
  { view: 'directory', hash: '#/directory', label: 'nav.directory' },
]);

export const ROLES = Object.freeze(['analyst', 'reporter', 'admin']);

export function parseRoute(hash) {
  const path = (hash || '').replace(/^#/, '').replace(/[?&].*$/, '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  // a dot segment would step up the API path it is put in (encodeURIComponent leaves '..' as it is)
  if (parts.some((p) => p === '.' || p === '..')) return { view: null, param: null };
  const [first, second] = parts;
  switch (first) {
    case 'alerts':
      return second ? { view: 'alerts', param: second } : { view: 'alerts', param: null };
    case 'subscriptions':
      return { view: 'subscriptions', param: null };
    case 'reports':
      if (second === 'new') return { view: 'report-new', param: null };
      return second ? { view: 'report', param: second } : { view: 'reports', param: null };
    case 'directory':
      if (second === 'new') return { view: 'agency-new', param: null };
      return second ? { view: 'agency', param: second } : { view: 'directory', param: null };
    default:
      return { view: null, param: null };
  }
}

export function allowed(view, roles) {
  return Boolean(view) && roles.includes(VIEW_ROLES[view]);
}

/** The first view a user lands on: alerts for analysts, then reports, then the directory. */
export function defaultHash(roles) {
  if (roles.includes('analyst')) return '#/alerts';
  if (roles.includes('reporter')) return '#/reports';
  if (roles.includes('admin')) return '#/directory';
  return null;
}

export function navFor(roles) {
  return NAV.filter((n) => allowed(n.view, roles));
}

/** The exchange's roles a token holds (realm_access.roles), in a fixed order. */
export function rolesOf(tokenParsed) {
  const held = (tokenParsed && tokenParsed.realm_access && tokenParsed.realm_access.roles) || [];
  return ROLES.filter((r) => held.includes(r));
}

const CACHE_KEY = 'fusion.console-config';

/** Whether this page is Keycloak's answer to a login (the code and state in the fragment, responseMode fragment). */
export function isLoginCallback(hash) {
  return /[#&]state=/.test(hash || '') && /[#&](code|error)=/.test(hash || '');
}

/**
 * The console's settings, served by alert-service at /console-config.json. They hold nothing secret (where Keycloak
 * and the services are); the page that comes back from Keycloak's login, seconds after the one that went there,
 * reuses the copy that page kept in sessionStorage instead of asking again.
 */
export async function loadConfig({ fetchImpl = (...a) => fetch(...a), storage = sessionStorage, hash = window.location.hash } = {}) {
  if (isLoginCallback(hash)) {
    try {
      const kept = readConfig(JSON.parse(storage.getItem(CACHE_KEY)));
      if (kept) return kept;
    } catch {
      // none kept, or unreadable: asked again below
    }
  }
  const res = await fetchImpl('/console-config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) {
    throw new Error(`console-config.json answered ${res.status}`);
  }
  const c = await res.json();
  const config = readConfig(c);
  if (!config) {
    throw new Error('console-config.json lacks keycloakUrl, realm or clientId');
  }
  try {
    storage.setItem(CACHE_KEY, JSON.stringify(c));
  } catch {
    // the next page asks again
  }
  return config;
}

/** The settings from console-config.json's body, or null when it lacks what login needs. */
export function readConfig(c) {
  for (const key of ['keycloakUrl', 'realm', 'clientId']) {
    if (!c || typeof c[key] !== 'string' || !c[key]) {
      return null;
    }
  }
  const base = (u) => (typeof u === 'string' ? u.replace(/\/+$/, '') : '');
  return {
    keycloakUrl: c.keycloakUrl,
    realm: c.realm,
    clientId: c.clientId,
    urls: { alert: base(c.alertUrl), intake: base(c.intakeUrl), directory: base(c.directoryUrl) },
  };
}

/** The console's settings, served by alert-service at /console-config.json. */
export async function loadConfig(fetchImpl = fetch) {
  const res = await fetchImpl('/console-config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) {
    throw new Error(`console-config.json answered ${res.status}`);
  }
  const c = await res.json();
  for (const key of ['keycloakUrl', 'realm', 'clientId']) {
    if (!c || typeof c[key] !== 'string' || !c[key]) {
      throw new Error(`console-config.json lacks ${key}`);
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

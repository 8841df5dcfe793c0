import Keycloak from 'keycloak-js';
import { rolesOf } from './router.js';

const ROUTE_KEY = 'fusion.route';

/** Where Keycloak sends the browser back: the console itself, without the route (kept apart, restored after). */
function homeUrl() {
  return window.location.origin + window.location.pathname;
}

function rememberRoute() {
  if (window.location.hash.startsWith('#/')) {
    sessionStorage.setItem(ROUTE_KEY, window.location.hash);
  }
}

/**
 * Login with keycloak-js (authorization code with PKCE). Tokens stay in keycloak-js's memory: this module never
 * writes one anywhere. A refresh that fails (the session ended) goes back to the login page.
 */
export async function startAuth(config) {
  rememberRoute();
  const keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
  await keycloak.init({
    onLoad: 'login-required',
    pkceMethod: 'S256',
    checkLoginIframe: false,
    responseMode: 'fragment',
    redirectUri: homeUrl(),
  });
  const route = sessionStorage.getItem(ROUTE_KEY);
  sessionStorage.removeItem(ROUTE_KEY);
  if (route && !window.location.hash.startsWith('#/')) {
    history.replaceState(null, '', homeUrl() + route);
  }

  let loggingIn = false;
  function login() {
    if (loggingIn) return;
    loggingIn = true;
    rememberRoute();
    keycloak.login({ redirectUri: homeUrl() });
  }

  /** A token valid for at least 30 more seconds. */
  async function token() {
    try {
      await keycloak.updateToken(30);
    } catch {
      login();
      throw new Error('session expired');
    }
    return keycloak.token;
  }

  const timer = setInterval(() => {
    keycloak.updateToken(60).catch(login);
  }, 20000);
  keycloak.onTokenExpired = () => keycloak.updateToken(30).catch(login);

  const parsed = keycloak.tokenParsed || {};
  return {
    token,
    login,
    logout() {
      clearInterval(timer);
      keycloak.logout({ redirectUri: homeUrl() });
    },
    user: parsed.name || parsed.preferred_username || '',
    username: parsed.preferred_username || '',
    // as alert-service records an acknowledger: the token's subject, else its name
    subject: parsed.sub || parsed.preferred_username || '',
    agency: parsed.agency || '',
    roles: rolesOf(parsed),
  };
}

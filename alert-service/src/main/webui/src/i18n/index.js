import en from './en.js';
import es from './es.js';

export const BUNDLES = Object.freeze({ en, es });
export const LANGUAGES = Object.freeze(['en', 'es']);

let current = 'en';

/** The bundle for a browser language: Spanish for any es-*, else English. */
export function languageFor(tag) {
  const base = String(tag || '').toLowerCase().split('-')[0];
  return LANGUAGES.includes(base) ? base : 'en';
}

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  if (typeof document !== 'undefined') {
    document.documentElement.lang = current === 'es' ? 'es-EC' : 'en';
  }
}

export function language() {
  return current;
}

/**
 * The message for a key, with {name} placeholders filled; the key itself if a bundle lacks it (a test forbids that).
 * A missing or null value fills its placeholder with nothing, never with "null", "undefined" or "{name}".
 */
export function t(key, params) {
  const message = BUNDLES[current][key] ?? BUNDLES.en[key] ?? key;
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));
}

/** A label for a value of a closed set (`cancelReason.RETRACTED`), the raw value when the set does not know it. */
export function tv(prefix, value) {
  const key = `${prefix}.${value}`;
  return BUNDLES[current][key] ?? BUNDLES.en[key] ?? String(value);
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current === 'es' ? 'es-EC' : 'en-US', {
    dateStyle: 'medium', timeStyle: 'medium',
  }).format(d);
}

import { h } from '../dom.js';

/** A TLP 2.0 marking: its colour as text on black, as FIRST's standard prints it. */
export function tlpBadge(tlp) {
  if (!tlp) return null;
  return h('span', { class: `tlp tlp-${tlp.toLowerCase().replace('+', '-')}`, 'data-testid': 'tlp-badge', 'data-tlp': tlp }, `TLP:${tlp}`);
}

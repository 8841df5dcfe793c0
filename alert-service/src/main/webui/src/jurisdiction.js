/**
 * Jurisdiction codes (DOMAIN.md) to the map's shapes and back. us-atlas numbers states by 2-digit FIPS and
 * counties by 5-digit FIPS; world-atlas numbers countries by ISO 3166-1 numeric. Pure data and functions.
 */

/** USPS postal code to state FIPS code. */
export const STATE_FIPS = Object.freeze({
  AL: '01', AK: '02', AZ: '04', AR: '05', CA: '06', CO: '08', CT: '09', DE: '10', DC: '11', FL: '12', GA: '13',
  HI: '15', ID: '16', IL: '17', IN: '18', IA: '19', KS: '20', KY: '21', LA: '22', ME: '23', MD: '24', MA: '25',
  MI: '26', MN: '27', MS: '28', MO: '29', MT: '30', NE: '31', NV: '32', NH: '33', NJ: '34', NM: '35', NY: '36',
  NC: '37', ND: '38', OH: '39', OK: '40', OR: '41', PA: '42', RI: '44', SC: '45', SD: '46', TN: '47', TX: '48',
  UT: '49', VT: '50', VA: '51', WA: '53', WV: '54', WI: '55', WY: '56', AS: '60', GU: '66', MP: '69', PR: '72',
  VI: '78',
});

/** ISO 3166-1 alpha-2 to numeric, for the United States and the partner countries. */
export const COUNTRY_NUMERIC = Object.freeze({
  US: '840', BW: '072', EC: '218', MA: '504', NO: '578', TH: '764', MX: '484', CO: '170', CA: '124', GT: '320',
  HN: '340', SV: '222', PA: '591', PE: '604',
});

const POSTAL_BY_FIPS = Object.freeze(Object.fromEntries(Object.entries(STATE_FIPS).map(([p, f]) => [f, p])));
const ALPHA2_BY_NUMERIC = Object.freeze(Object.fromEntries(Object.entries(COUNTRY_NUMERIC).map(([a, n]) => [n, a])));

const CODE = /^([A-Z]{2})(?:-([A-Z0-9]{1,3})(?:-([0-9]{5}))?)?$/;

/** The parts of a code, or null when it is not one. */
export function parseJurisdiction(code) {
  const m = CODE.exec(code || '');
  if (!m) return null;
  return { country: m[1], subdivision: m[2] || null, county: m[3] || null };
}

/**
 * The shape that draws a code: a US county, a US state, or a country. A subdivision of another country is drawn
 * as its country (the atlas has no subdivisions). Null when the map has no shape for it.
 */
export function shapeFor(code) {
  const j = parseJurisdiction(code);
  if (!j) return null;
  if (j.country === 'US' && j.subdivision) {
    const state = STATE_FIPS[j.subdivision];
    if (!state) return null;
    if (j.county) {
      return j.county.startsWith(state) ? { layer: 'county', id: j.county } : null;
    }
    return { layer: 'state', id: state };
  }
  const numeric = COUNTRY_NUMERIC[j.country];
  return numeric ? { layer: 'country', id: numeric } : null;
}

/** The jurisdiction code of a shape of the map, or null for a shape outside the lookup. */
export function codeForShape(layer, id) {
  if (layer === 'county') {
    const postal = POSTAL_BY_FIPS[String(id).slice(0, 2)];
    return postal ? `US-${postal}-${id}` : null;
  }
  if (layer === 'state') {
    const postal = POSTAL_BY_FIPS[id];
    return postal ? `US-${postal}` : null;
  }
  if (layer === 'country') {
    return ALPHA2_BY_NUMERIC[id] || null;
  }
  return null;
}

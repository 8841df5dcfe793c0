import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { feature } from 'topojson-client';
import { rowView } from '../feed.js';
import { shapeFor, codeForShape, COUNTRY_NUMERIC } from '../jurisdiction.js';
import { t } from '../i18n/index.js';
import { text } from '../dom.js';

/**
 * Markers drawn at most: the newest rows; the feed shows them all. Every change to the markers' layer repaints all of
 * it, and in a headless Chromium on two busy cores 1,500 of them held frames past 50 ms (deploy/bench/README.md,
 * session 23); 500 is more than a map at this scale can show apart.
 */
const MAX_DRAWN = 500;
/** The time a frame may spend adding and removing markers; the rest waits for the next frame. */
const FRAME_BUDGET_MS = 6;
const PARTNERS = new Set(Object.values(COUNTRY_NUMERIC));

const STYLE = {
  world: { color: '#8a8f98', weight: 0.5, fillColor: '#e9ecef', fillOpacity: 1, interactive: false },
  country: { color: '#4a5160', weight: 1, fillColor: '#dfe7f2', fillOpacity: 1 },
  state: { color: '#4a5160', weight: 1, fill: true, fillOpacity: 0 },
  county: { color: '#9aa1ad', weight: 0.3, fillColor: '#ffffff', fillOpacity: 0 },
  area: { color: '#8a1c00', weight: 2, fillColor: '#ff7a45', fillOpacity: 0.45 },
};

/**
 * The alerts' map, without tiles (none offline): the partner countries, US states and counties as shapes; an alert
 * at its point as a circle marker, otherwise its jurisdiction's shape highlighted. Clicking a shape filters the
 * feed to it. Loaded lazily with its atlases, after the feed is on screen.
 */
export async function createAlertMap(el, { onShape, onMarker }) {
  const [us, world] = await Promise.all([
    import('us-atlas/counties-10m.json').then((m) => m.default),
    import('world-atlas/countries-110m.json').then((m) => m.default),
  ]);
  const map = L.map(el, { zoomSnap: 0.5, attributionControl: false, worldCopyJump: false, minZoom: 1, maxZoom: 12, keyboard: true })
    .setView([34, -92], 4);
  const shapes = new Map();
  // the alerts' markers are drawn in a pane of their own, above the shapes: adding or removing one repaints that
  // layer only, not the thousands of county shapes (which, on every live alert, made a busy feed stutter)
  const markerPane = map.createPane('alert-markers');
  markerPane.style.zIndex = '450';
  markerPane.style.pointerEvents = 'none';
  const markerRenderer = L.svg({ pane: 'alert-markers' });

  function clickable(layerName, style) {
    return (f, layer) => {
      const code = codeForShape(layerName, f.id);
      if (!code) return;
      shapes.set(`${layerName}:${f.id}`, { layer, style });
      layer.on('click', () => onShape(code));
      layer.bindTooltip(text(`${f.properties && f.properties.name ? f.properties.name + ' · ' : ''}${code}`), { sticky: true });
    };
  }

  const countries = feature(world, world.objects.countries).features;
  L.geoJSON({ type: 'FeatureCollection', features: countries.filter((f) => !PARTNERS.has(f.id)) }, { style: STYLE.world }).addTo(map);
  L.geoJSON({ type: 'FeatureCollection', features: countries.filter((f) => PARTNERS.has(f.id) && f.id !== '840') },
    { style: STYLE.country, onEachFeature: clickable('country', STYLE.country) }).addTo(map);
  L.geoJSON(feature(us, us.objects.states), { style: STYLE.state, onEachFeature: clickable('state', STYLE.state) }).addTo(map);
  const counties = L.geoJSON(feature(us, us.objects.counties), { style: STYLE.county, onEachFeature: clickable('county', STYLE.county) });
  counties.addTo(map);
  // the states stay on top so that their borders show; counties take the clicks once zoomed in
  const syncCounties = () => {
    if (map.getZoom() >= 6) counties.bringToFront();
    else counties.bringToBack();
  };
  map.on('zoomend', syncCounties);
  syncCounties();

  const markers = new Map();
  const highlighted = new Map();

  function setHighlight(key, on) {
    const shape = shapes.get(key);
    if (!shape) return;
    shape.layer.setStyle(on ? STYLE.area : shape.style);
    const path = shape.layer.getElement && shape.layer.getElement();
    if (path) path.classList.toggle('alert-area', on);
    if (on) shape.layer.bringToFront();
  }

  /**
   * The marker changes not made yet, made a slice per animation frame (at most FRAME_BUDGET_MS each): a burst of
   * alerts replaces hundreds of markers, which made in one go froze the page for up to 170 ms (deploy/bench/README.md,
   * the console's frames). Each update replaces what is left with what its rows need.
   */
  let pending = [];
  let frame = 0;

  function applyPending() {
    frame = 0;
    const until = performance.now() + FRAME_BUDGET_MS;
    let done = 0;
    while (done < pending.length && performance.now() < until) pending[done++]();
    pending = pending.slice(done);
    if (pending.length) frame = requestAnimationFrame(applyPending);
  }

  function addMarker(id, v, cls) {
    const marker = L.circleMarker([v.point.lat, v.point.lon], {
      radius: 7, className: cls, color: '#5a0000', weight: 2, fillColor: v.cancelled ? '#b0b0b0' : '#e8412c', fillOpacity: 0.85,
      pane: 'alert-markers', renderer: markerRenderer,
    }).addTo(map);
    marker.bindTooltip(text(v.headline || t('alert.noContent')));
    marker.on('click', () => onMarker(id));
    markers.set(id, { marker, cls, lat: v.point.lat, lon: v.point.lon });
  }

  function removeMarker(id) {
    const m = markers.get(id);
    if (m) {
      m.marker.remove();
      markers.delete(id);
    }
  }

  function update(rows) {
    const wantMarkers = new Map();
    const wantAreas = new Map();
    for (const row of rows.slice(0, MAX_DRAWN)) {
      const v = rowView(row);
      if (v.point) {
        wantMarkers.set(v.key, v);
      } else if (v.jurisdiction) {
        const s = shapeFor(v.jurisdiction);
        if (s) wantAreas.set(`${s.layer}:${s.id}`, (wantAreas.get(`${s.layer}:${s.id}`) || []).concat(v.key));
      }
    }
    // what goes first, then the newest rows' markers first
    const changes = [];
    for (const id of markers.keys()) {
      if (!wantMarkers.has(id)) changes.push(() => removeMarker(id));
    }
    for (const [id, v] of wantMarkers) {
      const cls = `alert-marker report-${id}${v.cancelled ? ' alert-cancelled' : ''}`;
      const existing = markers.get(id);
      if (existing && existing.cls === cls && existing.lat === v.point.lat && existing.lon === v.point.lon) continue;
      changes.push(() => {
        removeMarker(id);
        addMarker(id, v, cls);
      });
    }
    pending = changes;
    if (pending.length && !frame) frame = requestAnimationFrame(applyPending);
    for (const key of highlighted.keys()) {
      if (!wantAreas.has(key)) {
        setHighlight(key, false);
        highlighted.delete(key);
      }
    }
    for (const [key, reports] of wantAreas) {
      const ids = reports.join(' ');
      const shape = shapes.get(key);
      const path = shape && shape.layer.getElement && shape.layer.getElement();
      if (highlighted.has(key) && path && path.getAttribute('data-report-ids') === ids) continue;
      setHighlight(key, true);
      highlighted.set(key, reports);
      if (path) path.setAttribute('data-report-ids', ids);
    }
  }

  // sized once the view is in the page; a view destroyed before then (a language switch re-renders at once) must not
  // touch its removed map: Leaflet throws reading the gone pane's position
  const sizing = setTimeout(() => map.invalidateSize(), 0);
  return {
    update,
    destroy() {
      clearTimeout(sizing);
      cancelAnimationFrame(frame);
      pending = [];
      map.remove();
    },
  };
}

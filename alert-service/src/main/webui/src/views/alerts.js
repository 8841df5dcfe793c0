import { h, replace, append } from '../dom.js';
import { t, tv, formatTime } from '../i18n/index.js';
import { orderedRows, filterRows, rowView, jurisdictionOf, SEVERITIES } from '../feed.js';
import { visibleWindow } from '../virtual.js';
import { renderDetail } from './detail.js';
import { tlpBadge } from './badges.js';

const ROW_HEIGHT = 68;
const MAP_INTERVAL_MS = 1000;
const MAP_DELAY_MS = 3000;

/** The analyst's main screen: filters and the live feed, the map beside it, the selected alert's detail. */
export function renderAlerts(ctx) {
  const { store } = ctx;
  const unsubscribe = [];

  const connection = h('span', { class: 'connection', 'data-testid': 'connection-state', role: 'status' });
  const topicSelect = h('select', { id: 'filter-topic', 'data-testid': 'filter-topic', onchange: (e) => store.setFilter({ topic: e.target.value }) });
  const severitySelect = h('select', { id: 'filter-severity', 'data-testid': 'filter-severity', onchange: (e) => store.setFilter({ severity: e.target.value }) },
    h('option', { value: '' }, t('filter.any')),
    SEVERITIES.map((s) => h('option', { value: s, selected: store.filters.severity === s }, tv('severity', s))));
  const ackSelect = h('select', { id: 'filter-ack', 'data-testid': 'filter-ack', onchange: (e) => store.setFilter({ ack: e.target.value }) },
    [['', 'filter.any'], ['new', 'filter.ackNew'], ['acknowledged', 'filter.ackDone']].map(([v, k]) => h('option', { value: v, selected: store.filters.ack === v }, t(k))));
  // the keyboard's way to what a click on the map does: the jurisdictions of the alerts held, and the one chosen
  const jurisdictionSelect = h('select', { id: 'filter-jurisdiction', 'data-testid': 'filter-jurisdiction', onchange: (e) => store.setFilter({ jurisdiction: e.target.value }) });
  const chip = h('div', { class: 'chips' });
  const count = h('span', { class: 'count', 'data-testid': 'feed-count' });

  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': t('filter.label') },
    h('div', { class: 'field-inline' }, h('label', { for: 'filter-topic' }, t('filter.topic')), topicSelect),
    h('div', { class: 'field-inline' }, h('label', { for: 'filter-severity' }, t('filter.severity')), severitySelect),
    h('div', { class: 'field-inline' }, h('label', { for: 'filter-ack' }, t('filter.ack')), ackSelect),
    h('div', { class: 'field-inline' }, h('label', { for: 'filter-jurisdiction' }, t('filter.jurisdictionLabel')), jurisdictionSelect),
    chip, count, connection);

  const spacer = h('div', { class: 'feed-spacer' });
  const list = h('ul', { class: 'feed-list', role: 'listbox', 'data-testid': 'alert-feed', 'aria-label': t('feed.label') });
  // the viewport's scroll position and height as last seen (scroll events, a ResizeObserver): painting the rows in a
  // frame after its writes never reads layout, which forced a layout of the whole page, map included, of up to 200 ms
  // while alerts poured in (deploy/bench/README.md, the console's frames)
  let scrollTop = 0;
  let viewportHeight = 0;
  const viewport = h('div', { class: 'feed-viewport', onscroll: () => {
    scrollTop = viewport.scrollTop;
    paintRows();
  } }, spacer, list);
  const empty = h('p', { class: 'empty', 'data-testid': 'feed-empty', hidden: true });
  const more = h('button', { type: 'button', class: 'load-more', 'data-testid': 'load-more', hidden: true, onclick: () => loadMore() }, t('feed.loadMore'));
  const feedPane = h('section', { class: 'feed-pane', 'aria-labelledby': 'feed-title' },
    h('h1', { id: 'feed-title', class: 'visually-hidden' }, t('feed.title')), toolbar, empty, viewport, more);

  const mapEl = h('div', { id: 'map', 'data-testid': 'map', role: 'region', 'aria-label': t('map.label') });
  const mapStatus = h('p', { class: 'map-status', role: 'status' }, t('map.loading'));
  const detailPane = h('section', {
    class: 'detail-pane', 'aria-live': 'polite', 'aria-label': t('detail.label'),
    onkeydown: (e) => {
      if (e.key === 'Escape' && focusIndex >= 0) {
        e.preventDefault();
        focusRow(focusIndex);
      }
    },
  });
  const side = h('div', { class: 'side-pane' }, h('div', { class: 'map-wrap' }, mapEl, mapStatus), detailPane);
  const el = h('div', { class: 'alerts-view' }, feedPane, side);

  let visible = [];
  let focusIndex = -1;
  let map = null;
  let lastVersion = -1;
  let lastFilters = '';
  let destroyed = false;
  const resize = new ResizeObserver((entries) => {
    viewportHeight = entries[entries.length - 1].contentRect.height;
    paintRows();
  });

  function renderTopics() {
    const current = store.filters.topic;
    replace(topicSelect, h('option', { value: '' }, t('filter.any')),
      ...store.topics.map((tp) => h('option', { value: tp.id, selected: current === tp.id }, tv('topic', tp.id))));
  }

  let lastJurisdictions = null;
  /** The jurisdiction filter's options: the codes of the alerts held, and the current filter's (from the map). */
  function renderJurisdictions() {
    const codes = new Set();
    for (const row of store.feed.rows.values()) {
      // not rowView(row): a view of each of thousands of rows on every change
      const j = jurisdictionOf(row);
      if (j) codes.add(j);
    }
    const current = store.filters.jurisdiction;
    if (current) codes.add(current);
    const sorted = [...codes].sort();
    const key = `${current}|${sorted.join(' ')}`;
    if (key === lastJurisdictions) return;
    lastJurisdictions = key;
    replace(jurisdictionSelect, h('option', { value: '' }, t('filter.any')),
      ...sorted.map((code) => h('option', { value: code, selected: code === current }, code)));
    jurisdictionSelect.value = current;
  }

  function renderChip() {
    replace(chip);
    const j = store.filters.jurisdiction;
    if (!j) return;
    append(chip, h('span', { class: 'chip', 'data-testid': 'jurisdiction-chip' }, t('filter.jurisdiction', { code: j }),
      h('button', { type: 'button', 'data-testid': 'clear-jurisdiction', 'aria-label': t('filter.clearJurisdiction', { code: j }),
        onclick: () => store.setFilter({ jurisdiction: '' }) }, '×')));
  }

  function rowElement(row, index) {
    const v = rowView(row);
    const selected = store.selected === v.key;
    const li = h('li', {
      class: `alert-row${v.cancelled ? ' cancelled' : ''}${v.acknowledged ? ' acknowledged' : ''}${selected ? ' selected' : ''}`,
      'data-testid': 'alert-row', 'data-alert-id': v.alertId, 'data-report-id': v.reportId, 'data-spike-id': v.spike ? v.spike.id : null, 'data-match-id': v.match ? v.match.id : null, 'data-msg-type': v.msgType,
      'data-index': index, tabindex: index === Math.max(focusIndex, 0) ? '0' : '-1', 'aria-selected': selected ? 'true' : 'false',
      // only a window of the rows is in the page: each says where it stands in the whole list
      'aria-setsize': String(visible.length), 'aria-posinset': String(index + 1),
      role: 'option', style: { top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` },
      onclick: () => open(v.key, index, false),
      onkeydown: (e) => onRowKey(e, v.key, index),
    },
    h('div', { class: 'row-line' },
      tlpBadge(v.tlp),
      v.severity ? h('span', { class: `severity severity-${v.severity.toLowerCase()}` }, tv('severity', v.severity)) : null,
      v.topic ? h('span', { class: 'topic' }, tv('topic', v.topic)) : null,
      h('span', { class: 'headline', 'data-testid': 'alert-headline' }, v.cancelled ? h('s', {}, v.headline || t('alert.noContent')) : (v.headline || t('alert.noContent')))),
    h('div', { class: 'row-line meta' },
      v.jurisdiction ? h('span', { class: 'jurisdiction' }, v.jurisdiction) : null,
      v.originator ? h('span', { class: 'originator' }, t('alert.from', { agency: v.originator })) : null,
      h('time', { datetime: v.time }, formatTime(v.time)),
      v.msgType !== 'Alert' ? h('span', { class: 'msg-type' }, tv('msgType', v.msgType)) : null,
      v.cancelled ? h('span', { class: 'cancel-reason', 'data-testid': 'cancel-reason', 'data-reason': v.cancelReason }, v.cancelReason ? tv('cancelReason', v.cancelReason) : t('cancelReason.none')) : null,
      !v.acknowledged && !v.cancelled ? h('span', { class: 'new-badge' }, t('alert.new')) : null));
    return li;
  }

  function paintRows() {
    const w = visibleWindow({ scrollTop, viewportHeight: viewportHeight || 600, rowHeight: ROW_HEIGHT, count: visible.length, overscan: 6 });
    spacer.style.height = `${w.totalHeight}px`;
    const hadFocus = list.contains(document.activeElement);
    replace(list);
    for (let i = w.start; i < w.end; i++) append(list, rowElement(visible[i], i));
    if (hadFocus && focusIndex >= 0) {
      const target = list.querySelector(`[data-index="${focusIndex}"]`);
      if (target) target.focus({ preventScroll: true });
    }
  }

  function focusRow(index) {
    if (!visible.length) return;
    focusIndex = Math.max(0, Math.min(visible.length - 1, index));
    const top = focusIndex * ROW_HEIGHT;
    scrollTop = viewport.scrollTop;
    viewportHeight = viewport.clientHeight;
    if (top < scrollTop) viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > scrollTop + viewportHeight) viewport.scrollTop = top + ROW_HEIGHT - viewportHeight;
    scrollTop = viewport.scrollTop;
    paintRows();
    const target = list.querySelector(`[data-index="${focusIndex}"]`);
    if (target) target.focus({ preventScroll: true });
  }

  function onRowKey(e, key, index) {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(key, index, true);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusRow(index + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(index - 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      focusRow(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      focusRow(visible.length - 1);
    }
  }

  /** Opens a row's detail; from the keyboard, focus follows into the detail (Escape there goes back to the row). */
  function open(key, index, fromKeyboard) {
    focusIndex = index;
    focusDetail = fromKeyboard;
    if (fromKeyboard && store.selected === key && detail) {
      focusDetailTitle();
      return;
    }
    store.select(key);
  }

  function focusDetailTitle() {
    focusDetail = false;
    const title = detailPane.querySelector('#detail-title');
    if (title) title.focus();
  }

  let detail = null;
  let focusDetail = false;
  function renderSelected() {
    if (detail && detail.destroy) detail.destroy();
    replace(detailPane);
    detail = null;
    const row = store.selected && store.feed.rows.get(store.selected);
    if (!row) {
      append(detailPane, h('p', { class: 'hint' }, t('detail.none')));
      return;
    }
    detail = renderDetail(ctx, row);
    append(detailPane, detail.el);
    if (focusDetail) focusDetailTitle();
  }

  async function loadMore() {
    more.disabled = true;
    try {
      await store.loadMore();
    } catch {
      // the banner or the next attempt says it
    }
    more.disabled = false;
  }

  /**
   * The map follows the feed at once when it is quiet and at most every MAP_INTERVAL_MS while alerts pour in: each
   * redraw repaints thousands of shapes, which on every frame would freeze a busy feed.
   */
  let mapTimer = null;
  let mapDue = false;
  function drawMap() {
    if (!map) return;
    if (mapTimer) {
      mapDue = true;
      return;
    }
    map.update(visible);
    mapTimer = setTimeout(() => {
      mapTimer = null;
      if (mapDue) {
        mapDue = false;
        drawMap();
      }
    }, MAP_INTERVAL_MS);
  }

  let lastSelected = undefined;
  let lastSelectedSeq = -1;
  function update() {
    connection.dataset.state = store.connection;
    connection.textContent = t(`connection.${store.connection}`);
    if (topicSelect.options.length !== store.topics.length + 1) renderTopics();
    renderChip();
    const filters = JSON.stringify(store.filters);
    if (store.feed.version !== lastVersion || filters !== lastFilters) {
      lastVersion = store.feed.version;
      lastFilters = filters;
      visible = filterRows(orderedRows(store.feed), store.filters);
      renderJurisdictions();
      count.textContent = t('feed.count', { shown: visible.length, total: store.feed.rows.size });
      count.dataset.shown = String(visible.length);
      count.dataset.total = String(store.feed.rows.size);
      drawMap();
    }
    empty.hidden = store.loading || visible.length > 0;
    empty.textContent = store.loadError ? t('feed.loadFailed') : store.loading ? t('app.loading') : t('feed.empty');
    if (store.loading) {
      empty.hidden = false;
    }
    more.hidden = !store.next;
    paintRows();
    const row = store.selected && store.feed.rows.get(store.selected);
    const seq = row ? row.latest.seq : -1;
    if (store.selected !== lastSelected || seq !== lastSelectedSeq || (row && detail && detail.ackChanged && detail.ackChanged(row))) {
      lastSelected = store.selected;
      lastSelectedSeq = seq;
      renderSelected();
    }
  }

  return {
    el,
    mounted() {
      resize.observe(viewport);
      unsubscribe.push(store.subscribe(update));
      update();
      // the map (its atlases take a second of the main thread to draw) waits until the feed is live, so that it
      // never holds up the feed's first page and stream; after a few seconds it is drawn anyway
      Promise.race([store.firstLive, new Promise((resolve) => setTimeout(resolve, MAP_DELAY_MS))])
        .then(() => (destroyed ? null : import('./map.js')))
        .then((module) => module && module.createAlertMap(mapEl, {
        onShape: (code) => store.setFilter({ jurisdiction: code }),
        onMarker: (key) => store.select(key),
      })).then((m) => {
        if (!m) return;
        if (destroyed) {
          m.destroy();
          return;
        }
        map = m;
        mapStatus.remove();
        drawMap();
      }).catch(() => {
        mapStatus.textContent = t('map.failed');
      });
    },
    destroy() {
      destroyed = true;
      resize.disconnect();
      clearTimeout(mapTimer);
      unsubscribe.forEach((u) => u());
      if (detail && detail.destroy) detail.destroy();
      if (map) map.destroy();
    },
  };
}

import { createFeed, applyAlert, applyAcknowledgement, unacknowledgedCount, pageTitle } from './feed.js';
import { createAlertStream } from './stream.js';

const PAGE_SIZE = 200;
const HISTORY_PAGE_SIZE = 100;

/**
 * The analyst's alerts for the whole session: the feed, its first page and older pages on demand, the live
 * stream, and the filters. Views come and go; this stays, so the title's count and the stream go on.
 */
export function createAlertsStore({ api, auth, t }) {
  const feed = createFeed();
  const listeners = new Set();
  const store = {
    feed,
    filters: { topic: '', severity: '', ack: '', jurisdiction: '' },
    topics: [],
    connection: 'connecting',
    loading: true,
    loadError: null,
    next: null,
    selected: null,
  };
  let scheduled = false;
  let settleFirst;
  /** Settles once the feed is first live, or its first page failed: what may wait for the feed waits for this. */
  store.firstLive = new Promise((resolve) => {
    settleFirst = resolve;
  });

  function notify() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      document.title = pageTitle(unacknowledgedCount(feed), t('app.title'));
      listeners.forEach((fn) => fn(store));
    });
  }

  store.subscribe = (fn) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  };
  store.notify = notify;
  store.setFilter = (change) => {
    Object.assign(store.filters, change);
    notify();
  };
  store.select = (key) => {
    store.selected = key;
    notify();
  };

  store.loadMore = async () => {
    if (!store.next) return;
    const page = await api.get('alert', '/api/v1/alerts', { query: { cursor: store.next, size: PAGE_SIZE } });
    page.data.items.forEach((a) => applyAlert(feed, a));
    store.next = page.data.next || null;
    notify();
  };

  store.acknowledge = async (alertId) => {
    const res = await api.post('alert', `/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledgement`);
    applyAcknowledgement(feed, res.data);
    notify();
    return res.data;
  };

  /**
   * The report's alerts this agency holds, oldest first: alert-service's ?reportId= (every message type, only this
   * agency's), with the feed's own messages of it, which a live alert may reach before the list does. A failure
   * (the service down) leaves the feed's own.
   */
  store.history = async (key) => {
    const row = feed.rows.get(key);
    const byId = new Map(row ? [...row.messages].map((a) => [a.id, a]) : []);
    const reportId = row ? row.reportId : key;
    // a spike's history is the feed's own messages of it: the API filters by report only
    if (!reportId) return [...byId.values()].sort((a, b) => a.seq - b.seq);
    try {
      let cursor = null;
      do {
        const res = await api.get('alert', '/api/v1/alerts', { query: { reportId, size: HISTORY_PAGE_SIZE, cursor } });
        (res.data.items || []).forEach((a) => byId.set(a.id, a));
        cursor = res.data.next || null;
      } while (cursor);
    } catch {
      // the feed's own messages are what the console can show
    }
    return [...byId.values()].sort((a, b) => a.seq - b.seq);
  };

  let stream = null;
  store.start = async () => {
    try {
      const [topics, page] = await Promise.all([
        api.get('alert', '/api/v1/topics'),
        api.get('alert', '/api/v1/alerts', { query: { size: PAGE_SIZE } }),
      ]);
      store.topics = topics.data || [];
      page.data.items.forEach((a) => applyAlert(feed, a));
      store.next = page.data.next || null;
      store.loadError = null;
    } catch (e) {
      store.loadError = e;
    }
    store.loading = false;
    notify();
    if (store.loadError) {
      settleFirst();
      setTimeout(store.start, 5000);
      return;
    }
    const url = api.url('alert', '/api/v1/alerts/stream');
    // every topic, named: the feed is the agency's whole feed (saved subscriptions would narrow an unnamed stream)
    if (store.topics.length) url.searchParams.set('topics', store.topics.map((tp) => tp.id).join(','));
    stream = createAlertStream({
      url,
      token: auth.token,
      lastSeq: () => feed.maxSeq,
      onAlert: (a) => {
        if (applyAlert(feed, a)) notify();
      },
      onState: (s) => {
        store.connection = s;
        if (s === 'live') settleFirst();
        notify();
      },
      onUnauthorized: auth.login,
    });
  };
  store.stop = () => stream && stream.stop();
  return store;
}

import { createSseParser, backoffDelay } from './sse.js';

/** If nothing (not even a heartbeat, every 15 s) arrives for this long, the connection is taken for dead. */
const SILENCE_MS = 40000;

/**
 * The live alert stream over fetch() (EventSource cannot send the bearer token). Each connection asks for what
 * came after the last seq the feed holds (Last-Event-ID), with a fresh token; it reconnects after a drop with
 * backoff. The feed drops what it has seen already, by alert id.
 */
export function createAlertStream({ url, token, lastSeq, onAlert, onState, onUnauthorized, fetchImpl = (...a) => fetch(...a) }) {
  let stopped = false;
  let controller = null;
  let wake = null;
  let state = null;

  function setState(s) {
    if (s !== state) {
      state = s;
      onState(s);
    }
  }

  function sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function connectOnce() {
    controller = new AbortController();
    let silence = null;
    const alive = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    try {
      const bearer = await token();
      alive();
      const res = await fetchImpl(url, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${bearer}`, 'Last-Event-ID': String(lastSeq()) },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (res.status === 401) {
        onUnauthorized();
        return false;
      }
      if (!res.ok || !res.body) {
        return false;
      }
      setState('live');
      const parser = createSseParser({
        onEvent: (e) => {
          if (e.event !== 'alert') return;
          try {
            onAlert(JSON.parse(e.data));
          } catch {
            // a malformed event is skipped; its successors still arrive
          }
        },
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        parser.feed(decoder.decode(value, { stream: true }));
      }
      parser.end();
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(silence);
    }
  }

  async function run() {
    let attempt = 0;
    let everLive = false;
    while (!stopped) {
      setState(everLive ? 'reconnecting' : 'connecting');
      const ended = await connectOnce();
      const wasLive = state === 'live';
      if (wasLive) {
        everLive = true;
        attempt = 0;
      }
      if (stopped) break;
      setState(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'reconnecting');
      // a live stream the server ended (its token expired) reconnects at once; a drop or a failure backs off
      await sleep(ended && wasLive ? 0 : backoffDelay(attempt++));
    }
  }

  const online = () => wake && wake();
  const offline = () => {
    setState('offline');
    if (controller) controller.abort();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
  }

  run();
  return {
    stop() {
      stopped = true;
      if (controller) controller.abort();
      if (wake) wake();
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      }
    },
    get state() {
      return state;
    },
  };
}

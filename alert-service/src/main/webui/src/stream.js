import { createSseParser, backoffDelay } from './sse.js';

/** If nothing (not even a heartbeat, every 15 s) arrives for this long, the connection is taken for dead. */
const SILENCE_MS = 40000;
/**
 * The longest the page applies a chunk's alerts before it lets the browser draw a frame: one read of a busy stream
 * brings hundreds of events (one routing commit's worth), which applied in one task held frames for up to 65 ms.
 */
const SLICE_MS = 8;

function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

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
      const events = [];
      const parser = createSseParser({
        onEvent: (e) => {
          if (e.event === 'alert') events.push(e.data);
        },
      });
      // the chunk's alerts in order, in slices of at most SLICE_MS with a frame's chance between them
      const apply = async () => {
        let sliceStart = performance.now();
        for (let i = 0; i < events.length; i++) {
          try {
            onAlert(JSON.parse(events[i]));
          } catch {
            // a malformed event is skipped; its successors still arrive
          }
          if (i < events.length - 1 && performance.now() - sliceStart > SLICE_MS) {
            await nextTask();
            if (stopped) break;
            // a connection whose alerts are still being applied is not silent (a hidden tab's timers run late)
            alive();
            sliceStart = performance.now();
          }
        }
        events.length = 0;
      };
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        parser.feed(decoder.decode(value, { stream: true }));
        await apply();
      }
      parser.end();
      await apply();
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

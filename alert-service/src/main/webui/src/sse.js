/**
 * A Server-Sent Events parser (WHATWG HTML, "Parsing an event stream") for streams read with fetch(), which
 * EventSource cannot do since it sends no Authorization header. Pure: text in, events out. Chunks may split a
 * line, a field or a CRLF anywhere.
 */
export function createSseParser({ onEvent, onComment = () => {} }) {
  let buffer = '';
  let data = [];
  let type = '';
  let lastEventId = '';
  let sawData = false;

  function dispatch() {
    if (!sawData) {
      type = '';
      return;
    }
    onEvent({ id: lastEventId, event: type || 'message', data: data.join('\n') });
    data = [];
    type = '';
    sawData = false;
  }

  function line(text) {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.startsWith(':')) {
      onComment(text.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      data.push(value);
      sawData = true;
    } else if (field === 'event') {
      type = value;
    } else if (field === 'id') {
      if (!value.includes('\0')) {
        lastEventId = value;
      }
    }
    // retry and unknown fields are ignored: reconnection is ours (stream.js)
  }

  return {
    feed(chunk) {
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c === '\n' || c === '\r') {
          if (c === '\r' && i === buffer.length - 1) {
            // a CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk
            break;
          }
          line(buffer.slice(start, i));
          if (c === '\r' && buffer[i + 1] === '\n') {
            i++;
          }
          start = i + 1;
        }
      }
      buffer = buffer.slice(start);
    },
    /** The stream ended: an event not closed by a blank line is discarded, as the standard says. */
    end() {
      if (buffer.endsWith('\r')) {
        line(buffer.slice(0, -1));
        buffer = '';
      }
      buffer = '';
      data = [];
      type = '';
      sawData = false;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

/** How long to wait before reconnection attempt n (0-based): 1 s, 2 s, 4 s, 8 s, then 15 s at most. */
export function backoffDelay(attempt, { base = 1000, max = 15000 } = {}) {
  return Math.min(max, base * 2 ** Math.max(0, attempt));
}

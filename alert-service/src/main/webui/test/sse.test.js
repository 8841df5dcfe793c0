import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, backoffDelay } from '../src/sse.js';

function parse(chunks) {
  const events = [];
  const comments = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  for (const c of chunks) parser.feed(c);
  return { events, comments, parser };
}

const stream = ': connected\n\nid: 7\nevent: alert\ndata: {"id":"a","seq":7}\n\n: heartbeat\n\nid: 8\nevent: alert\ndata: {"id":"b",\ndata: "seq":8}\n\n';

test('events with id, type and multi-line data; comments are reported apart', () => {
  const { events, comments } = parse([stream]);
  assert.deepEqual(events, [
    { id: '7', event: 'alert', data: '{"id":"a","seq":7}' },
    { id: '8', event: 'alert', data: '{"id":"b",\n"seq":8}' },
  ]);
  assert.deepEqual(comments, ['connected', 'heartbeat']);
});

test('the same events whatever the chunk boundaries, one character at a time included', () => {
  const whole = parse([stream]).events;
  for (let cut = 1; cut < stream.length; cut++) {
    assert.deepEqual(parse([stream.slice(0, cut), stream.slice(cut)]).events, whole, `cut at ${cut}`);
  }
  assert.deepEqual(parse([...stream]).events, whole);
});

test('CRLF and CR line ends, a CRLF split across chunks counts once', () => {
  const crlf = stream.replaceAll('\n', '\r\n');
  const whole = parse([stream]).events;
  assert.deepEqual(parse([crlf]).events, whole);
  for (let cut = 1; cut < crlf.length; cut++) {
    assert.deepEqual(parse([crlf.slice(0, cut), crlf.slice(cut)]).events, whole, `cut at ${cut}`);
  }
  // a lone CR at the very end may still become a CRLF: it counts once the stream ends
  const cr = parse([stream.replaceAll('\n', '\r')]);
  assert.equal(cr.events.length, 1);
  cr.parser.end();
  assert.deepEqual(cr.events, whole);
});

test('an event without a blank line after it is not dispatched; the last id is kept', () => {
  const { events, parser } = parse(['id: 3\ndata: x\n\nid: 4\ndata: y\n']);
  parser.end();
  assert.deepEqual(events.map((e) => e.data), ['x']);
  assert.equal(parser.lastEventId, '4');
});

test('a field without a colon, without a space, and an id carried to later events', () => {
  const { events } = parse(['id:9\ndata\n\ndata:z\n\n']);
  assert.deepEqual(events, [
    { id: '9', event: 'message', data: '' },
    { id: '9', event: 'message', data: 'z' },
  ]);
});

test('reconnection waits 1, 2, 4, 8 then 15 seconds at most', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 20].map((n) => backoffDelay(n)), [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
});

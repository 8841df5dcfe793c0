-- The W3C traceparent of the request that wrote the event, when that request was traced (sampled): the relay
-- publishes the record under a span of the same trace, also after a restart. Null for every untraced event, which
-- is every event while tracing is off (the default).
ALTER TABLE outbox ADD COLUMN trace_parent text;

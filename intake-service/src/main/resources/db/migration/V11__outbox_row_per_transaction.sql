-- One outbox row per transaction, not per event: the events a transaction wrote, in the order they are to be
-- published, with the W3C traceparent of each (null throughout while nothing was traced, the default). A batch of
-- 100 new reports wrote 100 rows here, each a heap tuple, a primary key entry and a sequence value, and the relay
-- deleted 100 rows once Kafka acknowledged them; about a tenth of the machine's CPU a report in batches
-- (deploy/bench/README.md, session 40). Now it writes one row and the relay deletes one, once every event in it is on
-- case-reports. Rows waiting across the upgrade become rows of one event each, in their order.
ALTER TABLE outbox ADD COLUMN event_ids uuid[], ADD COLUMN trace_parents text[];
UPDATE outbox SET event_ids = ARRAY[event_id],
    trace_parents = CASE WHEN trace_parent IS NULL THEN NULL ELSE ARRAY[trace_parent] END;
ALTER TABLE outbox ALTER COLUMN event_ids SET NOT NULL,
    DROP COLUMN event_id, DROP COLUMN report_id, DROP COLUMN trace_parent;
ALTER TABLE outbox ADD CONSTRAINT outbox_events_present CHECK (cardinality(event_ids) > 0),
    ADD CONSTRAINT outbox_traces_aligned
        CHECK (trace_parents IS NULL OR cardinality(trace_parents) = cardinality(event_ids));

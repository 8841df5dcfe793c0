-- The outbox's rows are found by seq alone: the relay reads them in seq order and deletes what Kafka acknowledged by
-- seq. The unique index on event_id cost an index entry per report written and one to clean up per report
-- deleted, for a uniqueness report_version's primary key (event_id) already holds: an outbox row is written in the
-- transaction that writes its version.
ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_key;

-- The outbox holds only what is still to be published: the relay deletes a row once Kafka acknowledged it (the
-- report's history stays in report_version, and the event on case-reports). Deleting costs PostgreSQL less than
-- rewriting the row (payload included) with published_at and updating three indexes for it. Rows already
-- published are dropped here.
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_unpublished;
DROP INDEX outbox_published;
ALTER TABLE outbox DROP COLUMN published_at;

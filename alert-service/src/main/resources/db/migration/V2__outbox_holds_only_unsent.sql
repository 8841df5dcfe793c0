-- The outbox holds only what is still to be published: the relay deletes a row once Kafka acknowledged its alert
-- (the alert itself stays in the alert table). Deleting costs PostgreSQL less than rewriting the row with sent_at,
-- and the table no longer grows without end. Rows already sent are dropped here.
DELETE FROM outbox WHERE sent_at IS NOT NULL;
DROP INDEX outbox_unsent;
ALTER TABLE outbox DROP COLUMN sent_at;

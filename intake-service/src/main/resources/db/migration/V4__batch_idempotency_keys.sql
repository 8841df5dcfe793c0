-- A batch's Idempotency-Key records the whole batch answer, which names no single report.
ALTER TABLE idempotency_key ALTER COLUMN report_id DROP NOT NULL;

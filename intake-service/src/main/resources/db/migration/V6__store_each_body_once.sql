-- Each report body is written once: as text in report_version, the history that already held every version.
-- case_report keeps the narrow columns lists and checks read; the outbox keeps only which events are still to be
-- published, in order (seq), and the relay builds each record from report_version and case_report. Before, a new
-- report wrote its body three times (case_report and report_version as jsonb, parsed twice, the outbox's payload
-- as text), and nothing ever queried inside the jsonb.
ALTER TABLE report_version ALTER COLUMN body TYPE text USING body::text;
ALTER TABLE case_report DROP COLUMN body;
ALTER TABLE outbox DROP COLUMN payload, DROP COLUMN headers, DROP COLUMN topic;

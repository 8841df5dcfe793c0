-- Issue 17. An overdose spike's alert is about a county, not a report: report_id and report_version are null on it,
-- and spike holds its id, version, county, neighbours and window counts (never a report's id or content).
ALTER TABLE alert
    ALTER COLUMN report_id DROP NOT NULL,
    ALTER COLUMN report_version DROP NOT NULL,
    ADD COLUMN spike jsonb;
ALTER TABLE alert ADD CONSTRAINT alert_about_a_report_or_a_spike
    CHECK ((report_id IS NOT NULL AND report_version IS NOT NULL) OR spike IS NOT NULL);

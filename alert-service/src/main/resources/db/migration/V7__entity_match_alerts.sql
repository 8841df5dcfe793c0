-- Issue 17. An entity match's alert is about a match between the recipient's report and another agency's, not about
-- one report: report_id and report_version are null on it, and match holds the match's id, version, the value both
-- reports contained and the recipient's own report (never more of the other report than its marking allows).
ALTER TABLE alert ADD COLUMN match jsonb;
ALTER TABLE alert DROP CONSTRAINT alert_about_a_report_or_a_spike;
ALTER TABLE alert ADD CONSTRAINT alert_about_a_report_a_spike_or_a_match
    CHECK ((report_id IS NOT NULL AND report_version IS NOT NULL) OR spike IS NOT NULL OR match IS NOT NULL);

-- Entity values seen in more reports than the limit within the window: candidates for the directory's ignore list,
-- shown to administrators (GET /api/v1/entity-values/common). The value and a count only: no report, no agency.
CREATE TABLE common_entity_value (
    key         text PRIMARY KEY,
    kind        text        NOT NULL,
    value       text        NOT NULL,
    plate_state text,
    reports     integer     NOT NULL,
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL
);
CREATE INDEX common_entity_value_last_seen ON common_entity_value (last_seen DESC, key);

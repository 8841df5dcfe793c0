-- Issue 15. Each alert the projection stores updated five indexes. Two of them were about the report:
-- alert_once_per_recipient_and_version, unique (recipient, report_id, report_version), and alert_by_report
-- (report_id), which routing reads when it rebuilds a report's state from its alerts. One unique index led by the
-- report serves both, and the list's filter by report (recipient and report_id, a handful of rows per report):
-- one index fewer to write per alert, and the same rows refused as duplicates.
-- New alert ids are time-ordered (UUID version 7, service/AlertIds), so the primary key grows at its right edge.
CREATE UNIQUE INDEX alert_once_per_report_version_and_recipient ON alert (report_id, report_version, recipient);
ALTER TABLE alert DROP CONSTRAINT alert_once_per_recipient_and_version;
DROP INDEX alert_by_report;

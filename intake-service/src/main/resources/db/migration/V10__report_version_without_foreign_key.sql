-- A version's report is written in the same transaction as the version (a new report's rows go in together, by
-- NewReportRows) or is locked by it (an amendment or retraction reads its report FOR UPDATE first), and no report is
-- ever deleted. The foreign key checked that again for every version: a lookup in case_report's primary key and a
-- row lock on the report (FOR KEY SHARE, a WAL record of its own), about a third of PostgreSQL's work for a new
-- report in a batch (deploy/bench/README.md, session 29). CaseReportTableTest checks that a group that cannot go in
-- leaves no version behind.
ALTER TABLE report_version DROP CONSTRAINT IF EXISTS report_version_report_id_fkey;

-- The report list pages by keyset: (received_at, id) < (cursor) newest first. An index on (agency, received_at, id),
-- read backwards, answers that order and that range directly; the former one, with id ascending under
-- received_at descending, could not serve "id desc" and left PostgreSQL to sort.
CREATE INDEX case_report_agency_keyset ON case_report (agency, received_at, id);
DROP INDEX case_report_agency_received;

-- Each agency's own request quota from directory.agencies (issue 18), kept with the rest of the persisted view so that
-- a restart while Kafka is unreachable limits agencies as before. Both null: the service's default applies. The
-- checks are the contract's; a snapshot breaking them is refused by the database and dead-lettered.
ALTER TABLE directory_agency
    ADD COLUMN quota_requests_per_second integer,
    ADD COLUMN quota_burst integer,
    ADD CONSTRAINT directory_agency_quota CHECK (
        (quota_requests_per_second IS NULL AND quota_burst IS NULL)
        OR (quota_requests_per_second BETWEEN 1 AND 10000
            AND quota_burst BETWEEN quota_requests_per_second AND 100000));

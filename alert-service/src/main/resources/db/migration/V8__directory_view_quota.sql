-- The agency's request quota on /api (issue 18), as directory.agencies gives it; both null when the agency has none of
-- its own and the service's default applies.
ALTER TABLE directory_agency
    ADD COLUMN quota_requests_per_second integer,
    ADD COLUMN quota_burst               integer,
    ADD CONSTRAINT directory_agency_quota_whole
        CHECK ((quota_requests_per_second IS NULL) = (quota_burst IS NULL));

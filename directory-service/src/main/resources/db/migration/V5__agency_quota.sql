-- The agency's request quota in every service's /api (issue 18): requests per second and burst, both set or both
-- null (null: each service's own default applies). Published on directory.agencies as "quota".
ALTER TABLE agency
    ADD COLUMN quota_requests_per_second integer,
    ADD COLUMN quota_burst               integer,
    ADD CONSTRAINT agency_quota_both CHECK ((quota_requests_per_second IS NULL) = (quota_burst IS NULL)),
    ADD CONSTRAINT agency_quota_range CHECK (quota_requests_per_second BETWEEN 1 AND 10000
        AND quota_burst BETWEEN quota_requests_per_second AND 100000);

-- The last directory view this service had (the highest version of each agency seen on directory.agencies), so that
-- a restart while Kafka is unreachable answers with it instead of an empty view. A snapshot with a version lower
-- than or equal to the stored one never replaces it.
CREATE TABLE directory_agency (
    code          varchar(32)  PRIMARY KEY,
    kind          varchar(32)  NOT NULL,
    jurisdictions text[]       NOT NULL,
    focus         text[]       NOT NULL,
    suspended     boolean      NOT NULL,
    version       bigint       NOT NULL,
    updated_at    timestamptz  NOT NULL
);

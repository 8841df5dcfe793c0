-- The last directory view this service had: per agency, the snapshot with the highest version seen on
-- directory.agencies, with the fields intake needs. Read back at start, so that a restart while Kafka is unreachable
-- refuses suspended and unknown agencies as before instead of starting from an empty view. A snapshot with a
-- version lower than or equal to the stored one never replaces it, whichever instance writes.
CREATE TABLE directory_agency (
    code          varchar(32)  PRIMARY KEY,
    status        varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    version       bigint       NOT NULL,
    updated_at    timestamptz  NOT NULL
);

-- Counties' own overdose spike thresholds (issue 17), set by administrators and published on directory.counties.
-- A county returned to the defaults keeps its row with the three thresholds null, so that its version keeps
-- growing: consumers keep the highest version per county, and a later override must not reuse an older number.
CREATE TABLE county_spike_thresholds (
    county_code  varchar(11)  PRIMARY KEY,
    pt1h         integer,
    pt6h         integer,
    pt24h        integer,
    -- grows by one with every committed change; the ETag and the message's version
    version      bigint       NOT NULL,
    updated_at   timestamptz  NOT NULL,
    -- the administrator who made the last change
    updated_by   varchar(255) NOT NULL,
    CONSTRAINT county_spike_thresholds_all_or_none
        CHECK ((pt1h IS NULL) = (pt6h IS NULL) AND (pt6h IS NULL) = (pt24h IS NULL)),
    CONSTRAINT county_spike_thresholds_range
        CHECK (pt1h BETWEEN 1 AND 10000 AND pt6h BETWEEN 1 AND 10000 AND pt24h BETWEEN 1 AND 10000)
);

-- The outbox now feeds two topics: each message names its stream, and its key is an agency or a county code.
ALTER TABLE outbox_message RENAME COLUMN agency_code TO message_key;
ALTER TABLE outbox_message ADD COLUMN stream varchar(16) NOT NULL DEFAULT 'AGENCIES';
ALTER TABLE outbox_message ALTER COLUMN stream DROP DEFAULT;

-- The administrators' ignore list of entity values (issue 17): phones, VINs and plates on which alert-service must
-- not match reports (a test number, a placeholder VIN), published on directory.ignored-entities. A value taken off
-- the list keeps its row with the reason null, so that its version keeps growing: consumers keep the highest
-- version per key, and a later entry must not reuse an older number.
CREATE TABLE ignored_entity (
    -- phone:+18135550100, vin:1HGCM82633A004352 or plate:US-FL:ABC123: the kind and the normalised value
    entity_key   varchar(40)  PRIMARY KEY,
    kind         varchar(5)   NOT NULL,
    value        varchar(17)  NOT NULL,
    -- the plate's issuing subdivision (US-FL); null for phones and VINs
    plate_state  varchar(6),
    -- why the value is ignored; null once it is not
    reason       varchar(500),
    -- grows by one with every committed change; the ETag and the message's version
    version      bigint       NOT NULL,
    updated_at   timestamptz  NOT NULL,
    -- the administrator who made the last change
    updated_by   varchar(255) NOT NULL,
    CONSTRAINT ignored_entity_kind CHECK (kind IN ('PHONE', 'VIN', 'PLATE')),
    CONSTRAINT ignored_entity_plate_state CHECK ((kind = 'PLATE') = (plate_state IS NOT NULL))
);

-- The list, by kind or not, walks only the values still ignored, in key order.
CREATE INDEX ignored_entity_ignored ON ignored_entity (entity_key) WHERE reason IS NOT NULL;

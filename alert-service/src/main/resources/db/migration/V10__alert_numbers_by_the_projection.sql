-- Issue 15: one transactional hop. Routing writes its alerts unnumbered to the alerts topic, keyed by recipient, and
-- each reader numbers them by counting in read_committed order (messaging/AlertNumbers). The projection stores, in
-- the transaction that stores a poll's alerts, where it stopped in each partition and each recipient's last number
-- there: a reader starting from these (the live feed at start-up, another instance taking a partition over) numbers
-- every later alert as the projection does. A position advances only from the value its writer read, so an instance
-- that lost a partition to another cannot store it twice.
CREATE TABLE alert_projection_position (
    topic        varchar(249) NOT NULL,
    partition_no integer      NOT NULL,
    next_offset  bigint       NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

CREATE TABLE recipient_sequence (
    recipient varchar(32) PRIMARY KEY,
    seq       bigint      NOT NULL
);

-- the alerts numbered by routing before this migration: their recipients go on after them
INSERT INTO recipient_sequence (recipient, seq) SELECT recipient, max(seq) FROM alert GROUP BY recipient;

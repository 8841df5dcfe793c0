-- The agency directory. Agencies are suspended, never deleted, and their codes are never reused.
CREATE TABLE agency (
    code           varchar(32)  PRIMARY KEY,
    name           varchar(200) NOT NULL,
    kind           varchar(32)  NOT NULL,
    country        varchar(2)   NOT NULL,
    contact_email  varchar(254),
    contact_phone  varchar(16),
    status         varchar(16)  NOT NULL,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL,
    -- grows by one with every committed change; the ETag and the snapshot's version
    version        bigint       NOT NULL
);

CREATE TABLE agency_jurisdiction (
    agency_code   varchar(32) NOT NULL REFERENCES agency (code),
    position      integer     NOT NULL,
    jurisdiction  varchar(16) NOT NULL,
    PRIMARY KEY (agency_code, position)
);
CREATE INDEX agency_jurisdiction_code ON agency_jurisdiction (jurisdiction);

-- Task forces only: the member agencies and the report types the task force works on.
CREATE TABLE agency_member (
    agency_code  varchar(32) NOT NULL REFERENCES agency (code),
    position     integer     NOT NULL,
    member_code  varchar(32) NOT NULL REFERENCES agency (code),
    PRIMARY KEY (agency_code, position)
);

CREATE TABLE agency_focus (
    agency_code  varchar(32) NOT NULL REFERENCES agency (code),
    position     integer     NOT NULL,
    report_type  varchar(32) NOT NULL,
    PRIMARY KEY (agency_code, position)
);

-- Transactional outbox of directory.agencies: written in the transaction of the change, published by the relay,
-- marked sent only once the broker acknowledged.
CREATE TABLE outbox_message (
    id           bigserial    PRIMARY KEY,
    event_id     uuid         NOT NULL UNIQUE,
    agency_code  varchar(32)  NOT NULL,
    payload      text         NOT NULL,
    occurred_at  timestamptz  NOT NULL,
    sent_at      timestamptz
);
CREATE INDEX outbox_message_unsent ON outbox_message (id) WHERE sent_at IS NULL;

-- Durable Keycloak provisioning work, written in the transaction of the change and worked with retries.
CREATE TABLE provisioning_task (
    id               bigserial    PRIMARY KEY,
    agency_code      varchar(32),
    action           varchar(32)  NOT NULL,
    created_at       timestamptz  NOT NULL,
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    last_error       varchar(500),
    done_at          timestamptz
);
CREATE INDEX provisioning_task_pending ON provisioning_task (next_attempt_at, id) WHERE done_at IS NULL;

-- The Keycloak users a suspension disabled, so that reinstatement re-enables exactly those.
CREATE TABLE suspended_user (
    agency_code  varchar(32)  NOT NULL REFERENCES agency (code),
    user_id      varchar(64)  NOT NULL,
    username     varchar(255) NOT NULL,
    disabled_at  timestamptz  NOT NULL,
    PRIMARY KEY (agency_code, user_id)
);

-- An alert: one report version for one recipient agency, with the CAP 1.2 fields that fit.
-- seq is the global, monotonically increasing order of alerts: the SSE event id, and the replay cursor.
CREATE TABLE alert (
    id               uuid         PRIMARY KEY,
    seq              bigserial    NOT NULL UNIQUE,
    recipient        varchar(32)  NOT NULL,
    reason           varchar(16)  NOT NULL,
    report_id        uuid         NOT NULL,
    report_version   integer      NOT NULL,
    originator       varchar(32)  NOT NULL,
    topic            varchar(32)  NOT NULL,
    status           varchar(16)  NOT NULL,
    msg_type         varchar(16)  NOT NULL,
    urgency          varchar(16)  NOT NULL,
    severity         varchar(16)  NOT NULL,
    certainty        varchar(16)  NOT NULL,
    headline         varchar(200) NOT NULL,
    jurisdiction     varchar(64)  NOT NULL,
    latitude         double precision,
    longitude        double precision,
    tlp              varchar(16)  NOT NULL,
    sent_at          timestamptz  NOT NULL,
    created_at       timestamptz  NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  varchar(255),
    CONSTRAINT alert_once_per_recipient_and_version UNIQUE (recipient, report_id, report_version)
);
CREATE INDEX alert_by_recipient_seq ON alert (recipient, seq);
CREATE INDEX alert_by_report ON alert (report_id);

-- Events of case-reports already handled: a redelivered event is skipped.
CREATE TABLE processed_event (
    event_id       uuid        PRIMARY KEY,
    report_id      uuid        NOT NULL,
    report_version integer     NOT NULL,
    processed_at   timestamptz NOT NULL
);

-- The latest processed version of each report, and who is entitled to it now (for Update/Cancel on amendment).
CREATE TABLE report_state (
    report_id uuid    PRIMARY KEY,
    version   integer NOT NULL
);
CREATE TABLE report_recipient (
    report_id uuid        NOT NULL REFERENCES report_state (report_id),
    recipient varchar(32) NOT NULL,
    reason    varchar(16) NOT NULL,
    PRIMARY KEY (report_id, recipient)
);

-- Transactional outbox: one row per alert, relayed to the alerts topic; sent_at is set after Kafka's ack.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    alert_id   uuid        NOT NULL UNIQUE REFERENCES alert (id),
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- An analyst's saved subscription: topics (empty = all), a jurisdiction filter and a minimum severity.
CREATE TABLE subscription (
    id               uuid         PRIMARY KEY,
    agency           varchar(32)  NOT NULL,
    analyst          varchar(255) NOT NULL,
    topics           varchar(255) NOT NULL,
    jurisdiction     varchar(64),
    minimum_severity varchar(16),
    created_at       timestamptz  NOT NULL
);
CREATE INDEX subscription_by_analyst ON subscription (agency, analyst);

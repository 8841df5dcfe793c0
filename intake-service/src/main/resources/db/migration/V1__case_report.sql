-- A case report as its originating agency last stated it; body is the full snapshot (the event's "report").
CREATE TABLE case_report (
    id            uuid        PRIMARY KEY,
    agency        varchar(32) NOT NULL,
    external_ref  varchar(64) NOT NULL,
    type          varchar(32) NOT NULL,
    version       integer     NOT NULL,
    status        varchar(16) NOT NULL,
    received_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    body          jsonb       NOT NULL
);

CREATE INDEX case_report_agency_received ON case_report (agency, received_at DESC, id);

-- Every version of every report, as it was: the history behind the current row.
CREATE TABLE report_version (
    event_id      uuid        PRIMARY KEY,
    report_id     uuid        NOT NULL REFERENCES case_report (id),
    version       integer     NOT NULL,
    event_type    varchar(32) NOT NULL,
    created_at    timestamptz NOT NULL,
    body          jsonb       NOT NULL,
    CONSTRAINT report_version_unique UNIQUE (report_id, version)
);

-- Idempotency-Key: the first answer to (agency, key), replayed for the same body, refused for another.
CREATE TABLE idempotency_key (
    agency        varchar(32)  NOT NULL,
    idem_key      varchar(128) NOT NULL,
    request_hash  char(64)     NOT NULL,
    report_id     uuid         NOT NULL,
    response      jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL,
    PRIMARY KEY (agency, idem_key)
);

CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

-- The transactional outbox: written with the report change, relayed to Kafka in seq order, then marked.
CREATE TABLE outbox (
    seq           bigserial    PRIMARY KEY,
    event_id      uuid         NOT NULL UNIQUE,
    report_id     uuid         NOT NULL,
    topic         varchar(249) NOT NULL,
    payload       text         NOT NULL,
    headers       jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL,
    published_at  timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

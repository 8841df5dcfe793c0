-- A case report as its originating agency last stated it. Versions and the outbox come with the intake issue.
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

-- An alert: one report version for one recipient agency. Routing details come with the alert issue.
CREATE TABLE alert (
    id            uuid        PRIMARY KEY,
    recipient     varchar(32) NOT NULL,
    report_id     uuid        NOT NULL,
    report_version integer    NOT NULL,
    topic         varchar(32) NOT NULL,
    msg_type      varchar(16) NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT alert_once_per_recipient_and_version UNIQUE (recipient, report_id, report_version)
);

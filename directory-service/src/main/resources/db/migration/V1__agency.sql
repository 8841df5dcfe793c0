-- The agency directory. Jurisdictions, task-force membership and focus come with the directory issue.
CREATE TABLE agency (
    code        varchar(32)  PRIMARY KEY,
    name        varchar(200) NOT NULL,
    kind        varchar(32)  NOT NULL,
    country     varchar(2)   NOT NULL,
    status      varchar(16)  NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    version     integer      NOT NULL
);

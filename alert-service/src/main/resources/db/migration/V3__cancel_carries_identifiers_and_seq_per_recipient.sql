-- Issue 14. A Cancel carries only identifiers: the content columns become nullable, a Cancel says why it was sent
-- (cancel_reason) and, like an Update, which of its recipient's earlier alerts it refers to (reference_ids).
ALTER TABLE alert
    ALTER COLUMN reason DROP NOT NULL,
    ALTER COLUMN originator DROP NOT NULL,
    ALTER COLUMN topic DROP NOT NULL,
    ALTER COLUMN status DROP NOT NULL,
    ALTER COLUMN urgency DROP NOT NULL,
    ALTER COLUMN severity DROP NOT NULL,
    ALTER COLUMN certainty DROP NOT NULL,
    ALTER COLUMN headline DROP NOT NULL,
    ALTER COLUMN jurisdiction DROP NOT NULL,
    ALTER COLUMN tlp DROP NOT NULL,
    ADD COLUMN cancel_reason varchar(24),
    ADD COLUMN reference_ids uuid[] NOT NULL DEFAULT '{}';

-- Cancels written before lose the content of the version they cancelled, which their recipient may not have been
-- entitled to; their reason was not recorded, so cancel_reason stays null on them alone.
UPDATE alert SET reason = NULL, originator = NULL, topic = NULL, status = NULL, urgency = NULL, severity = NULL,
        certainty = NULL, headline = NULL, jurisdiction = NULL, latitude = NULL, longitude = NULL, tlp = NULL
    WHERE msg_type = 'Cancel';
UPDATE alert a SET reference_ids = r.ids
    FROM (SELECT later.id, array_agg(earlier.id ORDER BY earlier.seq) AS ids
            FROM alert later JOIN alert earlier ON earlier.report_id = later.report_id
                AND earlier.recipient = later.recipient AND earlier.report_version < later.report_version
            WHERE later.msg_type <> 'Alert'
            GROUP BY later.id) r
    WHERE a.id = r.id;

-- The facts of the last processed version that decide entitlement, to name the reason of a Cancel. Existing
-- states take them from their latest alert with content.
ALTER TABLE report_state
    ADD COLUMN type varchar(32),
    ADD COLUMN jurisdiction varchar(64),
    ADD COLUMN tlp varchar(16),
    ADD COLUMN named_recipients text;
UPDATE report_state s SET type = upper(replace(l.topic, '-', '_')), jurisdiction = l.jurisdiction, tlp = l.tlp,
        named_recipients = (SELECT string_agg(r.recipient, ',' ORDER BY r.recipient) FROM report_recipient r
            WHERE r.report_id = s.report_id AND r.reason = 'NAMED')
    FROM (SELECT DISTINCT ON (report_id) report_id, topic, jurisdiction, tlp FROM alert
            WHERE msg_type <> 'Cancel' ORDER BY report_id, report_version DESC) l
    WHERE l.report_id = s.report_id;

-- seq becomes a number per recipient, 1, 2, 3, ... without gaps: it reveals nothing of other agencies' traffic.
-- Existing alerts are renumbered in their old order; a client's stored Last-Event-ID from before is void.
ALTER TABLE alert DROP CONSTRAINT alert_seq_key;
ALTER TABLE alert ALTER COLUMN seq DROP DEFAULT;
DROP SEQUENCE alert_seq_seq;
UPDATE alert a SET seq = n.seq
    FROM (SELECT id, row_number() OVER (PARTITION BY recipient ORDER BY seq) AS seq FROM alert) n
    WHERE a.id = n.id;
DROP INDEX alert_by_recipient_seq;
CREATE UNIQUE INDEX alert_seq_per_recipient ON alert (recipient, seq);

-- The last number given to each recipient, taken under the recipient's lock by the routing transaction.
CREATE TABLE recipient_sequence (
    recipient varchar(32) PRIMARY KEY,
    last_seq  bigint      NOT NULL
);
INSERT INTO recipient_sequence (recipient, last_seq) SELECT recipient, max(seq) FROM alert GROUP BY recipient;

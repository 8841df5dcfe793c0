#!/bin/bash
# Ad-hoc: the alert table's insert cost, 5 indexes + random ids (A) against 4 indexes + time-ordered ids (B)
set -e
B=/usr/lib/postgresql/15/bin
D=/tmp/pgx/data; P=55439
rm -rf $D; $B/initdb -D $D -U postgres >/dev/null
$B/pg_ctl -D $D -o "-p $P -k /tmp/pgx -c synchronous_commit=on -c fsync=on" -l /tmp/pgx/log start >/dev/null
sleep 2
Q="$B/psql -h /tmp/pgx -p $P -U postgres -q -v ON_ERROR_STOP=1"
$Q <<'SQL'
CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
          || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid $$;
CREATE TABLE alert_a (
    id uuid PRIMARY KEY, seq bigint NOT NULL, recipient varchar(32) NOT NULL, reason varchar(16), cancel_reason varchar(24),
    reference_ids uuid[] NOT NULL DEFAULT '{}', report_id uuid, report_version integer, originator varchar(32),
    topic varchar(32), status varchar(16), msg_type varchar(16) NOT NULL, urgency varchar(16), severity varchar(16),
    certainty varchar(16), headline varchar(200), jurisdiction varchar(64), latitude double precision,
    longitude double precision, tlp varchar(16), sent_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
    acknowledged_at timestamptz, acknowledged_by varchar(255), spike jsonb, match jsonb, body text,
    CONSTRAINT a_once UNIQUE (recipient, report_id, report_version));
CREATE UNIQUE INDEX a_seq ON alert_a (recipient, seq);
CREATE INDEX a_by_report ON alert_a (report_id);
CREATE TABLE alert_b (LIKE alert_a INCLUDING DEFAULTS);
ALTER TABLE alert_b ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX b_seq ON alert_b (recipient, seq);
CREATE UNIQUE INDEX b_once ON alert_b (report_id, report_version, recipient);
CREATE SEQUENCE s;
SQL
for t in a b; do
  idf=$([ $t = a ] && echo "gen_random_uuid()" || echo "uuid_v7()")
  cat > /tmp/pgx/$t.sql <<SQL
INSERT INTO alert_$t (id, seq, recipient, reason, report_id, report_version, originator, topic, status, msg_type,
  urgency, severity, certainty, headline, jurisdiction, latitude, longitude, tlp, sent_at, created_at, body)
SELECT $idf, nextval('s'), 'R' || (i % 4), 'JURISDICTION', r.rid, 1, 'TAMPA-PD', 'overdose', 'Actual', 'Alert',
  'Immediate', 'Severe', 'Observed', 'Non-fatal overdose, suspected fentanyl-laced pills', 'US-FL-12057', 27.95, -82.45,
  'AMBER', now(), now(), repeat('x', 600)
FROM generate_series(0, 99) i, LATERAL (SELECT uuid_v7() AS rid WHERE i >= 0) r;
SQL
done
# prefill both to 400,000 rows
for t in a b; do $B/pgbench -h /tmp/pgx -p $P -U postgres -n -c 2 -t 2000 -f /tmp/pgx/$t.sql postgres | grep -E "^tps"; done
$Q -c "CHECKPOINT"
for round in 1 2; do for t in a b; do
  echo -n "round $round $t: "; $B/pgbench -h /tmp/pgx -p $P -U postgres -n -c 2 -T 40 -f /tmp/pgx/$t.sql postgres | grep -E "^tps" ; done; done
$Q -c "SELECT relname, pg_size_pretty(pg_relation_size(oid)) FROM pg_class WHERE relname LIKE 'a\_%' OR relname LIKE 'b\_%' OR relname LIKE 'alert%' ORDER BY 1"
$B/pg_ctl -D $D stop >/dev/null

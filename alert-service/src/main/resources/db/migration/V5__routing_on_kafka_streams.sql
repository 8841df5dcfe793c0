-- Issue 15. Routing moved to Kafka Streams: a report's routing state lives in the state store report-routes, the
-- recipients' numbers in recipient-sequences (both with compacted changelogs), and alerts reach the alerts topic in
-- the routing transaction. The alert table becomes a projection of that topic. Routing's tables go:
-- processed_event (a redelivery is skipped by the report's version in its state), report_state and
-- report_recipient (a report this store never saw is rebuilt from its alerts, AlertRepository.routeState), the
-- outbox, and recipient_sequence (a recipient the store never numbered for goes on after max(seq) of its alerts).
DROP TABLE outbox;
DROP TABLE processed_event;
DROP TABLE report_recipient;
DROP TABLE report_state;
DROP TABLE recipient_sequence;

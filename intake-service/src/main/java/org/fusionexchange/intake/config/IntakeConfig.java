package org.fusionexchange.intake.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The intake-service's own settings ({@code intake.*}, or by environment {@code INTAKE_*}). */
@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    Relay relay();

    Idempotency idempotency();

    GroupCommit groupCommit();

    Directory directory();

    TokenCache tokenCache();

    Quota quota();

    /** The outbox relay, which publishes committed changes to Kafka. */
    interface Relay {

        /** The topic the report events go to. */
        @WithDefault("case-reports")
        String topic();

        /**
         * About this many events are sent per round: the outbox's rows in order up to the one that reaches it (a row,
         * one transaction's events, is taken whole). Each round waits for Kafka's acknowledgements and for its own
         * commit: behind a backlog, 500 per round published about 7,000 reports/s while batches were accepted at
         * 16,000 (deploy/bench/README.md, session 20); 2,000 kept up.
         */
        @WithDefault("2000")
        int batchSize();

        /**
         * The relay vacuums the outbox once it has deleted this many rows (one a transaction) since the last time, at
         * most once a second (repository/OutboxVacuum): its query for the oldest pending rows otherwise walks every
         * row deleted since autovacuum's last pass. 0 leaves the table to autovacuum.
         */
        @WithDefault("1000")
        int vacuumAfter();

        /**
         * When another commit arrived while a round that sent records ran (a steady pace), the relay waits this long
         * before the next round, so that it gathers more: at 1,433 single reports a second it ran about 1,000 rounds a
         * second, each a PostgreSQL transaction and a produce request. A lone commit after a quiet spell is sent at
         * once. 0 never waits.
         */
        @WithDefault("2ms")
        Duration linger();

        /** Fallback poll, for rows committed by another instance; commits of this instance wake the relay at once. */
        @WithDefault("1s")
        Duration pollInterval();

        /** The longest pause between attempts while Kafka fails. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How long the relay waits for Kafka's acknowledgements before it logs that it is still waiting. */
        @WithDefault("15s")
        Duration sendTimeout();

        /**
         * At most this many records handed to the relay in memory after their commit and not yet sent (about 2 KiB
         * each); past it, new records are not handed and are read back from PostgreSQL when their turn comes. 0 reads
         * every one back.
         */
        @WithDefault("4000")
        int handedCapacity();

        /**
         * How long a request may wait for room in the hand-off before it builds its records, while the relay is
         * publishing but behind (messaging/HandedRecords): the pace at which reports are accepted follows the pace
         * at which they are published. Past it, the request goes on without handing its records. 0 never waits.
         */
        @WithDefault("5s")
        Duration admissionWait();
    }

    interface Idempotency {

        /** An Idempotency-Key is remembered this long. */
        @WithDefault("P1D")
        Duration retention();
    }

    /** Single reports submitted at the same moment are committed in one transaction (see service/GroupCommit). */
    interface GroupCommit {

        /** At most this many reports per transaction. */
        @WithDefault("100")
        int maxSize();

        /** At most this many such transactions at a time. */
        @WithDefault("2")
        int writers();
    }

    /** The directory view: directory.agencies read into memory and kept in this service's database. */
    interface Directory {

        /** The compacted topic of agency snapshots. */
        @WithDefault("directory.agencies")
        String topic();

        /** Where records that can never be processed go, with the reason in their headers. */
        @WithDefault("directory.agencies.dlq")
        String deadLetterTopic();

        /**
         * How long a start waits for Kafka before it serves from the view persisted by an earlier run (never from an
         * empty one). Once Kafka answers, the service serves only after reading up to the end offsets.
         */
        @WithDefault("10s")
        Duration kafkaWait();
    }

    /**
     * Bearer tokens quarkus-oidc has already verified, served again without verifying their signature and claims
     * (see security/VerifiedTokenCache). An entry never outlives the token's {@code exp}; agency suspension is
     * checked on every request all the same.
     */
    interface TokenCache {

        /** At most this many verified tokens are kept (the least used go first); 0 turns the cache off. */
        @WithDefault("10000")
        int maxSize();

        /** A verified token is served from the cache at most this long, and never past its {@code exp}. */
        @WithDefault("5m")
        Duration maxAge();
    }

    /**
     * Requests per agency on /api (see service/RequestQuotas): a token bucket per agency and per instance. An
     * agency's own quota comes from the directory; these are the default for agencies without one, and for requests
     * that fail authentication (per client address).
     */
    interface Quota {

        /** Tokens added per second to the bucket of an agency without a quota of its own; 0: such agencies are not limited. */
        @WithDefault("100")
        int defaultRequestsPerSecond();

        /** The size of that bucket: how many requests may come at once. At least default-requests-per-second. */
        @WithDefault("200")
        int defaultBurst();

        /**
         * How many instances share the quota: each instance's bucket holds the quota divided by this, rounded up
         * (at least 1), since buckets are not shared between instances.
         */
        @WithDefault("1")
        int instances();
    }
}

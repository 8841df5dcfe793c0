package org.fusionexchange.alert.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The alert-service's own settings, under {@code alert.*} (environment: {@code ALERT_...}). */
@ConfigMapping(prefix = "alert")
public interface AlertConfig {

    Kafka kafka();

    Routing routing();

    Projection projection();

    Stream stream();

    Directory directory();

    Subscriptions subscriptions();

    TokenCache tokenCache();

    Lists lists();

    Spikes spikes();

    Quota quota();

    /**
     * The request quota on {@code /api} (service/RequestQuotas): a token bucket per agency, for agencies whose
     * directory entry gives no quota of their own, and per client address for requests that fail authentication.
     */
    interface Quota {
        /** Requests per second refilled; 0 means no default limit (agencies without a quota of their own are free). */
        @WithDefault("100")
        int defaultRequestsPerSecond();

        /** The bucket's capacity: requests at once after a quiet spell. */
        @WithDefault("200")
        int defaultBurst();

        /**
         * How many instances of the service share the traffic: each instance's bucket holds the quota divided by this
         * (rounded up, at least 1), so that the agency's quota holds across them.
         */
        @WithDefault("1")
        int instances();
    }

    /**
     * Overdose spike detection (messaging/SpikeSteps, service/SpikeRules): the default thresholds of the three
     * windows (administrators set others per county in the directory), and how often active spikes are checked
     * for their end.
     */
    interface Spikes {
        /** Overdoses in a 1-hour window (advancing every 5 minutes) that make a spike. */
        @WithDefault("3")
        int oneHourThreshold();

        /** Overdoses in a 6-hour window (advancing every 15 minutes) that make a spike. */
        @WithDefault("6")
        int sixHourThreshold();

        /** Overdoses in a 24-hour window (advancing every hour) that make a spike. */
        @WithDefault("10")
        int dayThreshold();

        /**
         * How often each county with an active spike is checked for its end (a whole hour below every threshold),
         * and old counts are dropped: a spike's Cancel comes at most this long after the hour.
         */
        @WithDefault("1m")
        Duration checkInterval();
    }

    Matches matches();

    /**
     * Cross-agency entity matches (messaging/EntitySteps, service/MatchRules): how far back a report's phones,
     * VINs and plates still match, and past how many reports in that window a value is too common to match.
     */
    interface Matches {
        /** A report's values match other agencies' reports filed within this time. */
        @WithDefault("P90D")
        Duration window();

        /**
         * A value seen in more reports than this within the window starts no new match, and becomes a candidate for
         * the directory's ignore list (MISP's correlation engine explodes on common values; this one does not).
         */
        @WithDefault("50")
        int commonLimit();

        /**
         * Partitions of the repartition topic by value, and so of the tasks that match, for a deployment whose topic
         * does not exist yet; one whose topic exists keeps its count (messaging/MatchPartitions). Each exactly-once
         * commit writes a marker to every partition it touched, and a report's values that share a partition travel
         * in one record, so matching's cost grows with this (one partition measured no cheaper than two in the
         * benchmark, session 39). At least the number of instances that should share matching.
         */
        @WithDefault("2")
        int partitions();
    }

    Console console();

    /**
     * What the web console (src/main/webui, served at /) is told at start by {@code /console-config.json}: where to
     * log in and where the other two services are. An empty URL means the console's own origin, as behind an
     * ingress that puts the three services under one host.
     */
    interface Console {
        /** Keycloak's base URL as browsers reach it; unset, taken from quarkus.oidc.auth-server-url. */
        Optional<String> keycloakUrl();

        /** The realm; unset, taken from quarkus.oidc.auth-server-url. */
        Optional<String> realm();

        /** The realm's public client of the console (authorization code flow with PKCE). */
        @WithDefault("fusion-console")
        String clientId();

        /** intake-service's base URL as browsers reach it; unset, the console's own origin. */
        Optional<String> intakeUrl();

        /** directory-service's base URL as browsers reach it; unset, the console's own origin. */
        Optional<String> directoryUrl();
    }

    /**
     * Kafka topics and the consumer group routing reports. How to reach and authenticate to the broker is the
     * {@code kafka.*} configuration (messaging/KafkaClients).
     */
    interface Kafka {
        @WithDefault("case-reports")
        String caseReportsTopic();

        @WithDefault("directory.agencies")
        String directoryTopic();

        /** Counties' own settings (spike thresholds), from directory-service. */
        @WithDefault("directory.counties")
        String countiesTopic();

        /** The ignore list of entity values that match nothing, from directory-service. */
        @WithDefault("directory.ignored-entities")
        String ignoredEntitiesTopic();

        @WithDefault("alerts")
        String alertsTopic();

        @WithDefault("alert-service")
        String groupId();

        /** How long to wait before retrying a report event whose processing failed (database down, ...). */
        @WithDefault("2s")
        Duration retryBackoff();
    }

    /** Routing on Kafka Streams (messaging/RoutingStreams). */
    interface Routing {
        /**
         * Where the state stores live. Unset: a new temporary directory per process, restored from the changelogs at
         * each start; set it to a persistent volume to start faster. Two instances must never share one.
         */
        Optional<String> stateDir();

        /**
         * How often, at most, a stream thread that is not busy commits its Kafka transaction: after a record, at
         * once if it has not committed within this interval, else once it has. An alert is visible to read_committed
         * consumers (the SSE feed, the projection) only once committed: this bounds their latency.
         */
        @WithDefault("10ms")
        Duration commitInterval();

        /**
         * How often a busy stream thread commits (Kafka Streams' own {@code commit.interval.ms}). A commit costs the
         * same however few records it holds; under load, fewer commits leave the cores to the records.
         */
        @WithDefault("50ms")
        Duration busyCommitInterval();

        /**
         * Past how many records a commit interval, on average over the busy commit interval, a stream thread counts as
         * busy: a report counts once, a change of its entity values once more, a county's contribution once more.
         */
        @WithDefault("8")
        int busyRecords();

        /**
         * Stream threads per instance: while one waits for its commit (the producer's flush, the offsets, the
         * markers), another processes its own tasks.
         */
        @WithDefault("2")
        int threads();

        /**
         * The native memory all RocksDB state stores of the instance may use together: block cache, index and
         * filter blocks, and memtables (half of it at most).
         */
        @WithDefault("32M")
        MemorySize storeMemory();

        /**
         * The heap the record caches of the cached stores (the recipients' numbers and the counties' windows) may use
         * together. A cache only has to hold what one commit interval writes, so that a key written many times in it
         * reaches its changelog once. A larger cache keeps each entry until it is evicted, long enough to be promoted
         * and die in the old generation: Kafka Streams' default, 10 MiB, over every store, cost a full collection a
         * second under load.
         */
        @WithDefault("2M")
        MemorySize cacheMemory();

        /**
         * The records a stream thread reads ahead per input partition. Under a backlog every partition's queue is
         * full, on the heap: Kafka Streams' default, 1,000, held tens of MiB of routing's input.
         */
        @WithDefault("200")
        int bufferedRecordsPerPartition();

        /**
         * How long a stream thread's producer waits to fill a batch before sending it (its {@code linger.ms}). Each
         * commit flushes the producer anyway, so a read_committed consumer sees no record earlier for a shorter
         * linger; a longer one sends fewer, larger requests per commit.
         */
        @WithDefault("1ms")
        Duration producerLinger();
    }

    /** The projection of the alerts topic into PostgreSQL (messaging/AlertProjection). */
    interface Projection {
        /** Its consumer group: instances share the alerts topic's partitions. */
        @WithDefault("alert-service-projection")
        String groupId();
    }

    /** Server-Sent Events streams. */
    interface Stream {
        @WithDefault("15s")
        Duration heartbeat();

        /** Live events buffered per connection; a client that lets it fill is disconnected (it resumes by id). */
        @WithDefault("1000")
        int bufferSize();

        @WithDefault("500")
        int replayPageSize();

        /** Concurrent streams of one analyst (token subject) on this instance; past it, 429. */
        @WithDefault("5")
        int maxPerUser();

        /** Concurrent streams of one agency on this instance; past it, 429. */
        @WithDefault("100")
        int maxPerAgency();

        /** The Retry-After of a 429 refusing a stream over the limits. */
        @WithDefault("30s")
        Duration retryAfter();

        /** How long one event of a replay may wait for a client that does not read before the stream is closed. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    /** The directory view answering who may call. */
    interface Directory {
        /**
         * How long after start the service waits for {@code directory.agencies} before it answers with the view it
         * persisted last (Kafka unreachable). Until either, every /api request is answered 503.
         */
        @WithDefault("15s")
        Duration persistedViewAfter();

        /** The Retry-After of a 503 while the view is not loaded. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** Analysts' saved subscriptions. */
    interface Subscriptions {
        /** Subscriptions one analyst may keep; past it, 422. */
        @WithDefault("50")
        int maxPerAnalyst();
    }

    /** The alert list (repository/AlertLists). */
    interface Lists {

        /**
         * The published JSON of recently listed alerts is kept in memory up to about this many bytes, by alert id
         * (repository/AlertBodies): a page then reads only numbers, ids and acknowledgements from PostgreSQL. An
         * alert's published JSON never changes. 0 turns it off.
         */
        @WithDefault("8M")
        MemorySize bodyCache();
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
}

package org.fusionexchange.directory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The directory-service's own configuration, under {@code directory.*}. */
@ConfigMapping(prefix = "directory")
public interface DirectoryConfig {

    DemoData demoData();

    Outbox outbox();

    Provisioning provisioning();

    Quota quota();

    /** The demo agencies of DOMAIN.md, for the local run only. */
    interface DemoData {
        /** Env DIRECTORY_DEMO_DATA_ENABLED. */
        @WithDefault("false")
        boolean enabled();
    }

    /** The relay from the outbox table to the topics. */
    interface Outbox {
        /** The agencies' topic. */
        @WithDefault("directory.agencies")
        String topic();

        /** The counties' own settings (spike thresholds). */
        @WithDefault("directory.counties")
        String countiesTopic();

        /** The ignore list of entity values. */
        @WithDefault("directory.ignored-entities")
        String ignoredEntitiesTopic();

        /** Messages published per transaction. */
        @WithDefault("100")
        int batchSize();

        /** The relay is woken after every commit; this poll catches up after Kafka was unreachable. */
        @WithDefault("5s")
        Duration pollInterval();
    }

    /**
     * The request quota of this service's /api, per agency (issue 18). An agency's own quota, from the directory,
     * replaces the default; requests that fail authentication are limited per client address with the default.
     */
    interface Quota {
        /**
         * Env DIRECTORY_QUOTA_DEFAULT_REQUESTS_PER_SECOND. 0: no default limit, so agencies without a quota of their
         * own, and unauthenticated requests, are not limited and get no RateLimit headers.
         */
        @WithDefault("100")
        int defaultRequestsPerSecond();

        /** Env DIRECTORY_QUOTA_DEFAULT_BURST. */
        @WithDefault("200")
        int defaultBurst();

        /**
         * Env DIRECTORY_QUOTA_INSTANCES: how many instances of the service share the quotas. Each instance keeps its
         * own buckets, holding the quota divided by this number, rounded up, at least 1.
         */
        @WithDefault("1")
        int instances();
    }

    /** The Keycloak provisioning worker. */
    interface Provisioning {
        /** The parent group of the agency groups, /agencies. */
        @WithDefault("agencies")
        String parentGroup();

        /** How often the worker looks for due tasks, besides being woken after every commit. */
        @WithDefault("2s")
        Duration pollInterval();

        /** The wait after a first failure; it doubles with every further failure, up to maxBackoff. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * How often the worker goes through the suspended agencies and disables any enabled member, e.g. a user
         * added to the group, or enabled again by hand, while the agency is suspended. Such a user is refused
         * tokens within this interval plus one poll.
         */
        @WithDefault("5s")
        Duration suspensionSweepInterval();
    }
}

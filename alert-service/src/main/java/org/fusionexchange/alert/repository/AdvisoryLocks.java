package org.fusionexchange.alert.repository;

import java.util.Collection;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

/**
 * PostgreSQL transaction-scoped advisory locks on many keys in one statement, taken in key order so that two
 * transactions locking overlapping keys cannot deadlock. It does not flush the session: it reads nothing it wrote.
 * Keys must not contain commas (agency codes and UUIDs do not). Every lock space of the service is listed here, each
 * with its own number: a key of one space hashes to any int, so two uses sharing a space could block each other.
 */
final class AdvisoryLocks {

    /**
     * The lock space of an analyst's subscriptions (key: agency/analyst). Spaces 1 to 3 were routing's (reports,
     * recipients, the outbox relay) before it moved to Kafka Streams; they are not reused.
     */
    static final int SUBSCRIPTION = 4;

    private AdvisoryLocks() {
    }

    static void lockAll(EntityManager em, int space, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(:space, hashtext(k))"
                        + " from (select unnest(string_to_array(:keys, ',')) as k order by 1) ordered) l")
                .setParameter("space", space)
                .setParameter("keys", keys.stream().sorted().distinct().collect(Collectors.joining(",")))
                .setFlushMode(FlushModeType.COMMIT)
                .getSingleResult();
    }
}

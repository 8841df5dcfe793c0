package org.fusionexchange.intake.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.query.NativeQuery;

/**
 * Idempotency keys, by native SQL: the first insert of (agency, key) wins, and a concurrent second one waits for
 * the first transaction and then finds its row.
 */
@ApplicationScoped
public class IdempotencyKeyRepository {

    /** The request hash and response recorded under a key. */
    public record Recorded(String requestHash, String response) {
    }

    private final EntityManager em;

    public IdempotencyKeyRepository(EntityManager em) {
        this.em = em;
    }

    /** Records the key unless it exists; true when this call recorded it. {@code reportId} is null for a batch. */
    public boolean claim(String agency, String key, String requestHash, UUID reportId, String response,
            Instant at) {
        return ((NativeQuery<?>) em.createNativeQuery("""
                INSERT INTO idempotency_key (agency, idem_key, request_hash, report_id, response, created_at)
                VALUES (:agency, :key, :hash, :report, CAST(:response AS jsonb), :at)
                ON CONFLICT (agency, idem_key) DO NOTHING"""))
                .setParameter("agency", agency).setParameter("key", key).setParameter("hash", requestHash)
                // typed, so that a null binds as a uuid
                .setParameter("report", reportId, UUID.class).setParameter("response", response).setParameter("at", at)
                .executeUpdate() == 1;
    }

    public Optional<Recorded> find(String agency, String key) {
        List<?> rows = em.createNativeQuery("SELECT request_hash, CAST(response AS text) FROM idempotency_key"
                + " WHERE agency = :agency AND idem_key = :key")
                .setParameter("agency", agency).setParameter("key", key)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Recorded(
                String.valueOf(((Object[]) row)[0]), String.valueOf(((Object[]) row)[1])));
    }

    public int deleteCreatedBefore(Instant before) {
        return em.createNativeQuery("DELETE FROM idempotency_key WHERE created_at < :before")
                .setParameter("before", before).executeUpdate();
    }
}

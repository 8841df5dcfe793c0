package org.fusionexchange.directory.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.messaging.IgnoredEntityOutbox;
import org.fusionexchange.directory.repository.IgnoredEntityEntity;
import org.fusionexchange.directory.repository.IgnoredEntityRepository;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * The administrators' ignore list of entity values (a test phone number, a placeholder VIN) on which alert-service
 * must not match reports, reachable without HTTP. Every committed change writes the entry to the outbox
 * (directory.ignored-entities) in the same transaction, and is logged with who made it.
 */
@ApplicationScoped
@Transactional
public class IgnoredEntityService {

    private static final Logger LOG = Logger.getLogger(IgnoredEntityService.class);

    private final IgnoredEntityRepository entries;
    private final IgnoredEntityOutbox outbox;
    private final Event<DirectoryChanged> changed;

    public IgnoredEntityService(IgnoredEntityRepository entries, IgnoredEntityOutbox outbox,
            Event<DirectoryChanged> changed) {
        this.entries = entries;
        this.outbox = outbox;
        this.changed = changed;
    }

    /** What a PUT did: the stored entry, and whether the value was not ignored before. */
    public record Change(IgnoredEntity entry, boolean created) {
    }

    /** The value's entry; empty when it is not ignored. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IgnoredEntity> find(EntityKey key) {
        return entries.findByIdOptional(key.key()).filter(IgnoredEntityEntity::ignored).map(IgnoredEntity::from);
    }

    /** The value's entry; NotFound when it is not ignored. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IgnoredEntity get(EntityKey key) {
        return find(key).orElseThrow(() -> DirectoryException.NotFound.ignoredEntity(key.key()));
    }

    /** A page of the ignored values of one kind, or of all kinds (kind null), by key. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IgnoredEntity> list(EntityKind kind, int page, int size) {
        return entries.ignored(kind, page, size).stream().map(IgnoredEntity::from).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(EntityKind kind) {
        return entries.countIgnored(kind);
    }

    /**
     * Puts the value on the ignore list, or replaces its reason. The caller names the version of the entry it read,
     * or null when it read none (the value was not ignored); a change meanwhile is refused rather than overwritten.
     */
    public Change ignore(EntityKey key, String reason, Long expectedVersion, String actor) {
        Optional<IgnoredEntityEntity> row = entries.findForUpdate(key.key());
        Long current = row.filter(IgnoredEntityEntity::ignored).map(e -> e.version).orElse(null);
        if (!Objects.equals(current, expectedVersion)) {
            throw DirectoryException.StaleVersion.ignoredEntity(key.key(), current);
        }
        IgnoredEntityEntity entity = row.orElseGet(() -> {
            IgnoredEntityEntity fresh = new IgnoredEntityEntity();
            fresh.entityKey = key.key();
            fresh.kind = key.kind();
            fresh.value = key.value();
            fresh.plateState = key.plateState();
            return fresh;
        });
        entity.reason = reason;
        entity.stamp(actor);
        if (row.isEmpty()) {
            try {
                entries.persist(entity);
                entries.flush();
            } catch (ConstraintViolationException e) {
                // ignored by a concurrent request since the read above
                throw DirectoryException.StaleVersion.ignoredEntity(key.key(), null);
            }
        }
        return new Change(committed(entity, actor), current == null);
    }

    /**
     * Takes the value off the ignore list, published as an entry that is no longer ignored. The caller names the
     * version it read; NotFound when the value is not ignored: nothing is published.
     */
    public void unignore(EntityKey key, long expectedVersion, String actor) {
        IgnoredEntityEntity entity = entries.findForUpdate(key.key()).filter(IgnoredEntityEntity::ignored)
                .orElseThrow(() -> DirectoryException.NotFound.ignoredEntity(key.key()));
        if (entity.version != expectedVersion) {
            throw DirectoryException.StaleVersion.ignoredEntity(key.key(), entity.version);
        }
        entity.reason = null;
        entity.stamp(actor);
        committed(entity, actor);
    }

    private IgnoredEntity committed(IgnoredEntityEntity entity, String actor) {
        IgnoredEntity result = IgnoredEntity.from(entity);
        outbox.enqueue(result);
        changed.fire(new DirectoryChanged(null));
        // the reason is free text: it stays in the table, not in the log
        LOG.infof("Entity %s %s by %s (version %d)", entity.entityKey,
                entity.ignored() ? "ignored" : "no longer ignored", actor, entity.version);
        return result;
    }
}

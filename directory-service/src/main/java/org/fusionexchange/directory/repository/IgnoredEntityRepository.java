package org.fusionexchange.directory.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.fusionexchange.directory.service.EntityKind;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class IgnoredEntityRepository implements PanacheRepositoryBase<IgnoredEntityEntity, String> {

    private static final String IGNORED = "reason is not null";
    private static final String IGNORED_OF_KIND = IGNORED + " and kind = :kind";

    /** The value's row, locked until the transaction ends: changes to one value are serialised. */
    public Optional<IgnoredEntityEntity> findForUpdate(String key) {
        return findByIdOptional(key, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of the ignored values, of one kind or all (kind null), by key. */
    public List<IgnoredEntityEntity> ignored(EntityKind kind, int page, int size) {
        return (kind == null ? find(IGNORED, Sort.ascending("entityKey"))
                : find(IGNORED_OF_KIND, Sort.ascending("entityKey"), Parameters.with("kind", kind)))
                .page(page, size).list();
    }

    public long countIgnored(EntityKind kind) {
        return kind == null ? count(IGNORED) : count(IGNORED_OF_KIND, Parameters.with("kind", kind));
    }
}

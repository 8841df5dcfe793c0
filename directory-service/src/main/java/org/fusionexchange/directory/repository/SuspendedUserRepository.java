package org.fusionexchange.directory.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class SuspendedUserRepository implements PanacheRepositoryBase<SuspendedUserEntity, SuspendedUserEntity.Key> {

    public List<SuspendedUserEntity> ofAgency(String agencyCode) {
        return list("key.agencyCode = :code", Parameters.with("code", agencyCode));
    }
}

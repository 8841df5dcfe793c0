package org.fusionexchange.directory.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class AgencyRepository implements PanacheRepositoryBase<AgencyEntity, String> {

    public List<AgencyEntity> page(int page, int size) {
        return findAll(Sort.ascending("code")).page(page, size).list();
    }
}

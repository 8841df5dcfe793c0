package org.fusionexchange.directory.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.directory.repository.AgencyEntity;
import org.fusionexchange.directory.repository.AgencyRepository;

/** The rules of the directory, reachable without HTTP. */
@ApplicationScoped
@Transactional
public class AgencyService {

    /** An agency as the API shows it. */
    public record Agency(String code, String name, String kind, String country, String status, Instant createdAt,
            Instant updatedAt, int version) {
    }

    private final AgencyRepository agencies;

    public AgencyService(AgencyRepository agencies) {
        this.agencies = agencies;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Agency> list(int page, int size) {
        return agencies.page(page, size).stream().map(AgencyService::agency).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return agencies.count();
    }

    private static Agency agency(AgencyEntity e) {
        return new Agency(e.code, e.name, e.kind, e.country, e.status, e.createdAt, e.updatedAt, e.version);
    }
}

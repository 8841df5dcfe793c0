package org.fusionexchange.directory.service;

import java.time.Instant;
import java.util.List;

import org.fusionexchange.directory.repository.AgencyEntity;

/** An agency as the directory shows it. */
public record Agency(String code, String name, AgencyKind kind, String country, List<String> jurisdictions,
        List<String> members, List<ReportType> focus, Contact contact, AgencyStatus status, Quota quota,
        Instant createdAt, Instant updatedAt, long version) {

    /** How to reach the agency; either part may be missing. Phone in E.164. */
    public record Contact(String email, String phone) {
    }

    static Agency from(AgencyEntity e) {
        return new Agency(e.code, e.name, e.kind, e.country, List.copyOf(e.jurisdictions), List.copyOf(e.members),
                List.copyOf(e.focus), new Contact(e.contactEmail, e.contactPhone), e.status,
                e.quotaRequestsPerSecond == null ? null : new Quota(e.quotaRequestsPerSecond, e.quotaBurst),
                e.createdAt, e.updatedAt, e.version);
    }
}

package org.fusionexchange.directory.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.fusionexchange.directory.service.AgencyKind;
import org.fusionexchange.directory.service.AgencyStatus;
import org.fusionexchange.directory.service.ReportType;

/**
 * An agency of the directory. The version is kept by the service, not by Hibernate, because the snapshot written
 * to the outbox in the same transaction must already carry the new version.
 */
@Entity
@Table(name = "agency")
public class AgencyEntity {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgencyKind kind;

    @Column(nullable = false)
    public String country;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "agency_jurisdiction", joinColumns = @JoinColumn(name = "agency_code"))
    @OrderColumn(name = "position")
    @Column(name = "jurisdiction", nullable = false)
    public List<String> jurisdictions = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "agency_member", joinColumns = @JoinColumn(name = "agency_code"))
    @OrderColumn(name = "position")
    @Column(name = "member_code", nullable = false)
    public List<String> members = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "agency_focus", joinColumns = @JoinColumn(name = "agency_code"))
    @OrderColumn(name = "position")
    @Enumerated(EnumType.STRING)
    @Column(name = "report_type", nullable = false)
    public List<ReportType> focus = new ArrayList<>();

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(name = "contact_phone")
    public String contactPhone;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgencyStatus status;

    /** The agency's request quota; both null when it has none of its own. */
    @Column(name = "quota_requests_per_second")
    public Integer quotaRequestsPerSecond;

    @Column(name = "quota_burst")
    public Integer quotaBurst;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(nullable = false)
    public long version;
}

package org.fusionexchange.alert.repository;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import org.fusionexchange.alert.service.Reason;

/** The latest processed version of a report and the agencies entitled to it now, with why. */
@Entity
@Table(name = "report_state")
public class ReportStateEntity {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    @Column(nullable = false)
    public int version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "report_recipient", joinColumns = @JoinColumn(name = "report_id"))
    @MapKeyColumn(name = "recipient")
    @Enumerated(EnumType.STRING)
    @Column(name = "reason", nullable = false)
    public Map<String, Reason> recipients = new HashMap<>();
}

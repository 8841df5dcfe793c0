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

/**
 * The latest processed version of a report, the facts of it that decide entitlement (so that the next version's
 * Cancels can say what changed), and the agencies entitled to it now, with why.
 */
@Entity
@Table(name = "report_state")
public class ReportStateEntity {

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    @Column(nullable = false)
    public int version;

    /** Null only on a state written before these were kept and not backfilled (no alert with content). */
    public String type;

    public String jurisdiction;

    /** The marking as the wire has it (Tlp.wire). */
    public String tlp;

    /** The agencies a TLP:RED version names, comma-separated (agency codes hold no comma); null when none. */
    @Column(name = "named_recipients")
    public String namedRecipients;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "report_recipient", joinColumns = @JoinColumn(name = "report_id"))
    @MapKeyColumn(name = "recipient")
    @Enumerated(EnumType.STRING)
    @Column(name = "reason", nullable = false)
    public Map<String, Reason> recipients = new HashMap<>();
}

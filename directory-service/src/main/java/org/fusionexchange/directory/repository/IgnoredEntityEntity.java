package org.fusionexchange.directory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.fusionexchange.directory.service.EntityKind;

/**
 * An entity value on the administrators' ignore list. A value taken off the list keeps its row, reason null, so that
 * its version keeps growing across changes, as a county's thresholds do.
 */
@Entity
@Table(name = "ignored_entity")
public class IgnoredEntityEntity extends AdminSettingEntity {

    /** phone:+18135550100, vin:1HGCM82633A004352 or plate:US-FL:ABC123. */
    @Id
    @Column(name = "entity_key")
    public String entityKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EntityKind kind;

    @Column(nullable = false)
    public String value;

    /** The plate's issuing subdivision (US-FL); null for phones and VINs. */
    @Column(name = "plate_state")
    public String plateState;

    /** Why the value is ignored; null once it is not. */
    public String reason;

    public boolean ignored() {
        return reason != null;
    }
}

package org.fusionexchange.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fusionexchange.intake.service.AgencyDirectory;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads directory.agencies from the beginning at every start (a new consumer group each time, nothing committed)
 * into the {@link AgencyDirectory}, then follows it. A message it cannot read is logged and skipped.
 */
@ApplicationScoped
public class DirectoryConsumer {

    private static final Logger LOG = Logger.getLogger(DirectoryConsumer.class);

    /** The part of the contract's agency snapshot this service needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AgencySnapshot(String code, AgencyDirectory.Status status, Long version) {
    }

    private final AgencyDirectory directory;
    private final ObjectMapper json;

    public DirectoryConsumer(AgencyDirectory directory, ObjectMapper json) {
        this.directory = directory;
        this.json = json;
    }

    @Incoming("directory-agencies")
    public void onAgency(String value) {
        AgencySnapshot agency;
        try {
            agency = value == null ? null : json.readValue(value, AgencySnapshot.class);
        } catch (Exception e) {
            LOG.warnf("Skipping an unreadable directory.agencies message: %s", e.getMessage());
            return;
        }
        if (agency == null || agency.code() == null || agency.status() == null || agency.version() == null) {
            LOG.warn("Skipping a directory.agencies message without code, status or version");
            return;
        }
        directory.apply(agency.code(), agency.status(), agency.version());
    }
}

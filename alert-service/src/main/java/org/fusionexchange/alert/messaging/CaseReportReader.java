package org.fusionexchange.alert.messaging;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a value of {@code case-reports}: the event, or why it can never be routed. */
@ApplicationScoped
class CaseReportReader {

    /** A record read: its event, or why it can never be processed. */
    record Read(CaseReportEvent event, String defect, Throwable cause) {
    }

    private final ObjectMapper json;

    CaseReportReader(ObjectMapper json) {
        this.json = json;
    }

    /** The event in the value, or why it can never be routed: unreadable, incomplete, or too long to store. */
    Read read(byte[] value) {
        CaseReportEvent event;
        try {
            event = value == null ? null : json.readValue(value, CaseReportEvent.class);
        } catch (IOException e) {
            return new Read(null, "not a readable case-reports event", e);
        }
        String defect = event == null ? "it has no value" : event.defect();
        if (defect == null) {
            defect = EventLimits.overLimit(event);
        }
        return new Read(defect == null ? event : null, defect, null);
    }
}

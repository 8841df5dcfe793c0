package org.fusionexchange.alert.messaging;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a value of {@code case-reports}: the event, or why it can never be routed. Routing, the spike contributions
 * and the entity values are three steps on the same record, each reading it on the same stream thread: the last value
 * read on each thread is kept, and a step that asks for the same value (the same array, not equal bytes) gets the
 * same reading instead of parsing it again.
 */
@ApplicationScoped
class CaseReportReader {

    /** A record read: its event, or why it can never be processed. */
    record Read(CaseReportEvent event, String defect, Throwable cause) {
    }

    /** The last value read on a thread, and its reading. */
    private record Last(byte[] value, Read read) {
    }

    private final ObjectMapper json;
    private final ThreadLocal<Last> last = new ThreadLocal<>();

    CaseReportReader(ObjectMapper json) {
        this.json = json;
    }

    /** The event in the value, or why it can never be routed: unreadable, incomplete, or too long to store. */
    Read read(byte[] value) {
        Last cached = last.get();
        if (cached != null && cached.value() == value && value != null) {
            return cached.read();
        }
        Read read = parse(value);
        last.set(new Last(value, read));
        return read;
    }

    private Read parse(byte[] value) {
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

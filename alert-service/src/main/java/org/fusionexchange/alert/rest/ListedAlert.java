package org.fusionexchange.alert.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.fusionexchange.alert.repository.AlertLists;
import org.fusionexchange.alert.service.Alert;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * An alert of a list, written as the JSON it already is ({@link AlertLists#page}): the same {@link Alert} the
 * API shows everywhere, without being built and written again per request.
 */
@Schema(implementation = Alert.class)
public record ListedAlert(AlertLists.Listed listed) {

    /** Public: Jackson calls it by reflection for every item, and a package-private method costs an access check. */
    @JsonValue
    public RawValue json() {
        return new RawValue(listed.json());
    }
}

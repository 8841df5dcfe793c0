package org.fusionexchange.alert.messaging;

import java.time.Instant;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A value of the {@code directory.ignored-entities} topic (directory-service/contracts/directory.ignored-entities):
 * an entity value administrators put on the ignore list, or took off it ({@code ignored: false}), keyed by the value's
 * key as entity matches compare it ({@code phone:+18135550100}, {@code vin:...}, {@code plate:US-FL:ABC123}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record IgnoredEntity(String key, String kind, String value, Boolean ignored, Long version, Instant updatedAt) {

    private static final Pattern KEY = Pattern.compile("(phone|vin|plate):\\S{1,64}");

    /** What is missing or wrong for this record to be applied, or null. */
    String defect() {
        if (key == null || !KEY.matcher(key).matches()) {
            return "key is missing or not a phone:, vin: or plate: value key";
        }
        if (ignored == null || version == null) {
            return "ignored or version is missing";
        }
        return null;
    }
}

package org.fusionexchange.directory.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An agency's request quota in every service's /api: a token bucket refilled with {@code requestsPerSecond} tokens
 * a second and holding at most {@code burst}. An agency without one (null) has each service's own default.
 * Integers rather than ints so that a missing field is a rule broken (422), not a zero.
 */
@Schema(description = "The agency's request quota in every service's /api; null: each service's default applies")
public record Quota(
        @Schema(required = true, minimum = "1", maximum = "10000", description = "Sustained requests per second")
        Integer requestsPerSecond,
        @Schema(required = true, minimum = "1", maximum = "100000", description = "Requests allowed at once, from "
                + "requestsPerSecond to 100000")
        Integer burst) {

    public static final int MAX_REQUESTS_PER_SECOND = 10_000;
    public static final int MAX_BURST = 100_000;
}

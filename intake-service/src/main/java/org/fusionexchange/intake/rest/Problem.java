package org.fusionexchange.intake.rest;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code errors} has one entry per offending field, each located by a JSON pointer.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "An RFC 9457 problem (application/problem+json).", requiredProperties = { "type", "title",
        "status" })
public record Problem(
        @Schema(format = "uri", maxLength = 200, example = "https://fusion-exchange.org/problems/invalid-report")
        URI type,
        @Schema(maxLength = 100, example = "Unprocessable report") String title,
        @Schema(minimum = "400", maximum = "599") int status,
        @Schema(maxLength = 1000) String detail,
        @Schema(description = "The request's URI.", format = "uri", maxLength = 8192) URI instance,
        @Schema(description = "One per offending field.", maxItems = 2000) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://fusion-exchange.org/problems/";

    /** One offending field: where it is (JSON pointer, or the parameter name) and what is wrong with it. */
    public record FieldError(
            @Schema(description = "A JSON pointer into the body, or the header's or query parameter's name.",
                    maxLength = 1024, example = "/entities/phones/0/number") String pointer,
            @Schema(maxLength = 1000) String detail) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldErrors));
    }

    public Problem at(URI requestUri) {
        return new Problem(type, title, status, detail, requestUri, errors);
    }
}
